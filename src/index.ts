/** rule2sql as a library: compile KQL to SQL, run it, and set up users' own connections. */
export { compileQuery, planQuery, printPlan, type CompileOptions } from './compile.js';
export {
  CompileError,
  Codes,
  formatDiagnostic,
  type Diagnostic,
  type Source,
  type Span,
} from './diagnostics.js';
export { registerSqliteFunctions, SQLITE_FUNCTION_NAMES } from './backends/sqlite-functions.js';
export { POSTGRES_PRELUDE, POSTGRES_PRELUDE_VERSION } from './backends/postgres-prelude.js';
export {
  loadRuleFile,
  loadRuleOrQueryFile,
  parseRule,
  ruleFires,
} from './frontend/sentinel-rule.js';
export { schemaRegistry, readSchemas, type TableSchema } from './schema.js';
export { planText } from './ir/print.js';
export { executePlan, type ResultSet } from './run.js';
export { openSqlite, openPostgres, type Database } from './db/database.js';
export { loadCloudTrail } from './loader/cloudtrail.js';
export { DIALECTS, type Dialect, type KqlType } from './types.js';
