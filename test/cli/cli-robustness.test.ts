/**
 * The CLI given what a user may feed it: very long and/or chains, deeply nested expressions,
 * awkward literals and names, broken or empty files. Each run ends with valid SQL (exit 0) or a
 * diagnostic (exit 2), never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempFile } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

/** No JavaScript stack frame and no internal error class in the output. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/RangeError|TypeError|ReferenceError/);
}

describe('CLI on long and deep queries', { timeout: 180_000 }, () => {
  it('transpiles a 10,000-term or chain, writing all of it through a pipe', () => {
    const terms = Array.from({ length: 10_000 }, (_, i) => `EventName == "x${String(i)}"`);
    const file = tempFile('chain.kql', `AWSCloudTrail | where ${terms.join(' or ')}\n`);
    const r = cli('transpile', file, '--dialect', 'sqlite');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The whole statement arrives (spawnSync reads a pipe, as `| wc` would).
    expect(r.stdout).toContain(`"EventName" = 'x0'`);
    expect(r.stdout).toContain(`"EventName" = 'x9999'`);
    expect(r.stdout.length).toBeGreaterThan(250_000);
  });

  it('refuses an expression nested 20,000 levels deep with KQL3005', () => {
    const file = tempFile('deep.kql', `print x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`);
    const r = cli('transpile', file, '--dialect', 'postgres');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error KQL3005: the query is nested too deeply to translate (expressions thousands of levels deep)',
    );
    // The source line is shown cut to a window, not 40,000 characters.
    expect(Math.max(...r.stderr.split('\n').map((l) => l.length))).toBeLessThan(200);
    expectNoStackTrace(r.stderr);
  });
});

/** Literals and names with every character SQL quoting must get right, and the values KQL gives. */
const LITERALS = [
  `print s = 'it\\'s', b = 'back\\\\slash', q = "dq\\"x", n = 'line\\nnext\\ttab',`,
  `  d = '$$x$$ $1 :x ?', u = 'é😀', e = @'C:\\dir\\', w = @"say ""hi""", j = 'it''s'`,
].join('\n');
const LITERAL_ROW = {
  s: "it's",
  b: 'back\\slash',
  q: 'dq"x',
  n: 'line\nnext\ttab',
  d: '$$x$$ $1 :x ?',
  u: 'é😀',
  e: 'C:\\dir\\',
  w: 'say "hi"',
  // Adjacent string literals are concatenated.
  j: 'its',
};
const NAMES =
  "datatable(['my col']:string, ['a\"b']:string, ['$$']:string, ['new\\nline']:string, " +
  "['back\\\\']:string, ['sq\\'x']:string)['v', 'w', 'x', 'y', 'z', 'q'] " +
  "| extend ['é 😀'] = strcat(['my col'], ['new\\nline'])";
const NAMES_ROW = {
  'my col': 'v',
  'a"b': 'w',
  $$: 'x',
  'new\nline': 'y',
  'back\\': 'z',
  "sq'x": 'q',
  'é 😀': 'vy',
};

describe('CLI round-trips awkward literals and names', { timeout: 180_000 }, () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase();
  });
  afterAll(async () => {
    await pg.drop();
  });

  it.each([
    ['literals', LITERALS, LITERAL_ROW],
    ['column names', NAMES, NAMES_ROW],
  ])('%s on SQLite and PostgreSQL, and Athena SQL that parses', (_what, query, row) => {
    const file = tempFile('q.kql', `${query}\n`);
    for (const db of [
      ['--db', join(mkdtempSync(join(tmpdir(), 'r2s-')), 'x.db')],
      ['--db', pg.url],
    ]) {
      const r = cli('run', file, '--logs', 'examples/cloudtrail', ...db, '--format', 'json');
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { rows: unknown[] }).rows).toEqual([row]);
    }
    const athena = cli('transpile', file, '--dialect', 'athena');
    expect(athena.code, athena.stderr).toBe(0);
  });
});

describe('CLI on bad input: one diagnostic, exit 2, no stack trace', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rule2sql-empty-'));
  it.each([
    ['an unknown table', 'x.kql', 'NoSuchTable | take 1\n', 'error KQL2001: table'],
    ['an unknown column', 'x.kql', 'AWSCloudTrail | where Nope == 1\n', 'error KQL2004: column'],
    ['an invalid escape', 'x.kql', "print s = 'a\\qb'\n", 'error KQL1002: invalid escape'],
    ['a NUL character', 'x.kql', "print s = 'a\u0000b'\n", 'error KQL3003: a string holding'],
    ['only comments', 'x.kql', '// a comment\n// another\n', 'error KQL1003: expected'],
    ['an empty file', 'x.kql', '', 'error KQL1003: expected'],
    ['broken YAML', 'x.yaml', 'name: x\nquery: |\n  T\n bad: [\n', 'error R2S4001:'],
    [
      'a rule without a query',
      'x.yaml',
      'id: 11111111-1111-1111-1111-111111111111\nname: x\nkind: Scheduled\n',
      'error R2S4002: missing required field',
    ],
  ])('%s', (_what, name, text, first) => {
    const r = cli('transpile', tempFile(name, text), '--dialect', 'sqlite');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(first);
    expectNoStackTrace(r.stderr);
  });

  it('a folder with no rules', () => {
    const r = cli('transpile', dir, '--dialect', 'sqlite');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error R2S4010: no rule files (.yaml, .yml, .kql, .csl) found');
  });

  it('an unknown dialect', () => {
    const r = cli('transpile', tempFile('x.kql', 'print 1\n'), '--dialect', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nope');
    expectNoStackTrace(r.stderr);
  });

  it('a reader that closes the pipe early: the exit code stays 2', () => {
    // Long diagnostics into `head -c 5`: Node's EPIPE used to end the process with 1.
    const rule = tempFile('y.yaml', 'name: x\n');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `node bin/rule2sql.js transpile ${rule} -d sqlite 2>&1 >/dev/null | head -c 5; echo " \${PIPESTATUS[0]}"`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout).toBe('error 2\n');
  });
});
