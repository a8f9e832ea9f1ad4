/**
 * Operators that work per row group or over an ordered row sequence: mv-apply (a subquery per
 * input row over its expanded items, SEMANTICS §5), partition (a subquery per partition) and
 * serialize with its window functions. They lower to joins, aggregates and `ir.Window` nodes.
 */
import { Codes, type Span } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import type * as ast from './ast.js';
import { colRef, project } from './binder-operators.js';
import { SourceBinder } from './binder-sources.js';
import { uniqueName } from './naming.js';

/** Subquery operators that keep every column of their input (no join back needed). */
const KEEPS_COLUMNS = new Set<ast.Operator['kind']>(['where', 'extend', 'parse']);

/** Subquery operators bound row by row as they are (each output row comes from one input row). */
const ROW_WISE = new Set<ast.Operator['kind']>([
  'where',
  'extend',
  'parse',
  'project',
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
]);

/** KQL's window functions: they read neighbouring rows of a serialized row set. */
const WINDOW_FUNCTIONS = new Set([
  'prev',
  'next',
  'row_number',
  'row_cumsum',
  'row_window_session',
]);

/** Operators after which a serialized row set stays serialized, in the same order. */
const KEEPS_ORDER = new Set<ast.Operator['kind']>([
  'where',
  'extend',
  'project',
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'take',
  'parse',
]);

export abstract class WindowBinder extends SourceBinder {
  protected abstract bindOperator(input: ir.Rel, op: ast.Operator): ir.Rel;

  /** The row order of serialized relations (`serialize` after `sort`), over their columns. */
  private readonly serialOrders = new WeakMap<ir.Rel, ir.Sort['keys']>();

  /**
   * `serialize [name = expr, …]` (SEMANTICS §9): the row order of the `sort` right before it
   * becomes the order window functions read. Without a sort the order is arbitrary in Kusto,
   * which no SQL engine would reproduce: refused.
   */
  protected bindSerialize(input: ir.Rel, op: ast.SerializeOp): ir.Rel {
    const keys = this.serialOrder(input);
    if (keys === undefined) {
      return this.unsupported(
        'serialize without a sort by columns right before it (the row order would be arbitrary)',
        op.span,
      );
    }
    if (op.columns.length === 0) return input;
    return this.bindOperator(input, { kind: 'extend', columns: op.columns, span: op.span });
  }

  /**
   * The order window functions read on `input`: a serialized relation's, or a sort's (sort
   * output is serialized) when its keys are columns.
   */
  private serialOrder(input: ir.Rel): ir.Sort['keys'] | undefined {
    const known = this.serialOrders.get(input);
    if (known !== undefined) return known;
    if (input.kind !== 'sort' || input.keys.some((k) => k.expr.kind !== 'column')) return undefined;
    return input.keys;
  }

  /** Whether `op` calls a window function (prev, next, row_number, row_cumsum…). */
  protected usesWindowFunctions(op: ast.Operator): boolean {
    if (op.kind !== 'extend' && op.kind !== 'where' && op.kind !== 'project') return false;
    return containsWindowCall(op);
  }

