/**
 * Real-rule coverage: how far each rule of a set gets through the pipeline in each dialect, and
 * why the others stop. The stages, in order:
 *
 * - load: the YAML rule (or .kql file) is read and validated;
 * - parse: the KQL query parses;
 * - bind: names and types resolve against the schemas (the plan exists);
 * - transpile: the dialect prints SQL for the plan;
 * - execute: SQLite and PostgreSQL run the statement against empty tables created from the
 *   schemas of the tables the rule reads; for Athena, the statement parses under the Trino
 *   grammar (no Trino engine runs here).
 *
 * Library code: reports progress through a callback and never prints.
 */
import { validateTrino } from './backends/trino-validate.js';
import { planQuery, printPlan } from './compile.js';
import { CompileError, type Source } from './diagnostics.js';
import { DatabaseError, type Database } from './db/database.js';
import { createTable } from './db/tables.js';
import { planScans } from './ir/scans.js';
import { parseQuery } from './frontend/parser.js';
import { loadRuleOrQueryFile } from './frontend/sentinel-rule.js';
import type { Plan } from './ir/nodes.js';
import type { SchemaRegistry } from './schema.js';
import { DIALECTS, type Dialect } from './types.js';

export const STAGES = ['load', 'parse', 'bind', 'transpile', 'execute'] as const;
export type Stage = (typeof STAGES)[number];

/** Where one rule stopped in one dialect, or `undefined` when it executed. */
export interface Failure {
  readonly stage: Stage;
  /** A diagnostic code (`KQL3001`), `R2S5003` for a database error, `INTERNAL` for a crash. */
  readonly code: string;
  /** What failed: the diagnostic message, or the database's or Trino parser's first error. */
  readonly construct: string;
}

export interface RuleCoverage {
  /** The rule's path as given. */
  readonly rule: string;
  /** Tables the plan scans (empty when binding failed). */
  readonly tables: readonly string[];
  readonly dialects: Readonly<Record<Dialect, Failure | undefined>>;
}

export interface FailureGroup extends Failure {
  readonly rules: readonly string[];
}

export interface DialectCoverage {
  readonly rules: number;
  readonly parsed: number;
  readonly bound: number;
  readonly transpiled: number;
  /** Undefined when execution was not checked (PostgreSQL unavailable). */
  readonly executed: number | undefined;
  /** Failures grouped by stage, code and construct; most rules first. */
  readonly failures: readonly FailureGroup[];
}

export interface CoverageReport {
  readonly rules: number;
  readonly dialects: Readonly<Record<Dialect, DialectCoverage>>;
  /** Why PostgreSQL execution was not checked, when it was not. */
  readonly postgresSkipped?: string;
  readonly details: readonly RuleCoverage[];
}

export interface CoverageOptions {
  readonly schemas: SchemaRegistry;
  readonly now?: bigint;
  /** An open SQLite database the statements run on (tables are created in it as needed). */
  readonly sqlite: Database;
  /** An open PostgreSQL database, or why there is none. */
  readonly postgres: Database | { readonly skipped: string };
  /** Called after each rule, for progress display. */
  readonly onRule?: (done: number, total: number, rule: string) => void;
}

/** Message text on one line, without the dialect suffix the backends append. */
function oneLine(message: string): string {
  return (message.split('\n')[0] ?? '').trim();
}

function failureOf(stage: Stage, e: unknown): Failure {
  if (e instanceof CompileError) {
    const d = e.diagnostics[0];
    return {
      stage,
      code: d?.code ?? 'INTERNAL',
      construct: oneLine(d?.message ?? e.message).replace(/ \(dialect \w+\)$/, ''),
    };
  }
  if (e instanceof DatabaseError) return { stage, code: e.code, construct: oneLine(e.message) };
  const message = e instanceof Error ? e.message : String(e);
  return { stage, code: stage === 'execute' ? 'R2S5003' : 'INTERNAL', construct: oneLine(message) };
}

/** Names of the tables a plan scans, sorted. */
export function scannedTables(plan: Plan): string[] {
  return [...new Set(planScans(plan).map((s) => s.table))].sort();
}

/** Creates, once per database, the empty tables a statement reads. */
class TableMaker {
  private readonly made = new Map<Database, Set<string>>();
  constructor(private readonly schemas: SchemaRegistry) {}

  async ensure(db: Database, tables: readonly string[]): Promise<void> {
    let made = this.made.get(db);
    if (made === undefined) {
      made = new Set();
      this.made.set(db, made);
    }
    for (const t of tables) {
      if (made.has(t)) continue;
      const schema = this.schemas.get(t);
      if (schema === undefined) throw new Error(`no schema for table ${t}`);
      await createTable(db, schema);
      made.add(t);
    }
  }
}

