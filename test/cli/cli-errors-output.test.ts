/**
 * The CLI's failures and human-readable output as a user meets them: database connection errors
 * on one line without a driver stack, errors of every kind with a stable code, and log data that
 * cannot forge terminal output (control characters are shown as escapes).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqlCommentText } from '../../src/cli/output.js';
import { cli, tempFile } from '../support/cli.js';
import { pgAdminUrl } from '../support/postgres.js';

/** stderr is exactly one line: the error, no stack frames, nothing the driver logged. */
function expectOneLine(stderr: string, first: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(first);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('Acquire connection error');
}

const QUERY = 'AWSCloudTrail | take 1\n';

describe('PostgreSQL connection failures: one line, exit 2', { timeout: 120_000 }, () => {
  it('run --db naming a database that does not exist', () => {
    const url = new URL(pgAdminUrl());
    url.pathname = '/rule2sql_no_such_database';
    const r = cli(
      'run',
      tempFile('x.kql', QUERY),
      '--logs',
      'examples/cloudtrail',
      '--db',
      url.toString(),
    );
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'error R2S5003: cannot open PostgreSQL database');
    expect(r.stderr).toContain('"rule2sql_no_such_database" does not exist');
  });

  it('load --db naming a port nothing listens on', () => {
    const r = cli('load', 'examples/cloudtrail', '--db', 'postgres://postgres@127.0.0.1:1/x');
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'error R2S5003: cannot open PostgreSQL database');
    expect(r.stderr).toContain('ECONNREFUSED');
  });
});

/** A CloudTrail record whose fields carry terminal escapes, line breaks and C1 controls. */
const EVIL_NAME = 'Get\u001b[0mObject\nFAKE LINE\u001b[2J';
const EVIL_ARN = 'arn:aws:iam::1:user/a\r\tb\u009b31m\u007f';
const SHOWN_NAME = 'Get\\x1b[0mObject\\nFAKE LINE\\x1b[2J';
const SHOWN_ARN = 'arn:aws:iam::1:user/a\\r\\tb\\x9b31m\\x7f';

function evilLogs(): string {
  const file = tempFile(
    'evil.json',
    JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          eventID: '11111111-2222-3333-4444-555555555555',
          eventTime: '2025-03-01T00:00:00Z',
          eventName: EVIL_NAME,
          eventSource: 's3.amazonaws.com',
          awsRegion: 'us-east-1',
          userIdentity: { type: 'IAMUser', arn: EVIL_ARN },
        },
      ],
    }),
  );
  return dirname(file);
}

const RULE = `id: 11111111-1111-1111-1111-111111111111
name: Forged
description: x
kind: Scheduled
severity: Low
requiredDataConnectors: []
tactics: []
relevantTechniques: []
version: 1.0.0
query: |
  AWSCloudTrail | project EventName, UserIdentityArn
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: Name
        columnName: UserIdentityArn
customDetails:
  Event: EventName
alertDetailsOverride:
  alertDisplayNameFormat: "call {{EventName}}"
`;

