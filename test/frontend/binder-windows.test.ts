/**
 * mv-apply, partition and serialize with window functions in the binder: output columns and
 * types equal the official Kusto binder's (test/parity/official.ts), and what is not lowered is
 * refused with KQL3001 at the operator inside the subquery or at the window function call
 * (SEMANTICS.md §5, §9).
 */
import { describe, expect, it } from 'vitest';
import { planQuery, printPlan } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import type { SchemaRegistry, TableSchema } from '../../src/schema.js';
import { OfficialKusto } from '../parity/official.js';

const T: TableSchema = {
  name: 'T',
  columns: [
    { name: 'a', type: 'long' },
    { name: 's', type: 'string' },
    { name: 'd', type: 'dynamic' },
  ],
};
const schemas: SchemaRegistry = new Map([['T', T]]);

function columns(query: string): string {
  const plan = planQuery({ name: '<test>', text: query }, { schemas });
  return plan.root.columns.map((c) => `${c.name}:${c.type}`).join(', ');
}

describe('mv-apply and partition columns match the official binder', () => {
  const official = new OfficialKusto([T]);
  it.each([
    ['T | mv-apply e = d on (project e)', 'a:long, s:string, d:dynamic, e:dynamic'],
    ['T | mv-apply d on (where a > 1)', 'a:long, s:string, d:dynamic'],
    ['T | mv-apply d on (summarize c = count())', 'a:long, s:string, c:long'],
    ['T | mv-apply e = d on (summarize c = count() by s)', 'a:long, s:string, d:dynamic, c:long'],
    ['T | mv-apply e = d on (project a2 = a)', 'a:long, s:string, d:dynamic, a2:long'],
    ['T | mv-apply e = d on (project-away a)', 'a:long, s:string, d:dynamic, e:dynamic'],
    ['T | mv-apply e = d on (extend s = 1)', 'a:long, s:long, d:dynamic, e:dynamic'],
    [
      'T | mv-apply e = d on (project-rename s2 = s)',
      'a:long, s:string, d:dynamic, s2:string, e:dynamic',
    ],
    ['T | mv-apply e = d on (top 1 by tostring(e))', 'a:long, s:string, d:dynamic, e:dynamic'],
    [
      'T | mv-apply with_itemindex=i e = d on (take 1)',
      'a:long, s:string, d:dynamic, e:dynamic, i:long',
    ],
    [
      'T | mv-apply e = d to typeof(long), f = d on (take 1)',
      'a:long, s:string, d:dynamic, e:long, f:dynamic',
    ],
    ['T | mv-apply d to typeof(long) on (take 1)', 'a:long, s:string, d:long'],
    ['T | mv-apply e = d on (sort by a asc | take 2)', 'a:long, s:string, d:dynamic, e:dynamic'],
    ['T | partition by s ( top 1 by a )', 'a:long, s:string, d:dynamic'],
    ['T | partition hint.strategy=native by s ( take 3 )', 'a:long, s:string, d:dynamic'],
    ['T | partition by s ( summarize count() )', 'count_:long'],
    ['T | partition by s ( summarize n = count() by a )', 'a:long, n:long'],
    ['T | partition by s ( summarize n = count() by s )', 's:string, n:long'],
    [
      'T | sort by a asc | serialize | extend p = prev(a), n = next(s), r = row_number(), c = row_cumsum(a)',
      'a:long, s:string, d:dynamic, p:long, n:string, r:long, c:long',
    ],
    ['T | sort by a asc | serialize x = row_number()', 'a:long, s:string, d:dynamic, x:long'],
    ['T | sort by a | extend p = prev(a, 1, 0)', 'a:long, s:string, d:dynamic, p:long'],
    [
      'T | sort by a asc | serialize | where prev(s) != s | project a, q = next(a)',
      'a:long, q:long',
    ],
    [
      'T | sort by a | extend w = row_window_session(now(), 1h, 5m, s != prev(s))',
      'a:long, s:string, d:dynamic, w:datetime',
    ],
    [
      'T | sort by a | serialize w = row_window_session(now(), 1h, 5m), p = prev(a)',
      'a:long, s:string, d:dynamic, w:datetime, p:long',
    ],
    ['T | sort by a | project w = row_window_session(now(), 1d, 1h, a > 1)', 'w:datetime'],
    [
      'T | sort by a | where row_window_session(now(), 1h, 1h) == now()',
      'a:long, s:string, d:dynamic',
    ],
  ])('%s', (query, expected) => {
    const theirs = official.analyse(query);
    expect(theirs.errors).toEqual([]);
    expect((theirs.columns ?? []).map((c) => `${c.name}:${c.type}`).join(', ')).toBe(expected);
    expect(columns(query)).toBe(expected);
  });
});

