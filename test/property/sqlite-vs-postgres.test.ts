/**
 * Property test: SQLite and PostgreSQL return the same rows (issue 4).
 *
 * fast-check generates a fixture table `T` (strings with punctuation, whitespace, Unicode
 * case-folding traps, combining marks, emoji, '' and NULL; longs, reals, bools, datetimes and a
 * dynamic column) plus a join table `U`, and a query of one of the shapes below with generated
 * constants. The query runs on both engines through the conformance runner (`executeCase`:
 * the runner's table loading) and the rows are compared with the runner's comparison
 * (`compareResult`: multiset unless the query sorts, values by KQL type), PostgreSQL's rows standing
 * as the expectation for SQLite's.
 *
 * A difference is a bug in one backend: it is decided from KQL's documented semantics, fixed, and
 * its shrunk counterexample kept as a conformance case (`test/conformance/cases/own_property.json`,
 * ids `own-p-*`). Values or shapes the generator leaves out say which case or README limitation
 * records them.
 *
 * Determinism: the seed is fixed (RULE2SQL_PROPERTY_SEED overrides it, RULE2SQL_PROPERTY_RUNS
 * the number of runs) and printed when the property fails.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueryCase } from '../../src/conformance/case.js';
import { compareResult, formatComparison } from '../../src/conformance/compare.js';
import { executeCase, type CaseResult, type Execution } from '../../src/conformance/runner.js';
import type { CaseValue } from '../../src/db/values.js';
import type { ColumnSchema } from '../../src/schema.js';
import { sqliteAndPostgres } from '../support/engines.js';

const DEFAULT_SEED = 20261204;
const DEFAULT_RUNS = 300;

function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${text}`);
  return n;
}

const SEED = envInt('RULE2SQL_PROPERTY_SEED', DEFAULT_SEED);
const RUNS = envInt('RULE2SQL_PROPERTY_RUNS', DEFAULT_RUNS);
/**
 * The default runs stop after this long (300 runs take about 12 s on an idle machine); a run
 * count given by RULE2SQL_PROPERTY_RUNS is run in full.
 */
const TIME_LIMIT_MS = process.env['RULE2SQL_PROPERTY_RUNS'] === undefined ? 40_000 : undefined;

// ---------------------------------------------------------------------------------------------
// Values

/**
 * Pieces strings are built from: ASCII punctuation and whitespace, digits, letters whose case
 * mapping differs between Unicode's simple and full mappings ('ß', 'İ', 'ı', 'ΑΣ'),
 * combining marks, emoji (outside the BMP) and CJK.
 */
const PIECES = [
  'a',
  'b',
  'B',
  'abc',
  'ABC',
  'Foo',
  'foo',
  'bar',
  'x',
  '_',
  '-',
  '.',
  ',',
  ';',
  ':',
  '!',
  '?',
  '/',
  '\\',
  '%',
  '*',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '|',
  '+',
  '=',
  '#',
  '@',
  '$',
  '^',
  '&',
  '~',
  '`',
  ' ',
  '  ',
  '\t',
  'ß',
  'SS',
  'ss',
  'İ',
  'i',
  'I',
  'ı',
  'Σ',
  'σ',
  // Final sigma 'ς' is left out: Unicode case folding makes `"ς" has "Σ"` true, which SQLite
  // (JavaScript's case-insensitive regex) gives and PostgreSQL (`~*`, `lower()`) does not; the
  // conformance case own-p-has-final-sigma records it (known failure on postgres).
  'ΑΣ',
  'é',
  'e\u0301',
  'Café',
  '😀',
  '👍🏽',
  '中文',
  'Straße',
  'ẞ',
  'K', // Kelvin sign, lower case 'k'
  'µ', // micro sign, upper case Greek 'Μ'
  'ǅ',
  'ﬀ',
  '\u00a0',
  '\n',
  '0',
  '1',
  '42',
  '-7',
  '3.5',
] as const;

