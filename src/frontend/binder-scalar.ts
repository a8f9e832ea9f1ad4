/**
 * The scalar half of the binder: names, types and lowering of scalar expressions (operators,
 * literals, dynamic accessors, function calls). `Binder` (binder.ts) extends it with the tabular
 * operators and statements.
 */
import {
  CompileError,
  Codes,
  diagnostic,
  type Code,
  type Source,
  type Span,
} from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import type { SchemaRegistry } from '../schema.js';
import { isNumeric, kqlTypeFromName, type KqlType } from '../types.js';
import type * as ast from './ast.js';
import { BUILTINS, call, toStringScalar, type BuiltinContext } from './builtins.js';
import { PARSE_URL_NAMES, parseUrlProperty } from './builtins-url.js';
import { ingestionRef } from './ingestion-time.js';
import { closestNames } from './suggest.js';
import { compareTimes, constantTime } from './constant-time.js';
import { isSubMicrosecondDatetime, parseDatetimeLiteral } from './datetime.js';
import { KUSTO_SCALAR_FUNCTIONS } from './kusto-names.js';

export interface BindOptions {
  readonly schemas: SchemaRegistry;
  /** Fixes `now()` and `ago()` to this instant (microseconds since the epoch). */
  readonly now?: bigint;
}

export type LetBinding =
  | { readonly kind: 'scalar'; readonly value: ir.Scalar }
  | { readonly kind: 'tabular'; readonly cte: string; readonly columns: readonly ir.Column[] };

/** Input columns visible to a scalar expression; joins see two sides through `$left`/`$right`. */
export interface Scope {
  readonly columns: readonly ir.Column[];
}

const BINARY_FN: Partial<Record<ast.BinaryOp, { fn: ir.Fn; negate: boolean }>> = {
  has: { fn: 'has', negate: false },
  '!has': { fn: 'has', negate: true },
  has_cs: { fn: 'has_cs', negate: false },
  '!has_cs': { fn: 'has_cs', negate: true },
  hasprefix: { fn: 'hasprefix', negate: false },
  '!hasprefix': { fn: 'hasprefix', negate: true },
  hasprefix_cs: { fn: 'hasprefix_cs', negate: false },
  '!hasprefix_cs': { fn: 'hasprefix_cs', negate: true },
  hassuffix: { fn: 'hassuffix', negate: false },
  '!hassuffix': { fn: 'hassuffix', negate: true },
  hassuffix_cs: { fn: 'hassuffix_cs', negate: false },
  '!hassuffix_cs': { fn: 'hassuffix_cs', negate: true },
  contains: { fn: 'contains', negate: false },
  '!contains': { fn: 'contains', negate: true },
  contains_cs: { fn: 'contains_cs', negate: false },
  '!contains_cs': { fn: 'contains_cs', negate: true },
  startswith: { fn: 'startswith', negate: false },
  '!startswith': { fn: 'startswith', negate: true },
  startswith_cs: { fn: 'startswith_cs', negate: false },
  '!startswith_cs': { fn: 'startswith_cs', negate: true },
  endswith: { fn: 'endswith', negate: false },
  '!endswith': { fn: 'endswith', negate: true },
  endswith_cs: { fn: 'endswith_cs', negate: false },
  '!endswith_cs': { fn: 'endswith_cs', negate: true },
  'matches regex': { fn: 'matches_regex', negate: false },
};

const COMPARISON_FN: Partial<Record<ast.BinaryOp, ir.Fn>> = {
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '=~': 'eq_ci',
  '!~': 'ne_ci',
};

const ARITH_FN: Partial<Record<ast.BinaryOp, ir.Fn>> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
};

/** Kusto functions that name a table, not a value: out of place in a scalar position. */
const TABULAR_FUNCTIONS: ReadonlySet<string> = new Set([
  'cluster',
  'database',
  'external_table',
  'materialize',
  'materialized_view',
  'stored_query_result',
  'table',
]);

