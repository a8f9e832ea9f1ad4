/**
 * The binder: resolves names against table schemas and `let` statements, gives every expression
 * a KQL type, applies KQL's column-naming rules, and lowers the syntax tree to the relational
 * plan of `src/ir`. It reports the first problem as a `CompileError` with a span.
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
import { closestNames } from './suggest.js';
import { parseDatetimeLiteral } from './datetime.js';

export interface BindOptions {
  readonly schemas: SchemaRegistry;
  /** Fixes `now()` and `ago()` to this instant (microseconds since the epoch). */
  readonly now?: bigint;
}

type LetBinding =
  | { readonly kind: 'scalar'; readonly value: ir.Scalar }
  | { readonly kind: 'tabular'; readonly cte: string; readonly columns: readonly ir.Column[] };

/** Input columns visible to a scalar expression; joins see two sides through `$left`/`$right`. */
interface Scope {
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

export class Binder {
  private readonly lets = new Map<string, LetBinding>();
  private readonly ctes: { name: string; rel: ir.Rel }[] = [];
  private readonly usedCteNames = new Set<string>();

  constructor(
    private readonly source: Source,
    private readonly options: BindOptions,
  ) {}

  bindQuery(query: ast.Query): ir.Plan {
    for (const stmt of query.lets) this.bindLet(stmt);
    const root = this.bindPipeline(query.body);
    return { ctes: this.ctes, root };
  }

  // -------------------------------------------------------------------------------------------
  // diagnostics

  private fail(code: Code, message: string, span: Span | undefined, hint?: string): never {
    throw new CompileError([diagnostic(code, message, this.source, span, hint)]);
  }

  private unsupported(what: string, span: Span): never {
    return this.fail(Codes.unsupportedOperator, `${what} is not supported yet`, span);
  }

  // -------------------------------------------------------------------------------------------
  // statements

  private bindLet(stmt: ast.LetStatement): void {
    const value = stmt.value;
    switch (value.kind) {
      case 'expr': {
        // A bare name may be a table or a tabular let: then the let is tabular.
        if (value.expr.kind === 'name' && this.isTabularName(value.expr.name)) {
          const rel = this.bindSource({ kind: 'table', name: value.expr, span: value.expr.span });
          this.addCte(stmt.name.name, rel);
          return;
        }
        const scalar = this.bindExpr(value.expr, { columns: [] });
        this.lets.set(stmt.name.name, { kind: 'scalar', value: scalar });
        return;
      }
      case 'query': {
        const rel = this.bindPipeline(value.query);
        this.addCte(stmt.name.name, rel);
        return;
      }
      case 'function':
        return this.unsupported('a user-defined function (let with parameters)', stmt.span);
    }
  }

  private isTabularName(name: string): boolean {
    const bound = this.lets.get(name);
    if (bound !== undefined) return bound.kind === 'tabular';
    return this.options.schemas.has(name);
  }

  private addCte(letName: string, rel: ir.Rel): void {
    let name = letName;
    for (let i = 2; this.usedCteNames.has(name) || this.options.schemas.has(name); i++) {
      name = `${letName}_${String(i)}`;
    }
    this.usedCteNames.add(name);
    this.ctes.push({ name, rel });
    this.lets.set(letName, { kind: 'tabular', cte: name, columns: rel.columns });
  }

  // -------------------------------------------------------------------------------------------
  // tabular

  private bindPipeline(p: ast.Pipeline): ir.Rel {
    let rel = this.bindSource(p.source);
    for (const op of p.operators) rel = this.bindOperator(rel, op);
    return rel;
  }

