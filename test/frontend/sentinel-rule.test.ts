import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { CompileError, formatDiagnostic, lineColumn } from '../../src/diagnostics.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import {
  loadQueryFile,
  loadRuleFile,
  loadRuleOrQueryFile,
  parseDuration,
  parseRule,
  ruleFires,
} from '../../src/frontend/sentinel-rule.js';
import type { SentinelRule, TriggerOperator } from '../../src/frontend/sentinel-rule.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// CI clones the repo next to a read-only copy of shared/; a bare clone may not have it.
const corpusDir = join(repoRoot, '../shared/corpus/sentinel');
const corpusPresent = existsSync(corpusDir);
if (!corpusPresent) {
  console.warn(`sentinel-rule corpus tests skipped: ${corpusDir} does not exist`);
}

const RULE = `id: 6d7d2c6a-1f1e-4d7b-9c55-0c2f1b0c8e11
name: Test rule
description: A rule for tests.
severity: Medium
requiredDataConnectors:
  - connectorId: AWS
    dataTypes:
      - AWSCloudTrail
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Impact
query: |
  AWSCloudTrail
  | where EventName == "CreateKey"
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: SourceIpAddress
kind: Scheduled
version: 1.0.0
`;

/** RULE with one exact piece of text replaced; fails loudly if the piece is not there. */
function edit(from: string, to: string, text = RULE): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** The diagnostics parseRule throws for `text`, formatted as the CLI prints them. */
function errorsOf(text: string): string[] {
  try {
    parseRule(text, 'rules/test.yaml');
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  throw new Error('expected a CompileError');
}

function codesOf(text: string): string[] {
  try {
    parseRule(text, 'rules/test.yaml');
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d: Diagnostic) => d.code);
    throw e;
  }
  return [];
}

describe('parseRule reads every field', () => {
  test('the test rule', () => {
    const rule = parseRule(RULE, 'rules/test.yaml');
    expect(rule).toMatchObject({
      kind: 'Scheduled',
      id: '6d7d2c6a-1f1e-4d7b-9c55-0c2f1b0c8e11',
      name: 'Test rule',
      severity: 'Medium',
      queryFrequency: { text: '1h', ms: 3_600_000 },
      queryPeriod: { text: '1h', ms: 3_600_000 },
      triggerOperator: 'gt',
      triggerThreshold: 0,
      tactics: ['Impact'],
      requiredDataConnectors: [{ connectorId: 'AWS', dataTypes: ['AWSCloudTrail'] }],
      version: '1.0.0',
      query: 'AWSCloudTrail\n| where EventName == "CreateKey"\n',
      warnings: [],
    });
    expect(rule.status).toBeUndefined();
    const mapping = rule.entityMappings[0]?.fieldMappings[0];
    expect(mapping).toMatchObject({ identifier: 'Address', columnName: 'SourceIpAddress' });
    expect(RULE.slice(mapping?.span.start, mapping?.span.end)).toBe('SourceIpAddress');
  });

  test('long trigger operator names become the short ones', () => {
    const names: [string, TriggerOperator][] = [
      ['GreaterThan', 'gt'],
      ['LessThan', 'lt'],
      ['Equal', 'eq'],
      ['NotEqual', 'ne'],
      ['ne', 'ne'],
    ];
    for (const [name, op] of names) {
      const rule = parseRule(edit('triggerOperator: gt', `triggerOperator: ${name}`), 'r.yaml');
      expect(rule.triggerOperator).toBe(op);
    }
  });

  test('enum values are matched ignoring case, as Sentinel does, and kept canonical', () => {
    const text = edit(
      'severity: Medium',
      'severity: high',
      edit('- Impact', '- privilegeescalation'),
    );
    const rule = parseRule(text, 'r.yaml');
    expect(rule.severity).toBe('High');
    expect(rule.tactics).toEqual(['PrivilegeEscalation']);
  });

  test('custom details keep their order, keys and column names', () => {
    const text = edit('kind: Scheduled', 'customDetails:\n  B: ColB\n  A: _colA\nkind: Scheduled');
    const rule = parseRule(text, 'r.yaml');
    expect(rule.customDetails.map((d) => [d.key, d.columnName])).toEqual([
      ['B', 'ColB'],
      ['A', '_colA'],
    ]);
    const span = rule.customDetails[1]?.span;
    expect(text.slice(span?.start, span?.end)).toBe('_colA');
  });

  test('an NRT rule needs no schedule or trigger and fires on any row', () => {
    let text = edit(
      'queryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\n',
      '',
    );
    text = edit('kind: Scheduled', 'kind: NRT', text);
    const rule = parseRule(text, 'r.yaml');
    expect(rule.kind).toBe('NRT');
    expect(rule.triggerOperator).toBeUndefined();
    expect(ruleFires(rule, 0)).toBe(false);
    expect(ruleFires(rule, 1)).toBe(true);
  });

  test('schedule fields on an NRT rule are ignored with a warning', () => {
    const text = edit('kind: Scheduled', 'kind: NRT');
    const rule = parseRule(text, 'r.yaml');
    expect(rule.triggerOperator).toBeUndefined();
    expect(rule.queryFrequency).toBeUndefined();
    expect(rule.warnings.map((w) => w.message)).toEqual([
      "'queryFrequency' is ignored for NRT rules",
      "'queryPeriod' is ignored for NRT rules",
      "'triggerOperator' is ignored for NRT rules",
      "'triggerThreshold' is ignored for NRT rules",
    ]);
  });

  test('an unknown field is an error even when nothing required is missing', () => {
    expect(codesOf(edit('kind: Scheduled', 'kind: Scheduled\nseverty: High'))).toEqual(['R2S4004']);
  });
});

