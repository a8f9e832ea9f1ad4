/**
 * Table schemas: which tables exist and their columns with KQL types. Schemas are JSON files of
 * the form `{"name": "T", "columns": [{"name": "c", "type": "string"}, …]}`; the bundled ones
 * live in `schemas/sentinel/`, and users add their own with `--schema FILE|DIR`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codes } from './diagnostics.js';
import { kqlTypeFromName, type KqlType } from './types.js';

export interface ColumnSchema {
  readonly name: string;
  readonly type: KqlType;
}

export interface TableSchema {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  /**
   * `function` for a Sentinel parser function used like a table (`OktaSSO`, `GitHubAuditData`):
   * its columns are exactly what the function's last operator outputs. Absent for a table.
   */
  readonly kind?: 'function';
}

/**
 * The hidden column that tables rule2sql creates hold each row's ingestion time in (datetime),
 * which `ingestion_time()` reads (`Q/ingestion-time-function.md`). It is Kusto's own name for it
 * (`$IngestionTime`, IngestionTime policy), and no KQL table can have a column of that name:
 * identifiers starting with `$` are reserved for the language (entity-names.md), so schemas
 * refuse them. It is not a KQL column: no schema lists it, and only a scan that
 * ingestion_time() reads carries it.
 */
export const INGESTION_TIME_COLUMN = '$IngestionTime';

/**
 * The Log Analytics standard columns, present on every workspace table whether or not a table's
 * reference page lists them. Names and types as Microsoft documents them ("Standard columns in
 * Azure Monitor Logs", learn.microsoft.com/azure/azure-monitor/logs/log-standard-columns, and the
 * Columns table of each page under learn.microsoft.com/azure/azure-monitor/reference/tables/,
 * which types `_IsBillable` as string and `_BilledSize` as real). The `_` columns are hidden from
 * `T | take 1` output in the portal but can be named in queries, which is what binding needs.
 */
export const STANDARD_COLUMNS: readonly ColumnSchema[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'SourceSystem', type: 'string' },
  { name: 'Type', type: 'string' },
  { name: '_ResourceId', type: 'string' },
  { name: '_SubscriptionId', type: 'string' },
  { name: '_TimeReceived', type: 'datetime' },
  { name: '_ItemId', type: 'string' },
  { name: '_IsBillable', type: 'string' },
  { name: '_BilledSize', type: 'real' },
];

/**
 * `columns` followed by the standard columns it lacks (in `STANDARD_COLUMNS` order). A column the
 * file lists keeps its place and its declared type.
 */
export function withStandardColumns(columns: readonly ColumnSchema[]): ColumnSchema[] {
  const have = new Set(columns.map((c) => c.name));
  return [...columns, ...STANDARD_COLUMNS.filter((c) => !have.has(c.name))];
}

/** Schemas by table name (KQL table names are case-sensitive). */
export type SchemaRegistry = ReadonlyMap<string, TableSchema>;

export class SchemaError extends Error {
  readonly code = Codes.schemaInvalid;
  constructor(message: string) {
    super(message);
    this.name = 'SchemaError';
  }
}

/**
 * Parses one schema document; throws SchemaError naming the file and the bad entry. A table
 * (no `"kind": "function"`) gets the standard columns it does not list, after its own.
 */
export function parseSchema(text: string, file: string): TableSchema {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SchemaError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null) throw new SchemaError(`${file}: expected an object`);
  const { name, columns, kind } = doc as { name?: unknown; columns?: unknown; kind?: unknown };
  if (typeof name !== 'string' || name === '') {
    throw new SchemaError(`${file}: "name" must be a non-empty string`);
  }
  if (!Array.isArray(columns)) throw new SchemaError(`${file}: "columns" must be an array`);
  if (kind !== undefined && kind !== 'table' && kind !== 'function') {
    throw new SchemaError(`${file}: "kind" must be "table" or "function"`);
  }
  const seen = new Set<string>();
  const cols = columns.map((c: unknown, i): ColumnSchema => {
    const col = c as { name?: unknown; type?: unknown };
    if (typeof col.name !== 'string' || col.name === '') {
      throw new SchemaError(`${file}: columns[${String(i)}].name must be a non-empty string`);
    }
    const type = typeof col.type === 'string' ? kqlTypeFromName(col.type) : undefined;
    if (type === undefined) {
      throw new SchemaError(`${file}: column ${col.name} has unknown type ${String(col.type)}`);
    }
    if (col.name.startsWith('$')) {
      throw new SchemaError(
        `${file}: column ${col.name}: names starting with '$' are reserved by KQL (rule2sql keeps ${INGESTION_TIME_COLUMN} there)`,
      );
    }
    if (seen.has(col.name)) throw new SchemaError(`${file}: column ${col.name} appears twice`);
    seen.add(col.name);
    return { name: col.name, type };
  });
  if (kind === 'function') return { name, columns: cols, kind };
  return { name, columns: withStandardColumns(cols) };
}

/** Reads schema files from files or folders (every `.json` inside, not recursive). */
export function readSchemas(paths: readonly string[]): TableSchema[] {
  const out: TableSchema[] = [];
  for (const p of paths) {
    const files = statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(p, f))
      : [p];
    for (const f of files) out.push(parseSchema(readFileSync(f, 'utf8'), f));
  }
  return out;
}

/** The folder of schemas shipped with rule2sql. */
export const BUNDLED_SCHEMA_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'schemas',
  'sentinel',
);

/** Bundled schemas plus the user's (a user schema replaces a bundled one of the same name). */
export function schemaRegistry(extra: readonly TableSchema[] = []): SchemaRegistry {
  const map = new Map<string, TableSchema>();
  for (const s of readSchemas([BUNDLED_SCHEMA_DIR])) map.set(s.name, s);
  for (const s of extra) map.set(s.name, s);
  return map;
}