  private bindSource(src: ast.TabularSource): ir.Rel {
    switch (src.kind) {
      case 'table': {
        const name = src.name.name;
        const bound = this.lets.get(name);
        if (bound?.kind === 'tabular') {
          return { kind: 'cte', name: bound.cte, columns: bound.columns, span: src.span };
        }
        const schema = this.options.schemas.get(name);
        if (schema === undefined) {
          const candidates = [
            ...this.options.schemas.keys(),
            ...[...this.lets].filter(([, b]) => b.kind === 'tabular').map(([n]) => n),
          ];
          return this.fail(
            Codes.unknownTable,
            `table '${name}' is not defined`,
            src.name.span,
            hintFor(name, candidates, 'known tables'),
          );
        }
        return { kind: 'scan', table: schema.name, columns: schema.columns, span: src.span };
      }
      case 'parenSource':
        return this.bindPipeline(src.query);
      case 'unionSource':
        return this.unsupported('union', src.span);
      case 'datatable':
        return this.unsupported('datatable', src.span);
      case 'print':
        return this.unsupported('print', src.span);
      case 'range':
        return this.unsupported('range', src.span);
      case 'callSource':
        return this.unsupported(`the tabular function ${src.call.name.name}()`, src.span);
      case 'externaldata':
        return this.fail(
          Codes.unsupportedOperator,
          'externaldata has no SQL translation (it downloads data at query time)',
          src.span,
        );
      default:
        return this.unsupported('this tabular source', (src as { span: Span }).span);
    }
  }

  private bindOperator(input: ir.Rel, op: ast.Operator): ir.Rel {
    switch (op.kind) {
      case 'where':
        return this.bindWhere(input, op);
      case 'extend':
        return this.bindExtend(input, op);
      case 'project':
        return this.bindProject(input, op);
      case 'project-away':
        return this.bindProjectAway(input, op);
      case 'distinct':
        return this.bindDistinct(input, op);
      case 'mv-expand':
        return this.bindMvExpand(input, op);
      case 'join':
        return this.bindJoin(input, op);
      case 'take':
        return this.bindTake(input, op);
      case 'project-keep':
      case 'project-rename':
      case 'project-reorder':
      case 'summarize':
      case 'lookup':
      case 'union':
      case 'mv-apply':
      case 'parse':
      case 'sort':
      case 'top':
      case 'count':
      case 'serialize':
      case 'as':
      case 'invoke':
      case 'partition':
        return this.unsupported(`the ${op.kind} operator`, op.span);
      case 'evaluate':
        return this.fail(
          Codes.unsupportedOperator,
          `evaluate ${op.call.name.name}() has no SQL translation`,
          op.span,
        );
      case 'unsupported':
        return this.fail(
          Codes.unsupportedOperator,
          `the ${op.name} operator has no SQL translation`,
          op.span,
        );
      default:
        return this.unsupported('this operator', (op as { span: Span }).span);
    }
  }

  private bindWhere(input: ir.Rel, op: ast.WhereOp): ir.Rel {
    const predicate = this.bindExpr(op.predicate, input);
    this.expectBool(predicate, op.predicate.span, 'where');
    return { kind: 'filter', input, predicate, columns: input.columns, span: op.span };
  }

  private expectBool(s: ir.Scalar, span: Span, where: string): void {
    if (s.type !== 'bool') {
      this.fail(Codes.typeMismatch, `${where} needs a bool expression, not ${s.type}`, span);
    }
  }

  /** Name of an unnamed column: a column reference keeps its name; others are `ColumnN`. */
  private columnName(a: ast.Assignment, taken: ReadonlySet<string>): string {
    const first = a.names[0];
    if (first !== undefined) return first.name;
    let e = a.expr;
    while (e.kind === 'paren') e = e.expr;
    if (e.kind === 'name') return e.name;
    for (let i = 1; ; i++) {
      const name = `Column${String(i)}`;
      if (!taken.has(name)) return name;
    }
  }

  private bindExtend(input: ir.Rel, op: ast.ExtendOp): ir.Rel {
    const outputs: { name: string; expr: ir.Scalar }[] = input.columns.map((c) => ({
      name: c.name,
      expr: colRef(c),
    }));
    const taken = new Set(input.columns.map((c) => c.name));
    for (const a of op.columns) {
      if (a.names.length > 1) this.unsupported('assigning several names at once', a.span);
      // Every expression of one extend reads the columns as they were before it (SEMANTICS §9).
      const expr = this.bindExpr(a.expr, input);
      const name = this.columnName(a, taken);
      taken.add(name);
      const at = outputs.findIndex((o) => o.name === name);
      if (at >= 0) outputs[at] = { name, expr };
      else outputs.push({ name, expr });
    }
    return project(input, outputs, op.span);
  }

