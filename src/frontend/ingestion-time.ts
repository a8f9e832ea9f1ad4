/**
 * `ingestion_time()` (`Q/ingestion-time-function.md`): the time the current record was ingested,
 * which Kusto keeps in the hidden column `$IngestionTime` of a table; outside "the context of a
 * table" the function gives null. rule2sql reads it only over a table's own rows: the table
 * (not a `let` or a parser function), then any `where` and `extend`. Any other input (after
 * `project`, `summarize`, `join`, `union`, `mv-expand`…) is refused, since the doc does not say
 * which operators keep that context.
 *
 * The hidden column is no KQL column (`project *`, `getschema`, `union` do not see it): the
 * relations between the scan and the operator calling ingestion_time() are rebuilt to carry it
 * under the name `INGESTION_TIME_COLUMN` (no KQL column can take it), and it is dropped right
 * after that operator.
 */
import type * as ir from '../ir/nodes.js';
import type { Span } from '../diagnostics.js';
import { INGESTION_TIME_COLUMN } from '../schema.js';
import type * as ast from './ast.js';

/** How a relation holds a table's rows: without the hidden column, or carrying it. */
export type TableRows = 'narrow' | 'wide';

export const INGESTION_COLUMN: ir.Column = { name: INGESTION_TIME_COLUMN, type: 'datetime' };

export function ingestionRef(): ir.ColumnRef {
  return { kind: 'column', name: INGESTION_TIME_COLUMN, type: 'datetime' };
}

/** The first `ingestion_time()` call in an AST node (nested queries included), if any. */
export function findIngestionTimeCall(node: unknown): ast.Call | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const o = node as { kind?: unknown; name?: { name?: unknown } };
  if (o.kind === 'call' && o.name?.name === 'ingestion_time') return node as ast.Call;
  const fields = node as Record<string, unknown>;
  for (const k in fields) {
    // Spans hold offsets only.
    const found = k === 'span' ? undefined : findIngestionTimeCall(fields[k]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `rel` rebuilt to carry the hidden column as its last column, or undefined when `rel` does not
 * hold a table's rows (`rows` knows the relations that do) or already has a column of that name.
 * Every relation made is recorded in `rows` as `wide`.
 */
export function carryIngestionTime(
  rel: ir.Rel,
  rows: WeakMap<ir.Rel, TableRows>,
  span: Span | undefined,
): ir.Rel | undefined {
  const state = rows.get(rel);
  if (state === 'wide') return rel;
  if (state === undefined || rel.columns.some((c) => c.name === INGESTION_TIME_COLUMN)) {
    return undefined;
  }
  const columns = [...rel.columns, INGESTION_COLUMN];
  let wide: ir.Rel;
  switch (rel.kind) {
    case 'scan':
      wide = { ...rel, columns, ingestionTime: { column: INGESTION_TIME_COLUMN, span } };
      break;
    case 'filter': {
      const input = carryIngestionTime(rel.input, rows, span);
      if (input === undefined) return undefined;
      wide = { ...rel, input, columns };
      break;
    }
    case 'project': {
      const input = carryIngestionTime(rel.input, rows, span);
      if (input === undefined) return undefined;
      const outputs = [...rel.outputs, { name: INGESTION_TIME_COLUMN, expr: ingestionRef() }];
      wide = { ...rel, input, outputs, columns };
      break;
    }
    default:
      return undefined;
  }
  rows.set(wide, 'wide');
  return wide;
}
