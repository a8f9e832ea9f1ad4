/**
 * The binder: resolves names against table schemas and `let` statements, gives every expression
 * a KQL type, applies KQL's column-naming rules, and lowers the syntax tree to the relational
 * plan of `src/ir`. It reports the first problem as a `CompileError` with a span. Scalar
 * expressions are bound by `ScalarBinder` (binder-scalar.ts); this file holds the statements and
 * the tabular operators.
 */
import { Codes, type Source, type Span } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { carryOrder } from '../ir/order.js';
import type * as ast from './ast.js';
import { hintFor, type BindOptions, type LetBinding, type Scope } from './binder-scalar.js';
import { colRef, project } from './binder-operators.js';
import { dynamicInList } from './in-dynamic.js';
import {
  INGESTION_COLUMN,
  carryIngestionTime,
  findIngestionTimeCall,
  type TableRows,
} from './ingestion-time.js';
import { WindowBinder } from './binder-windows.js';
import { kqlTypeFromName, type KqlType } from '../types.js';

export type { BindOptions } from './binder-scalar.js';

type LetFunction = Extract<ast.LetValue, { kind: 'function' }>;

export class Binder extends WindowBinder {
  private readonly ctes: { name: string; rel: ir.Rel; materialized?: boolean }[] = [];
  /** User functions (`let f = (…) { … }`), inlined at their call sites (SEMANTICS §14). */
  private readonly functions = new Map<string, LetFunction>();
  /** The user functions being inlined, or whose result kind is being worked out. */
  private readonly inlining = new Set<LetFunction>();
  private readonly usedCteNames = new Set<string>();
  /** The relations holding a table's own rows, for ingestion_time() (ingestion-time.ts). */
  private readonly tableRows = new WeakMap<ir.Rel, TableRows>();

  bindQuery(query: ast.Query): ir.Plan {
    for (const stmt of query.lets) this.bindLet(stmt);
    const root = this.bindPipeline(query.body);
    return carryOrder({ ctes: this.ctes, root }, (what, span) =>
      this.unsupported(what, span ?? query.span),
    );
  }

  // -------------------------------------------------------------------------------------------
  // statements

  private bindLet(stmt: ast.LetStatement): void {
    const value = stmt.value;
    const name = stmt.name.name;
    this.functions.delete(name);
    switch (value.kind) {
      case 'expr': {
        const e = value.expr;
        // A bare name may be a table or a tabular let, a call a tabular function: then the let
        // is tabular.
        if (e.kind === 'name' && this.isTabularName(e.name)) {
          const rel = this.bindSource({ kind: 'table', name: e, span: e.span });
          this.addCte(name, rel);
          return;
        }
        if (e.kind === 'call' && this.isTabularCall(e)) {
          this.addCte(name, this.bindSource({ kind: 'callSource', call: e, span: e.span }));
          return;
        }
        const scalar = this.bindExpr(e, { columns: [] });
        this.lets.set(name, { kind: 'scalar', value: scalar });
        return;
      }
      case 'query': {
        const rel = this.bindPipeline(value.query);
        this.addCte(name, rel, value.materialize);
        return;
      }
      case 'function':
        this.lets.delete(name);
        this.functions.set(name, value);
        return;
    }
  }

  private isTabularCall(e: ast.Call): boolean {
    const name = e.name.name;
    if (name === 'table' || name === 'materialize') return true;
    const fn = this.functions.get(name);
    return fn !== undefined && this.tabularResult(fn) !== undefined;
  }

  /** The body of a tabular function as a pipeline (`{ table(t) }`, `{ T }` included). */
  private tabularResult(fn: LetFunction): ast.Pipeline | undefined {
    const r = fn.body.result;
    if (r.kind === 'pipeline') return r;
    // A function whose result is a call of itself: not tabular here; inlining reports it.
    if (this.inlining.has(fn)) return undefined;
    this.inlining.add(fn);
    try {
      return this.tabularCallResult(r);
    } finally {
      this.inlining.delete(fn);
    }
  }

  private tabularCallResult(r: ast.Expr): ast.Pipeline | undefined {
    const pipeline = (source: ast.TabularSource): ast.Pipeline => ({
      kind: 'pipeline',
      source,
      operators: [],
      span: r.span,
    });
    if (r.kind === 'call' && this.isTabularCall(r)) {
      return pipeline({ kind: 'callSource', call: r, span: r.span });
    }
    if (r.kind === 'name' && this.isTabularName(r.name)) {
      return pipeline({ kind: 'table', name: r, span: r.span });
    }
    return undefined;
  }

