/**
 * summarize, count, sort / top with later operators, project-rename / -reorder / -keep and
 * mv-expand on SQLite and PostgreSQL (Athena: Trino syntax). Expected rows follow the KQL docs
 * (summarize-operator.md, sort-operator.md, mv-expand-operator.md) and SEMANTICS.md §5, §9, §10.
 */
import { runTabularCases, type TabCase } from './tabular-cases.js';

const G = {
  G: {
    columns: { user: 'string', host: 'string', bytes: 'long', ts: 'datetime', ok: 'bool' },
    rows: [
      ['ann', 'h1', 10, '2024-01-01T10:15:00Z', true],
      ['ann', 'h2', null, '2024-01-01T10:45:00Z', false],
      ['ann', 'h1', 30, '2024-01-01T11:05:00Z', true],
      ['bob', 'h3', 5, '2024-01-01T09:00:00Z', null],
      ['bob', null, 5, '2024-01-01T12:00:00Z', true],
    ],
  },
};

const P = {
  P: {
    columns: { id: 'long', name: 'string', score: 'long' },
    rows: [
      [1, 'b', 20],
      [2, 'a', null],
      [3, 'B', 10],
      [4, 'é', 30],
    ],
  },
};

const cases: TabCase[] = [
  {
    id: 'summarize-default-names-and-types',
    tables: G,
    query:
      'G | summarize count(), dcount(host), sum(bytes), max(ts), min(bytes), countif(ok), sumif(bytes, ok) by user',
    columns: [
      'user',
      'count_',
      'dcount_host',
      'sum_bytes',
      'max_ts',
      'min_bytes',
      'countif_ok',
      'sumif_bytes',
    ],
    types: ['string', 'long', 'long', 'long', 'datetime', 'long', 'long', 'long'],
    // bob's second host is '' (a NULL string reads as ''): two distinct hosts.
    rows: [
      ['ann', 3, 2, 40, '2024-01-01T11:05:00Z', 10, 2, 40],
      ['bob', 2, 2, 10, '2024-01-01T12:00:00Z', 5, 1, 5],
    ],
  },
  {
    id: 'summarize-no-by-on-empty-input-gives-one-row',
    tables: G,
    query:
      'G | where user == "nobody" | summarize n = count(), s = sum(bytes), d = dcount(user), l = make_list(user), m = max(bytes), h = take_any(host)',
    columns: ['n', 's', 'd', 'l', 'm', 'h'],
    rows: [[0, 0, 0, [], null, '']],
  },
  {
    id: 'summarize-avg-ignores-nulls',
    tables: G,
    query: 'G | summarize a = avg(bytes) by user',
    columns: ['user', 'a'],
    types: ['string', 'real'],
    rows: [
      ['ann', 20],
      ['bob', 5],
    ],
  },
  {
    id: 'summarize-avg-of-nothing-is-nan',
    tables: G,
    query: 'G | where isnull(bytes) | summarize a = avg(bytes)',
    columns: ['a'],
    rows: [['NaN']],
    skippedIn: ['sqlite'],
  },
  {
    id: 'summarize-make-set-and-list-skip-nulls',
    tables: G,
    query:
      'G | summarize hosts = make_set(host), b = make_list(bytes), f = make_list_if(bytes, ok), s2 = make_set(host, 1) by user',
    columns: ['user', 'hosts', 'b', 'f', 's2'],
    unorderedArrays: ['hosts', 'b', 'f'],
    rows: [
      ['ann', ['h1', 'h2'], [10, 30], [10, 30], ['h1']],
      ['bob', ['h3', ''], [5, 5], [5], ['']],
    ],
  },
  {
    id: 'summarize-arg-max-star',
    tables: G,
    query: 'G | summarize arg_max(ts, *) by user',
    columns: ['user', 'ts', 'host', 'bytes', 'ok'],
    rows: [
      ['ann', '2024-01-01T11:05:00Z', 'h1', 30, true],
      ['bob', '2024-01-01T12:00:00Z', '', 5, true],
    ],
  },
  {
    id: 'summarize-arg-min-skips-null-keys-and-mixes-with-count',
    tables: G,
    // Both of bob's rows have 5, so either host may be chosen: only ann is checked.
    query: 'G | summarize first = arg_min(bytes, host), n = count() by user | where user == "ann"',
    columns: ['user', 'first', 'host', 'n'],
    rows: [['ann', 10, 'h1', 3]],
  },
  {
    id: 'summarize-expression-over-aggregates',
    tables: G,
    query:
      'G | summarize pct = 100.0 * countif(ok) / count(), c = count() by user | where user == "ann"',
    columns: ['user', 'pct', 'c'],
    rows: [['ann', 66.66666666666667, 3]],
  },
  {
    id: 'summarize-duplicate-names-get-suffixes',
    tables: G,
    query: 'G | summarize max(bytes), max(bytes), count_ = count(), count() | project-away count_',
    columns: ['max_bytes', 'max_bytes1', 'count_1'],
    rows: [[30, 30, 5]],
  },
  {
    id: 'summarize-by-tostring-and-path-names',
    tables: {
      D: { columns: { d: 'dynamic' }, rows: [[{ u: 'ann' }], [{ u: 'ann' }], [{ u: 'bob' }]] },
    },
    query: 'D | summarize n = count() by tostring(d.u)',
    columns: ['d_u', 'n'],
    rows: [
      ['ann', 2],
      ['bob', 1],
    ],
  },
  {
    id: 'count-operator',
    tables: G,
    query: 'G | where bytes > 6 | count',
    columns: ['Count'],
    types: ['long'],
    rows: [[2]],
  },
  {
    id: 'sort-then-project-keeps-order',
    tables: P,
    query: 'P | sort by score asc | project id',
    columns: ['id'],
    ordered: true,
    // asc puts nulls first.
    rows: [[2], [3], [1], [4]],
  },
  {
    id: 'sort-default-desc-nulls-last-then-where-and-extend',
    tables: P,
    query: 'P | sort by score | where id != 1 | extend x = id * 2 | project x',
    columns: ['x'],
    ordered: true,
    rows: [[8], [6], [4]],
  },
  {
    id: 'sort-strings-ordinal',
    tables: P,
    query: 'P | order by name asc | project name',
    columns: ['name'],
    ordered: true,
    rows: [['B'], ['a'], ['b'], ['é']],
  },
  {
    id: 'top-then-project-keeps-order',
    tables: P,
    query: 'P | top 3 by name desc | project id',
    columns: ['id'],
    ordered: true,
    rows: [[4], [1], [2]],
  },
  {
    id: 'sort-then-take-then-sort-again',
    tables: P,
    query: 'P | sort by id asc | take 3 | sort by id desc | project id',
    columns: ['id'],
    ordered: true,
    rows: [[3], [2], [1]],
  },
  {
    id: 'sort-lost-by-summarize-is-fine',
    tables: P,
    query: 'P | sort by id | summarize n = count()',
    columns: ['n'],
    rows: [[4]],
  },
  {
    id: 'project-rename-keeps-position',
    tables: P,
    query: 'P | project-rename who = name, points = score | where id == 1',
    columns: ['id', 'who', 'points'],
    rows: [[1, 'b', 20]],
  },
  {
    id: 'project-reorder-wildcard-desc',
    tables: P,
    query: 'P | project-reorder * desc | where id == 1',
    columns: ['score', 'name', 'id'],
    rows: [[20, 'b', 1]],
  },
  {
    id: 'project-keep-wildcard-keeps-input-order',
    tables: P,
    query: 'P | project-keep s*, id | where id == 1',
    columns: ['id', 'score'],
    rows: [[1, 20]],
  },
  {
    id: 'mv-expand-zip-pads-with-null',
    tables: {
      Z: {
        columns: { id: 'long', a: 'dynamic', b: 'dynamic' },
        rows: [
          [1, [1, 2, 3], ['x']],
          [2, [], []],
          [3, [], ['y']],
        ],
      },
    },
    query: 'Z | mv-expand with_itemindex = i a, b',
    columns: ['id', 'a', 'b', 'i'],
    rows: [
      [1, 1, 'x', 0],
      [1, 2, null, 1],
      [1, 3, null, 2],
      [3, null, 'y', 0],
    ],
  },
  {
    id: 'mv-expand-to-typeof-long-is-cast-only',
    tables: { V: { columns: { v: 'dynamic' }, rows: [[[1, '2', 3.5, null]]] } },
    query: 'V | mv-expand v to typeof(long)',
    columns: ['v'],
    types: ['long'],
    rows: [[1], [null], [null], [null]],
  },
  {
    id: 'mvexpand-legacy-and-expression-names',
    tables: { S: { columns: { s: 'string' }, rows: [['a;b']] } },
    query: 'S | mvexpand split(s, ";") | extend t = tostring(s) | project t',
    columns: ['t'],
    rows: [['a'], ['b']],
  },
  {
    id: 'union-outer-by-name-with-source-and-padding',
    tables: {
      A: { columns: { x: 'long', s: 'string' }, rows: [[1, 'a']] },
      B: { columns: { s: 'string', y: 'real' }, rows: [['b', 2.5]] },
    },
    query: 'union withsource=T A, (B | where y > 0)',
    columns: ['T', 'x', 's', 'y'],
    rows: [
      ['A', 1, 'a', null],
      ['union_arg1', null, 'b', 2.5],
    ],
  },
  {
    id: 'union-piped-sorted-after',
    tables: { A: { columns: { x: 'long' }, rows: [[3], [1]] } },
    query: 'A | union (A | where x > 2) | sort by x asc',
    columns: ['x'],
    ordered: true,
    rows: [[1], [3], [3]],
  },
];

runTabularCases('tabular operators', cases);