describe('parseRule errors point at the offending text', () => {
  test('broken YAML', () => {
    expect(errorsOf(edit('tactics:\n  - Impact', 'tactics: [Impact'))).toEqual([
      [
        'error R2S4001: Flow sequence in block collection must be sufficiently indented and end with a ]',
        '  --> rules/test.yaml:14:1',
        '   |',
        '14 | query: |',
        '   | ^',
      ].join('\n'),
    ]);
  });

  test('a duplicate key is a YAML error at the second key', () => {
    const errors = errorsOf(edit('severity: Medium', 'severity: Medium\nseverity: High'));
    expect(errors[0]).toContain('error R2S4001: Map keys must be unique');
    expect(errors[0]).toContain('--> rules/test.yaml:5:1');
  });

  test('missing query', () => {
    const text = edit('query: |\n  AWSCloudTrail\n  | where EventName == "CreateKey"\n', '');
    expect(errorsOf(text)).toEqual([
      [
        "error R2S4002: missing required field 'query'",
        ' --> rules/test.yaml:1:1',
        '  |',
        '1 | id: 6d7d2c6a-1f1e-4d7b-9c55-0c2f1b0c8e11',
        '  | ^',
      ].join('\n'),
    ]);
  });

  test('bad severity', () => {
    expect(errorsOf(edit('severity: Medium', 'severity: Critical'))).toEqual([
      [
        "error R2S4003: invalid severity 'Critical'",
        ' --> rules/test.yaml:4:11',
        '  |',
        '4 | severity: Critical',
        '  |           ^~~~~~~~',
        '  = hint: expected one of Informational, Low, Medium, High',
      ].join('\n'),
    ]);
  });

  test('bad triggerOperator', () => {
    expect(errorsOf(edit('triggerOperator: gt', 'triggerOperator: greater'))).toEqual([
      [
        "error R2S4003: invalid triggerOperator 'greater'",
        '  --> rules/test.yaml:11:18',
        '   |',
        '11 | triggerOperator: greater',
        '   |                  ^~~~~~~',
        '  = hint: expected one of gt, lt, eq, ne (or GreaterThan, LessThan, Equal, NotEqual)',
      ].join('\n'),
    ]);
  });

  test('unknown entity type', () => {
    const [error] = errorsOf(edit('entityType: IP', 'entityType: IPAddress'));
    expect(error?.split('\n').slice(0, 5)).toEqual([
      "error R2S4003: invalid entity type 'IPAddress'",
      '  --> rules/test.yaml:19:17',
      '   |',
      '19 |   - entityType: IPAddress',
      '   |                 ^~~~~~~~~',
    ]);
    expect(error).toContain('hint: expected one of Account, AzureResource,');
  });

  test('an identifier the entity type does not have', () => {
    const [error] = errorsOf(edit('identifier: Address', 'identifier: HostName'));
    expect(error).toContain("error R2S4003: 'HostName' is not an identifier of entity type IP");
    expect(error).toContain('--> rules/test.yaml:21:21');
  });

  test('an Account mapped only by UPNSuffix lacks every required identifier set', () => {
    const text = edit('entityType: IP', 'entityType: Account', edit('Address', 'UPNSuffix'));
    const [error] = errorsOf(text);
    expect(error).toContain(
      'entity type Account needs one of these identifier sets: FullName; Sid; Name;',
    );
    expect(error).toContain('--> rules/test.yaml:19:17');
  });

  test('unknown field, with the missing field it was meant to be', () => {
    const errors = errorsOf(edit('triggerOperator: gt', 'triggerOperater: gt'));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("error R2S4002: missing required field 'triggerOperator'");
    expect(errors[1]).toBe(
      [
        "error R2S4004: unknown field 'triggerOperater' in a rule",
        '  --> rules/test.yaml:11:1',
        '   |',
        '11 | triggerOperater: gt',
        '   | ^~~~~~~~~~~~~~~',
        "  = hint: did you mean 'triggerOperator'?",
      ].join('\n'),
    );
  });

  test('every problem is reported at once, in file order', () => {
    let text = edit('severity: Medium', 'severity: Urgent');
    text = edit('queryPeriod: 1h', 'queryPeriod: 1 hour', text);
    text = edit('version: 1.0.0', 'version: 1.0', text);
    const errors = errorsOf(text);
    expect(errors.map((e) => e.split('\n')[1])).toEqual([
      ' --> rules/test.yaml:4:11',
      '  --> rules/test.yaml:10:14',
      '  --> rules/test.yaml:24:10',
    ]);
    // 1.0 is a number in YAML; the message quotes it as written, not as 1.
    expect(errors[2]).toContain("'version' must be X.Y.Z (numbers), got '1.0'");
  });

  test('values of the wrong shape', () => {
    expect(codesOf(edit('triggerThreshold: 0', 'triggerThreshold: -1'))).toEqual(['R2S4003']);
    expect(codesOf(edit('triggerThreshold: 0', 'triggerThreshold: 10001'))).toEqual(['R2S4003']);
    expect(codesOf(edit('tactics:\n  - Impact', 'tactics: Impact'))).toEqual(['R2S4003']);
    expect(codesOf(edit('id: 6d7d2c6a', 'id: 6d7d2c6'))).toEqual(['R2S4003']);
    expect(codesOf(edit('kind: Scheduled', 'kind: Fusion'))).toEqual(['R2S4003']);
    expect(codesOf(edit('- Impact', '- Impact\nrelevantTechniques:\n  - 1485'))).toEqual([
      'R2S4003',
    ]);
    expect(codesOf(edit('columnName: SourceIpAddress', 'columnName: Source-Ip'))).toEqual([
      'R2S4003',
    ]);
    expect(codesOf('- a\n- b\n')).toEqual(['R2S4003']);
  });
});

