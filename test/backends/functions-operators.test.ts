/** between, timespan arithmetic, has_any / has_all, in over lists (SEMANTICS §1–§3, §8). */
import { runFunctionCases, type FnCase } from './function-cases.js';

const N = { N: { columns: { x: 'long' }, rows: [[1], [5], [10], [11], [null]] } };
const E = {
  E: {
    columns: { id: 'long', t: 'datetime' },
    rows: [
      [1, '2024-01-01T00:00:00Z'],
      [2, '2024-01-01T12:00:00Z'],
      [3, '2024-01-01T12:00:01Z'],
      [4, null],
    ],
  },
};

const H = {
  H: {
    columns: { id: 'long', s: 'string' },
    rows: [
      [1, 'C:\\Windows\\cmd.exe /c whoami'],
      [2, 'xcmd.exe'],
      [3, 'alpha_beta'],
      [4, 'Naïve CAFÉ'],
      [5, 'abc123'],
      [6, null],
    ],
  },
};

const cases: FnCase[] = [
  {
    id: 'has-any-terms-punctuation-unicode',
    tables: H,
    query: 'H | where s has_any ("cmd.exe", "beta", "café", "abc") | project id',
    columns: ['id'],
    rows: [[1], [3], [4]],
  },
  {
    id: 'has-all-let-bound-list',
    tables: H,
    query: 'let l = dynamic(["WHOAMI", ["windows"]]); H | where s has_all (l) | project id',
    columns: ['id'],
    rows: [[1]],
  },
  {
    id: 'has-any-empty-list-matches-nothing',
    tables: H,
    query: 'H | where s has_any (dynamic([])) | project id',
    columns: ['id'],
    rows: [],
  },
  {
    id: 'has-all-empty-list-matches-every-row',
    tables: H,
    query: 'H | where s has_all (dynamic([])) | project id',
    columns: ['id'],
    rows: [[1], [2], [3], [4], [5], [6]],
  },
  {
    id: 'has-any-number-needle',
    tables: H,
    query: 'H | where s has_any (123, "zzz") | project id',
    columns: ['id'],
    rows: [],
  },
  {
    id: 'between-inclusive-null-dropped',
    tables: N,
    query: 'N | where x between (5 .. 10)',
    columns: ['x'],
    rows: [[5], [10]],
  },
  {
    id: 'not-between-null-dropped',
    tables: N,
    query: 'N | where x !between (5 .. 10)',
    columns: ['x'],
    rows: [[1], [11]],
  },
  {
    id: 'between-datetime-timespan',
    tables: E,
    query: 'E | where t between (datetime(2024-01-01) .. 12h) | project id',
    columns: ['id'],
    rows: [[1], [2]],
  },
  {
    id: 'timespan-arithmetic',
    query:
      'One | project a = 1d / 1h, b = 90m / 1h, c = 2 * 1h, d = 1h * 1.5, e = 1d / 4, f = -(1h)',
    columns: ['a', 'b', 'c', 'd', 'e', 'f'],
    types: ['real', 'real', 'timespan', 'timespan', 'timespan', 'timespan'],
    rows: [[24, 1.5, '02:00:00', '01:30:00', '06:00:00', '-01:00:00']],
  },
  {
    id: 'datetime-difference-in-hours',
    tables: E,
    query: 'E | where id == 3 | project h = (t - datetime(2024-01-01)) / 1h',
    columns: ['h'],
    rows: [[12 + 1 / 3600]],
  },
];

runFunctionCases('operators', cases);
