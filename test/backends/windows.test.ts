/**
 * mv-apply (a subquery per input row over its expanded items), partition (a subquery per
 * partition) and serialize with window functions on SQLite, PostgreSQL and Athena (Trino syntax).
 * Expected rows follow the KQL docs (mv-apply-operator.md, partition-operator.md,
 * prev-function.md, next-function.md, row-cumsum-function.md) and SEMANTICS.md §5, §9.
 */
import { runTabularCases, type TabCase } from './tabular-cases.js';

const A = {
  A: {
    columns: { id: 'string', items: 'dynamic' },
    rows: [
      [
        'r1',
        [
          { name: 'x', value: 1 },
          { name: 'y', value: 2 },
        ],
      ],
      ['r2', [{ name: 'x', value: 5 }]],
      ['r3', []],
      ['r4', null],
    ],
  },
};

/** Two identical input rows: each keeps its own subquery result. */
const D = {
  D: {
    columns: { k: 'string', l: 'dynamic' },
    rows: [
      ['a', [1, 2]],
      ['a', [1, 2]],
      ['b', [3]],
    ],
  },
};

const S = {
  S: {
    columns: { k: 'string', v: 'long' },
    rows: [
      ['a', 10],
      ['b', null],
      ['c', 30],
    ],
  },
};

const cases: TabCase[] = [
  {
    id: 'mvapply-keyless-summarize-after-where-empty-subtable',
    tables: A,
    // r2 keeps no element after the where: its subtable is empty, summarize still gives a row.
    query:
      'A | mv-apply it = items on (where it.name == "y" | summarize n = count(), s = sum(toint(it.value)), l = make_list(tostring(it.name))) | project id, n, s, l',
    columns: ['id', 'n', 's', 'l'],
    types: ['string', 'long', 'long', 'dynamic'],
    // r4: null expands to one row holding null (SEMANTICS §5), which the where drops.
    rows: [
      ['r1', 1, 2, ['y']],
      ['r2', 0, 0, []],
      ['r3', 0, 0, []],
      ['r4', 0, 0, []],
    ],
  },
  {
    id: 'mvapply-keyless-summarize-expression-over-aggregates',
    tables: A,
    query:
      'A | mv-apply it = items on (summarize total = sum(toint(it.value)) + count()) | project id, total',
    columns: ['id', 'total'],
    types: ['string', 'long'],
    // r4's null is one element whose value is null: sum 0, count 1.
    rows: [
      ['r1', 5],
      ['r2', 6],
      ['r3', 0],
      ['r4', 1],
    ],
  },
  {
    id: 'mvapply-identical-input-rows-stay-apart',
    tables: D,
    query: 'D | mv-apply e = l to typeof(long) on (summarize s = sum(e), n = count())',
    columns: ['k', 'l', 's', 'n'],
    types: ['string', 'dynamic', 'long', 'long'],
    rows: [
      ['a', [1, 2], 3, 2],
      ['a', [1, 2], 3, 2],
      ['b', [3], 3, 1],
    ],
  },
  {
    id: 'mvapply-top-per-row-with-outer-column-in-subquery',
    tables: D,
    query: 'D | mv-apply e = l to typeof(long) on (top 1 by e | extend tag = strcat(k, "-", e))',
    columns: ['k', 'l', 'e', 'tag'],
    types: ['string', 'dynamic', 'long', 'string'],
    rows: [
      ['a', [1, 2], 2, 'a-2'],
      ['a', [1, 2], 2, 'a-2'],
      ['b', [3], 3, 'b-3'],
    ],
  },
  {
    id: 'mvapply-limit-and-itemindex',
    tables: D,
    query: 'D | where k == "a" | take 1 | mv-apply with_itemindex=i e = l limit 1 on (where true)',
    columns: ['k', 'l', 'e', 'i'],
    types: ['string', 'dynamic', 'dynamic', 'long'],
    rows: [['a', [1, 2], 1, 0]],
  },
  {
    id: 'partition-sort-take',
    tables: D,
    query:
      'D | extend n = array_length(l) | partition by k (sort by n asc | take 1) | project k, n',
    columns: ['k', 'n'],
    types: ['string', 'long'],
    rows: [
      ['a', 2],
      ['b', 1],
    ],
  },
  {
    id: 'serialize-prev-next-null-past-the-edges-desc-order',
    tables: S,
    // sort by v desc: nulls last (SEMANTICS §9); prev/next of a long past the edge is null.
    query:
      'S | sort by v desc | serialize | extend p = prev(v), n = next(k), c = row_cumsum(v * 2), r = row_number()',
    columns: ['k', 'v', 'p', 'n', 'c', 'r'],
    types: ['string', 'long', 'long', 'string', 'long', 'long'],
    rows: [
      ['c', 30, null, 'a', 60, 1],
      ['a', 10, 30, 'b', 80, 2],
      ['b', null, 10, '', 80, 3],
    ],
    ordered: true,
  },
  {
    id: 'serialize-order-kept-through-where-and-project',
    tables: S,
    query:
      'S | sort by k asc | serialize | where k != "b" | project key = k, v | extend before = prev(key, 1, "none")',
    columns: ['key', 'v', 'before'],
    types: ['string', 'long', 'string'],
    rows: [
      ['a', 10, 'none'],
      ['c', 30, 'a'],
    ],
    ordered: true,
  },
];

runTabularCases('mv-apply, partition and serialize', cases);
