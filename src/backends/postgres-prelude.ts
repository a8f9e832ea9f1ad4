/**
 * SQL that `openPostgres` runs once when it opens a database, before any generated SQL: helper
 * functions the PostgreSQL backend emits calls to.
 */
export const POSTGRES_PRELUDE = '';
