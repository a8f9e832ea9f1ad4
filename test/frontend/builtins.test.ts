/** The builtin function table: result types, argument counts and unknown names (KQL2002/2003). */
import { describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { isSubMicrosecondDatetime, parseDatetimeLiteral } from '../../src/frontend/datetime.js';
import type { SchemaRegistry } from '../../src/schema.js';
import { queryDiagnostics } from '../support/diagnostics.js';

const schemas: SchemaRegistry = new Map([
  [
    'T',
    {
      name: 'T',
      columns: [
        { name: 's', type: 'string' },
        { name: 'n', type: 'long' },
        { name: 'r', type: 'real' },
        { name: 't', type: 'datetime' },
        { name: 'd', type: 'dynamic' },
      ],
    },
  ],
]);

function resultType(expr: string): string {
  const plan = planQuery({ name: '<t>', text: `T | project x = ${expr}` }, { schemas });
  return plan.root.columns[0]?.type ?? '';
}

function diagnostics(expr: string): { code: string; text: string; hint?: string }[] {
  return queryDiagnostics(`T | project x = ${expr}`, schemas);
}

describe('result types', () => {
  it.each([
    ['indexof(s, "a")', 'long'],
    ['substring(n, 1)', 'string'],
    ['extract("(\\\\d+)", 1, s)', 'string'],
    ['extract("(\\\\d+)", 1, s, typeof(long))', 'long'],
    ['extract_all("(a)", s)', 'dynamic'],
    ['replace_regex(s, "a", "b")', 'string'],
    ['trim(" ", s)', 'string'],
    ['strcat_delim(",", s, n)', 'string'],
    ['bin(t, 1h)', 'datetime'],
    ['bin(n, 5)', 'long'],
    ['bin(r, 0.5)', 'real'],
    ['startofweek(t)', 'datetime'],
    ['hourofday(t)', 'int'],
    ['dayofweek(t)', 'timespan'],
    ['1d / 1h', 'real'],
    ['2 * 1h', 'timespan'],
    ['n between (1 .. 2)', 'bool'],
    ['s has_any ("a", "b")', 'bool'],
  ])('%s is %s', (expr, type) => {
    expect(resultType(expr)).toBe(type);
  });
});

describe('errors', () => {
  it('a wrong argument count is KQL2003 at the call', () => {
    expect(diagnostics('indexof(s)')).toEqual([
      { code: 'KQL2003', text: 'indexof(s)', hint: undefined },
    ]);
  });

  it('an unknown function is KQL2002 with a did-you-mean hint', () => {
    const [d] = diagnostics('substrng(s, 1)');
    expect(d?.code).toBe('KQL2002');
    expect(d?.text).toBe('substrng');
    expect(d?.hint).toMatch(/did you mean 'substring'/);
  });

  it('a regex that is not a constant is KQL3002 at the argument', () => {
    expect(diagnostics('extract(s, 1, s)')).toMatchObject([{ code: 'KQL3002', text: 's' }]);
  });

  it('parse_url(u).Host is dynamic; the whole bag, Path and Query Parameters are KQL3002', () => {
    expect(resultType('parse_url(s).Host')).toBe('dynamic');
    expect(resultType("parseurl(s)['Port']")).toBe('dynamic');
    expect(resultType('tostring(parse_url(s).Scheme)')).toBe('string');
    expect(diagnostics('parse_url(s)')).toMatchObject([{ code: 'KQL3002', text: 'parse_url(s)' }]);
    expect(diagnostics('parse_url(s).Path')).toMatchObject([
      { code: 'KQL3002', text: 'parse_url(s).Path' },
    ]);
    expect(diagnostics("parse_url(s)['Query Parameters']")).toMatchObject([
      { code: 'KQL3002', text: "parse_url(s)['Query Parameters']" },
    ]);
    expect(diagnostics('parse_url(n).Host')).toMatchObject([{ code: 'KQL2005', text: 'n' }]);
  });

  it('bin by a size that is not a constant is KQL3002', () => {
    expect(diagnostics('bin(n, n)')).toMatchObject([{ code: 'KQL3002', text: 'n' }]);
  });

  it('between bounds of another type are KQL2005', () => {
    expect(diagnostics('n between ("a" .. "b")')).toMatchObject([{ code: 'KQL2005' }]);
  });
});

// datetimes are 100 ns ticks (scalar-data-types/datetime.md), finer than the microseconds SQL
// engines store: such a literal is valid KQL refused as unsupported (KQL3004), not as invalid.
describe('datetime literals finer than a microsecond', () => {
  it('recognises a valid literal whose seventh fraction digit is not zero', () => {
    expect(isSubMicrosecondDatetime('2024-01-01 00:00:00.0000001')).toBe(true);
    expect(isSubMicrosecondDatetime('2024-01-01T10:20:30.1234567Z')).toBe(true);
    expect(isSubMicrosecondDatetime('2024-01-01 00:00:00.0000010')).toBe(false);
    expect(isSubMicrosecondDatetime('2024-01-01 00:00:00.000001')).toBe(false);
    expect(isSubMicrosecondDatetime('2024-02-30 00:00:00.0000001')).toBe(false);
    expect(isSubMicrosecondDatetime('not a date')).toBe(false);
  });

  it('keeps six fraction digits exactly', () => {
    expect(parseDatetimeLiteral('1970-01-01 00:00:00.000001')).toBe(1n);
    expect(parseDatetimeLiteral('1970-01-01 00:00:00.0000010')).toBe(1n);
  });

  it('refuses a 100 ns literal as KQL3004 at the literal', () => {
    expect(diagnostics('datetime(2024-01-01 00:00:00.0000001)')).toMatchObject([
      { code: 'KQL3004', text: 'datetime(2024-01-01 00:00:00.0000001)' },
    ]);
  });

  // Constants made only of literals are computed in ticks (src/frontend/constant-time.ts).
  function constant(expr: string): { type: string; value: unknown } {
    const plan = planQuery({ name: '<t>', text: `T | project x = ${expr}` }, { schemas });
    const root = plan.root;
    if (root.kind !== 'project') throw new Error(`expected a projection, got ${root.kind}`);
    const x = root.outputs[0]?.expr;
    if (x?.kind !== 'literal') throw new Error(`expected a literal, got ${x?.kind ?? 'nothing'}`);
    return { type: x.type, value: x.value };
  }

  it.each([
    ['datetime(2024-01-01 00:00:00.0000001) > datetime(2024-01-01)', true],
    ['datetime(2024-01-01 00:00:00.0000001) <= datetime(2024-01-01)', false],
    ['datetime(2024-01-01 00:00:00.0000001) == datetime(2024-01-01)', false],
    ['datetime(2024-01-01 00:00:00.0000001) != datetime(2024-01-01)', true],
    ['datetime(2024-01-01 00:00:00.0000001) - datetime(2024-01-01) == 1tick', true],
    ['datetime(2024-01-01 00:00:00.0000001) - datetime(2024-01-01) == 2tick', false],
    ['datetime(2024-01-01) + 1tick >= datetime(2024-01-01 00:00:00.0000001)', true],
    ['(1tick + 2tick) < 3tick', false],
    ['-1tick < 0tick', true],
    ['datetime(2024-01-01 00:00:00.0000009) < datetime(2024-01-01 00:00:00.000001)', true],
  ])('computes %s exactly', (expr, expected) => {
    expect(constant(expr)).toEqual({ type: 'bool', value: expected });
  });

  it('binds a sum of fine literals that lands on a microsecond as that microsecond', () => {
    expect(constant('datetime(1970-01-01 00:00:00.0000005) + 5tick')).toEqual({
      type: 'datetime',
      value: 1n,
    });
    expect(constant('7tick + 3tick')).toEqual({ type: 'timespan', value: 1n });
  });

  it.each([
    ['datetime(2024-01-01) + 1tick', '1tick'],
    ['t > datetime(2024-01-01 00:00:00.0000001)', 'datetime(2024-01-01 00:00:00.0000001)'],
    ['t - datetime(2024-01-01) > 1tick', '1tick'],
    ['tostring(1tick)', '1tick'],
  ])('still refuses %s, where a fine value would reach SQL, as KQL3004', (expr, at) => {
    expect(diagnostics(expr)).toMatchObject([{ code: 'KQL3004', text: at }]);
  });

  it('keeps the type rules: a datetime compared with a timespan is KQL2005 at the operator', () => {
    expect(diagnostics('datetime(2024-01-01 00:00:00.0000001) > 1tick')).toMatchObject([
      { code: 'KQL2005', text: '>' },
    ]);
  });

  it('still reports a malformed date as KQL1006', () => {
    expect(diagnostics('datetime(2024-02-30)')).toMatchObject([
      { code: 'KQL1006', text: 'datetime(2024-02-30)' },
    ]);
  });
});
