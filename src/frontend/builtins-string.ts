/**
 * String functions (SEMANTICS §6). Arguments of other types are converted with tostring(), as
 * KQL does. Regular expressions and rewrite strings must be constants: each backend translates
 * them to its engine's regex dialect at compile time (backends/regex.ts).
 */
import { Codes } from '../diagnostics.js';
import type { Fn, Scalar } from '../ir/nodes.js';
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

function constantText(
  args: readonly Scalar[],
  i: number,
  ctx: BuiltinContext,
  what: string,
): string {
  const a = args[i];
  if (a?.kind === 'literal' && a.type === 'string' && typeof a.value === 'string') return a.value;
  return ctx.fail(Codes.unsupportedFunction, `${what} must be a constant string`, i);
}

const indexof: Builtin = {
  minArgs: 2,
  maxArgs: 5,
  lower(args, ctx) {
    if (args.length > 3) {
      ctx.fail(Codes.unsupportedFunction, 'indexof() with a length or occurrence argument', 3);
    }
    expectType(ctx, args, 2, INT, 'indexof');
    const [s, m, ...rest] = args as [Scalar, Scalar, ...Scalar[]];
    return call('indexof', [toStringScalar(s), toStringScalar(m), ...rest], 'long');
  },
};

const substring: Builtin = {
  minArgs: 2,
  maxArgs: 3,
  lower(args, ctx) {
    expectType(ctx, args, 1, INT, 'substring');
    expectType(ctx, args, 2, INT, 'substring');
    const [s, ...rest] = args as [Scalar, ...Scalar[]];
    return call('substring', [toStringScalar(s), ...rest], 'string');
  },
};

const replaceRegex: Builtin = {
  minArgs: 3,
  maxArgs: 3,
  lower(args, ctx) {
    constantText(args, 1, ctx, 'the regex of replace_regex()');
    constantText(args, 2, ctx, 'the rewrite of replace_regex()');
    return call('replace_regex', args.map(toStringScalar), 'string');
  },
};

/** The conversion `extract(…, typeof(T))` applies to the captured text. */
const TYPED_EXTRACT: Partial<Record<KqlType, Fn>> = {
  long: 'tolong',
  int: 'toint',
  real: 'toreal',
  decimal: 'toreal',
  bool: 'tobool',
  datetime: 'todatetime',
  timespan: 'totimespan',
};

const extract: Builtin = {
  minArgs: 3,
  maxArgs: 4,
  typeofArgs: [3],
  lower(args, ctx) {
    constantText(args, 0, ctx, 'the regex of extract()');
    expectType(ctx, args, 1, INT, 'extract');
    const [re, group, source, as] = args as [Scalar, Scalar, Scalar, Scalar | undefined];
    const text = call('extract', [re, group, toStringScalar(source)], 'string');
    if (as === undefined || as.type === 'string') return text;
    if (as.type === 'dynamic') return call('parse_json', [text], 'dynamic');
    const fn = TYPED_EXTRACT[as.type];
    if (fn === undefined) {
      return ctx.fail(Codes.unsupportedFunction, `extract() as ${as.type}`, 3);
    }
    return call(fn, [text], as.type === 'decimal' ? 'real' : as.type);
  },
};

const extractAll: Builtin = {
  minArgs: 2,
  maxArgs: 3,
  lower(args, ctx) {
    constantText(args, 0, ctx, 'the regex of extract_all()');
    if (args.length === 2) {
      const [re, source] = args as [Scalar, Scalar];
      return call('extract_all', [re, toStringScalar(source)], 'dynamic');
    }
    // extract_all(regex, captureGroups, source): captureGroups is a constant array of group
    // numbers and names, which the backends resolve against the regex.
    const [re, groups, source] = args as [Scalar, Scalar, Scalar];
    const list = groups.kind === 'literal' && groups.type === 'dynamic' ? groups.value : undefined;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((g) => typeof g === 'string' || (typeof g === 'number' && Number.isInteger(g)))
    ) {
      ctx.fail(
        Codes.unsupportedFunction,
        'extract_all() with capture groups other than a constant array of group numbers and names',
        1,
      );
    }
    return call('extract_all', [re, toStringScalar(source), groups], 'dynamic');
  },
};

/** Splits leading inline flags `(?i)` off a regex, so it can be wrapped in a group. */
function splitFlags(re: string): [string, string] {
  const m = /^\(\?[a-zA-Z]+\)/.exec(re);
  return m === null ? ['', re] : [m[0], re.slice(m[0].length)];
}

/**
 * trim / trim_start / trim_end: the argument is a regex, and one match is removed at each end
 * (`trim("x", "xxabcxx")` is `xabcx`), as a replace_regex anchored at that end.
 */
const trimFn = (ends: 'both' | 'start' | 'end', name: string): Builtin => ({
  minArgs: 2,
  maxArgs: 2,
  lower(args, ctx) {
    const [flags, body] = splitFlags(constantText(args, 0, ctx, `the regex of ${name}()`));
    let s = toStringScalar(args[1] as Scalar);
    const strip = (pattern: string): void => {
      s = call('replace_regex', [s, stringLiteral(pattern), stringLiteral('')], 'string');
    };
    if (ends !== 'end') strip(`${flags}^(?:${body})`);
    if (ends !== 'start') strip(`${flags}(?:${body})$`);
    return s;
  },
});

const strcatDelim: Builtin = {
  minArgs: 3,
  maxArgs: 64,
  lower(args) {
    const [d, ...rest] = args.map(toStringScalar) as [Scalar, ...Scalar[]];
    return call(
      'strcat',
      rest.flatMap((a, i) => (i === 0 ? [a] : [d, a])),
      'string',
    );
  },
};

const strcatArray: Builtin = {
  minArgs: 2,
  maxArgs: 2,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['dynamic'], 'strcat_array');
    const [a, d] = args as [Scalar, Scalar];
    return call('strcat_array', [a, toStringScalar(d)], 'string');
  },
};

const reverse: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args) {
    return call('reverse', [toStringScalar(args[0] as Scalar)], 'string');
  },
};

const indexofRegex: Builtin = {
  minArgs: 2,
  maxArgs: 5,
  lower(args, ctx) {
    if (args.length > 2) {
      ctx.fail(Codes.unsupportedFunction, 'indexof_regex() with a start, length or occurrence', 2);
    }
    constantText(args, 1, ctx, 'the regex of indexof_regex()');
    return call('indexof_regex', args.map(toStringScalar), 'long');
  },
};

export const STRING_BUILTINS: readonly (readonly [string, Builtin])[] = [
  ['indexof', indexof],
  ['substring', substring],
  ['replace_regex', replaceRegex],
  ['extract', extract],
  ['extract_all', extractAll],
  ['trim', trimFn('both', 'trim')],
  ['trim_start', trimFn('start', 'trim_start')],
  ['trim_end', trimFn('end', 'trim_end')],
  ['strcat_delim', strcatDelim],
  ['strcat_array', strcatArray],
  ['reverse', reverse],
  ['indexof_regex', indexofRegex],
];