  /**
   * `extend` / `where` / `project` calling window functions on a serialized input: each call is
   * computed first by an `ir.Window` in the serialized order (its arguments in a projection
   * below), under a hidden name the operator then reads; the hidden columns are dropped after.
   */
  protected bindWithWindows(input: ir.Rel, op: ast.Operator): ir.Rel {
    const order = this.serialOrder(input);
    if (order !== undefined && containsWindowCall(op, SESSION)) {
      return this.bindSessions(input, op);
    }
    const calls: { name: string; call: ast.Call }[] = [];
    const taken = new Set(input.columns.map((c) => c.name));
    const rewritten = replaceWindowCalls(op, (call) => {
      if (order === undefined) {
        return this.unsupported(
          `${call.name.name}() on rows that are not serialized after a sort`,
          call.span,
        );
      }
      const name = uniqueName(`__w${String(calls.length + 1)}`, taken);
      taken.add(name);
      calls.push({ name, call });
      return { kind: 'name', name, span: call.span };
    });
    if (order === undefined) return this.bindOperator(input, op);
    const args: { name: string; expr: ir.Scalar }[] = [];
    const argRef = (e: ast.Expr): ir.ColumnRef => {
      const bound = this.bindExpr(e, input);
      if (bound.kind === 'column') return bound;
      const name = uniqueName(`__a${String(args.length + 1)}`, taken);
      taken.add(name);
      args.push({ name, expr: bound });
      return { kind: 'column', name, type: bound.type };
    };
    const outputs = calls.map(({ name, call }) => this.windowOutput(name, call, argRef));
    const base =
      args.length === 0
        ? input
        : project(
            input,
            [...input.columns.map((c) => ({ name: c.name, expr: colRef(c) })), ...args],
            op.span,
          );
    const window: ir.Window = {
      kind: 'window',
      input: base,
      partitionBy: [],
      orderBy: order,
      outputs,
      columns: [...base.columns, ...outputs.map((o) => ({ name: o.name, type: o.type }))],
      span: op.span,
    };
    const bound = this.bindOperator(window, rewritten);
    const hidden = new Set([...args.map((a) => a.name), ...calls.map((c) => c.name)]);
    const visible = bound.columns.filter((c) => !hidden.has(c.name));
    if (visible.length === bound.columns.length) return bound;
    return project(
      bound,
      visible.map((c) => ({ name: c.name, expr: colRef(c) })),
      op.span,
    );
  }

  /**
   * An operator calling `row_window_session()` on a serialized input. A session's start depends
   * on the previous session's start, so each call is an `ir.Window` of its own ordered by a row
   * number: the row number and the calls' `Expr` and `Restart` arguments (which may read `prev()`
   * and the like) are computed first by one extend, whose window functions share one order, so
   * that tied rows come in the same order for all of them. The operator then reads the session
   * starts under hidden names, its other window functions ordered by the same row number.
   */
  private bindSessions(input: ir.Rel, op: ast.Operator): ir.Rel {
    const taken = new Set(input.columns.map((c) => c.name));
    const fresh = (base: string): string => {
      const name = uniqueName(base, taken);
      taken.add(name);
      return name;
    };
    const rowCol = fresh('__srow');
    const assign = (name: string, expr: ast.Expr): ast.Assignment => ({
      names: [{ name, span: expr.span }],
      expr,
      span: expr.span,
    });
    const rowNumber: ast.Expr = {
      kind: 'call',
      name: { name: 'row_number', span: op.span },
      args: [],
      span: op.span,
    };
    const assignments = [assign(rowCol, rowNumber)];
    const sessions: {
      name: string;
      call: ast.Call;
      expr: string;
      restart: string | undefined;
      maxFromFirst: ir.Literal;
      maxBetween: ir.Literal;
    }[] = [];
    const rewritten = replaceWindowCalls(
      op,
      (call) => {
        const [expr, first, between, restart] = call.args;
        if (
          expr === undefined ||
          first === undefined ||
          between === undefined ||
          call.args.length > 4
        ) {
          return this.fail(
            Codes.wrongArgumentCount,
            `row_window_session() takes 3 to 4 argument(s), not ${String(call.args.length)}`,
            call.span,
          );
        }
        const exprCol = fresh('__sv');
        assignments.push(assign(exprCol, expr));
        let restartCol: string | undefined;
        if (restart !== undefined) {
          restartCol = fresh('__sr');
          assignments.push(assign(restartCol, restart));
        }
        const name = fresh('__ws');
        sessions.push({
          name,
          call,
          expr: exprCol,
          restart: restartCol,
          maxFromFirst: this.sessionDistance(first, input, 'from the first value'),
          maxBetween: this.sessionDistance(between, input, 'between neighbours'),
        });
        return { kind: 'name', name, span: call.span };
      },
      SESSION,
    );
    const extend: ast.ExtendOp = { kind: 'extend', columns: assignments, span: op.span };
    let rel = this.bindWithWindows(input, extend);
    const columnOf = (name: string): ir.ColumnRef => {
      const c = rel.columns.find((col) => col.name === name);
      if (c === undefined) return this.unknownColumn(name, op.span, rel.columns);
      return colRef(c);
    };
    const rowOrder: ir.Sort['keys'] = [
      { expr: columnOf(rowCol), descending: false, nullsFirst: false },
    ];
    for (const s of sessions) {
      const [exprArg, , , restartArg] = s.call.args;
      const expr = columnOf(s.expr);
      if (expr.type !== 'datetime') {
        return this.fail(
          Codes.typeMismatch,
          `row_window_session() needs a datetime as its first argument, not ${expr.type}`,
          (exprArg ?? s.call).span,
        );
      }
      const restart = s.restart === undefined ? undefined : columnOf(s.restart);
      if (restart !== undefined)
        this.expectBool(restart, (restartArg ?? s.call).span, 'row_window_session() restart');
      const output: ir.Window['outputs'][number] = {
        name: s.name,
        fn: {
          kind: 'session',
          expr,
          maxFromFirst: s.maxFromFirst,
          maxBetween: s.maxBetween,
          ...(restart === undefined ? {} : { restart }),
        },
        type: 'datetime',
      };
      const window: ir.Window = {
        kind: 'window',
        input: rel,
        partitionBy: [],
        orderBy: rowOrder,
        outputs: [output],
        columns: [...rel.columns, { name: s.name, type: 'datetime' }],
        span: s.call.span,
      };
      rel = window;
    }
    this.serialOrders.set(rel, rowOrder);
    const bound = this.bindOperator(rel, rewritten);
    const hidden = new Set([
      ...assignments.flatMap((a) => a.names.map((n) => n.name)),
      ...sessions.map((s) => s.name),
    ]);
    return project(
      bound,
      bound.columns
        .filter((c) => !hidden.has(c.name))
        .map((c) => ({ name: c.name, expr: colRef(c) })),
      op.span,
    );
  }

