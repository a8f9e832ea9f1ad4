/**
 * The installed command as a user runs it: `node bin/rule2sql.js …`, its output and exit codes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { cli, tempFile } from '../support/cli.js';

const RULE = 'examples/rules/aws-kms-encrypt-policy-without-mfa.yaml';

describe('rule2sql CLI', { timeout: 120_000 }, () => {
  it('runs the example rule over the bundled CloudTrail sample', () => {
    const r = cli('run', RULE, '--logs', 'examples/cloudtrail');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'alert 1: AWS KMS key creation or policy update by mallory without MFA',
    );
    expect(r.stdout).toContain(
      'alert 2: AWS KMS key creation or policy update by dave without MFA',
    );
    expect(r.stdout).toContain('IP         Address=198.51.100.66');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '2 rows; the rule FIRES (trigger: rows > 0)',
    );
    expect(r.stderr).toContain('42 records, 42 inserted');
  });

  it('exits 1 with --exit-code when the rule fires, and prints JSON rows', () => {
    const r = cli('run', RULE, '--logs', 'examples/cloudtrail', '--exit-code', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { fires: boolean; rows: Record<string, unknown>[] };
    expect(out.fires).toBe(true);
    expect(out.rows.map((x) => x['AccountName']).sort()).toEqual(['dave', 'mallory']);
  });

  it('does not fire on logs without a matching event, and exits 0 even with --exit-code', () => {
    const r = cli('run', RULE, '--logs', 'examples/cloudtrail/flaws-cloud.json', '--exit-code');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 rows; the rule does not fire');
  });

  it('transpiles to Athena SQL that parses under the Trino grammar', () => {
    const sql = execFileSync('node', ['bin/rule2sql.js', 'transpile', RULE, '-d', 'athena'], {
      encoding: 'utf8',
    });
    expect(sql).toContain('CROSS JOIN UNNEST');
    expect(validateTrino(sql).errors).toEqual([]);
  });

  it('loads logs into a SQLite file once: a second load adds nothing', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rule2sql-db-')), 'ct.sqlite');
    expect(cli('load', 'examples/cloudtrail', '--db', db).stderr).toContain('42 inserted');
    const again = cli('load', 'examples/cloudtrail', '--db', db);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 inserted, 42 already loaded');
    const run = cli('run', RULE, '--db', db);
    expect(run.stdout).toContain('2 rows; the rule FIRES');
  });

  it('reports a KQL syntax error with its code, line:column and the line underlined', () => {
    const file = tempFile('bad.kql', 'AWSCloudTrail\n| where EventName ==\n| take 5\n');
    const r = cli('transpile', file, '-d', 'sqlite');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error KQL1003: expected an expression but found '|'`);
    expect(r.stderr).toContain(`${file}:3:1`);
    expect(r.stderr).toContain('3 | | take 5\n  | ^');
  });

  it('reports an unknown column inside a YAML rule at its line in the file', () => {
    const yaml = readFileSync(RULE, 'utf8').replace(
      '| extend timestamp = TimeGenerated',
      '| extend timestamp = TimeGenerate',
    );
    const file = tempFile('rule.yaml', yaml);
    const r = cli('transpile', file, '-d', 'postgres');
    expect(r.code).toBe(2);
    const line = yaml.split('\n').findIndex((l) => l.includes('TimeGenerate')) + 1;
    const column = (yaml.split('\n')[line - 1] ?? '').indexOf('TimeGenerate') + 1;
    expect(r.stderr).toContain(`error KQL2004: column 'TimeGenerate' is not defined`);
    expect(r.stderr).toContain(`${file}:${String(line)}:${String(column)}`);
    expect(r.stderr).toContain(`did you mean 'TimeGenerated'?`);
  });

  it('reports broken YAML and an unsupported operator without a stack trace', () => {
    const broken = cli('transpile', tempFile('x.yaml', 'id: [1\nname: x\n'), '-d', 'sqlite');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error R2S4001: /);
    const unsupported = cli(
      'transpile',
      tempFile('u.kql', 'AWSCloudTrail\n| make-series count() on TimeGenerated step 1h\n'),
      '-d',
      'athena',
    );
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toContain(
      'error KQL3001: the make-series operator has no SQL translation',
    );
    expect(unsupported.stderr).not.toContain('    at ');
  });

  it('fails with one line on a missing file or a bad option value', () => {
    const missing = cli('transpile', 'no/such/rule.yaml', '-d', 'sqlite');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error R2S4009: no/such/rule.yaml: no such file or folder\n');
    const badDialect = cli('transpile', RULE, '-d', 'mysql');
    expect(badDialect.code).toBe(2);
    expect(badDialect.stderr).toContain('Invalid values');
    const badNow = cli('run', RULE, '--logs', 'examples/cloudtrail', '--now', 'yesterday');
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain(`--now: 'yesterday' is not a datetime`);
  });

  it('fails (exit 2) when logs cannot be read, even if the rule would not fire', () => {
    const missing = cli('run', RULE, '--logs', 'no/such/logs', '--exit-code');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('R2S5001 no/such/logs: cannot read');
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-logs-'));
    writeFileSync(join(dir, 'broken.json'), '{"Records": [');
    writeFileSync(join(dir, 'good.json'), readFileSync('examples/cloudtrail/derived-kms.json'));
    const partial = cli('run', RULE, '--logs', dir, '--exit-code');
    expect(partial.code).toBe(2);
    expect(partial.stdout).toContain('2 rows; the rule FIRES');
    expect(partial.stderr).toContain('error R2S5001: 1 log problem(s) above');
  });

  it('refuses an entity mapping or custom detail naming a column the query does not return', () => {
    const yaml = readFileSync(RULE, 'utf8').replace(
      'columnName: SourceIpAddress',
      'columnName: SourceIp',
    );
    const file = tempFile('rule.yaml', yaml);
    const r = cli('run', file, '--logs', 'examples/cloudtrail');
    expect(r.code).toBe(2);
    const line = yaml.split('\n').findIndex((l) => l.includes('columnName: SourceIp')) + 1;
    expect(r.stderr).toContain(
      `error R2S4003: the IP entity's Address names column 'SourceIp', which the query does not return`,
    );
    expect(r.stderr).toContain(`${file}:${String(line)}:`);
  });

  it('points a {{placeholder}} naming a missing column at its format, line and column', () => {
    const yaml = readFileSync(RULE, 'utf8').replace(
      /(alertDisplayNameFormat: .*)\{\{AccountName\}\}/,
      '$1{{AccountNme}}',
    );
    expect(yaml).toContain('{{AccountNme}}');
    const file = tempFile('rule.yaml', yaml);
    const r = cli('transpile', file, '--dialect', 'sqlite');
    expect(r.code).toBe(2);
    const lines = yaml.split('\n');
    const line = lines.findIndex((l) => l.includes('{{AccountNme}}'));
    const column = (lines[line] ?? '').indexOf("'") + 1;
    expect(r.stderr).toContain(
      'error R2S4003: the placeholder {{AccountNme}} of alertDisplayNameFormat names column',
    );
    expect(r.stderr).toContain(`${file}:${String(line + 1)}:${String(column)}`);
    expect(r.stderr).toContain("did you mean 'AccountName'?");
  });

  it('keeps every digit of a long beyond 2^53 in JSON and table output', () => {
    const file = tempFile('big.kql', 'AWSCloudTrail | take 1 | project x = 9007199254740993\n');
    const json = cli(
      'run',
      file,
      '--logs',
      'examples/cloudtrail/derived-kms.json',
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('"x": 9007199254740993');
    const table = cli('run', file, '--logs', 'examples/cloudtrail/derived-kms.json');
    expect(table.stdout).toContain('9007199254740993');
  });

  it('names a database failure with its code', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rule2sql-db-')), 'garbage.sqlite');
    writeFileSync(db, 'not a database '.repeat(10));
    const r = cli('run', RULE, '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error R2S5003: the sqlite database rejected the query: file is not a database\n',
    );
  });

  it('names a failure to load into a file that is not a database with its code', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rule2sql-db-')), 'garbage.sqlite');
    writeFileSync(db, 'not a database '.repeat(10));
    const r = cli('load', 'examples/cloudtrail', '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error R2S5003: cannot read the sqlite database: file is not a database\n',
    );
  });

  it('refuses a database without the table the rule reads (R2S5005)', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rule2sql-db-')), 'empty.sqlite');
    const r = cli('run', RULE, '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error R2S5005: the sqlite database has no table 'AWSCloudTrail'");
    expect(r.stderr).toContain('= hint: load CloudTrail logs with --logs or `rule2sql load`');
  });

  it('prints the PostgreSQL prelude', () => {
    const r = cli('prelude', '--dialect', 'postgres');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'CREATE OR REPLACE FUNCTION rule2sql.parse_json(s text) RETURNS jsonb',
    );
  });
});
