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

const cases: FnCase[] = [
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