  /** A maximum distance of row_window_session(): a constant timespan. */
  private sessionDistance(e: ast.Expr, input: ir.Rel, what: string): ir.Literal {
    const bound = this.bindExpr(e, input);
    if (bound.type !== 'timespan') {
      return this.fail(
        Codes.typeMismatch,
        `row_window_session() needs a timespan as its maximum distance ${what}, not ${bound.type}`,
        e.span,
      );
    }
    if (bound.kind !== 'literal') {
      return this.unsupported(
        `row_window_session() with a maximum distance ${what} that is not a constant`,
        e.span,
      );
    }
    if (bound.value === null) {
      return this.unsupported(`row_window_session() with a null maximum distance ${what}`, e.span);
    }
    return bound;
  }

  /** One window function call as a window output named `name`. */
  private windowOutput(
    name: string,
    call: ast.Call,
    argRef: (e: ast.Expr) => ir.ColumnRef,
  ): ir.Window['outputs'][number] {
    const fn = call.name.name;
    const constant = (e: ast.Expr | undefined, what: string): bigint | undefined => {
      if (e === undefined) return undefined;
      const v = this.bindExpr(e, { columns: [] });
      if (v.kind !== 'literal' || typeof v.value !== 'bigint') {
        return this.fail(
          Codes.invalidArgument,
          `${fn}() needs a constant whole number ${what}`,
          e.span,
        );
      }
      return v.value;
    };
    const arity = (min: number, max: number): void => {
      if (call.args.length < min || call.args.length > max) {
        this.fail(
          Codes.wrongArgumentCount,
          `${fn}() takes ${String(min)} to ${String(max)} argument(s), not ${String(call.args.length)}`,
          call.span,
        );
      }
    };
    switch (fn) {
      case 'row_number': {
        arity(0, 2);
        if (call.args.length === 2) {
          return this.unsupported('row_number() with a restart condition', call.span);
        }
        const start = constant(call.args[0], 'as its start') ?? 1n;
        if (start !== 1n)
          return this.unsupported('row_number() starting elsewhere than 1', call.span);
        return { name, fn: { kind: 'row_number' }, type: 'long' };
      }
      case 'prev':
      case 'next': {
        arity(1, 3);
        const [first, offsetArg, defaultArg] = call.args;
        if (first?.kind !== 'name') {
          // As in Kusto: prev() and next() read a column, not an expression.
          return this.fail(
            Codes.invalidArgument,
            `${fn}() needs a column name as its first argument`,
            (first ?? call).span,
          );
        }
        const expr = argRef(first);
        const offset = constant(offsetArg, 'as its offset') ?? 1n;
        if (offset < 1n) {
          return this.fail(
            Codes.invalidArgument,
            `${fn}() needs an offset of at least 1`,
            call.span,
          );
        }
        let fallback: ir.Scalar | undefined;
        if (defaultArg !== undefined) {
          fallback = this.bindExpr(defaultArg, { columns: [] });
          if (fallback.type !== expr.type || fallback.kind !== 'literal') {
            return this.unsupported(
              `${fn}() with a default that is not a constant ${expr.type}`,
              defaultArg.span,
            );
          }
        }
        return {
          name,
          fn: { kind: fn, expr, offset, ...(fallback === undefined ? {} : { default: fallback }) },
          type: expr.type,
        };
      }
      case 'row_cumsum': {
        arity(1, 2);
        if (call.args.length === 2) {
          return this.unsupported('row_cumsum() with a restart condition', call.span);
        }
        const [term] = call.args;
        if (term === undefined) return this.unsupported('row_cumsum()', call.span);
        const expr = argRef(term);
        if (!['long', 'int', 'real'].includes(expr.type)) {
          return this.fail(
            Codes.typeMismatch,
            `row_cumsum() needs a number, not ${expr.type}`,
            term.span,
          );
        }
        return { name, fn: { kind: 'cumsum', expr }, type: expr.type };
      }
      default:
        // row_window_session() is bound by bindSessions.
        return this.unsupported(`${fn}() here`, call.span);
    }
  }

