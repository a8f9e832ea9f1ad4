/**
 * IPv4 functions on SQLite and PostgreSQL (and printed for Athena). Expected values from the
 * doc pages: `Q/parse-ipv4-function.md` (127.0.0.1 is 2130706433; '192.168.255.255/24' is
 * 3232300800), `Q/ipv4-is-private-function.md` (192.168.1.1/24 and 10.1.2.3/24 private, 202.1.2.3
 * and 127.0.0.1 not), `Q/ipv4-is-match-function.md` (192.168.1.1/24 matches 192.168.1.255;
 * 192.168.1.1 and 192.168.1.255 match on 24 bits), `Q/ipv4-compare-function.md` and
 * `Q/ipv4-is-in-range-function.md`; anything that is not an address gives null.
 */
import { runFunctionCases, type FnCase } from './function-cases.js';

const IPS = {
  T: {
    columns: { id: 'long', s: 'string' },
    rows: [
      [1, '192.168.1.1'],
      [2, '10.1.2.3/24'],
      [3, '202.1.2.3'],
      [4, '127.0.0.1'],
      [5, '172.16.0.1'],
      [6, '172.32.0.1'],
      [7, '256.1.1.1'],
      [8, '1.2.3'],
      [9, '10.0.0.1/33'],
      [10, ' 10.0.0.1'],
      [11, '10.0.0.1\n'],
      [12, ''],
      [13, null],
    ],
  },
};

const cases: FnCase[] = [
  {
    id: 'ipv4-private-parse',
    tables: IPS,
    query: 'T | project id, p = ipv4_is_private(s), v = parse_ipv4(s)',
    columns: ['id', 'p', 'v'],
    types: ['long', 'bool', 'long'],
    rows: [
      [1, true, 3232235777],
      [2, true, 167838208],
      [3, false, 3389063683],
      [4, false, 2130706433],
      [5, true, 2886729729],
      [6, false, 2887778305],
      [7, null, null],
      [8, null, null],
      [9, null, null],
      [10, null, null],
      [11, null, null],
      [12, null, null],
      [13, null, null],
    ],
  },
  {
    id: 'ipv4-match-compare',
    tables: IPS,
    query:
      "T | where id <= 4 or id == 7 | project id, m = ipv4_is_match(s, '192.168.1.255', 24), e = ipv4_is_match(s, '192.168.1.255'), c = ipv4_compare(s, '127.0.0.1'), r = ipv4_is_in_range(s, '10.1.0.0/16')",
    columns: ['id', 'm', 'e', 'c', 'r'],
    rows: [
      [1, true, false, 1, false],
      [2, false, false, -1, true],
      [3, false, false, 1, false],
      [4, false, false, 0, false],
      [7, null, null, null, null],
    ],
  },
  {
    id: 'ipv4-doc-examples',
    query:
      "One | project a = parse_ipv4('192.168.255.255/24'), b = ipv4_is_match('192.168.1.1/24', '192.168.1.255'), c = ipv4_is_match('192.168.1.1/30', '192.168.1.255/24'), d = ipv4_compare('192.168.1.1', '192.168.1.255', 24), e = ipv4_is_in_range('192.168.1.1', '192.168.2.1/16'), f = ipv4_compare('127.0.0.1', '127.0.0.2'), g = ipv4_is_match(dynamic('10.0.0.1'), '10.0.0.1')",
    columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    rows: [[3232300800, true, true, 0, true, -1, true]],
  },
  {
    id: 'ipv4-where',
    tables: IPS,
    query: 'T | where not(ipv4_is_private(s)) | project id',
    columns: ['id'],
    rows: [[3], [4], [6]],
  },
];

runFunctionCases('IPv4 functions', cases);
