/**
 * SQL functions that generated SQLite SQL relies on (Unicode case folding, regex, …), registered
 * on every connection `openSqlite` creates.
 */
import type BetterSqlite3 from 'better-sqlite3';

export function registerSqliteFunctions(_db: BetterSqlite3.Database): void {
  // Placeholder so the database layer can call this hook; the backend fills in the functions.
}