  /** The serialized order of `input`, carried to `result` of `op` when `op` keeps it. */
  protected carrySerialOrder(input: ir.Rel, op: ast.Operator, result: ir.Rel): void {
    const order = this.serialOrder(input);
    if (order === undefined || !KEEPS_ORDER.has(op.kind) || this.serialOrders.has(result)) return;
    // The operators between input and result, input side first.
    const chain: ir.Rel[] = [];
    for (let rel: ir.Rel = result; rel !== input;) {
      chain.unshift(rel);
      if (rel.kind === 'project' || rel.kind === 'filter' || rel.kind === 'limit') rel = rel.input;
      else if (rel.kind === 'window' || rel.kind === 'parse') rel = rel.input;
      else return;
    }
    // Each key column must reach the result unchanged, possibly renamed by a projection.
    const keys: ir.Sort['keys'][number][] = [];
    for (const k of order) {
      if (k.expr.kind !== 'column') return;
      let name = k.expr.name;
      for (const rel of chain) {
        if (rel.kind !== 'project') continue;
        const from = name;
        const o = rel.outputs.find((out) => out.expr.kind === 'column' && out.expr.name === from);
        if (o === undefined) return;
        name = o.name;
      }
      keys.push({ ...k, expr: { kind: 'column', name, type: k.expr.type } });
    }
    this.serialOrders.set(result, keys);
  }

  /** `rel` as a named relation of the plan, evaluated once, and a reference to it. */
  protected abstract shareRel(name: string, rel: ir.Rel): ir.Rel;

