/**
 * Every corpus rule that reads AWSCloudTrail, run over the 42 fixture events
 * (`test/fixtures/cloudtrail/sentinel_rows.json`) on SQLite and PostgreSQL: no runtime error,
 * and the same result rows on both engines (decoded to KQL values, compared as multisets).
 *
 * A rule the compiler does not translate records its diagnostic code instead, which must be a
 * refusal: KQL3xxx (unsupported construct), KQL2002 for a function the binder does not know
 * (its message says "not known or not supported"; every corpus function is a real Kusto
 * function, see test/parity), or a binder gap listed in test/parity/known-disagreements.json. A
 * crash (an exception that is not a diagnostic) always fails. Needs the shared corpus beside the
 * repository; skipped with a printed reason without it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { scannedTables } from '../../src/coverage.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { createTable, insertRows } from '../../src/db/tables.js';
import { parseDatetimeMicros } from '../../src/db/time.js';
import { CompileError } from '../../src/diagnostics.js';
import type { Plan } from '../../src/ir/nodes.js';
import { executePlan } from '../../src/run.js';
import { schemaRegistry } from '../../src/schema.js';
import {
  CORPUS_MISSING_REASON,
  CORPUS_PRESENT,
  corpusQueries,
  knownDisagreements,
} from '../parity/corpus.js';
import { openTestPostgres } from '../support/postgres.js';

if (!CORPUS_PRESENT) console.warn(`AWS corpus rows test skipped: ${CORPUS_MISSING_REASON}`);

const here = path.dirname(fileURLToPath(import.meta.url));
const rows = JSON.parse(
  readFileSync(path.join(here, '..', 'fixtures', 'cloudtrail', 'sentinel_rows.json'), 'utf8'),
) as Record<string, unknown>[];
const schemas = schemaRegistry();
/** Just after the last 2025-03-05 fixture events, so `ago(1d)` windows hold some of them. */
const NOW = parseDatetimeMicros('2025-03-06T00:00:00Z');

const awsRules = CORPUS_PRESENT
  ? corpusQueries().filter((q) => /\bAWSCloudTrail\b/.test(q.text))
  : [];

const outcomes = new Map<string, string>();

function isRefusal(rule: string, code: string): boolean {
  if (code.startsWith('KQL3') || code === 'KQL2002') return true;
  return knownDisagreements().get(rule)?.check === 'semantics';
}

/**
 * A value as canonical JSON: property bags with their keys sorted (a dynamic bag is a map, and
 * PostgreSQL's jsonb stores keys in its own order), bigints marked. A string column keeps its
 * exact text, so `tostring(bag)` still compares byte for byte.
 */
function canonical(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}

/** Rows as sorted JSON lines: a multiset comparison that shows the differing rows on failure. */
function multiset(result: readonly (readonly unknown[])[]): string[] {
  return result.map((r) => JSON.stringify(canonical(r))).sort();
}

async function prepare(db: Database, tables: readonly string[], made: Set<string>): Promise<void> {
  for (const t of tables) {
    if (made.has(t)) continue;
    const schema = schemas.get(t);
    if (schema === undefined) throw new Error(`no schema for ${t}`);
    await createTable(db, schema);
    if (t === 'AWSCloudTrail') await insertRows(db, schema, rows);
    made.add(t);
  }
}

describe.skipIf(!CORPUS_PRESENT)('corpus AWS rules over the fixture events', () => {
  let sqlite: Database;
  let postgres: Database;
  const made = { sqlite: new Set<string>(), postgres: new Set<string>() };

  beforeAll(async () => {
    sqlite = await openSqlite();
    postgres = await openTestPostgres();
  });

  afterAll(async () => {
    await sqlite.close();
    await postgres.close();
    const summary = [...outcomes.values()].reduce<Record<string, number>>((acc, o) => {
      acc[o] = (acc[o] ?? 0) + 1;
      return acc;
    }, {});
    console.info(`AWS corpus rules over the fixture events: ${JSON.stringify(summary)}`);
  });

  it('finds the 64 corpus rules that read AWSCloudTrail', () => {
    expect(awsRules).toHaveLength(64);
  });

  it.each(awsRules.map((q) => [q.name, q] as const))('%s', async (name, q) => {
    let plan: Plan;
    try {
      plan = planQuery({ name, text: q.text }, { schemas, now: NOW });
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      const code = e.diagnostics[0]?.code ?? '';
      outcomes.set(name, `refused ${code}`);
      expect(isRefusal(name, code), `${code}: ${e.message}`).toBe(true);
      return;
    }
    const tables = scannedTables(plan);
    expect(tables).toContain('AWSCloudTrail');
    await prepare(sqlite, tables, made.sqlite);
    await prepare(postgres, tables, made.postgres);
    const onSqlite = await executePlan(sqlite, plan);
    const onPostgres = await executePlan(postgres, plan);
    expect(onPostgres.columns).toEqual(onSqlite.columns);
    expect(multiset(onPostgres.rows)).toEqual(multiset(onSqlite.rows));
    outcomes.set(name, onSqlite.rows.length > 0 ? 'ran, rows' : 'ran, no rows');
  });
});