  /**
   * Binds the body of user function `fn` called with `call`'s arguments (bound in `scope`):
   * each parameter is a `let` while `bind` runs (a tabular one a named relation), defaults fill
   * missing arguments, and the names are restored afterwards.
   */
  private inline<T>(fn: LetFunction, call: ast.Call, scope: Scope, bind: () => T): T {
    const name = call.name.name;
    if (call.namedArgs !== undefined && call.namedArgs.length > 0) {
      this.unsupported(`named arguments in a call of ${name}()`, call.span);
    }
    if (call.args.length > fn.params.length) {
      this.fail(
        Codes.wrongArgumentCount,
        `${name}() takes at most ${String(fn.params.length)} argument(s), not ${String(call.args.length)}`,
        call.span,
      );
    }
    const bindings = fn.params.map((p, i): [string, LetBinding] => {
      const arg = call.args[i];
      if (p.type === 'tabular') {
        if (arg === undefined) {
          return this.fail(
            Codes.wrongArgumentCount,
            `${name}() needs a table for ${p.name.name}`,
            call.span,
          );
        }
        const rel = this.bindTabularArgument(arg);
        for (const c of p.tabularColumns ?? []) {
          if (!rel.columns.some((rc) => rc.name === c.name.name)) {
            this.unknownColumn(c.name.name, arg.span, rel.columns);
          }
        }
        const cte = this.addCte(p.name.name, rel, false, false);
        return [p.name.name, { kind: 'tabular', cte, columns: rel.columns }];
      }
      const e = arg ?? p.defaultValue;
      if (e === undefined) {
        return this.fail(
          Codes.wrongArgumentCount,
          `${name}() needs a value for ${p.name.name}`,
          call.span,
        );
      }
      const value = this.bindExpr(e, arg === undefined ? { columns: [] } : scope);
      const declared = kqlTypeFromName(p.type);
      const numeric = (t: KqlType): boolean => t === 'long' || t === 'int' || t === 'real';
      if (
        declared !== undefined &&
        declared !== value.type &&
        !(numeric(declared) && numeric(value.type)) &&
        !(value.kind === 'literal' && value.value === null)
      ) {
        this.fail(
          Codes.typeMismatch,
          `${name}() takes ${declared} for ${p.name.name}, not ${value.type}`,
          e.span,
        );
      }
      return [p.name.name, { kind: 'scalar', value }];
    });
    // User-defined functions cannot call themselves (user-defined-functions.md: recursion is
    // not supported); without this check the inlining would never end. The arguments are bound
    // above, outside the body: h(h(x)) is no recursion.
    if (this.inlining.has(fn)) {
      this.fail(
        Codes.invalidArgument,
        `function ${name}() calls itself, and KQL functions cannot be recursive`,
        call.span,
      );
    }
    const touched = [...bindings.map(([n]) => n), ...fn.body.lets.map((l) => l.name.name)];
    const savedLets = new Map(touched.map((n) => [n, this.lets.get(n)]));
    const savedFns = new Map(touched.map((n) => [n, this.functions.get(n)]));
    this.inlining.add(fn);
    try {
      for (const [n, b] of bindings) {
        this.lets.set(n, b);
        this.functions.delete(n);
      }
      for (const stmt of fn.body.lets) this.bindLet(stmt);
      return bind();
    } finally {
      this.inlining.delete(fn);
      for (const [n, b] of savedLets) {
        if (b === undefined) this.lets.delete(n);
        else this.lets.set(n, b);
      }
      for (const [n, f] of savedFns) {
        if (f === undefined) this.functions.delete(n);
        else this.functions.set(n, f);
      }
    }
  }

  /** A table argument of a user function: a name, or a parenthesised tabular expression. */
  private bindTabularArgument(e: ast.Expr): ir.Rel {
    if (e.kind === 'name' && this.isTabularName(e.name)) {
      return this.bindSource({ kind: 'table', name: e, span: e.span });
    }
    if (e.kind === 'tabular') return this.bindPipeline(e.query);
    if (e.kind === 'paren') return this.bindTabularArgument(e.expr);
    if (e.kind === 'call' && this.isTabularCall(e)) {
      return this.bindSource({ kind: 'callSource', call: e, span: e.span });
    }
    return this.fail(Codes.typeMismatch, 'expected a table here', e.span);
  }

