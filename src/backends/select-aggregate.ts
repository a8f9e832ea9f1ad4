/**
 * The SELECT for `summarize` (an `Aggregate` relation): GROUP BY the keys (no GROUP BY without
 * keys, so empty input still gives the one row KQL returns), with the dialect's forms of the
 * aggregates (SEMANTICS §10). arg_max / arg_min and capped make_set / make_list need a number per
 * row first; those window functions are computed in a subquery, as helper columns beside the
 * input's (`HelperNames`: `__pick1`, `__limit2`, … unless the input has columns of those names).
 */
import { assertNever } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import { indent, quoteIdent, type ExprContext, type SqlBackend } from './base.js';
import { bagMergeAggregate } from './bag-merge.js';
import { HelperNames } from './column-names.js';
import { setUnionAggregate } from './set-union.js';

/** What the dialect hooks of an aggregate need: the SQL of its value and condition. */
export interface AggParts {
  /** The aggregated value (null where a row does not count). */
  readonly value: string;
  readonly type: KqlType;
  /** Rows counted: `undefined` for all rows. */
  readonly filter?: string;
}

export function selectAggregate(p: SqlBackend, rel: ir.Aggregate, from: string): string {
  const read = p.reading(rel.input);
  const helpers = new HelperNames(p.names(rel.input));
  const keys = rel.keys.map((k) => ({
    name: k.name,
    expr: p.expr(k.expr, read),
    type: k.expr.type,
  }));
  const partition = keys.map((k) => p.groupKey(k.expr, k.type));
  const windows: string[] = [];
  const partitionBy = (extra: readonly string[]): string => {
    const all = [...partition, ...extra];
    return all.length === 0 ? '' : `PARTITION BY ${all.join(', ')}`;
  };
  rel.picks.forEach((pick, i) => {
    const order = `${p.sortValue(p.expr(pick.by, read), pick.by.type)} ${pick.max ? 'DESC' : 'ASC'} NULLS LAST`;
    const over = `${partitionBy([])} ORDER BY ${order}`.trim();
    windows.push(`row_number() OVER (${over}) AS ${pickColumn(helpers, i)}`);
  });
  const items = keys.map((k) =>
    p.as(p.groupKeyValue(p.groupKey(k.expr, k.type), k.type), rel, k.name),
  );
  rel.outputs.forEach((o, i) => {
    let sql: string;
    if (o.kind === 'pick') {
      const type = o.expr.type;
      sql = p.pickAggregate(p.expr(o.expr, read), `${pickColumn(helpers, o.pick)} = 1`, type);
      if (type === 'string') sql = `coalesce(${sql}, '')`;
    } else {
      sql = aggregateSql(p, read, o.agg, i, windows, partitionBy, helpers);
    }
    items.push(p.as(sql, rel, o.name));
  });
  const source =
    windows.length === 0
      ? from
      : `(\n  SELECT\n    *,\n${indent(windows.join(',\n'), '    ')}\n  FROM ${from}\n) AS a`;
  const groupBy = partition.length === 0 ? '' : `\nGROUP BY ${partition.join(', ')}`;
  return `SELECT\n${indent(items.join(',\n'))}\nFROM ${source}${groupBy}`;
}

/** The row number of pick `i` (arg_max / arg_min), 1 on the picked row of each group. */
function pickColumn(helpers: HelperNames, i: number): string {
  return quoteIdent(helpers.of(`__pick${String(i + 1)}`));
}

/** The number of each value of output `i` (a capped make_set / make_list). */
function limitColumn(helpers: HelperNames, i: number): string {
  return quoteIdent(helpers.of(`__limit${String(i + 1)}`));
}

function arg(agg: ir.AggCall, i: number): ir.Scalar {
  const a = agg.args[i];
  if (a === undefined) throw new Error(`${agg.fn} needs argument ${String(i + 1)}`);
  return a;
}

function aggregateSql(
  p: SqlBackend,
  read: ExprContext,
  agg: ir.AggCall,
  index: number,
  windows: string[],
  partitionBy: (extra: readonly string[]) => string,
  helpers: HelperNames,
): string {
  const x = (): string => p.expr(arg(agg, 0), read);
  const xType = (): KqlType => arg(agg, 0).type;
  const when = (cond: string, value: string): string => `CASE WHEN ${cond} THEN ${value} END`;
  const cond = (): string => p.expr(arg(agg, agg.fn === 'countif' ? 0 : 1), read);
  switch (agg.fn) {
    case 'count':
      return 'count(*)';
    case 'countif':
      return `count(${when(cond(), '1')})`;
    case 'dcount':
      return `count(DISTINCT ${p.groupKey(x(), xType())})`;
    case 'dcountif':
      return `count(DISTINCT ${when(cond(), p.groupKey(x(), xType()))})`;
    case 'sum':
      return p.sumAggregate(x(), agg.type);
    case 'sumif':
      return p.sumAggregate(when(cond(), x()), agg.type);
    case 'min':
    case 'max': {
      const sql = p.minMaxAggregate(agg.fn, x(), xType());
      return xType() === 'string' ? `coalesce(${sql}, '')` : sql;
    }
    case 'avg':
      return p.avgAggregate(x());
    case 'take_any': {
      const sql = p.anyAggregate(x(), xType());
      return xType() === 'string' ? `coalesce(${sql}, '')` : sql;
    }
    case 'make_set':
    case 'make_set_if':
    case 'make_list':
    case 'make_list_if': {
      const set = agg.fn === 'make_set' || agg.fn === 'make_set_if';
      const conditional = agg.fn.endsWith('_if');
      const conds = [`${x()} IS NOT NULL`];
      const extra = [`${x()} IS NULL`];
      if (conditional) {
        conds.push(`coalesce(${cond()}, FALSE)`);
        extra.push(`coalesce(${cond()}, FALSE)`);
      }
      if (set && xType() === 'dynamic') {
        // Arrays contribute their elements, so the cap applies after flattening (set-union.ts).
        const parts = { value: x(), type: xType(), filter: conds.join(' AND ') };
        return setUnionAggregate(p, parts, agg.limit);
      }
      if (agg.limit !== undefined) {
        // Number the values that count (per group, and per distinct value for make_set), then
        // keep the first `limit`.
        const numbering = set
          ? `dense_rank() OVER (${partitionBy(extra)} ORDER BY ${p.groupKey(x(), xType())})`
          : `row_number() OVER (${partitionBy(extra)})`;
        const n = limitColumn(helpers, index);
        windows.push(`${numbering} AS ${n}`);
        conds.push(`${n} <= ${String(agg.limit)}`);
      }
      return p.jsonArrayAggregate({ value: x(), type: xType(), filter: conds.join(' AND ') }, set);
    }
    case 'make_bag':
    case 'make_bag_if': {
      const conds = [`${x()} IS NOT NULL`];
      if (agg.fn === 'make_bag_if') conds.push(`coalesce(${cond()}, FALSE)`);
      const parts = { value: x(), type: xType(), filter: conds.join(' AND ') };
      return bagMergeAggregate(p, parts, agg.limit, partitionBy([]) === '');
    }
    default:
      return assertNever(agg.fn);
  }
}
