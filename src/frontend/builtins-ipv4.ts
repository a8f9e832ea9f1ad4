/**
 * IPv4 functions (`Q/parse-ipv4-function.md`, `Q/ipv4-is-private-function.md`,
 * `Q/ipv4-is-match-function.md`, `Q/ipv4-compare-function.md`, `Q/ipv4-is-in-range-function.md`).
 *
 * An address is the dotted quad `a.b.c.d` (each part one to three ASCII digits, at most 255),
 * optionally followed by IP-prefix notation `/p` (p from 0 to 32): `parse_ipv4('10.1.2.3/24')`
 * is the address with its low 8 bits cleared. Any other text is not an address and makes the
 * functions return null, as the docs say for an unsuccessful conversion.
 *
 * Every dialect prints the same meaning: `ipv4_compare(a, b, p)` compares the two addresses on
 * their leading `min(prefix(a), prefix(b), p)` bits (-1, 0 or 1); `ipv4_is_match` is that
 * comparison equal to 0 (null when an address is invalid); `ipv4_is_in_range(ip, range)` is
 * `ipv4_is_match(ip, range)`; `ipv4_is_private` tests 10/8, 172.16/12 and 192.168/16.
 */
import { Codes } from '../diagnostics.js';
import type { Scalar } from '../ir/nodes.js';
import {
  INT,
  call,
  expectType,
  toStringScalar,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';

/** An address argument: a string, or a dynamic value as its text (Kusto accepts both). */
function address(ctx: BuiltinContext, args: readonly Scalar[], i: number, name: string): Scalar {
  expectType(ctx, args, i, ['string', 'dynamic'], name);
  return toStringScalar(args[i] as Scalar);
}

/** The prefix argument: a constant from 0 to 32 (32 when absent). */
function prefix(ctx: BuiltinContext, args: readonly Scalar[], i: number, name: string): Scalar {
  const a = args[i];
  if (a === undefined) return { kind: 'literal', type: 'long', value: 32n };
  expectType(ctx, args, i, INT, name);
  if (a.kind !== 'literal' || typeof a.value !== 'bigint' || a.value < 0n || a.value > 32n) {
    return ctx.fail(
      Codes.unsupportedFunction,
      `${name}() with a prefix that is not a constant from 0 to 32`,
      i,
    );
  }
  return { kind: 'literal', type: 'long', value: a.value };
}

const parseIpv4: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    return call('parse_ipv4', [address(ctx, args, 0, 'parse_ipv4')], 'long');
  },
};

const isPrivate: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    return call('ipv4_is_private', [address(ctx, args, 0, 'ipv4_is_private')], 'bool');
  },
};

const compare = (name: string, fn: 'ipv4_compare' | 'ipv4_is_match', max: number): Builtin => ({
  minArgs: 2,
  maxArgs: max,
  lower(args, ctx) {
    const a = address(ctx, args, 0, name);
    const b = address(ctx, args, 1, name);
    return call(fn, [a, b, prefix(ctx, args, 2, name)], fn === 'ipv4_compare' ? 'long' : 'bool');
  },
});

export const IPV4_BUILTINS: readonly (readonly [string, Builtin])[] = [
  ['parse_ipv4', parseIpv4],
  ['ipv4_is_private', isPrivate],
  ['ipv4_compare', compare('ipv4_compare', 'ipv4_compare', 3)],
  ['ipv4_is_match', compare('ipv4_is_match', 'ipv4_is_match', 3)],
  ['ipv4_is_in_range', compare('ipv4_is_in_range', 'ipv4_is_match', 2)],
];
