/**
 * SQL that `openPostgres` runs once on every new database connection before generated SQL: helper
 * functions the PostgreSQL backend emits calls to.
 */
export const POSTGRES_PRELUDE = '';