  /**
   * `mv-apply items on (subquery)`: each input row is expanded into a subtable (as mv-expand
   * does) that the subquery runs on; the results carry the input row's columns that were not
   * expanded. Output columns as Kusto's binder gives them: the input's columns (expanded ones
   * dropped), a subquery column of the same name replacing one, then the subquery's other
   * columns. Rows are told apart by a hidden row number; where the subquery drops or regroups
   * columns, its result is joined back to the numbered input on it.
   */
  protected bindMvApply(input: ir.Rel, op: ast.MvApplyOp): ir.Rel {
    const taken = new Set(input.columns.map((c) => c.name));
    const rowCol = uniqueName('__mvapply_row', taken);
    const keepsColumns = op.body.every((o) => KEEPS_COLUMNS.has(o.kind));
    let numbered: ir.Rel = input;
    if (!keepsColumns) {
      const window: ir.Window = {
        kind: 'window',
        input,
        partitionBy: [],
        orderBy: [],
        outputs: [{ name: rowCol, fn: { kind: 'stable_row_number' }, type: 'long' }],
        columns: [...input.columns, { name: rowCol, type: 'long' }],
        span: op.span,
      };
      numbered = this.shareRel('mvapply_rows', window);
    }
    const expandOp: ast.MvExpandOp = {
      kind: 'mv-expand',
      legacy: false,
      bagExpansion: 'bag',
      items: op.items,
      ...(op.withItemIndex === undefined ? {} : { withItemIndex: op.withItemIndex }),
      ...(op.limit === undefined ? {} : { limit: op.limit }),
      span: op.span,
    };
    const expanded = this.bindMvExpand(numbered, expandOp);
    if (expanded.kind !== 'mvexpand') return this.unsupported('this mv-apply', op.span);
    const expandedNames = new Set(expanded.items.map((i) => i.column));
    const outer = input.columns.filter((c) => !expandedNames.has(c.name));

    let rel: ir.Rel = expanded;
    let keyless = false;
    for (let i = 0; i < op.body.length; i++) {
      const sub = op.body[i];
      if (sub === undefined) break;
      if (keyless) {
        return this.unsupported(`${sub.kind} after summarize inside mv-apply`, sub.span);
      }
      if (ROW_WISE.has(sub.kind)) {
        rel = keepColumn(this.bindOperator(rel, sub), rowCol, rel);
        continue;
      }
      switch (sub.kind) {
        case 'take':
          rel = this.perRowLimit(rel, rowCol, [], this.bindOperator(rel, sub), sub.span);
          break;
        case 'top': {
          const limited = this.bindOperator(rel, sub);
          const keys =
            limited.kind === 'limit' && limited.input.kind === 'sort' ? limited.input.keys : [];
          rel = this.perRowLimit(rel, rowCol, keys, limited, sub.span);
          break;
        }
        case 'sort': {
          const next = op.body[i + 1];
          if (next?.kind !== 'take') {
            return this.unsupported('sort inside mv-apply without a take right after it', sub.span);
          }
          const sorted = this.bindOperator(rel, sub);
          const keys = sorted.kind === 'sort' ? sorted.keys : [];
          rel = this.perRowLimit(rel, rowCol, keys, this.bindOperator(sorted, next), next.span);
          i++;
          break;
        }
        case 'summarize': {
          const rowKey: ast.Assignment = {
            names: [{ name: rowCol, span: sub.span }],
            expr: { kind: 'name', name: rowCol, span: sub.span },
            span: sub.span,
          };
          const grouped = this.bindOperator(rel, { ...sub, by: [...sub.by, rowKey] });
          if (sub.by.length === 0) {
            keyless = true;
            rel = this.withEmptyGroups(numbered, grouped, rowCol, sub.span);
          } else {
            rel = grouped;
          }
          break;
        }
        default:
          return this.unsupported(`the ${sub.kind} operator inside mv-apply`, sub.span);
      }
    }

    const result = rel;
    const has = (name: string): ir.Column | undefined =>
      result.columns.find((c) => c.name === name);
    const rest = result.columns.filter(
      (c) => c.name !== rowCol && !outer.some((o) => o.name === c.name),
    );
    if (keepsColumns) {
      const outputs = [...outer, ...rest].map((c) => {
        const own = has(c.name) ?? c;
        return { name: c.name, expr: colRef(own) };
      });
      return project(result, outputs, op.span);
    }
    // Join the subquery's rows back to their input row.
    const left = project(
      numbered,
      [...outer, { name: rowCol, type: 'long' as KqlType }].map((c) => ({
        name: c.name,
        expr: colRef(c),
      })),
      op.span,
    );
    const rowColumn: ir.Column = { name: rowCol, type: 'long' };
    const { join: joined, names: rightName } = joinRenamed(
      left,
      result,
      [{ left: rowColumn, right: rowColumn }],
      '__r',
      rowCol,
      op.span,
    );
    const outputs = [...outer, ...rest].map((c) => {
      const own = has(c.name);
      const from =
        own === undefined ? c : { name: rightName.get(c.name) ?? c.name, type: own.type };
      return { name: c.name, expr: colRef(from) };
    });
    return project(joined, outputs, op.span);
  }

