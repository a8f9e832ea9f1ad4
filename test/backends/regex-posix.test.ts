/**
 * Extractions whose regex PostgreSQL's POSIX matching could answer differently from RE2: the
 * analysis that proves where it cannot (regex-posix.ts), the simplification of leading and
 * trailing lazy parts, and the prelude's RE2-order matcher used for everything else. Expected
 * values are derived by hand from RE2's rules (re2-library.md, extract-function.md): the
 * leftmost match, then the first parse in priority order (greedy loops try more, lazy ones
 * fewer, alternatives left to right). Each string is chosen so that a longest-match engine
 * would answer differently.
 */
import { describe, expect, it } from 'vitest';
import { provePosixAgrees, simplifyForExtraction } from '../../src/backends/regex-posix.js';
import { compileRegexProgram } from '../../src/backends/regex-program.js';
import { compileQuery } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import { schemaRegistry } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';
import { runFunctionCases, type FnCase } from './function-cases.js';

const rows = (values: readonly string[]): (readonly [number, string])[] =>
  values.map((v, i) => [i + 1, v] as const);

const table = (values: readonly string[]): FnCase['tables'] => ({
  T: { columns: { id: 'long', s: 'string' }, rows: rows(values) },
});

const SQUID_URL = String.raw`(([A-Z]+ [a-z]{4,5}:\\/\\/)|[A-Z]+ )([^ :]*)`;
const SQUID_STATUS = '(TCP_(([A-Z]+)(_[A-Z]+)*)|UDP_(([A-Z]+)(_[A-Z]+)*))';
const CLIENT_IP = String.raw`\[?(::ffff:)?(?P<IPAddress>(\d+\.\d+\.\d+\.\d+)|[^\]]+)\]?([-:](?P<Port>\d+))?`;

