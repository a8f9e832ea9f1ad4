/**
 * Generated regular expressions (alternatives, greedy and lazy quantifiers, counted repetitions,
 * nested groups) over generated texts: extract, extract_all and replace_regex must give the same
 * values on PostgreSQL — its own matching where regex-posix.ts proves it agrees with RE2, the
 * prelude's RE2-order matcher otherwise — as on SQLite, whose JavaScript regexes choose matches
 * and submatches in RE2's leftmost-first order. The generator keeps to what JavaScript and RE2
 * answer alike: no quantifier over a part that may match the empty string (JavaScript rejects an
 * iteration that matches empty, so `(a??)?` takes the `a`; RE2 takes the empty iteration), and
 * only groups outside repetitions are compared (JavaScript forgets a group an iteration skips;
 * RE2 keeps it).
 * `RULE2SQL_PROPERTY_SEED` and `RULE2SQL_PROPERTY_RUNS` override the seed and the runs.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueryCase } from '../../src/conformance/case.js';
import { compareResult, formatComparison } from '../../src/conformance/compare.js';
import { executeCase } from '../../src/conformance/runner.js';
import { provePosixAgrees } from '../../src/backends/regex-posix.js';
import { sqliteAndPostgres } from '../support/engines.js';

const SEED = Number(process.env['RULE2SQL_PROPERTY_SEED'] ?? 20261205);
const RUNS = Number(process.env['RULE2SQL_PROPERTY_RUNS'] ?? 150);

interface Gen {
  readonly text: string;
  readonly nullable: boolean;
}

/** A random pattern from `next` (values in [0, 1)); `groups` collects group numbers and loops. */
function pattern(next: () => number): { text: string; free: number[]; groups: number } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  let groups = 0;
  const free: number[] = [];
  const alt = (depth: number, inLoop: boolean): Gen => {
    const n = depth > 1 ? 1 : pick([1, 1, 2, 3]);
    const branches = Array.from({ length: n }, () => seq(depth, inLoop));
    return {
      text: branches.map((b) => b.text).join('|'),
      nullable: branches.some((b) => b.nullable),
    };
  };
  const seq = (depth: number, inLoop: boolean): Gen => {
    const n = pick([0, 1, 1, 2, 2, 3]);
    const items = Array.from({ length: n }, () => quantified(depth, inLoop));
    return { text: items.map((i) => i.text).join(''), nullable: items.every((i) => i.nullable) };
  };
  const quantified = (depth: number, inLoop: boolean): Gen => {
    const q = pick(['', '', '', '*', '+', '?', '*?', '+?', '??', '{1,2}', '{0,2}?', '{2}']);
    const loops = q !== '' && q !== '?' && q !== '??';
    const a = atom(depth, inLoop || loops);
    if (q !== '' && a.nullable) return a;
    const nullable =
      q === '' || q === '{2}' || q.startsWith('+') || q === '{1,2}' ? a.nullable : true;
    return { text: a.text + q, nullable };
  };
  const atom = (depth: number, inLoop: boolean): Gen => {
    const kind = depth >= 3 ? 0 : pick([0, 0, 0, 1, 2]);
    if (kind === 0) {
      const text = pick(['a', 'b', '-', '[ab]', '.', 'ab', '[^a]', 'A', '^', '$', '\\b', '\\B']);
      if (/^[$^\\]/.test(text)) return { text, nullable: true };
      return { text: text === 'ab' ? '(?:ab)' : text, nullable: false };
    }
    if (kind === 1) {
      const g = ++groups;
      if (!inLoop) free.push(g);
      const body = alt(depth + 1, inLoop);
      return { text: `(${body.text})`, nullable: body.nullable };
    }
    const body = alt(depth + 1, inLoop);
    return { text: `(?:${body.text})`, nullable: body.nullable };
  };
  const flags = pick(['', '', '', '(?i)', '(?s)']);
  const root = alt(0, false);
  return { text: flags + (root.text === '' ? 'a' : root.text), free, groups };
}

function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const texts = fc.array(
  fc
    .array(fc.constantFrom('a', 'b', 'A', '-', '\n', ' '), { maxLength: 7 })
    .map((cs) => cs.join('')),
  { minLength: 1, maxLength: 5 },
);

/** The KQL string literal of `s` (verbatim). */
const verbatim = (s: string): string => `@"${s.replaceAll('"', '""')}"`;

describe('PostgreSQL extractions follow RE2 on generated regexes', () => {
  const engines = sqliteAndPostgres();
  let proved = 0;
  let total = 0;
  afterAll(() => {
    console.log(`regex property seed ${SEED}: ${total} patterns, ${proved} proven for PostgreSQL`);
  });

  it('as SQLite (JavaScript) does', { timeout: 600_000 }, async () => {
    const property = fc.asyncProperty(fc.integer(), texts, async (seed, values) => {
      const re = pattern(random(seed));
      total++;
      if (provePosixAgrees(re.text, [0, ...re.free]) === undefined) proved++;
      const cols = [0, ...re.free].map(
        (g) => `g${String(g)} = extract(${verbatim(re.text)}, ${String(g)}, s)`,
      );
      if (re.free.length > 0) {
        cols.push(`all = extract_all(${verbatim(re.text)}, dynamic([${re.free.join(',')}]), s)`);
      }
      cols.push(`r = replace_regex(s, ${verbatim(re.text)}, "<\\\\0>")`);
      const c: QueryCase = {
        kind: 'query',
        id: 'property-regex',
        file: 'test/property/regex-re2-order.test.ts',
        index: 0,
        tables: [
          {
            name: 'T',
            columns: [
              { name: 'id', type: 'long' },
              { name: 's', type: 'string' },
            ],
            rows: values.map((v, i) => [BigInt(i), v]),
          },
        ],
        query: `T | project id, ${cols.join(', ')}`,
        expected: { columns: [], rows: [] },
        ordered: false,
        unorderedArrays: [],
      };
      const lite = await executeCase(c, engines.sqlite());
      const pg = await executeCase(c, engines.postgres());
      if ('status' in lite || 'status' in pg) {
        expect.fail(`${c.query}\n${JSON.stringify(lite)}\n${JSON.stringify(pg)}`);
      }
      const comparison = compareResult(
        {
          columns: lite.columns.map((col) => col.name),
          types: lite.columns.map((col) => col.type),
          rows: lite.rows,
          ordered: false,
          unorderedArrays: [],
        },
        { columns: pg.columns, rows: pg.rows },
      );
      if (!comparison.ok) {
        expect.fail(
          `${re.text} over ${JSON.stringify(values)}\n(expected = SQLite, returned = PostgreSQL)\n${formatComparison(comparison)}\n-- SQL (postgres):\n${pg.sql}`,
        );
      }
    });
    await fc.assert(property, {
      seed: SEED,
      numRuns: RUNS,
      plugins: [fc.interruptAfterTimeLimit(120_000)],
    });
    expect(proved).toBeGreaterThan(0);
    expect(proved).toBeLessThan(total);
  });
});
