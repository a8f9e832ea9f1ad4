/**
 * KQL orders strings ordinally, by code point (SEMANTICS.md §9: 'B' < 'Z' < 'a' < 'b'), whatever
 * the collation of the database: `<`, `>`, `<=`, `>=`, min() / max() and arg_max() / arg_min() of
 * strings (`between` takes no strings: KQL2005). PostgreSQL runs on a database whose default collation is ICU en-US, where
 * 'a' < 'B' < 'b' < 'Z': the SQL must compare under COLLATE "C" to give KQL's rows.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { athenaEngine, postgresEngine, sqliteEngine } from '../../src/conformance/runner.js';
import { createTestDatabase, openTestPostgres, type TestDatabase } from '../support/postgres.js';
import { runTabularCases, type TabCase } from './tabular-cases.js';

const ICU = "ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'";

const S = {
  S: {
    columns: { id: 'long', w: 'string' },
    rows: [
      [1, 'a'],
      [2, 'B'],
      [3, 'Z'],
      [4, 'b'],
      [5, 'alice'],
    ],
  },
};

const cases: TabCase[] = [
  {
    id: 'less-than-a-string',
    tables: S,
    query: 'S | where w < "a" | project id',
    columns: ['id'],
    rows: [[2], [3]],
  },
  {
    id: 'greater-than-a-string',
    tables: S,
    query: 'S | where w > "Z" | project id',
    columns: ['id'],
    rows: [[1], [4], [5]],
  },
  {
    id: 'less-or-equal-and-greater-or-equal',
    tables: S,
    query: 'S | where w >= "Z" and w <= "b" | project id',
    columns: ['id'],
    rows: [[1], [3], [4], [5]],
  },
  {
    id: 'a-literal-on-the-left',
    tables: S,
    query: 'S | where "a" > w | project id',
    columns: ['id'],
    rows: [[2], [3]],
  },
  {
    id: 'countif-greater-than',
    tables: S,
    query: 'S | summarize n = countif(w > "alice")',
    columns: ['n'],
    rows: [[1]],
  },
  {
    id: 'min-and-max',
    tables: S,
    query: 'S | summarize lo = min(w), hi = max(w)',
    columns: ['lo', 'hi'],
    rows: [['B', 'b']],
  },
  {
    id: 'arg-max-by-a-string',
    tables: S,
    query: 'S | summarize arg_max(w, id) | project hi = id',
    columns: ['hi'],
    rows: [[4]],
  },
  {
    id: 'arg-min-by-a-string',
    tables: S,
    query: 'S | summarize arg_min(w, id) | project lo = id',
    columns: ['lo'],
    rows: [[2]],
  },
];

runTabularCases('string order', cases, [
  ['sqlite', () => sqliteEngine()],
  ['postgres', () => postgresEngine(() => openTestPostgres(ICU))],
  ['athena', () => athenaEngine()],
]);

describe('the ICU test database', () => {
  let created: TestDatabase;
  beforeAll(async () => {
    created = await createTestDatabase(ICU);
  });
  afterAll(() => created.drop());

  // Without this, the cases above would pass on a database whose collation changes nothing.
  it('orders strings differently from KQL by default', async () => {
    const client = new pg.Client({ connectionString: created.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ w: string }>(
        "SELECT w FROM (VALUES ('a'), ('B'), ('Z'), ('b')) AS t(w) ORDER BY w",
      );
      expect(rows.map((r) => r.w)).toEqual(['a', 'b', 'B', 'Z']);
    } finally {
      await client.end();
    }
  });
});
