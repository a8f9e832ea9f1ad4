/**
 * `rule2sql coverage <dir…>`: runs `runCoverage` over rule folders and prints, per dialect, how
 * many rules parsed, bound, transpiled and executed, and the grouped reasons the rest failed.
 */
import { randomBytes } from 'node:crypto';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import {
  runCoverage,
  type CoverageReport,
  type DialectCoverage,
  type FailureGroup,
} from '../coverage.js';
import { openPostgres, openSqlite, type Database } from '../db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../db/embedded-postgres.js';
import { DIALECTS } from '../types.js';
import { expandRulePaths, parseNow, schemasFrom } from './commands.js';
import { CliFailure, info } from './output.js';

export interface CoverageCommandOptions {
  readonly dirs: readonly string[];
  readonly json: boolean;
  readonly pgUrl: string | undefined;
  readonly schema: readonly string[];
  readonly now: string | undefined;
}

/** PostgreSQL for the run: its own schema in the database, dropped at the end. */
interface Scratch {
  readonly db: Database;
  close(): Promise<void>;
}

async function scratchSchema(url: string, server?: EmbeddedPostgresServer): Promise<Scratch> {
  const db = await openPostgres(url);
  const schema = `rule2sql_coverage_${randomBytes(6).toString('hex')}`;
  // The prelude's functions stay reachable through `public` on the search path; a statement
  // that runs away on empty tables would be a bug worth reporting, not waiting for.
  await db.exec(
    `CREATE SCHEMA "${schema}"; SET search_path TO "${schema}", public; ` +
      `SET statement_timeout = '20s'`,
  );
  return {
    db,
    close: async () => {
      await db.exec(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await db.close();
      await server?.stop();
    },
  };
}

async function postgresFor(pgUrl: string | undefined): Promise<Scratch | { skipped: string }> {
  if (pgUrl !== undefined) return scratchSchema(pgUrl);
  let server: EmbeddedPostgresServer;
  try {
    server = await startEmbeddedPostgres();
  } catch (e) {
    const reason = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    return { skipped: `no --pg-url and the embedded PostgreSQL did not start (${reason})` };
  }
  try {
    return await scratchSchema(server.url, server);
  } catch (e) {
    await server.stop();
    throw e;
  }
}

function count(n: number | undefined, of: number): string {
  if (n === undefined) return 'skipped';
  const pct = of === 0 ? 0 : (100 * n) / of;
  return `${String(n)} (${pct.toFixed(0)}%)`;
}

function summaryTable(report: CoverageReport): string {
  const table = new Table({
    head: ['dialect', 'rules', 'parsed', 'bound', 'transpiled', 'executed'],
    style: { head: [], border: [] },
  });
  for (const d of DIALECTS) {
    const c: DialectCoverage = report.dialects[d];
    table.push([
      d,
      String(c.rules),
      count(c.parsed, c.rules),
      count(c.bound, c.rules),
      count(c.transpiled, c.rules),
      count(c.executed, c.rules),
    ]);
  }
  return table.toString();
}

function failureTable(failures: readonly FailureGroup[]): string {
  const width = Math.max(40, Math.min(100, (process.stdout.columns || 120) - 40));
  const table = new Table({
    head: ['stage', 'code', 'construct', 'rules'],
    colWidths: [11, 10, width, 7],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const f of failures) table.push([f.stage, f.code, f.construct, String(f.rules.length)]);
  return table.toString();
}

function printReport(report: CoverageReport): void {
  const out: string[] = [summaryTable(report)];
  if (report.postgresSkipped !== undefined) {
    out.push(`PostgreSQL execution skipped: ${report.postgresSkipped}`);
  }
  out.push('executed: ran on SQLite / PostgreSQL against empty tables; Athena: Trino grammar');
  for (const d of DIALECTS) {
    const failures = report.dialects[d].failures;
    if (failures.length === 0) continue;
    out.push('', `${d}: why the other rules failed`, failureTable(failures));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function coverageCommand(opts: CoverageCommandOptions): Promise<number> {
  const files = expandRulePaths(opts.dirs).map((f) => f.file);
  if (files.length === 0) throw new CliFailure(`no rule files under ${opts.dirs.join(', ')}`);
  const schemas = schemasFrom(opts.schema);
  const now = parseNow(opts.now);
  const sqlite = await openSqlite();
  const pg = await postgresFor(opts.pgUrl);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: 'coverage [{bar}] {value}/{total} {rule}', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(files.length, 0, { rule: '' });
  let report: CoverageReport;
  try {
    report = await runCoverage(files, {
      schemas,
      now,
      sqlite,
      postgres: 'db' in pg ? pg.db : pg,
      onRule: (done, _total, rule) => {
        bar?.update(done, { rule: rule.slice(-50) });
      },
    });
  } finally {
    bar?.stop();
    await sqlite.close();
    if ('db' in pg) await pg.close();
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
  if (report.postgresSkipped !== undefined && opts.json) {
    info(`PostgreSQL execution skipped: ${report.postgresSkipped}`);
  }
  return 0;
}
