/**
 * abs, round, hash, ingestion_time (`Q/abs-function.md`, `Q/round-function.md`,
 * `Q/hash-function.md`, `Q/ingestion-time-function.md`),
 * datetime_diff and format_datetime (`Q/datetime-diff-function.md`,
 * `Q/format-datetime-function.md`, SEMANTICS §8) and extract_json / extractjson
 * (`Q/extract-json-function.md`).
 */
import { Codes } from '../diagnostics.js';
import type { Scalar } from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import {
  INT,
  call,
  expectType,
  stringLiteral,
  toStringScalar,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';
import { tokenizeDatetimeFormat } from './datetime-format.js';
import { kqlHash } from '../kql-hash.js';

const long = (value: bigint, type: KqlType = 'long'): Scalar => ({ kind: 'literal', type, value });

/** abs(): long for long and int, real for real, timespan for timespan (as the official binder). */
const abs: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['long', 'int', 'real', 'timespan'], 'abs');
    const [x] = args as [Scalar];
    return call('abs', [x], x.type === 'int' ? 'long' : x.type);
  },
};

/** A constant integer argument (KQL requires one: KS129), or `fallback` when absent. */
function constantInteger(
  ctx: BuiltinContext,
  args: readonly Scalar[],
  i: number,
  name: string,
  fallback: bigint,
): bigint {
  const a = args[i];
  if (a === undefined) return fallback;
  expectType(ctx, args, i, INT, name);
  if (a.kind !== 'literal' || typeof a.value !== 'bigint') {
    return ctx.fail(
      Codes.typeMismatch,
      `argument ${String(i + 1)} of ${name}() must be a constant`,
      i,
    );
  }
  return a.value;
}

/**
 * round(x, digits): half away from zero (`round(2.15, 1)` is 2.2, `round(-50.55, -2)` -100,
 * `round(21.5, -1)` 20). Of a long or int, digits ≥ 0 keep the value and negative digits round
 * to a multiple of 10^-digits in integer arithmetic: `(x ± m/2) / m * m`, the division
 * truncating as KQL's integer division does.
 */
const round: Builtin = {
  minArgs: 1,
  maxArgs: 2,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['long', 'int', 'real'], 'round');
    const [x] = args as [Scalar];
    const digits = constantInteger(ctx, args, 1, 'round', 0n);
    if (x.type === 'real') return call('round', [x, long(digits)], 'real');
    if (digits >= 0n) return x;
    if (digits < -18n) return long(0n, x.type);
    const m = 10n ** -digits;
    const half = long(m / 2n, x.type);
    const shifted: Scalar = {
      kind: 'case',
      whens: [
        { when: call('lt', [x, long(0n, x.type)], 'bool'), then: call('sub', [x, half], x.type) },
      ],
      otherwise: call('add', [x, half], x.type),
      type: x.type,
    };
    return call('mul', [call('div', [shifted, long(m, x.type)], x.type), long(m, x.type)], x.type);
  },
};

/**
 * hash(source [, mod]) (`Q/hash-function.md`): Kusto's xxhash64. Of a string it is XXH64 with
 * seed 0 over the text's UTF-8 bytes as a signed long, which gives the doc's
 * `hash("World")` = 1846988464401551951 (kql-hash.ts; `kql_hash` on SQLite, the prelude's
 * XXH64 on PostgreSQL, Trino's xxhash64). Of any other type the bytes hashed are not documented:
 * refused. With `mod` the doc gives a result from 0 to mod - 1, the remainder of the hash
 * divided by mod, but not how a negative hash is reduced (its unsigned value, or the signed one
 * taken to [0, mod)): only a constant source whose hash is not negative is computed (the doc's
 * `hash("World", 100)` = 51); any other source is refused.
 */
const hash: Builtin = {
  minArgs: 1,
  maxArgs: 2,
  lower(args, ctx) {
    const source = args[0] as Scalar;
    if (source.type !== 'string') {
      return ctx.fail(
        Codes.unsupportedFunction,
        `hash() of a ${source.type} (the bytes Kusto hashes for a ${source.type} are not documented; only strings are supported)`,
        0,
      );
    }
    if (args.length === 1) return call('hash', [source], 'long');
    const mod = constantInteger(ctx, args, 1, 'hash', 0n);
    if (mod <= 0n) {
      return ctx.fail(Codes.unsupportedFunction, 'hash() with a mod that is not positive', 1);
    }
    const value =
      source.kind === 'literal' && typeof source.value === 'string'
        ? kqlHash(source.value)
        : undefined;
    if (value === undefined || value < 0n) {
      return ctx.fail(
        Codes.unsupportedFunction,
        'hash() with a mod of a value that may hash to a negative number (the doc does not say how a negative hash is reduced to 0..mod-1); only a constant string is supported',
        1,
      );
    }
    return long(value % mod);
  },
};

/**
 * ingestion_time() reads the hidden ingestion-time column of a table's rows; the binder lowers
 * it there (ingestion-time.ts, binder-scalar.ts). Reaching this builtin means any other input,
 * where the doc (`Q/ingestion-time-function.md`) leaves the value open: refused. (The schemas'
 * `_TimeReceived` is when Azure Monitor received the record, not when it was ingested.)
 */
const ingestionTime: Builtin = {
  minArgs: 0,
  maxArgs: 0,
  lower(_args, ctx) {
    return ctx.fail(
      Codes.unsupportedFunction,
      "ingestion_time() other than over a table's own rows (the table, then only where and extend)",
    );
  },
};

