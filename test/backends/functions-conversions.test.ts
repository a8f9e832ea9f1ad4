/**
 * Conversions tolong / toint / tobool (SEMANTICS §5). Expected values: the toint, tolong and
 * tobool pages (null when the conversion fails, a decimal truncates, `tobool(1) == true`,
 * `tobool(123) == true`, `tobool("true")`, `tobool("false")`); text holding an integer reads as
 * that number (kusto-loco's ToBoolStringFunction, .NET bool/long parsing). Longs beyond 2^53
 * must come back exact through the registered SQLite functions and the runner.
 */
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSqliteFunctions } from '../../src/backends/sqlite-functions.js';
import { compileQuery, planQuery } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { executePlan } from '../../src/run.js';
import { schemaRegistry } from '../../src/schema.js';
import { openTestPostgres } from '../support/postgres.js';
import { runFunctionCases, type FnCase } from './function-cases.js';

const cases: FnCase[] = [
  {
    id: 'tolong-toint-of-text',
    query:
      "One | project a = toint('12'), b = tostring(tolong(' 9007199254740993')), c = toint('2147483648'), d = toint('-2147483648'), e = tolong('9223372036854775808'), f = tolong('1.5'), g = tostring(tolong('-9223372036854775808'))",
    columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    rows: [[12, '9007199254740993', null, -2147483648, null, null, '-9223372036854775808']],
  },
  {
    id: 'converted-integers-print-as-integers',
    query:
      "One | project a = tostring(toint('12')), b = strcat(toint('7'), '|', tolong(' 8')), c = tostring(indexof_regex('abc', 'c')), d = tostring(indexof('abc', 'c'))",
    columns: ['a', 'b', 'c', 'd'],
    rows: [['12', '7|8', '2', '2']],
  },
  {
    id: 'todatetime-of-an-impossible-date-is-null',
    tables: {
      T: {
        columns: { s: 'string' },
        rows: [['2024-02-30'], ['2024-13-01T00:00:00Z'], ['2024-02-29T10:20:30.5+01:00']],
      },
    },
    query: 'T | project s, d = todatetime(s)',
    columns: ['s', 'd'],
    rows: [
      ['2024-02-30', null],
      ['2024-13-01T00:00:00Z', null],
      ['2024-02-29T10:20:30.5+01:00', '2024-02-29T09:20:30.5000000Z'],
    ],
  },
  {
    id: 'toint-of-long-out-of-range-is-null',
    tables: {
      T: { columns: { a: 'long' }, rows: [[2147483647], [2147483648], [-2147483649], [null]] },
    },
    query: 'T | project a, i = toint(a), l = tolong(a)',
    columns: ['a', 'i', 'l'],
    rows: [
      [2147483647, 2147483647, 2147483647],
      [2147483648, null, 2147483648],
      [-2147483649, null, -2147483649],
      [null, null, null],
    ],
  },
  {
    id: 'tolong-toint-of-real-truncates-null-out-of-range',
    tables: { T: { columns: { r: 'real' }, rows: [[2.7], [-2.7], [3e9], [1e20], [null]] } },
    query: 'T | project r, i = toint(r), l = tolong(r)',
    columns: ['r', 'i', 'l'],
    rows: [
      [2.7, 2, 2],
      [-2.7, -2, -2],
      [3e9, null, 3000000000],
      [1e20, null, null],
      [null, null, null],
    ],
  },
  {
    id: 'tobool-of-text',
    tables: {
      T: {
        columns: { s: 'string' },
        rows: [
          ['true'],
          ['TRUE'],
          [' false '],
          ['1'],
          ['0'],
          ['123'],
          ['-1'],
          ['yes'],
          [''],
          ['1.5'],
          ['99999999999999999999'],
        ],
      },
    },
    query: 'T | project s, b = tobool(s), c = toboolean(s)',
    columns: ['s', 'b', 'c'],
    rows: [
      ['true', true, true],
      ['TRUE', true, true],
      [' false ', false, false],
      ['1', true, true],
      ['0', false, false],
      ['123', true, true],
      ['-1', true, true],
      ['yes', null, null],
      ['', null, null],
      ['1.5', null, null],
      ['99999999999999999999', null, null],
    ],
  },
  {
    id: 'tobool-of-numbers-and-bool',
    tables: {
      T: {
        columns: { n: 'long', i: 'int', r: 'real', b: 'bool' },
        rows: [
          [1, 123, 0.5, true],
          [0, 0, 0, false],
          [null, null, null, null],
        ],
      },
    },
    query: 'T | project n = tobool(n), i = tobool(i), r = tobool(r), b = tobool(b)',
    columns: ['n', 'i', 'r', 'b'],
    rows: [
      [true, true, true, true],
      [false, false, false, false],
      [null, null, null, null],
    ],
  },
  {
    id: 'tobool-of-literals',
    query:
      "One | project a = tobool(1), b = tobool(123), c = tobool('true'), d = tobool('false'), e = tobool(0)",
    columns: ['a', 'b', 'c', 'd', 'e'],
    rows: [[true, true, true, false, false]],
  },
];

runFunctionCases('conversions', cases);

describe('registered SQLite conversion functions', () => {
  const db = new Sqlite(':memory:');
  registerSqliteFunctions(db);
  afterAll(() => {
    db.close();
  });
  const value = (sql: string): unknown =>
    (db.prepare(`SELECT ${sql} AS v`).safeIntegers(true).get() as { v: unknown }).v;

  it('read an INTEGER argument beyond 2^53 exactly', () => {
    expect(value('kql_tolong(9007199254740993)')).toBe(9007199254740993n);
    expect(value('kql_tolong(-9223372036854775807)')).toBe(-9223372036854775807n);
    expect(value("kql_tolong('9007199254740993')")).toBe(9007199254740993n);
    expect(value('kql_toint(9007199254740993)')).toBe(null);
    expect(value('kql_toint(2147483647)')).toBe(2147483647n);
    expect(value('kql_tobool(9007199254740992 + 1)')).toBe(1n);
    expect(value('kql_tolong(-2.9)')).toBe(-2n);
    expect(value('kql_tolong(1e19)')).toBe(null);
  });
});

describe.each([
  ['sqlite', (): Promise<Database> => Promise.resolve(openSqlite(':memory:'))],
  ['postgres', (): Promise<Database> => openTestPostgres()],
] as const)('longs beyond 2^53 through the runner on %s', (_dialect, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });
  it('keeps every digit of tolong / toint results', async () => {
    const text =
      "print x = toint('12'), y = tolong('9007199254740993'), z = tolong(' -9223372036854775808'), w = tolong(9007199254740993)";
    const plan = planQuery({ name: 'q', text }, { schemas: schemaRegistry() });
    const result = await executePlan(db, plan);
    expect(result.rows).toEqual([
      [12, 9007199254740993n, -9223372036854775808n, 9007199254740993n],
    ]);
  });
});

describe('an integer of 2^53 or more inside dynamic(…)', () => {
  it('is refused (KQL3004) instead of rounded', () => {
    const compile = (text: string): string[] => {
      try {
        compileQuery({ name: 'q', text }, 'sqlite', { schemas: schemaRegistry() });
        return [];
      } catch (e) {
        if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
        throw e;
      }
    };
    expect(compile('print d = dynamic({"a": 9007199254740993})')).toEqual(['KQL3004']);
    expect(compile('print d = dynamic([-9007199254740993])')).toEqual(['KQL3004']);
    expect(compile('print d = dynamic([9007199254740991, -9007199254740991, 1.5e300])')).toEqual(
      [],
    );
  });
});
