/** The case-file reader: well-formed cases come back typed, bad ones as problems with a place. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  caseLabel,
  isCellOfType,
  parseCaseFile,
  readCaseDir,
  readCaseFile,
  uniqueIds,
} from '../../src/conformance/case.js';

const queryCase = {
  id: 'q1',
  feature: 'a feature',
  tables: {
    T: {
      columns: { name: 'string', n: 'long', t: 'datetime', d: 'dynamic' },
      rows: [
        ['a', 1, '2024-01-01T00:00:00Z', { k: [1] }],
        [null, null, null, null],
      ],
    },
  },
  query: 'T | project name',
  expected: { columns: ['name'], types: ['string'], rows: [['a'], ['']] },
  ordered: false,
  source: 'data-explorer/kusto/query/x.md',
};

function parse(cases: unknown[], file = '/cases/x.json') {
  return parseCaseFile(JSON.stringify(cases), file);
}

function problemOf(c: unknown): string {
  const { cases, problems } = parse([c]);
  expect(cases).toEqual([]);
  expect(problems).toHaveLength(1);
  return problems[0]?.message ?? '';
}

describe('parseCaseFile', () => {
  it('reads a query case: tables in column order, expectation, defaults', () => {
    const { cases, problems } = parse([queryCase]);
    expect(problems).toEqual([]);
    const c = cases[0];
    expect(c?.kind).toBe('query');
    if (c?.kind !== 'query') return;
    expect(c.query).toBe('T | project name');
    expect(c.file).toBe('/cases/x.json');
    expect(c.index).toBe(0);
    expect(c.tables[0]?.columns.map((col) => `${col.name}:${col.type}`)).toEqual([
      'name:string',
      'n:long',
      't:datetime',
      'd:dynamic',
    ]);
    expect(c.tables[0]?.rows[0]).toEqual(['a', 1, '2024-01-01T00:00:00Z', { k: [1] }]);
    expect(c.expected).toEqual({ columns: ['name'], types: ['string'], rows: [['a'], ['']] });
    expect(c.unorderedArrays).toEqual([]);
    expect(c.now).toBeUndefined();
    expect(c.confidence).toBeUndefined();
  });

  it('reads "now" as microseconds since the epoch', () => {
    const { cases } = parse([{ ...queryCase, now: '2024-01-02T03:04:05.5Z' }]);
    expect(cases[0]?.now).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 500)) * 1000n);
  });

  it('reads a rule case with the rule path resolved against the case file', () => {
    const rule = {
      id: 'r1',
      rule: '../rules/x.yaml',
      tables: queryCase.tables,
      now: '2024-01-01T00:00:00Z',
      expected: { columns: ['name'], rows: [['a']] },
      fires: true,
    };
    const { cases, problems } = parse([rule], '/work/cases/rules.json');
    expect(problems).toEqual([]);
    const c = cases[0];
    expect(c?.kind).toBe('rule');
    if (c?.kind !== 'rule') return;
    expect(c.rulePath).toBe(resolve('/work/rules/x.yaml'));
    expect(c.fires).toBe(true);
    expect(c.ordered).toBe(false);
    expect(c.expected.types).toBeUndefined();
  });

  it('lets a rule case check only `fires`', () => {
    const { cases, problems } = parse([
      { id: 'r', rule: 'r.yaml', tables: {}, expected: { columns: [] }, fires: false },
    ]);
    expect(problems).toEqual([]);
    expect(cases[0]?.expected.rows).toEqual([]);
  });

  it('reports a bad case with its file and index and keeps reading the others', () => {
    const bad = { ...queryCase, id: 'bad', ordered: 'yes' };
    const { cases, problems } = parse([queryCase, bad, { ...queryCase, id: 'q3' }]);
    expect(cases.map((c) => c.id)).toEqual(['q1', 'q3']);
    expect(problems).toEqual([
      { file: '/cases/x.json', index: 1, id: 'bad', message: '"ordered" must be true or false' },
    ]);
    const problem = problems[0];
    if (problem !== undefined) expect(caseLabel(problem)).toBe('/cases/x.json[1] (bad)');
  });

  it('reports a file that is not JSON or not an array, without throwing', () => {
    expect(parseCaseFile('[{', 'f.json').problems[0]?.message).toMatch(/^not valid JSON/);
    expect(parseCaseFile('{}', 'f.json').problems).toEqual([
      { file: 'f.json', message: 'a case file must hold a JSON array' },
    ]);
  });

  it.each([
    ['a missing id', { ...queryCase, id: undefined }, '"id" must be a non-empty string'],
    ['an unknown field', { ...queryCase, expect: {} }, 'unknown field "expect"'],
    ['an unknown type', colsCase({ a: 'text' }), 'tables.T.columns.a: unknown KQL type "text"'],
    [
      'an integer-like column name',
      colsCase({ a: 'long', 7: 'long' }),
      'tables.T: integer-like column name 7 loses its order',
    ],
    [
      'a row of the wrong width',
      rowsCase({ a: 'long' }, [[1, 2]]),
      'tables.T.rows[0] must be an array of 1 values, found [1,2]',
    ],
    [
      'a cell of the wrong type',
      rowsCase({ t: 'datetime' }, [['yesterday']]),
      'tables.T.rows[0][0]: "yesterday" is not a datetime value',
    ],
    [
      'an integer beyond 2^53',
      rowsCase({ n: 'long' }, [[2 ** 60]]),
      `tables.T.rows[0][0]: ${2 ** 60} is not a long value`,
    ],
    [
      'a bad timespan',
      rowsCase({ s: 'timespan' }, [['1h']]),
      'tables.T.rows[0][0]: "1h" is not a timespan value',
    ],
    [
      'types of the wrong length',
      { ...queryCase, expected: { columns: ['name'], types: ['string', 'long'], rows: [] } },
      'expected.types must be an array of 1 types',
    ],
    [
      'an expected cell that does not fit its type',
      { ...queryCase, expected: { columns: ['n'], types: ['long'], rows: [['1']] } },
      'expected.rows[0][0]: "1" is not a long value',
    ],
    [
      'expected rows left out of a query case',
      { ...queryCase, expected: { columns: ['name'] } },
      'expected.rows must be an array of rows',
    ],
    [
      'a column named twice',
      { ...queryCase, expected: { columns: ['a', 'a'], rows: [] } },
      'expected.columns names a column twice',
    ],
    [
      'an unordered_arrays column that is not expected',
      { ...queryCase, unordered_arrays: ['zz'] },
      'unordered_arrays names zz, not an expected column',
    ],
    ['a bad now', { ...queryCase, now: 'soon' }, '"now" is not a datetime: soon'],
    ['a bad confidence', { ...queryCase, confidence: 'high' }, /"confidence" must be/],
    [
      'both rule and query',
      { ...queryCase, rule: 'r.yaml' },
      'a case gives either "rule" or "query", not both',
    ],
    ['a non-boolean fires', { ...queryCase, query: undefined, rule: 'r.yaml', fires: 1 }, /fires/],
  ])('rejects %s', (_what, c, message) => {
    expect(problemOf(c)).toMatch(message instanceof RegExp ? message : exact(message));
  });
});

function exact(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function colsCase(columns: Record<string, string>): unknown {
  return rowsCase(columns, []);
}

function rowsCase(columns: Record<string, string>, rows: unknown[][]): unknown {
  return { ...queryCase, tables: { T: { columns, rows } } };
}

describe('isCellOfType', () => {
  it('follows the §0 cell encoding', () => {
    expect(isCellOfType('real', 'NaN')).toBe(true);
    expect(isCellOfType('real', '-Infinity')).toBe(true);
    expect(isCellOfType('real', 'nan')).toBe(false);
    expect(isCellOfType('long', 1.5)).toBe(false);
    expect(isCellOfType('bool', 0)).toBe(false);
    expect(isCellOfType('timespan', '1.02:03:04.1234567')).toBe(true);
    expect(isCellOfType('datetime', '2024-02-30T00:00:00Z')).toBe(false);
    expect(isCellOfType('string', null)).toBe(true);
    expect(isCellOfType('dynamic', { a: [1, 'x'] })).toBe(true);
    // int is 32 bits; a guid is 32 hex digits in 8-4-4-4-12 groups.
    expect(isCellOfType('int', 2147483647)).toBe(true);
    expect(isCellOfType('int', -2147483648)).toBe(true);
    expect(isCellOfType('int', 3000000000)).toBe(false);
    expect(isCellOfType('guid', '74be27de-1e4e-49d9-b579-fe0b331d3642')).toBe(true);
    expect(isCellOfType('guid', 'not-a-guid')).toBe(false);
  });
});

describe('readCaseDir and readCaseFile', () => {
  it('reads every .json of a folder in name order and rejects a repeated id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-cases-'));
    writeFileSync(join(dir, 'b.json'), JSON.stringify([{ ...queryCase, id: 'x' }]));
    writeFileSync(join(dir, 'a.json'), JSON.stringify([queryCase, { ...queryCase, id: 'x' }]));
    writeFileSync(join(dir, 'notes.txt'), 'not a case file');
    const { cases, problems } = readCaseDir(dir);
    expect(cases.map((c) => `${c.id}@${c.file}`)).toEqual([
      `q1@${join(dir, 'a.json')}`,
      `x@${join(dir, 'a.json')}`,
    ]);
    expect(problems).toEqual([
      {
        file: join(dir, 'b.json'),
        index: 0,
        id: 'x',
        message: `duplicate id x (first in ${join(dir, 'a.json')} at index 1)`,
      },
    ]);
  });

  it('reports a file it cannot read', () => {
    const { cases, problems } = readCaseFile('/nonexistent/cases.json');
    expect(cases).toEqual([]);
    expect(problems[0]?.message).toMatch(/^cannot read: ENOENT/);
  });
});

describe('uniqueIds', () => {
  it('keeps the first case of an id from whichever file and reports the later ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rule2sql-ids-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify([queryCase]));
    writeFileSync(b, JSON.stringify([queryCase, { ...queryCase, id: 'q2' }]));
    const { cases, problems } = uniqueIds([...readCaseFile(a).cases, ...readCaseFile(b).cases]);
    expect(cases.map((c) => [c.id, c.file])).toEqual([
      ['q1', a],
      ['q2', b],
    ]);
    expect(problems).toEqual([
      { file: b, index: 0, id: 'q1', message: `duplicate id q1 (first in ${a} at index 0)` },
    ]);
  });
});
