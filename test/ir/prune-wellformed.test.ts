/**
 * Dead-column elimination (ir/prune.ts) over every query conformance case and every corpus rule
 * that binds: the pruned plan keeps the result's columns and the tables read, and every relation
 * is consistent with its inputs (each column read is one its input has, pass-through operators
 * have their input's columns, references have their named relation's, union inputs the union's).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCaseDir } from '../../src/conformance/case.js';
import { bind } from '../../src/frontend/binder.js';
import { parseQuery } from '../../src/frontend/parser.js';
import type * as ir from '../../src/ir/nodes.js';
import { pruneColumns } from '../../src/ir/prune.js';
import { planScans } from '../../src/ir/scans.js';
import { schemaRegistry, type SchemaRegistry, type TableSchema } from '../../src/schema.js';
import { CORPUS_PRESENT, corpusQueries } from '../parity/corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bundled = schemaRegistry();

const names = (rel: { readonly columns: readonly { readonly name: string }[] }): string[] =>
  rel.columns.map((c) => c.name);

function reads(s: ir.Scalar, into: string[]): string[] {
  switch (s.kind) {
    case 'column':
      into.push(s.name);
      break;
    case 'literal':
      break;
    case 'call':
      for (const a of s.args) reads(a, into);
      break;
    case 'case':
      for (const w of s.whens) {
        reads(w.when, into);
        reads(w.then, into);
      }
      reads(s.otherwise, into);
      break;
    case 'path':
      reads(s.target, into);
      break;
    case 'subquery':
      if (s.value !== undefined) reads(s.value, into);
      break;
  }
  return into;
}

/** The subquery relations of a scalar. */
function subqueries(s: ir.Scalar, into: ir.Rel[]): ir.Rel[] {
  switch (s.kind) {
    case 'column':
    case 'literal':
      break;
    case 'call':
      for (const a of s.args) subqueries(a, into);
      break;
    case 'case':
      for (const w of s.whens) {
        subqueries(w.when, into);
        subqueries(w.then, into);
      }
      subqueries(s.otherwise, into);
      break;
    case 'path':
      subqueries(s.target, into);
      break;
    case 'subquery':
      into.push(s.rel);
      if (s.value !== undefined) subqueries(s.value, into);
      break;
  }
  return into;
}