const cases: FnCase[] = [
  {
    // Both branches start with [A-Z]+: RE2 takes the first when it matches, else the second.
    id: 'squid-url-alternation-first-branch-first',
    tables: table([
      'GET http://host/path x',
      'GET abcdef://x',
      'xGET http://h',
      'CONNECT host:443 HTTP/1.1',
      'Get HTTP http://a',
      'no match',
    ]),
    query: `T | project id, u = extract("${SQUID_URL}", 3, s), w = extract("${SQUID_URL}", 0, s)`,
    columns: ['id', 'u', 'w'],
    rows: [
      [1, 'host/path', 'GET http://host/path'],
      [2, 'abcdef', 'GET abcdef'],
      [3, 'h', 'GET http://h'],
      [4, 'host', 'CONNECT host'],
      [5, 'a', 'HTTP http://a'],
      [6, '', ''],
    ],
  },
  {
    id: 'squid-status-disjoint-branches',
    tables: table([
      '1 TCP_MISS/200 5',
      'UDP_HIT_X/404',
      'TCP_A_/200',
      'TCP_MISS_ABORTED/503 TCP_HIT/200',
    ]),
    query: `T | project id, st = extract("${SQUID_STATUS}", 1, s), code = extract("${SQUID_STATUS}/([0-9]{3})", 8, s)`,
    columns: ['id', 'st', 'code'],
    rows: [
      [1, 'TCP_MISS', '200'],
      [2, 'UDP_HIT_X', '404'],
      [3, 'TCP_A', ''],
      [4, 'TCP_MISS_ABORTED', '503'],
    ],
  },
  {
    // RE2: x* takes "xx", (xy)? then fails and matches empty; the longest match would be
    // x + xy.
    id: 'greedy-star-before-optional-group',
    tables: table(['xxy', 'xy', 'y']),
    query: 'T | project id, g = extract("x*(xy)?", 1, s), m = extract("x*(xy)?", 0, s)',
    columns: ['id', 'g', 'm'],
    rows: [
      [1, '', 'xx'],
      [2, '', 'x'],
      [3, '', ''],
    ],
  },
  {
    // The leading .*? reaches the first rhost= of the line; the trailing .*? matches nothing.
    id: 'lazy-rhost',
    tables: table([
      'pam: rhost=10.1.2.3 user=root rhost=9.9.9.9',
      'a\nb rhost=1.2 ',
      'rhost= rhost=5',
      'ab rhost=1.2 x',
    ]),
    query:
      'T | project id, ip = extract(@".*?rhost=([\\d.]+).*?", 1, s), m = extract(@".*?rhost=([\\d.]+).*?", 0, s)',
    columns: ['id', 'ip', 'm'],
    rows: [
      [1, '10.1.2.3', 'pam: rhost=10.1.2.3'],
      [2, '1.2', 'b rhost=1.2'],
      [3, '5', 'rhost= rhost=5'],
      [4, '1.2', 'ab rhost=1.2'],
    ],
  },
  {
    id: 'lazy-prefix-extract-all-per-line',
    tables: table(['a1b2\nc3', 'none']),
    query: 'T | project id, d = extract_all(@".*?(\\d)", s), l = extract_all(@"(\\w+?)", s)',
    columns: ['id', 'd', 'l'],
    rows: [
      [1, ['1', '2', '3'], ['a', '1', 'b', '2', 'c', '3']],
      [2, null, ['n', 'o', 'n', 'e']],
    ],
  },
  {
    // Mail redirect rule: the IPv4 branch wins whenever it matches, leaving the port to its
    // own group; other text runs to ']' or the end.
    id: 'client-ip-named-groups',
    tables: table([
      '1.2.3.4:5678',
      '[::ffff:10.0.0.1]:443',
      '2001:db8::1',
      '[2001:db8::1]:8080',
      '::ffff:1.2.3.4',
      '1.2.3.4-80 x',
      '',
      ']',
    ]),
    query: `T | project id, a = extract_all(@'${CLIENT_IP}', dynamic(["IPAddress", "Port"]), s), p = extract_all(@'${CLIENT_IP}', dynamic(["Port"]), s)[0]`,
    columns: ['id', 'a', 'p'],
    rows: [
      [1, [['1.2.3.4', '5678']], '5678'],
      [2, [['10.0.0.1', '443']], '443'],
      [3, [['2001:db8::1', '']], ''],
      [4, [['2001:db8::1', '8080']], '8080'],
      [5, [['1.2.3.4', '']], ''],
      [
        6,
        [
          ['1.2.3.4', '80'],
          [' x', ''],
        ],
        '80',
      ],
      [7, null, null],
      [8, null, null],
    ],
  },
  {
    id: 'replace-regex-alternation-and-lazy',
    tables: table(['abab', 'aXbX']),
    query:
      'T | project id, r = replace_regex(s, "a|ab", "<\\\\0>"), l = replace_regex(s, "a.*?b", "#")',
    columns: ['id', 'r', 'l'],
    rows: [
      [1, '<a>b<a>b', '##'],
      [2, '<a>XbX', '#X'],
    ],
  },
];

runFunctionCases('regex extractions PostgreSQL cannot do natively', cases);

