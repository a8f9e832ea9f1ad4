/**
 * String functions and regular expressions (SEMANTICS §1, §6). Expected values are the KQL
 * documentation's examples (substring, indexof, extract, extract_all, trim, replace_regex pages)
 * and the RE2 rules SEMANTICS states, chosen where engines differ.
 */
import { describe, expect, it } from 'vitest';
import { translateRegex } from '../../src/backends/regex.js';
import { runFunctionCases, type FnCase } from './function-cases.js';

const S = { S: { columns: { s: 'string' }, rows: [['ABCD'], [null]] } };

const cases: FnCase[] = [
  {
    id: 'substring-ranges',
    tables: S,
    query:
      'S | project a = substring(s, 1, 2), b = substring(s, -2), c = substring(s, 10), d = substring(s, 1, -1), e = substring(s, 2, 10)',
    columns: ['a', 'b', 'c', 'd', 'e'],
    rows: [
      ['BC', 'CD', '', '', 'CD'],
      ['', '', '', '', ''],
    ],
  },
  {
    id: 'substring-indexof-code-points',
    query:
      'One | project a = substring("ñé😀x", 2, 1), b = indexof("ñé😀x", "x"), n = strlen("ñé😀x")',
    columns: ['a', 'b', 'n'],
    rows: [['😀', 3, 4]],
  },
  {
    id: 'indexof-start',
    query:
      'One | project a = indexof("abcdefg", "cde", -5), b = indexof("abcdefg", "cde", 3), c = indexof("Hello, world, hello!", "lo", 5), d = indexof("abc", "")',
    columns: ['a', 'b', 'c', 'd'],
    rows: [[2, -1, 17, 0]],
  },
  {
    id: 'replace-regex-all-matches-and-whole-match',
    query:
      'One | project a = replace_regex("A1 b22", @"\\d", "#"), b = replace_regex("cat", "a", @"[\\0]"), c = replace_regex("a.b", @"\\.", "$")',
    columns: ['a', 'b', 'c'],
    rows: [['A# b##', 'c[a]t', 'a$b']],
  },
  {
    id: 'extract-groups-and-types',
    query:
      'One | project a = extract("x=([0-9.]+)", 1, "hello x=45.6|wo"), b = extract("x=([0-9.]+)", 1, "hello x=45.6|wo", typeof(real)), c = extract("x=([0-9]+)", 0, "a x=45"), d = extract("y=([0-9]+)", 1, "a x=45"), e = extract("y=([0-9]+)", 1, "a x=45", typeof(long))',
    columns: ['a', 'b', 'c', 'd', 'e'],
    types: ['string', 'real', 'string', 'string', 'long'],
    rows: [['45.6', 45.6, 'x=45', '', null]],
  },
  {
    id: 'extract-all-one-group',
    query:
      'One | project a = extract_all(@"(\\d+)", "a1b22c333"), b = extract_all(@"(\\d+)", "none")',
    columns: ['a', 'b'],
    rows: [[['1', '22', '333'], null]],
  },
  {
    id: 'extract-all-two-groups',
    query: 'One | project a = extract_all(@"(\\w)(\\w+)", "ab cde")',
    columns: ['a'],
    rows: [
      [
        [
          ['a', 'b'],
          ['c', 'de'],
        ],
      ],
    ],
  },
  {
    id: 'trim-removes-one-match-at-each-end',
    query:
      'One | project a = trim("--", "--https://bing.com--"), b = trim("x", "xxabcxx"), c = trim(@"\\s+", "  a b  "), d = trim_start("x", "xxa"), e = trim_end("x+", "axxx"), f = trim_start(@"[[]", "[[x]")',
    columns: ['a', 'b', 'c', 'd', 'e', 'f'],
    rows: [['https://bing.com', 'xabcx', 'a b', 'xa', 'a', '[x]']],
  },
  {
    id: 'strcat-delim-array-reverse',
    query:
      'One | project a = strcat_delim("-", "a", 1, "b"), b = strcat_array(dynamic([1, "a", true]), ","), c = reverse("abc😀"), d = strcat("x", int(null), "y")',
    columns: ['a', 'b', 'c', 'd'],
    rows: [['a-1-b', '1,a,true', '😀cba', 'xy']],
  },
  {
    id: 'indexof-regex',
    query: 'One | project a = indexof_regex("abc123", @"\\d"), b = indexof_regex("abc", @"\\d")',
    columns: ['a', 'b'],
    rows: [[3, -1]],
  },
  {
    id: 'regex-re2-traps',
    tables: {
      R: {
        columns: { id: 'long', s: 'string' },
        rows: [
          [1, 'a_b'],
          [2, 'x\ny'],
          [3, 'é'],
          [4, 'ab\n'],
          [5, 'ABC'],
          [6, 'x\ry'],
        ],
      },
    },
    query:
      'R | project id, wb = s matches regex @"a\\b", dot = s matches regex "x.y", w = s matches regex @"^\\w$", end = s matches regex "b$", ci = s matches regex "(?i)^abc"',
    columns: ['id', 'wb', 'dot', 'w', 'end', 'ci'],
    rows: [
      [1, false, false, false, true, false],
      [2, false, false, false, false, false],
      [3, false, false, false, false, false],
      [4, false, false, false, false, false],
      [5, false, false, false, false, true],
      [6, false, true, false, false, false],
    ],
  },
];

runFunctionCases('string functions', cases);

describe('regex translation', () => {
  it('spells out RE2 classes, dot and anchors for each engine', () => {
    const t = (re: string, target: 'js' | 'pg' | 'java'): string => {
      const r = translateRegex(re, target);
      return 'error' in r ? `error: ${r.error}` : r.pattern;
    };
    expect(t(String.raw`\d+\.\w`, 'pg')).toBe(String.raw`[0-9]+\.[0-9A-Za-z_]`);
    expect(t('a.$', 'java')).toBe(String.raw`a[^\n]\z`);
    expect(t('(?s)a.', 'java')).toBe('a(?s:.)');
    expect(t('(?i)[a-c]', 'pg')).toBe('(?i)[a-c]');
    expect(t('(?=x)', 'js')).toMatch(/^error/);
    expect(t('(?m)^a', 'pg')).toMatch(/^error/);
    expect(t(String.raw`\1`, 'js')).toMatch(/^error/);
  });

  it('flags matches PostgreSQL POSIX rules may choose differently', () => {
    const risk = (re: string): string | undefined => {
      const r = translateRegex(re, 'pg');
      return 'error' in r ? r.error : r.posixRisk;
    };
    expect(risk('(.*?)@')).toBe('a lazy quantifier');
    expect(risk('a|ab')).toBeDefined();
    expect(risk('(TCP_[A-Z]+|UDP_[A-Z]+)')).toBeUndefined();
  });
});
