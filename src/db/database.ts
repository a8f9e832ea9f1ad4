/**
 * Database connections for running generated SQL: SQLite (better-sqlite3) and PostgreSQL (pg).
 *
 * Generated SQL goes to the drivers directly, never through `knex.raw` (knex rewrites `?`, which
 * generated SQL may contain inside string literals). knex is kept for DDL and batched inserts, on
 * the same connection as the raw statements: an in-memory SQLite database exists per connection,
 * and a PostgreSQL session's settings (time zone, interval style, search_path) must be the ones the
 * generated SQL sees.
 */
import { createRequire } from 'node:module';
import BetterSqlite3 from 'better-sqlite3';
import createKnex, { type Knex } from 'knex';
import pg from 'pg';
import { registerSqliteFunctions } from '../backends/sqlite-functions.js';
import { POSTGRES_PRELUDE } from '../backends/postgres-prelude.js';
import { Codes } from '../diagnostics.js';
import type { DbDialect } from './values.js';
import { integerValue } from './values.js';

export interface QueryResult {
  readonly columns: string[];
  readonly rows: unknown[][];
}

/**
 * An open database. `query` returns raw driver values, normalised the same way on both dialects:
 * integers as number when exactly representable, else BigInt; SQLite INTEGER/REAL/TEXT as is;
 * PostgreSQL timestamptz and interval as text (full microsecond precision, UTC, `postgres`
 * IntervalStyle), jsonb parsed, boolean as boolean. `fromSqlValue` turns them into KQL values.
 */
export interface Database {
  readonly dialect: DbDialect;
  /**
   * The knex instance bound to this database, for schema building and inserts. Its pool holds the
   * single connection `query` uses, so do not call `query`/`exec` inside `knex.transaction`.
   */
  readonly knex: Knex;
  /** Runs one statement with positional parameters (`?` on SQLite, `$1` on PostgreSQL). */
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A database could not be opened or does not meet rule2sql's requirements. */
export class DatabaseError extends Error {
  readonly code = Codes.databaseError;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite

const require = createRequire(import.meta.url);

/**
 * A knex client class that hands out one existing better-sqlite3 handle instead of opening its
 * own, so knex and the raw statements share the database (`:memory:` is per connection).
 */
function sharedHandleClient(handle: BetterSqlite3.Database): typeof Knex.Client {
  const BetterSqliteClient =
    require('knex/lib/dialects/better-sqlite3/index.js') as typeof Knex.Client;
  return class SharedHandleClient extends BetterSqliteClient {
    override acquireRawConnection(): Promise<BetterSqlite3.Database> {
      return Promise.resolve(handle);
    }
    override destroyRawConnection(): Promise<void> {
      // The handle belongs to the Database object, which closes it after knex.
      return Promise.resolve();
    }
  };
}

function sqliteParam(value: unknown): unknown {
  // better-sqlite3 binds neither booleans nor undefined; SQLite stores bool as 0/1.
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

function normaliseInteger(value: unknown): unknown {
  return typeof value === 'bigint' ? integerValue(value) : value;
}

/**
 * knex logs pool and driver failures (`Acquire connection error: …` with a stack) to the console
 * before rejecting; library code does not print, and the rejection reaches the caller anyway.
 */
const SILENT_LOG: Knex.Logger = {
  warn: () => undefined,
  error: () => undefined,
  deprecate: () => undefined,
  debug: () => undefined,
};

class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  readonly knex: Knex;
  private readonly handle: BetterSqlite3.Database;

  constructor(handle: BetterSqlite3.Database, file: string) {
    this.handle = handle;
    this.knex = createKnex({
      client: sharedHandleClient(handle),
      connection: { filename: file },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
      log: SILENT_LOG,
    });
  }

  // better-sqlite3 is synchronous; the executor turns a thrown error into a rejection.
  query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    return new Promise((resolve) => {
      resolve(this.querySync(sql, params));
    });
  }

  private querySync(sql: string, params: readonly unknown[]): QueryResult {
    const stmt = this.handle.prepare(sql);
    const bound = params.map(sqliteParam);
    if (!stmt.reader) {
      stmt.run(...bound);
      return { columns: [], rows: [] };
    }
    // safeIntegers: microsecond datetimes and long values may exceed 2^53.
    stmt.safeIntegers(true);
    stmt.raw(true);
    const columns = stmt.columns().map((c) => c.name);
    const rows = (stmt.all(...bound) as unknown[][]).map((row) => row.map(normaliseInteger));
    return { columns, rows };
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve) => {
      this.handle.exec(sql);
      resolve();
    });
  }

  async close(): Promise<void> {
    await this.knex.destroy();
    if (this.handle.open) this.handle.close();
  }
}