/** The conversion that makes a dynamic value comparable with a value of each type. */
const EXPLICIT_CONVERSION: Partial<Record<KqlType, string>> = {
  int: 'toint',
  long: 'tolong',
  real: 'toreal',
  decimal: 'toreal',
  datetime: 'todatetime',
  timespan: 'totimespan',
};

/**
 * Where a builtin reports, for one call: at one of its arguments, else at `at`. A class, not an
 * object of arrows: one is made for every call bound.
 */
class CallContext implements BuiltinContext {
  constructor(
    private readonly source: Source,
    private readonly call: ast.Call,
    private readonly at: Span,
    readonly now: bigint | undefined,
  ) {}

  fail(code: Code, message: string, argIndex?: number): never {
    const span = argIndex === undefined ? this.at : (this.call.args[argIndex]?.span ?? this.at);
    throw new CompileError([diagnostic(code, message, this.source, span)]);
  }
}

export abstract class ScalarBinder {
  protected readonly lets = new Map<string, LetBinding>();
  /**
   * The scope whose rows are a table's, carrying its hidden ingestion-time column, while an
   * operator calling `ingestion_time()` is bound (ingestion-time.ts).
   */
  protected ingestionScope: Scope | undefined;

  constructor(
    protected readonly source: Source,
    protected readonly options: BindOptions,
  ) {}

  // -------------------------------------------------------------------------------------------
  // diagnostics

  protected fail(code: Code, message: string, span: Span | undefined, hint?: string): never {
    throw new CompileError([diagnostic(code, message, this.source, span, hint)]);
  }

  protected unsupported(what: string, span: Span): never {
    return this.fail(Codes.unsupportedOperator, `${what} is not supported yet`, span);
  }

  protected expectBool(s: ir.Scalar, span: Span, where: string): void {
    if (s.type !== 'bool') {
      this.fail(Codes.typeMismatch, `${where} needs a bool expression, not ${s.type}`, span);
    }
  }

  // -------------------------------------------------------------------------------------------
  // scalars

  protected unknownColumn(name: string, span: Span, columns: readonly ir.Column[]): never {
    return this.fail(
      Codes.unknownColumn,
      `column '${name}' is not defined`,
      span,
      hintFor(
        name,
        columns.map((c) => c.name),
        'columns in scope',
      ),
    );
  }

  bindExpr(e: ast.Expr, scope: Scope): ir.Scalar {
    switch (e.kind) {
      case 'string':
        return { kind: 'literal', type: 'string', value: e.value, span: e.span };
      case 'number':
        return this.bindNumber(e);
      case 'bool':
        return { kind: 'literal', type: 'bool', value: e.value, span: e.span };
      case 'null': {
        const type = kqlTypeFromName(e.type);
        if (type === undefined)
          return this.fail(Codes.invalidArgument, `unknown type ${e.type}`, e.span);
        return { kind: 'literal', type, value: null, span: e.span };
      }
      case 'datetime': {
        const micros = parseDatetimeLiteral(e.text);
        if (micros === undefined) {
          if (isSubMicrosecondDatetime(e.text)) {
            return this.fail(
              Codes.unsupportedValue,
              'datetimes finer than a microsecond are supported only in constant comparisons and ' +
                'sums (SQL engines store microseconds)',
              e.span,
            );
          }
          return this.fail(Codes.invalidDatetime, `invalid datetime '${e.text}'`, e.span);
        }
        return { kind: 'literal', type: 'datetime', value: micros, span: e.span };
      }
      case 'timespan': {
        if (e.ticks % 10n !== 0n) {
          return this.fail(
            Codes.unsupportedValue,
            'timespans finer than a microsecond are supported only in constant comparisons and ' +
              'sums (SQL engines store microseconds)',
            e.span,
          );
        }
        return { kind: 'literal', type: 'timespan', value: e.ticks / 10n, span: e.span };
      }
      case 'dynamic':
        return { kind: 'literal', type: 'dynamic', value: e.value as ir.JsonValue, span: e.span };
      case 'typeof':
        return this.fail(Codes.invalidArgument, 'typeof() is not a value here', e.span);
      case 'name':
        return this.bindName(e, scope);
      case 'member':
      case 'index':
        return this.bindAccess(e, scope);
      case 'call':
        return this.bindCall(e, scope);
      case 'unary':
        return this.bindUnary(e, scope);
      case 'binary':
        return this.bindBinary(e, scope);
      case 'in':
        return this.bindIn(e, scope);
      case 'between':
        return this.bindBetween(e, scope);
      case 'paren':
        return this.bindExpr(e.expr, scope);
      case 'tabular':
        return this.unsupported('a tabular expression in a scalar position', e.span);
      case 'star':
        return this.fail(Codes.invalidArgument, '* is not a value here', e.span);
      case 'list':
        return this.fail(Codes.invalidArgument, 'a list is not a value here', e.span);
      default:
        return this.unsupported('this expression', (e as { span: Span }).span);
    }
  }

