/**
 * PostgreSQL for tests: each call makes a fresh database on the server the globalSetup provided,
 * so test files running in parallel never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgres, type Database } from '../../src/db/database.js';

/** The admin URL from globalSetup (`PG_URL` or the embedded server). */
export function pgAdminUrl(): string {
  return inject('pgAdminUrl');
}

async function admin<T>(f: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** URL of the new database. */
  readonly url: string;
  /** Drops the database (it must have no open connections). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database, by default UTF8 with a C.UTF-8 locale whatever the server's defaults
 * are; `options` replaces the `ENCODING … LOCALE …` clause (to test databases rule2sql refuses).
 */
export async function createTestDatabase(
  options = "ENCODING 'UTF8' LOCALE 'C.UTF-8'",
): Promise<TestDatabase> {
  const name = `rule2sql_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE template0 ${options}`));
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * Opens a fresh database through `openPostgres`; closing it also drops it. `options` is the
 * `ENCODING … LOCALE …` clause of `createTestDatabase` (e.g. an ICU collation).
 */
export async function openTestPostgres(options?: string): Promise<Database> {
  const created = await createTestDatabase(options);
  let db: Database;
  try {
    db = await openPostgres(created.url);
  } catch (e) {
    await created.drop();
    throw e;
  }
  const opened = db;
  return {
    dialect: opened.dialect,
    knex: opened.knex,
    query: (sql, params) => opened.query(sql, params),
    exec: (sql) => opened.exec(sql),
    close: async () => {
      await opened.close();
      await created.drop();
    },
  };
}