  /** `table("T")`, `materialize(T)` and user tabular functions as a source. */
  private bindCallSource(call: ast.Call): ir.Rel {
    const name = call.name.name;
    const arg = call.args[0];
    if (name === 'table' || name === 'materialize') {
      if (arg === undefined || call.args.length > 1) {
        return this.fail(Codes.wrongArgumentCount, `${name}() takes 1 argument`, call.span);
      }
      if (name === 'materialize') return this.bindTabularArgument(arg);
      const table = this.bindExpr(arg, { columns: [] });
      if (table.kind !== 'literal' || typeof table.value !== 'string') {
        return this.unsupported('table() of a name that is not a constant', arg.span);
      }
      return this.bindSource({
        kind: 'table',
        name: { name: table.value, span: arg.span },
        span: call.span,
      });
    }
    const fn = this.functions.get(name);
    if (fn === undefined) {
      return this.fail(
        Codes.unknownFunction,
        `tabular function '${name}' is not known`,
        call.name.span,
      );
    }
    const result = this.tabularResult(fn);
    if (result === undefined) {
      return this.fail(Codes.typeMismatch, `${name}() returns a scalar, not a table`, call.span);
    }
    return this.inline(fn, call, { columns: [] }, () => this.bindPipeline(result));
  }

  /** User scalar functions and `toscalar()`; everything else is a builtin. */
  protected override bindCall(e: ast.Call, scope: Scope): ir.Scalar {
    const name = e.name.name;
    const fn = this.functions.get(name);
    if (fn !== undefined) {
      const result = fn.body.result;
      if (result.kind === 'pipeline' || this.tabularResult(fn) !== undefined) {
        return this.unsupported(`the tabular function ${name}() in a scalar position`, e.span);
      }
      // The body sees its parameters, not the caller's columns.
      return {
        ...this.inline(fn, e, scope, () => this.bindExpr(result, { columns: [] })),
        span: e.span,
      };
    }
    if (name === 'toscalar') {
      const arg = e.args[0];
      if (arg === undefined || e.args.length > 1) {
        return this.fail(Codes.wrongArgumentCount, 'toscalar() takes 1 argument', e.span);
      }
      const rel = this.bindTabularArgument(arg);
      const column = rel.columns[0];
      if (column === undefined)
        return this.fail(Codes.invalidArgument, 'toscalar() of no column', e.span);
      // The first row in KQL's order: a take 1 whose sort is carried up to it (ir/order.ts).
      const first = carryOrder(
        {
          ctes: [],
          root: { kind: 'limit', input: rel, count: 1n, columns: rel.columns, span: e.span },
        },
        (what, span) => this.unsupported(what, span ?? e.span),
      ).root;
      return { kind: 'subquery', mode: 'value', rel: first, type: column.type, span: e.span };
    }
    return super.bindCall(e, scope);
  }

  /** `x in (T)` with a tabular expression or a tabular let; lists are bound as builtins. */
  protected override bindIn(e: ast.InExpr, scope: Scope): ir.Scalar {
    const only = e.items.length === 1 ? e.items[0] : undefined;
    const tabular =
      only !== undefined &&
      (only.kind === 'tabular' ||
        (only.kind === 'name' &&
          this.lets.get(only.name)?.kind === 'tabular' &&
          !scope.columns.some((c) => c.name === only.name)));
    if (only === undefined || !tabular) return super.bindIn(e, scope);
    const [rel, left] = dynamicInList(
      this.bindTabularArgument(only),
      this.bindExpr(e.left, scope),
      only.span,
    );
    const column = rel.columns[0];
    if (column === undefined) return this.fail(Codes.invalidArgument, 'in of no column', only.span);
    let value = left;
    let list: ir.Rel = rel;
    const ci = e.op === 'in~' || e.op === '!in~';
    const compatible =
      value.type === column.type ||
      [value.type, column.type].every((t) => t === 'long' || t === 'int' || t === 'real');
    if (ci || !compatible) {
      if (value.type !== 'string' || column.type !== 'string') {
        this.fail(
          Codes.typeMismatch,
          `cannot compare ${value.type} with ${column.type} using ${e.op}`,
          e.span,
        );
      }
    }
    if (ci) {
      value = { kind: 'call', fn: 'tolower', args: [value], type: 'string' };
      list = project(
        rel,
        [
          {
            name: column.name,
            expr: { kind: 'call', fn: 'tolower', args: [colRef(column)], type: 'string' },
          },
        ],
        only.span,
      );
    }
    const test: ir.Scalar = {
      kind: 'subquery',
      mode: 'in',
      rel: list,
      value,
      type: 'bool',
      span: e.span,
    };
    const negated = e.op === '!in' || e.op === '!in~';
    return negated ? { kind: 'call', fn: 'not', args: [test], type: 'bool', span: e.span } : test;
  }