const piece = fc.constantFrom(...PIECES);
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(piece, { maxLength }).map((ps) => ps.join(''));
/** A string cell: mostly text, sometimes '' or SQL NULL (which KQL reads as ''). */
const stringCell: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: text(4) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constant(null) },
);
const longValue = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 42, -7, 1_000_000_000_000, -1_000_000_000_000),
  fc.integer({ min: -1000, max: 1000 }),
);
const longCell = fc.option(longValue, { nil: null, freq: 6 });
const realCell = fc.option(fc.constantFrom(0, 1, -1, 1.5, -2.25, 0.1, 1e10, 3, -0.5, 123.456), {
  nil: null,
  freq: 6,
});
const boolCell = fc.option(fc.boolean(), { nil: null, freq: 6 });

/** RFC 3339 with microseconds (the precision both engines store). */
function datetimeText(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  return `${iso}.${fraction}Z`;
}
const DT_MIN = Date.UTC(2000, 0, 1) * 1000;
const DT_MAX = Date.UTC(2030, 0, 1) * 1000;
const datetimeCell = fc
  .option(
    fc.oneof(
      fc.constantFrom(Date.UTC(2024, 0, 1) * 1000, Date.UTC(2024, 0, 1, 12) * 1000 + 5),
      fc.integer({ min: DT_MIN, max: DT_MAX }),
    ),
    { nil: null, freq: 6 },
  )
  .map((m) => (m === null ? null : datetimeText(m)));

/**
 * Bag keys, listed in jsonb's key order (shorter UTF-8 first, then bytewise), and every generated
 * bag keeps that order: Kusto does not guarantee the order of a bag's keys, and PostgreSQL prints
 * (`tostring`) and expands (`mv-expand with_itemindex`) them in jsonb's order where SQLite keeps
 * insertion order (README, PostgreSQL: tostring of a property bag; case dyn-tostring-key-order).
 */
const KEYS = ['a', 'b', 'Σ', 'k y', 'key'] as const;
const keyRank = (k: string): number => KEYS.indexOf(k as (typeof KEYS)[number]);
/**
 * JSON values: numbers are integers or exact halves, since a JSON number's text is kept by SQLite
 * and normalised by jsonb (README: SQLite, tostring of a parsed JSON number).
 */
const jsonScalar: fc.Arbitrary<CaseValue> = fc.oneof(
  text(2),
  fc.integer({ min: -100, max: 100 }),
  fc.constantFrom(0.5, -2.5, 1e6),
  fc.boolean(),
  fc.constant(null),
);
const { json } = fc.letrec<{ json: CaseValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonScalar,
    fc.array(tie('json'), { maxLength: 3 }),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('json')), {
        maxLength: 3,
        selector: ([k]) => k,
      })
      .map(
        (entries) =>
          Object.fromEntries([...entries].sort(([x], [y]) => keyRank(x) - keyRank(y))) as Record<
            string,
            CaseValue
          >,
      ),
  ),
}));
/** A dynamic cell: SQL NULL stands for KQL null (SEMANTICS §0), so JSON null is not a cell. */
const dynamicCell: fc.Arbitrary<CaseValue> = fc.oneof(
  { weight: 4, arbitrary: json },
  { weight: 1, arbitrary: fc.constant(null) },
);

const T_COLUMNS: readonly ColumnSchema[] = [
  { name: 'id', type: 'long' },
  { name: 's', type: 'string' },
  { name: 't', type: 'string' },
  { name: 'n', type: 'long' },
  { name: 'r', type: 'real' },
  { name: 'b', type: 'bool' },
  { name: 'd', type: 'datetime' },
  { name: 'j', type: 'dynamic' },
];
const U_COLUMNS: readonly ColumnSchema[] = [
  { name: 'k', type: 'string' },
  { name: 'v', type: 'long' },
];

const tRows = fc
  .array(
    fc.tuple(stringCell, stringCell, longCell, realCell, boolCell, datetimeCell, dynamicCell),
    { maxLength: 8 },
  )
  .map((rows) => rows.map((r, i): CaseValue[] => [i + 1, ...r]));
