/**
 * The README lists the helper functions rule2sql registers on SQLite connections, for users who
 * run generated SQL on their own connection: the list must name every one of them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SQLITE_FUNCTION_NAMES } from '../../src/backends/sqlite-functions.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('README', () => {
  it('lists every SQLite helper function registerSqliteFunctions registers', () => {
    const missing = SQLITE_FUNCTION_NAMES.filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
    expect(SQLITE_FUNCTION_NAMES.length).toBeGreaterThan(30);
  });
});
