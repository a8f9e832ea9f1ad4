/**
 * Dead-column elimination. The binder passes every column of a table through every operator
 * (`AWSCloudTrail` has some sixty, `SecurityEvent` hundreds), so the printed SQL listed all of
 * them in each scan and projection. This pass removes the columns no operator above reads: the
 * columns each operator needs flow from the result down to the scans, and every relation keeps
 * only the needed ones of its columns, in their order (columns are removed, never reordered).
 *
 * Rows never change: an operator whose rows depend on all its input's columns (`distinct`, a
 * `stable_row_number`, which printers number by every column) needs them all, group keys and
 * join keys are always kept, and removed outputs are computed by pure scalars. A relation keeps
 * at least one column (a scan read by `count` keeps its first), as SQL has no empty select list.
 * A named relation (`let`) keeps what all its references need together; a subquery (`toscalar`,
 * `in (T)`) is a result of its own and keeps all its columns. The result's columns stay the same.
 */
import { assertNever } from '../diagnostics.js';
import type {
  AggOutput,
  Aggregate,
  Column,
  Join,
  Plan,
  Project,
  Rel,
  Scalar,
  Union,
  Values,
  Window,
  WindowFn,
} from './nodes.js';

type Names = ReadonlySet<string>;

class Pruner {
  /** What the references of each named relation need, gathered before the relations are pruned. */
  private readonly needs = new Map<string, Set<string>>();
  /** The columns of each named relation once pruned; unset while gathering. */
  private readonly cteColumns = new Map<string, readonly Column[]>();
  private gathering = false;

  plan(plan: Plan): Plan {
    if (plan.ctes.length > 0) {
      // A named relation is read only by later ones and the root: going backwards, every
      // reference is seen before the relation's own body.
      this.gathering = true;
      this.rel(plan.root, allNames(plan.root));
      for (let i = plan.ctes.length - 1; i >= 0; i--) {
        const cte = plan.ctes[i];
        if (cte !== undefined) this.rel(cte.rel, this.needs.get(cte.name) ?? new Set());
      }
      this.gathering = false;
    }
    const ctes = plan.ctes.map((cte) => {
      const rel = this.rel(cte.rel, this.needs.get(cte.name) ?? new Set());
      this.cteColumns.set(cte.name, rel.columns);
      return rel === cte.rel ? cte : { ...cte, rel };
    });
    const root = this.rel(plan.root, allNames(plan.root));
    return root === plan.root && sameItems(ctes, plan.ctes) ? plan : { ctes, root };
  }