  private bindProject(input: ir.Rel, op: ast.ProjectOp): ir.Rel {
    const outputs: { name: string; expr: ir.Scalar }[] = [];
    const taken = new Set<string>();
    for (const a of op.columns) {
      if (a.names.length > 1) this.unsupported('assigning several names at once', a.span);
      const expr = this.bindExpr(a.expr, input);
      const name = this.columnName(a, taken);
      if (taken.has(name)) {
        this.fail(Codes.duplicateColumn, `column '${name}' is projected twice`, a.span);
      }
      taken.add(name);
      outputs.push({ name, expr });
    }
    return project(input, outputs, op.span);
  }

  private bindProjectAway(input: ir.Rel, op: ast.ProjectAwayOp): ir.Rel {
    const removed = new Set<string>();
    for (const p of op.columns) {
      const matches = input.columns.filter((c) => wildcardMatch(p.pattern, c.name));
      if (matches.length === 0 && !p.pattern.includes('*')) {
        this.unknownColumn(p.pattern, p.span, input.columns);
      }
      for (const m of matches) removed.add(m.name);
    }
    const outputs = input.columns
      .filter((c) => !removed.has(c.name))
      .map((c) => ({ name: c.name, expr: colRef(c) }));
    return project(input, outputs, op.span);
  }

  private bindDistinct(input: ir.Rel, op: ast.DistinctOp): ir.Rel {
    let rel = input;
    if (!op.star) {
      const outputs: { name: string; expr: ir.Scalar }[] = [];
      for (const e of op.columns) {
        const expr = this.bindExpr(e, input);
        const name = this.columnName({ names: [], expr: e, span: e.span }, new Set());
        outputs.push({ name, expr });
      }
      rel = project(input, outputs, op.span);
    }
    return { kind: 'distinct', input: rel, columns: rel.columns, span: op.span };
  }

  private bindMvExpand(input: ir.Rel, op: ast.MvExpandOp): ir.Rel {
    const [item, ...more] = op.items;
    if (item === undefined) return this.unsupported('mv-expand without a column', op.span);
    if (more.length > 0) this.unsupported('mv-expand of several columns', op.span);
    if (op.withItemIndex !== undefined) this.unsupported('mv-expand with_itemindex', op.span);
    if (op.limit !== undefined || op.legacy) {
      this.unsupported('mv-expand with a row limit (including mvexpand)', op.span);
    }
    if (op.bagExpansion !== 'bag') this.unsupported('mv-expand bagexpansion=array', op.span);
    if (item.toType !== undefined && item.toType !== 'dynamic') {
      this.unsupported('mv-expand … to typeof()', item.span);
    }
    let rel = input;
    let column: string;
    if (item.name === undefined && item.expr.kind === 'name') {
      column = item.expr.name;
      const col = input.columns.find((c) => c.name === column);
      if (col === undefined) return this.unknownColumn(column, item.expr.span, input.columns);
      if (col.type !== 'dynamic') {
        this.fail(
          Codes.typeMismatch,
          `mv-expand needs a dynamic column, '${column}' is ${col.type}`,
          item.span,
        );
      }
    } else {
      // `mv-expand x = expr` appends a new column holding the expression, then expands it.
      const expr = this.bindExpr(item.expr, input);
      if (expr.type !== 'dynamic') {
        this.fail(
          Codes.typeMismatch,
          `mv-expand needs a dynamic value, not ${expr.type}`,
          item.span,
        );
      }
      column =
        item.name?.name ??
        this.columnName(
          { names: [], expr: item.expr, span: item.span },
          new Set(input.columns.map((c) => c.name)),
        );
      const outputs: { name: string; expr: ir.Scalar }[] = input.columns
        .filter((c) => c.name !== column)
        .map((c) => ({ name: c.name, expr: colRef(c) }));
      outputs.push({ name: column, expr });
      rel = project(input, outputs, item.span);
    }
    return { kind: 'mvexpand', input: rel, column, columns: rel.columns, span: op.span };
  }

