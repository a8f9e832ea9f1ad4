/**
 * Regenerates `test/conformance/known-failures.json`: runs every conformance case on SQLite,
 * PostgreSQL and Athena (Trino syntax only) and lists each case that does not pass, with a
 * one-line reason. The conformance test requires every listed case to still fail and every other
 * case to pass, so run this after a compiler change and review the diff of the file.
 *
 *   npx tsx scripts/conformance-baseline.ts [--dialects sqlite,postgres,athena] [--details]
 *       [--check]
 *
 * `--check` writes nothing and exits 1 when the file is out of date. PostgreSQL is the server
 * named by PG_URL, or else a throw-away embedded server started (and stopped) by this script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { caseLabel, readCaseDir } from '../src/conformance/case.js';
import {
  athenaEngine,
  formatSummary,
  postgresEngine,
  runCases,
  sqliteEngine,
  type CaseResult,
  type Engine,
} from '../src/conformance/runner.js';
import { openPostgres } from '../src/db/database.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { DIALECTS, type Dialect } from '../src/types.js';

const CASES = 'test/conformance/cases';
const KNOWN = 'test/conformance/known-failures.json';

interface KnownFailure {
  readonly id: string;
  readonly dialect: Dialect;
  readonly reason: string;
}

/** A PostgreSQL URL and how to let go of it: PG_URL, or a throw-away embedded server. */
async function postgresServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const external = process.env['PG_URL'];
  if (external !== undefined && external !== '') {
    return { url: external, stop: () => Promise.resolve() };
  }
  const server = await startEmbeddedPostgres();
  return { url: server.url, stop: () => server.stop() };
}

function knownFailures(results: readonly CaseResult[]): KnownFailure[] {
  return results.flatMap((r): KnownFailure[] =>
    r.status === 'pass' || r.status === 'skipped'
      ? []
      : [{ id: r.id, dialect: r.dialect, reason: `${r.status}: ${r.reason}` }],
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dialects: { type: 'string', default: DIALECTS.join(',') },
      details: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
  });
  const dialects = values.dialects.split(',').map((d) => {
    if (!(DIALECTS as readonly string[]).includes(d)) throw new Error(`unknown dialect ${d}`);
    return d as Dialect;
  });

  const { cases, problems } = readCaseDir(CASES);
  for (const p of problems) console.error(`bad case ${caseLabel(p)}: ${p.message}`);

  const results: CaseResult[] = [];
  for (const dialect of dialects) {
    let engine: Engine;
    let stop = (): Promise<void> => Promise.resolve();
    if (dialect === 'postgres') {
      const server = await postgresServer();
      stop = server.stop;
      engine = postgresEngine(() => openPostgres(server.url));
    } else {
      engine = dialect === 'sqlite' ? sqliteEngine() : athenaEngine();
    }
    try {
      results.push(...(await runCases(cases, engine)));
    } finally {
      await engine.close();
      await stop();
    }
  }

  if (values.details) {
    for (const r of results) {
      if (r.status === 'pass') continue;
      console.log(`\n=== ${r.dialect} ${r.id} [${r.status}] ${r.reason}\n${r.details}`);
    }
  }

  // Reasons grouped, most frequent first: what the compiler lacks most.
  const groups = new Map<string, number>();
  for (const k of knownFailures(results)) {
    const key = `${k.dialect} ${k.reason}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  console.log('\nreasons (count, dialect, reason):');
  for (const [key, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${n}\t${key}`);

  let current = '';
  try {
    current = readFileSync(KNOWN, 'utf8');
  } catch {
    // A missing file is simply out of date.
  }
  // Entries of dialects this run left out stay as they were.
  const kept = current === '' ? [] : (JSON.parse(current) as KnownFailure[]);
  const order = (k: KnownFailure): number => DIALECTS.indexOf(k.dialect);
  const merged = [...kept.filter((k) => !dialects.includes(k.dialect)), ...knownFailures(results)]
    // Array.prototype.sort is stable, so each dialect keeps the case order.
    .sort((a, b) => order(a) - order(b));
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  console.log(`\n${formatSummary(results)}`);
  if (values.check) {
    if (current !== text) {
      console.error(`${KNOWN} is out of date; run npx tsx scripts/conformance-baseline.ts`);
      return 1;
    }
    return problems.length > 0 ? 1 : 0;
  }
  writeFileSync(KNOWN, text);
  console.log(`wrote ${KNOWN}`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = await main();
