/**
 * Tables for KQL schemas: creation with the physical types of each dialect, and batched inserts of
 * rows written in the conformance encoding (see `values.ts`). Tables and columns are named by the
 * table's profile (`table-profile.ts`), as the printed SQL reads them.
 */
import type { Knex } from 'knex';
import { engineIdentifier } from '../backends/column-names.js';
import { Codes } from '../diagnostics.js';
import { INGESTION_TIME_COLUMN, type TableSchema } from '../schema.js';
import { tableProfile } from '../table-profile.js';
import type { KqlType } from '../types.js';
import { DatabaseError, type Database } from './database.js';
import { toSqlValue, type DbDialect, type SqlValue } from './values.js';

/** The column type each dialect stores a KQL type in (the decided physical mapping). */
export function physicalType(type: KqlType, dialect: DbDialect): string {
  const sqlite = dialect === 'sqlite';
  switch (type) {
    case 'string':
    case 'guid':
      return sqlite ? 'TEXT' : 'text';
    case 'long':
      return sqlite ? 'INTEGER' : 'bigint';
    case 'int':
      return sqlite ? 'INTEGER' : 'integer';
    case 'real':
    case 'decimal':
      return sqlite ? 'REAL' : 'double precision';
    case 'bool':
      return sqlite ? 'INTEGER' : 'boolean';
    case 'datetime':
      return sqlite ? 'INTEGER' : 'timestamptz';
    case 'timespan':
      return sqlite ? 'INTEGER' : 'interval';
    case 'dynamic':
      return sqlite ? 'TEXT' : 'jsonb';
  }
}

/** The name of the unique index `createTable` makes for `uniqueColumn`. */
export function uniqueIndexName(table: string, column: string): string {
  return `${table}_${column}_unique`;
}

function columnOf(schema: TableSchema, name: string): void {
  if (!schema.columns.some((c) => c.name === name)) {
    throw new Error(`table ${schema.name} has no column ${name}`);
  }
}

/**
 * Creates the table for `schema`, under its profile's physical names (knex quotes them; KQL names
 * are case-sensitive, and columns the engine would take for one name have physical names apart).
 * `uniqueColumn` adds a unique index, which `insertRows`'s `ignoreConflictsOn` needs. After the
 * schema's columns comes the hidden datetime column `INGESTION_TIME_COLUMN` that
 * `ingestion_time()` reads; `insertRows` fills it when given an ingestion time, else it stays NULL
 * (as Kusto's is without an IngestionTime policy).
 */