const uRows = fc.array(fc.tuple(stringCell, longCell), { maxLength: 5 });

// ---------------------------------------------------------------------------------------------
// Query shapes

/** A KQL string literal (double quotes, backslash escapes). */
function lit(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n');
  return `"${body}"`;
}
/** A verbatim KQL literal, for regular expressions. */
const verbatim = (s: string): string => `@"${s.replace(/"/g, '""')}"`;

const constant = fc.oneof(
  { weight: 8, arbitrary: text(2) },
  { weight: 1, arbitrary: fc.constant('') },
);
const strCol = fc.constantFrom('s', 't');

interface Shape {
  readonly name: string;
  readonly query: string;
  readonly ordered?: boolean;
  readonly unorderedArrays?: readonly string[];
}

const BINARY_STRING_OPS = [
  '==',
  '!=',
  '=~',
  '!~',
  'has',
  '!has',
  'has_cs',
  '!has_cs',
  'hasprefix',
  'hassuffix',
  'contains',
  '!contains',
  'contains_cs',
  'startswith',
  '!startswith',
  'startswith_cs',
  'endswith',
  '!endswith',
  'endswith_cs',
] as const;

/** Simple RE2 patterns that every backend translates (README: regular expressions). */
const REGEXES = [
  '^a',
  'b$',
  'a.c',
  '[0-9]+',
  '\\d',
  '\\w+',
  '\\s',
  '(?i)abc',
  'ß',
  'Σ',
  '^$',
  'foo|bar',
  '\\.',
  '[^a-z]',
  '😀',
] as const;

const stringPredicate: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(strCol, fc.constantFrom(...BINARY_STRING_OPS), constant)
    .map(([c, op, k]) => `${c} ${op} ${lit(k)}`),
  fc
    .tuple(
      strCol,
      fc.constantFrom('in', '!in', 'in~', '!in~'),
      fc.array(constant, { minLength: 1, maxLength: 3 }),
    )
    .map(([c, op, ks]) => `${c} ${op} (${ks.map(lit).join(', ')})`),
  fc
    .tuple(
      strCol,
      fc.constantFrom('has_any', 'has_all'),
      fc.array(constant, { minLength: 1, maxLength: 3 }),
    )
    .map(([c, f, ks]) => `${c} ${f} (${ks.map(lit).join(', ')})`),
  fc
    .tuple(strCol, fc.array(constant, { maxLength: 3 }))
    .map(([c, ks]) => `${c} in (dynamic([${ks.map(lit).join(', ')}]))`),
  fc
    .tuple(strCol, fc.constantFrom('has_any', 'has_all'), fc.array(constant, { maxLength: 2 }))
    .map(([c, f, ks]) => `${c} ${f} (dynamic([${ks.map(lit).join(', ')}]))`),
  fc
    .tuple(strCol, fc.constantFrom(...REGEXES))
    .map(([c, re]) => `${c} matches regex ${verbatim(re)}`),
  fc.tuple(fc.constantFrom('isempty', 'isnotempty'), strCol).map(([f, c]) => `${f}(${c})`),
);

const otherPredicate: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('==', '!=', '<', '>='), longValue)
    .map(([op, k]) => `n ${op} ${String(k)}`),
  fc.tuple(fc.constantFrom('<', '>'), fc.constantFrom(0, 1.5, -1)).map(([op, k]) => `r ${op} ${k}`),
  fc.constantFrom('b', 'not(b)', 'b == false', 'isnull(b)', 'isnull(n)', 'isnotnull(r)'),
  fc
    .constantFrom('2010-01-01', '2024-01-01T12:00:00Z', '2029-06-30')
    .map((t) => `d > datetime(${t})`),
  fc.constantFrom(
    'isempty(j)',
    'isnotempty(j)',
    'isnull(j)',
    'isnotnull(j.a)',
    'tostring(j.a) == "a"',
    'array_length(j) > 1',
  ),
  fc
    .tuple(fc.constantFrom(...KEYS), constant)
    .map(([k, c]) => `tostring(j[${lit(k)}]) =~ ${lit(c)}`),
);

