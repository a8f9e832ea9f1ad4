/**
 * The single-input tabular operators of the binder: where, extend, project and its variants,
 * distinct, mv-expand, sort, top, take and count. `Binder` (binder.ts) adds the statements,
 * sources and multi-input operators; `SummarizeBinder` (binder-summarize.ts) adds summarize.
 */
import { Codes, type Span } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { kqlTypeFromName, type KqlType } from '../types.js';
import type * as ast from './ast.js';
import { ScalarBinder } from './binder-scalar.js';
import { generatedName, inferredName, uniqueName } from './naming.js';

export abstract class OperatorBinder extends ScalarBinder {
  protected bindWhere(input: ir.Rel, op: ast.WhereOp): ir.Rel {
    const predicate = this.bindExpr(op.predicate, input);
    this.expectBool(predicate, op.predicate.span, 'where');
    return { kind: 'filter', input, predicate, columns: input.columns, span: op.span };
  }

  /** Name of an unnamed column: KQL's inferred name (naming.ts), else the next `ColumnN`. */
  protected columnName(a: ast.Assignment, taken: ReadonlySet<string>): string {
    const first = a.names[0];
    if (first !== undefined) return first.name;
    return inferredName(a.expr) ?? generatedName(taken);
  }

  protected bindExtend(input: ir.Rel, op: ast.ExtendOp): ir.Rel {
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

  protected bindProject(input: ir.Rel, op: ast.ProjectOp): ir.Rel {
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

  /**
   * The input columns a pattern of project-away / -keep / -reorder names. As in Kusto, a name or
   * a wildcard pattern that matches no column is an error (KS142), not an empty match.
   */
  protected patternColumns(p: ast.NamePattern, input: ir.Rel): ir.Column[] {
    const matches = input.columns.filter((c) =>
      p.wildcard ? wildcardMatch(p.pattern, c.name) : c.name === p.pattern,
    );
    if (matches.length > 0) return matches;
    if (!p.wildcard) return this.unknownColumn(p.pattern, p.span, input.columns);
    return this.fail(
      Codes.unknownColumn,
      `no column matches '${p.pattern}'`,
      p.span,
      `columns in scope: ${input.columns.map((c) => c.name).join(', ')}`,
    );
  }

  protected bindProjectAway(input: ir.Rel, op: ast.ProjectAwayOp): ir.Rel {
    const removed = new Set<string>();
    for (const p of op.columns) {
      for (const m of this.patternColumns(p, input)) removed.add(m.name);
    }
    const outputs = input.columns
      .filter((c) => !removed.has(c.name))
      .map((c) => ({ name: c.name, expr: colRef(c) }));
    return project(input, outputs, op.span);
  }

  /** A dynamic value where Kusto's binder refuses one (KS116), with the usual conversion. */
  protected notDynamic(where: string, span: Span): never {
    return this.fail(
      Codes.typeMismatch,
      `${where} does not take a dynamic value`,
      span,
      'convert it first, e.g. tostring(…)',
    );
  }

  protected bindDistinct(input: ir.Rel, op: ast.DistinctOp): ir.Rel {
    let rel = input;
    // Kusto's binder refuses dynamic columns under distinct, `*` included (KS116).
    if (op.star) {
      const dynamic = input.columns.find((c) => c.type === 'dynamic');
      if (dynamic !== undefined) this.notDynamic(`distinct * (column '${dynamic.name}')`, op.span);
    } else {
      const outputs: { name: string; expr: ir.Scalar }[] = [];
      for (const e of op.columns) {
        const expr = this.bindExpr(e, input);
        if (expr.type === 'dynamic') this.notDynamic('distinct', e.span);
        const name = this.columnName({ names: [], expr: e, span: e.span }, new Set());
        outputs.push({ name, expr });
      }
      rel = project(input, outputs, op.span);
    }
    return { kind: 'distinct', input: rel, columns: rel.columns, span: op.span };
  }

  protected bindMvExpand(input: ir.Rel, op: ast.MvExpandOp): ir.Rel {
    const outputs: { name: string; expr: ir.Scalar }[] = input.columns.map((c) => ({
      name: c.name,
      expr: colRef(c),
    }));
    const taken = new Set(input.columns.map((c) => c.name));
    const items: { column: string; type: KqlType }[] = [];
    let computed = false;
    for (const item of op.items) {
      const expr = this.bindExpr(item.expr, input);
      if (expr.type !== 'dynamic') {
        this.fail(
          Codes.typeMismatch,
          `mv-expand needs a dynamic value, not ${expr.type}`,
          item.expr.span,
        );
      }
      // A name already in the input is replaced in place; a new one is appended (SEMANTICS §5).
      const name = item.name?.name ?? inferredName(item.expr) ?? generatedName(taken);
      if (items.some((i) => i.column === name)) {
        this.fail(Codes.duplicateColumn, `mv-expand expands '${name}' twice`, item.span);
      }
      taken.add(name);
      const at = outputs.findIndex((o) => o.name === name);
      if (at >= 0) outputs[at] = { name, expr };
      else outputs.push({ name, expr });
      if (expr.kind !== 'column' || expr.name !== name) computed = true;
      let type: KqlType = 'dynamic';
      if (item.toType !== undefined) {
        const t = kqlTypeFromName(item.toType);
        if (t === undefined) {
          this.fail(Codes.invalidArgument, `unknown type ${item.toType}`, item.span);
        }
        type = t;
      }
      items.push({ column: name, type });
    }
    if (items.length === 0) return this.unsupported('mv-expand without a column', op.span);
    const rel = computed ? project(input, outputs, op.span) : input;
    let limit: bigint | undefined;
    if (op.limit !== undefined) {
      const bound = this.bindExpr(op.limit, { columns: [] });
      if (bound.kind !== 'literal' || typeof bound.value !== 'bigint' || bound.value < 0n) {
        return this.fail(
          Codes.invalidArgument,
          'mv-expand limit needs a non-negative whole number',
          op.limit.span,
        );
      }
      limit = bound.value;
    } else if (op.legacy) {
      // The legacy `mvexpand` stops at 128 rows per input row unless told otherwise.
      limit = 128n;
    }
    const columns: ir.Column[] = rel.columns.map((c) => {
      const item = items.find((i) => i.column === c.name);
      return item === undefined ? c : { name: c.name, type: item.type };
    });
    let indexColumn: string | undefined;
    if (op.withItemIndex !== undefined) {
      indexColumn = uniqueName(op.withItemIndex.name, new Set(columns.map((c) => c.name)));
      columns.push({ name: indexColumn, type: 'long' });
    }
    return {
      kind: 'mvexpand',
      input: rel,
      items,
      bagExpansion: op.bagExpansion,
      ...(indexColumn === undefined ? {} : { indexColumn }),
      ...(limit === undefined ? {} : { limit }),
      columns,
      span: op.span,
    };
  }

  protected bindTake(input: ir.Rel, op: ast.TakeOp): ir.Rel {
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

  protected bindSort(input: ir.Rel, op: ast.SortOp): ir.Rel {
    const keys = op.keys.map((k) => this.sortKey(k, input));
    return { kind: 'sort', input, keys, columns: input.columns, span: op.span };
  }

  /** A sort key: desc by default; nulls first for asc and last for desc unless written. */
  protected sortKey(k: ast.SortKey, input: ir.Rel): ir.Sort['keys'][number] {
    const expr = this.bindExpr(k.expr, input);
    if (expr.type === 'dynamic') {
      this.fail(Codes.typeMismatch, 'sort needs an orderable value, not dynamic', k.expr.span);
    }
    const descending = k.order === 'desc';
    const nullsFirst = k.nulls === undefined ? !descending : k.nulls === 'first';
    return { expr, descending, nullsFirst };
  }

  protected bindTop(input: ir.Rel, op: ast.TopOp): ir.Rel {
    const count = this.bindExpr(op.count, { columns: [] });
    if (count.kind !== 'literal' || typeof count.value !== 'bigint' || count.value < 0n) {
      return this.fail(
        Codes.invalidArgument,
        'top needs a non-negative whole number',
        op.count.span,
      );
    }
    const sort: ir.Sort = {
      kind: 'sort',
      input,
      keys: [this.sortKey(op.key, input)],
      columns: input.columns,
      span: op.span,
    };
    return {
      kind: 'limit',
      input: sort,
      count: count.value,
      columns: input.columns,
      span: op.span,
    };
  }

  protected bindProjectKeep(input: ir.Rel, op: ast.ProjectKeepOp): ir.Rel {
    const kept = new Set<string>();
    for (const p of op.columns) {
      for (const m of this.patternColumns(p, input)) kept.add(m.name);
    }
    // The kept columns stay in their input order.
    const outputs = input.columns
      .filter((c) => kept.has(c.name))
      .map((c) => ({ name: c.name, expr: colRef(c) }));
    return project(input, outputs, op.span);
  }

  protected bindProjectRename(input: ir.Rel, op: ast.ProjectRenameOp): ir.Rel {
    const outputs: { name: string; expr: ir.Scalar }[] = input.columns.map((c) => ({
      name: c.name,
      expr: colRef(c),
    }));
    // As Kusto's binder has it: a new name may be no input column's (not even the renamed
    // column's own) nor another rename's (KS171); a column renamed twice keeps its first name.
    const inputNames = new Set(input.columns.map((c) => c.name));
    const declared = new Set<string>();
    const renamed = new Set<string>();
    for (const r of op.renames) {
      const newName = r.newName.name;
      if (inputNames.has(newName) || declared.has(newName)) {
        this.fail(
          Codes.duplicateColumn,
          `project-rename: a column named '${newName}' already exists`,
          r.newName.span,
        );
      }
      declared.add(newName);
      const at = outputs.findIndex(
        (o) => o.expr.kind === 'column' && o.expr.name === r.oldName.name,
      );
      const current = outputs[at];
      if (current === undefined) {
        return this.unknownColumn(r.oldName.name, r.oldName.span, input.columns);
      }
      if (renamed.has(r.oldName.name)) continue;
      renamed.add(r.oldName.name);
      // The renamed column keeps its position.
      outputs[at] = { name: newName, expr: current.expr };
    }
    return project(input, outputs, op.span);
  }

  /**
   * As Kusto.Language binds it: a name, or a pattern matching one column, names that column,
   * and naming a column twice is an error (KS171); a pattern matching several columns (or `*`)
   * places those not placed yet.
   */
  protected bindProjectReorder(input: ir.Rel, op: ast.ProjectReorderOp): ir.Rel {
    const placed = new Set<string>();
    const named = new Set<string>();
    const first: ir.Column[] = [];
    for (const p of op.columns) {
      const all = this.patternColumns(p.pattern, input);
      const only = all.length === 1 && p.pattern.pattern !== '*' ? all[0] : undefined;
      if (only !== undefined) {
        if (named.has(only.name)) {
          this.fail(
            Codes.duplicateColumn,
            `project-reorder names column '${only.name}' twice`,
            p.pattern.span,
          );
        }
        named.add(only.name);
      }
      let matches = all.filter((c) => !placed.has(c.name));
      // asc / desc order the columns a pattern matches by name (ordinal).
      if (p.order !== undefined) {
        matches = [...matches].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        if (p.order === 'desc') matches.reverse();
      }
      for (const m of matches) {
        placed.add(m.name);
        first.push(m);
      }
    }
    const rest = input.columns.filter((c) => !placed.has(c.name));
    const outputs = [...first, ...rest].map((c) => ({ name: c.name, expr: colRef(c) }));
    return project(input, outputs, op.span);
  }
}

export function colRef(c: ir.Column): ir.ColumnRef {
  return { kind: 'column', name: c.name, type: c.type };
}

export function project(
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
