import { describe, expect, test } from 'vitest';

import { validateTrino } from '../../src/backends/trino-validate.js';

// Constructs the Trino and Athena backends rely on; each must parse with the Trino grammar.
const valid: Record<string, string> = {
  'WITH … SELECT': `WITH a AS (SELECT x, y FROM t WHERE y > 1), b AS (SELECT x FROM a)
SELECT x FROM b`,
  'CROSS JOIN UNNEST WITH ORDINALITY': `SELECT t.id, u.v, u.n
FROM t CROSS JOIN UNNEST(CAST(json_parse(t.s) AS ARRAY(JSON))) WITH ORDINALITY AS u(v, n)`,
  'LEFT JOIN UNNEST ON true': `SELECT t.id, u.v FROM t LEFT JOIN UNNEST(t.arr) AS u(v) ON true`,
  'json_extract with a bracket path': `SELECT json_extract(x, '$["a"]') FROM t`,
  'try(json_parse())': `SELECT try(json_parse(s)) AS j FROM t`,
  'CAST AS ARRAY(JSON)': `SELECT CAST(x AS ARRAY(JSON)) FROM t`,
  regexp_like: `SELECT * FROM t WHERE regexp_like(name, '(?i)^admin')`,
  'quoted identifier': `SELECT "quoted ident", "a""b" FROM "my table"`,
  'IS DISTINCT FROM': `SELECT * FROM t WHERE a IS DISTINCT FROM b`,
  'ORDER BY … DESC NULLS LAST': `SELECT x FROM t ORDER BY x DESC NULLS LAST, y ASC NULLS FIRST`,
  'two statements': `SELECT 1; SELECT 2`,
  'everything at once': `WITH base AS (
  SELECT "EventName", json_extract_scalar("RequestParameters", '$["policy"]') AS policy
  FROM "AWSCloudTrail"
  WHERE "EventName" IN ('CreateKey', 'PutKeyPolicy') AND "ErrorCode" IS NULL
)
SELECT b."EventName", u.v, u.n
FROM base AS b
CROSS JOIN UNNEST(CAST(try(json_parse(b.policy)) AS ARRAY(JSON))) WITH ORDINALITY AS u(v, n)
LEFT JOIN UNNEST(ARRAY[1, 2]) AS w(z) ON true
WHERE regexp_like(b."EventName", 'Key$') AND b.policy IS DISTINCT FROM ''
ORDER BY u.n DESC NULLS LAST
LIMIT 10`,
};

describe('validateTrino accepts Trino SQL', () => {
  test.each(Object.entries(valid))('%s', (_name, sql) => {
    expect(validateTrino(sql)).toEqual({ ok: true, errors: [] });
  });
});

describe('validateTrino rejects SQL that is not Trino', () => {
  test('PostgreSQL cast x::jsonb points at the first colon', () => {
    const result = validateTrino('SELECT x::jsonb FROM t');
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 1, column: 9 });
    expect(result.errors[0]?.message).toContain("':'");
  });

  test('ILIKE points at the operator', () => {
    const result = validateTrino(`SELECT a FROM t WHERE a ILIKE 'x%'`);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 1, column: 25 });
    expect(result.errors[0]?.message).toContain('ILIKE');
  });

  test('a missing closing parenthesis is reported on the line where input ends', () => {
    const result = validateTrino('SELECT a\nFROM t\nWHERE (a = 1');
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.line)).toContain(3);
    expect(result.errors.some((e) => e.message === 'Statement is incomplete')).toBe(true);
  });

  test('an error on a later line keeps its line and column', () => {
    const result = validateTrino('SELECT a,\n       b::text\nFROM t');
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 2, column: 9 });
  });

  test('errors come sorted by position', () => {
    const { errors } = validateTrino('SELECT (a FROM t');
    expect(errors.length).toBeGreaterThan(1);
    const keys = errors.map((e) => e.line * 10_000 + e.column);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  test('an error in the second of two statements is found', () => {
    const result = validateTrino('SELECT 1;\nSELECT x::int FROM t');
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ line: 2, column: 9 });
  });
});