const predicate = fc.oneof(
  { weight: 3, arbitrary: stringPredicate },
  { weight: 1, arbitrary: otherPredicate },
);
/** Predicates alone, negated, or two joined by `and` / `or` (null operands: SEMANTICS §2). */
const whereShape: fc.Arbitrary<Shape> = fc
  .oneof(
    { weight: 4, arbitrary: predicate },
    { weight: 1, arbitrary: predicate.map((p) => `not(${p})`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(predicate, fc.constantFrom('and', 'or'), predicate)
        .map(([a, op, b]) => `(${a}) ${op} (${b})`),
    },
  )
  .map((p) => ({ name: 'where', query: `T | where ${p}` }));

const smallInt = fc.integer({ min: -3, max: 4 });

const extendExpr: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('tostring', 'toupper', 'tolower', 'strlen', 'reverse'), strCol)
    .map(([f, c]) => `${f}(${c})`),
  fc.constantFrom('n', 'r', 'b', 'd', 'j', 'j.a', 'j[0]').map((c) => `tostring(${c})`),
  fc.tuple(strCol, smallInt).map(([c, i]) => `substring(${c}, ${i})`),
  fc.tuple(strCol, smallInt, smallInt).map(([c, i, n]) => `substring(${c}, ${i}, ${n})`),
  fc
    .tuple(strCol, piece, fc.integer({ min: -2, max: 2 }))
    .map(([c, d, i]) => `tostring(split(${c}, ${lit(d)})[${i}])`),
  fc.tuple(strCol, piece).map(([c, d]) => `split(${c}, ${lit(d)})`),
  fc.tuple(strCol, constant).map(([c, k]) => `strcat(${c}, ${lit(k)}, t, n)`),
  fc
    .tuple(strCol, piece, constant)
    .map(([c, l, r]) => `replace_string(${c}, ${lit(l)}, ${lit(r)})`),
  fc
    .tuple(
      fc.constantFrom('trim', 'trim_start', 'trim_end'),
      fc.constantFrom(' ', 'a', '\\s+', 'x+'),
    )
    .map(([f, re]) => `${f}(${verbatim(re)}, s)`),
  fc
    .tuple(strCol, fc.constantFrom(...KEYS))
    .map(([c, k]) => `tostring(parse_json(${c})[${lit(k)}])`),
  fc.constantFrom('todynamic(s)', 'parse_json(t)', 'tostring(todynamic(s))'),
  fc.tuple(strCol, constant).map(([c, k]) => `indexof(${c}, ${lit(k)})`),
  fc.constantFrom(
    'n % 7',
    'n % -3',
    'n / 3',
    'n / -2',
    'r + n',
    'r / 2',
    'round(r, 1)',
    'bin(n, 10)',
    'tostring(n * 2)',
    'bin(d, 1d)',
    'startofday(d)',
    'tostring(d + 1h)',
    'getyear(d)',
    'tolong(s)',
    'toreal(t)',
    'tobool(s)',
    'iff(b, s, t)',
    'coalesce(s, t)',
    'isempty(s)',
  ),
);

const extendShape: fc.Arbitrary<Shape> = extendExpr.map((e) => ({
  name: 'extend',
  query: `T | extend x = ${e} | project id, x`,
}));

const AGGREGATES = [
  'c = count()',
  'dn = dcount(n)',
  'dt = dcount(t)',
  'st = make_set(t)',
  'sn = make_set(n)',
  'mn = min(n)',
  'mx = max(r)',
  'sm = sum(n)',
  'mt = min(t)',
  'xt = max(t)',
  'md = max(d)',
  'a = avg(r)',
  'sr = sum(r)',
  'ci = countif(b)',
  'ml = make_list(s)',
  'sj = make_set(j)',
] as const;

