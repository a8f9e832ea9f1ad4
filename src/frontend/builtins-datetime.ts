/**
 * Datetime and rounding functions (SEMANTICS §8): bin/floor, startof…, the calendar parts
 * (hourofday, dayofweek…). Units are passed to the IR as a constant string first argument.
 */
import { Codes } from '../diagnostics.js';
import type { Literal, Scalar } from '../ir/nodes.js';
import { isNumeric } from '../types.js';
import {
  call,
  expectType,
  stringLiteral,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';

const MICROS_PER_DAY = 86_400_000_000n;

/** The constant, positive size of bin(); KQL gives null for a size ≤ 0 (SEMANTICS §8). */
function binSize(args: readonly Scalar[], ctx: BuiltinContext): Literal {
  const size = args[1] as Scalar;
  if (size.kind !== 'literal') {
    return ctx.fail(Codes.unsupportedFunction, 'bin() with a size that is not a constant', 1);
  }
  return size;
}

const bin = (name: string): Builtin => ({
  minArgs: 2,
  maxArgs: 2,
  lower(args, ctx) {
    const [x] = args as [Scalar];
    const size = binSize(args, ctx);
    const positive =
      size.value !== null &&
      (typeof size.value === 'bigint' ? size.value > 0n : (size.value as number) > 0);
    if (x.type === 'datetime') {
      expectType(ctx, args, 1, ['timespan'], name);
      if (!positive) return { kind: 'literal', type: 'datetime', value: null };
      return call('bin', [x, size], 'datetime');
    }
    if (x.type === 'timespan') {
      expectType(ctx, args, 1, ['timespan'], name);
      if (!positive) return { kind: 'literal', type: 'timespan', value: null };
      return call('bin', [x, size], 'timespan');
    }
    if (isNumeric(x.type)) {
      expectType(ctx, args, 1, ['long', 'int', 'real', 'decimal'], name);
      const type =
        x.type === 'real' || size.type === 'real' ? 'real' : x.type === 'int' ? 'int' : 'long';
      if (!positive) return { kind: 'literal', type, value: null };
      return call('bin', [x, size], type);
    }
    return ctx.fail(Codes.unsupportedFunction, `${name}() of a ${x.type}`, 0);
  },
});

const startof = (unit: 'day' | 'week' | 'month' | 'year'): Builtin => ({
  minArgs: 1,
  maxArgs: 2,
  lower(args, ctx) {
    if (args.length === 2)
      ctx.fail(Codes.unsupportedFunction, `startof${unit}() with an offset`, 1);
    expectType(ctx, args, 0, ['datetime'], `startof${unit}`);
    return call('startof', [stringLiteral(unit), args[0] as Scalar], 'datetime');
  },
});

/** Calendar parts: KQL name → the IR unit. */
export type DatePart =
  'hour' | 'minute' | 'second' | 'day' | 'dayofyear' | 'month' | 'year' | 'dow';

const datepart = (unit: DatePart, name: string): Builtin => ({
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['datetime'], name);
    return call('datepart', [stringLiteral(unit), args[0] as Scalar], 'int');
  },
});

/** dayofweek(): the days since Sunday as a timespan (`Q/day-of-week-function.md`). */
const dayofweek: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['datetime'], 'dayofweek');
    const days = call('datepart', [stringLiteral('dow'), args[0] as Scalar], 'int');
    return call(
      'mul',
      [{ kind: 'literal', type: 'timespan', value: MICROS_PER_DAY }, days],
      'timespan',
    );
  },
};

export const DATETIME_BUILTINS: readonly (readonly [string, Builtin])[] = [
  ['bin', bin('bin')],
  ['floor', bin('floor')],
  ['startofday', startof('day')],
  ['startofweek', startof('week')],
  ['startofmonth', startof('month')],
  ['startofyear', startof('year')],
  ['hourofday', datepart('hour', 'hourofday')],
  ['dayofmonth', datepart('day', 'dayofmonth')],
  ['dayofyear', datepart('dayofyear', 'dayofyear')],
  ['getmonth', datepart('month', 'getmonth')],
  ['monthofyear', datepart('month', 'monthofyear')],
  ['getyear', datepart('year', 'getyear')],
  ['dayofweek', dayofweek],
];
