/**
 * The runner on small cases written here: each outcome (pass, fail with a diff, unsupported,
 * error by phase, documented divergence), rule cases, the engines and the summary.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaseFile, type ConformanceCase } from '../../src/conformance/case.js';
import {
  athenaEngine,
  formatSummary,
  postgresEngine,
  runCase,
  runCases,
  sqliteEngine,
  summaryLine,
  type CaseResult,
  type DatabaseEngine,
} from '../../src/conformance/runner.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { openTestPostgres } from '../support/postgres.js';

/** Where the cases below claim to come from: beside this file, so `rules/…` resolves. */
const CASE_FILE = fileURLToPath(new URL('runner-cases.json', import.meta.url));

/** Cases are read from JSON as the suite reads them. */
function caseOf(doc: Record<string, unknown>): ConformanceCase {
  const { cases, problems } = parseCaseFile(JSON.stringify([doc]), CASE_FILE);
  expect(problems).toEqual([]);
  const c = cases[0];
  if (c === undefined) throw new Error('no case');
  return c;
}

const numbers = {
  T: {
    columns: { id: 'long', s: 'string' },
    rows: [
      [1, 'a'],
      [2, 'b'],
      [3, null],
    ],
  },
};

const passing = caseOf({
  id: 'pass',
  tables: numbers,
  query: 'T | where id >= 2 | project id, s',
  expected: {
    columns: ['id', 's'],
    types: ['long', 'string'],
    rows: [
      [2, 'b'],
      [3, ''],
    ],
  },
  ordered: false,
});

const wrong = caseOf({
  id: 'wrong',
  tables: numbers,
  query: 'T | where id >= 2 | project id',
  expected: { columns: ['id'], types: ['long'], rows: [[1], [2]] },
  ordered: false,
});

const unsupported = caseOf({
  id: 'unsupported',
  tables: numbers,
  query: 'T | make-series n = count() on id step 1',
  expected: { columns: [], rows: [] },
});

const unknownColumn = caseOf({
  id: 'unknown-column',
  tables: numbers,
  query: 'T | project nosuch',
  expected: { columns: ['nosuch'], rows: [] },
});

const nan = caseOf({
  id: 'nan',
  tables: { R: { columns: { r: 'real' }, rows: [['NaN'], [1.5]] } },
  query: 'R | project r',
  expected: { columns: ['r'], types: ['real'], rows: [['NaN'], [1.5]] },
});

/** The rule (test/conformance/rules) fires above one row; rows are root console logins. */
function ruleCase(rows: unknown[][], fires: boolean, expectedRows: unknown[][]) {
  return caseOf({
    id: `rule-${rows.length}`,
    rule: 'rules/root-console-login.yaml',
    tables: {
      // Only the columns the case cares about; the bundled schema supplies the others.
      AWSCloudTrail: {
        columns: {
          EventName: 'string',
          UserIdentityType: 'string',
          SourceIpAddress: 'string',
          RecipientAccountId: 'string',
        },
        rows,
      },
    },
    expected: { columns: ['Account', 'SourceIpAddress'], rows: expectedRows },
    fires,
  });
}

const login = (ip: string, type = 'Root'): unknown[] => ['ConsoleLogin', type, ip, '111'];

function expectStatus(r: CaseResult, status: CaseResult['status']): void {
  expect(r.status, 'reason' in r ? `${r.reason}\n${r.details}` : '').toBe(status);
}

describe('runCase on SQLite', () => {
  const engine = sqliteEngine();

  it('passes a case whose rows match', async () => {
    const r = await runCase(passing, engine);
    expectStatus(r, 'pass');
    expect(r.sql).toContain('FROM "T"');
  });

  it('fails with a row diff and the SQL', async () => {
    const r = await runCase(wrong, engine);
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.reason).toBe('rows differ: 1 missing, 1 unexpected');
    expect(r.details).toContain('  - [1]   (expected row 1, not returned)');
    expect(r.details).toContain('  + [3]   (returned row 2, not expected)');
    expect(r.details).toContain('-- SQL (sqlite):');
  });

  it('reports KQL3xxx refusals as unsupported, with the diagnostic', async () => {
    const r = await runCase(unsupported, engine);
    expect(r.status).toBe('unsupported');
    if (r.status !== 'unsupported') return;
    expect(r.reason).toMatch(/^KQL3\d{3}: /);
    expect(r.details).toContain('runner-cases.json#unsupported:1:');
  });

  it('reports any other compile error as an error', async () => {
    const r = await runCase(unknownColumn, engine);
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.phase).toBe('compile');
    expect(r.reason).toBe("KQL2004: column 'nosuch' is not defined");
  });

  it('reports a database error with the SQL', async () => {
    const failing = sqliteEngine(async () => {
      const db = await openSqlite();
      const broken: Database = {
        dialect: db.dialect,
        knex: db.knex,
        query: () => Promise.reject(new Error('disk I/O error')),
        exec: (sql) => db.exec(sql),
        close: () => db.close(),
      };
      return broken;
    });
    const r = await runCase(passing, failing);
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.phase).toBe('execute');
    expect(r.reason).toBe('database error: the sqlite database rejected the query: disk I/O error');
    expect(r.details).toContain('-- SQL (sqlite):');
  });

  it('reports fixture tables that cannot be created as a setup error', async () => {
    // SQLite table names ignore ASCII case, so T and t collide.
    const clash = caseOf({
      id: 'clash',
      tables: { T: { columns: { a: 'long' }, rows: [] }, t: { columns: { b: 'long' }, rows: [] } },
      query: 'T | project a',
      expected: { columns: ['a'], rows: [] },
    });
    const r = await runCase(clash, engine);
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.phase).toBe('setup');
  });

  it('skips a NaN expectation that fails only because SQLite stores NULL', async () => {
    const r = await runCase(nan, engine);
    expect(r.status).toBe('skipped');
    if (r.status === 'skipped') expect(r.reason).toMatch(/^SQLite cannot store NaN/);
  });

  it('still fails a NaN case that is wrong for another reason too', async () => {
    const alsoWrong = caseOf({
      id: 'nan-wrong',
      query: 'R | project r',
      tables: { R: { columns: { r: 'real' }, rows: [['NaN'], [1.5]] } },
      expected: { columns: ['r'], types: ['real'], rows: [['NaN'], [2.5]] },
    });
    expect((await runCase(alsoWrong, engine)).status).toBe('fail');
  });

  it('uses the case `now` for now() and ago()', async () => {
    const at = caseOf({
      id: 'now',
      now: '2024-05-01T00:00:00Z',
      tables: {
        E: {
          columns: { id: 'long', t: 'datetime' },
          rows: [
            [1, '2024-04-30T12:00:00Z'],
            [2, '2024-04-29T12:00:00Z'],
          ],
        },
      },
      query: 'E | where t > ago(1d) | project id',
      expected: { columns: ['id'], rows: [[1]] },
    });
    expectStatus(await runCase(at, engine), 'pass');
  });
});

