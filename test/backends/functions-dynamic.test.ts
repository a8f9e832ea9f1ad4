/**
 * Dynamic-value functions (SEMANTICS §4) and column_ifexists. Expected values are the KQL
 * documentation's examples (gettype, bag_keys, set_has_element, array_index_of, pack_array,
 * bag_pack, array_concat, array_slice, column_ifexists pages) and the rules SEMANTICS states.
 */
import { describe, expect, it } from 'vitest';
import { schemaRegistry } from '../../src/schema.js';
import { compileCodes, runFunctionCases, type FnCase } from './function-cases.js';

const D = {
  D: {
    columns: { id: 'long', d: 'dynamic' },
    rows: [
      [1, { a: 'b', c: 123 }],
      [2, { a: 'b', c: { d: 123 } }],
      [3, {}],
      [4, [1, 2]],
      [5, null],
      [6, 'text'],
    ],
  },
};

const cases: FnCase[] = [
  {
    id: 'gettype-doc-table',
    query:
      "One | project a = gettype(\"a\"), b = gettype(111), c = gettype(1 == 1), d = gettype(1s), e = gettype(parse_json('1')), f = gettype(parse_json(' \"abc\" ')), g = gettype(parse_json(' {\"abc\":1} ')), h = gettype(parse_json(' [1, 2, 3] ')), i = gettype(123.45), j = gettype(parse_json(''))",
    columns: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    rows: [
      [
        'string',
        'long',
        'bool',
        'timespan',
        'int',
        'string',
        'dictionary',
        'array',
        'real',
        'null',
      ],
    ],
  },
  {
    id: 'gettype-dynamic-values',
    query:
      "One | project a = gettype(parse_json('1.5')), b = gettype(parse_json('true')), c = gettype(parse_json('not json')), d = gettype(parse_json('[]'))",
    columns: ['a', 'b', 'c', 'd'],
    rows: [['real', 'bool', 'string', 'array']],
  },
  {
    id: 'bag-keys',
    tables: D,
    query: 'D | project id, k = bag_keys(d)',
    columns: ['id', 'k'],
    types: ['long', 'dynamic'],
    rows: [
      [1, ['a', 'c']],
      [2, ['a', 'c']],
      [3, []],
      [4, null],
      [5, null],
      [6, null],
    ],
  },
  {
    id: 'set-has-element-and-array-index-of',
    query:
      'One | project s = set_has_element(dynamic(["this", "is", "an", "example"]), "example"), t = set_has_element(dynamic(["this", "is"]), "IS"), i = array_index_of(dynamic(["this", "is", "an", "example", "an", "example"]), "an"), j = array_index_of(dynamic([1, 2, 3]), 3), k = array_index_of(dynamic([1, "2", true]), 2), l = array_index_of(dynamic([false, true]), true), m = array_index_of(dynamic({"a": 1}), 1)',
    columns: ['s', 't', 'i', 'j', 'k', 'l', 'm'],
    types: ['bool', 'bool', 'long', 'long', 'long', 'long', 'long'],
    rows: [[true, false, 2, 2, -1, 1, null]],
  },
  {
    id: 'pack-array-and-bag-pack',
    tables: { T: { columns: { x: 'long', s: 'string', d: 'dynamic' }, rows: [[1, 'a', [1]]] } },
    query:
      'T | project p = pack_array(x, x * 2, x * 4), q = pack_array(s, long(null), true, d), b = bag_pack("Level", "Information", "ProviderName", "EventSource"), c = pack("n", x, "d", d)',
    columns: ['p', 'q', 'b', 'c'],
    rows: [
      [
        [1, 2, 4],
        ['a', null, true, [1]],
        { Level: 'Information', ProviderName: 'EventSource' },
        { n: 1, d: [1] },
      ],
    ],
  },
  {
    id: 'array-concat',
    tables: { T: { columns: { x: 'long' }, rows: [[1], [2], [3]] } },
    query:
      'T | extend y = x * 2 | extend z = y * 2 | extend a1 = pack_array(x, y, z), a2 = pack_array(x, y) | project x, c = array_concat(a1, a2), n = array_concat(a1, dynamic({"a": 1}))',
    columns: ['x', 'c', 'n'],
    rows: [
      [1, [1, 2, 4, 1, 2], null],
      [2, [2, 4, 8, 2, 4], null],
      [3, [3, 6, 12, 3, 6], null],
    ],
  },
  {
    id: 'array-slice',
    query:
      'One | project a = array_slice(dynamic([1,2,3]), 1, 2), b = array_slice(dynamic([1,2,3,4,5]), 2, -1), c = array_slice(dynamic([1,2,3,4,5]), -3, -2), d = array_slice(dynamic([1,2,3]), 2, 10), e = array_slice(dynamic([1,2,3]), 2, 1)',
    columns: ['a', 'b', 'c', 'd', 'e'],
    rows: [[[2, 3], [3, 4, 5], [3, 4], [3], []]],
  },
  {
    id: 'column-ifexists',
    tables: { T: { columns: { Severity: 'string', n: 'long' }, rows: [['High', 1]] } },
    query:
      'T | project s = column_ifexists("Severity", "Unknown"), m = column_ifexists("Missing", "Unknown"), n = column_ifexists("n", 0)',
    columns: ['s', 'm', 'n'],
    rows: [['High', 'Unknown', 1]],
  },
];

runFunctionCases('dynamic functions', cases);

describe('dynamic functions refused', () => {
  const schemas = schemaRegistry([
    {
      name: 'T',
      columns: [
        { name: 't', type: 'datetime' },
        { name: 's', type: 'string' },
      ],
    },
  ]);
  it.each([
    ['bag_pack(s, 1, "b", 2)', 'KQL3002'],
    ['pack("a", 1, "a", 2)', 'KQL3002'],
    ['array_index_of(dynamic([1]), 1, 0)', 'KQL3002'],
    ['set_has_element(dynamic([1]), 1.5)', 'KQL3002'],
    ['column_ifexists(s, 1)', 'KQL2007'],
  ])('%s', (expr, code) => {
    expect(compileCodes(`T | project x = ${expr}`, 'sqlite', schemas)).toEqual([code]);
  });
});