  /**
   * `partition by Col (subquery)`: the subquery runs on the rows of each value of `Col` and the
   * results are unioned. Lowered when the subquery is one operator that works per group anyway:
   * `top N by e` / `take N` / `sort by … | take N` (the first rows per partition, through a row
   * number) or `summarize` (grouped by `Col` too, which is then dropped as Kusto's binder does).
   */
  protected bindPartition(input: ir.Rel, op: ast.PartitionOp): ir.Rel {
    const column = input.columns.find((c) => c.name === op.by.name);
    if (column === undefined) return this.unknownColumn(op.by.name, op.by.span, input.columns);
    if (!Array.isArray(op.body)) {
      return this.unsupported('partition with a subquery that has its own source', op.span);
    }
    const body: readonly ast.Operator[] = op.body;
    const [first, second] = body;
    const only = body.length === 1 ? first : undefined;
    if (only?.kind === 'top' || only?.kind === 'take') {
      const limited = this.bindOperator(input, only);
      const keys =
        limited.kind === 'limit' && limited.input.kind === 'sort' ? limited.input.keys : [];
      if (limited.kind !== 'limit') return this.unsupported('this partition subquery', only.span);
      return this.firstPerGroup(input, [column.name], keys, limited.count, op.span);
    }
    if (body.length === 2 && first?.kind === 'sort' && second?.kind === 'take') {
      const sorted = this.bindOperator(input, first);
      const limited = this.bindOperator(sorted, second);
      const keys = sorted.kind === 'sort' ? sorted.keys : [];
      if (limited.kind !== 'limit') return this.unsupported('this partition subquery', second.span);
      return this.firstPerGroup(input, [column.name], keys, limited.count, op.span);
    }
    if (only?.kind === 'summarize') {
      const byColumn = only.by.some(
        (b) => b.names.length === 0 && b.expr.kind === 'name' && b.expr.name === column.name,
      );
      if (byColumn) return this.bindOperator(input, only);
      const key = uniqueName('__partition', new Set(input.columns.map((c) => c.name)));
      const partitionKey: ast.Assignment = {
        names: [{ name: key, span: op.by.span }],
        expr: { kind: 'name', name: column.name, span: op.by.span },
        span: op.by.span,
      };
      const grouped = this.bindOperator(input, { ...only, by: [partitionKey, ...only.by] });
      const kept = grouped.columns.filter((c) => c.name !== key);
      return project(
        grouped,
        kept.map((c) => ({ name: c.name, expr: colRef(c) })),
        op.span,
      );
    }
    return this.unsupported(
      'partition with a subquery other than top, take, sort | take or summarize',
      op.span,
    );
  }

  /**
   * At most `limit.count` rows per input row (`rowCol`), the first ones in `keys` order: the
   * per-group form of take / top / sort | take.
   */
  private perRowLimit(
    input: ir.Rel,
    rowCol: string,
    keys: ir.Sort['keys'],
    limit: ir.Rel,
    span: Span,
  ): ir.Rel {
    if (limit.kind !== 'limit') return this.unsupported('this take inside mv-apply', span);
    return this.firstPerGroup(input, [rowCol], keys, limit.count, span);
  }