/** What is wrong with a pruned plan's relations (nothing, when it is well formed). */
function problems(plan: ir.Plan): string[] {
  const out: string[] = [];
  const cteColumns = new Map(plan.ctes.map((c) => [c.name, names(c.rel)]));
  const same = (what: string, a: readonly string[], b: readonly string[]): void => {
    if (a.join('\u0001') !== b.join('\u0001')) out.push(`${what}: [${a.join()}] vs [${b.join()}]`);
  };
  const within = (what: string, used: readonly string[], rel: ir.Rel): void => {
    const have = new Set(names(rel));
    for (const n of used)
      if (!have.has(n)) out.push(`${what} reads ${n}, not in [${[...have].join()}]`);
  };
  const scalars = (what: string, ss: readonly ir.Scalar[], input: ir.Rel): void => {
    for (const s of ss) {
      within(what, reads(s, []), input);
      for (const sub of subqueries(s, [])) rel(sub);
    }
  };
  const rel = (r: ir.Rel): void => {
    if (r.columns.length === 0) out.push(`${r.kind} without columns`);
    if (new Set(names(r)).size !== r.columns.length) out.push(`${r.kind} repeats a column`);
    switch (r.kind) {
      case 'scan': {
        const table = (r.tableColumns ?? r.columns).map((c) => c.name);
        let at = 0;
        for (const n of names(r)) {
          while (at < table.length && table[at] !== n) at++;
          if (at === table.length) out.push(`scan ${r.table}: ${n} out of table order`);
        }
        if (r.ingestionTime !== undefined && !names(r).includes(r.ingestionTime.column)) {
          out.push('scan reads the ingestion time without its column');
        }
        return;
      }
      case 'cte':
        same(`ref ${r.name}`, names(r), cteColumns.get(r.name) ?? []);
        return;
      case 'filter':
        same('filter', names(r), names(r.input));
        scalars('filter', [r.predicate], r.input);
        break;
      case 'sort':
        same('sort', names(r), names(r.input));
        scalars(
          'sort',
          r.keys.map((k) => k.expr),
          r.input,
        );
        break;
      case 'limit':
      case 'distinct':
        same(r.kind, names(r), names(r.input));
        break;
      case 'project':
        same(
          'project',
          names(r),
          r.outputs.map((o) => o.name),
        );
        scalars(
          'project',
          r.outputs.map((o) => o.expr),
          r.input,
        );
        break;
      case 'join': {
        same(
          'join',
          names(r),
          r.outputs.map((o) => o.name),
        );
        within(
          'join keys',
          r.keys.map((k) => k.left.name),
          r.left,
        );
        within(
          'join keys',
          r.keys.map((k) => k.right.name),
          r.right,
        );
        for (const o of r.outputs)
          within('join output', [o.source.name], o.side === 'left' ? r.left : r.right);
        if (r.joinKind.endsWith('semi') || r.joinKind.endsWith('anti')) {
          const kept = r.joinKind.startsWith('left') ? r.left : r.right;
          same(
            'semi join',
            r.outputs.map((o) => o.source.name),
            names(kept),
          );
        }
        rel(r.left);
        rel(r.right);
        return;
      }
      case 'mvexpand':
        within(
          'mv-expand',
          r.items.map((i) => i.column),
          r.input,
        );
        same('mv-expand', names(r), [
          ...names(r.input),
          ...(r.indexColumn === undefined ? [] : [r.indexColumn]),
        ]);
        break;
      case 'parse':
        within('parse', [r.source], r.input);
        same('parse', names(r), [...names(r.input), ...r.captures, r.matched]);
        break;
      case 'window': {
        same('window', names(r), [...names(r.input), ...r.outputs.map((o) => o.name)]);
        const fns = r.outputs.flatMap((o): ir.Scalar[] => {
          const fn = o.fn;
          switch (fn.kind) {
            case 'prev':
            case 'next':
              return fn.default === undefined ? [fn.expr] : [fn.expr, fn.default];
            case 'cumsum':
              return [fn.expr];
            case 'session':
              return fn.restart === undefined ? [fn.expr] : [fn.expr, fn.restart];
            default:
              return [];
          }
        });
        scalars('window', [...r.partitionBy, ...r.orderBy.map((k) => k.expr), ...fns], r.input);
        break;
      }
      case 'aggregate': {
        same('aggregate', names(r), [
          ...r.keys.map((k) => k.name),
          ...r.outputs.map((o) => o.name),
        ]);
        const used = r.outputs.flatMap((o) => (o.kind === 'pick' ? [o.expr] : o.agg.args));
        scalars(
          'aggregate',
          [...r.keys.map((k) => k.expr), ...used, ...r.picks.map((p) => p.by)],
          r.input,
        );
        for (const o of r.outputs) {
          if (o.kind === 'pick' && r.picks[o.pick] === undefined)
            out.push('aggregate: a lost pick');
        }
        break;
      }
      case 'union':
        for (const input of r.inputs) {
          same('union input', names(input), names(r));
          rel(input);
        }
        return;
      case 'values':
        for (const row of r.rows) {
          if (row.length > r.columns.length) out.push('values: a row longer than its columns');
          for (const v of row) for (const sub of subqueries(v, [])) rel(sub);
        }
        return;
    }
    rel(r.input);
  };
  for (const cte of plan.ctes) rel(cte.rel);
  rel(plan.root);
  return out;
}

function checkQuery(label: string, text: string, schemas: SchemaRegistry): boolean {
  const source = { name: label, text };
  let plan: ir.Plan;
  try {
    plan = bind(parseQuery(source), source, { schemas, now: 0n });
  } catch {
    return false;
  }
  const pruned = pruneColumns(plan);
  expect(pruned.root.columns, label).toEqual(plan.root.columns);
  expect(
    pruned.ctes.map((c) => c.name),
    label,
  ).toEqual(plan.ctes.map((c) => c.name));
  expect(
    planScans(pruned).map((s) => s.table),
    label,
  ).toEqual(planScans(plan).map((s) => s.table));
  expect(problems(pruned), label).toEqual([]);
  return true;
}

describe('pruned plans are well formed', () => {
  it('for every query conformance case', () => {
    const { cases } = readCaseDir(path.join(here, '..', 'conformance', 'cases'));
    let checked = 0;
    for (const c of cases) {
      if (c.kind !== 'query') continue;
      const schemas = new Map<string, TableSchema>(
        c.tables.map((t) => [t.name, { name: t.name, columns: t.columns }]),
      );
      if (checkQuery(c.id, c.query, schemas)) checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it.skipIf(!CORPUS_PRESENT)('for every corpus rule that binds', () => {
    let checked = 0;
    for (const q of corpusQueries()) if (checkQuery(q.name, q.text, bundled)) checked++;
    expect(checked).toBeGreaterThan(100);
  });
});