/** No control character but the line feeds that end lines. */
function expectNoControls(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

describe('log data cannot forge terminal output', { timeout: 120_000 }, () => {
  const logs = evilLogs();

  it('alert blocks show control characters as escapes', () => {
    const r = cli('run', tempFile('r.yaml', RULE), '--logs', logs);
    expect(r.code, r.stderr).toBe(0);
    expectNoControls(r.stdout);
    expect(r.stdout.split('\n')).toEqual([
      `alert 1: call ${SHOWN_NAME}`,
      `  Account    Name=${SHOWN_ARN}`,
      `  Event      ${SHOWN_NAME}`,
      '1 row; the rule FIRES (trigger: rows > 0)',
      '',
    ]);
  });

  it('the table output shows control characters as escapes', () => {
    const query = tempFile('q.kql', 'AWSCloudTrail | project EventName, UserIdentityArn\n');
    const r = cli('run', query, '--logs', logs);
    expect(r.code, r.stderr).toBe(0);
    expectNoControls(r.stdout);
    // One grid row: the forged line break did not add a line.
    expect(r.stdout.split('\n')).toHaveLength(7);
    expect(r.stdout).toContain(`│ ${SHOWN_NAME} │ ${SHOWN_ARN} │`);
  });

  it('the record output (wide results) shows control characters as escapes', () => {
    const query = tempFile(
      'w.kql',
      'AWSCloudTrail | project EventName, UserIdentityArn, a=1, b=2, c=3, d=4, e=5, f=6, g=7\n',
    );
    const r = cli('run', query, '--logs', logs);
    expect(r.code, r.stderr).toBe(0);
    expectNoControls(r.stdout);
    expect(r.stdout).toMatch(new RegExp(`^EventName +\\| ${escapeRe(SHOWN_NAME)}$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^UserIdentityArn +\\| ${escapeRe(SHOWN_ARN)}$`, 'm'));
  });

  it('JSON output escapes them too and keeps the exact values', () => {
    const query = tempFile('q.kql', 'AWSCloudTrail | project EventName, UserIdentityArn\n');
    const r = cli('run', query, '--logs', logs, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expectNoControls(r.stdout);
    const doc = JSON.parse(r.stdout) as { rows: Record<string, string>[] };
    expect(doc.rows).toEqual([{ EventName: EVIL_NAME, UserIdentityArn: EVIL_ARN }]);
  });
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('errors of every kind carry a stable code', { timeout: 120_000 }, () => {
  it('a schema file with an unknown type: R2S4005', () => {
    const schema = tempFile(
      'bad.json',
      '{"name": "T", "columns": [{"name": "a", "type": "blob"}]}',
    );
    const r = cli(
      'transpile',
      tempFile('t.kql', 'T | take 1\n'),
      '-d',
      'sqlite',
      '--schema',
      schema,
    );
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, `error R2S4005: ${schema}: column a has unknown type blob`);
  });

  it('transpile --out naming a file: R2S4007', () => {
    const file = tempFile('afile', '');
    const r = cli('transpile', tempFile('x.kql', QUERY), '-d', 'sqlite', '--out', file);
    expect(r.code).toBe(2);
    expectOneLine(
      r.stderr,
      `error R2S4007: --out: cannot write ${join(file, 'x.sqlite.sql')}: a file is in the way of the folder ${file}`,
    );
  });

  // Node's recursive mkdir never returns under /proc (found by a tester: the CLI spun forever).
  it.runIf(existsSync('/proc/self'))('transpile --out under /proc: R2S4007, not a hang', () => {
    const r = cli('transpile', tempFile('x.kql', QUERY), '-d', 'sqlite', '--out', '/proc/nope/x');
    expect(r.code).toBe(2);
    expectOneLine(
      r.stderr,
      "error R2S4007: --out: cannot write /proc/nope/x/x.sqlite.sql: ENOENT: no such file or directory, mkdir '/proc/nope'",
    );
  });

  it('transpile --out of two rules with one output name: R2S4011, nothing written', () => {
    const root = dirname(tempFile('y', ''));
    const [a, b] = [join(root, 'a', 'x.kql'), join(root, 'b', 'x.kql')];
    for (const f of [a, b]) {
      mkdirSync(dirname(f));
      writeFileSync(f, QUERY);
    }
    const out = join(root, 'out');
    const r = cli('transpile', a, b, '-d', 'sqlite', '--out', out);
    expect(r.code).toBe(2);
    expectOneLine(
      r.stderr,
      `error R2S4011: --out: ${a} and ${b} would both be written to ${join(out, 'x.sqlite.sql')}; nothing was written`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('transpile --out of a folder holding y.kql and y.yaml: R2S4011', () => {
    const kql = tempFile('y.kql', QUERY);
    const yaml = join(dirname(kql), 'y.yaml');
    writeFileSync(yaml, QUERY);
    const out = join(dirname(kql), 'out');
    const r = cli('transpile', dirname(kql), '-d', 'postgres', '--out', out);
    expect(r.code).toBe(2);
    expectOneLine(
      r.stderr,
      `error R2S4011: --out: ${kql} and ${yaml} would both be written to ${join(out, 'y.postgres.sql')}`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('transpile to stdout: a line break in a rule file name cannot end the -- header', () => {
    const file = tempFile('evil\nDROP TABLE x;\n-- x.kql', QUERY);
    const r = cli('transpile', tempFile('x.kql', QUERY), file, '-d', 'sqlite');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).not.toContain('DROP TABLE x;');
    expect(r.stdout).toContain(`-- ${dirname(file)}/evil\\nDROP TABLE x;\\n-- x.kql\nWITH`);
  });

  it('comment text keeps every line break and control character on one line', () => {
    expect(sqlCommentText('a\nb\rc\u2028d\u2029e\u0085f\u001bg */ h')).toBe(
      'a\\nb\\rc\\u2028d\\u2029e\\x85f\\x1bg */ h',
    );
  });

  it('missing paths and empty folders: R2S4009 and R2S4010', () => {
    const empty = dirname(tempFile('notes.txt', ''));
    expectOneLine(
      cli('transpile', 'no/such.kql', '-d', 'sqlite').stderr,
      'error R2S4009: no/such.kql: no such file or folder',
    );
    expectOneLine(
      cli('transpile', empty, '-d', 'sqlite').stderr,
      'error R2S4010: no rule files (.yaml, .yml, .kql, .csl) found',
    );
    expectOneLine(cli('plan', 'no/such.kql').stderr, 'error R2S4009: no/such.kql: no such file');
    expectOneLine(
      cli('test', 'no/such.json', '-d', 'sqlite').stderr,
      'error R2S4009: no/such.json: no such file or folder',
    );
    const r = cli('test', empty, '-d', 'sqlite');
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'error R2S4010: no conformance cases found');
  });

  it('transpile --out removes the file an earlier run wrote for a rule that now fails', () => {
    const rule = tempFile('r.kql', 'AWSCloudTrail | take 1\n');
    const out = join(dirname(rule), 'out');
    expect(cli('transpile', rule, '-d', 'sqlite', '--out', out).code).toBe(0);
    expect(existsSync(join(out, 'r.sqlite.sql'))).toBe(true);
    writeFileSync(rule, 'AWSCloudTrail | where Nope == 1\n');
    const r = cli('transpile', rule, '-d', 'sqlite', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('KQL2004');
    expect(existsSync(join(out, 'r.sqlite.sql'))).toBe(false);
  });

  it('a conformance case file whose only case is malformed: R2S4012, exit 2', () => {
    const file = tempFile(
      'bad.json',
      JSON.stringify([
        { id: 'x', tables: { T: { columns: { a: 'lng' }, rows: [] } }, query: 'T', expected: {} },
      ]),
    );
    const r = cli('test', file, '-d', 'sqlite');
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error R2S4012: bad case .*bad\.json\[0\] \(x\): /);
    expect(lines[1]).toBe('error R2S4012: no case to run: 1 bad case(s) above');
  });

  it('run of a rule reading a table the database lacks: R2S5005 at the table', () => {
    const rule = tempFile('gd.kql', 'AWSCloudTrail\n| take 1\n| union (AWSGuardDuty | take 1)');
    const r = cli('run', rule, '--logs', 'examples/cloudtrail');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      [
        "error R2S5005: the sqlite database has no table 'AWSGuardDuty'",
        ` --> ${rule}:3:10`,
        '  |',
        '3 | | union (AWSGuardDuty | take 1)',
        '  |          ^~~~~~~~~~~~',
        '  = hint: `rule2sql load` fills only AWSCloudTrail; create and fill AWSGuardDuty in the database',
      ].join('\n'),
    );
    expect(r.stderr).not.toContain("no table 'AWSCloudTrail'");
  });

  it('transpile --out makes the missing folders', () => {
    const out = join(dirname(tempFile('y', '')), 'a', 'b');
    const r = cli('transpile', tempFile('x.kql', QUERY), '-d', 'sqlite', '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'x.sqlite.sql'), 'utf8')).toContain('SELECT');
  });

  it.each(['run', 'plan'])('%s given a folder: R2S4006', (command) => {
    const dir = dirname(tempFile('x.kql', QUERY));
    const r = cli(command, dir, ...(command === 'run' ? ['--logs', 'examples/cloudtrail'] : []));
    expect(r.code).toBe(2);
    expectOneLine(
      r.stderr,
      `error R2S4006: ${command} takes one rule file (.yaml, .yml, .kql), and ${dir} is a folder`,
    );
  });

  it('loading into an existing AWSCloudTrail table of another shape: R2S5004', () => {
    const file = join(dirname(tempFile('x.kql', QUERY)), 'db', 'other.sqlite');
    mkdirSync(dirname(file));
    const handle = new BetterSqlite3(file);
    handle.exec('CREATE TABLE AWSCloudTrail (x INTEGER, eventname TEXT)');
    handle.close();
    const r = cli('load', 'examples/cloudtrail', '--db', file);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, 'error R2S5004: the existing table AWSCloudTrail lacks 58 of the 59');
    // 58, not 59: eventname counts as EventName (SQLite matches names regardless of ASCII case).
    expect(r.stderr).toContain('(AdditionalEventData, APIVersion, AwsEventId, AWSRegion, ');
  });
});
