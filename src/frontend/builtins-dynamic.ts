/**
 * Dynamic-value functions (SEMANTICS §4): gettype, bag_keys, set_has_element, array_index_of,
 * pack_array, bag_pack / pack, array_concat, array_slice.
 *
 * Values put into a dynamic (pack_array, bag_pack) are string, long, int, real, bool, dynamic,
 * and datetime / timespan as their KQL text (`dynamicElement`). Values looked up in one
 * (set_has_element, array_index_of) are string, long, int and bool. Bag keys are distinct
 * constant strings, or one computed string.
 */
import { Codes } from '../diagnostics.js';
import type { Scalar } from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import {
  INT,
  STR,
  call,
  expectType,
  stringLiteral,
  toStringScalar,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';

/** gettype() of a non-dynamic value is its static type (`Q/gettype-function.md`). */
const gettype: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args) {
    const [x] = args as [Scalar];
    if (x.type !== 'dynamic') return stringLiteral(x.type);
    return call('gettype', [x], 'string');
  },
};

const bagKeys: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['dynamic'], 'bag_keys');
    return call('bag_keys', args, 'dynamic');
  },
};

const PACKABLE: readonly KqlType[] = ['string', 'long', 'int', 'real', 'bool', 'dynamic'];

/**
 * A value as it is put into a dynamic value. JSON has no datetime or timespan, so Kusto
 * serialises them as strings (`Q/scalar-data-types/dynamic.md`: "values that JSON can't
 * represent are serialized into string values"), in the text `tostring()` gives: a datetime as
 * `2024-01-02T03:04:05.0000000Z`, always seven fraction digits (SEMANTICS §6 tostring; Kusto
 * prints `dynamic({"a": datetime(1970-05-11)})` as `{"a":"1970-05-11T00:00:00.0000000Z"}`), a
 * timespan as `[-][d.]hh:mm:ss[.fffffff]`.
 *
 * A null datetime or timespan stays null (JSON null in a bag or array, skipped by make_set): the
 * text is SQL NULL there, the one place a string-typed scalar may be NULL, since it feeds a
 * JSON builder directly.
 */
export function dynamicElement(a: Scalar): Scalar {
  if (a.type !== 'datetime' && a.type !== 'timespan') return a;
  return {
    kind: 'case',
    whens: [
      {
        when: call('isnull', [a], 'bool'),
        then: { kind: 'literal', type: 'string', value: null },
      },
    ],
    otherwise: toStringScalar(a),
    type: 'string',
  };
}

function packable(ctx: BuiltinContext, args: readonly Scalar[], i: number, name: string): Scalar {
  const a = dynamicElement(args[i] as Scalar);
  if (!PACKABLE.includes(a.type)) {
    ctx.fail(Codes.unsupportedFunction, `${name}() of a ${a.type} value`, i);
  }
  return a;
}

const LOOKUP: readonly KqlType[] = ['string', 'long', 'int', 'bool'];

/** set_has_element / array_index_of: the lookup compares with KQL equality (case-sensitive). */
const lookup = (name: string): Builtin => ({
  minArgs: 2,
  maxArgs: name === 'array_index_of' ? 5 : 2,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['dynamic'], name);
    if (args.length > 2) {
      ctx.fail(Codes.unsupportedFunction, `${name}() with a start, length or occurrence`, 2);
    }
    const v = args[1] as Scalar;
    if (!LOOKUP.includes(v.type)) {
      ctx.fail(Codes.unsupportedFunction, `${name}() looking up a ${v.type} value`, 1);
    }
    return name === 'set_has_element'
      ? call('set_has_element', args, 'bool')
      : call('array_index_of', args, 'long');
  },
});

const packArray: Builtin = {
  minArgs: 1,
  maxArgs: 64,
  lower(args, ctx) {
    const values = args.map((_, i) => packable(ctx, args, i, 'pack_array'));
    return call('pack_array', values, 'dynamic');
  },
};

/**
 * bag_pack(k1, v1, …): the keys are strings (Kusto's binder refuses any other type, KS107). A
 * computed key is allowed in a one-pair bag only: with several pairs two keys may turn out equal,
 * and which value Kusto then keeps is not documented (`Q/pack-function.md`), while the engines
 * differ (SQLite writes the key twice, PostgreSQL keeps the last value, Trino fails).
 */
const bagPack = (name: string): Builtin => ({
  minArgs: 2,
  maxArgs: 128,
  lower(args, ctx) {
    if (args.length % 2 !== 0) {
      ctx.fail(Codes.wrongArgumentCount, `${name}() takes pairs of key and value`);
    }
    const keys = new Set<string>();
    const packed = [...args];
    for (let i = 0; i < args.length; i += 2) {
      expectType(ctx, args, i, STR, name);
      const k = args[i] as Scalar;
      if (k.kind !== 'literal' || typeof k.value !== 'string') {
        if (args.length > 2) {
          ctx.fail(
            Codes.unsupportedFunction,
            `${name}() with a computed key beside other keys (which value Kusto keeps when two keys are equal is not documented)`,
            i,
          );
        }
      } else if (keys.has(k.value)) {
        ctx.fail(Codes.unsupportedFunction, `${name}() with the key '${k.value}' twice`, i);
      } else {
        keys.add(k.value);
      }
      packed[i + 1] = packable(ctx, args, i + 1, name);
    }
    return call('bag_pack', packed, 'dynamic');
  },
});

const arrayConcat: Builtin = {
  minArgs: 1,
  maxArgs: 64,
  lower(args, ctx) {
    args.forEach((_, i) => {
      expectType(ctx, args, i, ['dynamic'], 'array_concat');
    });
    return call('array_concat', args, 'dynamic');
  },
};

const arraySlice: Builtin = {
  minArgs: 3,
  maxArgs: 3,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['dynamic'], 'array_slice');
    expectType(ctx, args, 1, INT, 'array_slice');
    expectType(ctx, args, 2, INT, 'array_slice');
    return call('array_slice', args, 'dynamic');
  },
};

export const DYNAMIC_BUILTINS: readonly (readonly [string, Builtin])[] = [
  ['gettype', gettype],
  ['bag_keys', bagKeys],
  ['set_has_element', lookup('set_has_element')],
  ['array_index_of', lookup('array_index_of')],
  ['pack_array', packArray],
  ['bag_pack', bagPack('bag_pack')],
  ['pack', bagPack('pack')],
  ['pack_dictionary', bagPack('pack_dictionary')],
  ['array_concat', arrayConcat],
  ['array_slice', arraySlice],
];
