/**
 * `summarize` and `count` (SEMANTICS §10). Group keys and non-trivial aggregate arguments are
 * computed first in a projection (hidden `__…` columns), so the `Aggregate` relation only reads
 * columns. An aggregate inside a larger expression (`x = 100 * countif(p) / count()`) is
 * aggregated under a hidden name and the expression is computed by a projection afterwards.
 */
import { Codes } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { isNumeric, type KqlType } from '../types.js';
import type * as ast from './ast.js';
import { OperatorBinder, colRef, project } from './binder-operators.js';
import { dynamicElement } from './builtins-dynamic.js';
import { generatedName, inferredName, uniqueName } from './naming.js';
import { KUSTO_AGGREGATES } from './kusto-names.js';

interface AggSpec {
  readonly fn: ir.AggFn | 'arg_max' | 'arg_min';
  readonly prefix: string;
  readonly minArgs: number;
  readonly maxArgs: number;
}

const AGGREGATES: ReadonlyMap<string, AggSpec> = new Map<string, AggSpec>([
  ['count', { fn: 'count', prefix: 'count', minArgs: 0, maxArgs: 1 }],
  ['countif', { fn: 'countif', prefix: 'countif', minArgs: 1, maxArgs: 1 }],
  ['dcount', { fn: 'dcount', prefix: 'dcount', minArgs: 1, maxArgs: 2 }],
  ['dcountif', { fn: 'dcountif', prefix: 'dcountif', minArgs: 2, maxArgs: 3 }],
  ['sum', { fn: 'sum', prefix: 'sum', minArgs: 1, maxArgs: 1 }],
  ['sumif', { fn: 'sumif', prefix: 'sumif', minArgs: 2, maxArgs: 2 }],
  ['min', { fn: 'min', prefix: 'min', minArgs: 1, maxArgs: 1 }],
  ['max', { fn: 'max', prefix: 'max', minArgs: 1, maxArgs: 1 }],
  ['avg', { fn: 'avg', prefix: 'avg', minArgs: 1, maxArgs: 1 }],
  ['take_any', { fn: 'take_any', prefix: '', minArgs: 1, maxArgs: 64 }],
  ['any', { fn: 'take_any', prefix: 'any', minArgs: 1, maxArgs: 64 }],
  ['make_set', { fn: 'make_set', prefix: 'set', minArgs: 1, maxArgs: 2 }],
  ['makeset', { fn: 'make_set', prefix: 'set', minArgs: 1, maxArgs: 2 }],
  ['make_set_if', { fn: 'make_set_if', prefix: 'set', minArgs: 2, maxArgs: 3 }],
  ['make_list', { fn: 'make_list', prefix: 'list', minArgs: 1, maxArgs: 2 }],
  ['makelist', { fn: 'make_list', prefix: 'list', minArgs: 1, maxArgs: 2 }],
  ['make_list_if', { fn: 'make_list_if', prefix: 'list', minArgs: 2, maxArgs: 3 }],
  ['make_bag', { fn: 'make_bag', prefix: 'bag', minArgs: 1, maxArgs: 2 }],
  ['make_bag_if', { fn: 'make_bag_if', prefix: 'bag', minArgs: 2, maxArgs: 3 }],
  ['arg_max', { fn: 'arg_max', prefix: 'max', minArgs: 1, maxArgs: 64 }],
  ['arg_min', { fn: 'arg_min', prefix: 'min', minArgs: 1, maxArgs: 64 }],
]);

/**
 * The aggregates that may return several columns (arg_max, arg_min, take_any of several
 * expressions): `(a, b) = arg_max(x, y)` names their columns in order.
 */
const MULTI_COLUMN = new Set(['arg_max', 'arg_min', 'take_any', 'any']);

/** Whether `name` is an aggregate function (only valid inside summarize). */
export function isAggregateName(name: string): boolean {
  return AGGREGATES.has(name);
}