describe('PostgreSQL regex analysis', () => {
  const proved = (re: string, groups: number[]): boolean =>
    provePosixAgrees(re, groups) === undefined;

  it('proves deterministic greedy patterns', () => {
    expect(proved('(TCP_(([A-Z]+)(_[A-Z]+)*)|UDP_(([A-Z]+)(_[A-Z]+)*))', [1])).toBe(true);
    expect(proved('(TCP_(([A-Z]+)(_[A-Z]+)*)|UDP_(([A-Z]+)(_[A-Z]+)*))/([0-9]{3})', [8])).toBe(
      true,
    );
    expect(proved(String.raw`rhost=([\d.]+)`, [0, 1])).toBe(true);
    expect(proved(String.raw`([0-9]+ )(([0-9]{1,3})\.([0-9]{1,3}))`, [2])).toBe(true);
    expect(proved('(CONNECT |GET )([^ ]* )([^ ]+)', [3])).toBe(true);
    expect(proved('ab?c|d', [0])).toBe(true);
    expect(proved('a(b|c|)', [0, 1])).toBe(true);
    expect(proved('([a-z/]+$)', [1])).toBe(true);
  });

  it('refuses what it cannot prove', () => {
    expect(provePosixAgrees('(.*?)@', [1])).toBe('a lazy quantifier');
    expect(proved('a|ab', [0])).toBe(false);
    expect(proved('x*(xy)?', [1])).toBe(false);
    expect(proved(String.raw`(([A-Z]+ [a-z]{4,5}:\/\/)|[A-Z]+ )([^ :]*)`, [3])).toBe(false);
    expect(proved('(CONNECT |GET )([^ ]*)(:)([0-9]*)', [4])).toBe(false);
    expect(proved('a(|b)', [0])).toBe(false);
    expect(proved('(a?)*', [1])).toBe(false);
    expect(proved('(?:(a)|b)+', [1])).toBe(false);
    expect(proved('(a)+', [1])).toBe(false);
    expect(proved('(a)+', [0])).toBe(true);
    expect(proved('(?i)ab|c', [0])).toBe(false);
    expect(proved('[a-c]x|[c-e]y', [0])).toBe(false);
    expect(proved('[a-c]x|[d-e]y', [0])).toBe(true);
    expect(proved('a{2,3}a', [0])).toBe(false);
    expect(proved('a{2,3}b', [0])).toBe(true);
  });

  it('drops a leading .*? for groups and a trailing lazy part', () => {
    expect(simplifyForExtraction(String.raw`.*?rhost=([\d.]+).*?`, [1], false)).toBe(
      String.raw`rhost=([\d.]+)`,
    );
    expect(simplifyForExtraction(String.raw`.*?rhost=([\d.]+).*?`, [0], false)).toBe(
      String.raw`.*?rhost=([\d.]+)`,
    );
    expect(simplifyForExtraction('(?s).*?(a)', [1], false)).toBe('(?s)(a)');
    expect(simplifyForExtraction('.*?(a?)', [1], true)).toBe('.*?(a?)');
    expect(simplifyForExtraction('.*?a|b(c)', [1], false)).toBe('.*?a|b(c)');
    expect(simplifyForExtraction('(a).*?', [1], false)).toBe('(a)');
    expect(simplifyForExtraction('a(.*?)', [1], false)).toBe('a(.*?)');
    expect(simplifyForExtraction('.*?', [1], false)).toBe('.*?');
  });

  it('compiles programs except repeated empty-matching parts', () => {
    expect('error' in compileRegexProgram('(a|b)*c{2,3}?')).toBe(false);
    expect(compileRegexProgram('(a*)*')).toEqual({
      error: 'a repetition of a part that may match the empty string',
    });
  });
});

describe('extract_all capture group lists', () => {
  const diagnose = (text: string): string[] =>
    DIALECTS.flatMap((dialect) => {
      try {
        compileQuery({ name: 'q', text }, dialect, { schemas: schemaRegistry() });
        return [];
      } catch (e) {
        if (e instanceof CompileError)
          return e.diagnostics.map((d) => `${dialect} ${d.code} ${d.message}`);
        throw e;
      }
    });

  it('refuses a list that is not constant, and groups the regex does not have', () => {
    expect(diagnose('print a = extract_all("(a)", dynamic([1]), "a")')).toEqual([]);
    expect(diagnose('print g = dynamic([1]) | project extract_all("(a)", g, "a")')).toEqual(
      DIALECTS.map(
        (d) =>
          `${d} KQL3002 extract_all() with capture groups other than a constant array of group numbers and names`,
      ),
    );
    for (const list of ['[0]', '[2]', '["b"]', '[]', '[1.5]']) {
      expect(diagnose(`print a = extract_all("(?P<a>a)", dynamic(${list}), "a")`)).toHaveLength(3);
    }
  });
});
