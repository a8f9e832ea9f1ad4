/**
 * KQL scalar functions: arity, argument types and result type, and the IR each call lowers to.
 * Names are case-sensitive, as in KQL. A name missing here is reported as an unknown or
 * unsupported function by the binder.
 */
import { Codes } from '../diagnostics.js';
import type { Fn, Scalar } from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import {
  ANY,
  INT,
  NUM,
  STR,
  call,
  conversion,
  expectType,
  toStringScalar,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';
import { DATETIME_BUILTINS } from './builtins-datetime.js';
import { DYNAMIC_BUILTINS } from './builtins-dynamic.js';
import { IPV4_BUILTINS } from './builtins-ipv4.js';
import { MISC_BUILTINS } from './builtins-misc.js';
import { STRING_BUILTINS } from './builtins-string.js';
import { URL_BUILTINS } from './builtins-url.js';

export {
  call,
  stringLiteral,
  toStringScalar,
  scalarType,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';

function fixed(
  fn: Fn,
  argTypes: readonly (readonly KqlType[])[],
  result: KqlType,
  name: string,
): Builtin {
  return {
    minArgs: argTypes.length,
    maxArgs: argTypes.length,
    lower(args, ctx) {
      argTypes.forEach((allowed, i) => {
        expectType(ctx, args, i, allowed, name);
      });
      return call(fn, args, result);
    },
  };
}

const parseJson: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args) {
    const [x] = args as [Scalar];
    // A dynamic argument is returned as it is (SEMANTICS §4): parse_json does not re-parse.
    if (x.type === 'dynamic') return x;
    return call('parse_json', [toStringScalar(x)], 'dynamic');
  },
};

const iff: Builtin = {
  minArgs: 3,
  maxArgs: 3,
  lower(args, ctx) {
    const [c, a, b] = args as [Scalar, Scalar, Scalar];
    expectType(ctx, args, 0, ['bool'], 'iff');
    const type = unify(ctx, a.type, b.type, 2);
    return {
      kind: 'case',
      whens: [{ when: c, then: branch(a, type) }],
      otherwise: branch(b, type),
      type,
    };
  },
};

/** A branch as the result type: a dynamic branch of a string result is its tostring() text. */
function branch(x: Scalar, type: KqlType): Scalar {
  return type === 'string' && x.type === 'dynamic' ? toStringScalar(x) : x;
}

function unify(ctx: BuiltinContext, a: KqlType, b: KqlType, argIndex: number): KqlType {
  if (a === b) return a;
  if (NUM.includes(a) && NUM.includes(b)) {
    return a === 'real' || b === 'real' ? 'real' : 'long';
  }
  // Kusto's binder types iff/case of a dynamic and a string branch as string.
  if ((a === 'dynamic' && b === 'string') || (a === 'string' && b === 'dynamic')) return 'string';
  // An untyped null (dynamic(null)) takes the other branch's type in KQL only when typed; keep
  // the rule strict so a surprising mix is reported instead of guessed.
  return ctx.fail(Codes.typeMismatch, `branches have different types: ${a} and ${b}`, argIndex);
}

const caseFn: Builtin = {
  minArgs: 3,
  maxArgs: 255,
  lower(args, ctx) {
    if (args.length % 2 === 0) {
      ctx.fail(
        Codes.wrongArgumentCount,
        'case() needs pairs of predicate and value followed by an else value',
      );
    }
    const whens: { when: Scalar; then: Scalar }[] = [];
    let type: KqlType | undefined;
    for (let i = 0; i + 1 < args.length; i += 2) {
      expectType(ctx, args, i, ['bool'], 'case');
      const then = args[i + 1] as Scalar;
      whens.push({ when: args[i] as Scalar, then });
      type = type === undefined ? then.type : unify(ctx, type, then.type, i + 1);
    }
    const otherwise = args[args.length - 1] as Scalar;
    const result = unify(ctx, type ?? otherwise.type, otherwise.type, args.length - 1);
    return {
      kind: 'case',
      whens: whens.map((w) => ({ when: w.when, then: branch(w.then, result) })),
      otherwise: branch(otherwise, result),
      type: result,
    };
  },
};

