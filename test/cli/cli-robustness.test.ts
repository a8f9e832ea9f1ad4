/**
 * The CLI given what a user may feed it: very long and/or chains, deeply nested expressions,
 * awkward literals and names, broken or empty files. Each run ends with valid SQL (exit 0) or a
 * diagnostic (exit 2), never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempFile } from '../support/cli.js';

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
