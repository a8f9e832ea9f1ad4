/**
 * Dead-column elimination (ir/prune.ts): the columns each relation keeps for plans of small
 * queries, the operators that need all their input's columns (distinct, stable_row_number),
 * positional unions, named relations read with different needs, joins of every shape, subqueries,
 * and that the result's columns never change. The conformance cases check the rows.
 */
import { describe, expect, it } from 'vitest';
import { physicalNames } from '../../src/backends/column-names.js';
import { planQuery, printPlan } from '../../src/compile.js';
import { bind } from '../../src/frontend/binder.js';
import { parseQuery } from '../../src/frontend/parser.js';
import type * as ir from '../../src/ir/nodes.js';
import { pruneColumns } from '../../src/ir/prune.js';
import { schemaRegistry, type SchemaRegistry, type TableSchema } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';

const tables: TableSchema[] = [
  {
    name: 'T',
    columns: [
      { name: 'a', type: 'long' },
      { name: 's', type: 'string' },
      { name: 'd', type: 'dynamic' },
      { name: 'x', type: 'string' },
      { name: 'y', type: 'long' },
    ],
  },
  {
    name: 'U',
    columns: [
      { name: 'a', type: 'long' },
      { name: 's', type: 'string' },
      { name: 'v', type: 'real' },
      { name: 'w', type: 'string' },
    ],
  },
  {
    // SQLite and Trino take `Ab` and `ab` for one name: the stored `ab` is `ab__<hash>`.
    name: 'C',
    columns: [
      { name: 'Ab', type: 'long' },
      { name: 'ab', type: 'long' },
      { name: 'z', type: 'string' },
    ],
  },
];
const schemas: SchemaRegistry = new Map(tables.map((t) => [t.name, t]));
const source = (text: string): { name: string; text: string } => ({ name: '<test>', text });

function plan(query: string, registry: SchemaRegistry = schemas): ir.Plan {
  return planQuery(source(query), { schemas: registry, now: 0n });
}

function unpruned(query: string, registry: SchemaRegistry = schemas): ir.Plan {
  return bind(parseQuery(source(query)), source(query), { schemas: registry, now: 0n });
}

const REL_KINDS = new Set([
  'scan',
  'cte',
  'filter',
  'project',
  'distinct',
  'join',
  'mvexpand',
  'sort',
  'limit',
  'aggregate',
  'union',
  'values',
  'parse',
  'window',
]);

/** Every relation of a plan (named relations, subqueries included), parents first. */
function relations(p: ir.Plan): ir.Rel[] {
  const out: ir.Rel[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const x of node as unknown[]) walk(x);
      return;
    }
    const o = node as Record<string, unknown>;
    if (typeof o['kind'] === 'string' && REL_KINDS.has(o['kind']) && Array.isArray(o['columns'])) {
      out.push(node as ir.Rel);
    }
    for (const k in o) if (k !== 'columns' && k !== 'span' && k !== 'tableColumns') walk(o[k]);
  };
  walk(p);
  return out;
}

function ofKind<K extends ir.Rel['kind']>(p: ir.Plan, kind: K): Extract<ir.Rel, { kind: K }>[] {
  return relations(p).filter((r): r is Extract<ir.Rel, { kind: K }> => r.kind === kind);
}

const names = (rel: { readonly columns: readonly ir.Column[] }): string[] =>
  rel.columns.map((c) => c.name);

function scans(p: ir.Plan): string[][] {
  return ofKind(p, 'scan').map(names);
}

