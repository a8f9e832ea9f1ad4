/**
 * The comparison rules of SEMANTICS.md §0, one group per rule. Each test pairs values that must
 * compare equal with values that must not, so a comparison that is too loose or too strict fails.
 */
import { describe, expect, it } from 'vitest';
import {
  compareResult,
  datetimeTicks,
  formatComparison,
  jsonEqual,
  realsEqual,
  timespanTicks,
  valuesEqual,
  type ActualResult,
  type ExpectedResult,
  type Row,
} from '../../src/conformance/compare.js';
import type { Column } from '../../src/ir/nodes.js';
import type { KqlType } from '../../src/types.js';

function cols(spec: Record<string, KqlType>): Column[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}

function expected(
  columns: string[],
  rows: Row[],
  extra: Partial<ExpectedResult> = {},
): ExpectedResult {
  return { columns, rows, ordered: false, ...extra };
}

function actual(spec: Record<string, KqlType>, rows: Row[]): ActualResult {
  return { columns: cols(spec), rows };
}

describe('columns', () => {
  it('requires the same names', () => {
    const c = compareResult(expected(['id'], [[1]]), actual({ ID: 'long' }, [[1]]));
    expect(c.ok).toBe(false);
    expect(c.shape).toEqual(['columns: expected [id], got [ID]']);
  });

  it('requires the same order', () => {
    const c = compareResult(
      expected(['a', 'b'], [[1, 'x']]),
      actual({ b: 'string', a: 'long' }, [['x', 1]]),
    );
    expect(c.ok).toBe(false);
    expect(c.shape[0]).toBe('columns: expected [a, b], got [b, a]');
  });

  it('fails on an extra column', () => {
    const c = compareResult(expected(['a'], [[1]]), actual({ a: 'long', b: 'long' }, [[1, 2]]));
    expect(c.ok).toBe(false);
  });

  it('with columnSubset compares only the named columns, in the expected order', () => {
    const result = actual({ a: 'long', b: 'string', c: 'long' }, [[1, 'x', 3]]);
    expect(compareResult(expected(['c', 'b'], [[3, 'x']]), result, { columnSubset: true }).ok).toBe(
      true,
    );
    expect(compareResult(expected(['c', 'b'], [[3, 'y']]), result, { columnSubset: true }).ok).toBe(
      false,
    );
    const missing = compareResult(expected(['z'], [[1]]), result, { columnSubset: true });
    expect(missing.ok).toBe(false);
    expect(missing.shape).toEqual(['column z is not in the result [a, b, c]']);
  });
});

describe('types', () => {
  it('are compared when given; int and long differ', () => {
    const c = compareResult(
      expected(['n'], [[1]], { types: ['long'] }),
      actual({ n: 'int' }, [[1]]),
    );
    expect(c.ok).toBe(false);
    expect(c.shape).toEqual(['column n: expected type long, got int']);
  });

  it('are not checked when the case leaves them out', () => {
    expect(compareResult(expected(['n'], [[1]]), actual({ n: 'int' }, [[1]])).ok).toBe(true);
  });

  it('the expected type decides how values compare', () => {
    // As strings these differ; as datetimes they are one instant.
    const c = compareResult(
      expected(['t'], [['2024-01-01T00:00:00Z']], { types: ['datetime'] }),
      actual({ t: 'datetime' }, [['2024-01-01T00:00:00.0000000Z']]),
    );
    expect(c.ok).toBe(true);
  });
});

describe('row order', () => {
  const rows: Row[] = [[1], [2], [3]];
  const reversed: Row[] = [[3], [2], [1]];

  it('does not matter for ordered:false', () => {
    expect(compareResult(expected(['x'], rows), actual({ x: 'long' }, reversed)).ok).toBe(true);
  });

  it('matters for ordered:true, and the report says only the order is wrong', () => {
    const c = compareResult(
      expected(['x'], rows, { ordered: true }),
      actual({ x: 'long' }, reversed),
    );
    expect(c.ok).toBe(false);
    expect(c.orderOnly).toBe(true);
    expect(formatComparison(c)).toContain('the right rows in the wrong order');
    expect(
      compareResult(expected(['x'], rows, { ordered: true }), actual({ x: 'long' }, rows)).ok,
    ).toBe(true);
  });

  it('compares a multiset: duplicates count', () => {
    const twoOnes = expected(['x'], [[1], [1]]);
    expect(compareResult(twoOnes, actual({ x: 'long' }, [[1], [2]])).ok).toBe(false);
    expect(compareResult(twoOnes, actual({ x: 'long' }, [[1]])).ok).toBe(false);
    expect(compareResult(twoOnes, actual({ x: 'long' }, [[1], [1], [1]])).ok).toBe(false);
    expect(compareResult(twoOnes, actual({ x: 'long' }, [[1], [1]])).ok).toBe(true);
  });

  it('finds a matching when a first-fit choice would not (reals within tolerance)', () => {
    // e1 matches both returned rows, e2 only the first; pairing e1 with the first fails e2.
    const e = expected(['r'], [[1], [1 + 1.8e-9]]);
    const a = actual({ r: 'real' }, [[1 + 0.9e-9], [1 - 0.9e-9]]);
    expect(compareResult(e, a).ok).toBe(true);
  });
});