/** Opens (or creates) a SQLite database file, or a private in-memory database by default. */
export function openSqlite(file = ':memory:'): Promise<Database> {
  return new Promise((resolve) => {
    let handle: BetterSqlite3.Database;
    try {
      handle = new BetterSqlite3(file);
    } catch (e) {
      throw new DatabaseError(`cannot open SQLite database ${file}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    registerSqliteFunctions(handle);
    resolve(new SqliteDatabase(handle, file));
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const PG_OID = {
  int8: 20,
  json: 114,
  numeric: 1700,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  jsonb: 3802,
} as const;

const asText = (value: string): string => value;
const parseJson = (value: string): unknown => JSON.parse(value);

/**
 * Type parsers for our clients only: pg's global `types.setTypeParser` would change every other
 * pg user in the process. Temporal types stay text, because pg's default turns them into
 * millisecond `Date`s and loses the microseconds.
 */
function pgTypeParsers(): Knex.PgCustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(PG_OID.int8, (v) => integerValue(BigInt(v)));
  types.setTypeParser(PG_OID.numeric, (v) =>
    /^-?\d+$/.test(v) ? integerValue(BigInt(v)) : Number(v),
  );
  for (const oid of [
    PG_OID.date,
    PG_OID.time,
    PG_OID.timestamp,
    PG_OID.timestamptz,
    PG_OID.interval,
    PG_OID.timetz,
  ]) {
    types.setTypeParser(oid, asText);
  }
  types.setTypeParser(PG_OID.json, parseJson);
  types.setTypeParser(PG_OID.jsonb, parseJson);
  return {
    getTypeParser: (oid, format) =>
      types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text'),
  };
}

/**
 * Session settings the value codec depends on: timestamptz printed in UTC in ISO style and
 * intervals in the `postgres` style that `parsePostgresIntervalMicros` reads.
 */
const PG_SESSION_SETUP =
  "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'";

class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly knex: Knex;

  constructor(url: string) {
    this.knex = createKnex({
      client: 'pg',
      connection: { connectionString: url, types: pgTypeParsers() },
      log: SILENT_LOG,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
          conn.query(PG_SESSION_SETUP).then(
            () => {
              done(null, conn);
            },
            (e: unknown) => {
              done(e as Error, conn);
            },
          );
        },
      },
    });
  }

  private async withConnection<T>(f: (conn: pg.Client) => Promise<T>): Promise<T> {
    const client = this.knex.client as Knex.Client;
    const conn = (await client.acquireConnection()) as pg.Client;
    try {
      return await f(conn);
    } finally {
      await client.releaseConnection(conn);
    }
  }

  query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    // pg runs a parameterless query through the simple protocol, which accepts several
    // statements; the extended protocol makes PostgreSQL take one, as better-sqlite3 does.
    const config: pg.QueryArrayConfig & { queryMode: 'extended' } = {
      text: sql,
      values: params.map((p) => p ?? null),
      rowMode: 'array',
      queryMode: 'extended',
    };
    return this.withConnection(async (conn) => {
      const res = await conn.query<unknown[]>(config);
      return { columns: res.fields.map((f) => f.name), rows: res.rows };
    });
  }

  exec(sql: string): Promise<void> {
    return this.withConnection(async (conn) => {
      await conn.query(sql);
    });
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable PostgreSQL URL)';
  }
}

/**
 * Checks that the database is UTF8 with a UTF-8 character classification: under a "C" ctype,
 * PostgreSQL regex classes like `[[:alnum:]]` and `lower()` are ASCII-only, which breaks KQL
 * `has` term boundaries and case-insensitive comparisons (SEMANTICS.md §9).
 */
async function checkEncoding(db: Database): Promise<void> {
  const { rows } = await db.query(
    `SELECT current_setting('server_encoding'), to_jsonb(d)
       FROM pg_database d WHERE d.datname = current_database()`,
  );
  const [encoding, info] = (rows[0] ?? []) as [string | undefined, Record<string, unknown>?];
  const field = (key: string): string | undefined => {
    const v = info?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  const name = field('datname') ?? '?';
  const ctype = field('datctype') ?? '';
  const provider = field('datlocprovider') ?? 'c';
  // PostgreSQL 17 renamed daticulocale to datlocale and added the builtin provider.
  const locale = field('datlocale') ?? field('daticulocale') ?? '';
  const utf8 = /utf-?8/i;
  const ctypeOk =
    provider === 'i' ||
    (provider === 'b' && locale.toUpperCase() !== 'C') ||
    (provider === 'c' && utf8.test(ctype));
  if (encoding === 'UTF8' && ctypeOk) return;
  const found =
    provider === 'c' ? `ctype ${ctype}` : `locale provider ${provider}, locale ${locale}`;
  throw new DatabaseError(
    `PostgreSQL database "${name}" must use UTF8 encoding and a UTF-8 ctype ` +
      `(found encoding ${encoding ?? '?'}, ${found}); create one with ` +
      `CREATE DATABASE ... TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`,
  );
}

/**
 * Connects to a PostgreSQL database (`postgres://user:pass@host:port/db`), checks its encoding
 * and runs the backend prelude.
 */
export async function openPostgres(url: string): Promise<Database> {
  const db = new PostgresDatabase(url);
  try {
    await checkEncoding(db);
    if (POSTGRES_PRELUDE.trim() !== '') await db.exec(POSTGRES_PRELUDE);
  } catch (e) {
    await db.close();
    if (e instanceof DatabaseError) throw e;
    throw new DatabaseError(
      `cannot open PostgreSQL database ${describeUrl(url)}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  return db;
}