const split: Builtin = {
  minArgs: 2,
  maxArgs: 3,
  lower(rawArgs, ctx) {
    // A dynamic source is split as its tostring() text (Kusto's binder accepts split(d, "/")).
    const [source, ...rest] = rawArgs as [Scalar, ...Scalar[]];
    const args = [source.type === 'dynamic' ? toStringScalar(source) : source, ...rest];
    expectType(ctx, args, 0, STR, 'split');
    expectType(ctx, args, 1, STR, 'split');
    if (args.length === 3) {
      expectType(ctx, args, 2, INT, 'split');
      return call('split_part', args, 'dynamic');
    }
    return call('split', args, 'dynamic');
  },
};

const strcat: Builtin = {
  minArgs: 1,
  maxArgs: 64,
  lower(args) {
    return call('strcat', args.map(toStringScalar), 'string');
  },
};

const coalesce: Builtin = {
  minArgs: 2,
  maxArgs: 64,
  lower(args, ctx) {
    const first = args[0] as Scalar;
    args.forEach((a, i) => {
      if (a.type !== first.type) {
        ctx.fail(Codes.typeMismatch, `coalesce() arguments must share one type`, i);
      }
    });
    return call('coalesce', args, first.type);
  },
};

const emptiness = (fn: Fn): Builtin => ({
  minArgs: 1,
  maxArgs: 1,
  lower(args) {
    return call(fn, args, 'bool');
  },
});

const now: Builtin = {
  minArgs: 0,
  maxArgs: 0,
  lower(_args, ctx) {
    if (ctx.now !== undefined) return { kind: 'literal', type: 'datetime', value: ctx.now };
    return call('now', [], 'datetime');
  },
};

const ago: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['timespan'], 'ago');
    return call('sub', [now.lower([], ctx), args[0] as Scalar], 'datetime');
  },
};

const tostring: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args) {
    return toStringScalar(args[0] as Scalar);
  },
};

const not: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['bool'], 'not');
    return call('not', args, 'bool');
  },
};

const arrayLength: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, ['dynamic'], 'array_length');
    return call('array_length', args, 'long');
  },
};

/** The supported KQL scalar functions, by name. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ...STRING_BUILTINS,
  ...DATETIME_BUILTINS,
  ...DYNAMIC_BUILTINS,
  ...IPV4_BUILTINS,
  ...MISC_BUILTINS,
  ...URL_BUILTINS,
  ['parse_json', parseJson],
  ['parsejson', parseJson],
  ['todynamic', parseJson],
  ['toobject', parseJson],
  ['tostring', tostring],
  ['isempty', emptiness('isempty')],
  ['isnotempty', emptiness('isnotempty')],
  ['isnull', emptiness('isnull')],
  ['isnotnull', emptiness('isnotnull')],
  ['iff', iff],
  ['iif', iff],
  ['case', caseFn],
  ['not', not],
  ['replace_string', fixed('replace_string', [STR, STR, STR], 'string', 'replace_string')],
  ['split', split],
  ['strcat', strcat],
  ['strlen', fixed('strlen', [STR], 'long', 'strlen')],
  ['tolower', fixed('tolower', [STR], 'string', 'tolower')],
  ['toupper', fixed('toupper', [STR], 'string', 'toupper')],
  ['coalesce', coalesce],
  ['array_length', arrayLength],
  ['now', now],
  ['ago', ago],
  ['tolong', conversion('tolong', 'long')],
  ['toint', conversion('toint', 'int')],
  ['todouble', conversion('toreal', 'real')],
  ['toreal', conversion('toreal', 'real')],
  ['tobool', conversion('tobool', 'bool')],
  ['toboolean', conversion('tobool', 'bool')],
  ['todatetime', conversion('todatetime', 'datetime')],
]);

/** Functions the binder resolves itself, from the scope (not through `BUILTINS`). */
export const BINDER_FUNCTIONS: ReadonlySet<string> = new Set(['column_ifexists']);

/** Argument types accepted anywhere; exported for tests that enumerate builtins. */
export const ANY_TYPE = ANY;
