/**
 * Keeping KQL's row order in SQL. KQL's `sort` orders the rows that later order-preserving
 * operators (where, extend, project…, take) see and return; SQL keeps an ORDER BY only at the top
 * of a statement or together with its LIMIT. This pass moves every sort that reaches the result
 * to the top of the plan: it removes the sort, carries its keys up through the operators that
 * keep order (a projection that drops a key column keeps it as a hidden `__oN` column), and sorts
 * again at the end, under a projection that drops the hidden columns (the printers print a
 * projection over a sort as one SELECT … ORDER BY). A `take` after a sort keeps its ORDER BY …
 * LIMIT. Operators that do not keep order in KQL (summarize, distinct, join, union) end the
 * order; mv-expand keeps it in KQL but not here, so a sorted input to mv-expand that reaches the
 * result is refused.
 */
import { assertNever, type Span } from '../diagnostics.js';
import type { Column, Plan, Project, Rel, Scalar, Sort } from './nodes.js';

type Keys = Sort['keys'];

interface Carried {
  readonly rel: Rel;
  /** The order the rows must come out in, over `rel.columns`; none when unordered. */
  readonly order?: Keys;
}

/** Called when an order cannot be kept; it throws a diagnostic. */
export type OrderRefusal = (what: string, span: Span | undefined) => never;

class OrderCarrier {
  private hidden = 0;

  constructor(private readonly refuse: OrderRefusal) {}

  root(rel: Rel): Rel {
    const c = this.carry(rel);
    if (c.order === undefined) return c.rel;
    const sorted: Sort = {
      kind: 'sort',
      input: c.rel,
      keys: c.order,
      columns: c.rel.columns,
      ...spanOf(rel),
    };
    return strip(sorted, rel.columns);
  }

  /** `rel` with its sorts removed, and the order its rows must have. */
  private carry(rel: Rel): Carried {
    switch (rel.kind) {
      case 'scan':
      case 'cte':
      case 'values':
        return { rel };
      case 'sort': {
        // A later sort replaces an earlier one.
        const input = this.unordered(rel.input);
        return { rel: input, order: rel.keys };
      }
      case 'limit': {
        const c = this.carry(rel.input);
        if (c.order === undefined) return { rel: { ...rel, input: c.rel, columns: c.rel.columns } };
        const sort: Sort = {
          kind: 'sort',
          input: c.rel,
          keys: c.order,
          columns: c.rel.columns,
          ...spanOf(rel),
        };
        return { rel: { ...rel, input: sort, columns: c.rel.columns }, order: c.order };
      }
      case 'filter': {
        const c = this.carry(rel.input);
        return { rel: { ...rel, input: c.rel, columns: c.rel.columns }, ...orderOf(c) };
      }
      case 'window':
      case 'parse': {
        // Both keep every row in order (a window's functions read their own order) and append
        // their columns after the input's.
        const c = this.carry(rel.input);
        const added = rel.columns.slice(rel.input.columns.length);
        return {
          rel: { ...rel, input: c.rel, columns: [...c.rel.columns, ...added] },
          ...orderOf(c),
        };
      }
      case 'project':
        return this.project(rel);
      case 'mvexpand': {
        const c = this.carry(rel.input);
        if (c.order !== undefined) {
          this.refuse('mv-expand after sort (the row order would be lost)', rel.span);
        }
        return { rel: { ...rel, input: c.rel } };
      }
      case 'distinct':
      case 'aggregate':
        return { rel: { ...rel, input: this.unordered(rel.input) } };
      case 'join':
        return {
          rel: { ...rel, left: this.unordered(rel.left), right: this.unordered(rel.right) },
        };
      case 'union':
        return { rel: { ...rel, inputs: rel.inputs.map((r) => this.unordered(r)) } };
      default:
        return assertNever(rel);
    }
  }

  /** `rel` for a consumer that does not care about order: sorts removed, no hidden columns. */
  private unordered(rel: Rel): Rel {
    const c = this.carry(rel);
    return strip(c.rel, rel.columns);
  }

  private project(rel: Project): Carried {
    const c = this.carry(rel.input);
    if (c.order === undefined) return { rel: { ...rel, input: c.rel } };
    const outputs = [...rel.outputs];
    const keys = c.order.map((k) => {
      const same = outputs.find((o) => sameScalar(o.expr, k.expr));
      if (same !== undefined) return { ...k, expr: ref(same.name, same.expr.type) };
      let name: string;
      do name = `__o${String(++this.hidden)}`;
      while (outputs.some((o) => o.name === name));
      outputs.push({ name, expr: k.expr });
      return { ...k, expr: ref(name, k.expr.type) };
    });
    const columns = outputs.map((o) => ({ name: o.name, type: o.expr.type }));
    return { rel: { ...rel, input: c.rel, outputs, columns }, order: keys };
  }
}

function orderOf(c: Carried): { order?: Keys } {
  return c.order === undefined ? {} : { order: c.order };
}

function spanOf(rel: Rel): { span?: Span } {
  return rel.span === undefined ? {} : { span: rel.span };
}

function ref(name: string, type: Column['type']): Scalar {
  return { kind: 'column', name, type };
}

/** `rel` projected to `columns` (by name) when it has other columns (hidden ones). */
function strip(rel: Rel, columns: readonly Column[]): Rel {
  const same =
    rel.columns.length === columns.length &&
    rel.columns.every((c, i) => c.name === columns[i]?.name);
  if (same) return rel;
  return {
    kind: 'project',
    input: rel,
    outputs: columns.map((c) => ({ name: c.name, expr: ref(c.name, c.type) })),
    columns,
    ...spanOf(rel),
  };
}

/** Structural equality of scalars, spans ignored. */
function sameScalar(a: Scalar, b: Scalar): boolean {
  return JSON.stringify(a, dropSpan) === JSON.stringify(b, dropSpan);
}

function dropSpan(key: string, value: unknown): unknown {
  if (key === 'span') return undefined;
  return typeof value === 'bigint' ? `${value.toString()}n` : value;
}

/** The plan with every result-relevant sort moved to the top of its relation (see above). */
export function carryOrder(plan: Plan, refuse: OrderRefusal): Plan {
  const carrier = new OrderCarrier(refuse);
  return {
    ctes: plan.ctes.map((c) => ({ ...c, rel: carrier.root(c.rel) })),
    root: carrier.root(plan.root),
  };
}
