/**
 * Constant tabular sources: `datatable`, `print` and `range`, all bound to `ir.Values` rows
 * (SEMANTICS §9). A range is expanded at translation time, so its bounds and step must be
 * constants and it may produce at most `MAX_RANGE_ROWS` rows.
 */
import { Codes, type Span } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { kqlTypeFromName, type KqlType } from '../types.js';
import type * as ast from './ast.js';
import { ParseBinder } from './binder-parse.js';

export const MAX_RANGE_ROWS = 10_000;

export abstract class SourceBinder extends ParseBinder {
  protected bindDatatable(src: ast.DatatableSource): ir.Rel {
    const columns: ir.Column[] = src.columns.map((c) => {
      const type = kqlTypeFromName(c.type);
      if (type === undefined)
        return this.fail(Codes.invalidArgument, `unknown type ${c.type}`, c.span);
      return { name: c.name.name, type };
    });
    if (columns.length === 0)
      return this.fail(Codes.invalidArgument, 'datatable needs a column', src.span);
    if (src.values.length % columns.length !== 0) {
      this.fail(
        Codes.invalidArgument,
        `datatable has ${String(src.values.length)} values for ${String(columns.length)} columns`,
        src.span,
      );
    }
    const rows: ir.Scalar[][] = [];
    src.values.forEach((v, i) => {
      const column = columns[i % columns.length] as ir.Column;
      const value = this.constantOf(v, column.type);
      if (i % columns.length === 0) rows.push([]);
      (rows[rows.length - 1] as ir.Scalar[]).push(value);
    });
    return { kind: 'values', rows, columns, span: src.span };
  }

  /** A datatable value: a constant of the column's type (a whole number fits a real column). */
  private constantOf(e: ast.Expr, type: KqlType): ir.Literal {
    const v = this.bindExpr(e, { columns: [] });
    if (v.kind !== 'literal') {
      return this.fail(Codes.invalidArgument, 'a datatable value must be a constant', e.span);
    }
    if (v.type === type) return v;
    if (v.value === null && v.type !== 'dynamic') return { ...v, type };
    const whole = v.type === 'long' || v.type === 'int';
    if (whole && (type === 'long' || type === 'int')) return { ...v, type };
    if (whole && (type === 'real' || type === 'decimal') && typeof v.value === 'bigint') {
      return { ...v, type, value: Number(v.value) };
    }
    const scalar = whole || v.type === 'real' || v.type === 'bool' || v.type === 'string';
    if (type === 'dynamic' && scalar) return { ...v, type, value: jsonOf(v) };
    return this.fail(
      Codes.typeMismatch,
      `a datatable value of type ${v.type} in a column of type ${type}`,
      e.span,
    );
  }

  protected bindPrint(src: ast.PrintSource): ir.Rel {
    const row: ir.Scalar[] = [];
    const columns: ir.Column[] = [];
    src.columns.forEach((a, i) => {
      if (a.names.length > 1) this.unsupported('assigning several names at once', a.span);
      const expr = this.bindExpr(a.expr, { columns: [] });
      // Unnamed print columns are print_0, print_1… by position.
      const name = a.names[0]?.name ?? `print_${String(i)}`;
      if (columns.some((c) => c.name === name)) {
        this.fail(Codes.duplicateColumn, `column '${name}' is printed twice`, a.span);
      }
      columns.push({ name, type: expr.type });
      row.push(expr);
    });
    return { kind: 'values', rows: [row], columns, span: src.span };
  }

  protected bindRange(src: ast.RangeSource): ir.Rel {
    const from = this.rangeBound(src.from);
    const to = this.rangeBound(src.to);
    const step = this.rangeBound(src.step);
    const type = from.type;
    const ok =
      (isNumber(type) && isNumber(to.type) && isNumber(step.type)) ||
      (type === 'datetime' && to.type === 'datetime' && step.type === 'timespan') ||
      (type === 'timespan' && to.type === 'timespan' && step.type === 'timespan');
    if (!ok) {
      this.fail(
        Codes.typeMismatch,
        `range from ${type} to ${to.type} step ${step.type} is not valid`,
        src.span,
      );
    }
    const real = type === 'real' || to.type === 'real' || step.type === 'real';
    const columnType: KqlType = real ? 'real' : type === 'int' ? 'long' : type;
    const rows: ir.Scalar[][] = [];
    const add = (value: bigint | number): void => {
      if (rows.length >= MAX_RANGE_ROWS) {
        this.unsupported(`a range of more than ${String(MAX_RANGE_ROWS)} rows`, src.span);
      }
      rows.push([{ kind: 'literal', type: columnType, value }]);
    };
    if (real) {
      const [f, t, s] = [Number(from.value), Number(to.value), Number(step.value)];
      if (s === 0 || Number.isNaN(s)) this.rangeStepZero(src.step.span);
      for (let x = f; s > 0 ? x <= t : x >= t; x += s) add(x);
    } else {
      const [f, t, s] = [from.value as bigint, to.value as bigint, step.value as bigint];
      if (s === 0n) this.rangeStepZero(src.step.span);
      for (let x = f; s > 0n ? x <= t : x >= t; x += s) add(x);
    }
    return {
      kind: 'values',
      rows,
      columns: [{ name: src.column.name, type: columnType }],
      span: src.span,
    };
  }

  private rangeStepZero(span: Span): never {
    return this.fail(Codes.invalidArgument, 'range needs a step other than 0', span);
  }

  /** A constant range bound; `a + b` / `a - b` of constants (`ago(1d)`) are folded. */
  private rangeBound(e: ast.Expr): ir.Literal & { value: bigint | number } {
    const folded = fold(this.bindExpr(e, { columns: [] }));
    if (
      folded?.kind !== 'literal' ||
      (typeof folded.value !== 'bigint' && typeof folded.value !== 'number')
    ) {
      return this.unsupported('a range bound or step that is not a constant', e.span);
    }
    return { ...folded, value: folded.value };
  }
}

function isNumber(t: KqlType): boolean {
  return t === 'long' || t === 'int' || t === 'real';
}

/** Constant folding of + and - over whole-number, datetime and timespan literals. */
function fold(s: ir.Scalar): ir.Scalar | undefined {
  if (s.kind === 'literal') return s;
  if (s.kind !== 'call' || (s.fn !== 'add' && s.fn !== 'sub')) return undefined;
  const [a, b] = s.args.map(fold);
  if (a?.kind !== 'literal' || b?.kind !== 'literal') return undefined;
  if (typeof a.value !== 'bigint' || typeof b.value !== 'bigint') return undefined;
  const value = s.fn === 'add' ? a.value + b.value : a.value - b.value;
  return { kind: 'literal', type: s.type, value };
}

/** A scalar constant as a dynamic value. */
function jsonOf(v: ir.Literal): ir.JsonValue {
  if (typeof v.value === 'bigint') return Number(v.value);
  return v.value;
}
