/**
 * join kind=fullouter on keys that may be null (`Q/join-fullouter.md`, SEMANTICS §12: null keys
 * match null keys, unmatched cells are null, '' for strings). PostgreSQL accepts only hashable or
 * mergeable FULL JOIN conditions, so its condition replaces each key's null by a filler value and
 * compares the null flags: these cases pick the filler value itself as a key of every type, where
 * a condition without the flags would match it with a null.
 */
import { runTabularCases, type TabCase } from './tabular-cases.js';

const cases: TabCase[] = [
  {
    id: 'long-keys-null-and-zero',
    tables: {
      A: {
        columns: { k: 'long', a: 'string' },
        rows: [
          [null, 'a-null'],
          [0, 'a-zero'],
          [2, 'a-two'],
        ],
      },
      B: {
        columns: { k: 'long', b: 'string' },
        rows: [
          [null, 'b-null'],
          [0, 'b-zero'],
          [3, 'b-three'],
        ],
      },
    },
    query: 'A | join kind=fullouter B on k | project a, b',
    columns: ['a', 'b'],
    rows: [
      ['a-null', 'b-null'],
      ['a-zero', 'b-zero'],
      ['a-two', ''],
      ['', 'b-three'],
    ],
  },
  {
    id: 'null-key-meets-only-the-filler',
    tables: {
      A: { columns: { k: 'long', a: 'string' }, rows: [[null, 'a-null']] },
      B: { columns: { k: 'long', b: 'string' }, rows: [[0, 'b-zero']] },
    },
    query: 'A | join kind=fullouter B on k',
    columns: ['k', 'a', 'k1', 'b'],
    types: ['long', 'string', 'long', 'string'],
    rows: [
      [null, 'a-null', null, ''],
      [null, '', 0, 'b-zero'],
    ],
  },
  {
    id: 'other-key-types',
    tables: {
      A: {
        columns: { t: 'datetime', d: 'timespan', r: 'real', f: 'bool', a: 'string' },
        rows: [
          ['1970-01-01T00:00:00Z', '00:00:00', 0, false, 'a-fill'],
          [null, null, null, null, 'a-null'],
        ],
      },
      B: {
        columns: { t: 'datetime', d: 'timespan', r: 'real', f: 'bool', b: 'string' },
        rows: [
          ['1970-01-01T00:00:00Z', '00:00:00', 0, false, 'b-fill'],
          [null, null, null, null, 'b-null'],
          ['1970-01-01T00:00:00Z', null, 0, false, 'b-mixed'],
        ],
      },
    },
    query: 'A | join kind=fullouter B on t, d, r, f | project a, b',
    columns: ['a', 'b'],
    rows: [
      ['a-fill', 'b-fill'],
      ['a-null', 'b-null'],
      ['', 'b-mixed'],
    ],
  },
  {
    id: 'two-keys-one-null',
    tables: {
      A: {
        columns: { x: 'long', y: 'int', a: 'string' },
        rows: [
          [1, null, 'a1'],
          [1, 0, 'a2'],
        ],
      },
      B: { columns: { x: 'long', y: 'int', b: 'string' }, rows: [[1, null, 'b1']] },
    },
    query: 'A | join kind=fullouter B on x, y | project a, b',
    columns: ['a', 'b'],
    rows: [
      ['a1', 'b1'],
      ['a2', ''],
    ],
  },
];

runTabularCases('join kind=fullouter with null keys', cases);
