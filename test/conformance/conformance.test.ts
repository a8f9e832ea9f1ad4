/**
 * The conformance suite (SEMANTICS.md §0): every case in `cases/` on SQLite, on a real
 * PostgreSQL server, and for Athena as Trino syntax, or executed on the Trino server at
 * `TRINO_URL` when that is set (src/conformance/trino-executor.ts).
 *
 * `known-failures.json` lists the cases that do not pass yet. A listed case must still fail or be
 * unsupported, so fixing one fails this suite until its entry is removed; every other case must
 * pass. Regenerate the list with `npx tsx scripts/conformance-baseline.ts` and review its diff.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseLabel, readCaseDir } from '../../src/conformance/case.js';
import {
  athenaEngine,
  formatSummary,
  postgresEngine,
  runCase,
  sqliteEngine,
  type CaseResult,
  type Engine,
} from '../../src/conformance/runner.js';
import { trinoExecutor } from '../../src/conformance/trino-executor.js';
import { DIALECTS, type Dialect } from '../../src/types.js';
import { openTestPostgres } from '../support/postgres.js';

const CASES = fileURLToPath(new URL('cases', import.meta.url));
const KNOWN = fileURLToPath(new URL('known-failures.json', import.meta.url));

interface KnownFailure {
  readonly id: string;
  readonly dialect: Dialect;
  readonly reason: string;
}

const { cases, problems } = readCaseDir(CASES);
const known = JSON.parse(readFileSync(KNOWN, 'utf8')) as KnownFailure[];
const knownKey = (dialect: string, id: string): string => `${dialect} ${id}`;
const knownByKey = new Map(known.map((k) => [knownKey(k.dialect, k.id), k]));

const results: CaseResult[] = [];

afterAll(() => {
  if (results.length > 0) console.log(`conformance\n${formatSummary(results)}`);
});

describe('conformance inputs', () => {
  it('every case file reads without problems', () => {
    expect(problems.map((p) => `${caseLabel(p)}: ${p.message}`)).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(140);
  });

  it('known-failures.json names existing cases, each dialect at most once', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(known.filter((k) => !ids.has(k.id)).map((k) => k.id)).toEqual([]);
    expect(known.filter((k) => !(DIALECTS as readonly string[]).includes(k.dialect))).toEqual([]);
    expect(knownByKey.size).toBe(known.length);
  });
});

const engines: [Dialect, () => Engine][] = [
  ['sqlite', () => sqliteEngine()],
  ['postgres', () => postgresEngine(() => openTestPostgres())],
  [
    'athena',
    () => {
      const url = process.env['TRINO_URL'];
      return athenaEngine(url === undefined || url === '' ? undefined : trinoExecutor(url));
    },
  ],
];

describe.each(engines)('conformance on %s', (dialect, makeEngine) => {
  let engine: Engine;
  beforeAll(() => {
    engine = makeEngine();
  });
  afterAll(async () => {
    await engine.close();
  });

  it.for(cases.map((c) => [c.id, c] as const))('%s', async ([id, c], { skip }) => {
    const result = await runCase(c, engine);
    results.push(result);
    const entry = knownByKey.get(knownKey(dialect, id));
    if (entry !== undefined) {
      const outcome =
        result.status === 'pass'
          ? 'now passes'
          : `is now ${result.status} (${result.reason}), not a failure`;
      expect(
        ['fail', 'error', 'unsupported'],
        `${id} on ${dialect} ${outcome}: remove it from known-failures.json (npx tsx scripts/conformance-baseline.ts)`,
      ).toContain(result.status);
      return;
    }
    // A documented divergence (SQLite and NaN) shows as skipped, with the reason.
    if (result.status === 'skipped') skip(result.reason);
    const explanation = result.status === 'pass' ? '' : `${result.reason}\n${result.details}`;
    expect(result.status, `${id} on ${dialect}: ${explanation}`).toBe('pass');
  });
});
