/**
 * Values going into and compared with dynamic values, run with rows on SQLite and PostgreSQL
 * (Athena: printed and parsed). Expected values come from the KQL documentation: datetimes and
 * timespans are serialised as strings inside dynamic values (scalar-data-types/dynamic.md) in
 * their tostring() text (SEMANTICS §6, §8); make_set of arrays holds their elements
 * (make-set-aggregation-function.md, "Set from array column"); d[i] counts from the end when
 * negative and is null out of range (SEMANTICS §4); make_bag merges the values that are property
 * bags, skips the others, keeps one of the values of a repeated key
 * (make-bag-aggregation-function.md) and gives [] over an empty input (SEMANTICS §10).
 */
import { runFunctionCases, type FnCase } from './function-cases.js';

const cases: FnCase[] = [
  {
    id: 'pack-datetime-text',
    tables: {
      T: {
        columns: { k: 'long', t: 'datetime' },
        rows: [
          [1, '2024-01-02T03:04:05.5Z'],
          [2, '1970-05-11T00:00:00Z'],
          [3, null],
        ],
      },
    },
    query: 'T | project k, b = bag_pack("t", t), a = pack_array(t), s = tostring(pack("t", t).t)',
    columns: ['k', 'b', 'a', 's'],
    rows: [
      [
        1,
        { t: '2024-01-02T03:04:05.5000000Z' },
        ['2024-01-02T03:04:05.5000000Z'],
        '2024-01-02T03:04:05.5000000Z',
      ],
      [
        2,
        { t: '1970-05-11T00:00:00.0000000Z' },
        ['1970-05-11T00:00:00.0000000Z'],
        '1970-05-11T00:00:00.0000000Z',
      ],
      [3, { t: null }, [null], ''],
    ],
  },
  {
    id: 'pack-timespan-text',
    query: 'One | project a = pack_array(90m, -1d, 1500ms)',
    columns: ['a'],
    rows: [[['01:30:00', '-1.00:00:00', '00:00:01.5000000']]],
    refusedIn: ['athena'],
  },
  {
    id: 'make-set-of-arrays',
    tables: {
      T: {
        columns: { g: 'string', d: 'dynamic', c: 'bool' },
        rows: [
          ['a', [1, 2], true],
          ['a', [2, 'x'], true],
          ['a', 'x', true],
          ['a', 3, false],
          ['a', null, true],
          ['b', [], true],
          ['c', [null, 'y'], true],
        ],
      },
    },
    query:
      'T | summarize s = make_set(d), i = make_set_if(d, c), l = make_set(d, 2) by g | project g, n = array_length(s), h2 = set_has_element(s, 2), hx = set_has_element(s, "x"), h3 = set_has_element(s, 3), ni = array_length(i), nl = array_length(l), y = iff(g == "a", "", tostring(s))',
    columns: ['g', 'n', 'h2', 'hx', 'h3', 'ni', 'nl', 'y'],
    rows: [
      ['a', 4, true, true, true, 3, 2, ''], // the order of a set is undefined
      ['b', 0, false, false, false, 0, 0, '[]'],
      ['c', 1, false, false, false, 1, 1, '["y"]'],
    ],
  },
  {
    id: 'computed-index',
    tables: {
      T: {
        columns: { d: 'dynamic', i: 'long' },
        rows: [
          [[1, 2, 3], 0],
          [[1, 2, 3], 3],
          [[1, 2, 3], -1],
          [[1, 2, 3], -3],
          [[1, 2, 3], -4],
          [{ a: 1 }, 0],
          [[1, 2, 3], null],
        ],
      },
    },
    query: 'T | project i, v = d[i], last = d[array_length(d) - 1]',
    columns: ['i', 'v', 'last'],
    rows: [
      [0, 1, 3],
      [3, null, 3],
      [-1, 3, 3],
      [-3, 1, 3],
      [-4, null, 3],
      [0, null, null],
      [null, null, 3],
    ],
  },
  {
    id: 'dynamic-compared-with-bool-and-string',
    tables: {
      T: {
        columns: { d: 'dynamic' },
        rows: [[{ e: false, a: 'public-read' }], [{ e: true, a: 'private' }], [{}]],
      },
    },
    query:
      'T | project f = d.e == false, t = true == d.e, p = d.a in ("public-read", "authenticated-read"), n = d.e != false',
    columns: ['f', 't', 'p', 'n'],
    rows: [
      [true, false, true, false],
      [false, true, false, true],
      [false, false, false, true],
    ],
  },
  {
    id: 'string-compared-with-number',
    tables: {
      T: {
        columns: { s: 'string', i: 'int' },
        rows: [
          ['0', 4728],
          ['500121', 4732],
          ['x', 1],
        ],
      },
    },
    query: 'T | project s, z = s == 0, m = s == 500121, nz = s != 0, e = i in ("4728", "4732")',
    columns: ['s', 'z', 'm', 'nz', 'e'],
    rows: [
      ['0', true, false, false, true],
      ['500121', false, true, true, true],
      ['x', false, false, true, false],
    ],
  },
  {
    id: 'split-of-dynamic-and-mixed-branches',
    tables: {
      T: {
        columns: { d: 'dynamic' },
        rows: [[{ u: 'AssumedRole', p: 'AID:alice' }], [{ u: 'IAMUser', n: 'bob' }]],
      },
    },
    query:
      'T | project a = case(d.u == "IAMUser", d.n, d.u == "AssumedRole", split(d.p, ":", 1)[0], "")',
    columns: ['a'],
    rows: [['alice'], ['bob']],
  },
  {
    id: 'has-any-over-pack-array',
    tables: { T: { columns: { c: 'string' }, rows: [['iam.list-users'], ['s3.get-object']] } },
    query: 'let L = pack_array("iam.list-users", "kms.list-keys"); T | where c has_any (L)',
    columns: ['c'],
    rows: [['iam.list-users']],
  },
  {
    id: 'in-make-list-table',
    tables: {
      D: { columns: { h: 'string' }, rows: [['a.example'], ['B.example']] },
      T: { columns: { e: 'string' }, rows: [['a.example'], ['b.example'], ['']] },
    },
    query: 'let L = D | summarize make_list(h); T | project e, cs = e in (L), ci = e in~ (L)',
    columns: ['e', 'cs', 'ci'],
    rows: [
      ['a.example', true, true],
      ['b.example', false, true],
      ['', false, false],
    ],
  },
  {
    // The make_bag doc example: bags packed with computed keys, merged.
    id: 'make-bag-of-computed-keys',
    tables: {
      T: {
        columns: { prop: 'string', value: 'string' },
        rows: [
          ['prop01', 'val_a'],
          ['prop02', 'val_b'],
          ['prop03', 'val_c'],
        ],
      },
    },
    query: 'T | extend p = bag_pack(prop, value) | summarize dict = make_bag(p)',
    columns: ['dict'],
    rows: [[{ prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' }]],
  },
  {
    // Keys that JSON escapes, and a key seen twice: one of its values.
    id: 'make-bag-keys-with-escapes',
    tables: {
      T: {
        columns: { k: 'string', v: 'long' },
        rows: [
          ['a"b\\c', 1],
          ['ü', 2],
          ['ü', 3],
        ],
      },
    },
    query:
      'T | summarize b = make_bag(pack(k, v)) | project q = set_has_element(bag_keys(b), \'a"b\\\\c\'), u = tolong(b["ü"]) in (2, 3), n = array_length(bag_keys(b))',
    columns: ['q', 'u', 'n'],
    rows: [[true, true, 2]],
  },
  {
    // Values that are no bags, and nulls, are skipped; a group without bags gives {}; a key in
    // several bags keeps one of its values; make_bag_if counts the rows whose predicate is true;
    // the size limit caps the keys.
    id: 'make-bag-skips-non-bags',
    tables: {
      T: {
        columns: { g: 'string', d: 'dynamic', c: 'bool' },
        rows: [
          ['a', { x: 1, n: { m: [1, 2] } }, true],
          ['a', { y: 'v', x: 2 }, false],
          ['a', [1, 2], true],
          ['a', 'x', true],
          ['a', null, true],
          ['a', { big: 4294967297 }, true],
          ['b', 3, true],
          ['b', null, true],
        ],
      },
    },
    query:
      'T | summarize b = make_bag(d), i = make_bag_if(d, c), l = make_bag(d, 2) by g | project g, keys = array_length(bag_keys(b)), x = tostring(b.x) in ("1", "2"), n = b.n, y = b.y, big = tostring(b.big), i, nl = array_length(bag_keys(l))',
    columns: ['g', 'keys', 'x', 'n', 'y', 'big', 'i', 'nl'],
    rows: [
      [
        'a',
        4,
        true,
        { m: [1, 2] },
        'v',
        '4294967297',
        { x: 1, n: { m: [1, 2] }, big: 4294967297 },
        2,
      ],
      ['b', 0, false, null, null, '', {}, 0],
    ],
  },
  {
    // Sentinel's Mail_redirect_via_ExO_transport_rule: the Name/Value pairs of a parameter list
    // as one bag per row; a row without parameters gets summarize's value over no rows ([]).
    id: 'mv-apply-make-bag-of-parameters',
    tables: {
      T: {
        columns: { id: 'long', Parameters: 'string' },
        rows: [
          [
            1,
            '[{"Name":"Name","Value":"r1"},{"Name":"RedirectMessageTo","Value":"x@example.com"}]',
          ],
          [2, '[{"Name":"Priority","Value":0}]'],
          [3, '[]'],
        ],
      },
    },
    query:
      'T | mv-apply DynamicParameters = todynamic(Parameters) on (summarize ParsedParameters = make_bag(pack(tostring(DynamicParameters.Name), DynamicParameters.Value))) | project id, ParsedParameters, RuleName = tostring(ParsedParameters.Name)',
    columns: ['id', 'ParsedParameters', 'RuleName'],
    rows: [
      [1, { Name: 'r1', RedirectMessageTo: 'x@example.com' }, 'r1'],
      [2, { Priority: 0 }, ''],
      [3, [], ''],
    ],
  },
  {
    id: 'make-bag-of-empty-input',
    tables: { T: { columns: { d: 'dynamic' }, rows: [] } },
    query: 'T | summarize b = make_bag(d)',
    columns: ['b'],
    rows: [[[]]],
  },
];

runFunctionCases('dynamic values', cases);
