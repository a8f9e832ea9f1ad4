/**
 * hash() (`Q/hash-function.md`): XXH64 with seed 0 of a string's UTF-8 bytes, as a signed long.
 * The doc's values (`hash("World")` 1846988464401551951, `hash("World", 100)` 51), XXH64's own
 * vector for no bytes (0xef46db3751d8e999), and the PostgreSQL prelude's XXH64 (numeric
 * arithmetic mod 2^64) and SQLite's `kql_hash` against the xxhash-wasm package on strings of
 * every length up to 100 bytes (each tail: 32-byte stripes, 8-, 4- and 1-byte steps), non-ASCII
 * text and random bytes.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSqliteFunctions } from '../../src/backends/sqlite-functions.js';
import { planQuery, printPlan } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import type { Database as Db } from '../../src/db/database.js';
import { kqlHash } from '../../src/kql-hash.js';
import { openTestPostgres } from '../support/postgres.js';

/** Deterministic pseudo-random text: a mix of ASCII, accented, CJK and astral characters. */
function samples(): string[] {
  const out: string[] = ['', 'World', 'a', 'ab', 'abc', 'abcd', 'straße', 'ΣΑΣ', '日本語', '🙂'];
  const alphabet = ['a', 'Z', '0', ' ', '"', 'é', 'ß', 'ж', '中', '🙂', '\n', '\u0000'];
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let len = 1; len <= 100; len++) out.push('x'.repeat(len));
  for (let i = 0; i < 150; i++) {
    const len = next() % 80;
    out.push(Array.from({ length: len }, () => alphabet[next() % alphabet.length]).join(''));
  }
  return out;
}

const SAMPLES = samples();

describe('kqlHash (xxhash-wasm)', () => {
  it('gives the doc value and XXH64 of no bytes', () => {
    expect(kqlHash('World')).toBe(1846988464401551951n);
    expect(BigInt.asUintN(64, kqlHash(''))).toBe(0xef46db3751d8e999n);
  });
});

describe('kql_hash on SQLite', () => {
  it('agrees with kqlHash', () => {
    const db = new Database(':memory:');
    registerSqliteFunctions(db);
    const stmt = db.prepare('SELECT kql_hash(?) AS h').safeIntegers(true);
    for (const s of SAMPLES) expect((stmt.get(s) as { h: bigint }).h, s).toBe(kqlHash(s));
    db.close();
  });
});

describe('rule2sql.kql_hash on PostgreSQL', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestPostgres();
  });
  afterAll(async () => {
    await db.close();
  });

  it('agrees with kqlHash on every sample', async () => {
    const { rows } = await db.query(
      'SELECT rule2sql.kql_hash(s)::text FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n) ORDER BY n',
      [SAMPLES.map((s) => s.replaceAll('\u0000', ''))],
    );
    const expected = SAMPLES.map((s) => [kqlHash(s.replaceAll('\u0000', '')).toString()]);
    expect(rows).toEqual(expected);
  });
});

describe('hash() in the binder', () => {
  const schemas = new Map([
    [
      'T',
      {
        name: 'T',
        columns: [
          { name: 's', type: 'string' as const },
          { name: 'n', type: 'long' as const },
          { name: 't', type: 'datetime' as const },
          { name: 'd', type: 'dynamic' as const },
        ],
      },
    ],
  ]);
  const codes = (query: string): string[] => {
    try {
      printPlan(planQuery({ name: '<test>', text: query }, { schemas }), 'sqlite');
      return [];
    } catch (e) {
      if (e instanceof CompileError) return e.diagnostics.map((d) => `${d.code} ${d.message}`);
      throw e;
    }
  };

  it.each([
    ['T | extend h = hash(n)', /KQL3002 hash\(\) of a long/],
    ['T | extend h = hash(t)', /KQL3002 hash\(\) of a datetime/],
    ['T | extend h = hash(d)', /KQL3002 hash\(\) of a dynamic/],
    ['T | extend h = hash(s, 10)', /KQL3002 hash\(\) with a mod of a value that may hash/],
    // XXH64 of no bytes is negative as a signed long.
    ['T | extend h = hash("", 10)', /KQL3002 hash\(\) with a mod of a value that may hash/],
    ['T | extend h = hash("World", 0)', /KQL3002 hash\(\) with a mod that is not positive/],
    ['T | extend h = hash("World", n)', /KQL2005 argument 2 of hash\(\) must be a constant/],
  ])('%s is refused', (query, expected) => {
    expect(codes(query).join('\n')).toMatch(expected);
  });

  it('binds hash of a string and of a string conversion', () => {
    expect(codes('T | extend h = hash(s), k = tostring(hash(tostring(d)))')).toEqual([]);
  });
});
