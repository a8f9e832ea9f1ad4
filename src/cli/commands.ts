/** The CLI commands; each returns its exit code. */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { POSTGRES_PRELUDE } from '../backends/postgres-prelude.js';
import { SQLITE_FUNCTION_NAMES } from '../backends/sqlite-functions.js';
import { planQuery, printPlan } from '../compile.js';
import {
  CompileError,
  Codes,
  InternalError,
  assertNever,
  diagnostic,
  type Diagnostic,
  type Span,
} from '../diagnostics.js';
import type { CaseValue } from '../db/values.js';
import { closestNames } from '../frontend/suggest.js';
import type { Column } from '../ir/nodes.js';
import { validateTrino } from '../backends/trino-validate.js';
import { openPostgres, openSqlite, type Database } from '../db/database.js';
import { parseDatetimeMicros } from '../db/time.js';
import {
  loadRuleOrQueryFile,
  ruleFires,
  type LoadedRule,
  type SentinelRule,
} from '../frontend/sentinel-rule.js';
import { planText } from '../ir/print.js';
import { loadCloudTrail, summariseLoad, type LoadReport } from '../loader/cloudtrail.js';
import { executePlan } from '../run.js';
import { readSchemas, schemaRegistry, type SchemaRegistry } from '../schema.js';
import type { Dialect } from '../types.js';
import {
  CliFailure,
  cellText,
  escapeControl,
  formatRows,
  info,
  printDiagnostics,
  reportError,
  sqlCommentText,
  toJson,
} from './output.js';

const RULE_EXTENSIONS = new Set(['.yaml', '.yml', '.kql', '.csl']);

/** Rule files named directly, and every rule file below a named folder (sorted). */
export function expandRulePaths(paths: readonly string[]): { file: string; root: string }[] {
  const out: { file: string; root: string }[] = [];
  const walk = (dir: string, root: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, root);
      else if (RULE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
        out.push({ file: full, root });
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new CliFailure(`${p}: no such file or folder`, Codes.pathNotFound);
    }
    if (isDir) walk(p, p);
    else out.push({ file: p, root: dirname(p) });
  }
  return out;
}

export function schemasFrom(paths: readonly string[]): SchemaRegistry {
  try {
    return schemaRegistry(readSchemas(paths));
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') {
      throw new CliFailure(`schema path not found: ${e.message}`, Codes.schemaInvalid);
    }
    throw e;
  }
}

export function parseNow(now: string | undefined): bigint | undefined {
  if (now === undefined) return undefined;
  const micros = parseDatetimeMicros(now);
  if (micros === undefined)
    throw new CliFailure(`--now: '${now}' is not a datetime (e.g. 2025-03-06T00:00:00Z)`);
  return micros;
}

export function transpileCommand(opts: {
  rules: readonly string[];
  dialect: Dialect;
  out: string | undefined;
  schema: readonly string[];
  now: string | undefined;
}): number {
  const schemas = schemasFrom(opts.schema);
  const now = parseNow(opts.now);
  const files = expandRulePaths(opts.rules);
  if (files.length === 0) {
    throw new CliFailure('no rule files (.yaml, .yml, .kql, .csl) found', Codes.noInputFiles);
  }
  const targets = opts.out === undefined ? undefined : outputTargets(files, opts.out, opts.dialect);
  let failed = 0;
  const progress =
    opts.out !== undefined && files.length > 1 ? startProgress(files.length) : undefined;
  for (const [i, { file }] of files.entries()) {
    try {
      const rule = loadRuleOrQueryFile(file);
      const plan = planQuery(rule.querySource, { schemas, now });
      const problems = checkRuleColumns(rule, plan.root.columns);
      if (problems.length > 0) throw new CompileError(problems);
      const sql = printPlan(plan, opts.dialect, rule.querySource);
      if (opts.dialect === 'athena') checkTrinoGrammar(sql, file);
      const target = targets?.[i];
      if (target === undefined) {
        // Several statements on stdout end with ';' so the stream can be piped to a SQL shell;
        // the header names the rule file on one line, whatever characters its path holds.
        process.stdout.write(
          files.length > 1 ? `-- ${sqlCommentText(file)}\n${sql.trimEnd()};\n\n` : sql,
        );
      } else {
        writeOutput(target, sql);
      }
    } catch (e) {
      failed++;
      // A file left from an earlier run would read as this rule's SQL to a diff of the folder.
      const stale = targets?.[i];
      if (stale !== undefined && existsSync(stale) && statSync(stale).isFile()) rmSync(stale);
      progress?.stop();
      reportError(e);
      progress?.start(files.length, 0);
    }
    progress?.increment();
  }
  progress?.stop();
  if (files.length > 1) {
    info(
      `${String(files.length - failed)} of ${String(files.length)} rules transpiled to ${opts.dialect}`,
    );
  }
  return failed > 0 ? 2 : 0;
}