describe('dynamic', () => {
  it('compares parsed JSON and ignores object key order', () => {
    expect(valuesEqual('dynamic', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(
      true,
    );
  });

  it('keeps array order, value types and key sets', () => {
    expect(valuesEqual('dynamic', [1, 2], [2, 1])).toBe(false);
    expect(valuesEqual('dynamic', 1, '1')).toBe(false);
    expect(valuesEqual('dynamic', { a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(valuesEqual('dynamic', { a: null }, {})).toBe(false);
    expect(valuesEqual('dynamic', [1], { 0: 1 })).toBe(false);
  });

  it('a dynamic string is a JSON string', () => {
    expect(valuesEqual('dynamic', 'abc', 'abc')).toBe(true);
    expect(valuesEqual('dynamic', 'abc', ['abc'])).toBe(false);
  });

  it('compares integers beyond 2^53 exactly', () => {
    expect(jsonEqual(9007199254740993n, 9007199254740993n)).toBe(true);
    expect(jsonEqual(9007199254740993n, 9007199254740992)).toBe(false);
    expect(jsonEqual(5n, 5)).toBe(true);
  });

  it('unordered_arrays columns compare their arrays as multisets', () => {
    const e = expected(['id', 'k'], [[1, ['a', 'b', 'b']]], { unorderedArrays: ['k'] });
    const ok = actual({ id: 'long', k: 'dynamic' }, [[1, ['b', 'a', 'b']]]);
    const wrongCount = actual({ id: 'long', k: 'dynamic' }, [[1, ['a', 'a', 'b']]]);
    expect(compareResult(e, ok).ok).toBe(true);
    expect(compareResult(e, wrongCount).ok).toBe(false);
    const extra = actual({ id: 'long', k: 'dynamic' }, [[1, ['b', 'a', 'b', 'c']]]);
    expect(compareResult(e, extra).ok).toBe(false);
    // Without the listing, array order matters.
    expect(compareResult({ ...e, unorderedArrays: [] }, ok).ok).toBe(false);
  });
});

describe('reals', () => {
  it('accept a relative difference up to 1e-9', () => {
    expect(valuesEqual('real', 0.3, 0.1 + 0.2)).toBe(true);
    expect(valuesEqual('real', 1e20, 1e20 * (1 + 5e-10))).toBe(true);
    expect(valuesEqual('real', 1, 1 + 1e-8)).toBe(false);
    expect(valuesEqual('real', 1e-300, 0)).toBe(false);
    expect(valuesEqual('real', 24, 24)).toBe(true);
  });

  it('read "NaN" and "Infinity" as the non-finite values', () => {
    expect(valuesEqual('real', 'NaN', 'NaN')).toBe(true);
    expect(valuesEqual('real', 'NaN', 0)).toBe(false);
    expect(valuesEqual('real', 'Infinity', 'Infinity')).toBe(true);
    expect(valuesEqual('real', 'Infinity', '-Infinity')).toBe(false);
    expect(valuesEqual('real', 'Infinity', Number.MAX_VALUE)).toBe(false);
    expect(realsEqual(NaN, NaN)).toBe(true);
  });

  it('do not take NULL for NaN unless told (the SQLite divergence)', () => {
    expect(valuesEqual('real', 'NaN', null)).toBe(false);
    expect(valuesEqual('real', 'NaN', null, { nanMatchesNull: true })).toBe(true);
    expect(valuesEqual('real', 1, null, { nanMatchesNull: true })).toBe(false);
    expect(valuesEqual('real', null, 'NaN', { nanMatchesNull: true })).toBe(false);
  });
});

describe('integers and bools', () => {
  it('compare exactly, number or BigInt', () => {
    expect(valuesEqual('long', 1, 1n)).toBe(true);
    expect(valuesEqual('long', 9007199254740992, 9007199254740993n)).toBe(false);
    expect(valuesEqual('long', 1, 1.5)).toBe(false);
    expect(valuesEqual('int', 2, 2)).toBe(true);
  });

  it('bool is not a number', () => {
    expect(valuesEqual('bool', true, 1)).toBe(false);
    expect(valuesEqual('bool', false, false)).toBe(true);
  });
});

describe('datetimes and timespans', () => {
  it('datetimes compare as instants, to the tick', () => {
    expect(valuesEqual('datetime', '2024-01-02T02:30:10.1Z', '2024-01-02T02:30:10.1000000Z')).toBe(
      true,
    );
    expect(valuesEqual('datetime', '2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00Z')).toBe(true);
    expect(valuesEqual('datetime', '2024-01-02T02:30:10.1Z', '2024-01-02T02:30:10.1000001Z')).toBe(
      false,
    );
    expect(valuesEqual('datetime', '2024-01-02T02:30:10Z', '2024-01-02T02:30:11Z')).toBe(false);
    expect(datetimeTicks('1970-01-01T00:00:00.0000001Z')).toBe(1n);
    expect(valuesEqual('datetime', 'not a date', 'not a date')).toBe(false);
  });

  it('timespans compare as tick counts', () => {
    expect(valuesEqual('timespan', '1.00:00:00', '24:00:00')).toBe(true);
    expect(valuesEqual('timespan', '00:00:01.5', '00:00:01.5000000')).toBe(true);
    expect(valuesEqual('timespan', '00:00:00.0000001', '00:00:00')).toBe(false);
    expect(valuesEqual('timespan', '-00:00:01', '00:00:01')).toBe(false);
    expect(timespanTicks('-00:00:00.0000001')).toBe(-1n);
    expect(timespanTicks('2.03:04:05')).toBe(((2n * 24n + 3n) * 3600n + 4n * 60n + 5n) * 10n ** 7n);
  });
});

describe("'' and null", () => {
  it('are different strings: the runner never turns NULL into an empty string', () => {
    expect(valuesEqual('string', '', null)).toBe(false);
    expect(valuesEqual('string', null, '')).toBe(false);
    expect(valuesEqual('string', null, null)).toBe(true);
    expect(valuesEqual('string', 'a', 'A')).toBe(false);
  });

  it('null equals null in every type, and nothing else', () => {
    for (const t of ['long', 'real', 'bool', 'datetime', 'timespan', 'dynamic'] as const) {
      expect(valuesEqual(t, null, null), t).toBe(true);
    }
    expect(valuesEqual('long', 0, null)).toBe(false);
    expect(valuesEqual('bool', false, null)).toBe(false);
    expect(valuesEqual('dynamic', [], null)).toBe(false);
  });
});

describe('the row diff', () => {
  it('lists missing rows with - and unexpected rows with +, with their positions', () => {
    const c = compareResult(
      expected(
        ['id', 's'],
        [
          [1, 'a'],
          [2, 'b'],
        ],
        { types: ['long', 'string'] },
      ),
      actual({ id: 'long', s: 'string' }, [
        [1, 'a'],
        [2, ''],
        [3, 'c'],
      ]),
    );
    expect(c.ok).toBe(false);
    expect(c.missing).toEqual([{ index: 1, row: [2, 'b'] }]);
    expect(c.unexpected.map((u) => u.index)).toEqual([1, 2]);
    expect(formatComparison(c)).toBe(
      [
        'rows [id, s]: 2 expected, 3 returned',
        '  - [2, "b"]   (expected row 2, not returned)',
        '  + [2, ""]   (returned row 2, not expected)',
        '  + [3, "c"]   (returned row 3, not expected)',
      ].join('\n'),
    );
  });

  it('prints BigInt and nested JSON values', () => {
    const c = compareResult(
      expected(['d'], [[{ a: [1, 2n ** 64n] }]]),
      actual({ d: 'dynamic' }, [[null]]),
    );
    expect(formatComparison(c)).toContain('- [{"a":[1,18446744073709551616]}]');
    expect(formatComparison(c)).toContain('+ [null]');
  });
});
