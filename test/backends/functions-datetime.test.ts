/**
 * bin/floor, startof…, calendar parts (SEMANTICS §8; `Q/bin-function.md`,
 * `Q/startofweek-function.md`, `Q/day-of-week-function.md`). Dates were worked out by hand:
 * 2024-01-03 is a Wednesday, 1970-01-01 a Thursday, 2024 is a leap year.
 */
import { runFunctionCases, type FnCase } from './function-cases.js';

const D = {
  D: {
    columns: { id: 'long', t: 'datetime' },
    rows: [
      [1, '2024-01-03T15:47:12.5Z'],
      [2, '1969-12-31T23:30:00Z'],
      [3, null],
    ],
  },
};

const cases: FnCase[] = [
  {
    id: 'bin-datetime',
    tables: D,
    query: 'D | project id, h = bin(t, 1h), w = bin(t, 7d), q = floor(t, 15m)',
    columns: ['id', 'h', 'w', 'q'],
    rows: [
      [1, '2024-01-03T15:00:00Z', '2023-12-28T00:00:00Z', '2024-01-03T15:45:00Z'],
      [2, '1969-12-31T23:00:00Z', '1969-12-25T00:00:00Z', '1969-12-31T23:30:00Z'],
      [3, null, null, null],
    ],
  },
  {
    id: 'bin-numbers',
    query: 'One | project a = bin(-7, 5), b = bin(7, 5), c = bin(7.5, 2.0), d = bin(4, 0)',
    columns: ['a', 'b', 'c', 'd'],
    types: ['long', 'long', 'real', 'long'],
    rows: [[-10, 5, 6, null]],
  },
  {
    // `Q/bin-function.md`: bin(time(16d), 7d) is 14d; a timespan floors like a number.
    id: 'bin-timespan',
    tables: {
      S: {
        columns: { id: 'long', d: 'timespan' },
        rows: [
          [1, '16.00:00:00'],
          [2, '-01:30:00'],
          [3, '00:59:59.999'],
          [4, null],
        ],
      },
    },
    query: 'S | project id, w = bin(d, 7d), h = bin(d, 1h), z = bin(d, 0s)',
    columns: ['id', 'w', 'h', 'z'],
    types: ['long', 'timespan', 'timespan', 'timespan'],
    rows: [
      [1, '14.00:00:00', '16.00:00:00', null],
      [2, '-7.00:00:00', '-02:00:00', null],
      [3, '00:00:00', '00:00:00', null],
      [4, null, null, null],
    ],
  },
  {
    id: 'startof',
    tables: D,
    query:
      'D | project id, d = startofday(t), w = startofweek(t), m = startofmonth(t), y = startofyear(t)',
    columns: ['id', 'd', 'w', 'm', 'y'],
    rows: [
      [
        1,
        '2024-01-03T00:00:00Z',
        '2023-12-31T00:00:00Z',
        '2024-01-01T00:00:00Z',
        '2024-01-01T00:00:00Z',
      ],
      [
        2,
        '1969-12-31T00:00:00Z',
        '1969-12-28T00:00:00Z',
        '1969-12-01T00:00:00Z',
        '1969-01-01T00:00:00Z',
      ],
      [3, null, null, null, null],
    ],
  },
  {
    id: 'calendar-parts',
    tables: D,
    query:
      'D | project id, h = hourofday(t), dm = dayofmonth(t), mo = getmonth(t), y = getyear(t), dw = dayofweek(t), dy = dayofyear(t)',
    columns: ['id', 'h', 'dm', 'mo', 'y', 'dw', 'dy'],
    types: ['long', 'int', 'int', 'int', 'int', 'timespan', 'int'],
    rows: [
      [1, 15, 3, 1, 2024, '3.00:00:00', 3],
      [2, 23, 31, 12, 1969, '3.00:00:00', 365],
      [3, null, null, null, null, null, null],
    ],
  },
  {
    id: 'dayofyear-leap',
    query: 'One | project d = dayofyear(datetime(2024-03-01))',
    columns: ['d'],
    rows: [[61]],
  },
];

runFunctionCases('datetime functions', cases);