/**
 * The --out file of each rule: `<rule>.<dialect>.sql`, below the subfolders of a named folder.
 * Two rules that map to one file (`a/x.kql` and `b/x.kql` named directly, `y.kql` beside
 * `y.yaml`) are refused before anything is written (R2S4011), naming every pair: writing one
 * over the other would lose a rule without a word, and renaming one would make the output
 * depend on which rules happen to be transpiled together.
 */
function outputTargets(
  files: readonly { file: string; root: string }[],
  out: string,
  dialect: Dialect,
): string[] {
  const targets = files.map(({ file, root }) => {
    const rel = relative(root, file);
    return join(out, dirname(rel), `${basename(rel, extname(rel))}.${dialect}.sql`);
  });
  const firstRule = new Map<string, string>();
  const clashes: string[] = [];
  for (const [i, target] of targets.entries()) {
    const file = files[i]?.file ?? '';
    const key = resolve(target);
    const earlier = firstRule.get(key);
    if (earlier === undefined) firstRule.set(key, file);
    else if (resolve(earlier) !== resolve(file)) {
      clashes.push(`${earlier} and ${file} would both be written to ${target}`);
    }
  }
  if (clashes.length > 0) {
    throw new CliFailure(
      `--out: ${clashes.map(escapeControl).join('; ')}; nothing was written ` +
        '(rename a rule or transpile them into different --out folders)',
      Codes.outputCollision,
    );
  }
  return targets;
}

/** Writes one --out file, creating its folders; a path in the way is a one-line R2S4007. */
function writeOutput(target: string, sql: string): void {
  try {
    makeFolders(dirname(target));
    writeFileSync(target, sql);
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : '';
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? `a file is in the way of the folder ${dirname(target)}`
        : code === 'EISDIR'
          ? 'it is a folder'
          : (e as Error).message;
    throw new CliFailure(`--out: cannot write ${target}: ${why}`, Codes.outputUnwritable);
  }
}

/**
 * `mkdir -p` one level at a time. Node's `mkdirSync(…, { recursive: true })` never returns for a
 * path under /proc (the kernel answers ENOENT and Node tries the same folder again forever).
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let at = resolve(folder); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const f of missing.reverse()) mkdirSync(f);
}

/** `run` and `plan` take one rule file; a folder gets a clear R2S4006 instead of EISDIR. */
function oneRuleFile(path: string, command: string): string {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // A missing file is reported by the rule loader (R2S4001), as for every other command.
  }
  if (isDir) {
    throw new CliFailure(
      `${command} takes one rule file (.yaml, .yml, .kql), and ${path} is a folder` +
        (command === 'run' ? '' : `; transpile accepts folders`),
      Codes.notARuleFile,
    );
  }
  return path;
}

/**
 * Every Athena statement must parse under the real Trino grammar; one that does not is a bug in
 * rule2sql, reported as such instead of being handed to the user.
 */
function checkTrinoGrammar(sql: string, file: string): void {
  const { errors } = validateTrino(sql);
  const first = errors[0];
  if (first !== undefined) {
    throw new InternalError(
      `the Athena SQL for ${file} does not parse under the Trino grammar ` +
        `(line ${String(first.line)}:${String(first.column)}: ${first.message})`,
    );
  }
}

function startProgress(total: number): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'transpiling {bar} {value}/{total} rules', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

export function planCommand(opts: {
  rule: string;
  schema: readonly string[];
  now: string | undefined;
}): number {
  const rule = loadRuleOrQueryFile(oneRuleFile(opts.rule, 'plan'));
  const plan = planQuery(rule.querySource, {
    schemas: schemasFrom(opts.schema),
    now: parseNow(opts.now),
  });
  process.stdout.write(planText(plan));
  return 0;
}