  /** `rel` keeping only its columns that are in `need` (at least one), in their order. */
  private rel(rel: Rel, wanted: Names): Rel {
    const need = atLeastOne(rel, wanted);
    switch (rel.kind) {
      case 'scan': {
        const columns = kept(rel.columns, need);
        if (columns === rel.columns) return rel;
        const { ingestionTime, ...scan } = rel;
        // The hidden ingestion-time column goes with the last call reading it.
        const hidden =
          ingestionTime !== undefined && need.has(ingestionTime.column) ? { ingestionTime } : {};
        return { ...scan, columns, tableColumns: rel.tableColumns ?? rel.columns, ...hidden };
      }
      case 'cte': {
        if (this.gathering) {
          let needs = this.needs.get(rel.name);
          if (needs === undefined) this.needs.set(rel.name, (needs = new Set()));
          for (const c of rel.columns) if (need.has(c.name)) needs.add(c.name);
          return rel;
        }
        const columns = this.cteColumns.get(rel.name) ?? rel.columns;
        return sameNames(columns, rel.columns) ? rel : { ...rel, columns };
      }
      case 'filter': {
        const reads = new Set<string>();
        const predicate = this.scalar(rel.predicate, reads);
        const input = this.rel(rel.input, widen(need, reads));
        if (input === rel.input && predicate === rel.predicate) return rel;
        return { ...rel, input, predicate, columns: input.columns };
      }
      case 'sort': {
        const reads = new Set<string>();
        const keys = rel.keys.map((k) => {
          const expr = this.scalar(k.expr, reads);
          return expr === k.expr ? k : { ...k, expr };
        });
        const input = this.rel(rel.input, widen(need, reads));
        if (input === rel.input && keys.every((k, i) => k === rel.keys[i])) return rel;
        return { ...rel, input, keys, columns: input.columns };
      }
      case 'limit': {
        const input = this.rel(rel.input, need);
        return input === rel.input ? rel : { ...rel, input, columns: input.columns };
      }
      case 'distinct': {
        // Which rows are duplicates depends on every column.
        const input = this.rel(rel.input, allNames(rel.input));
        return input === rel.input ? rel : { ...rel, input, columns: input.columns };
      }
      case 'project': {
        const below = new Set<string>();
        const outputs: Project['outputs'][number][] = [];
        for (const o of rel.outputs) {
          if (!need.has(o.name)) continue;
          if (o.expr.kind === 'column') {
            // Most outputs pass a column on.
            below.add(o.expr.name);
            outputs.push(o);
            continue;
          }
          const expr = this.scalar(o.expr, below);
          outputs.push(expr === o.expr ? o : { ...o, expr });
        }
        const input = this.rel(rel.input, below);
        // A projection left passing its input on unchanged goes (not over a sort: the printers
        // print the two as one ordered SELECT, ir/order.ts).
        if (input.kind !== 'sort' && passesOn(outputs, input.columns)) return input;
        const columns = kept(rel.columns, need);
        if (input === rel.input && columns === rel.columns && sameItems(outputs, rel.outputs)) {
          return rel;
        }
        return { ...rel, input, outputs, columns };
      }
      case 'join':
        return this.join(rel, need);
      case 'mvexpand': {
        const below = widen(
          need,
          rel.items.map((item) => item.column),
        );
        const input = this.rel(rel.input, below);
        if (input === rel.input) return rel;
        const names = new Set(input.columns.map((c) => c.name));
        const columns = rel.columns.filter((c) => names.has(c.name) || c.name === rel.indexColumn);
        return { ...rel, input, columns };
      }
      case 'parse': {
        // The captures and the match flag stay: they are one pattern.
        const input = this.rel(rel.input, widen(need, [rel.source]));
        if (input === rel.input) return rel;
        const added = rel.columns.slice(rel.input.columns.length);
        return { ...rel, input, columns: [...input.columns, ...added] };
      }
      case 'window':
        return this.window(rel, need);
      case 'aggregate':
        return this.aggregate(rel, need);
      case 'union':
        return this.union(rel, need);
      case 'values':
        return this.values(rel, need);
      default:
        return assertNever(rel);
    }
  }

  private join(rel: Join, need: Names): Rel {
    const leftBelow = new Set(rel.keys.map((k) => k.left.name));
    const rightBelow = new Set(rel.keys.map((k) => k.right.name));
    const kind = rel.joinKind;
    const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
    if (leftOnly || kind === 'rightsemi' || kind === 'rightanti') {
      // Printed as `SELECT l.*` (or `r.*`): the output is the kept side's columns, exactly.
      for (const o of rel.outputs)
        if (need.has(o.name)) (leftOnly ? leftBelow : rightBelow).add(o.source.name);
      const left = this.rel(rel.left, leftBelow);
      const right = this.rel(rel.right, rightBelow);
      if (left === rel.left && right === rel.right) return rel;
      const names = new Set((leftOnly ? left : right).columns.map((c) => c.name));
      const keep = rel.outputs.map((o) => names.has(o.source.name));
      return {
        ...rel,
        left,
        right,
        outputs: rel.outputs.filter((_, i) => keep[i]),
        columns: rel.columns.filter((_, i) => keep[i]),
      };
    }
    const keep = rel.outputs.map((o) => need.has(o.name));
    rel.outputs.forEach((o, i) => {
      if (keep[i] === true) (o.side === 'left' ? leftBelow : rightBelow).add(o.source.name);
    });
    const left = this.rel(rel.left, leftBelow);
    const right = this.rel(rel.right, rightBelow);
    const all = keep.every((k) => k);
    if (left === rel.left && right === rel.right && all) return rel;
    if (all) return { ...rel, left, right };
    return {
      ...rel,
      left,
      right,
      outputs: rel.outputs.filter((_, i) => keep[i]),
      columns: rel.columns.filter((_, i) => keep[i]),
    };
  }

