/**
 * The first slice end to end: the KMS encrypt-policy rule over the 42 fixture CloudTrail events
 * (as Sentinel AWSCloudTrail rows) on SQLite and on a real PostgreSQL server. The expected alerts
 * come from the fixture's expected_rule_results.json (G01 and G03), never from running our SQL.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { createTable, insertRows } from '../../src/db/tables.js';
import { loadRuleFile } from '../../src/frontend/sentinel-rule.js';
import { executePlan } from '../../src/run.js';
import { schemaRegistry } from '../../src/schema.js';
import { openTestPostgres } from '../support/postgres.js';

const RULE = 'examples/rules/aws-kms-encrypt-policy-without-mfa.yaml';
const FIXTURES = 'test/fixtures/cloudtrail';

interface Expected {
  fixture: string;
  AwsEventId: string;
  sentinel_kms_encrypt_keys_without_mfa: boolean;
}

const rows = JSON.parse(readFileSync(`${FIXTURES}/sentinel_rows.json`, 'utf8')) as Record<
  string,
  unknown
>[];
const expected = (
  JSON.parse(readFileSync(`${FIXTURES}/expected_rule_results.json`, 'utf8')) as Expected[]
).filter((e) => e.sentinel_kms_encrypt_keys_without_mfa);

const schemas = schemaRegistry();
const table = schemas.get('AWSCloudTrail');

async function loadFixtureRows(db: Database): Promise<void> {
  if (table === undefined) throw new Error('AWSCloudTrail schema missing');
  await createTable(db, table);
  await insertRows(db, table, rows);
}

const engines: [string, () => Promise<Database>][] = [
  ['sqlite', () => openSqlite()],
  ['postgres', () => openTestPostgres()],
];

describe.each(engines)('KMS rule on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
    await loadFixtureRows(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('returns exactly the events the fixture marks (G01, G03), with the derived columns', async () => {
    expect(expected.map((e) => e.fixture)).toEqual(['G01', 'G03']);
    const rule = loadRuleFile(RULE);
    const plan = planQuery(rule.querySource, { schemas });
    const result = await executePlan(db, plan, rule.querySource);
    const names = result.columns.map((c) => c.name);
    const col = (row: readonly unknown[], name: string): unknown => row[names.indexOf(name)];
    const ids = result.rows.map((r) => col(r, 'AwsEventId')).sort();
    expect(ids).toEqual(expected.map((e) => e.AwsEventId).sort());
    // Per row, worked out by hand from each event under KQL's semantics: G01 is an IAM user
    // (UserIdentityUserName set), G03 an assumed SSO role (UserIdentityUserName empty, so
    // AccountName falls back to the last ARN segment); neither name holds an '@'.
    const want: Record<string, Record<string, unknown>> = {
      '7bb3e8ac-f773-59b8-96b1-3d294f0a1917': {
        UserIdentityArn: 'arn:aws:iam::444455556666:user/mallory',
        UserName: 'mallory',
        AccountName: 'mallory',
        AccountUPNSuffix: '',
        timestamp: '2025-03-05T21:20:11.0000000Z',
        EventName: 'CreateKey',
      },
      '9169512d-2aad-59e9-b44b-632aa16b10e7': {
        UserIdentityArn:
          'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_ExampleRole_xxxxxxxxxxxxxxxx/dave',
        UserName: 'dave',
        AccountName: 'dave',
        AccountUPNSuffix: '',
        timestamp: '2025-03-05T21:24:05.0000000Z',
        EventName: 'PutKeyPolicy',
      },
    };
    for (const row of result.rows) {
      const id = String(col(row, 'AwsEventId'));
      const got = Object.fromEntries(Object.keys(want[id] ?? {}).map((k) => [k, col(row, k)]));
      expect(got, id).toEqual(want[id]);
    }
    // The output keeps KQL's column order: table columns, then the extends, then the join's
    // right side minus the projected-away AwsEventId1.
    expect(names.slice(-4)).toEqual(['UserName', 'AccountName', 'AccountUPNSuffix', 'timestamp']);
    expect(names).not.toContain('AwsEventId1');
  });
});