const DIFF_UNITS = [
  'year',
  'quarter',
  'month',
  'week',
  'day',
  'hour',
  'minute',
  'second',
  'millisecond',
  'microsecond',
  'nanosecond',
];

/** datetime_diff(unit, a, b): the unit boundaries crossed from b to a (SEMANTICS §8). */
const datetimeDiff: Builtin = {
  minArgs: 3,
  maxArgs: 3,
  lower(args, ctx) {
    const u = args[0];
    const unit =
      u?.kind === 'literal' && typeof u.value === 'string' ? u.value.toLowerCase() : undefined;
    if (unit === undefined || !DIFF_UNITS.includes(unit)) {
      return ctx.fail(
        Codes.typeMismatch,
        `the period of datetime_diff() must be a literal among ${DIFF_UNITS.join(', ')}`,
        0,
      );
    }
    expectType(ctx, args, 1, ['datetime'], 'datetime_diff');
    expectType(ctx, args, 2, ['datetime'], 'datetime_diff');
    return call(
      'datetime_diff',
      [stringLiteral(unit), args[1] as Scalar, args[2] as Scalar],
      'long',
    );
  },
};

/** format_datetime(dt, format): the format a literal of the supported specifiers. */
const formatDatetime: Builtin = {
  minArgs: 2,
  maxArgs: 2,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['datetime'], 'format_datetime');
    const f = args[1];
    if (f?.kind !== 'literal' || typeof f.value !== 'string') {
      return ctx.fail(Codes.typeMismatch, 'the format of format_datetime() must be a literal', 1);
    }
    const tokens = tokenizeDatetimeFormat(f.value);
    if ('error' in tokens) {
      return ctx.fail(Codes.unsupportedFunction, `format_datetime() with ${tokens.error}`, 1);
    }
    return call('format_datetime', [args[0] as Scalar, stringLiteral(f.value)], 'string');
  },
};

/**
 * The steps of a JSONPath in the supported subset: `$` followed by `.name`, `['name']`,
 * `["name"]` and `[n]` (n ≥ 0). Anything else (wildcards, `..`, filters, slices, unions) is
 * reported rather than guessed.
 */
export function jsonPathSteps(path: string): (string | number)[] | { error: string } {
  const steps: (string | number)[] = [];
  if (!path.startsWith('$')) return { error: 'does not start with $' };
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    const dot = /^\.([A-Za-z_][A-Za-z0-9_$-]*)/.exec(rest);
    const quoted = /^\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/.exec(rest);
    const index = /^\[\s*([0-9]+)\s*\]/.exec(rest);
    if (dot !== null) {
      steps.push(dot[1] as string);
      i += dot[0].length;
    } else if (quoted !== null) {
      steps.push(quoted[1] ?? quoted[2] ?? '');
      i += quoted[0].length;
    } else if (index !== null) {
      steps.push(Number(index[1]));
      i += index[0].length;
    } else {
      return { error: `has '${rest}', outside the supported subset ($, .name, ['name'], [n])` };
    }
  }
  return steps;
}

/** What extract_json(…, typeof(T)) applies to the extracted dynamic value. */
const TYPED: Partial<Record<KqlType, 'tolong' | 'toint' | 'toreal' | 'tobool' | 'todatetime'>> = {
  long: 'tolong',
  int: 'toint',
  real: 'toreal',
  bool: 'tobool',
  datetime: 'todatetime',
};

/**
 * extract_json(path, text[, typeof(T)]): the element at `path` of the text parsed as JSON (a
 * string without typeof: `tostring()` of the element, '' when it is absent or the text is not
 * JSON), lowered to parse_json and a dynamic path.
 */
const extractJson = (name: string): Builtin => ({
  minArgs: 2,
  maxArgs: 3,
  typeofArgs: [2],
  lower(args, ctx) {
    const p = args[0];
    if (p?.kind !== 'literal' || p.type !== 'string' || typeof p.value !== 'string') {
      return ctx.fail(Codes.typeMismatch, `the path of ${name}() must be a constant string`, 0);
    }
    const steps = jsonPathSteps(p.value);
    if ('error' in steps) {
      return ctx.fail(Codes.unsupportedFunction, `a JSONPath that ${steps.error}`, 0);
    }
    const source = args[1] as Scalar;
    // The source is JSON text: a dynamic one is read through its text, as tostring() gives it.
    const doc = call('parse_json', [toStringScalar(source)], 'dynamic');
    const value: Scalar =
      steps.length === 0 ? doc : { kind: 'path', target: doc, steps, type: 'dynamic' };
    const as = args[2];
    if (as === undefined || as.type === 'string') return toStringScalar(value);
    if (as.type === 'dynamic') return value;
    const fn = TYPED[as.type];
    if (fn === undefined) return ctx.fail(Codes.unsupportedFunction, `${name}() as ${as.type}`, 2);
    return call(fn, [value], as.type);
  },
});

/**
 * toguid() and `guid(…)` literals (`Q/toguid-function.md`): valid KQL, but rule2sql carries no
 * guid values (how a guid prints and compares to text in each engine is not settled): refused.
 */
const toguid: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(_args, ctx) {
    return ctx.fail(Codes.unsupportedFunction, 'toguid() and guid(…) literals are not supported');
  },
};

export const MISC_BUILTINS: readonly (readonly [string, Builtin])[] = [
  ['toguid', toguid],
  ['abs', abs],
  ['round', round],
  ['hash', hash],
  ['ingestion_time', ingestionTime],
  ['datetime_diff', datetimeDiff],
  ['format_datetime', formatDatetime],
  ['extract_json', extractJson('extract_json')],
  ['extractjson', extractJson('extractjson')],
];