  protected bindNumber(e: ast.NumberLit, negated = false): ir.Scalar {
    if (e.type === 'real' || e.type === 'decimal') {
      return { kind: 'literal', type: 'real', value: e.value, span: e.span };
    }
    let value: bigint;
    try {
      value = BigInt(e.text);
    } catch {
      return this.fail(Codes.invalidNumber, `'${e.text}' is not a whole number`, e.span);
    }
    // Kusto's binder types a longer literal as long too, but what the engine makes of it is not
    // documented, and the SQL engines disagree (a real, an error): refused.
    const bound = e.type === 'int' ? 2n ** 31n : 2n ** 63n;
    if (value > (negated ? bound : bound - 1n)) {
      return this.fail(
        Codes.unsupportedValue,
        `${e.text} is outside the range of type ${e.type} ` +
          `(-${String(bound)} to ${String(bound - 1n)})`,
        e.span,
      );
    }
    return { kind: 'literal', type: e.type, value, span: e.span };
  }

  protected bindName(e: ast.NameRef, scope: Scope): ir.Scalar {
    const col = scope.columns.find((c) => c.name === e.name);
    if (col !== undefined) return { kind: 'column', name: col.name, type: col.type, span: e.span };
    const bound = this.lets.get(e.name);
    if (bound?.kind === 'scalar') return bound.value;
    if (bound?.kind === 'tabular') {
      return this.unsupported('a tabular let in a scalar position', e.span);
    }
    return this.unknownColumn(e.name, e.span, scope.columns);
  }

  protected bindAccess(e: ast.Member | ast.Index, scope: Scope): ir.Scalar {
    const url = this.bindParseUrlAccess(e, scope);
    if (url !== undefined) return url;
    const target = this.bindExpr(e.target, scope);
    if (target.type !== 'dynamic') {
      return this.fail(
        Codes.typeMismatch,
        `only dynamic values can be indexed; this is ${target.type}`,
        e.target.span,
      );
    }
    let step: string | number;
    if (e.kind === 'member') {
      step = e.key;
    } else {
      const index = this.bindExpr(e.index, scope);
      if (index.kind === 'literal' && typeof index.value === 'bigint') {
        step = Number(index.value);
      } else if (index.kind === 'literal' && typeof index.value === 'string') {
        step = index.value;
      } else if (isInteger(index.type)) {
        return { ...computedIndex(target, index), span: e.span };
      } else {
        return this.unsupported('a property name that is not a constant', e.index.span);
      }
    }
    if (target.kind === 'path') {
      return { ...target, steps: [...target.steps, step], span: e.span };
    }
    return { kind: 'path', target, steps: [step], type: 'dynamic', span: e.span };
  }

