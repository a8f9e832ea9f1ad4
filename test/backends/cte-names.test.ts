/**
 * WITH names the engine takes for a table or for each other: SQLite and Trino fold the case of
 * names, PostgreSQL cuts them to 63 bytes. A `let t = T | …` printed as CTE "t" made SQLite read
 * it for the table "T" (a circular reference) and Trino read the filtered rows for the table
 * (found by a fresh tester). Rows for these queries are in own_let_names.json.
 */
import { describe, expect, it } from 'vitest';
import { engineIdentifier } from '../../src/backends/column-names.js';
import { compileQuery } from '../../src/compile.js';
import { schemaRegistry } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';

const schemas = schemaRegistry();

/** The names the statement defines in its WITH list and the tables it reads. */
function names(sql: string): { ctes: string[]; tables: string[] } {
  const ctes = [...sql.matchAll(/^ {2}"((?:[^"]|"")+)" AS (?:MATERIALIZED )?\(/gm)].map(
    (m) => m[1] ?? '',
  );
  const tables = [...sql.matchAll(/FROM "(AWSCloudTrail)"/g)].map((m) => m[1] ?? '');
  return { ctes, tables };
}

describe('CTE names apart from table names and from each other, as the engine folds them', () => {
  const queries = [
    'let awscloudtrail = AWSCloudTrail | where EventName == "CreateKey"; AWSCloudTrail | count',
    'let a = AWSCloudTrail | take 1; let A = AWSCloudTrail | take 2; union a, A | count',
    `let ${'x'.repeat(70)}a = AWSCloudTrail | take 1; let ${'x'.repeat(70)}b = AWSCloudTrail | take 2; union ${'x'.repeat(70)}a, ${'x'.repeat(70)}b`,
  ];
  for (const dialect of DIALECTS) {
    it.each(queries)(`%s on ${dialect}`, (text) => {
      const sql = compileQuery({ name: 'q', text }, dialect, { schemas });
      const { ctes, tables } = names(sql);
      const keys = [...ctes, ...new Set(tables)].map((n) => engineIdentifier(n, dialect));
      expect(ctes.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    });
  }

  it('keeps a let name that collides with nothing', () => {
    const sql = compileQuery(
      { name: 'q', text: 'let Kms = AWSCloudTrail | take 1; Kms' },
      'sqlite',
      { schemas },
    );
    expect(names(sql).ctes).toContain('Kms');
  });
});