  private bindJoin(left: ir.Rel, op: ast.JoinOp): ir.Rel {
    const right = this.bindPipeline(op.right);
    const keys: { left: ir.Column; right: ir.Column }[] = [];
    for (const cond of op.on) {
      const [l, r] = cond.kind === 'same' ? [cond.column, cond.column] : [cond.left, cond.right];
      const lc = left.columns.find((c) => c.name === l.name);
      if (lc === undefined) return this.unknownColumn(l.name, l.span, left.columns);
      const rc = right.columns.find((c) => c.name === r.name);
      if (rc === undefined) return this.unknownColumn(r.name, r.span, right.columns);
      if (lc.type !== rc.type) {
        this.fail(
          Codes.typeMismatch,
          `join keys have different types: ${lc.type} and ${rc.type}`,
          cond.span,
        );
      }
      keys.push({ left: lc, right: rc });
    }
    const outputs: ir.Join['outputs'][number][] = [];
    const kind = op.joinKind;
    const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
    const rightOnly = kind === 'rightsemi' || kind === 'rightanti';
    if (!rightOnly)
      for (const c of left.columns) outputs.push({ name: c.name, side: 'left', source: c });
    if (!leftOnly) {
      const taken = new Set(outputs.map((o) => o.name));
      for (const c of right.columns) {
        let name = c.name;
        // A right column whose name is taken gets the next free numeric suffix (SEMANTICS §12).
        for (let i = 1; taken.has(name); i++) name = `${c.name}${String(i)}`;
        taken.add(name);
        outputs.push({ name, side: 'right', source: c });
      }
    }
    const columns = outputs.map((o) => ({ name: o.name, type: o.source.type }));
    return { kind: 'join', joinKind: kind, left, right, keys, outputs, columns, span: op.span };
  }

  private bindTake(input: ir.Rel, op: ast.TakeOp): ir.Rel {
    const count = this.bindExpr(op.count, { columns: [] });
    if (count.kind !== 'literal' || typeof count.value !== 'bigint' || count.value < 0n) {
      return this.fail(
        Codes.invalidArgument,
        'take needs a non-negative whole number',
        op.count.span,
      );
    }
    return { kind: 'limit', input, count: count.value, columns: input.columns, span: op.span };
  }

  // -------------------------------------------------------------------------------------------
  // scalars