const summarizeShape: fc.Arbitrary<Shape> = fc
  .tuple(
    fc.subarray([...AGGREGATES], { minLength: 1, maxLength: 4 }),
    fc.constantFrom(
      's',
      'k = tolower(s)',
      'k = toupper(t)',
      'b',
      's, b',
      'bin(n, 10)',
      'bin(d, 1d)',
      'x = tostring(j.a)',
    ),
  )
  .map(([aggs, by]) => ({
    name: 'summarize',
    query: `T | summarize ${aggs.join(', ')} by ${by}`,
    unorderedArrays: ['st', 'sn', 'ml', 'sj'],
  }));

const sortShape: fc.Arbitrary<Shape> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('s', 't', 'n', 'r', 'd', 'b', 'tolower(s)', 'strlen(t)'),
      fc.constantFrom('asc', 'desc'),
      fc.constantFrom('', ' nulls first', ' nulls last'),
      fc.integer({ min: 0, max: 9 }),
    )
    .map(([key, dir, nulls, n]) => ({
      name: 'sort',
      query: `T | sort by ${key} ${dir}${nulls}, id asc | take ${n} | project id, s, t, n, r, d`,
      ordered: true,
    })),
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('asc', 'desc')).map(([n, dir]) => ({
    name: 'top',
    query: `T | top ${n} by id ${dir}`,
    ordered: true,
  })),
);

const distinctShape: fc.Arbitrary<Shape> = fc
  .constantFrom('s', 's, n', 't, b', 'x', 'j')
  .map((cols) => ({
    name: 'distinct',
    query:
      cols === 'x'
        ? 'T | extend x = tolower(s) | distinct x'
        : cols === 'j'
          ? 'T | extend x = tostring(j) | distinct x'
          : `T | distinct ${cols}`,
  }));

const mvExpandShape: fc.Arbitrary<Shape> = fc
  .constantFrom(
    'T | mv-expand j | project id, j',
    'T | mv-expand e = j | project id, e',
    'T | mv-expand j | extend x = tostring(j) | project id, x',
    'T | mv-expand with_itemindex = i j | project id, i, j',
    'T | extend p = split(s, " ") | mv-expand p | project id, p',
    'T | mv-expand j | summarize c = count() by x = tostring(j)',
    'T | mv-expand e = j to typeof(string) | project id, e',
  )
  .map((query) => ({ name: 'mv-expand', query }));

const joinShape: fc.Arbitrary<Shape> = fc
  .constantFrom(
    'T | join kind=inner (U) on $left.s == $right.k | project id, k, v',
    'T | join kind=innerunique (U) on $left.s == $right.k | project s, k, v',
    'T | join kind=leftouter (U) on $left.t == $right.k | project id, k, v',
    'T | join kind=leftanti (U) on $left.s == $right.k | project id',
    'T | join kind=leftsemi (U) on $left.t == $right.k | project id',
    'T | join kind=rightanti (U) on $left.s == $right.k',
    'T | extend k = tolower(s) | join kind=inner (U | extend k = tolower(k)) on k | project id, v',
  )
  .map((query) => ({ name: 'join', query }));

const shape: fc.Arbitrary<Shape> = fc.oneof(
  { weight: 4, arbitrary: whereShape },
  { weight: 3, arbitrary: extendShape },
  { weight: 2, arbitrary: summarizeShape },
  { weight: 1, arbitrary: sortShape },
  { weight: 1, arbitrary: distinctShape },
  { weight: 1, arbitrary: mvExpandShape },
  { weight: 1, arbitrary: joinShape },
);
const SHAPE_NAMES = [
  'where',
  'extend',
  'summarize',
  'sort',
  'top',
  'distinct',
  'mv-expand',
  'join',
];

// ---------------------------------------------------------------------------------------------
// The property

function queryCase(
  q: Shape,
  t: readonly (readonly CaseValue[])[],
  u: readonly (readonly CaseValue[])[],
): QueryCase {
  return {
    kind: 'query',
    id: `property-${q.name}`,
    file: 'test/property/sqlite-vs-postgres.test.ts',
    index: 0,
    tables: [
      { name: 'T', columns: T_COLUMNS, rows: t },
      { name: 'U', columns: U_COLUMNS, rows: u },
    ],
    query: q.query,
    // Not read: executeCase returns the rows without judging them.
    expected: { columns: [], rows: [] },
    ordered: q.ordered ?? false,
    unorderedArrays: q.unorderedArrays ?? [],
  };
}

