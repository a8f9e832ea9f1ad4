/**
 * Running conformance cases: compile each case for a dialect, run it on a fresh set of fixture
 * tables, and compare the rows with the expectation (`compare.ts`). Results are data; only the
 * CLI and the scripts print them.
 *
 * Outcomes. `pass`; `fail` (wrong result, with a row diff and the SQL); `unsupported` (the
 * compiler refused with KQL3xxx diagnostics only); `error` (any other compile error, a compiler
 * crash, a database error, a fixture that could not be loaded); `skipped` (a documented
 * divergence: SQLite cannot store NaN). In the summary, `unsupported` and `skipped` count as
 * skipped, `fail` and `error` as failed.
 */
import { printPlan, planQuery } from '../compile.js';
import { DatabaseError, openSqlite, type Database } from '../db/database.js';
import { createTable, insertRows } from '../db/tables.js';
import { tableProfile } from '../table-profile.js';
import { ValueError, type CaseValue, type DbDialect } from '../db/values.js';
import { validateTrino } from '../backends/trino-validate.js';
import { unknownTrinoCalls } from '../backends/trino-functions.js';
import { CompileError, formatDiagnostic, type Diagnostic, type Source } from '../diagnostics.js';
import { loadRuleOrQueryFile, ruleFires, type LoadedRule } from '../frontend/sentinel-rule.js';
import type { Column, Plan } from '../ir/nodes.js';
import { executePlan } from '../run.js';
import { schemaRegistry, type SchemaRegistry, type TableSchema } from '../schema.js';
import type { Dialect } from '../types.js';
import type { CaseTable, ConformanceCase } from './case.js';
import { compareResult, formatComparison, type Comparison, type Row } from './compare.js';

// ---------------------------------------------------------------------------------------------
// Engines

/** A fixture table ready to create: its schema and its rows keyed by column name. */
export interface TableData {
  readonly schema: TableSchema;
  readonly rows: readonly Record<string, CaseValue>[];
}

/** Creating or filling the fixture tables failed (before the case's query ran). */
export class CaseSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaseSetupError';
  }
}

