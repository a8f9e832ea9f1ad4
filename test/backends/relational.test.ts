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
];

runTabularCases('relational sources and lookup', cases);