  private isTabularName(name: string): boolean {
    const bound = this.lets.get(name);
    if (bound !== undefined) return bound.kind === 'tabular';
    return this.options.schemas.has(name);
  }

  /** A named relation of the plan for `letName`, bound as a tabular let unless `bindName` is false. */
  protected shareRel(name: string, rel: ir.Rel): ir.Rel {
    const cte = this.addCte(name, rel, true, false);
    return {
      kind: 'cte',
      name: cte,
      columns: rel.columns,
      ...(rel.span === undefined ? {} : { span: rel.span }),
    };
  }

  private addCte(letName: string, rel: ir.Rel, materialized = false, bindName = true): string {
    let name = letName;
    for (let i = 2; this.usedCteNames.has(name) || this.options.schemas.has(name); i++) {
      name = `${letName}_${String(i)}`;
    }
    this.usedCteNames.add(name);
    this.ctes.push(materialized ? { name, rel, materialized } : { name, rel });
    if (bindName) this.lets.set(letName, { kind: 'tabular', cte: name, columns: rel.columns });
    return name;
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
        const scan: ir.Scan = {
          kind: 'scan',
          table: schema.name,
          columns: schema.columns,
          span: src.span,
        };
        // A parser function's rows are not a table's: ingestion_time() is not read over them.
        if (schema.kind !== 'function') this.tableRows.set(scan, 'narrow');
        return scan;
      }
      case 'parenSource':
        return this.bindPipeline(src.query);
      case 'unionSource':
        return this.bindUnion(undefined, src.union);
      case 'datatable':
        return this.bindDatatable(src);
      case 'print':
        return this.bindPrint(src);
      case 'range':
        return this.bindRange(src);
      case 'callSource':
        return this.bindCallSource(src.call);
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

  protected bindOperator(input: ir.Rel, op: ast.Operator): ir.Rel {
    const result = this.usesWindowFunctions(op)
      ? this.bindWithWindows(input, op)
      : this.bindRowOperator(input, op);
    this.carrySerialOrder(input, op, result);
    return result;
  }

  /**
   * `where` and `extend` keep a table's rows (for ingestion_time(), ingestion-time.ts); when
   * they call ingestion_time() over such rows, they are bound over the rows carrying the hidden
   * column, dropped again after them.
   */
  private bindRowOperator(input: ir.Rel, op: ast.Operator): ir.Rel {
    if (op.kind !== 'where' && op.kind !== 'extend') return this.bindPlainOperator(input, op);
    const call = findIngestionTimeCall(op);
    const wide =
      call === undefined ? undefined : carryIngestionTime(input, this.tableRows, call.span);
    if (wide === undefined) {
      const result = this.bindPlainOperator(input, op);
      const keeps =
        (result.kind === 'filter' || result.kind === 'project') && result.input === input;
      if (keeps && this.tableRows.has(input)) this.tableRows.set(result, 'narrow');
      return result;
    }
    const saved = this.ingestionScope;
    this.ingestionScope = wide;
    let result: ir.Rel;
    try {
      result = this.bindPlainOperator(wide, op);
    } finally {
      this.ingestionScope = saved;
    }
    const hidden = INGESTION_COLUMN.name;
    let narrow: ir.Rel;
    if (result.kind === 'project' && result.input === wide) {
      // extend: its own projection drops the hidden column.
      narrow = project(
        wide,
        result.outputs.filter((o) => o.name !== hidden),
        op.span,
      );
    } else {
      this.tableRows.set(result, 'wide');
      const kept = result.columns.filter((c) => c.name !== hidden);
      narrow = project(
        result,
        kept.map((c) => ({ name: c.name, expr: colRef(c) })),
        op.span,
      );
    }
    this.tableRows.set(narrow, 'narrow');
    return narrow;
  }