/** Work state of one summarize: the pre-projection, the aggregate and the post-projection. */
class SummarizeState {
  /** Extra columns computed before aggregating (group keys, aggregate arguments). */
  readonly pre: { name: string; expr: ir.Scalar }[] = [];
  readonly keys: { name: string; expr: ir.Scalar }[] = [];
  readonly picks: { by: ir.Scalar; max: boolean }[] = [];
  readonly outputs: ir.AggOutput[] = [];
  /** Output column names, for KQL's `1`, `2` suffixes. */
  readonly taken = new Set<string>();
  /** Names of the aggregate's columns that the final projection drops or computes. */
  post: { name: string; expr: ast.Expr }[] | undefined;
  private hidden = 0;

  constructor(readonly input: ir.Rel) {}

  hiddenName(): string {
    let name: string;
    do name = `__s${String(++this.hidden)}`;
    while (this.input.columns.some((c) => c.name === name));
    return name;
  }

  /** A column holding `expr` before aggregating: the column itself when it is one. */
  column(expr: ir.Scalar): ir.Scalar {
    if (expr.kind === 'column' || expr.kind === 'literal') return expr;
    const name = this.hiddenName();
    this.pre.push({ name, expr });
    return { kind: 'column', name, type: expr.type };
  }

  claim(base: string): string {
    const name = uniqueName(base, this.taken);
    this.taken.add(name);
    return name;
  }
}

export abstract class SummarizeBinder extends OperatorBinder {
  protected bindSummarize(input: ir.Rel, op: ast.SummarizeOp): ir.Rel {
    const st = new SummarizeState(input);
    for (const k of op.by) {
      if (k.names.length > 1) this.notMultiValued(k);
      const expr = this.bindExpr(k.expr, input);
      // Kusto's binder refuses a dynamic group key (KS116); SQLite and PostgreSQL would group
      // bags by their text and by their content respectively.
      if (expr.type === 'dynamic') this.notDynamic('summarize by', k.expr.span);
      const written = k.names[0];
      const name =
        written === undefined
          ? st.claim(inferredName(k.expr) ?? generatedName(st.taken))
          : this.claimWritten(st, written);
      st.keys.push({ name, expr: st.column(expr) });
    }
    const finals: { name: string; expr: ast.Expr; hidden: Map<ast.Expr, string> }[] = [];
    /** Output names in the order written: keys, then each aggregate's column(s). */
    const order = st.keys.map((k) => k.name);
    for (const a of op.aggregates) {
      let e = a.expr;
      while (e.kind === 'paren') e = e.expr;
      if (e.kind === 'call' && AGGREGATES.has(e.name.name)) {
        if (a.names.length > 1 && !MULTI_COLUMN.has(e.name.name)) this.notMultiValued(a);
        const before = st.outputs.length;
        this.bindAggregateCall(st, e, a.names);
        order.push(...st.outputs.slice(before).map((o) => o.name));
        continue;
      }
      if (a.names.length > 1) this.notMultiValued(a);
      const written = a.names[0];
      // An expression over aggregates: aggregate each call under a hidden name first.
      const hidden = new Map<ast.Expr, string>();
      this.collectAggregates(st, e, hidden);
      if (hidden.size === 0) {
        // Binding it reports what is wrong inside (an unknown function, a column) first.
        this.bindExpr(e, input);
        this.fail(
          Codes.invalidArgument,
          'summarize needs an aggregate function (count(), sum(), …) here',
          a.expr.span,
        );
      }
      const name =
        written === undefined ? st.claim(generatedName(st.taken)) : this.claimWritten(st, written);
      finals.push({ name, expr: e, hidden });
      order.push(name);
    }
    if (st.keys.length === 0 && st.outputs.length === 0 && finals.length === 0) {
      return this.fail(Codes.invalidArgument, 'summarize needs an aggregate or a by', op.span);
    }
    const preRel =
      st.pre.length === 0
        ? input
        : project(
            input,
            [...input.columns.map((c) => ({ name: c.name, expr: colRef(c) })), ...st.pre],
            op.span,
          );
    const columns: ir.Column[] = [
      ...st.keys.map((k) => ({ name: k.name, type: k.expr.type })),
      ...st.outputs.map((o) => ({
        name: o.name,
        type: o.kind === 'agg' ? o.agg.type : o.expr.type,
      })),
    ];
    const agg: ir.Aggregate = {
      kind: 'aggregate',
      input: preRel,
      keys: st.keys,
      picks: st.picks,
      outputs: st.outputs,
      columns,
      span: op.span,
    };
    if (finals.length === 0) return agg;
    // The final projection computes the expressions over aggregates, in the order written.
    const scope = { columns };
    const computed = new Map<string, ir.Scalar>();
    for (const f of finals) {
      computed.set(f.name, this.bindExpr(replaceAggregates(f.expr, f.hidden), scope));
    }
    const outputs = order.map((name) => {
      const c = columns.find((col) => col.name === name);
      const expr = computed.get(name) ?? (c === undefined ? undefined : colRef(c));
      if (expr === undefined) return this.fail(Codes.unknownColumn, `no column ${name}`, op.span);
      return { name, expr };
    });
    return project(agg, outputs, op.span);
  }