const isResult = (x: Execution | CaseResult): x is CaseResult => 'status' in x;

function describeResult(r: CaseResult): string {
  return r.status === 'pass' ? 'pass' : `${r.status}: ${r.reason}\n${r.details}`;
}

/** Runs per shape: compared on both engines, or refused (KQL3xxx) by at least one. */
const tally = new Map<string, { compared: number; refused: number }>();
function count(name: string, what: 'compared' | 'refused'): void {
  const t = tally.get(name) ?? { compared: 0, refused: 0 };
  t[what] += 1;
  tally.set(name, t);
}

describe('SQLite and PostgreSQL return the same rows', () => {
  const engines = sqliteAndPostgres();
  afterAll(() => {
    const lines = [...tally].map(
      ([n, t]) => `  ${n}: ${t.compared} compared, ${t.refused} refused`,
    );
    const done = [...tally.values()].reduce((n, t) => n + t.compared + t.refused, 0);
    console.log(`property seed ${SEED}, ${done} of ${RUNS} runs\n${lines.join('\n')}`);
  });

  it('over generated tables and query shapes', { timeout: 600_000 }, async () => {
    const property = fc.asyncProperty(shape, tRows, uRows, async (q, t, u) => {
      const c = queryCase(q, t, u);
      const lite = await executeCase(c, engines.sqlite());
      const pg = await executeCase(c, engines.postgres());
      const ended = [lite, pg].filter(isResult);
      if (ended.length > 0) {
        // A refusal (no faithful SQL on a dialect) is the other way to meet the bar.
        if (ended.every((r) => r.status === 'unsupported')) {
          count(q.name, 'refused');
          return;
        }
        const what = (x: Execution | CaseResult): string =>
          isResult(x) ? describeResult(x) : `${String(x.rows.length)} rows`;
        expect.fail(`${q.query}\nsqlite: ${what(lite)}\npostgres: ${what(pg)}`);
      }
      if (isResult(lite) || isResult(pg)) return;
      count(q.name, 'compared');
      // PostgreSQL's rows stand as the expectation so that the runner's documented divergence
      // applies: SQLite cannot store NaN and returns null (SEMANTICS §0; avg of only nulls).
      const comparison = compareResult(
        {
          columns: pg.columns.map((col) => col.name),
          types: pg.columns.map((col) => col.type),
          rows: pg.rows,
          ordered: c.ordered,
          unorderedArrays: c.unorderedArrays,
        },
        { columns: lite.columns, rows: lite.rows },
        { nanMatchesNull: true },
      );
      if (!comparison.ok) {
        expect.fail(
          `${q.query}\n(expected = PostgreSQL, returned = SQLite)\n${formatComparison(comparison)}\n-- SQL (sqlite):\n${lite.sql}\n-- SQL (postgres):\n${pg.sql}`,
        );
      }
    });
    try {
      await fc.assert(property, {
        seed: SEED,
        numRuns: RUNS,
        // A bound on a loaded machine: the runs done stay the first ones of the seed's sequence.
        plugins: TIME_LIMIT_MS === undefined ? [] : [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)],
      });
    } catch (e) {
      console.error(
        `property failed with seed ${SEED} (rerun with RULE2SQL_PROPERTY_SEED=${SEED})`,
      );
      throw e;
    }
    // Every shape was generated, and most runs were compared rather than refused.
    expect([...tally.keys()].sort()).toEqual([...SHAPE_NAMES].sort());
    const totals = [...tally.values()];
    const compared = totals.reduce((n, t) => n + t.compared, 0);
    const refused = totals.reduce((n, t) => n + t.refused, 0);
    expect(compared).toBeGreaterThan(refused * 4);
  });
});
