import { describe, expect, it } from 'vitest';
import { fromSqlValue, toSqlValue, ValueError } from '../../src/db/values.js';
import type { KqlType } from '../../src/types.js';

describe('toSqlValue: physical values', () => {
  it.each([
    ['datetime', '1970-01-01T00:00:00Z', 0],
    ['datetime', '2024-01-01T13:47:12Z', 1_704_116_832_000_000],
    // A 7th fraction digit that is zero fits the microsecond storage.
    ['datetime', '2024-01-01T13:47:12.1234560Z', 1_704_116_832_123_456],
    ['datetime', '2024-01-01T14:47:12.5+01:00', 1_704_116_832_500_000],
    ['datetime', '1969-12-31T23:59:59.5Z', -500_000],
    ['datetime', '0001-01-01T00:00:00Z', -62_135_596_800_000_000n],
    ['datetime', '9999-12-31T23:59:59.999999Z', 253_402_300_799_999_999n],
    ['timespan', '00:00:01', 1_000_000],
    ['timespan', '1.02:03:04.5', 93_784_500_000],
    ['timespan', '-00:00:00.0000010', -1],
    ['long', 9_007_199_254_740_993n, 9_007_199_254_740_993n],
    ['long', -5, -5],
    ['bool', true, 1],
    ['bool', false, 0],
    ['real', 1.5, 1.5],
    ['real', 'NaN', null],
    ['real', '-Infinity', -Infinity],
    ['dynamic', { b: [1, 'x', null], a: true }, '{"b":[1,"x",null],"a":true}'],
    ['dynamic', 'text', '"text"'],
    ['string', 'x', 'x'],
    ['string', null, null],
  ] as [KqlType, unknown, unknown][])('sqlite %s %o', (type, value, physical) => {
    expect(toSqlValue(type, value, 'sqlite')).toStrictEqual(physical);
  });

  it.each([
    ['datetime', '2024-01-01T13:47:12.1234560Z', '2024-01-01T13:47:12.123456Z'],
    ['datetime', '0099-03-01T00:00:00Z', '0099-03-01T00:00:00.000000Z'],
    ['timespan', '1.02:03:04.5', '1 days 02:03:04.500000'],
    ['timespan', '-1.02:03:04', '-1 days -02:03:04'],
    ['bool', true, true],
    ['real', 'NaN', 'NaN'],
    ['real', 'Infinity', 'Infinity'],
    ['dynamic', [1, { x: 'y' }], '[1,{"x":"y"}]'],
  ] as [KqlType, unknown, unknown][])('postgres %s %o', (type, value, physical) => {
    expect(toSqlValue(type, value, 'postgres')).toStrictEqual(physical);
  });

  it.each([
    ['datetime', '2024-02-30T00:00:00Z'],
    ['datetime', '2024-01-01T24:00:00Z'],
    ['datetime', 'yesterday'],
    // 100 ns ticks below the microsecond storage would be stored as another value: refused.
    ['datetime', '2024-01-01T13:47:12.1234567Z'],
    ['datetime', '9999-12-31T23:59:59.9999999Z'],
    ['timespan', '00:00:00.0000001'],
    ['timespan', '1:60:00'],
    ['long', 1.5],
    ['long', '1'],
    ['bool', 1],
    ['string', 5],
  ] as [KqlType, unknown][])('rejects %s %o', (type, value) => {
    expect(() => toSqlValue(type, value, 'sqlite')).toThrow(ValueError);
  });
});

describe('fromSqlValue: back to the conformance encoding', () => {
  it.each([
    ['datetime', 0, 'sqlite', '1970-01-01T00:00:00.0000000Z'],
    ['datetime', -500_000, 'sqlite', '1969-12-31T23:59:59.5000000Z'],
    ['datetime', 253_402_300_799_999_999n, 'sqlite', '9999-12-31T23:59:59.9999990Z'],
    ['datetime', '2024-01-01 13:47:12.123456+00', 'postgres', '2024-01-01T13:47:12.1234560Z'],
    ['datetime', '2024-01-01 13:47:12+00', 'postgres', '2024-01-01T13:47:12.0000000Z'],
    ['timespan', 93_784_500_000, 'sqlite', '1.02:03:04.5000000'],
    ['timespan', -1_000_000, 'sqlite', '-00:00:01'],
    ['timespan', '26:03:04.5', 'postgres', '1.02:03:04.5000000'],
    ['timespan', '-1 days -02:03:04.5', 'postgres', '-1.02:03:04.5000000'],
    ['timespan', '1 day', 'postgres', '1.00:00:00'],
    ['timespan', '1 mon -1 days +00:00:01', 'postgres', '29.00:00:01'],
    ['timespan', '00:00:00', 'postgres', '00:00:00'],
    ['bool', 1, 'sqlite', true],
    ['bool', 0n, 'sqlite', false],
    ['bool', false, 'postgres', false],
    ['real', NaN, 'postgres', 'NaN'],
    ['real', Infinity, 'sqlite', 'Infinity'],
    ['real', 3, 'sqlite', 3],
    ['long', 9_007_199_254_740_993n, 'sqlite', 9_007_199_254_740_993n],
    ['long', 42n, 'sqlite', 42],
    ['dynamic', '{"a":[1,2]}', 'sqlite', { a: [1, 2] }],
    ['dynamic', '"s"', 'sqlite', 's'],
    ['dynamic', 's', 'postgres', 's'],
    ['string', '', 'sqlite', ''],
    ['string', null, 'postgres', null],
  ] as [KqlType, unknown, 'sqlite' | 'postgres', unknown][])(
    '%s %o from %s',
    (type, raw, dialect, value) => {
      expect(fromSqlValue(type, raw, dialect)).toStrictEqual(value);
    },
  );

  it('rejects values that do not fit the type', () => {
    expect(() => fromSqlValue('bool', 2, 'sqlite')).toThrow(ValueError);
    expect(() => fromSqlValue('string', 1, 'sqlite')).toThrow(ValueError);
    expect(() => fromSqlValue('dynamic', 'not json', 'sqlite')).toThrow(/not JSON/);
    expect(() => fromSqlValue('datetime', 'infinity', 'postgres')).toThrow(ValueError);
  });
});

describe('round trip through the physical value', () => {
  const cases: [KqlType, unknown][] = [
    ['string', 'Ünïcode "quoted"'],
    ['guid', '3fcfb182-98f8-4744-bd45-10a395ab61cb'],
    ['long', -9_007_199_254_740_993n],
    ['int', 2_147_483_647],
    ['real', -0.1],
    ['real', 'Infinity'],
    ['bool', true],
    ['datetime', '2024-07-31T13:06:24.1234560Z'],
    ['datetime', '1601-01-01T00:00:00.0000000Z'],
    ['timespan', '-3.04:05:06.0000070'],
    ['timespan', '00:00:00'],
    ['dynamic', { nested: { list: [1, 2.5, 'three', false, null] } }],
    ['dynamic', null],
  ];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    // pg parses jsonb when reading but takes JSON text as a parameter: covered in database.test.ts.
    const dialectCases = cases.filter(([type]) => dialect === 'sqlite' || type !== 'dynamic');
    it.each(dialectCases)(`${dialect} %s %o`, (type, value) => {
      expect(fromSqlValue(type, toSqlValue(type, value, dialect), dialect)).toStrictEqual(value);
    });
  }
});