  /** `parse_url(u).Host`, `parse_url(u)['Host']`: one property, computed alone (builtins-url.ts). */
  private bindParseUrlAccess(e: ast.Member | ast.Index, scope: Scope): ir.Scalar | undefined {
    const call = e.target;
    if (call.kind !== 'call' || !PARSE_URL_NAMES.has(call.name.name)) return undefined;
    if (call.namedArgs !== undefined) return undefined;
    let key: string;
    if (e.kind === 'member') key = e.key;
    else if (e.index.kind === 'string') key = e.index.value;
    else return undefined;
    if (call.args.length !== 1) return undefined;
    const args = call.args.map((a) => this.bindExpr(a, scope));
    return { ...parseUrlProperty(args, key, this.builtinContext(call, e.span)), span: e.span };
  }

  /** Where a builtin reports: at one argument of the call, else at `at`. */
  private builtinContext(call: ast.Call, at: Span): BuiltinContext {
    return new CallContext(this.source, call, at, this.options.now);
  }

  protected bindCall(e: ast.Call, scope: Scope): ir.Scalar {
    const name = e.name.name;
    if (name === 'column_ifexists') return this.bindColumnIfExists(e, scope);
    const builtin = BUILTINS.get(name);
    if (builtin === undefined) {
      if (KUSTO_SCALAR_FUNCTIONS.has(name) && !TABULAR_FUNCTIONS.has(name)) {
        return this.fail(
          Codes.unsupportedFunction,
          `function ${name}() is not supported`,
          e.name.span,
        );
      }
      const known = [...BUILTINS.keys()];
      return this.fail(
        Codes.unknownFunction,
        `function '${name}' is not known or not supported`,
        e.name.span,
        hintFor(name, known, 'known functions'),
      );
    }
    if (e.args.length < builtin.minArgs || e.args.length > builtin.maxArgs) {
      const expected =
        builtin.minArgs === builtin.maxArgs
          ? String(builtin.minArgs)
          : `${String(builtin.minArgs)} to ${String(builtin.maxArgs)}`;
      return this.fail(
        Codes.wrongArgumentCount,
        `${name}() takes ${expected} argument(s), not ${String(e.args.length)}`,
        e.span,
      );
    }
    if (name === 'ingestion_time' && this.ingestionScope !== undefined) {
      if (this.ingestionScope === scope) return { ...ingestionRef(), span: e.span };
    }
    const args = e.args.map((a, i): ir.Scalar => {
      if (a.kind === 'typeof' && builtin.typeofArgs?.includes(i) === true) {
        const type = kqlTypeFromName(a.type);
        if (type === undefined)
          return this.fail(Codes.invalidArgument, `unknown type ${a.type}`, a.span);
        return { kind: 'literal', type, value: null, span: a.span };
      }
      return this.bindExpr(a, scope);
    });
    return { ...builtin.lower(args, this.builtinContext(e, e.span)), span: e.span };
  }

  /**
   * `column_ifexists(name, default)`: the column when the input has it, else the default
   * (`Q/column-ifexists-function.md`). The choice is made here, from the input's columns.
   */
  protected bindColumnIfExists(e: ast.Call, scope: Scope): ir.Scalar {
    if (e.args.length !== 2) {
      return this.fail(
        Codes.wrongArgumentCount,
        `column_ifexists() takes 2 argument(s), not ${String(e.args.length)}`,
        e.span,
      );
    }
    const [nameArg, fallback] = e.args as [ast.Expr, ast.Expr];
    if (nameArg.kind !== 'string') {
      return this.fail(
        Codes.invalidArgument,
        'the column name of column_ifexists() must be a constant string',
        nameArg.span,
      );
    }
    const col = scope.columns.find((c) => c.name === nameArg.value);
    if (col !== undefined) return { kind: 'column', name: col.name, type: col.type, span: e.span };
    return this.bindExpr(fallback, scope);
  }