  /**
   * `(a, b) = e` where e gives one value (Kusto's KS149): only an aggregate returning several
   * columns takes a list of names.
   */
  private notMultiValued(a: ast.Assignment): never {
    const last = a.names[a.names.length - 1] ?? a;
    return this.fail(
      Codes.invalidArgument,
      `this expression gives one column: it takes one name, not ${String(a.names.length)}`,
      { start: a.span.start, end: last.span.end },
    );
  }

  /** A column name written in the query: a clash is an error (KS171), never renamed. */
  private claimWritten(st: SummarizeState, name: ast.Ident): string {
    if (st.taken.has(name.name)) {
      this.fail(Codes.duplicateColumn, `column '${name.name}' is declared twice`, name.span);
    }
    st.taken.add(name.name);
    return name.name;
  }

  /**
   * The name of an aggregate's i-th column: the i-th written name, else `base` made unique.
   * A hidden name (`__s…`) is used as it is.
   */
  private outputName(
    st: SummarizeState,
    names: readonly ast.Ident[] | string,
    i: number,
    base: string,
  ): string {
    if (typeof names === 'string') return i === 0 ? names : st.claim(base);
    const written = names[i];
    return written === undefined ? st.claim(base) : this.claimWritten(st, written);
  }

  /** Written names beyond the columns an aggregate returns (Kusto's KS150). */
  private checkNameCount(e: ast.Call, names: readonly ast.Ident[] | string, count: number): void {
    if (typeof names === 'string') return;
    const extra = names[count];
    if (extra === undefined) return;
    const what = `${e.name.name}() returns ${String(count)} column(s) here`;
    this.fail(Codes.invalidArgument, `${what}: the name '${extra.name}' has no column`, extra.span);
  }

  private collectAggregates(st: SummarizeState, e: ast.Expr, hidden: Map<ast.Expr, string>): void {
    // Kusto's other aggregation functions: valid KQL that rule2sql does not compute, refused as
    // unsupported rather than as a misplaced scalar.
    if (e.kind === 'call' && KUSTO_AGGREGATES.has(e.name.name) && !AGGREGATES.has(e.name.name)) {
      this.fail(
        Codes.unsupportedFunction,
        `the aggregate function ${e.name.name}() is not supported`,
        e.name.span,
      );
    }
    if (e.kind === 'call' && AGGREGATES.has(e.name.name)) {
      const name = st.hiddenName();
      this.bindAggregateCall(st, e, name);
      hidden.set(e, name);
      return;
    }
    for (const child of children(e)) this.collectAggregates(st, child, hidden);
  }