async function executeIn(
  dialect: Dialect,
  sql: string,
  tables: readonly string[],
  opts: CoverageOptions,
  maker: TableMaker,
): Promise<Failure | undefined> {
  try {
    if (dialect === 'athena') {
      const v = validateTrino(sql);
      const first = v.errors[0];
      if (first === undefined) return undefined;
      return {
        stage: 'execute',
        code: 'TRINO',
        construct: `Trino grammar: ${oneLine(first.message)}`,
      };
    }
    const db = dialect === 'sqlite' ? opts.sqlite : opts.postgres;
    if (!('query' in db)) return undefined;
    await maker.ensure(db, tables);
    await db.query(sql);
    return undefined;
  } catch (e) {
    return failureOf('execute', e);
  }
}

async function coverRule(
  file: string,
  opts: CoverageOptions,
  maker: TableMaker,
): Promise<RuleCoverage> {
  const all = (f: Failure): RuleCoverage => ({
    rule: file,
    tables: [],
    dialects: { sqlite: f, postgres: f, athena: f },
  });
  let source: Source;
  try {
    source = loadRuleOrQueryFile(file).querySource;
  } catch (e) {
    return all(failureOf('load', e));
  }
  try {
    parseQuery(source);
  } catch (e) {
    return all(failureOf('parse', e));
  }
  let plan: Plan;
  try {
    plan = planQuery(source, { schemas: opts.schemas, now: opts.now });
  } catch (e) {
    return all(failureOf('bind', e));
  }
  const tables = scannedTables(plan);
  const dialects: Partial<Record<Dialect, Failure | undefined>> = {};
  for (const dialect of DIALECTS) {
    let sql: string;
    try {
      sql = printPlan(plan, dialect, source);
    } catch (e) {
      dialects[dialect] = failureOf('transpile', e);
      continue;
    }
    dialects[dialect] = await executeIn(dialect, sql, tables, opts, maker);
  }
  return {
    rule: file,
    tables,
    dialects: { sqlite: dialects.sqlite, postgres: dialects.postgres, athena: dialects.athena },
  };
}

function reached(details: readonly RuleCoverage[], dialect: Dialect, stage: Stage): number {
  const index = STAGES.indexOf(stage);
  return details.filter((r) => {
    const f = r.dialects[dialect];
    return f === undefined || STAGES.indexOf(f.stage) > index;
  }).length;
}

function summarise(
  details: readonly RuleCoverage[],
  dialect: Dialect,
  executionChecked: boolean,
): DialectCoverage {
  const groups = new Map<string, { failure: Failure; rules: string[] }>();
  for (const r of details) {
    const f = r.dialects[dialect];
    if (f === undefined) continue;
    const key = `${f.stage}\u0000${f.code}\u0000${f.construct}`;
    const g = groups.get(key) ?? { failure: f, rules: [] };
    g.rules.push(r.rule);
    groups.set(key, g);
  }
  const failures = [...groups.values()]
    .map((g) => ({ ...g.failure, rules: g.rules }))
    .sort(
      (a, b) =>
        b.rules.length - a.rules.length ||
        STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
        a.code.localeCompare(b.code) ||
        a.construct.localeCompare(b.construct),
    );
  return {
    rules: details.length,
    parsed: reached(details, dialect, 'parse'),
    bound: reached(details, dialect, 'bind'),
    transpiled: reached(details, dialect, 'transpile'),
    executed: executionChecked ? reached(details, dialect, 'execute') : undefined,
    failures,
  };
}

/** Runs every rule file through every stage in every dialect. */
export async function runCoverage(
  files: readonly string[],
  opts: CoverageOptions,
): Promise<CoverageReport> {
  const maker = new TableMaker(opts.schemas);
  const details: RuleCoverage[] = [];
  for (const [i, file] of files.entries()) {
    details.push(await coverRule(file, opts, maker));
    opts.onRule?.(i + 1, files.length, file);
  }
  const pgSkipped = 'skipped' in opts.postgres ? opts.postgres.skipped : undefined;
  return {
    rules: files.length,
    dialects: {
      sqlite: summarise(details, 'sqlite', true),
      postgres: summarise(details, 'postgres', pgSkipped === undefined),
      athena: summarise(details, 'athena', true),
    },
    ...(pgSkipped === undefined ? {} : { postgresSkipped: pgSkipped }),
    details,
  };
}
