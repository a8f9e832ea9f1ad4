/**
 * The table scans of a plan: which tables a statement reads, and where the query names them.
 */
import type * as ir from './nodes.js';

const scansOfPlan = new WeakMap<ir.Plan, ir.Scan[]>();

/** Every table scan of a plan, in the order met (computed once per plan). */
export function planScans(plan: ir.Plan): ir.Scan[] {
  const known = scansOfPlan.get(plan);
  if (known !== undefined) return known;
  const out: ir.Scan[] = [];
  // Nodes are shared between parents (lets, column lists): each object is visited once.
  const seen = new Set<object>();
  const walk = (node: object): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node as unknown[]) if (typeof x === 'object' && x !== null) walk(x);
      return;
    }
    const o = node as Record<string, unknown>;
    const kind = o['kind'];
    if (kind === 'scan' && typeof o['table'] === 'string') {
      out.push(node as ir.Scan);
      return;
    }
    // Column references and literals (a dynamic literal can be a large JSON value) hold none.
    if (kind === 'column' || kind === 'literal') return;
    for (const k in o) {
      // Column lists hold no relation: skipping them saves most of the walk on wide tables.
      if (k === 'span' || k === 'columns' || k === 'tableColumns') continue;
      const v = o[k];
      if (typeof v === 'object' && v !== null) walk(v);
    }
  };
  walk(plan);
  scansOfPlan.set(plan, out);
  return out;
}