  protected bindUnary(e: ast.Unary, scope: Scope): ir.Scalar {
    // `-9223372036854775808`: a whole-number literal one past the largest long is in range only
    // as the operand of `-`.
    const operand =
      e.op === '-' && e.operand.kind === 'number'
        ? this.bindNumber(e.operand, true)
        : this.bindExpr(e.operand, scope);
    switch (e.op) {
      case 'not':
        this.expectBool(operand, e.operand.span, 'not');
        return { ...call('not', [operand], 'bool'), span: e.span };
      case '-':
        if (!isNumeric(operand.type) && operand.type !== 'timespan') {
          return this.fail(Codes.typeMismatch, `cannot negate a ${operand.type}`, e.span);
        }
        // Fold negative constants, so `d[-1]` indexes with a constant.
        if (operand.kind === 'literal' && typeof operand.value === 'bigint') {
          return { ...operand, value: -operand.value, span: e.span };
        }
        if (operand.kind === 'literal' && typeof operand.value === 'number') {
          return { ...operand, value: -operand.value, span: e.span };
        }
        return { ...call('neg', [operand], operand.type), span: e.span };
      case '+':
        return operand;
    }
  }

  protected bindBinary(e: ast.Binary, scope: Scope): ir.Scalar {
    if (e.op === 'has_any' || e.op === 'has_all') return this.bindHasAnyAll(e, scope);
    if (e.op === 'and' || e.op === 'or') return this.bindLogical(e, e.op, scope);
    const exact = this.bindFineConstant(e);
    if (exact !== undefined) return exact;
    const left = this.bindExpr(e.left, scope);
    const right = this.bindExpr(e.right, scope);
    const span = e.span;
    const stringOp = BINARY_FN[e.op];
    if (stringOp !== undefined) {
      // String operators convert both sides with tostring() (KQL applies them to any type).
      const test = call(stringOp.fn, [toStringScalar(left), toStringScalar(right)], 'bool');
      return { ...(stringOp.negate ? call('not', [test], 'bool') : test), span };
    }
    const cmp = COMPARISON_FN[e.op];
    if (cmp !== undefined) {
      if (cmp === 'eq_ci' || cmp === 'ne_ci') {
        return { ...call(cmp, [toStringScalar(left), toStringScalar(right)], 'bool'), span };
      }
      const [l, r] = this.comparable(left, right, e);
      return { ...call(cmp, [l, r], 'bool'), span };
    }
    const arith = ARITH_FN[e.op];
    if (arith !== undefined) return { ...this.arithmetic(arith, left, right, e), span };
    return this.unsupported(`the ${e.op} operator`, e.opSpan);
  }

  /**
   * A comparison, `+` or `-` of datetime and timespan literals one of which is finer than a
   * microsecond, computed exactly in ticks and bound as its result (constant-time.ts); undefined
   * for anything else, and for a sum that is itself finer than a microsecond.
   */
  private bindFineConstant(e: ast.Binary): ir.Scalar | undefined {
    const op = e.op;
    const compare =
      op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
    if (!compare && op !== '+' && op !== '-') return undefined;
    const l = constantTime(e.left);
    const r = l === undefined ? undefined : constantTime(e.right);
    if (l === undefined || r === undefined || !(l.fine || r.fine)) return undefined;
    if (compare) {
      if (l.type !== r.type) {
        return this.fail(
          Codes.typeMismatch,
          `cannot compare ${l.type} with ${r.type} using ${op}`,
          e.opSpan,
        );
      }
      return { kind: 'literal', type: 'bool', value: compareTimes(op, l, r), span: e.span };
    }
    const sum = constantTime(e);
    if (sum === undefined || sum.ticks % 10n !== 0n) return undefined;
    return { kind: 'literal', type: sum.type, value: sum.ticks / 10n, span: e.span };
  }

