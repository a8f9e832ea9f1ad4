/**
 * Column names a dialect cannot keep apart. KQL column names are case-sensitive and of any length;
 * SQLite matches identifiers without regard to ASCII case, Trino lowercases them, and PostgreSQL
 * cuts them to 63 bytes. Two columns of a scanned table that the dialect takes for one name would
 * read the same column (or fail to create), so a plan reading such a table is refused.
 */
import { Codes, CompileError, diagnostic, type Source } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import type { Dialect } from '../types.js';

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated (at a character boundary). */
const POSTGRES_MAX_IDENTIFIER_BYTES = 63;

function truncateUtf8(name: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

/** The name the dialect's engine actually uses for a quoted identifier. */
export function engineIdentifier(name: string, dialect: Dialect): string {
  switch (dialect) {
    case 'sqlite':
      return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
    case 'postgres':
      // At most 3 UTF-16 units' worth of bytes per unit: a short name needs no byte count.
      return name.length * 3 <= POSTGRES_MAX_IDENTIFIER_BYTES ||
        Buffer.byteLength(name, 'utf8') <= POSTGRES_MAX_IDENTIFIER_BYTES
        ? name
        : truncateUtf8(name, POSTGRES_MAX_IDENTIFIER_BYTES);
    case 'athena':
      return name.toLowerCase();
  }
}

type Columns = readonly { readonly name: string }[];

/** Answers per column list (scans of one table share the schema's list) and dialect. */
const collisions = new WeakMap<Columns, Map<Dialect, [string, string] | undefined>>();

/** The first two columns of `columns` that the dialect takes for the same name, if any. */
export function collidingColumns(columns: Columns, dialect: Dialect): [string, string] | undefined {
  let byDialect = collisions.get(columns);
  if (byDialect === undefined) {
    byDialect = new Map();
    collisions.set(columns, byDialect);
  }
  if (byDialect.has(dialect)) return byDialect.get(dialect);
  const pair = findCollision(columns, dialect);
  byDialect.set(dialect, pair);
  return pair;
}

function findCollision(columns: Columns, dialect: Dialect): [string, string] | undefined {
  const seen = new Map<string, string>();
  for (const c of columns) {
    const key = engineIdentifier(c.name, dialect);
    const other = seen.get(key);
    if (other !== undefined) return [other, c.name];
    seen.set(key, c.name);
  }
  return undefined;
}

function why(dialect: Dialect): string {
  switch (dialect) {
    case 'sqlite':
      return 'SQLite does not tell identifiers apart by ASCII case';
    case 'postgres':
      return `PostgreSQL cuts identifiers to ${String(POSTGRES_MAX_IDENTIFIER_BYTES)} bytes`;
    case 'athena':
      return 'Trino does not tell identifiers apart by case';
  }
}

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
    if (o['kind'] === 'scan' && typeof o['table'] === 'string') {
      out.push(node as ir.Scan);
      return;
    }
    for (const k in o) {
      const v = o[k];
      if (k !== 'span' && typeof v === 'object' && v !== null) walk(v);
    }
  };
  walk(plan);
  scansOfPlan.set(plan, out);
  return out;
}

/** Refuses (KQL3003) a scan of a table with two columns the dialect cannot tell apart. */
export function checkScanColumnNames(scan: ir.Scan, dialect: Dialect, source?: Source): void {
  const pair = collidingColumns(scan.columns, dialect);
  if (pair === undefined) return;
  throw new CompileError([
    diagnostic(
      Codes.unsupportedInDialect,
      `table '${scan.table}' has columns '${pair[0]}' and '${pair[1]}', which are one name ` +
        `to the engine (${why(dialect)}) (dialect ${dialect})`,
      source,
      scan.span,
    ),
  ]);
}

/**
 * Refuses (KQL3003) a relation whose columns the dialect takes for one name: a scanned table
 * (see `checkScanColumnNames`) or columns the query makes itself (`extend eventname = …` beside
 * `EventName` on SQLite would read the table's column where KQL reads the new one).
 */
export function checkRelColumnNames(rel: ir.Rel, dialect: Dialect, source?: Source): void {
  if (rel.kind === 'scan') {
    checkScanColumnNames(rel, dialect, source);
    return;
  }
  const pair = collidingColumns(rel.columns, dialect);
  if (pair === undefined) return;
  throw new CompileError([
    diagnostic(
      Codes.unsupportedInDialect,
      `the query has columns '${pair[0]}' and '${pair[1]}', which are one name to the engine ` +
        `(${why(dialect)}) (dialect ${dialect})`,
      source,
      rel.span,
    ),
  ]);
}