describe('mv-apply plans', () => {
  it('a subquery that keeps every column needs no join back', () => {
    const plan = planQuery(
      { name: '<test>', text: 'T | mv-apply e = d on (where a > 1 | extend x = 1)' },
      { schemas },
    );
    const sql = printPlan(plan, 'sqlite');
    expect(sql).not.toContain('JOIN "');
    expect(sql).not.toContain('row_number');
  });

  it('input rows are numbered once, in a shared relation (materialized on PostgreSQL)', () => {
    const plan = planQuery(
      { name: '<test>', text: 'T | mv-apply e = d on (summarize c = count())' },
      { schemas },
    );
    expect(plan.ctes.map((c) => c.name)).toEqual(['mvapply_rows']);
    // PostgreSQL evaluates a MATERIALIZED CTE once; elsewhere the numbering orders by every
    // column, so that a second evaluation can only swap identical rows.
    const pg = printPlan(plan, 'postgres');
    expect(pg).toContain('"mvapply_rows" AS MATERIALIZED (');
    expect(pg).toContain('row_number() OVER () AS "__mvapply_row"');
    expect(printPlan(plan, 'sqlite')).toContain(
      'row_number() OVER (ORDER BY "a" ASC NULLS FIRST, "s" ASC NULLS FIRST, "d" ASC NULLS FIRST) AS "__mvapply_row"',
    );
    expect(printPlan(plan, 'athena')).toContain(
      'row_number() OVER (ORDER BY "a" ASC NULLS FIRST, "s" ASC NULLS FIRST, json_format("d") ASC NULLS FIRST)',
    );
  });
});

describe('refused inside mv-apply and partition, and window functions without a sorted order', () => {
  function refusal(query: string): { code: string; column: number } | undefined {
    try {
      planQuery({ name: '<test>', text: query }, { schemas });
      return undefined;
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      const d = e.diagnostics[0];
      return d === undefined ? undefined : { code: d.code, column: d.span?.start ?? -1 };
    }
  }

  it.each([
    ['T | mv-apply e = d on (distinct a)', 'distinct a'],
    ['T | mv-apply e = d on (summarize count() | where count_ > 1)', 'where count_ > 1'],
    ['T | mv-apply e = d on (sort by a)', 'sort by a'],
    ['T | mv-apply e = d on (join (T) on a)', 'join (T) on a'],
    ['T | partition by s ( where a > 1 )', 'partition by s ( where a > 1 )'],
    ['T | partition by s ( top 1 by a | project a )', 'partition by s ( top 1 by a | project a )'],
    ['T | serialize | extend p = prev(a)', 'serialize'],
    ['T | extend p = prev(a)', 'prev(a)'],
    ['T | summarize by a | extend r = row_number()', 'row_number()'],
    ['T | sort by a | project b = a + 1 | extend p = prev(b)', 'prev(b)'],
    ['T | sort by a | extend a = -a | extend p = prev(s)', 'prev(s)'],
    ['T | sort by a | serialize r = row_number(10)', 'row_number(10)'],
    ['T | sort by a | extend c = row_cumsum(a, a > 2)', 'row_cumsum(a, a > 2)'],
    [
      'T | extend w = row_window_session(now(), 1h, 1h, a > 1)',
      'row_window_session(now(), 1h, 1h, a > 1)',
    ],
    ['T | sort by a | extend w = row_window_session(now(), 1h * a, 1h)', '1h * a'],
    ['T | sort by a | extend w = row_window_session(now(), 1h, 1m * strlen(s))', '1m * strlen(s)'],
    ['T | sort by a | extend w = row_window_session(now(), 1h, timespan(null))', 'timespan(null)'],
  ])('%s → KQL3001 at %s', (query, at) => {
    expect(refusal(query)).toEqual({ code: 'KQL3001', column: query.indexOf(at) });
  });
});