  /**
   * The first `count` rows of each group of equal `groupBy` columns in `keys` order (any order
   * without keys), through a row number: the columns of `input` are kept as they are.
   */
  protected firstPerGroup(
    input: ir.Rel,
    groupBy: readonly string[],
    keys: ir.Sort['keys'],
    count: bigint,
    span: Span,
  ): ir.Rel {
    const taken = new Set(input.columns.map((c) => c.name));
    // Sort keys that are not columns are computed first, as hidden columns.
    const extra: { name: string; expr: ir.Scalar }[] = [];
    const orderBy = keys.map((k) => {
      if (k.expr.kind === 'column') return k;
      const name = uniqueName('__key', taken);
      taken.add(name);
      extra.push({ name, expr: k.expr });
      return { ...k, expr: { kind: 'column' as const, name, type: k.expr.type } };
    });
    const base =
      extra.length === 0
        ? input
        : project(
            input,
            [...input.columns.map((c) => ({ name: c.name, expr: colRef(c) })), ...extra],
            span,
          );
    const rn = uniqueName('__rn', taken);
    const partitionBy = groupBy.map((name) => {
      const c = input.columns.find((col) => col.name === name);
      if (c === undefined) return this.unknownColumn(name, span, input.columns);
      return colRef(c);
    });
    const window: ir.Window = {
      kind: 'window',
      input: base,
      partitionBy,
      orderBy,
      outputs: [{ name: rn, fn: { kind: 'row_number' }, type: 'long' }],
      columns: [...base.columns, { name: rn, type: 'long' }],
      span,
    };
    const kept: ir.Filter = {
      kind: 'filter',
      input: window,
      predicate: {
        kind: 'call',
        fn: 'le',
        args: [
          { kind: 'column', name: rn, type: 'long' },
          { kind: 'literal', type: 'long', value: count },
        ],
        type: 'bool',
      },
      columns: window.columns,
      span,
    };
    return project(
      kept,
      input.columns.map((c) => ({ name: c.name, expr: colRef(c) })),
      span,
    );
  }

  /**
   * A `summarize` without `by` inside mv-apply gives one row per input row even when its
   * subtable is empty (the mvapply-summarize case): `grouped` (grouped by `rowCol` only) has no
   * row for such input rows, so they get the aggregates' values over no rows, computed by the
   * same aggregate over an empty input.
   */
  private withEmptyGroups(numbered: ir.Rel, grouped: ir.Rel, rowCol: string, span: Span): ir.Rel {
    const final = grouped.kind === 'project' ? grouped : undefined;
    const agg = final === undefined ? grouped : final.input;
    if (agg.kind !== 'aggregate') return this.unsupported('this summarize inside mv-apply', span);
    const empty: ir.Aggregate = {
      ...agg,
      input: {
        kind: 'filter',
        input: agg.input,
        predicate: { kind: 'literal', type: 'bool', value: false },
        columns: agg.input.columns,
        span,
      },
      keys: agg.keys.filter((k) => k.name !== rowCol),
      columns: agg.columns.filter((c) => c.name !== rowCol),
    };
    const rowColumn: ir.Column = { name: rowCol, type: 'long' };
    const taken = new Set(agg.columns.map((c) => c.name));
    const present = uniqueName('__present', taken);
    taken.add(present);
    const outputs: ir.Join['outputs'][number][] = [
      { name: rowCol, side: 'left', source: rowColumn },
      { name: present, side: 'right', source: rowColumn },
    ];
    const values = agg.columns.filter((c) => c.name !== rowCol);
    for (const c of values) outputs.push({ name: c.name, side: 'right', source: c });
    const rows = project(numbered, [{ name: rowCol, expr: colRef(rowColumn) }], span);
    const withGroups: ir.Join = {
      kind: 'join',
      joinKind: 'leftouter',
      left: rows,
      right: agg,
      keys: [{ left: rowColumn, right: rowColumn }],
      outputs,
      columns: outputs.map((o) => ({ name: o.name, type: o.source.type })),
      span,
    };
    const { join: withDefaults, names: defaultName } = joinRenamed(
      withGroups,
      empty,
      [],
      '__empty',
      undefined,
      span,
    );
    const missing: ir.Scalar = {
      kind: 'call',
      fn: 'isnull',
      args: [{ kind: 'column', name: present, type: 'long' }],
      type: 'bool',
    };
    const filled = project(
      withDefaults,
      agg.columns.map((c) => {
        if (c.name === rowCol) return { name: c.name, expr: colRef(c) };
        const otherwise = { name: defaultName.get(c.name) ?? c.name, type: c.type };
        const expr: ir.Scalar = {
          kind: 'case',
          whens: [{ when: missing, then: colRef(otherwise) }],
          otherwise: colRef(c),
          type: c.type,
        };
        return { name: c.name, expr };
      }),
      span,
    );
    return final === undefined ? filled : { ...final, input: filled };
  }
}