export async function createTable(
  db: Database,
  schema: TableSchema,
  opts: { uniqueColumn?: string } = {},
): Promise<void> {
  const { uniqueColumn } = opts;
  if (uniqueColumn !== undefined) columnOf(schema, uniqueColumn);
  if (schema.columns.some((c) => c.name === INGESTION_TIME_COLUMN)) {
    throw new Error(
      `table ${schema.name} cannot have a column ${INGESTION_TIME_COLUMN}: rule2sql keeps the ingestion time there`,
    );
  }
  const profile = tableProfile(schema, db.dialect);
  const builder = db.knex.schema.createTable(profile.physicalTable, (t) => {
    for (const c of profile.columns) t.specificType(c.physical, physicalType(c.type, db.dialect));
    t.specificType(INGESTION_TIME_COLUMN, physicalType('datetime', db.dialect));
    if (uniqueColumn !== undefined) {
      t.unique([profile.physical(uniqueColumn)], {
        indexName: uniqueIndexName(schema.name, uniqueColumn),
      });
    }
  });
  const statements = builder.toSQL().map((q) => q.sql);
  try {
    await builder;
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    // knex prefixes the database's message with the whole statement, which for a wide table is
    // hundreds of columns long: keep the database's message and name the table.
    const prefix = statements.find((sql) => e.message.startsWith(`${sql} - `));
    const message = prefix === undefined ? e.message : e.message.slice(prefix.length + 3);
    throw new Error(`creating table ${schema.name}: ${message}`, { cause: e });
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Whether a table (or view) with that name is visible. SQLite matches table names without regard
 * to ASCII case, so `t` exists there once `T` does; PostgreSQL looks the exact quoted name up on
 * the search_path. (knex's `hasTable` compares SQLite names case-sensitively, and a later CREATE
 * would then fail.)
 */
export async function tableExists(db: Database, name: string): Promise<boolean> {
  const { rows } =
    db.dialect === 'sqlite'
      ? await db.query(
          `SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE`,
          [name],
        )
      : await db.query('SELECT 1 WHERE to_regclass($1) IS NOT NULL', [quoteIdent(name)]);
  return rows.length > 0;
}

/** An existing table lacks columns its schema has, so rows cannot be loaded into it. */
export class TableShapeError extends Error {
  readonly code = Codes.tableShapeMismatch;
  constructor(message: string) {
    super(message);
    this.name = 'TableShapeError';
  }
}

/**
 * Throws TableShapeError when the existing table `schema.name` lacks some of the physical columns
 * of the schema's profile (names compared as the dialect resolves them: ASCII case aside on
 * SQLite, the first 63 bytes on PostgreSQL). Extra columns are allowed; they stay NULL.
 */
export async function checkTableColumns(db: Database, schema: TableSchema): Promise<void> {
  const profile = tableProfile(schema, db.dialect);
  const { columns } = await db.query(`SELECT * FROM ${quoteIdent(profile.physicalTable)} LIMIT 0`);
  const fold = (n: string): string => engineIdentifier(n, db.dialect);
  const have = new Set(columns.map(fold));
  const missing = profile.columns.map((c) => c.physical).filter((n) => !have.has(fold(n)));
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
  throw new TableShapeError(
    `the existing table ${schema.name} lacks ${String(missing.length)} of the ` +
      `${String(schema.columns.length)} columns rule2sql loads (${shown}); load into a new database or drop the table`,
  );
}

/** Whether the table has the hidden ingestion-time column `createTable` adds. */
export async function hasIngestionTimeColumn(db: Database, table: string): Promise<boolean> {
  const { columns } = await db.query(`SELECT * FROM ${quoteIdent(table)} LIMIT 0`);
  return columns.includes(INGESTION_TIME_COLUMN);
}

/**
 * Adds the hidden ingestion-time column to a table made before rule2sql kept one (or made
 * elsewhere). Its rows keep NULL there: their ingestion time is not known, as Kusto gives null
 * for records ingested before the IngestionTime policy was enabled.
 */
export async function ensureIngestionTimeColumn(db: Database, table: string): Promise<void> {
  if (await hasIngestionTimeColumn(db, table)) return;
  await db.exec(
    `ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${quoteIdent(INGESTION_TIME_COLUMN)} ` +
      physicalType('datetime', db.dialect),
  );
}

/**
 * Adds the unique index `createTable` would have made on `column`, when a table created elsewhere
 * lacks it. Fails if existing rows already hold duplicates.
 */
export async function ensureUniqueIndex(
  db: Database,
  schema: TableSchema,
  column: string,
): Promise<void> {
  columnOf(schema, column);
  const profile = tableProfile(schema, db.dialect);
  // Both dialects accept this statement; knex's builder has no IF NOT EXISTS for indexes.
  await db.exec(
    `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(uniqueIndexName(schema.name, column))} ` +
      `ON ${quoteIdent(profile.physicalTable)} (${quoteIdent(profile.physical(column))})`,
  );
}

/**
 * Rows per INSERT statement. knex writes a multi-row SQLite insert as `SELECT … UNION ALL SELECT
 * …`, and SQLite allows at most 500 terms in a compound SELECT and 32,766 bound parameters
 * (PostgreSQL allows 65,535).
 */
function batchSize(columns: number): number {
  return Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, columns))));
}

/**
 * Inserts rows given in the conformance encoding (`{column: value}`; a missing column is NULL).
 * With `ignoreConflictsOn`, rows whose value in that column already exists are skipped (the
 * column needs a unique index). `ingestionTime` (RFC 3339) goes into every row's hidden
 * ingestion-time column. Returns how many rows were inserted.
 */
export async function insertRows(
  db: Database,
  schema: TableSchema,
  rows: readonly Record<string, unknown>[],
  opts: { ignoreConflictsOn?: string; ingestionTime?: string } = {},
): Promise<number> {
  const { ignoreConflictsOn, ingestionTime } = opts;
  const ingested =
    ingestionTime === undefined ? undefined : toSqlValue('datetime', ingestionTime, db.dialect);
  if (ignoreConflictsOn !== undefined) columnOf(schema, ignoreConflictsOn);
  const profile = tableProfile(schema, db.dialect);
  const known = new Set(schema.columns.map((c) => c.name));
  const size = batchSize(schema.columns.length + (ingested === undefined ? 0 : 1));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size).map((row) => {
      for (const key of Object.keys(row)) {
        if (!known.has(key)) throw new Error(`table ${schema.name} has no column ${key}`);
      }
      const out: Record<string, SqlValue> = {};
      for (const c of profile.columns) {
        out[c.physical] = toSqlValue(c.type, row[c.name], db.dialect);
      }
      if (ingested !== undefined) out[INGESTION_TIME_COLUMN] = ingested;
      return out;
    });
    const query: Knex.QueryBuilder = db.knex(profile.physicalTable).insert(batch);
    try {
      if (ignoreConflictsOn === undefined) {
        await query;
        inserted += batch.length;
      } else {
        // RETURNING lists only the rows actually inserted, on both SQLite (3.35+) and PostgreSQL.
        const key = profile.physical(ignoreConflictsOn);
        const returned: unknown[] = await query.onConflict(key).ignore().returning(key);
        inserted += returned.length;
      }
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      // knex prefixes the database's message with the whole INSERT and its values: keep the
      // database's message, with the code every database failure carries.
      const cut = e.message.lastIndexOf(' - ');
      const message =
        cut >= 0 && /^insert into /i.test(e.message) ? e.message.slice(cut + 3) : e.message;
      throw new DatabaseError(`inserting into table ${schema.name}: ${message}`, { cause: e });
    }
  }
  return inserted;
}