describe('dead-column elimination', () => {
  it('keeps the columns a filter and a projection read, in table order', () => {
    const p = plan('T | where y > 1 | project x, a');
    expect(scans(p)).toEqual([['a', 'x', 'y']]);
    expect(names(p.root)).toEqual(['x', 'a']);
    const [filter] = ofKind(p, 'filter');
    expect(filter === undefined ? [] : names(filter)).toEqual(['a', 'x', 'y']);
  });

  it('never changes the result columns', () => {
    const queries = [
      'T',
      'T | extend b = a + 1',
      'T | project-away d',
      'T | summarize n = count() by s',
      'T | join kind=leftsemi U on a',
      'T | distinct s, a',
      'union T, U',
      'T | mv-expand d',
      'T | parse s with "k=" k:long "," *',
    ];
    for (const q of queries) {
      expect(plan(q).root.columns, q).toEqual(unpruned(q).root.columns);
    }
  });

  it('keeps one column of a scan nothing reads (count)', () => {
    const p = plan('T | count');
    expect(scans(p)).toEqual([['a']]);
    for (const d of DIALECTS) expect(printPlan(p, d)).toContain('count(*)');
  });

  it('keeps one output of a projection nothing reads', () => {
    const p = plan('T | extend b = a * 2 | project b, s | summarize count()');
    const [project] = ofKind(p, 'project');
    expect(project?.outputs.map((o) => o.name)).toEqual(['b']);
    expect(scans(p)).toEqual([['a']]);
  });

  it('keeps every input column of distinct', () => {
    // (Kusto refuses distinct over the dynamic column d: it is projected away first.)
    expect(scans(plan('T | project-away d | distinct * | project a'))).toEqual([
      ['a', 's', 'x', 'y'],
    ]);
    // `distinct s, a` projects first: only those two reach the distinct.
    expect(scans(plan('T | distinct s, a | project a'))).toEqual([['a', 's']]);
  });

  it('prunes the same positions of every union input', () => {
    const p = plan('union (T | project a, s, x), (U | project a, s, w) | project s');
    const [u] = ofKind(p, 'union');
    expect(u === undefined ? [] : names(u)).toEqual(['s']);
    expect(u?.inputs.map(names)).toEqual([['s'], ['s']]);
    expect(scans(p)).toEqual([['s'], ['s']]);
  });

  it('projects a union input that keeps more than the union needs to the union columns', () => {
    // Both inputs read the named relation, which keeps `a` and `s` for the join.
    const p = plan('let r = T | where y > 0; union r, r | join kind=inner (r | project a) on a');
    const [u] = ofKind(p, 'union');
    for (const input of u?.inputs ?? []) expect(names(input)).toEqual(names(u ?? input));
  });

  it('gives a named relation what all its references need, and its references its columns', () => {
    const p = plan('let r = T | where y > 0; union (r | project a), (r | project s = x)');
    const [cte] = p.ctes;
    expect(cte === undefined ? [] : names(cte.rel)).toEqual(['a', 'x', 'y']);
    expect(scans(p)).toEqual([['a', 'x', 'y']]);
    // The filter passes `y` on: the references have the relation's columns.
    const refs = ofKind(p, 'cte');
    expect(refs).toHaveLength(2);
    for (const ref of refs) expect(names(ref)).toEqual(['a', 'x', 'y']);
  });

  it('keeps every input column of a stable_row_number (mv-apply)', () => {
    const p = plan('T | mv-apply e = d to typeof(long) on (summarize n = count()) | project a, n');
    const windows = ofKind(p, 'window').filter((w) =>
      w.outputs.some((o) => o.fn.kind === 'stable_row_number'),
    );
    expect(windows).toHaveLength(1);
    expect(windows.map((w) => names(w.input))).toEqual([['a', 's', 'd', 'x', 'y']]);
  });

  it('drops a window whose outputs nothing reads', () => {
    const p = plan('T | sort by a asc | extend p = prev(s) | project a, x');
    expect(ofKind(p, 'window')).toHaveLength(0);
    expect(scans(p)).toEqual([['a', 'x']]);
    const q = plan('T | sort by a asc | extend p = prev(s) | project x, p');
    expect(ofKind(q, 'window')).toHaveLength(1);
    expect(scans(q)).toEqual([['a', 's', 'x']]);
  });

  it('keeps the join keys and the sources of the outputs read', () => {
    const inner = plan('T | join kind=inner U on a | project x, v');
    expect(scans(inner)).toEqual([
      ['a', 'x'],
      ['a', 'v'],
    ]);
    const [j] = ofKind(inner, 'join');
    expect(j === undefined ? [] : names(j)).toEqual(['x', 'v']);
    // The default kind (innerunique) keeps one left row per key of the kept columns.
    const unique = plan('T | join U on $left.y == $right.a | project s1');
    expect(scans(unique)).toEqual([['y'], ['a', 's']]);
    const outer = plan('T | join kind=fullouter U on a, s | project a1');
    expect(scans(outer)).toEqual([
      ['a', 's'],
      ['a', 's'],
    ]);
  });

  it('keeps a semi or anti join the kept side, keys included', () => {
    for (const kind of ['leftsemi', 'leftanti']) {
      const p = plan(`T | join kind=${kind} U on $left.y == $right.a | project x`);
      const [j] = ofKind(p, 'join');
      expect(j === undefined ? [] : names(j), kind).toEqual(['x', 'y']);
      expect(
        j?.outputs.map((o) => o.source.name),
        kind,
      ).toEqual(['x', 'y']);
      expect(scans(p), kind).toEqual([['x', 'y'], ['a']]);
    }
    for (const kind of ['rightsemi', 'rightanti']) {
      const p = plan(`T | join kind=${kind} U on a | project w`);
      const [j] = ofKind(p, 'join');
      expect(j === undefined ? [] : names(j), kind).toEqual(['a', 'w']);
      expect(scans(p), kind).toEqual([['a'], ['a', 'w']]);
    }
  });

  it('keeps every group key and drops the aggregates and picks nothing reads', () => {
    const p = plan('U | summarize arg_max(v, w), n = count(), m = max(a) by s | project s, w');
    const [agg] = ofKind(p, 'aggregate');
    expect(agg === undefined ? [] : names(agg)).toEqual(['s', 'w']);
    expect(agg?.picks).toHaveLength(1);
    expect(scans(p)).toEqual([['s', 'v', 'w']]);
    const keysOnly = plan('U | summarize n = count() by s, a | project n');
    expect(scans(keysOnly)).toEqual([['a', 's']]);
  });

  it('renumbers the picks still read', () => {
    const p = plan('U | summarize arg_min(a, s), arg_max(v, w) by x = 1 | project w');
    const [agg] = ofKind(p, 'aggregate');
    expect(agg?.picks.map((k) => k.max)).toEqual([true]);
    expect(agg?.outputs.map((o) => (o.kind === 'pick' ? o.pick : -1))).toEqual([0]);
    expect(scans(p)).toEqual([['v', 'w']]);
  });

  it('keeps the expanded columns of mv-expand and the source of parse', () => {
    expect(scans(plan('T | mv-expand d | project a'))).toEqual([['a', 'd']]);
    expect(scans(plan('T | mv-expand with_itemindex=i d | project i'))).toEqual([['d']]);
    const parsed = plan('T | parse s with "k=" k:long "," * | project k');
    expect(scans(parsed)).toEqual([['s']]);
    const [parse] = ofKind(parsed, 'parse');
    expect(parse?.captures).toHaveLength(1);
  });

  it('prunes the columns of constant rows consistently', () => {
    const p = plan("datatable(a:long, b:string, c:real)[1, 'x', 1.5, 2, 'y', 2.5] | project b");
    const [values] = ofKind(p, 'values');
    expect(values === undefined ? [] : names(values)).toEqual(['b']);
    expect(values?.rows.map((r) => r.map((v) => (v.kind === 'literal' ? v.value : '?')))).toEqual([
      ['x'],
      ['y'],
    ]);
  });

  it('keeps all the columns of a subquery, and prunes below it', () => {
    const p = plan(
      'let m = toscalar(U | where w != "" | project v, a | summarize max(v)); T | where a > m | project s',
    );
    const [sub] = ofKind(p, 'aggregate');
    expect(sub === undefined ? [] : names(sub)).toEqual(['max_v']);
    expect(scans(p)).toEqual([
      ['a', 's'],
      ['v', 'w'],
    ]);
    const inList = plan('T | where a in ((U | project a, w)) | project x');
    expect(scans(inList)).toEqual([
      ['a', 'x'],
      ['a', 'w'],
    ]);
  });

  it('keeps the hidden ingestion-time column only when read', () => {
    const read = plan('T | extend t = ingestion_time() | project a, t');
    expect(ofKind(read, 'scan')[0]?.ingestionTime).toBeDefined();
    const unread = plan('T | extend t = ingestion_time() | project a');
    const [scan] = ofKind(unread, 'scan');
    expect(scan?.ingestionTime).toBeUndefined();
    expect(scan === undefined ? [] : names(scan)).toEqual(['a']);
  });

  it('reads a stored column under the physical name of the whole table', () => {
    const p = plan('C | project ab');
    expect(scans(p)).toEqual([['ab']]);
    for (const d of DIALECTS) {
      const stored = physicalNames(tables[2]?.columns ?? [], d).of('ab');
      expect(printPlan(p, d)).toContain(`"${stored}"`);
    }
    expect(physicalNames(tables[2]?.columns ?? [], 'sqlite').of('ab')).not.toBe('ab');
  });

  it('prunes the wide bundled tables', () => {
    const registry = schemaRegistry();
    const p = plan(
      'AWSCloudTrail | where EventName == "CreateKey" | summarize n = count() by UserIdentityArn',
      registry,
    );
    expect(scans(p)).toEqual([['EventName', 'UserIdentityArn']]);
    expect(scans(unpruned('AWSCloudTrail', registry))[0]?.length).toBeGreaterThan(50);
  });

  it('returns the plan unchanged when every column is read', () => {
    const p = unpruned('T | where a > 1');
    expect(pruneColumns(p)).toBe(p);
  });
});