  /**
   * A chain `a or b or c …` (thousands of terms long in generated rules) as one n-ary call, its
   * operands gathered without recursion; and/or are associative, so the grouping of the syntax
   * tree does not change the result.
   */
  private bindLogical(e: ast.Binary, op: 'and' | 'or', scope: Scope): ir.Scalar {
    const operands: ast.Expr[] = [];
    const pending: ast.Expr[] = [e];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (next.kind === 'binary' && next.op === op) pending.push(next.right, next.left);
      else operands.push(next);
    }
    const args = operands.map((o) => {
      const bound = this.bindExpr(o, scope);
      this.expectBool(bound, o.span, op);
      return bound;
    });
    return { ...call(op, args, 'bool'), span: e.span };
  }

  /** Brings two comparison operands to one type, as KQL does, or reports the mismatch. */
  protected comparable(l: ir.Scalar, r: ir.Scalar, e: ast.Binary): [ir.Scalar, ir.Scalar] {
    if (l.type === r.type) return [l, r];
    if (isNumeric(l.type) && isNumeric(r.type)) return [l, r];
    // A dynamic value compared with a string or a bool compares as that type: tostring() /
    // tobool() of the dynamic value (Kusto's binder accepts `d == false`).
    if (l.type === 'dynamic' && r.type === 'string') return [toStringScalar(l), r];
    if (r.type === 'dynamic' && l.type === 'string') return [l, toStringScalar(r)];
    if (l.type === 'dynamic' && r.type === 'bool') return [call('tobool', [l], 'bool'), r];
    if (r.type === 'dynamic' && l.type === 'bool') return [l, call('tobool', [r], 'bool')];
    // `==` / `!=` between a string and a number (Kusto's binder accepts them; `<` it refuses)
    // compare text: the number as tostring() gives it, as `in` does (bindIn).
    if ((e.op === '==' || e.op === '!=') && stringAndNumber(l, r)) {
      return [toStringScalar(l), toStringScalar(r)];
    }
    // Kusto's binder accepts a dynamic value beside a number, datetime or timespan, but how the
    // value is converted at run time (a string "5" in the bag, a real beside a long) is not
    // documented: refused, with the explicit conversion that says what is meant.
    const other = l.type === 'dynamic' ? r.type : r.type === 'dynamic' ? l.type : undefined;
    const conversion = other === undefined ? undefined : EXPLICIT_CONVERSION[other];
    if (conversion !== undefined) {
      return this.fail(
        Codes.unsupportedOperator,
        `comparing a dynamic value with a ${String(other)} is not supported (Kusto does not ` +
          `document how the dynamic value is converted)`,
        e.opSpan,
        `convert the dynamic value first: ${conversion}(…) ${e.op} …`,
      );
    }
    return this.fail(
      Codes.typeMismatch,
      `cannot compare ${l.type} with ${r.type} using ${e.op}`,
      e.opSpan,
    );
  }

  protected arithmetic(fn: ir.Fn, l: ir.Scalar, r: ir.Scalar, e: ast.Binary): ir.Scalar {
    const lt = l.type;
    const rt = r.type;
    if (isNumeric(lt) && isNumeric(rt)) {
      const type: KqlType =
        lt === 'real' || rt === 'real' || lt === 'decimal' || rt === 'decimal'
          ? 'real'
          : lt === 'long' || rt === 'long'
            ? 'long'
            : 'int';
      return call(fn, [l, r], type);
    }
    if (fn === 'add' && lt === 'datetime' && rt === 'timespan') return call(fn, [l, r], 'datetime');
    if (fn === 'add' && lt === 'timespan' && rt === 'datetime') return call(fn, [r, l], 'datetime');
    if (fn === 'sub' && lt === 'datetime' && rt === 'timespan') return call(fn, [l, r], 'datetime');
    if (fn === 'sub' && lt === 'datetime' && rt === 'datetime') return call(fn, [l, r], 'timespan');
    if ((fn === 'add' || fn === 'sub') && lt === 'timespan' && rt === 'timespan') {
      return call(fn, [l, r], 'timespan');
    }
    // ts / ts is a real; a timespan times or divided by a number is a timespan (SEMANTICS §8).
    if (fn === 'div' && lt === 'timespan' && rt === 'timespan') return call(fn, [l, r], 'real');
    if ((fn === 'mul' || fn === 'div') && lt === 'timespan' && isNumeric(rt)) {
      return call(fn, [l, r], 'timespan');
    }
    if (fn === 'mul' && isNumeric(lt) && rt === 'timespan') return call(fn, [r, l], 'timespan');
    return this.fail(Codes.typeMismatch, `cannot apply ${e.op} to ${lt} and ${rt}`, e.opSpan);
  }

  /**
   * `x has_any (…)` / `x has_all (…)`: an OR / AND of `has` over the needles (SEMANTICS §3). The
   * list may hold scalars and dynamic arrays (literal or let-bound), flattened; an empty list
   * matches nothing (`has_any`) or every row (`has_all`).
   */
  protected bindHasAnyAll(e: ast.Binary, scope: Scope): ir.Scalar {
    const left = toStringScalar(this.bindExpr(e.left, scope));
    const items = e.right.kind === 'list' ? e.right.items : [e.right];
    const needles: ir.Scalar[] = [];
    const seen = new Set<string>();
    const add = (n: ir.Scalar): void => {
      const key = n.kind === 'literal' && typeof n.value === 'string' ? n.value : undefined;
      if (key !== undefined && seen.has(key)) return;
      if (key !== undefined) seen.add(key);
      needles.push(n);
    };
    const addValue = (bound: ir.Scalar, span: Span): void => {
      if (bound.kind === 'literal' && bound.type === 'dynamic') {
        for (const v of flatten(bound.value)) add(toStringScalar(jsonScalar(v, span)));
      } else if (bound.kind === 'call' && bound.fn === 'pack_array') {
        // pack_array(…) (often a let) holds its arguments: each is a needle, arrays flattened.
        for (const a of bound.args) addValue(a, span);
      } else if (bound.type === 'dynamic') {
        this.unsupported(`${e.op} over a dynamic value that is not a constant`, span);
      } else {
        add(toStringScalar(bound));
      }
    };
    for (const item of items) {
      if (item.kind === 'tabular') {
        return this.unsupported(`${e.op} with a tabular expression`, item.span);
      }
      addValue(this.bindExpr(item, scope), item.span);
    }
    const any = e.op === 'has_any';
    if (needles.length === 0) {
      return { kind: 'literal', type: 'bool', value: !any, span: e.span };
    }
    const tests = needles.map((n) => call('has', [left, n], 'bool'));
    const [first] = tests;
    const combined =
      tests.length === 1 && first !== undefined ? first : call(any ? 'or' : 'and', tests, 'bool');
    return { ...combined, span: e.span };
  }

  /**
   * `x between (lo .. hi)`: both ends inclusive; with a datetime `x` and a timespan `hi`, the
   * upper end is `lo + hi` (SEMANTICS §1). `!between` is its negation (null stays null).
   */
  protected bindBetween(e: ast.BetweenExpr, scope: Scope): ir.Scalar {
    const left = this.bindExpr(e.left, scope);
    const low = this.bindExpr(e.low, scope);
    let high = this.bindExpr(e.high, scope);
    if (left.type === 'datetime' && low.type === 'datetime' && high.type === 'timespan') {
      high = call('add', [low, high], 'datetime');
    }
    for (const [bound, span] of [
      [low, e.low.span],
      [high, e.high.span],
    ] as const) {
      const ok =
        bound.type === left.type ||
        (isNumeric(bound.type) && isNumeric(left.type)) ||
        (bound.kind === 'literal' && bound.value === null);
      if (!ok) {
        this.fail(
          Codes.typeMismatch,
          `between needs bounds of the type of its operand (${left.type}), not ${bound.type}`,
          span,
        );
      }
    }
    if (!isNumeric(left.type) && !['datetime', 'timespan'].includes(left.type)) {
      this.fail(
        Codes.typeMismatch,
        `between applies to numbers, datetimes and timespans, not ${left.type}`,
        e.left.span,
      );
    }
    const test = call('between', [left, low, high], 'bool');
    return { ...(e.negated ? call('not', [test], 'bool') : test), span: e.span };
  }

  protected bindIn(e: ast.InExpr, scope: Scope): ir.Scalar {
    const left = this.bindExpr(e.left, scope);
    const items: ir.Scalar[] = [];
    for (const item of e.items) {
      if (item.kind === 'tabular')
        return this.unsupported('in with a tabular expression', item.span);
      const bound = this.bindExpr(item, scope);
      if (bound.kind === 'literal' && bound.type === 'dynamic') {
        // A dynamic array contributes its (flattened) elements (SEMANTICS §1).
        for (const v of flatten(bound.value)) items.push(jsonScalar(v, item.span));
      } else {
        items.push(bound);
      }
    }
    const ci = e.op === 'in~' || e.op === '!in~';
    const negated = e.op === '!in' || e.op === '!in~';
    // A dynamic value among strings compares as its tostring() text (as `==` does); a number
    // among strings compares as its text too (Kusto's binder accepts `EventID in ("4728")`).
    const textual =
      (left.type === 'dynamic' || isNumeric(left.type)) &&
      items.length > 0 &&
      items.every((i) => i.type === 'string');
    const value = ci || textual ? toStringScalar(left) : left;
    const list = items.map((i) => {
      if (ci) return toStringScalar(i);
      if (i.type === value.type || (isNumeric(i.type) && isNumeric(value.type))) return i;
      if (value.type === 'string') return toStringScalar(i);
      return this.fail(
        Codes.typeMismatch,
        `cannot compare ${value.type} with ${i.type} using ${e.op}`,
        i.span ?? e.span,
      );
    });
    const test = call(ci ? 'in_ci' : 'in', [value, ...list], 'bool');
    return { ...(negated ? call('not', [test], 'bool') : test), span: e.span };
  }
}

