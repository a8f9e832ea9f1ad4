/**
 * lookup, datatable, print and range on SQLite and PostgreSQL (Athena: Trino syntax). Expected
 * rows follow the KQL docs (lookup-operator.md, datatable-operator.md, print-operator.md,
 * range-operator.md) and SEMANTICS.md §12.
 */
import { runTabularCases, type TabCase } from './tabular-cases.js';

const FD = {
  F: {
    columns: { k: 'string', v: 'long', n: 'long' },
    rows: [
      ['a', 1, 10],
      ['b', 2, 20],
      ['c', 3, 30],
      ['', 4, 40],
    ],
  },
  D: {
    columns: { k: 'string', v: 'string', alias: 'string' },
    rows: [
      ['a', 'x', 'A'],
      ['a', 'y', 'A2'],
      ['b', 'z', 'B'],
      ['', 'e', 'E'],
    ],
  },
};

const cases: TabCase[] = [
  {
    id: 'lookup-leftouter-default',
    tables: FD,
    query: 'F | lookup D on k',
    // The right key is not repeated; the clashing v becomes v1; unmatched strings are ''.
    columns: ['k', 'v', 'n', 'v1', 'alias'],
    types: ['string', 'long', 'long', 'string', 'string'],
    rows: [
      ['a', 1, 10, 'x', 'A'],
      ['a', 1, 10, 'y', 'A2'],
      ['b', 2, 20, 'z', 'B'],
      ['c', 3, 30, '', ''],
      ['', 4, 40, 'e', 'E'],
    ],
  },
  {
    id: 'lookup-inner-left-right-keys',
    tables: FD,
    query: 'F | lookup kind=inner (D | project key = k, alias) on $left.k == $right.key',
    columns: ['k', 'v', 'n', 'alias'],
    rows: [
      ['a', 1, 10, 'A'],
      ['a', 1, 10, 'A2'],
      ['b', 2, 20, 'B'],
      ['', 4, 40, 'E'],
    ],
  },
  {
    id: 'datatable-typed-values',
    tables: {},
    query:
      'datatable(a:long, b:string, c:real, d:dynamic, e:datetime, f:bool) [1, "x", 2, dynamic({"p":1}), datetime(2024-01-02), true, long(null), "", 1.5, "s", datetime(null), false] | extend g = a + 1',
    columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    types: ['long', 'string', 'real', 'dynamic', 'datetime', 'bool', 'long'],
    rows: [
      [1, 'x', 2, { p: 1 }, '2024-01-02T00:00:00Z', true, 2],
      [null, '', 1.5, 's', null, false, null],
    ],
  },
  {
    id: 'datatable-joined-to-a-table',
    tables: FD,
    query:
      'let M = datatable(k:string, w:long) ["a", 100, "c", 300]; F | join kind=inner M on k | project k, n, w',
    columns: ['k', 'n', 'w'],
    rows: [
      ['a', 10, 100],
      ['c', 30, 300],
    ],
  },
  {
    id: 'print-named-and-unnamed',
    tables: {},
    query: 'print x = 1 + 2, "s", strlen("abc")',
    columns: ['x', 'print_1', 'print_2'],
    types: ['long', 'string', 'long'],
    rows: [[3, 's', 3]],
  },
  {
    id: 'range-numbers-descending-step',
    tables: {},
    query: 'range x from 10 to 1 step -4',
    columns: ['x'],
    types: ['long'],
    rows: [[10], [6], [2]],
  },
  {
    id: 'range-datetimes',
    tables: {},
    query:
      'range t from datetime(2024-01-01) to datetime(2024-01-01 02:00) step 1h | summarize count()',
    columns: ['count_'],
    rows: [[3]],
  },
  {
    id: 'let-tabular-function-with-table-name-and-default',
    tables: FD,
    query:
      'let pick = (name:string, lo:long = 2) { table(name) | where v >= lo | project k, v }; let hi = pick("F"); hi | where k != "" | order by v asc',
    columns: ['k', 'v'],
    rows: [
      ['b', 2],
      ['c', 3],
    ],
    ordered: true,
  },
  {
    id: 'let-function-with-tabular-parameter',
    tables: FD,
    query:
      'let keysOf = (T:(k:string), extra:string) { T | project k = strcat(k, extra) }; keysOf(D, "!") | distinct k',
    columns: ['k'],
    rows: [['a!'], ['b!'], ['!']],
  },
  {
    id: 'let-scalar-function-reads-caller-columns-through-arguments',
    tables: FD,
    query:
      'let f = (x:long, y:long = 100) { x * y }; F | where k == "b" | project r = f(v), s = f(v, n)',
    columns: ['r', 's'],
    rows: [[200, 40]],
  },
  {
    id: 'materialize-used-twice',
    tables: FD,
    query:
      'let M = materialize(F | where v > 1); M | join kind=inner (M | project k, w = n) on k | project k, w',
    columns: ['k', 'w'],
    rows: [
      ['b', 20],
      ['c', 30],
      ['', 40],
    ],
  },
  {
    id: 'toscalar-first-row-in-order-and-empty',
    tables: FD,
    query:
      'let top = toscalar(F | order by n desc | project k); let none = toscalar(D | where k == "zz" | project alias); F | where k == top | project k, none, isempty(none)',
    columns: ['k', 'none', 'Column1'],
    rows: [['', '', true]],
  },
  {
    id: 'in-and-not-in-tabular',
    tables: FD,
    query:
      'F | where k in ((D | where alias startswith "A" | project k)) or v !in ((F | where v > 1 | project v)) | project v',
    columns: ['v'],
    rows: [[1]],
  },
  {
    id: 'in-ci-tabular-let',
    tables: FD,
    query: 'let ks = D | project up = toupper(k); F | where k in~ (ks) | project v',
    columns: ['v'],
    rows: [[1], [2], [4]],
  },
];

runTabularCases('relational sources and lookup', cases);
