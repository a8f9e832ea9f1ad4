/**
 * Real division by zero: KQL reals follow IEEE 754, so x / 0.0 is +inf or -inf by the sign of x
 * (`scalar-data-types/real.md`: "the result of dividing 1.0 by 0.0"), while integer division by
 * zero stays null (SEMANTICS §9). SQLite would give null and PostgreSQL would raise.
 */
import { runFunctionCases, type FnCase } from './function-cases.js';

const R = {
  R: {
    columns: { id: 'long', x: 'real', d: 'long' },
    rows: [
      [1, 2.5, 0],
      [2, -1, 0],
      [3, null, 0],
      [4, 3, 2],
    ],
  },
};

const cases: FnCase[] = [
  {
    id: 'real-by-zero-literal-and-column',
    tables: R,
    query: 'R | project id, q = x / 0.0, r = x / d',
    columns: ['id', 'q', 'r'],
    types: ['long', 'real', 'real'],
    rows: [
      [1, 'Infinity', 'Infinity'],
      [2, '-Infinity', '-Infinity'],
      [3, null, null],
      [4, 'Infinity', 1.5],
    ],
  },
  {
    id: 'long-by-real-zero',
    query: 'One | project a = id / 0.0, b = -id / 0.0, c = todouble(id) / 0',
    columns: ['a', 'b', 'c'],
    types: ['real', 'real', 'real'],
    rows: [['Infinity', '-Infinity', 'Infinity']],
  },
  {
    id: 'long-by-long-zero-stays-null',
    tables: R,
    query: 'R | project id, q = id / d',
    columns: ['id', 'q'],
    types: ['long', 'long'],
    rows: [
      [1, null],
      [2, null],
      [3, null],
      [4, 2],
    ],
  },
];

runFunctionCases('real division', cases);
