/**
 * The relational operators added to the binder after the first set: parse, lookup, constant
 * sources, let functions, materialize, toscalar, mv-apply, serialize, and ingestion_time().
 * Output columns and types, and the diagnostics of what is refused (SEMANTICS.md §5, §12–§14).
 */
import { describe, expect, it } from 'vitest';
import { planQuery, printPlan } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import { parseSchema, type SchemaRegistry } from '../../src/schema.js';
import type { Dialect } from '../../src/types.js';

const schemas: SchemaRegistry = new Map([
  [
    'T',
    {
      name: 'T',
      columns: [
        { name: 'a', type: 'long' },
        { name: 's', type: 'string' },
        { name: 'd', type: 'dynamic' },
      ],
    },
  ],
  [
    'U',
    {
      name: 'U',
      columns: [
        { name: 'a', type: 'long' },
        { name: 's', type: 'string' },
        { name: 'v', type: 'real' },
      ],
    },
  ],
  ['F', { name: 'F', kind: 'function', columns: [{ name: 'a', type: 'long' }] }],
]);

function columns(query: string): string {
  const plan = planQuery({ name: '<test>', text: query }, { schemas });
  return plan.root.columns.map((c) => `${c.name}:${c.type}`).join(', ');
}

/** The codes of the first failure: binding, then printing for `dialect`. */
function codes(query: string, dialect: Dialect = 'sqlite'): string[] {
  try {
    const plan = planQuery({ name: '<test>', text: query }, { schemas });
    printPlan(plan, dialect);
    return [];
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
}

describe('parse', () => {
  it.each([
    ['T | parse s with "k=" k " n=" n:long', 'a:long, s:string, d:dynamic, k:string, n:long'],
    ['T | parse-where kind=relaxed s with * "x" x:real *', 'a:long, s:string, d:dynamic, x:real'],
    [
      'T | parse kind=regex flags=Ui d with "a" x:int "b" y',
      'a:long, s:string, d:dynamic, x:int, y:string',
    ],
    // A column the input has takes the parsed value in place (same type only).
    ['T | parse s with "k=" s', 'a:long, s:string, d:dynamic'],
    ['T | parse s with "a=" a:long "," k', 'a:long, s:string, d:dynamic, k:string'],
  ])('%s', (query, expected) => {
    expect(columns(query)).toBe(expected);
  });

  it.each([
    ['T | parse s with "k=" a', 'KQL3001', 'sqlite'],
    ['T | parse s with "k=" s:long', 'KQL3001', 'sqlite'],
    ['T | parse s with "k=" a:int', 'KQL3001', 'sqlite'],
    ['T | parse s with "k=" k:dynamic', 'KQL3001', 'sqlite'],
    ['T | parse kind=regex s with "k=" k:real', 'KQL3001', 'sqlite'],
    ['T | parse kind=regex flags=m s with "k=" k', 'KQL3001', 'sqlite'],
    ['T | parse s with "k=" k "," k', 'KQL2006', 'sqlite'],
    ['T | parse kind=regex s with "k=" k @"\\p{Greek}" *', 'KQL3003', 'sqlite'],
    // PostgreSQL runs unproven regex parts on the RE2-order matcher, which cannot run a
    // repetition of a part that may match the empty string
    ['T | parse kind=regex s with "k=" k @"(?:a*)*" *', 'KQL3003', 'postgres'],
  ] as const)('%s → %s on %s', (query, code, dialect) => {
    expect(codes(query, dialect)).toEqual([code]);
  });
});

describe('lookup and constant sources', () => {
  it.each([
    ['T | lookup U on a', 'a:long, s:string, d:dynamic, s1:string, v:real'],
    [
      'T | lookup kind=inner (U | project b = a, v) on $left.a == $right.b',
      'a:long, s:string, d:dynamic, v:real',
    ],
    ['datatable(x:real, y:dynamic) [1, "a", 2.5, 3]', 'x:real, y:dynamic'],
    ['print 1, y = "a"', 'print_0:long, y:string'],
    ['range x from 1 to 2.5 step 0.5', 'x:real'],
    ['range t from datetime(2024-01-03) - 2d to datetime(2024-01-03) step 1d', 't:datetime'],
  ])('%s', (query, expected) => {
    expect(columns(query)).toBe(expected);
  });

  it.each([
    ['datatable(x:long) ["a"]', 'KQL2005'],
    ['datatable(x:long, y:long) [1]', 'KQL2007'],
    ['T | extend z = 1 | project-away z | union (datatable(x:long) [strlen(s)])', 'KQL2004'],
    ['range x from 1 to 100000 step 1', 'KQL3001'],
    ['range x from 1 to 10 step 0', 'KQL2007'],
    ['range x from 1 to 10d step 1', 'KQL2005'],
    ['T | lookup U on $left.a == $right.s', 'KQL2005'],
  ])('%s → %s', (query, code) => {
    expect(codes(query)).toEqual([code]);
  });
});

describe('let functions, materialize, toscalar, in (tabular)', () => {
  it.each([
    ['let f = (x:long) { x + 1 }; T | project y = f(a)', 'y:long'],
    ['let g = (t:string) { table(t) | project a }; g("U")', 'a:long'],
    ['let v = toscalar(U | summarize max(v)); T | project w = v', 'w:real'],
    ['let m = materialize(U | project s); T | where s in (m) | project a', 'a:long'],
  ])('%s', (query, expected) => {
    expect(columns(query)).toBe(expected);
  });

  it('materialize() is a MATERIALIZED CTE on PostgreSQL only', () => {
    const plan = planQuery(
      { name: '<test>', text: 'let m = materialize(U | where a > 1); m | union m' },
      { schemas },
    );
    expect(printPlan(plan, 'postgres')).toContain('"m" AS MATERIALIZED (');
    expect(printPlan(plan, 'sqlite')).not.toContain('MATERIALIZED');
  });

  it.each([
    ['let f = (x:long) { x + 1 }; T | project y = f(a, 2)', 'KQL2003'],
    ['let f = (x:long) { x + 1 }; T | project y = f()', 'KQL2003'],
    ['let f = (x:long) { x + 1 }; T | project y = f(s)', 'KQL2005'],
    ['let g = (t:string) { table(t) }; T | project y = g("U")', 'KQL3001'],
    ['T | project y = table(s)', 'KQL2002'],
    ['let g = (t:string) { table(t) }; g(s)', 'KQL2004'],
    ['T | where a in ((U | project s))', 'KQL2005'],
    ['T | where s has_any ((U | project s))', 'KQL3001'],
  ])('%s → %s', (query, code) => {
    expect(codes(query)).toEqual([code]);
  });
});

/**
 * ingestion_time(): read over a table's own rows (the table, then where and extend), refused
 * elsewhere (KQL3002) and on Athena (KQL3003); values are tested in test/e2e/ingestion-time.
 */
describe('ingestion_time()', () => {
  it.each([
    ['T | extend t = ingestion_time()', 'a:long, s:string, d:dynamic, t:datetime'],
    ['T | where ingestion_time() > ago(1h)', 'a:long, s:string, d:dynamic'],
    [
      'T | where a > 1 | extend b = 2 | where s != "" | extend t = ingestion_time(), u = ingestion_time()',
      'a:long, s:string, d:dynamic, b:long, t:datetime, u:datetime',
    ],
    [
      'T | extend t = ingestion_time() | where ingestion_time() >= t',
      'a:long, s:string, d:dynamic, t:datetime',
    ],
    ['T | extend t = ingestion_time() | project-away t', 'a:long, s:string, d:dynamic'],
    [
      'union (T | extend t = ingestion_time()), (T | extend t = now())',
      'a:long, s:string, d:dynamic, t:datetime',
    ],
    [
      'T | join (T | extend t = ingestion_time()) on a',
      'a:long, s:string, d:dynamic, a1:long, s1:string, d1:dynamic, t:datetime',
    ],
    [
      'T | extend t = toscalar(T | summarize max(a)) | extend x = ingestion_time()',
      'a:long, s:string, d:dynamic, t:long, x:datetime',
    ],
  ])('%s', (query, expected) => {
    expect(columns(query)).toBe(expected);
    for (const dialect of ['sqlite', 'postgres'] as const)
      expect(codes(query, dialect)).toEqual([]);
  });

  it.each([
    // Not over a table's own rows: the doc does not say what these give.
    ['T | summarize count() by a | extend t = ingestion_time()', 'KQL3002'],
    ['T | project a | extend t = ingestion_time()', 'KQL3002'],
    ['T | take 1 | extend t = ingestion_time()', 'KQL3002'],
    ['T | join (T) on a | extend t = ingestion_time()', 'KQL3002'],
    ['T | union T | extend t = ingestion_time()', 'KQL3002'],
    ['let X = T; X | extend t = ingestion_time()', 'KQL3002'],
    ['F | extend t = ingestion_time()', 'KQL3002'],
    ['print t = ingestion_time()', 'KQL3002'],
    ['T | summarize max(ingestion_time())', 'KQL3002'],
    ['T | project t = ingestion_time()', 'KQL3002'],
    ['T | extend t = toscalar(T | summarize c = count() | extend x = ingestion_time())', 'KQL3002'],
    ['T | extend t = ingestion_time(1)', 'KQL2003'],
  ])('%s → %s', (query, code) => {
    expect(codes(query)).toEqual([code]);
  });

  it('is refused on Athena, whose tables hold no ingestion time', () => {
    expect(codes('T | extend t = ingestion_time()', 'athena')).toEqual(['KQL3003']);
    expect(codes('T | extend t = now()', 'athena')).toEqual([]);
  });

  it('reads the hidden column only where it is called', () => {
    const plan = planQuery({ name: '<test>', text: 'T | where a > 0' }, { schemas });
    expect(printPlan(plan, 'sqlite')).not.toContain('$IngestionTime');
    const wide = planQuery(
      { name: '<test>', text: 'T | extend t = ingestion_time()' },
      { schemas },
    );
    expect(printPlan(wide, 'postgres')).toContain('"$IngestionTime" AS "t"');
  });

  it('keeps $ names out of schemas', () => {
    const doc = JSON.stringify({
      name: 'X',
      columns: [{ name: '$IngestionTime', type: 'datetime' }],
    });
    expect(() => parseSchema(doc, 'x.json')).toThrow(/reserved by KQL/);
  });
});
