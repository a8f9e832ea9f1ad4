/**
 * `runCoverage` and `rule2sql coverage` over a small folder of rules, one per way a rule can stop:
 * bad YAML, a KQL syntax error, an unknown table, a construct with no SQL translation, and one
 * rule that goes all the way through.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCoverage, type CoverageReport } from '../../src/coverage.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { schemaRegistry } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';
import { createTestDatabase, openTestPostgres, pgAdminUrl } from '../support/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'rule2sql-coverage-'));
const RULES: Record<string, string> = {
  'a-ok.kql': 'AWSCloudTrail | where EventName == "CreateKey" | project EventName, TimeGenerated',
  'b-syntax.kql': 'AWSCloudTrail | where (EventName ==',
  'c-unknown.kql': 'NoSuchTable | take 1',
  'd-externaldata.kql': 'externaldata(a:string) [h@"https://example.com/x.csv"] | take 1',
  'e-bad.yaml': 'id: [unclosed\nquery: |\n  AWSCloudTrail\n',
};
for (const [name, text] of Object.entries(RULES)) writeFileSync(join(dir, name), text);
const files = Object.keys(RULES).map((n) => join(dir, n));
const schemas = schemaRegistry();

let sqlite: Database;
let postgres: Database;
beforeAll(async () => {
  sqlite = await openSqlite();
  postgres = await openTestPostgres();
});
afterAll(async () => {
  await sqlite.close();
  await postgres.close();
});

describe('runCoverage', () => {
  it('counts each stage per dialect and groups the failures', async () => {
    const seen: string[] = [];
    const report = await runCoverage(files, {
      schemas,
      sqlite,
      postgres,
      onRule: (done, total, rule) => seen.push(`${done}/${total} ${rule}`),
    });
    expect(seen).toEqual(files.map((f, i) => `${i + 1}/5 ${f}`));
    expect(report.rules).toBe(5);
    expect(report.postgresSkipped).toBeUndefined();
    for (const d of DIALECTS) {
      const c = report.dialects[d];
      // load fails for the YAML, parse for the syntax error, bind for the unknown table and
      // externaldata; the remaining rule transpiles and executes.
      expect([c.rules, c.parsed, c.bound, c.transpiled, c.executed], d).toEqual([5, 3, 1, 1, 1]);
      expect(c.failures.map((f) => [f.stage, f.code, f.rules.length])).toEqual([
        ['load', 'R2S4001', 1],
        ['parse', 'KQL1003', 1],
        ['bind', 'KQL2001', 1],
        ['bind', 'KQL3001', 1],
      ]);
    }
    const ok = report.details[0];
    expect(ok?.tables).toEqual(['AWSCloudTrail']);
    expect(ok?.dialects).toEqual({ sqlite: undefined, postgres: undefined, athena: undefined });
    expect(report.dialects.sqlite.failures[2]?.construct).toContain('NoSuchTable');
    expect(report.dialects.sqlite.failures[3]?.rules).toEqual([files[3]]);
  });

  it('leaves PostgreSQL execution unchecked, with the reason, when there is no server', async () => {
    const fresh = await openSqlite();
    const report = await runCoverage(files.slice(0, 1), {
      schemas,
      sqlite: fresh,
      postgres: { skipped: 'no server here' },
    });
    await fresh.close();
    expect(report.postgresSkipped).toBe('no server here');
    expect(report.dialects.postgres.executed).toBeUndefined();
    expect(report.dialects.postgres.transpiled).toBe(1);
    expect(report.dialects.sqlite.executed).toBe(1);
  });

  it('reports a statement the database rejects as an execute failure', async () => {
    // A view already named Heartbeat, without the Computer column: creating the table fails
    // on SQLite, so that rule stops at execute with the database's error; PostgreSQL runs it.
    const fresh = await openSqlite();
    await fresh.exec('CREATE VIEW "Heartbeat" AS SELECT 1 AS "x"');
    const file = join(mkdtempSync(join(tmpdir(), 'rule2sql-coverage-')), 'heartbeat.kql');
    writeFileSync(file, 'Heartbeat | project Computer');
    const report = await runCoverage([file], { schemas, sqlite: fresh, postgres });
    await fresh.close();
    const f = report.details[0]?.dialects.sqlite;
    expect(f?.stage).toBe('execute');
    expect(f?.code).toBe('R2S5003');
    expect(report.dialects.postgres.executed).toBe(1);
  });
});

describe('rule2sql coverage', () => {
  it('prints the report as JSON and drops its scratch schema', async () => {
    // A database of its own, so that coverage runs elsewhere on the server cannot leave a
    // scratch schema in the one this test inspects.
    const db = await createTestDatabase();
    try {
      const r = spawnSync(
        'node',
        ['bin/rule2sql.js', 'coverage', dir, '--json', '--pg-url', db.url],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout) as CoverageReport;
      expect(report.rules).toBe(5);
      expect(report.dialects.postgres.executed).toBe(1);
      expect(report.dialects.athena.failures[0]?.code).toBe('R2S4001');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const left = await client.query(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rule2sql_coverage_%'",
      );
      await client.end();
      expect(left.rows).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('starts its own PostgreSQL without --pg-url', () => {
    const r = spawnSync('node', ['bin/rule2sql.js', 'coverage', dir, '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as CoverageReport;
    expect(report.postgresSkipped).toBeUndefined();
    expect(report.dialects.postgres.executed).toBe(1);
  });

  it('prints a table per dialect', () => {
    const r = spawnSync('node', ['bin/rule2sql.js', 'coverage', dir, '--pg-url', pgAdminUrl()], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/│ sqlite\s+│ 5\s+│ 3 \(60%\)\s+│ 1 \(20%\)/);
    expect(r.stdout).toContain('athena: why the other rules failed');
    expect(r.stdout).toContain('R2S4001');
  });
});