describe('Sentinel limits that do not change the meaning are warnings', () => {
  test('more than 3 placeholders in an alert description', () => {
    const override = [
      'alertDetailsOverride:',
      "  alertDescriptionFormat: '{{A}} {{B}} {{C}} {{D}}'",
      'kind: Scheduled',
    ].join('\n');
    const rule = parseRule(edit('kind: Scheduled', override), 'rules/test.yaml');
    expect(rule.warnings.map(formatDiagnostic)).toEqual([
      [
        "warning R2S4003: 'alertDescriptionFormat' has 4 {{placeholders}}; Sentinel allows 3",
        '  --> rules/test.yaml:24:27',
        '   |',
        "24 |   alertDescriptionFormat: '{{A}} {{B}} {{C}} {{D}}'",
        '   |                           ^~~~~~~~~~~~~~~~~~~~~~~~~',
      ].join('\n'),
    ]);
  });

  test('a period shorter than the frequency, and a frequency under 5 minutes', () => {
    const text = edit('queryFrequency: 1h\nqueryPeriod: 1h', 'queryFrequency: 1h\nqueryPeriod: 2m');
    const messages = parseRule(text, 'r.yaml').warnings.map((w) => w.message);
    expect(messages).toEqual([
      "'queryPeriod' 2m is outside Sentinel's range of 5 minutes to 14 days",
      "'queryPeriod' 2m is shorter than 'queryFrequency' 1h",
    ]);
  });
});

