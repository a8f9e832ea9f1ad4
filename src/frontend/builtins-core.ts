/**
 * What every builtin definition shares: the builtin contract, IR constructors, argument type
 * checks and the type lists. Kept apart from the tables so that the function families
 * (builtins-*.ts) and the main table can import it without a cycle.
 */
import { Codes } from '../diagnostics.js';
import type { Call, Fn, Scalar } from '../ir/nodes.js';
import { KQL_TYPES, type KqlType } from '../types.js';

/** What a builtin needs from the binder: report an error at the call, or at one argument. */
export interface BuiltinContext {
  fail(code: (typeof Codes)[keyof typeof Codes], message: string, argIndex?: number): never;
  /** The fixed `now()` of this compilation, in microseconds, when one was given. */
  readonly now?: bigint;
}

export interface Builtin {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Argument positions that may be `typeof(T)`: bound as a null literal of type T. */
  readonly typeofArgs?: readonly number[];
  lower(args: readonly Scalar[], ctx: BuiltinContext): Scalar;
}

export function call(fn: Fn, args: readonly Scalar[], type: KqlType): Call {
  return { kind: 'call', fn, args, type };
}

export function stringLiteral(value: string): Scalar {
  return { kind: 'literal', type: 'string', value };
}

/** `tostring(x)`, folded away when x is already a string or a constant with a fixed text. */
export function toStringScalar(x: Scalar): Scalar {
  if (scalarType(x) === 'string') return x;
  if (x.kind === 'literal') {
    const v = x.value;
    if (v === null) return stringLiteral('');
    if (typeof v === 'bigint' && (x.type === 'long' || x.type === 'int')) {
      return stringLiteral(v.toString());
    }
    if (typeof v === 'boolean' && x.type === 'bool') return stringLiteral(v ? 'True' : 'False');
    if (typeof v === 'string' && (x.type === 'dynamic' || x.type === 'guid')) {
      return stringLiteral(v);
    }
  }
  return call('tostring', [x], 'string');
}

export function scalarType(s: Scalar): KqlType {
  return s.type;
}

export function expectType(
  ctx: BuiltinContext,
  args: readonly Scalar[],
  i: number,
  allowed: readonly KqlType[],
  fnName: string,
): void {
  const arg = args[i];
  if (arg === undefined) return;
  if (!allowed.includes(arg.type)) {
    ctx.fail(
      Codes.typeMismatch,
      `argument ${String(i + 1)} of ${fnName}() must be of type ${allowed.join(' or ')}, not ${arg.type}`,
      i,
    );
  }
}

export const ANY: readonly KqlType[] = KQL_TYPES;
export const STR: readonly KqlType[] = ['string'];
export const NUM: readonly KqlType[] = ['long', 'int', 'real', 'decimal'];
export const INT: readonly KqlType[] = ['long', 'int'];

export const conversion = (fn: Fn, result: KqlType): Builtin => ({
  minArgs: 1,
  maxArgs: 1,
  lower(args) {
    const [x] = args as [Scalar];
    if (x.type === result) return x;
    return call(fn, args, result);
  },
});