  private window(rel: Window, need: Names): Rel {
    const outputs = rel.outputs.filter((o) => need.has(o.name));
    // A window adds columns and keeps every row: with none of its columns read, it goes.
    if (outputs.length === 0) return this.rel(rel.input, need);
    const below = new Set<string>();
    if (outputs.some((o) => o.fn.kind === 'stable_row_number')) {
      // Printers number such rows by every column of the input (`stableOrder`).
      for (const c of rel.input.columns) below.add(c.name);
    }
    const partitionBy = rel.partitionBy.map((p) => this.scalar(p, below));
    const orderBy = rel.orderBy.map((k) => {
      const expr = this.scalar(k.expr, below);
      return expr === k.expr ? k : { ...k, expr };
    });
    const fns = outputs.map((o) => {
      const fn = this.windowFn(o.fn, below);
      return fn === o.fn ? o : { ...o, fn };
    });
    const input = this.rel(rel.input, widen(need, below));
    const unchanged =
      input === rel.input &&
      sameItems(fns, rel.outputs) &&
      sameItems(partitionBy, rel.partitionBy) &&
      sameItems(orderBy, rel.orderBy);
    if (unchanged) return rel;
    const names = new Set(fns.map((o) => o.name));
    const added = rel.columns.slice(rel.input.columns.length).filter((c) => names.has(c.name));
    return {
      ...rel,
      input,
      partitionBy,
      orderBy,
      outputs: fns,
      columns: [...input.columns, ...added],
    };
  }

  private windowFn(fn: WindowFn, below: Set<string>): WindowFn {
    switch (fn.kind) {
      case 'row_number':
      case 'stable_row_number':
        return fn;
      case 'prev':
      case 'next': {
        const expr = this.scalar(fn.expr, below);
        const fallback = fn.default === undefined ? undefined : this.scalar(fn.default, below);
        if (expr === fn.expr && fallback === fn.default) return fn;
        return { ...fn, expr, ...(fallback === undefined ? {} : { default: fallback }) };
      }
      case 'cumsum': {
        const expr = this.scalar(fn.expr, below);
        return expr === fn.expr ? fn : { ...fn, expr };
      }
      case 'session':
        below.add(fn.expr.name);
        if (fn.restart !== undefined) below.add(fn.restart.name);
        return fn;
      default:
        return assertNever(fn);
    }
  }

  private aggregate(rel: Aggregate, need: Names): Rel {
    const below = new Set<string>();
    // Every key stays: the keys make the groups.
    const keys = rel.keys.map((k) => {
      const expr = this.scalar(k.expr, below);
      return expr === k.expr ? k : { ...k, expr };
    });
    const kept: AggOutput[] = rel.outputs.filter((o) => need.has(o.name));
    // The picks still read, renumbered in their order.
    const pickIndex = new Map<number, number>();
    for (const o of kept) if (o.kind === 'pick') pickIndex.set(o.pick, -1);
    const picks = rel.picks
      .filter((_, i) => pickIndex.has(i))
      .map((p) => {
        const by = this.scalar(p.by, below);
        return by === p.by ? p : { ...p, by };
      });
    let next = 0;
    rel.picks.forEach((_, i) => {
      if (pickIndex.has(i)) pickIndex.set(i, next++);
    });
    const outputs = kept.map((o): AggOutput => {
      if (o.kind === 'pick') {
        const expr = this.scalar(o.expr, below);
        const pick = pickIndex.get(o.pick) ?? o.pick;
        return expr === o.expr && pick === o.pick ? o : { ...o, expr, pick };
      }
      const args = o.agg.args.map((a) => this.scalar(a, below));
      return sameItems(args, o.agg.args) ? o : { ...o, agg: { ...o.agg, args } };
    });
    const input = this.rel(rel.input, below);
    const unchanged =
      input === rel.input &&
      sameItems(keys, rel.keys) &&
      sameItems(outputs, rel.outputs) &&
      sameItems(picks, rel.picks);
    if (unchanged) return rel;
    const names = new Set([...keys.map((k) => k.name), ...outputs.map((o) => o.name)]);
    const columns = rel.columns.filter((c) => names.has(c.name));
    return { ...rel, input, keys, picks, outputs, columns };
  }

  /** The inputs are positional: each keeps the positions kept, exactly. */
  private union(rel: Union, need: Names): Rel {
    const positions: number[] = [];
    rel.columns.forEach((c, i) => {
      if (need.has(c.name)) positions.push(i);
    });
    const inputs = rel.inputs.map((input) => {
      const wanted = positions.flatMap((i) => {
        const c = input.columns[i];
        return c === undefined ? [] : [c];
      });
      return exactly(this.rel(input, new Set(wanted.map((c) => c.name))), wanted);
    });
    const columns = kept(rel.columns, need);
    if (columns === rel.columns && sameItems(inputs, rel.inputs)) return rel;
    return { ...rel, inputs, columns };
  }

