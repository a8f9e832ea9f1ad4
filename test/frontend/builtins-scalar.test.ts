/**
 * abs, round, hash, datetime_diff, format_datetime, extract_json and the IPv4 functions: result
 * types (as the official Kusto binder gives them) and the diagnostics for what is refused.
 */
import { describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import { tokenizeDatetimeFormat } from '../../src/frontend/datetime-format.js';
import { jsonPathSteps } from '../../src/frontend/builtins-misc.js';
import type { SchemaRegistry } from '../../src/schema.js';

const schemas: SchemaRegistry = new Map([
  [
    'T',
    {
      name: 'T',
      columns: [
        { name: 's', type: 'string' },
        { name: 'n', type: 'long' },
        { name: 'i', type: 'int' },
        { name: 'r', type: 'real' },
        { name: 't', type: 'datetime' },
        { name: 'd', type: 'dynamic' },
      ],
    },
  ],
]);

function bind(expr: string): { type?: string; codes: string[]; messages: string[] } {
  try {
    const plan = planQuery({ name: '<t>', text: `T | project x = ${expr}` }, { schemas });
    return { type: plan.root.columns[0]?.type, codes: [], messages: [] };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return {
      codes: e.diagnostics.map((d) => d.code),
      messages: e.diagnostics.map((d) => d.message),
    };
  }
}

describe('result types', () => {
  it.each([
    ['abs(n)', 'long'],
    ['abs(i)', 'long'],
    ['abs(r)', 'real'],
    ['abs(1h)', 'timespan'],
    ['round(r)', 'real'],
    ['round(r, 2)', 'real'],
    ['round(n, -1)', 'long'],
    ['round(i)', 'int'],
    ["datetime_diff('hour', t, t)", 'long'],
    ["datetime_diff('Week', t, t)", 'long'],
    ["format_datetime(t, 'yyyy-MM-dd HH:mm:ss.fff')", 'string'],
    ["extractjson('$.a', s)", 'string'],
    ["extract_json('$.a[0]', s, typeof(long))", 'long'],
    ['extract_json("$[\'a b\']", s, typeof(dynamic))', 'dynamic'],
    ['parse_ipv4(s)', 'long'],
    ['ipv4_is_private(s)', 'bool'],
    ['ipv4_is_private(d)', 'bool'],
    ["ipv4_is_match(s, '10.0.0.0', 8)", 'bool'],
    ["ipv4_is_in_range(s, '10.0.0.0/8')", 'bool'],
    ["ipv4_compare(s, '10.0.0.1')", 'long'],
    ['hash(s)', 'long'],
  ])('%s is %s', (expr, type) => {
    expect(bind(expr)).toEqual({ type, codes: [], messages: [] });
  });
});

describe('refused', () => {
  it.each([
    ['hash(n)', 'KQL3002', /hash\(\) of a long/],
    ['hash(s, 10)', 'KQL3002', /negative hash/],
    ['abs(s)', 'KQL2005', /abs\(\) must be of type/],
    ['round(r, n)', 'KQL2005', /must be a constant/],
    ["datetime_diff('fortnight', t, t)", 'KQL2005', /period of datetime_diff/],
    ['datetime_diff(s, t, t)', 'KQL2005', /period of datetime_diff/],
    ['format_datetime(t, s)', 'KQL2005', /must be a literal/],
    ["format_datetime(t, 'yyyy FF')", 'KQL3002', /specifier 'F'/],
    ["format_datetime(t, 'yyyy#MM')", 'KQL3002', /character '#'/],
    ["extractjson('$..a', s)", 'KQL3002', /JSONPath.*outside the supported subset/],
    ["extractjson('$.a[*]', s)", 'KQL3002', /outside the supported subset/],
    ['extractjson(s, s)', 'KQL2005', /must be a constant string/],
    ['ipv4_is_match(s, s, n)', 'KQL3002', /prefix that is not a constant from 0 to 32/],
    ['ipv4_is_match(s, s, 33)', 'KQL3002', /prefix that is not a constant from 0 to 32/],
    ['parse_ipv4(n)', 'KQL2005', /parse_ipv4\(\) must be of type string or dynamic/],
  ])('%s: %s', (expr, code, message) => {
    const r = bind(expr);
    expect(r.codes).toEqual([code]);
    expect(r.messages[0]).toMatch(message);
  });
});

describe('format_datetime tokens', () => {
  it('splits specifiers from delimiters', () => {
    expect(tokenizeDatetimeFormat('M/d/yy h tt')).toEqual([
      { kind: 'spec', spec: 'M' },
      { kind: 'text', text: '/' },
      { kind: 'spec', spec: 'd' },
      { kind: 'text', text: '/' },
      { kind: 'spec', spec: 'yy' },
      { kind: 'text', text: ' ' },
      { kind: 'spec', spec: 'h' },
      { kind: 'text', text: ' ' },
      { kind: 'spec', spec: 'tt' },
    ]);
  });

  it.each(['yyy', 'ffffffff', 'MMM', 't', 'yyyy"x"'])('refuses %s', (f) => {
    expect('error' in tokenizeDatetimeFormat(f)).toBe(true);
  });
});

describe('JSONPath subset', () => {
  it.each([
    ['$', []],
    ['$.a.b', ['a', 'b']],
    ["$['a b'][2].c", ['a b', 2, 'c']],
    ['$["x"]', ['x']],
  ])('%s', (path, steps) => {
    expect(jsonPathSteps(path)).toEqual(steps);
  });

  it.each(['a.b', '$..a', '$.a[*]', '$.a[-1]', '$.a[0:2]', '$[?(@.a)]'])('refuses %s', (p) => {
    expect('error' in jsonPathSteps(p)).toBe(true);
  });
});