  private bindPlainOperator(input: ir.Rel, op: ast.Operator): ir.Rel {
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
      case 'sort':
        return this.bindSort(input, op);
      case 'top':
        return this.bindTop(input, op);
      case 'count':
        return this.bindCount(input, op);
      case 'summarize':
        return this.bindSummarize(input, op);
      case 'project-keep':
        return this.bindProjectKeep(input, op);
      case 'project-rename':
        return this.bindProjectRename(input, op);
      case 'project-reorder':
        return this.bindProjectReorder(input, op);
      case 'union':
        return this.bindUnion(input, op);
      case 'parse':
        return this.bindParse(input, op);
      case 'lookup':
        return this.bindJoin(
          input,
          {
            kind: 'join',
            joinKind: op.lookupKind,
            options: [],
            right: op.right,
            on: op.on,
            span: op.span,
          },
          true,
        );
      case 'mv-apply':
        return this.bindMvApply(input, op);
      case 'partition':
        return this.bindPartition(input, op);
      case 'serialize':
        return this.bindSerialize(input, op);
      case 'as': {
        // `as Name` binds its input to Name for the rest of the query and passes it on.
        const cte = this.addCte(op.name.name, input);
        return { kind: 'cte', name: cte, columns: input.columns, span: op.span };
      }
      case 'invoke':
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

  /**
   * `union` (SEMANTICS §11): columns matched by name in first-appearance order (kind=outer) or
   * only those every leg has (kind=inner); a name with several types becomes `x_long`,
   * `x_string`…; a leg without a column reads null (`''` for strings). `input` is the piped
   * input (`T | union U`), the first leg.
   */
  private bindUnion(input: ir.Rel | undefined, op: ast.UnionOp): ir.Rel {
    const legs: { rel: ir.Rel; label: string }[] = [];
    if (input !== undefined) legs.push({ rel: input, label: 'union_arg0' });
    for (const leg of op.legs) {
      const bare =
        leg.operators.length === 0 &&
        leg.source.kind === 'table' &&
        this.lets.get(leg.source.name.name) === undefined
          ? leg.source.name.name
          : undefined;
      legs.push({
        rel: this.bindPipeline(leg),
        label: bare ?? `union_arg${String(legs.length)}`,
      });
    }
    // Each name with the types it has, in first-appearance order.
    const types = new Map<string, KqlType[]>();
    for (const leg of legs) {
      for (const c of leg.rel.columns) {
        const seen = types.get(c.name) ?? [];
        if (!seen.includes(c.type)) seen.push(c.type);
        types.set(c.name, seen);
      }
    }
    const unified: { name: string; source: string; type: KqlType }[] = [];
    for (const [name, ts] of types) {
      if (
        op.unionKind === 'inner' &&
        !legs.every((l) => l.rel.columns.some((c) => c.name === name))
      ) {
        continue;
      }
      if (ts.length > 1 && op.unionKind === 'inner') {
        this.unsupported(`union kind=inner over column '${name}' of several types`, op.span);
      }
      for (const t of ts) {
        unified.push({ name: ts.length > 1 ? `${name}_${t}` : name, source: name, type: t });
      }
    }
    const columns: ir.Column[] = unified.map((u) => ({ name: u.name, type: u.type }));
    if (op.withSource !== undefined) {
      columns.unshift({ name: op.withSource.name, type: 'string' });
    }
    const inputs = legs.map((leg) => {
      const outputs: { name: string; expr: ir.Scalar }[] = unified.map((u) => {
        const c = leg.rel.columns.find((col) => col.name === u.source && col.type === u.type);
        if (c !== undefined) return { name: u.name, expr: colRef(c) };
        const value = u.type === 'string' ? '' : null;
        return { name: u.name, expr: { kind: 'literal', type: u.type, value } };
      });
      if (op.withSource !== undefined) {
        outputs.unshift({
          name: op.withSource.name,
          expr: { kind: 'literal', type: 'string', value: leg.label },
        });
      }
      return project(leg.rel, outputs, op.span);
    });
    return { kind: 'union', inputs, columns, span: op.span };
  }

  /**
   * `join`, and `lookup` (`lookup` true: SEMANTICS §12, the right key columns are not repeated;
   * kind leftouter or inner).
   */
  private bindJoin(left: ir.Rel, op: ast.JoinOp, lookup = false): ir.Rel {
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
        if (lookup && keys.some((k) => k.right.name === c.name)) continue;
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
}

export function bind(query: ast.Query, source: Source, options: BindOptions): ir.Plan {
  return new Binder(source, options).bindQuery(query);
}