  private values(rel: Values, need: Names): Rel {
    const columns = kept(rel.columns, need);
    const positions: number[] = [];
    rel.columns.forEach((c, i) => {
      if (need.has(c.name)) positions.push(i);
    });
    const rows = rel.rows.map((row) => {
      const out = positions.flatMap((i): Scalar[] => {
        const v = row[i];
        const column = rel.columns[i];
        if (v !== undefined) return [this.scalar(v, new Set())];
        // A missing value prints as a typed null.
        return column === undefined ? [] : [{ kind: 'literal', type: column.type, value: null }];
      });
      return sameItems(out, row) ? row : out;
    });
    if (columns === rel.columns && sameItems(rows, rel.rows)) return rel;
    return { ...rel, rows, columns };
  }

  /**
   * `s` with the relations of its subqueries pruned; adds the columns it reads to `reads`. A
   * subquery reads no outer column, and its result is all of its columns.
   */
  private scalar(s: Scalar, reads: Set<string>): Scalar {
    switch (s.kind) {
      case 'column':
        reads.add(s.name);
        return s;
      case 'literal':
        return s;
      case 'call': {
        let args: Scalar[] | undefined;
        s.args.forEach((a, i) => {
          const b = this.scalar(a, reads);
          if (b !== a) (args ??= [...s.args])[i] = b;
        });
        return args === undefined ? s : { ...s, args };
      }
      case 'case': {
        const whens = s.whens.map((w) => {
          const when = this.scalar(w.when, reads);
          const then = this.scalar(w.then, reads);
          return when === w.when && then === w.then ? w : { when, then };
        });
        const otherwise = this.scalar(s.otherwise, reads);
        return otherwise === s.otherwise && sameItems(whens, s.whens)
          ? s
          : { ...s, whens, otherwise };
      }
      case 'path': {
        const target = this.scalar(s.target, reads);
        return target === s.target ? s : { ...s, target };
      }
      case 'subquery': {
        const rel = this.rel(s.rel, allNames(s.rel));
        const value = s.value === undefined ? undefined : this.scalar(s.value, reads);
        if (rel === s.rel && value === s.value) return s;
        return { ...s, rel, ...(value === undefined ? {} : { value }) };
      }
      default:
        return assertNever(s);
    }
  }
}

function allNames(rel: Rel): Names {
  return new Set(rel.columns.map((c) => c.name));
}

/** `need` and `more`: `need` itself when it holds them already. */
function widen(need: Names, more: Iterable<string>): Names {
  let out: Set<string> | undefined;
  for (const n of more) if (!need.has(n)) (out ??= new Set(need)).add(n);
  return out ?? need;
}

/** `need`, or the first column of `rel` when `need` names none of its columns. */
function atLeastOne(rel: Rel, need: Names): Names {
  for (const c of rel.columns) if (need.has(c.name)) return need;
  const first = rel.columns[0];
  return first === undefined ? need : new Set([first.name]);
}

/** The columns named in `need`, in order; `columns` itself when that is all of them. */
function kept(columns: readonly Column[], need: Names): readonly Column[] {
  let all = true;
  for (const c of columns) {
    if (!need.has(c.name)) {
      all = false;
      break;
    }
  }
  return all ? columns : columns.filter((c) => need.has(c.name));
}

/** Whether `outputs` are exactly the columns `columns`, in order, under their names. */
function passesOn(outputs: Project['outputs'], columns: readonly Column[]): boolean {
  return (
    outputs.length === columns.length &&
    outputs.every((o, i) => {
      const c = columns[i];
      return (
        o.expr.kind === 'column' &&
        o.expr.name === o.name &&
        o.name === c?.name &&
        o.expr.type === c.type
      );
    })
  );
}

function sameNames(a: readonly Column[], b: readonly Column[]): boolean {
  return a === b || (a.length === b.length && a.every((c, i) => c.name === b[i]?.name));
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `rel` projected to exactly `columns` (by name) when it kept others beside them. */
function exactly(rel: Rel, columns: readonly Column[]): Rel {
  if (sameNames(rel.columns, columns)) return rel;
  return {
    kind: 'project',
    input: rel,
    outputs: columns.map((c) => ({
      name: c.name,
      expr: { kind: 'column', name: c.name, type: c.type },
    })),
    columns,
    ...(rel.span === undefined ? {} : { span: rel.span }),
  };
}

/** The plan without the columns no operator reads (see above); the result's columns are kept. */
export function pruneColumns(plan: Plan): Plan {
  return new Pruner().plan(plan);
}
