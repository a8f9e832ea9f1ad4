/**
 * abs, round, datetime_diff, format_datetime and extract_json with rows. Expected values from
 * the docs: `Q/round-function.md` (round(2.98765, 3) = 2.988, round(2.15, 1) = 2.2,
 * round(2.15) = 2, round(-50.55, -2) = -100, round(21.5, -1) = 20), `Q/abs-function.md`,
 * `Q/datetime-diff-function.md` (the example's row: 17 2 13 5 29 2 5 10 100), and
 * `Q/format-datetime-function.md`; the rest worked out by hand from those definitions.
 */
import { runFunctionCases, type FnCase } from './function-cases.js';

const N = {
  N: {
    columns: { id: 'long', n: 'long', r: 'real', ts: 'timespan' },
    rows: [
      [1, -25, -2.5, '-01:30:00'],
      [2, 24, 2.15, '00:00:01'],
      [3, null, null, null],
    ],
  },
};

const D = {
  D: {
    columns: { id: 'long', a: 'datetime', b: 'datetime' },
    rows: [
      [1, '2024-01-01T00:00:00Z', '2023-12-31T23:59:59.999999Z'],
      [2, '1969-12-31T23:59:59Z', '1970-01-01T00:00:00Z'],
      [3, '2024-03-05T19:08:09.123456Z', null],
    ],
  },
};

const cases: FnCase[] = [
  {
    id: 'round-doc',
    query:
      'One | project a = round(2.98765, 3), b = round(2.15, 1), c = round(2.15), d = round(-50.55, -2), e = round(21.5, -1)',
    columns: ['a', 'b', 'c', 'd', 'e'],
    types: ['real', 'real', 'real', 'real', 'real'],
    rows: [[2.988, 2.2, 2, -100, 20]],
  },
  {
    id: 'abs-round-columns',
    tables: N,
    query:
      'N | project id, a = abs(n), b = abs(r), c = abs(ts), d = round(n, -1), e = round(r), f = round(n)',
    columns: ['id', 'a', 'b', 'c', 'd', 'e', 'f'],
    types: ['long', 'long', 'real', 'timespan', 'long', 'real', 'long'],
    rows: [
      [1, 25, 2.5, '01:30:00', -30, -3, -25],
      [2, 24, 2.15, '00:00:01', 20, 2, 24],
      [3, null, null, null, null, null, null],
    ],
  },
  {
    id: 'datetime-diff-doc',
    query:
      "One | project year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)), quarter = datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30)), month = datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30)), week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)), day = datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)), hour = datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)), minute = datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)), second = datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)), millisecond = datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900))",
    columns: ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond'],
    rows: [[17, 2, 13, 5, 29, 2, 5, 10, 100]],
  },
  {
    id: 'datetime-diff-boundaries',
    tables: D,
    query:
      "D | project id, y = datetime_diff('year', a, b), w = datetime_diff('week', a, b), d = datetime_diff('day', a, b), s = datetime_diff('second', a, b), ms = datetime_diff('millisecond', a, b)",
    columns: ['id', 'y', 'w', 'd', 's', 'ms'],
    // 2024-01-01 is a Monday, so no Sunday lies between row 1's instants; 1970-01-01 a Thursday.
    rows: [
      [1, 1, 0, 1, 1, 1],
      [2, -1, 0, -1, -1, -1000],
      [3, null, null, null, null, null],
    ],
  },
  {
    id: 'format-datetime',
    tables: D,
    query:
      "D | project id, f = format_datetime(a, 'yyyy-MM-dd HH:mm:ss.ffffff'), g = format_datetime(a, 'M/d/yy h tt'), h = format_datetime(b, '[dd.MM.yyyy]')",
    columns: ['id', 'f', 'g', 'h'],
    rows: [
      [1, '2024-01-01 00:00:00.000000', '1/1/24 12 AM', '[31.12.2023]'],
      [2, '1969-12-31 23:59:59.000000', '12/31/69 11 PM', '[01.01.1970]'],
      [3, '2024-03-05 19:08:09.123456', '3/5/24 7 PM', ''],
    ],
    refusedIn: ['athena'],
  },
  {
    id: 'extract-json',
    tables: {
      J: {
        columns: { id: 'long', s: 'string' },
        rows: [
          [1, '{"a":{"b":[1,{"c":"x"}]},"n":"42","t":true}'],
          [2, 'not json'],
          [3, '{"a":null}'],
        ],
      },
    },
    query:
      "J | project id, c = extractjson('$.a.b[1].c', s), n = extract_json(\"$['n']\", s, typeof(long)), b = extract_json('$.a.b', s), t = extract_json('$.t', s, typeof(bool))",
    columns: ['id', 'c', 'n', 'b', 't'],
    rows: [
      [1, 'x', 42, '[1,{"c":"x"}]', true],
      [2, '', null, '', null],
      [3, '', null, '', null],
    ],
  },
];

runFunctionCases('numeric and datetime functions', cases);