async function openTarget(target: string | undefined): Promise<Database> {
  if (target === undefined) return openSqlite();
  if (/^postgres(ql)?:\/\//i.test(target)) return openPostgres(target);
  return openSqlite(target);
}

async function loadLogs(db: Database, paths: readonly string[]): Promise<LoadReport> {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'loading {bar} {value}/{total} files', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const report = await loadCloudTrail(db, paths, {
    onProgress: (e) => {
      if (e.kind === 'start') bar?.start(e.files, 0);
      else bar?.increment();
    },
  });
  bar?.stop();
  info(`loaded: ${summariseLoad(report)}`);
  for (const err of report.errors.slice(0, 20)) {
    info(
      `  ${err.code} ${err.file}${err.record === undefined ? '' : ` record ${String(err.record)}`}: ${err.message}`,
    );
  }
  if (report.errors.length > 20) info(`  … and ${String(report.errors.length - 20)} more`);
  return report;
}

export async function loadCommand(opts: { paths: readonly string[]; db: string }): Promise<number> {
  const db = await openTarget(opts.db);
  try {
    const report = await loadLogs(db, opts.paths);
    return report.errors.length > 0 ? 2 : 0;
  } finally {
    await db.close();
  }
}

/** `{{Column}}` placeholders of an alert title, filled from one result row. */
function fillTemplate(template: string, row: Record<string, string>): string {
  return template.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (m, name: string) => row[name] ?? m);
}

/**
 * One result row as the alert Sentinel would raise: its title, the mapped entities and the
 * custom details, each read from the row's columns.
 */
function alertBlock(rule: SentinelRule, row: Record<string, string>, index: number): string {
  const format = rule.alertDetailsOverride?.alertDisplayNameFormat;
  const title = format === undefined ? rule.name : fillTemplate(format, row);
  // Row values arrive escaped (cellText); the rule's own texts are escaped here.
  const lines = [`alert ${String(index + 1)}: ${escapeControl(title)}`];
  for (const e of rule.entityMappings) {
    const fields = e.fieldMappings.map((f) => `${f.identifier}=${row[f.columnName] ?? '?'}`);
    lines.push(`  ${e.entityType.padEnd(10)} ${fields.join('  ')}`);
  }
  for (const d of rule.customDetails)
    lines.push(`  ${d.key.padEnd(10)} ${row[d.columnName] ?? '?'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Entity mappings, custom details and `{{Column}}` placeholders must name columns the query
 * returns; Sentinel refuses a rule whose mapping names a missing column, and so does rule2sql.
 */
export function checkRuleColumns(rule: LoadedRule, columns: readonly Column[]): Diagnostic[] {
  if (rule.kind === 'Query') return [];
  const names = new Set(columns.map((c) => c.name));
  const out: Diagnostic[] = [];
  const missing = (name: string, what: string, span?: Span): void => {
    if (names.has(name)) return;
    out.push(
      diagnostic(
        Codes.ruleInvalidField,
        `${what} names column '${name}', which the query does not return`,
        rule.file,
        span,
        hintFor(name, [...names]),
      ),
    );
  };
  for (const e of rule.entityMappings) {
    for (const f of e.fieldMappings)
      missing(f.columnName, `the ${e.entityType} entity's ${f.identifier}`, f.span);
  }
  for (const d of rule.customDetails) missing(d.columnName, `custom detail '${d.key}'`, d.span);
  const override = rule.alertDetailsOverride;
  for (const [field, text] of [
    ['alertDisplayNameFormat', override?.alertDisplayNameFormat],
    ['alertDescriptionFormat', override?.alertDescriptionFormat],
  ] as const) {
    for (const m of (text ?? '').matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) {
      const name = m[1];
      if (name !== undefined) {
        missing(name, `the placeholder {{${name}}} of ${field}`, override?.formatSpans[field]);
      }
    }
  }
  return out;
}

function hintFor(name: string, candidates: readonly string[]): string | undefined {
  const close = closestNames(name, candidates);
  return close.length > 0 ? `did you mean ${close.map((c) => `'${c}'`).join(', ')}?` : undefined;
}

function pick(
  records: readonly Record<string, CaseValue>[],
  columns: readonly string[] | undefined,
): Record<string, CaseValue>[] {
  if (columns === undefined) return [...records];
  return records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
}

