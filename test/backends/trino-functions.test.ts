/**
 * The Trino function table: every function call in the Athena SQL of the conformance cases and
 * the example rules is a function of `TRINO_FUNCTIONS` with an allowed argument count. The
 * backend test cases (`function-cases.ts`, `tabular-cases.ts`) run through the conformance
 * runner, whose Athena engine applies the same check to every case it compiles.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TRINO_FUNCTIONS,
  trinoFunctionCalls,
  unknownTrinoCalls,
} from '../../src/backends/trino-functions.js';
import { compileQuery } from '../../src/compile.js';
import { readCaseDir } from '../../src/conformance/case.js';
import { athenaEngine, runCase } from '../../src/conformance/runner.js';
import { loadRuleOrQueryFile } from '../../src/frontend/sentinel-rule.js';
import { schemaRegistry } from '../../src/schema.js';

const repoRoot = join(import.meta.dirname, '..', '..');

describe('trinoFunctionCalls', () => {
  it('finds nested calls and counts their top-level arguments', () => {
    expect(trinoFunctionCalls(`SELECT coalesce(regexp_extract(s, '(a,b)', 1), '') FROM t`)).toEqual(
      [
        { name: 'coalesce', arity: 2 },
        { name: 'regexp_extract', arity: 3 },
      ],
    );
  });

  it('skips keywords, type names, aliases, literals and quoted identifiers', () => {
    const sql = `WITH "q_1" AS (SELECT "f(x)", 'g(1, 2)' FROM t WHERE a IN (1, 2))
SELECT CAST(try_cast(x AS array(map(varchar, json))) AS timestamp(6) with time zone)
FROM "q_1" AS t CROSS JOIN UNNEST(ARRAY[1]) WITH ORDINALITY AS u (v1, n)
WHERE EXISTS (SELECT 1) AND NOT (x) OR count(*) OVER (PARTITION BY a, b) > 0`;
    expect(trinoFunctionCalls(sql)).toEqual([
      { name: 'try_cast', arity: 1 },
      { name: 'count', arity: 1 },
    ]);
  });

  it('counts no arguments, lambdas and an ORDER BY inside an aggregate', () => {
    expect(
      trinoFunctionCalls(
        `SELECT nan(), transform(a, x -> f(x, 1)), array_agg(x ORDER BY y, z) FILTER (WHERE p)`,
      ),
    ).toEqual([
      { name: 'nan', arity: 0 },
      { name: 'transform', arity: 2 },
      { name: 'f', arity: 2 },
      { name: 'array_agg', arity: 1 },
    ]);
  });

  it('reports names missing from the table and arities it does not allow', () => {
    expect(unknownTrinoCalls(`SELECT json_extract(x, '$.a'), strpos(a), kql_has(a, b)`)).toEqual([
      { name: 'strpos', arity: 1 },
      { name: 'kql_has', arity: 2 },
    ]);
  });

  it('lists Trino names only, lower case, with sane arities', () => {
    for (const [name, arity] of TRINO_FUNCTIONS) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(arity.min).toBeLessThanOrEqual(arity.max);
      expect(['cast', 'case', 'array'].includes(name)).toBe(false);
    }
  });
});

describe('the Athena SQL of every conformance case uses only table functions', () => {
  const { cases, problems } = readCaseDir(join(repoRoot, 'test/conformance/cases'));
  it('reads the cases', () => {
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(50);
  });
  it.for(cases.map((c) => [c.id, c] as const))('%s', async ([, c]) => {
    const result = await runCase(c, athenaEngine());
    if (result.sql === undefined) return;
    expect(unknownTrinoCalls(result.sql)).toEqual([]);
    expect(result.status === 'fail' ? result.reason : '').not.toMatch(/Trino function table/);
  });
});

describe('the Athena SQL of the example rules uses only table functions', () => {
  const dir = join(repoRoot, 'examples/rules');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it.for(files)('%s', (file) => {
    const rule = loadRuleOrQueryFile(join(dir, file));
    const sql = compileQuery(rule.querySource, 'athena', { schemas: schemaRegistry() });
    expect(trinoFunctionCalls(sql).length).toBeGreaterThan(0);
    expect(unknownTrinoCalls(sql)).toEqual([]);
  });
});