describe('rule cases', () => {
  const engine = sqliteEngine();

  it('compare only the listed columns and check that the rule fires', async () => {
    const c = ruleCase([login('1.1.1.1'), login('2.2.2.2'), login('3.3.3.3', 'IAMUser')], true, [
      ['111', '1.1.1.1'],
      ['111', '2.2.2.2'],
    ]);
    const r = await runCase(c, engine);
    expectStatus(r, 'pass');
  });

  it('fail when the trigger disagrees with `fires`', async () => {
    // One row: the rule (gt 1) does not fire, but the case says it does.
    const c = ruleCase([login('1.1.1.1')], true, [['111', '1.1.1.1']]);
    const r = await runCase(c, engine);
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.reason).toBe('the rule does not fire (trigger gt 1 over 1 rows); expected it to fire');
    expectStatus(
      await runCase(ruleCase([login('1.1.1.1')], false, [['111', '1.1.1.1']]), engine),
      'pass',
    );
  });

  it('report a rule file that cannot be loaded', async () => {
    const missing = caseOf({
      id: 'no-rule',
      rule: 'rules/missing.yaml',
      tables: {},
      expected: { columns: [] },
      fires: false,
    });
    const r = await runCase(missing, engine);
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.phase).toBe('load-rule');
  });
});

describe('Athena', () => {
  it('without an executor, passes valid Trino syntax as a syntax check', async () => {
    const r = await runCase(passing, athenaEngine());
    expect(r).toMatchObject({ status: 'pass', verified: 'syntax', dialect: 'athena' });
  });

  it('with an executor, compares the rows it returns', async () => {
    const seen: string[] = [];
    const engine = athenaEngine((request) => {
      seen.push(request.sql, request.tables.map((t) => t.schema.name).join());
      return Promise.resolve([
        [2, 'b'],
        [3, ''],
      ]);
    });
    expect(await runCase(passing, engine)).toMatchObject({ status: 'pass', verified: 'rows' });
    expect(seen[1]).toBe('T');
    const failing = await runCase(wrong, engine);
    expect(failing.status).toBe('fail');
  });

  it('turns an executor failure into an error', async () => {
    const engine = athenaEngine(() => Promise.reject(new Error('no Trino here')));
    expect(await runCase(passing, engine)).toMatchObject({
      status: 'error',
      phase: 'execute',
      reason: 'database error: no Trino here',
    });
  });
});

describe('PostgreSQL on one shared connection', () => {
  let engine: DatabaseEngine;
  beforeAll(() => {
    engine = postgresEngine(() => openTestPostgres());
  });
  afterAll(async () => {
    await engine.close();
  });

  it('recreates the tables for each case', async () => {
    // Two cases with a table T of different columns, run back to back and concurrently.
    const other = caseOf({
      id: 'other-T',
      tables: { T: { columns: { x: 'real' }, rows: [[0.5]] } },
      query: 'T | project x',
      expected: { columns: ['x'], types: ['real'], rows: [[0.5]] },
    });
    const results = await Promise.all([
      runCase(passing, engine),
      runCase(other, engine),
      runCase(passing, engine),
    ]);
    for (const r of results) expectStatus(r, 'pass');
  });

  it('stores NaN, so the NaN case passes', async () => {
    expectStatus(await runCase(nan, engine), 'pass');
  });
});

describe('summary', () => {
  it('counts unsupported and divergences as skipped, errors as failed', async () => {
    const results = await runCases(
      [passing, wrong, unsupported, unknownColumn, nan],
      sqliteEngine(),
    );
    expect(results.map((r) => r.status)).toEqual([
      'pass',
      'fail',
      'unsupported',
      'error',
      'skipped',
    ]);
    expect(formatSummary(results)).toBe(
      [
        'sqlite: 1 passed, 2 failed, 2 skipped (1 unsupported, 1 documented divergences, 1 errors)',
        '1 passed, 2 failed, 2 skipped',
      ].join('\n'),
    );
    expect(summaryLine({ passed: 3, failed: 0, skipped: 1 })).toBe('3 passed, 0 failed, 1 skipped');
  });
});