  /**
   * Binds one aggregate call, adding its output column(s), named by `names` (the names written
   * before `=`, in order) or a hidden name when the call is part of a larger expression.
   */
  private bindAggregateCall(
    st: SummarizeState,
    e: ast.Call,
    names: readonly ast.Ident[] | string,
  ): void {
    const fnName = e.name.name;
    const spec = AGGREGATES.get(fnName);
    if (spec === undefined) return this.unsupported(`the aggregate ${fnName}()`, e.span);
    if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
      this.fail(
        Codes.wrongArgumentCount,
        `${fnName}() takes ${String(spec.minArgs)} to ${String(spec.maxArgs)} argument(s)`,
        e.span,
      );
    }
    const input = st.input;
    if (spec.fn === 'arg_max' || spec.fn === 'arg_min') {
      this.bindArgMax(st, e, spec, names);
      return;
    }
    if (spec.fn === 'take_any' && e.args.some((a) => a.kind === 'star')) {
      return this.unsupported('take_any(*)', e.span);
    }
    if (spec.fn === 'take_any' && e.args.length > 1) {
      return this.unsupported(`${fnName}() of several expressions`, e.span);
    }
    this.checkNameCount(e, names, 1);
    const args = e.args.map((a) => this.bindExpr(a, input));
    const arg0 = args[0];
    const argName = e.args[0] === undefined ? undefined : inferredName(e.args[0]);
    const base =
      spec.fn === 'take_any' && spec.prefix === ''
        ? (argName ?? generatedName(st.taken))
        : `${spec.prefix}_${argName ?? ''}`;
    const name = this.outputName(st, names, 0, base);
    let type: KqlType = 'long';
    let limit: bigint | undefined;
    let aggArgs: ir.Scalar[] = args;
    const predicateAt = (i: number): void => {
      const p = args[i];
      if (p !== undefined) this.expectBool(p, e.args[i]?.span ?? e.span, fnName);
    };
    switch (spec.fn) {
      case 'count':
        aggArgs = [];
        break;
      case 'countif':
        predicateAt(0);
        break;
      case 'dcount':
        aggArgs = args.slice(0, 1);
        break;
      case 'dcountif':
        predicateAt(1);
        aggArgs = args.slice(0, 2);
        break;
      case 'sum':
      case 'sumif':
      case 'avg': {
        if (spec.fn === 'sumif') predicateAt(1);
        const t = arg0?.type ?? 'long';
        if (!isNumeric(t) && !(t === 'timespan' && spec.fn !== 'avg')) {
          this.fail(Codes.typeMismatch, `${fnName}() needs a number, not ${t}`, e.span);
        }
        type = spec.fn === 'avg' ? 'real' : t === 'int' ? 'long' : t === 'decimal' ? 'real' : t;
        break;
      }
      case 'min':
      case 'max':
      case 'take_any':
        type = arg0?.type ?? 'dynamic';
        if (type === 'dynamic' && spec.fn !== 'take_any') {
          this.fail(Codes.typeMismatch, `${fnName}() needs an orderable value`, e.span);
        }
        break;
      case 'make_set':
      case 'make_list':
      case 'make_set_if':
      case 'make_list_if':
      case 'make_bag':
      case 'make_bag_if': {
        type = 'dynamic';
        const conditional = spec.fn.endsWith('_if');
        if (conditional) predicateAt(1);
        const limitArg = conditional ? args[2] : args[1];
        if (limitArg !== undefined) {
          if (limitArg.kind !== 'literal' || typeof limitArg.value !== 'bigint') {
            this.fail(
              Codes.invalidArgument,
              `the size limit of ${fnName}() must be a constant`,
              e.span,
            );
          }
          limit = limitArg.value;
        }
        const value = args[0];
        if (value === undefined) break;
        if (value.type !== 'dynamic' && spec.fn.startsWith('make_bag')) {
          // Kusto's binder: "The expression must be a dynamic bag" (KS235).
          this.fail(
            Codes.typeMismatch,
            `${fnName}() needs a dynamic bag, not ${value.type}`,
            e.span,
          );
        }
        if (value.type === 'dynamic' && spec.fn.startsWith('make_list')) {
          // make_list of arrays: whether KQL flattens them as make_set does is not documented.
          this.unsupported(`${fnName}() of a dynamic value`, e.span);
        }
        // Datetimes and timespans are JSON strings inside dynamic values.
        const element = dynamicElement(value);
        aggArgs = conditional ? [element, ...args.slice(1, 2)] : [element];
        break;
      }
    }
    const agg: ir.AggCall = {
      fn: spec.fn,
      args: aggArgs.map((a) => st.column(a)),
      type,
      ...(limit === undefined ? {} : { limit }),
    };
    st.outputs.push({ name, kind: 'agg', agg });
  }

  /**
   * arg_max(e, cols | *): e, then the columns of the row with the largest e per group; written
   * names (`(a, b) = arg_max(…)`) rename those columns in order, the rest keep their own names.
   */
  private bindArgMax(
    st: SummarizeState,
    e: ast.Call,
    spec: AggSpec,
    names: readonly ast.Ident[] | string,
  ): void {
    const input = st.input;
    const [first, ...rest] = e.args;
    if (first === undefined) return;
    const by = this.bindExpr(first, input);
    if (by.type === 'dynamic') {
      this.fail(Codes.typeMismatch, `${e.name.name}() needs an orderable value`, first.span);
    }
    const pick = st.picks.length;
    st.picks.push({ by: st.column(by), max: spec.fn === 'arg_max' });
    const byName = inferredName(first);
    // The returned columns with their default names, named once all are known.
    const picked: { base: string; expr: ir.Scalar }[] = [
      { base: byName ?? `${spec.prefix}_`, expr: st.column(by) },
    ];
    const keyNames = new Set(st.keys.map((k) => k.name));
    rest.forEach((a, i) => {
      if (a.kind === 'star') {
        for (const c of input.columns) {
          if (keyNames.has(c.name) || c.name === byName) continue;
          if (rest.some((r) => r.kind === 'name' && r.name === c.name)) continue;
          picked.push({ base: c.name, expr: colRef(c) });
        }
        return;
      }
      const expr = this.bindExpr(a, input);
      const base = inferredName(a) ?? `${spec.prefix}_${byName ?? ''}_arg${String(i + 1)}`;
      picked.push({ base, expr: st.column(expr) });
    });
    this.checkNameCount(e, names, picked.length);
    picked.forEach((p, i) => {
      const name = this.outputName(st, names, i, p.base);
      st.outputs.push({ name, kind: 'pick', pick, expr: p.expr });
    });
  }

  protected bindCount(input: ir.Rel, op: ast.CountOp): ir.Rel {
    return {
      kind: 'aggregate',
      input,
      keys: [],
      picks: [],
      outputs: [{ name: 'Count', kind: 'agg', agg: { fn: 'count', args: [], type: 'long' } }],
      columns: [{ name: 'Count', type: 'long' }],
      span: op.span,
    };
  }
}

