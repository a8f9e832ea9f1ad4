/**
 * Names written in summarize (`(a, b) = arg_max(x, y)`, `c = count()`) and the column patterns of
 * project-away / -keep / -reorder. Expected columns and errors are what the official binder
 * (Kusto.Language, test/parity/official.ts) reports for the same queries over the same table;
 * the last test checks that it still does.
 */
import { describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { CompileError, lineColumn } from '../../src/diagnostics.js';
import type { SchemaRegistry, TableSchema } from '../../src/schema.js';
import { OfficialKusto } from '../parity/official.js';

const T: TableSchema = {
  name: 'T',
  columns: [
    { name: 'k', type: 'string' },
    { name: 'x', type: 'long' },
    { name: 'y', type: 'string' },
    { name: 'z', type: 'datetime' },
  ],
};
const schemas: SchemaRegistry = new Map([['T', T]]);

function columns(query: string): string {
  const plan = planQuery({ name: '<test>', text: query }, { schemas });
  return plan.root.columns.map((c) => `${c.name}:${c.type}`).join(', ');
}

/** `CODE line:column` of the first diagnostic, or '' when the query binds. */
function error(query: string): string {
  const source = { name: '<test>', text: query };
  try {
    planQuery(source, { schemas });
    return '';
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    const d = e.diagnostics[0];
    if (d?.span === undefined) return d?.code ?? 'no diagnostic';
    const { line, column } = lineColumn(source, d.span.start);
    return `${d.code} ${String(line)}:${String(column)}`;
  }
}

/** Queries that bind, with the columns Kusto.Language gives them. */
const BINDS: [string, string][] = [
  ['T | summarize (a, b) = arg_max(x, y) by k', 'k:string, a:long, b:string'],
  ['T | summarize (a, b, c) = arg_min(x, y, z) by k', 'k:string, a:long, b:string, c:datetime'],
  // Fewer names than columns: the rest keep their own names.
  ['T | summarize (a, b) = arg_max(x, *) by k', 'k:string, a:long, b:string, z:datetime'],
  ['T | summarize (a) = arg_max(x, y) by k', 'k:string, a:long, y:string'],
  ['T | summarize (a, b) = arg_max(x, y, z) by k', 'k:string, a:long, b:string, z:datetime'],
  ['T | summarize (a, b) = arg_max(x, *)', 'a:long, b:string, y:string, z:datetime'],
  // A written name is taken as it is; a later default name clashing with it gets a suffix.
  ['T | summarize (a, z) = arg_max(x, *) by k', 'k:string, a:long, z:string, z1:datetime'],
  // Without names the second column would be k1 (it clashes with the key).
  ['T | summarize (a, b) = arg_max(x, k) by k', 'k:string, a:long, b:string'],
  ['T | summarize (x, y) = arg_max(x, y) by k', 'k:string, x:long, y:string'],
  ['T | summarize (a, b) = (arg_max(x * 2, y)) by k', 'k:string, a:long, b:string'],
  [
    'T | summarize (a, b) = arg_max(x, y), (c, d) = arg_min(x, y), n = 2 * count() by k',
    'k:string, a:long, b:string, c:long, d:string, n:long',
  ],
  [
    'T | summarize x = count(), (a, b) = arg_max(x, *) by k',
    'k:string, x:long, a:long, b:string, z:datetime',
  ],
  [
    'T | summarize (a, b) = arg_max(x, y), a1 = count() by k',
    'k:string, a:long, b:string, a1:long',
  ],
  ['T | summarize count_ = count(), count()', 'count_:long, count_1:long'],
  // A wildcard that matches something; a quoted name is a name, not a pattern.
  ['T | project-away z*', 'k:string, x:long, y:string'],
  ['T | project-away x, x*', 'k:string, y:string, z:datetime'],
  ['T | project-keep x*, x*', 'x:long'],
  [
    'T | extend ["a*b"] = 1, acb = 2 | project-away ["a*b"]',
    'k:string, x:long, y:string, z:datetime, acb:long',
  ],
  ['T | extend ["a*b"] = 1, acb = 2 | project-away a*b', 'k:string, x:long, y:string, z:datetime'],
  // project-reorder: a pattern matching several columns places those not placed yet.
  ['T | extend kk = 1 | project-reorder k*, kk', 'k:string, kk:long, x:long, y:string, z:datetime'],
  ['T | project-reorder *, x', 'k:string, x:long, y:string, z:datetime'],
  ['T | project-reorder x*, *', 'x:long, k:string, y:string, z:datetime'],
];

/** Queries Kusto.Language rejects: the official code and our code with its line:column. */
const ERRORS: [string, string, string][] = [
  // More names than columns (KS150 on the first extra name).
  ['T | summarize (a, b, c) = arg_max(x, y) by k', 'KS150', 'KQL2007 1:22'],
  ['T | summarize (a, b) = take_any(x)', 'KS150', 'KQL2007 1:19'],
  // Several names for one value (KS149 on the name list).
  ['T | summarize (a, b) = count() by k', 'KS149', 'KQL2007 1:15'],
  ['T | summarize (a, b) = arg_max(x, y) + 1 by k', 'KS149', 'KQL2007 1:15'],
  ['T | summarize n = count()\n    by (c, d) = k', 'KS149', 'KQL2007 2:8'],
  // A written name already declared (KS171), never renamed.
  ['T | summarize (k, b) = arg_max(x, y) by k', 'KS171', 'KQL2006 1:16'],
  ['T | summarize (a, a) = arg_max(x, y) by k', 'KS171', 'KQL2006 1:19'],
  ['T | summarize (c, b) = arg_max(x, y), c = count() by k', 'KS171', 'KQL2006 1:39'],
  ['T | summarize c = count(), c = max(x)', 'KS171', 'KQL2006 1:28'],
  ['T | summarize k = count() by k', 'KS171', 'KQL2006 1:15'],
  ['T | summarize by a = k, a = y', 'KS171', 'KQL2006 1:25'],
  // A name or a wildcard pattern that matches no column (KS142).
  ['T | project-away q*', 'KS142', 'KQL2004 1:18'],
  ['T | project-away x,\n  q*', 'KS142', 'KQL2004 2:3'],
  ['T | project-away *q*', 'KS142', 'KQL2004 1:18'],
  ['T | project-away q', 'KS142', 'KQL2004 1:18'],
  ['T | project-away ["x*"]', 'KS142', 'KQL2004 1:18'],
  ['T | project-keep x, q*', 'KS142', 'KQL2004 1:21'],
  ['T | project-keep q', 'KS142', 'KQL2004 1:18'],
  ['T | project-reorder q*', 'KS142', 'KQL2004 1:21'],
  ['T | project-reorder x, q* asc', 'KS142', 'KQL2004 1:24'],
  ['T | project-reorder q', 'KS142', 'KQL2004 1:21'],
  // project-reorder naming one column twice, by name or by a pattern matching only it (KS171).
  ['T | project-reorder x*, x', 'KS171', 'KQL2006 1:25'],
  ['T | project-reorder x, x*', 'KS171', 'KQL2006 1:24'],
];

describe('names written in summarize, and column patterns', () => {
  it.each(BINDS)('%s', (query, expected) => {
    expect(columns(query)).toBe(expected);
  });

  it.each(ERRORS)('%s → %s', (query, _official, expected) => {
    expect(error(query)).toBe(expected);
  });

  it('matches what Kusto.Language reports for the same queries', () => {
    const official = new OfficialKusto([T]);
    for (const [query, expected] of BINDS) {
      const a = official.analyse(query);
      expect(a.errors, query).toEqual([]);
      expect(a.columns?.map((c) => `${c.name}:${c.type}`).join(', '), query).toBe(expected);
    }
    for (const [query, code, ours] of ERRORS) {
      const a = official.analyse(query);
      const first = a.errors.find((e) => e.code === code);
      expect(first, `${query}: ${a.errors.map((e) => e.code).join(',')}`).toBeDefined();
      // The official offset is 0-based over the whole text; ours is line:column, 1-based.
      const before = query.slice(0, first?.start ?? 0);
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      expect(`${ours.split(' ')[0] ?? ''} ${String(line)}:${String(column)}`, query).toBe(ours);
    }
  });
});