describe('row_window_session() arguments: refused where Kusto refuses them', () => {
  const official = new OfficialKusto([T]);
  it.each([
    ['T | sort by a | extend w = row_window_session(now(), 1h)', 'KQL2003', 'row_window_session('],
    [
      'T | sort by a | extend w = row_window_session(now(), 1h, 1h, true, 1)',
      'KQL2003',
      'row_window_session(',
    ],
    ['T | sort by a | extend w = row_window_session(a, 1h, 1h)', 'KQL2005', 'a, 1h'],
    ['T | sort by a | extend w = row_window_session(s, 1h, 1h)', 'KQL2005', 's, 1h'],
    ['T | sort by a | extend w = row_window_session(now(), 1, 1h)', 'KQL2005', '1, 1h'],
    ['T | sort by a | extend w = row_window_session(now(), 1h, now())', 'KQL2005', 'now())'],
    ['T | sort by a | extend w = row_window_session(now(), 1h, 1h, a)', 'KQL2005', 'a)'],
  ])('%s → %s', (query, code, at) => {
    expect(official.analyse(query).errors).not.toEqual([]);
    try {
      planQuery({ name: '<test>', text: query }, { schemas });
      expect.unreachable(`${query} was accepted`);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      expect(e.diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
        [code, query.indexOf(at)],
      ]);
    }
  });
});

describe('row_window_session() plans', () => {
  const query =
    'T | sort by a asc | extend p = prev(s), w = row_window_session(now(), 1h, 5m, s != prev(s))';
  const plan = planQuery({ name: '<test>', text: query }, { schemas });

  it('the row number and the restart argument share one window, so tied rows agree', () => {
    const sqlite = printPlan(plan, 'sqlite');
    expect(sqlite).toContain(
      'row_number() OVER (ORDER BY "a" ASC NULLS FIRST) AS "__w1",\n      lag("s", 1, \'\') OVER (ORDER BY "a" ASC NULLS FIRST) AS "__w2"',
    );
    // prev(s) beside the session is ordered by the same row number.
    expect(sqlite).toContain('lag("s", 1, \'\') OVER (ORDER BY "__srow" ASC NULLS LAST)');
  });

  it('SQLite and PostgreSQL walk the rows with a recursive CTE, one row per step', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const sql = printPlan(plan, dialect);
      expect(sql).toContain('WITH RECURSIVE');
      expect(sql).toMatch(/JOIN "q_\d+" AS f ON f."__srow" = s."__row" \+ 1 AND f."__new" = 0/);
    }
    // The flags are read by both halves of the recursion and the join: evaluated once (SQLite
    // would otherwise evaluate them again at each step).
    expect(printPlan(plan, 'postgres')).toMatch(/"q_\d+" AS MATERIALIZED \(/);
    expect(printPlan(plan, 'sqlite')).toMatch(/"q_\d+" AS MATERIALIZED \(/);
  });

  it('Athena folds each run of rows with reduce, without recursion', () => {
    const sql = printPlan(plan, 'athena');
    expect(sql).not.toContain('RECURSIVE');
    expect(sql).not.toContain('MATERIALIZED');
    expect(sql).toContain('reduce(g."__values"');
    expect(sql).toContain('CROSS JOIN UNNEST(g."__rows", reduce(');
  });
});

it('prev() and next() read a column, as in Kusto (KS109 there)', () => {
  const query = 'T | sort by a | extend p = prev(a * 2, 1, 0)';
  expect(new OfficialKusto([T]).analyse(query).errors.map((e) => e.code)).toEqual(['KS109']);
  try {
    planQuery({ name: '<test>', text: query }, { schemas });
    expect.unreachable('prev(a * 2) was accepted');
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    expect(e.diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
      ['KQL2007', query.indexOf('a * 2')],
    ]);
  }
});