/**
 * `rel` with the hidden column `rowCol` of `before` kept: a projection inside mv-apply's
 * subquery that dropped it gets it back, last.
 */
function keepColumn(rel: ir.Rel, rowCol: string, before: ir.Rel): ir.Rel {
  if (rel.columns.some((c) => c.name === rowCol)) return rel;
  const c = before.columns.find((col) => col.name === rowCol);
  if (c === undefined || rel.kind !== 'project') return rel;
  const outputs = [...rel.outputs, { name: rowCol, expr: colRef(c) }];
  return { ...rel, outputs, columns: outputs.map((o) => ({ name: o.name, type: o.expr.type })) };
}

/**
 * An inner join of `left` and `right` on `keys` (none: every pair) whose output is `left`'s
 * columns, then `right`'s (but `skip`) under fresh names ending in `suffix`; `names` maps each
 * right column to its output name.
 */
function joinRenamed(
  left: ir.Rel,
  right: ir.Rel,
  keys: ir.Join['keys'],
  suffix: string,
  skip: string | undefined,
  span: Span,
): { join: ir.Join; names: Map<string, string> } {
  const outputs: ir.Join['outputs'][number][] = left.columns.map((c) => ({
    name: c.name,
    side: 'left',
    source: c,
  }));
  const taken = new Set(outputs.map((o) => o.name));
  const names = new Map<string, string>();
  for (const c of right.columns) {
    if (c.name === skip) continue;
    const name = uniqueName(`${c.name}${suffix}`, taken);
    taken.add(name);
    names.set(c.name, name);
    outputs.push({ name, side: 'right', source: c });
  }
  const join: ir.Join = {
    kind: 'join',
    joinKind: 'inner',
    left,
    right,
    keys,
    outputs,
    columns: outputs.map((o) => ({ name: o.name, type: o.source.type })),
    span,
  };
  return { join, names };
}

/** row_window_session(), the window function bound by `bindSessions`. */
const SESSION: ReadonlySet<string> = new Set(['row_window_session']);

function isWindowCall(e: unknown, names: ReadonlySet<string> = WINDOW_FUNCTIONS): e is ast.Call {
  const c = e as Partial<ast.Call> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    c.kind === 'call' &&
    c.name !== undefined &&
    names.has(c.name.name)
  );
}

/** Whether the syntax tree `node` holds a call of one of `names` (window functions). */
function containsWindowCall(node: unknown, names: ReadonlySet<string> = WINDOW_FUNCTIONS): boolean {
  if (isWindowCall(node, names)) return true;
  if (typeof node !== 'object' || node === null) return false;
  const o = node as Record<string, unknown>;
  for (const k in o) {
    // Spans hold offsets only.
    if (k !== 'span' && containsWindowCall(o[k], names)) return true;
  }
  return false;
}

/**
 * `node` with each call of one of `names` (window functions) replaced by `replace(call)`
 * (outermost calls).
 */
function replaceWindowCalls<T>(
  node: T,
  replace: (call: ast.Call) => ast.Expr,
  names: ReadonlySet<string> = WINDOW_FUNCTIONS,
): T {
  const walk = (n: unknown): unknown => {
    if (isWindowCall(n, names)) return replace(n);
    if (Array.isArray(n)) return n.map(walk);
    if (typeof n !== 'object' || n === null) return n;
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, walk(v)]));
  };
  return walk(node) as T;
}