/** The direct sub-expressions of a scalar expression. */
function children(e: ast.Expr): ast.Expr[] {
  switch (e.kind) {
    case 'paren':
      return [e.expr];
    case 'member':
      return [e.target];
    case 'index':
      return [e.target, e.index];
    case 'call':
      return [...e.args];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'in':
      return [e.left, ...e.items];
    case 'between':
      return [e.left, e.low, e.high];
    case 'list':
      return [...e.items];
    default:
      return [];
  }
}

/** `e` with each aggregate call in `hidden` replaced by a reference to its hidden column. */
function replaceAggregates(e: ast.Expr, hidden: ReadonlyMap<ast.Expr, string>): ast.Expr {
  const name = hidden.get(e);
  if (name !== undefined) return { kind: 'name', name, span: e.span };
  const r = (x: ast.Expr): ast.Expr => replaceAggregates(x, hidden);
  switch (e.kind) {
    case 'paren':
      return { ...e, expr: r(e.expr) };
    case 'member':
      return { ...e, target: r(e.target) };
    case 'index':
      return { ...e, target: r(e.target), index: r(e.index) };
    case 'call':
      return { ...e, args: e.args.map(r) };
    case 'unary':
      return { ...e, operand: r(e.operand) };
    case 'binary':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'in':
      return { ...e, left: r(e.left), items: e.items.map(r) };
    case 'between':
      return { ...e, left: r(e.left), low: r(e.low), high: r(e.high) };
    case 'list':
      return { ...e, items: e.items.map(r) };
    default:
      return e;
  }
}