export async function runCommand(opts: {
  rule: string;
  logs: readonly string[];
  db: string | undefined;
  format: 'table' | 'json';
  columns: readonly string[] | undefined;
  schema: readonly string[];
  now: string | undefined;
  exitCode: boolean;
}): Promise<number> {
  const rule = loadRuleOrQueryFile(oneRuleFile(opts.rule, 'run'));
  for (const w of rule.warnings) printDiagnostics([w]);
  const plan = planQuery(rule.querySource, {
    schemas: schemasFrom(opts.schema),
    now: parseNow(opts.now),
  });
  const problems = checkRuleColumns(rule, plan.root.columns);
  if (problems.length > 0) throw new CompileError(problems);
  if (opts.db === undefined && opts.logs.length === 0) {
    throw new CliFailure(
      'give --logs (CloudTrail files or folders), --db (a loaded database), or both',
    );
  }
  const names = plan.root.columns.map((c) => c.name);
  for (const c of opts.columns ?? []) {
    if (!names.includes(c)) throw new CliFailure(`--columns: the result has no column '${c}'`);
  }
  const db = await openTarget(opts.db);
  try {
    // A log that cannot be read makes the run fail (exit 2) after the rows are shown: a rule
    // that "does not fire" over logs it never saw must not pass for a clean result.
    let logProblems = 0;
    if (opts.logs.length > 0) {
      const report = await loadLogs(db, opts.logs);
      logProblems = report.errors.length;
      if (report.files === 0) {
        throw new CliFailure(`--logs: no CloudTrail log files in ${opts.logs.join(', ')}`);
      }
    }
    const result = await executePlan(db, plan, rule.querySource);
    const fires = ruleFires(rule, result.rows.length);
    const records = result.rows.map((r) =>
      Object.fromEntries(names.map((n, i) => [n, r[i] ?? null])),
    );
    switch (opts.format) {
      case 'json':
        process.stdout.write(
          `${toJson({ rule: rule.name, fires, rows: pick(records, opts.columns) })}\n`,
        );
        break;
      case 'table': {
        const texts = result.rows.map((r) =>
          Object.fromEntries(names.map((n, i) => [n, cellText(r[i] ?? null)])),
        );
        const alerts = rule.kind === 'Query' ? [] : texts.map((t, i) => alertBlock(rule, t, i));
        if (opts.columns !== undefined) {
          const wanted = opts.columns.map((c) => names.indexOf(c));
          const cols = wanted.map((i) => result.columns[i]).filter((c) => c !== undefined);
          const rows = result.rows.map((r) => wanted.map((i) => r[i] ?? null));
          if (rows.length > 0) process.stdout.write(`${formatRows(cols, rows)}\n`);
        } else if (alerts.length > 0) {
          process.stdout.write(alerts.join('\n'));
        } else if (result.rows.length > 0) {
          process.stdout.write(`${formatRows(result.columns, result.rows)}\n`);
        }
        process.stdout.write(
          `${String(result.rows.length)} row${result.rows.length === 1 ? '' : 's'}; ${triggerText(rule, fires)}\n`,
        );
        break;
      }
      default:
        assertNever(opts.format);
    }
    if (logProblems > 0) {
      info(
        `error R2S5001: ${String(logProblems)} log problem(s) above: the result covers only the logs that could be read`,
      );
      return 2;
    }
    return fires && opts.exitCode ? 1 : 0;
  } finally {
    await db.close();
  }
}

function triggerText(rule: LoadedRule, fires: boolean): string {
  const op = rule.triggerOperator;
  const trigger =
    op === undefined
      ? 'rows > 0'
      : `rows ${{ gt: '>', lt: '<', eq: '==', ne: '!=' }[op]} ${String(rule.triggerThreshold ?? 0)}`;
  return `the rule ${fires ? 'FIRES' : 'does not fire'} (trigger: ${trigger})`;
}

export function preludeCommand(dialect: Dialect): number {
  switch (dialect) {
    case 'postgres':
      process.stdout.write(POSTGRES_PRELUDE);
      return 0;
    case 'sqlite':
      process.stdout.write(
        `-- SQLite output calls functions that rule2sql registers on its connections with\n` +
          `-- registerSqliteFunctions(db) (import it from 'rule2sql'):\n` +
          SQLITE_FUNCTION_NAMES.map((n) => `--   ${n}\n`).join(''),
      );
      return 0;
    case 'athena':
      process.stdout.write('-- Athena output needs no prelude: it uses built-in functions only.\n');
      return 0;
    default:
      return assertNever(dialect);
  }
}