  private unknownColumn(name: string, span: Span, columns: readonly ir.Column[]): never {
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
          return this.fail(Codes.invalidDatetime, `invalid datetime '${e.text}'`, e.span);
        }
        return { kind: 'literal', type: 'datetime', value: micros, span: e.span };
      }
      case 'timespan': {
        if (e.ticks % 10n !== 0n) {
          return this.fail(
            Codes.unsupportedValue,
            'timespans finer than a microsecond are not supported (SQL engines store microseconds)',
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
        return this.unsupported('between', e.span);
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

  private bindNumber(e: ast.NumberLit): ir.Scalar {
    if (e.type === 'real' || e.type === 'decimal') {
      return { kind: 'literal', type: 'real', value: e.value, span: e.span };
    }
    let value: bigint;
    try {
      value = BigInt(e.text);
    } catch {
      return this.fail(Codes.invalidNumber, `'${e.text}' is not a whole number`, e.span);
    }
    return { kind: 'literal', type: e.type, value, span: e.span };
  }

  private bindName(e: ast.NameRef, scope: Scope): ir.Scalar {
    const col = scope.columns.find((c) => c.name === e.name);
    if (col !== undefined) return { kind: 'column', name: col.name, type: col.type, span: e.span };
    const bound = this.lets.get(e.name);
    if (bound?.kind === 'scalar') return bound.value;
    if (bound?.kind === 'tabular') {
      return this.unsupported('a tabular let in a scalar position', e.span);
    }
    return this.unknownColumn(e.name, e.span, scope.columns);
  }

  private bindAccess(e: ast.Member | ast.Index, scope: Scope): ir.Scalar {
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
      } else {
        return this.unsupported('an index that is not a constant', e.index.span);
      }
    }
    if (target.kind === 'path') {
      return { ...target, steps: [...target.steps, step], span: e.span };
    }
    return { kind: 'path', target, steps: [step], type: 'dynamic', span: e.span };
  }

  private bindCall(e: ast.Call, scope: Scope): ir.Scalar {
    const name = e.name.name;
    const builtin = BUILTINS.get(name);
    if (builtin === undefined) {
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
    const args = e.args.map((a) => this.bindExpr(a, scope));
    const ctx: BuiltinContext = {
      now: this.options.now,
      fail: (code, message, argIndex) =>
        this.fail(
          code,
          message,
          argIndex === undefined ? e.span : (e.args[argIndex]?.span ?? e.span),
        ),
    };
    return { ...builtin.lower(args, ctx), span: e.span };
  }

  private bindUnary(e: ast.Unary, scope: Scope): ir.Scalar {
    const operand = this.bindExpr(e.operand, scope);
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

  private bindBinary(e: ast.Binary, scope: Scope): ir.Scalar {
    if (e.op === 'has_any' || e.op === 'has_all') return this.unsupported(e.op, e.opSpan);
    const left = this.bindExpr(e.left, scope);
    const right = this.bindExpr(e.right, scope);
    const span = e.span;
    if (e.op === 'and' || e.op === 'or') {
      this.expectBool(left, e.left.span, e.op);
      this.expectBool(right, e.right.span, e.op);
      return { ...call(e.op, [left, right], 'bool'), span };
    }
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

  /** Brings two comparison operands to one type, as KQL does, or reports the mismatch. */
  private comparable(l: ir.Scalar, r: ir.Scalar, e: ast.Binary): [ir.Scalar, ir.Scalar] {
    if (l.type === r.type) return [l, r];
    if (isNumeric(l.type) && isNumeric(r.type)) return [l, r];
    // A dynamic value compared with a scalar compares as that scalar type.
    if (l.type === 'dynamic' && r.type === 'string') return [toStringScalar(l), r];
    if (r.type === 'dynamic' && l.type === 'string') return [l, toStringScalar(r)];
    return this.fail(
      Codes.typeMismatch,
      `cannot compare ${l.type} with ${r.type} using ${e.op}`,
      e.opSpan,
    );
  }

  private arithmetic(fn: ir.Fn, l: ir.Scalar, r: ir.Scalar, e: ast.Binary): ir.Scalar {
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
    return this.fail(Codes.typeMismatch, `cannot apply ${e.op} to ${lt} and ${rt}`, e.opSpan);
  }

  private bindIn(e: ast.InExpr, scope: Scope): ir.Scalar {
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
    const value = ci ? toStringScalar(left) : left;
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

function colRef(c: ir.Column): ir.ColumnRef {
  return { kind: 'column', name: c.name, type: c.type };
}

function project(
  input: ir.Rel,
  outputs: readonly { name: string; expr: ir.Scalar }[],
  span: Span,
): ir.Project {
  return {
    kind: 'project',
    input,
    outputs,
    columns: outputs.map((o) => ({ name: o.name, type: o.expr.type })),
    span,
  };
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

export function wildcardMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}

function hintFor(name: string, candidates: readonly string[], label: string): string | undefined {
  const close = closestNames(name, candidates);
  if (close.length > 0) return `did you mean ${close.map((c) => `'${c}'`).join(', ')}?`;
  if (candidates.length === 0) return undefined;
  const shown = candidates.slice(0, 12).join(', ');
  return `${label}: ${shown}${candidates.length > 12 ? ', …' : ''}`;
}

/** Binds a parsed query against the schemas; throws CompileError on the first problem. */
export function bind(query: ast.Query, source: Source, options: BindOptions): ir.Plan {
  return new Binder(source, options).bindQuery(query);
}
