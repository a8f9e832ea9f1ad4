/**
 * parse and parse-where on SQLite and PostgreSQL (Athena: Trino syntax). Expected rows follow
 * the KQL docs (parse-operator.md, parse-where-operator.md) and SEMANTICS.md §13: lazy captures
 * up to the next constant, the last column to the end of the text, non-matching rows kept with
 * '' / null, a typed column that does not convert blanking the row (kind=simple) or only itself
 * (kind=relaxed).
 */
import { runTabularCases, type TabCase } from './tabular-cases.js';

const L = {
  L: {
    columns: { line: 'string', n: 'long' },
    rows: [
      ['user=ann action=login code=200 end', 1],
      ['user=bob action=logout code=abc end', 2],
      ['garbage', 3],
      ['user=a=b action=x code=7 end', 4],
      ['line one\nuser=cy action=multi\nline code=-5 end', 5],
    ],
  },
};

const cases: TabCase[] = [
  {
    id: 'parse-simple-typed-failure-blanks-the-row',
    tables: L,
    query:
      'L | parse line with "user=" user " action=" action " code=" code:long " " * | project n, user, action, code',
    columns: ['n', 'user', 'action', 'code'],
    types: ['long', 'string', 'string', 'long'],
    rows: [
      [1, 'ann', 'login', 200],
      [2, '', '', null],
      [3, '', '', null],
      [4, 'a=b', 'x', 7],
      [5, '', '', null],
    ],
  },
  {
    id: 'parse-star-lazy-captures-and-line-breaks',
    tables: L,
    query:
      'L | parse line with * "action=" action " " * "code=" code:long " end" | project n, action, code',
    columns: ['n', 'action', 'code'],
    types: ['long', 'string', 'long'],
    rows: [
      [1, 'login', 200],
      [2, '', null],
      [3, '', null],
      [4, 'x', 7],
      [5, 'multi\nline', -5],
    ],
  },
  {
    id: 'parse-relaxed-keeps-converted-columns',
    tables: L,
    query:
      'L | parse kind=relaxed line with "user=" user " action=" action " code=" code:long " end" | project n, user, code',
    columns: ['n', 'user', 'code'],
    types: ['long', 'string', 'long'],
    rows: [
      [1, 'ann', 200],
      [2, 'bob', null],
      [3, '', null],
      [4, 'a=b', 7],
      [5, '', null],
    ],
  },
  {
    id: 'parse-last-column-takes-the-rest',
    tables: L,
    query: 'L | where n < 3 | parse line with "user=" user " " rest | project user, rest',
    columns: ['user', 'rest'],
    rows: [
      ['ann', 'action=login code=200 end'],
      ['bob', 'action=logout code=abc end'],
    ],
  },
  {
    id: 'parse-where-drops-rows-that-do-not-parse',
    tables: L,
    query:
      'L | parse-where line with "user=" user " action=" action " code=" code:long " end" | project n, user',
    columns: ['n', 'user'],
    rows: [
      [1, 'ann'],
      [4, 'a=b'],
    ],
  },
  {
    id: 'parse-regex-integer-columns-and-flags',
    tables: L,
    query:
      'L | parse kind=regex flags=i line with "USER=" user @"\\s+action=[a-z]+ code=" code:long | project n, user, code',
    columns: ['n', 'user', 'code'],
    types: ['long', 'string', 'long'],
    rows: [
      [1, 'ann', 200],
      [2, '', null],
      [3, '', null],
      [4, 'a=b', 7],
      [5, '', null],
    ],
  },
  {
    id: 'parse-regex-ungreedy-flag',
    tables: L,
    query:
      'L | where n == 1 | parse kind=regex flags=U line with "user=" user " " rest | project user, rest',
    columns: ['user', 'rest'],
    // U makes the first capture greedy: it runs to the last space.
    rows: [['ann action=login code=200', 'end']],
  },
  {
    // A lazy regex part: on PostgreSQL the parse runs on the prelude's RE2-order matcher.
    id: 'parse-regex-lazy-part',
    tables: L,
    query:
      'L | where n == 1 | parse kind=regex line with "user=" user @" +?action=" rest | project user, rest',
    columns: ['user', 'rest'],
    rows: [['ann', 'login code=200 end']],
  },
  {
    id: 'parse-of-a-non-string-expression',
    tables: L,
    query: 'L | where n < 3 | parse n * 1000 + 7 with "10" z:long | project n, z',
    columns: ['n', 'z'],
    rows: [
      [1, 7],
      [2, null],
    ],
  },
];

runTabularCases('parse', cases);
