/**
 * The KMS rule's other paths, on hand-written AWSCloudTrail rows, on SQLite and PostgreSQL.
 * Each expectation is worked out from KQL's documented semantics (SEMANTICS.md sections named
 * per case); two rest on Kusto behaviour the reference does not state, and say so.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { createTable, insertRows } from '../../src/db/tables.js';
import { loadRuleFile } from '../../src/frontend/sentinel-rule.js';
import { executePlan, type ResultSet } from '../../src/run.js';
import { schemaRegistry } from '../../src/schema.js';
import { openTestPostgres } from '../support/postgres.js';

const schemas = schemaRegistry();
const rule = loadRuleFile('examples/rules/aws-kms-encrypt-policy-without-mfa.yaml');
const plan = planQuery(rule.querySource, { schemas });

const base = (
  JSON.parse(readFileSync('test/fixtures/cloudtrail/sentinel_rows.json', 'utf8')) as Record<
    string,
    unknown
  >[]
).find((r) => r['AwsEventId'] === '7bb3e8ac-f773-59b8-96b1-3d294f0a1917');

/** A policy statement granting kms:Encrypt to everyone: the shape the rule looks for. */
const OPEN_STATEMENT = {
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: ['kms:Encrypt', 'kms:Decrypt'],
  Resource: '*',
};

/** RequestParameters as CloudTrail writes it: the key policy is a JSON string inside JSON. */
function params(statement: unknown): string {
  return JSON.stringify({
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
  });
}

function row(id: string, changes: Record<string, unknown>): Record<string, unknown> {
  return { ...base, AwsEventId: id, RequestParameters: params([OPEN_STATEMENT]), ...changes };
}

const ROWS = [
  // SEMANTICS §2: isempty('') is true, so the ARN comes from Resources[0].ARN (§4 accessors).
  row('empty-arn', {
    UserIdentityArn: '',
    UserIdentityUserName: '',
    Resources: JSON.stringify([{ ARN: 'arn:aws:kms:us-east-1:111122223333:key/k-123' }]),
  }),
  // SEMANTICS §9: both expressions of the last extend read AccountName as it was before it.
  row('at-sign', { UserIdentityUserName: 'alice@example.com' }),
  // case(): the first true predicate wins.
  row('anonymous', { UserIdentityPrincipalid: 'Anonymous', UserIdentityUserName: 'bob' }),
  // SEMANTICS §5: a property bag expands to single-key bags, so state.Action[0] is null.
  row('single-object', { RequestParameters: params(OPEN_STATEMENT) }),
  // Action as a plain string: indexing a dynamic string with [0] gives null (not stated by the
  // reference; SEMANTICS §4 says a step on the wrong kind of value gives null).
  row('string-action', {
    RequestParameters: params([{ ...OPEN_STATEMENT, Action: 'kms:Encrypt' }]),
  }),
  // A policy whose quotes arrive escaped: replace_string turns \" into " before parsing.
  row('escaped-quotes', {
    RequestParameters: JSON.stringify({
      policy: JSON.stringify({ Statement: [OPEN_STATEMENT] }).replaceAll('"', '\\"'),
    }),
  }),
  // A failed call: ErrorCode is set.
  row('failed', { ErrorCode: 'AccessDeniedException' }),
];

const EXPECTED: Record<string, Record<string, string>> = {
  'empty-arn': {
    UserIdentityArn: 'arn:aws:kms:us-east-1:111122223333:key/k-123',
    UserName: 'k-123',
    AccountName: 'k-123',
    AccountUPNSuffix: '',
  },
  'at-sign': {
    UserIdentityArn: 'arn:aws:iam::444455556666:user/mallory',
    UserName: 'mallory',
    AccountName: 'alice',
    AccountUPNSuffix: 'example.com',
  },
  anonymous: {
    UserIdentityArn: 'arn:aws:iam::444455556666:user/mallory',
    UserName: 'mallory',
    AccountName: 'Anonymous',
    AccountUPNSuffix: '',
  },
  // `Principal has "*"`: the needle has no letter or digit, so it matches as a substring of
  // the compact JSON {"AWS":"*"} (has with punctuation needles is not stated by the reference).
  'escaped-quotes': {
    UserIdentityArn: 'arn:aws:iam::444455556666:user/mallory',
    UserName: 'mallory',
    AccountName: 'mallory',
    AccountUPNSuffix: '',
  },
};

const engines: [string, () => Promise<Database>][] = [
  ['sqlite', () => openSqlite()],
  ['postgres', () => openTestPostgres()],
];

describe.each(engines)('KMS rule paths on %s', (_name, open) => {
  let db: Database;
  let result: ResultSet;
  beforeAll(async () => {
    const table = schemas.get('AWSCloudTrail');
    if (table === undefined || base === undefined) throw new Error('fixture missing');
    db = await open();
    await createTable(db, table);
    await insertRows(db, table, ROWS);
    result = await executePlan(db, plan, rule.querySource);
  });
  afterAll(async () => {
    await db.close();
  });

  it('alerts on exactly the rows KQL would', () => {
    const ids = result.rows.map((r) => r[result.columns.findIndex((c) => c.name === 'AwsEventId')]);
    expect(ids.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('computes the columns of %s', (id, want) => {
    const names = result.columns.map((c) => c.name);
    const found = result.rows.find((r) => r[names.indexOf('AwsEventId')] === id);
    expect(found).toBeDefined();
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, found?.[names.indexOf(k)]]));
    expect(got).toEqual(want);
  });
});