function isInteger(t: KqlType): boolean {
  return t === 'long' || t === 'int';
}

/**
 * `d[i]` with a computed index: the element at i (from the end when negative) of an array, null
 * out of range, for a non-array and for a null index (SEMANTICS §4 accessors). Built from
 * array_slice(d, i, i)[0], guarded to -n <= i < n, where n = array_length(d) is null for a
 * non-array.
 */
function computedIndex(target: ir.Scalar, index: ir.Scalar): ir.Scalar {
  const n = call('array_length', [target], 'long');
  const inRange = call(
    'and',
    [call('ge', [index, call('neg', [n], 'long')], 'bool'), call('lt', [index, n], 'bool')],
    'bool',
  );
  const slice = call('array_slice', [target, index, index], 'dynamic');
  return {
    kind: 'case',
    whens: [{ when: inRange, then: { kind: 'path', target: slice, steps: [0], type: 'dynamic' } }],
    otherwise: { kind: 'literal', type: 'dynamic', value: null },
    type: 'dynamic',
  };
}

function stringAndNumber(l: ir.Scalar, r: ir.Scalar): boolean {
  return (l.type === 'string' && isNumeric(r.type)) || (r.type === 'string' && isNumeric(l.type));
}

function flatten(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

function jsonScalar(v: unknown, span: Span): ir.Scalar {
  if (typeof v === 'string') return { kind: 'literal', type: 'string', value: v, span };
  if (typeof v === 'boolean') return { kind: 'literal', type: 'bool', value: v, span };
  if (typeof v === 'number') {
    return Number.isInteger(v)
      ? { kind: 'literal', type: 'long', value: BigInt(v), span }
      : { kind: 'literal', type: 'real', value: v, span };
  }
  return { kind: 'literal', type: 'dynamic', value: v as ir.JsonValue, span };
}

export function hintFor(
  name: string,
  candidates: readonly string[],
  label: string,
): string | undefined {
  const close = closestNames(name, candidates);
  if (close.length > 0) return `did you mean ${close.map((c) => `'${c}'`).join(', ')}?`;
  if (candidates.length === 0) return undefined;
  const shown = candidates.slice(0, 12).join(', ');
  return `${label}: ${shown}${candidates.length > 12 ? ', …' : ''}`;
}
