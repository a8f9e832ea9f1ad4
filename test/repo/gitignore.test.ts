/**
 * .gitignore ignores build and coverage output at the top of the repository only: a source or
 * test folder that happens to be named `coverage` (test/coverage, src/cli/coverage.ts's
 * neighbours) must not have its new files silently ignored.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The .gitignore line that ignores `path` (as if untracked), or '' when none does. */
function ignoredBy(path: string): string {
  const r = spawnSync('git', ['check-ignore', '--no-index', '-v', path], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

const inCheckout =
  spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' }).stdout.trim() ===
  'true';
if (!inCheckout) console.log('.gitignore tests skipped: not run inside a git checkout');

describe.skipIf(!inCheckout)('.gitignore', () => {
  it('ignores the top-level coverage report', () => {
    expect(ignoredBy('coverage/index.html')).toMatch(/coverage/);
  });

  it.each([
    'test/coverage/coverage.test.ts',
    'test/coverage/new-case.test.ts',
    'src/cli/coverage.ts',
    'src/coverage.ts',
    'src/coverage/report.ts',
  ])('does not ignore %s', (path) => {
    expect(ignoredBy(path)).toBe('');
  });

  it('ignores no tracked file', () => {
    const r = spawnSync('git', ['ls-files', '--cached', '--ignored', '--exclude-standard'], {
      encoding: 'utf8',
    });
    expect(r.stdout.trim()).toBe('');
  });
});
