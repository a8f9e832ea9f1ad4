/** Running the installed command as a user does (`node bin/rule2sql.js …`) and its input files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the CLI; output is read through pipes, as a shell pipeline would. */
export function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('node', ['bin/rule2sql.js', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Writes `text` to a new file `name` in a fresh temporary folder and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rule2sql-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