describe('parseDuration follows Sentinel’s time-span converter', () => {
  test.each([
    ['5m', 5 * 60_000],
    ['1h', 3_600_000],
    ['14d', 14 * 86_400_000],
    ['01:30', 90 * 60_000],
    ['01:30:15', 90 * 60_000 + 15_000],
    ['1.02:00:00', 26 * 3_600_000],
    ['2', 2 * 86_400_000],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['PT1H', '1 h', '1w', '24:00', '00:60', '', 'd'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('the query source maps query offsets to the YAML file', () => {
  /** Line and column (1-based) of the first `needle` after `query:` in `text`. */
  function filePosition(text: string, needle: string): { line: number; column: number } {
    const offset = text.indexOf(needle, text.indexOf('query:'));
    expect(offset).toBeGreaterThanOrEqual(0);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  }

  function queryPosition(rule: SentinelRule, needle: string) {
    const offset = rule.query.indexOf(needle);
    expect(offset).toBeGreaterThanOrEqual(0);
    return lineColumn(rule.querySource, offset);
  }

  test('query: | block', () => {
    const rule = parseRule(RULE, 'r.yaml');
    expect(rule.querySource.origin).toEqual({ line: 16, column: 3, indent: 2 });
    expect(queryPosition(rule, 'AWSCloudTrail')).toEqual({ line: 16, column: 3 });
    expect(queryPosition(rule, '"CreateKey"')).toEqual(filePosition(RULE, '"CreateKey"'));
    expect(queryPosition(rule, '"CreateKey"')).toEqual({ line: 17, column: 24 });
  });

  test('a diagnostic on the query is shown at its place in the file', () => {
    const rule = parseRule(RULE, 'rules/test.yaml');
    const start = rule.query.indexOf('EventName');
    const d: Diagnostic = {
      code: 'KQL2004',
      severity: 'error',
      message: "column 'EventName' is not defined",
      source: rule.querySource,
      span: { start, end: start + 'EventName'.length },
    };
    expect(formatDiagnostic(d)).toBe(
      [
        "error KQL2004: column 'EventName' is not defined",
        '  --> rules/test.yaml:17:11',
        '   |',
        '17 |   | where EventName == "CreateKey"',
        '   |           ^~~~~~~~~',
      ].join('\n'),
    );
  });

  test('CRLF line endings', () => {
    const crlf = RULE.replaceAll('\n', '\r\n');
    const rule = parseRule(crlf, 'r.yaml');
    expect(rule.query).toBe('AWSCloudTrail\n| where EventName == "CreateKey"\n');
    expect(queryPosition(rule, '"CreateKey"')).toEqual({ line: 17, column: 24 });
  });

  test('deeper indentation, a leading blank line and a more-indented line', () => {
    const text = edit(
      'query: |\n  AWSCloudTrail\n  | where EventName == "CreateKey"\n',
      'query: |\n\n    AWSCloudTrail\n    | where EventName in ("CreateKey",\n        "PutKeyPolicy")\n',
    );
    const rule = parseRule(text, 'r.yaml');
    expect(rule.querySource.origin).toEqual({ line: 16, column: 5, indent: 4 });
    expect(queryPosition(rule, 'AWSCloudTrail')).toEqual(filePosition(text, 'AWSCloudTrail'));
    expect(queryPosition(rule, '"PutKeyPolicy"')).toEqual({ line: 19, column: 9 });
  });

  test('a quoted one-line query', () => {
    const text = edit(
      'query: |\n  AWSCloudTrail\n  | where EventName == "CreateKey"\n',
      `query: "AWSCloudTrail | take 1"\n`,
    );
    const rule = parseRule(text, 'r.yaml');
    expect(queryPosition(rule, 'take')).toEqual(filePosition(text, 'take'));
  });
});

describe('ruleFires', () => {
  const cases: [TriggerOperator | undefined, number, number, boolean][] = [
    ['gt', 2, 2, false],
    ['gt', 2, 3, true],
    ['lt', 2, 1, true],
    ['lt', 2, 2, false],
    ['eq', 2, 2, true],
    ['eq', 2, 3, false],
    ['ne', 2, 2, false],
    ['ne', 2, 0, true],
    [undefined, 0, 0, false],
    [undefined, 0, 1, true],
  ];
  test.each(cases)('%s %d with %d rows → %s', (op, threshold, rows, fires) => {
    expect(ruleFires({ triggerOperator: op, triggerThreshold: threshold }, rows)).toBe(fires);
  });
});

describe('loadQueryFile', () => {
  test('a .kql file is a query that fires on any row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-'));
    const path = join(dir, 'recent.kql');
    writeFileSync(path, 'AWSCloudTrail\n| take 5\n');
    const q = loadQueryFile(path);
    expect(q).toMatchObject({ kind: 'Query', name: 'recent', query: 'AWSCloudTrail\n| take 5\n' });
    expect(q.querySource.origin).toBeUndefined();
    expect(ruleFires(q, 0)).toBe(false);
    expect(ruleFires(q, 1)).toBe(true);
    expect(loadRuleOrQueryFile(path).kind).toBe('Query');
  });

  test('bytes that are not UTF-8 are refused at their line and column, U+FFFD itself is text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-'));
    const path = join(dir, 'bad.kql');
    // A real U+FFFD (EF BF BD) first, then a lone 0xC3 before '('.
    const head = Buffer.from('AWSCloudTrail\n| where EventName == "\uFFFD');
    writeFileSync(path, Buffer.concat([head, Buffer.from([0xc3]), Buffer.from('("\n')]));
    let error: unknown;
    try {
      loadQueryFile(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const [d] = (error as CompileError).diagnostics;
    expect(d?.code).toBe('R2S4008');
    expect(
      formatDiagnostic(d as Diagnostic)
        .split('\n')
        .slice(0, 2),
    ).toEqual([
      `error R2S4008: the file is not UTF-8 text: byte 0xC3 at offset ${String(head.length)} starts no character`,
      ` --> ${path}:2:24`,
    ]);
    writeFileSync(path, Buffer.concat([head, Buffer.from('"\n')]));
    expect(loadQueryFile(path).query).toContain('"\uFFFD"');
  });

  test('an unreadable file is a diagnostic, not a crash', () => {
    expect(() => loadRuleFile(join(tmpdir(), 'does-not-exist.yaml'))).toThrow(CompileError);
  });
});

describe('the example rule', () => {
  const path = join(repoRoot, 'examples/rules/aws-kms-encrypt-policy-without-mfa.yaml');

  test('loads without diagnostics', () => {
    const rule = loadRuleFile(path);
    expect(rule.warnings).toEqual([]);
    expect(rule).toMatchObject({
      id: '454133a7-5427-4a7c-bdc4-0adfa84dda16',
      name: 'AWSCloudTrail - Creating keys with encrypt policy without MFA',
      severity: 'Medium',
      status: 'Available',
      kind: 'Scheduled',
      version: '1.0.3',
      queryFrequency: { text: '1d', ms: 86_400_000 },
      queryPeriod: { text: '1d', ms: 86_400_000 },
      triggerOperator: 'gt',
      triggerThreshold: 0,
      tactics: ['Impact'],
      relevantTechniques: ['T1485'],
      requiredDataConnectors: [{ connectorId: 'AWS', dataTypes: ['AWSCloudTrail'] }],
    });
    const mappings = rule.entityMappings.map((m) => [
      m.entityType,
      m.fieldMappings.map((f) => `${f.identifier}=${f.columnName}`),
    ]);
    expect(mappings).toEqual([
      [
        'Account',
        ['Name=AccountName', 'UPNSuffix=AccountUPNSuffix', 'CloudAppAccountId=RecipientAccountId'],
      ],
      ['IP', ['Address=SourceIpAddress']],
    ]);
    expect(rule.customDetails.map((d) => `${d.key}=${d.columnName}`)).toEqual([
      'AwsEventId=AwsEventId',
      'EventName=EventName',
      'UserIdentityArn=UserIdentityArn',
    ]);
    expect(rule.alertDetailsOverride?.alertDisplayNameFormat).toBe(
      'AWS KMS key creation or policy update by {{AccountName}} without MFA',
    );
    expect(rule.query.startsWith('let check_actions = AWSCloudTrail\n')).toBe(true);
    expect(rule.query.trimEnd().endsWith('| project-away AwsEventId1')).toBe(true);
  });
});

describe.runIf(corpusPresent)('the Sentinel corpus', () => {
  const files = corpusPresent
    ? ['aws', 'mixed'].flatMap((d) =>
        readdirSync(join(corpusDir, d))
          .filter((f) => f.endsWith('.yaml'))
          .map((f) => `${d}/${f}`),
      )
    : [];

  test('has the 121 rules the README describes', () => {
    expect(files).toHaveLength(121);
  });

  test.each(files)('%s loads, and its query lines map back to the file', (name) => {
    const path = join(corpusDir, name);
    const rule = loadRuleFile(path);
    expect(rule.query.trim()).not.toBe('');
    expect(['Scheduled', 'NRT']).toContain(rule.kind);

    // Every non-blank query line k must be file line origin.line + k, indented by origin.indent.
    const origin = rule.querySource.origin;
    expect(origin).toBeDefined();
    const fileLines = readFileSync(path, 'utf8').split('\n');
    rule.query.split('\n').forEach((line, k) => {
      if (line.trim() === '') return;
      const fileLine = fileLines[(origin?.line ?? 0) - 1 + k]?.replace(/\r$/, '');
      expect(fileLine).toBe(' '.repeat(origin?.indent ?? 0) + line);
    });
  });
});

describe('positions in a folded query', () => {
  test('are given within the query text, and the source name says so', () => {
    const yaml = [
      'id: 11111111-1111-1111-1111-111111111111',
      'name: folded',
      'description: d',
      'severity: Low',
      'requiredDataConnectors: []',
      'queryFrequency: 1d',
      'queryPeriod: 1d',
      'triggerOperator: gt',
      'triggerThreshold: 0',
      'tactics: []',
      'relevantTechniques: []',
      'query: >',
      '  AWSCloudTrail',
      '  | where EventName == "CreateKey"',
      'kind: Scheduled',
      'version: 1.0.0',
      '',
    ].join('\n');
    const rule = parseRule(yaml, 'folded.yaml');
    expect(rule.querySource.name).toBe('folded.yaml (query text as YAML reads it)');
    expect(rule.querySource.origin).toBeUndefined();
    expect(rule.querySource.text).toBe('AWSCloudTrail | where EventName == "CreateKey"\n');
  });
});
