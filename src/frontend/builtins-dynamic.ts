/**
 * Dynamic-value functions (SEMANTICS §4): gettype, bag_keys, set_has_element, array_index_of,
 * pack_array, bag_pack / pack, array_concat, array_slice.
 *
 * Values put into a dynamic (pack_array, bag_pack) and looked up in one (set_has_element,
 * array_index_of) are limited to the types whose JSON form is the same on every engine: string,
 * long, int, real, bool and dynamic. Bag keys must be distinct constant strings.
 */
import { Codes } from '../diagnostics.js';
import type { Scalar } from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import {
  INT,
  call,
  expectType,
  stringLiteral,
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

function packable(ctx: BuiltinContext, args: readonly Scalar[], i: number, name: string): void {
  const a = args[i] as Scalar;
  if (!PACKABLE.includes(a.type)) {
    ctx.fail(Codes.unsupportedFunction, `${name}() of a ${a.type} value`, i);
  }
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
    args.forEach((_, i) => {
      packable(ctx, args, i, 'pack_array');
    });
    return call('pack_array', args, 'dynamic');
  },
};

const bagPack = (name: string): Builtin => ({
  minArgs: 2,
  maxArgs: 128,
  lower(args, ctx) {
    if (args.length % 2 !== 0) {
      ctx.fail(Codes.wrongArgumentCount, `${name}() takes pairs of key and value`);
    }
    const keys = new Set<string>();
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i] as Scalar;
      if (k.kind !== 'literal' || k.type !== 'string' || typeof k.value !== 'string') {
        return ctx.fail(
          Codes.unsupportedFunction,
          `${name}() with a key that is not a constant string`,
          i,
        );
      }
      if (keys.has(k.value)) {
        ctx.fail(Codes.unsupportedFunction, `${name}() with the key '${k.value}' twice`, i);
      }
      keys.add(k.value);
      packable(ctx, args, i + 1, name);
    }
    return call('bag_pack', args, 'dynamic');
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