/** A database the runner executes cases on. */
export interface DatabaseEngine {
  readonly dialect: DbDialect;
  /**
   * Runs `f` on a database that holds exactly `tables`, created and filled for this call.
   * Throws CaseSetupError when the tables cannot be made.
   */
  withTables<T>(tables: readonly TableData[], f: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What a Trino executor gets: the statement, the fixture tables and the result's KQL columns. */
export interface TrinoRequest {
  readonly sql: string;
  readonly tables: readonly TableData[];
  readonly columns: readonly Column[];
}

/**
 * Runs Athena/Trino SQL on a live engine: loads `tables`, runs `sql` and returns the rows in the
 * conformance encoding of `columns`. Pluggable, because no Trino runs where the tests do. A
 * DatabaseError (the server cannot be reached) ends the run instead of failing one case.
 */
export type TrinoExecutor = (request: TrinoRequest) => Promise<readonly Row[]>;

/**
 * Athena: the SQL is always parsed with the Trino grammar; with an executor it is also run and
 * its rows compared, without one a case that compiles to valid syntax passes as `syntax`.
 */
export interface AthenaEngine {
  readonly dialect: 'athena';
  readonly execute?: TrinoExecutor;
  close(): Promise<void>;
}

export type Engine = DatabaseEngine | AthenaEngine;

async function loadTables(db: Database, tables: readonly TableData[]): Promise<void> {
  try {
    for (const t of tables) {
      await createTable(db, t.schema);
      await insertRows(db, t.schema, t.rows);
    }
  } catch (e) {
    throw new CaseSetupError(`loading the fixture tables failed: ${errorMessage(e)}`, { cause: e });
  }
}

/** SQLite: a new in-memory database per case, which costs about a millisecond. */
export function sqliteEngine(open: () => Promise<Database> = () => openSqlite()): DatabaseEngine {
  return {
    dialect: 'sqlite',
    async withTables(tables, f) {
      const db = await open();
      try {
        await loadTables(db, tables);
        return await f(db);
      } finally {
        await db.close();
      }
    },
    close: () => Promise.resolve(),
  };
}

/**
 * One connection for every case (opened on first use), whose tables are dropped before and
 * after each case. Calls are serialised, since all cases share the tables' names.
 */
export function sharedDatabaseEngine(
  dialect: DbDialect,
  open: () => Promise<Database>,
): DatabaseEngine {
  let opened: Promise<Database> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const drop = async (db: Database, tables: readonly TableData[]): Promise<void> => {
    for (const t of tables) {
      await db.knex.schema.dropTableIfExists(tableProfile(t.schema, db.dialect).physicalTable);
    }
  };

  const run = async <T>(tables: readonly TableData[], f: (db: Database) => Promise<T>) => {
    opened ??= open();
    const db = await opened;
    try {
      await drop(db, tables);
    } catch (e) {
      throw new CaseSetupError(`dropping old fixture tables failed: ${errorMessage(e)}`, {
        cause: e,
      });
    }
    try {
      await loadTables(db, tables);
      return await f(db);
    } finally {
      await drop(db, tables);
    }
  };

  return {
    dialect,
    withTables<T>(tables: readonly TableData[], f: (db: Database) => Promise<T>): Promise<T> {
      const result = queue.then(() => run(tables, f));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      if (opened !== undefined) await (await opened).close();
    },
  };
}

/** PostgreSQL on one connection (for example `() => openPostgres(url)`). */
export function postgresEngine(open: () => Promise<Database>): DatabaseEngine {
  return sharedDatabaseEngine('postgres', open);
}

export function athenaEngine(execute?: TrinoExecutor): AthenaEngine {
  return { dialect: 'athena', execute, close: () => Promise.resolve() };
}

// ---------------------------------------------------------------------------------------------
// Results

interface ResultBase {
  readonly id: string;
  readonly file: string;
  readonly dialect: Dialect;
  /** The generated SQL, once compilation got that far. */
  readonly sql?: string;
}

/** Where a case broke down, for `error` results. */
export type ErrorPhase =
  | 'load-rule' // the rule file could not be read
  | 'compile' // a compile error that is not an unsupported construct
  | 'crash' // the compiler threw something other than CompileError: a compiler bug
  | 'setup' // the fixture tables could not be created or filled
  | 'execute' // the database rejected the SQL
  | 'decode'; // a returned value does not fit its column's KQL type

export type CaseResult = ResultBase &
  (
    | { readonly status: 'pass'; readonly verified: 'rows' | 'syntax' }
    | {
        readonly status: 'fail';
        /** One line: what is wrong. */
        readonly reason: string;
        /** The full account: row diff, syntax errors or the trigger mismatch. */
        readonly details: string;
        readonly comparison?: Comparison;
      }
    | {
        readonly status: 'unsupported';
        readonly reason: string;
        readonly details: string;
        readonly diagnostics: readonly Diagnostic[];
      }
    | {
        readonly status: 'error';
        readonly phase: ErrorPhase;
        readonly reason: string;
        readonly details: string;
        readonly diagnostics?: readonly Diagnostic[];
      }
    | { readonly status: 'skipped'; readonly reason: string; readonly details: string }
  );

export type CaseStatus = CaseResult['status'];

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

/** KQL3xxx: valid KQL that has no faithful SQL (yet) in a dialect. */
function isUnsupported(d: Diagnostic): boolean {
  return d.code.startsWith('KQL3');
}

/** Turns what the compiler threw into the case's result. */
function compileFailure(base: ResultBase, e: unknown, phase: ErrorPhase = 'compile'): CaseResult {
  if (e instanceof CompileError) {
    const details = e.diagnostics.map(formatDiagnostic).join('\n');
    const first = e.diagnostics[0];
    const reason = first === undefined ? e.message : `${first.code}: ${first.message}`;
    if (e.diagnostics.length > 0 && e.diagnostics.every(isUnsupported)) {
      return { ...base, status: 'unsupported', reason, details, diagnostics: e.diagnostics };
    }
    return { ...base, status: 'error', phase, reason, details, diagnostics: e.diagnostics };
  }
  const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return {
    ...base,
    status: 'error',
    phase: 'crash',
    reason: `compiler crash: ${firstLine(errorMessage(e))}`,
    details: stack,
  };
}

// ---------------------------------------------------------------------------------------------
// Running one case

/**
 * Rule cases name Sentinel tables and usually list only the columns the case needs, while the
 * rule may mention any column of the table: the bundled schema supplies the rest (NULL in every
 * row), with the case's types taking precedence for the columns it lists.
 */
export function ruleCaseSchema(table: CaseTable, bundled: SchemaRegistry): TableSchema {
  const known = bundled.get(table.name);
  if (known === undefined) return { name: table.name, columns: table.columns };
  const own = new Map(table.columns.map((c) => [c.name, c]));
  const columns = known.columns.map((c) => own.get(c.name) ?? c);
  const inBundled = new Set(known.columns.map((c) => c.name));
  return {
    name: table.name,
    columns: [...columns, ...table.columns.filter((c) => !inBundled.has(c.name))],
  };
}

/** The case's tables; `bundled` (the Sentinel schemas) is given for rule cases only. */
function tableData(c: ConformanceCase, bundled: SchemaRegistry | undefined): TableData[] {
  return c.tables.map((t) => ({
    schema:
      bundled === undefined ? { name: t.name, columns: t.columns } : ruleCaseSchema(t, bundled),
    rows: t.rows.map((row) =>
      Object.fromEntries(t.columns.map((col, i) => [col.name, row[i] ?? null])),
    ),
  }));
}

interface Compiled {
  readonly source: Source;
  readonly plan: Plan;
  readonly sql: string;
  readonly rule?: LoadedRule;
}

/** The compiled case, or the result that ends it (unsupported, compile error, crash). */
function compileCase(
  c: ConformanceCase,
  dialect: Dialect,
  tables: readonly TableData[],
  bundled: SchemaRegistry | undefined,
): Compiled | CaseResult {
  const base: ResultBase = { id: c.id, file: c.file, dialect };
  let rule: LoadedRule | undefined;
  let source: Source;
  if (c.kind === 'rule') {
    try {
      rule = loadRuleOrQueryFile(c.rulePath);
    } catch (e) {
      return compileFailure(base, e, 'load-rule');
    }
    source = rule.querySource;
  } else {
    source = { name: `${c.file}#${c.id}`, text: c.query };
  }
  // Query cases see exactly their own tables; rule cases also see the bundled Sentinel schemas.
  const schemas = new Map<string, TableSchema>(bundled ?? []);
  for (const t of tables) schemas.set(t.schema.name, t.schema);
  try {
    const plan = planQuery(source, { schemas, now: c.now });
    return { source, plan, rule, sql: printPlan(plan, dialect, source) };
  } catch (e) {
    return compileFailure(base, e);
  }
}

function containsNaN(rows: readonly Row[]): boolean {
  return rows.some((r) => r.includes('NaN'));
}

const NAN_DIVERGENCE =
  'SQLite cannot store NaN (it becomes NULL): documented divergence, SEMANTICS.md §0';

/** Compares the rows and the rule trigger, and turns that into the case's result. */
function judge(
  c: ConformanceCase,
  dialect: Dialect,
  compiled: Compiled,
  columns: readonly Column[],
  rows: readonly Row[],
): CaseResult {
  const base: ResultBase = { id: c.id, file: c.file, dialect, sql: compiled.sql };
  const expected = {
    ...c.expected,
    ordered: c.ordered,
    unorderedArrays: c.unorderedArrays,
  };
  const options = { columnSubset: c.kind === 'rule' };
  const comparison = compareResult(expected, { columns, rows }, options);
  const problems: string[] = [];
  if (!comparison.ok) problems.push(formatComparison(comparison));
  if (c.kind === 'rule' && c.fires !== undefined && compiled.rule !== undefined) {
    const fires = ruleFires(compiled.rule, rows.length);
    if (fires !== c.fires) {
      const trigger = `${compiled.rule.triggerOperator ?? 'gt'} ${compiled.rule.triggerThreshold ?? 0}`;
      problems.push(
        `the rule ${fires ? 'fires' : 'does not fire'} (trigger ${trigger} over ${rows.length} rows); expected ${c.fires ? 'it to fire' : 'no alert'}`,
      );
    }
  }
  if (problems.length === 0) return { ...base, status: 'pass', verified: 'rows' };

  if (
    dialect === 'sqlite' &&
    problems.length === 1 &&
    !comparison.ok &&
    containsNaN(comparison.expectedRows) &&
    compareResult(expected, { columns, rows }, { ...options, nanMatchesNull: true }).ok
  ) {
    return {
      ...base,
      status: 'skipped',
      reason: NAN_DIVERGENCE,
      details: formatComparison(comparison),
    };
  }
  return {
    ...base,
    status: 'fail',
    reason: failReason(comparison, problems),
    details: `${problems.join('\n')}\n-- SQL (${dialect}):\n${compiled.sql}`,
    comparison,
  };
}

function failReason(c: Comparison, problems: readonly string[]): string {
  if (c.shape.length > 0) return c.shape[0] ?? '';
  if (c.orderOnly) return 'rows in the wrong order';
  if (c.missing.length > 0 || c.unexpected.length > 0) {
    return `rows differ: ${c.missing.length} missing, ${c.unexpected.length} unexpected`;
  }
  return problems[0] ?? 'result differs';
}

/** A query's result on a database: its SQL, KQL columns and rows in the conformance encoding. */
export interface Execution {
  readonly sql: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

async function executeOnDatabase(
  c: ConformanceCase,
  engine: DatabaseEngine,
  tables: readonly TableData[],
  compiled: Compiled,
): Promise<Execution | CaseResult> {
  const base: ResultBase = { id: c.id, file: c.file, dialect: engine.dialect, sql: compiled.sql };
  try {
    return await engine.withTables(tables, async (db) => {
      let result;
      try {
        result = await executePlan(db, compiled.plan, compiled.source);
      } catch (e) {
        // executePlan prints the plan again, which already succeeded once; kept for safety.
        if (e instanceof CompileError) return compileFailure(base, e);
        const phase: ErrorPhase = e instanceof ValueError ? 'decode' : 'execute';
        const what = phase === 'decode' ? 'cannot read the result' : 'database error';
        return {
          ...base,
          status: 'error',
          phase,
          reason: `${what}: ${firstLine(errorMessage(e))}`,
          details: `${errorMessage(e)}\n-- SQL (${engine.dialect}):\n${compiled.sql}`,
        } satisfies CaseResult;
      }
      return { sql: compiled.sql, columns: result.columns, rows: result.rows };
    });
  } catch (e) {
    if (!(e instanceof CaseSetupError)) throw e;
    return { ...base, status: 'error', phase: 'setup', reason: e.message, details: e.message };
  }
}

async function runOnDatabase(
  c: ConformanceCase,
  engine: DatabaseEngine,
  tables: readonly TableData[],
  compiled: Compiled,
): Promise<CaseResult> {
  const executed = await executeOnDatabase(c, engine, tables, compiled);
  if ('status' in executed) return executed;
  return judge(c, engine.dialect, compiled, executed.columns, executed.rows);
}

async function runOnAthena(
  c: ConformanceCase,
  engine: AthenaEngine,
  tables: readonly TableData[],
  compiled: Compiled,
): Promise<CaseResult> {
  const base: ResultBase = { id: c.id, file: c.file, dialect: 'athena', sql: compiled.sql };
  const validation = validateTrino(compiled.sql);
  if (!validation.ok) {
    const errors = validation.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
    return {
      ...base,
      status: 'fail',
      reason: `Trino syntax error: ${errors[0] ?? ''}`,
      details: `${errors.join('\n')}\n-- SQL (athena):\n${compiled.sql}`,
    };
  }
  // Names are not resolved by the grammar: each call must be one the Athena backend may print.
  const unknown = unknownTrinoCalls(compiled.sql).map(
    (f) => `${f.name} with ${String(f.arity)} argument(s)`,
  );
  if (unknown.length > 0) {
    return {
      ...base,
      status: 'fail',
      reason: `not a function of the Trino function table: ${unknown[0] ?? ''}`,
      details: `${unknown.join('\n')}\n-- SQL (athena):\n${compiled.sql}`,
    };
  }
  if (engine.execute === undefined) return { ...base, status: 'pass', verified: 'syntax' };
  const columns = compiled.plan.root.columns;
  let rows: readonly Row[];
  try {
    rows = await engine.execute({ sql: compiled.sql, tables, columns });
  } catch (e) {
    // No server to talk to is no result of this case: every later case would fail alike.
    if (e instanceof DatabaseError) throw e;
    return {
      ...base,
      status: 'error',
      phase: 'execute',
      reason: `database error: ${firstLine(errorMessage(e))}`,
      details: `${errorMessage(e)}\n-- SQL (athena):\n${compiled.sql}`,
    };
  }
  return judge(c, 'athena', compiled, columns, rows);
}

/** Runs one case on one engine. Never throws for a problem of the case, the compiler or the SQL. */
export async function runCase(c: ConformanceCase, engine: Engine): Promise<CaseResult> {
  const bundled = c.kind === 'rule' ? schemaRegistry() : undefined;
  const tables = tableData(c, bundled);
  const compiled = compileCase(c, engine.dialect, tables, bundled);
  if ('status' in compiled) return compiled;
  return engine.dialect === 'athena'
    ? runOnAthena(c, engine, tables, compiled)
    : runOnDatabase(c, engine, tables, compiled);
}

/**
 * Compiles a case and runs it on a database without judging the rows (the case's `expected` is
 * not read): the rows, or the result that ended the run (unsupported, compile or database error).
 * Used to compare two engines with each other.
 */
export async function executeCase(
  c: ConformanceCase,
  engine: DatabaseEngine,
): Promise<Execution | CaseResult> {
  const bundled = c.kind === 'rule' ? schemaRegistry() : undefined;
  const tables = tableData(c, bundled);
  const compiled = compileCase(c, engine.dialect, tables, bundled);
  if ('status' in compiled) return compiled;
  return executeOnDatabase(c, engine, tables, compiled);
}

/** Runs cases one after another (they may share the engine's connection). */
export async function runCases(
  cases: readonly ConformanceCase[],
  engine: Engine,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(await runCase(c, engine));
  return results;
}

// ---------------------------------------------------------------------------------------------
// Summary

export interface Counts {
  readonly passed: number;
  /** `fail` and `error` results. */
  readonly failed: number;
  /** `unsupported` and `skipped` (documented divergence) results. */
  readonly skipped: number;
  readonly unsupported: number;
  readonly errors: number;
  readonly divergences: number;
}

export interface DialectCounts extends Counts {
  readonly dialect: Dialect;
}

function count(results: readonly CaseResult[]): Counts {
  const n = (s: CaseStatus): number => results.filter((r) => r.status === s).length;
  return {
    passed: n('pass'),
    failed: n('fail') + n('error'),
    skipped: n('unsupported') + n('skipped'),
    unsupported: n('unsupported'),
    errors: n('error'),
    divergences: n('skipped'),
  };
}

/** Counts per dialect, in the order the dialects first appear in `results`. */
export function countByDialect(results: readonly CaseResult[]): DialectCounts[] {
  const dialects = [...new Set(results.map((r) => r.dialect))];
  return dialects.map((dialect) => ({
    dialect,
    ...count(results.filter((r) => r.dialect === dialect)),
  }));
}

/** The closing line: `N passed, N failed, N skipped`. */
export function summaryLine(c: Pick<Counts, 'passed' | 'failed' | 'skipped'>): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

/**
 * One line per dialect with the breakdown, then the closing line over all results. Athena
 * without an executor is marked, because its passes checked syntax only.
 */
export function formatSummary(results: readonly CaseResult[]): string {
  const lines = countByDialect(results).map((d) => {
    const syntaxOnly = results.some(
      (r) => r.dialect === d.dialect && r.status === 'pass' && r.verified === 'syntax',
    );
    const label = syntaxOnly ? `${d.dialect} (syntax only)` : d.dialect;
    const detail = `${d.unsupported} unsupported, ${d.divergences} documented divergences, ${d.errors} errors`;
    return `${label}: ${summaryLine(d)} (${detail})`;
  });
  lines.push(summaryLine(count(results)));
  return lines.join('\n');
}
