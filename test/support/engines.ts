/** SQLite and PostgreSQL conformance engines opened before a suite's tests and closed after. */
import { afterAll, beforeAll } from 'vitest';
import { postgresEngine, sqliteEngine, type DatabaseEngine } from '../../src/conformance/runner.js';
import { openTestPostgres } from './postgres.js';

export interface TwoEngines {
  readonly sqlite: () => DatabaseEngine;
  readonly postgres: () => DatabaseEngine;
}

/** Registers the hooks; call inside `describe`. */
export function sqliteAndPostgres(): TwoEngines {
  let sqlite: DatabaseEngine | undefined;
  let postgres: DatabaseEngine | undefined;
  beforeAll(() => {
    sqlite = sqliteEngine();
    postgres = postgresEngine(() => openTestPostgres());
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });
  const get = (e: DatabaseEngine | undefined): DatabaseEngine => {
    if (e === undefined) throw new Error('engines are opened in beforeAll');
    return e;
  };
  return { sqlite: () => get(sqlite), postgres: () => get(postgres) };
}
