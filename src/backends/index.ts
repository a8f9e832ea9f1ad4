/** The backend registry: one printer per dialect. */
import { assertNever } from '../diagnostics.js';
import type { Dialect } from '../types.js';
import { AthenaBackend } from './athena.js';
import type { SqlBackend } from './base.js';
import { PostgresBackend } from './postgres.js';
import { SqliteBackend } from './sqlite.js';

export function backendFor(dialect: Dialect): SqlBackend {
  switch (dialect) {
    case 'sqlite':
      return new SqliteBackend();
    case 'postgres':
      return new PostgresBackend();
    case 'athena':
      return new AthenaBackend();
    default:
      return assertNever(dialect);
  }
}
