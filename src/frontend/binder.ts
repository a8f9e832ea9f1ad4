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
import { hintFor, type BindOptions } from './binder-scalar.js';
import { colRef, project } from './binder-operators.js';
import { SourceBinder } from './binder-sources.js';
import type { KqlType } from '../types.js';

export type { BindOptions } from './binder-scalar.js';

export class Binder extends SourceBinder {
  private readonly ctes: { name: string; rel: ir.Rel }[] = [];
  private readonly usedCteNames = new Set<string>();

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
        return this.bindUnion(undefined, src.union);
      case 'datatable':
        return this.bindDatatable(src);
      case 'print':
        return this.bindPrint(src);
      case 'range':
        return this.bindRange(src);
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
