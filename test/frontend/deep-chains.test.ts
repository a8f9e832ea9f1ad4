/**
 * Long and/or chains, as generated rule sets write them (`EventName == "a" or EventName == "b"
 * or …`, thousands of terms), compile and run on every dialect; an expression nested too deeply
 * for the compiler's recursion is a KQL3005 diagnostic, never a RangeError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { compileQuery, planQuery } from '../../src/compile.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { CompileError } from '../../src/diagnostics.js';
import { parseQuery } from '../../src/frontend/parser.js';
import { executePlan } from '../../src/run.js';
import { schemaRegistry } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';
import { openTestPostgres } from '../support/postgres.js';

const schemas = schemaRegistry();

/** `T | where s == "x0" or … or s == "x<n-1>"` over rows "x<n-1>", "y" and "x0". */
function orChain(n: number, op: 'or' | 'and' = 'or'): string {
  const cmp = op === 'or' ? '==' : '!=';
  const terms = Array.from({ length: n }, (_, i) => `s ${cmp} "x${String(i)}"`);
  return `datatable(s:string)["x${String(n - 1)}", "y", "x0"] | where ${terms.join(` ${op} `)}`;
}

/** The deepest nesting of `binary` nodes anywhere in a syntax tree. */
function binaryDepth(node: unknown): number {
  if (typeof node !== 'object' || node === null) return 0;
  const below = Math.max(0, ...Object.values(node).map(binaryDepth));
  return (node as { kind?: unknown }).kind === 'binary' ? below + 1 : below;
}

function codes(f: () => unknown): string[] {
  try {
    f();
    return [];
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
}

describe('long and/or chains', { timeout: 120_000 }, () => {
  it('parse into a tree of logarithmic depth', () => {
    const depth = binaryDepth(parseQuery({ name: 'q', text: orChain(10_000) }));
    // 14 levels of halving, then at most 64 operands nested to the left, then `==`.
    expect(depth).toBeGreaterThan(14);
    expect(depth).toBeLessThan(14 + 64 + 2);
  });

  it.each(DIALECTS)('of 10,000 terms compile for %s', (dialect) => {
    const sql = compileQuery({ name: 'q', text: orChain(10_000) }, dialect, { schemas });
    expect(sql).toContain("'x9999'");
    expect(sql).toContain("'x0'");
    if (dialect === 'athena') expect(validateTrino(sql).errors).toEqual([]);
  });

  it('of 64 terms or fewer print as before: nested to the left', () => {
    const sql = compileQuery({ name: 'q', text: orChain(3) }, 'sqlite', { schemas });
    expect(sql).toContain(`((("s" = 'x0') OR ("s" = 'x1')) OR ("s" = 'x2'))`);
  });

  it('nested too deeply is KQL3005 on every dialect, not a RangeError', () => {
    const parens = `print x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}`;
    const calls = `print x = ${'strcat('.repeat(5_000)}"a"${')'.repeat(5_000)}`;
    for (const text of [parens, calls]) {
      for (const dialect of DIALECTS) {
        expect(codes(() => compileQuery({ name: 'q', text }, dialect, { schemas }))).toEqual([
          'KQL3005',
        ]);
      }
    }
  });
});

describe.each([
  ['sqlite', (): Promise<Database> => openSqlite(':memory:')],
  ['postgres', (): Promise<Database> => openTestPostgres()],
] as const)('long chains run on %s', (_dialect, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });
  it('keeps the rows one of 10,000 or-terms matches', { timeout: 120_000 }, async () => {
    const plan = planQuery({ name: 'q', text: orChain(10_000) }, { schemas });
    const result = await executePlan(db, plan);
    expect(result.rows.map((r) => r[0]).sort()).toEqual(['x0', 'x9999']);
  });
  it('keeps the rows all of 10,000 and-terms match', { timeout: 120_000 }, async () => {
    const plan = planQuery({ name: 'q', text: orChain(10_000, 'and') }, { schemas });
    const result = await executePlan(db, plan);
    expect(result.rows).toEqual([['y']]);
  });
});
