/**
 * The binder: resolves names against table schemas and `let` statements, gives every expression
 * a KQL type, applies KQL's column-naming rules, and lowers the syntax tree to the relational
 * plan of `src/ir`. It reports the first problem as a `CompileError` with a span. Scalar
 * expressions are bound by `ScalarBinder` (binder-scalar.ts); this file holds the statements and
 * the tabular operators.
 */
import { Codes, type Source, type Span } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import type * as ast from './ast.js';
import { ScalarBinder, hintFor, type BindOptions } from './binder-scalar.js';

export type { BindOptions } from './binder-scalar.js';

export class Binder extends ScalarBinder {
  private readonly ctes: { name: string; rel: ir.Rel }[] = [];
  private readonly usedCteNames = new Set<string>();

  bindQuery(query: ast.Query): ir.Plan {
    for (const stmt of query.lets) this.bindLet(stmt);
    const root = this.bindPipeline(query.body);
    return { ctes: this.ctes, root };
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

/** Binds a parsed query against the schemas; throws CompileError on the first problem. */
export function bind(query: ast.Query, source: Source, options: BindOptions): ir.Plan {
  return new Binder(source, options).bindQuery(query);
}
