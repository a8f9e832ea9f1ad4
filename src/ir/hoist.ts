/**
 * A plan rewrite some backends run before printing: where a dialect's SQL for a function must
 * repeat one of its arguments (SQLite's and Trino's parse_json test the text, then convert it),
 * nesting such functions would repeat the innermost argument exponentially often. This pass
 * computes each such argument once, as a hidden column of a projection placed before the
 * operator that uses it, so the printed SQL grows linearly with the query.
 */
import { assertNever } from '../diagnostics.js';
import type { Column, Plan, Rel, Scalar } from './nodes.js';

/** Says whether a backend prints `s` with one of its arguments repeated. */
export type RepeatsArgument = (s: Scalar) => boolean;

interface Hoisted {
  readonly column: Column;
  readonly expr: Scalar;
  readonly level: number;
}

class Hoister {
  private counter = 0;

  constructor(private readonly repeats: RepeatsArgument) {}

  plan(plan: Plan): Plan {
    // Unchanged nodes are returned as they are, so that a plan with nothing to hoist is the same
    // object (and printers' caches keyed by its nodes keep working).
    const ctes = plan.ctes.map((c) => {
      const rel = this.rel(c.rel);
      return rel === c.rel ? c : { ...c, rel };
    });
    const root = this.rel(plan.root);
    const same = root === plan.root && ctes.every((c, i) => c === plan.ctes[i]);
    return same ? plan : { ctes, root };
  }

  private rel(rel: Rel): Rel {
    switch (rel.kind) {
      case 'scan':
      case 'cte':
        return rel;
      case 'filter': {
        const input = this.rel(rel.input);
        const hoisted: Hoisted[] = [];
        const predicate = this.scalar(rel.predicate, hoisted, input.columns);
        if (hoisted.length === 0) {
          return input === rel.input && predicate === rel.predicate
            ? rel
            : { ...rel, input, predicate };
        }
        const widened = this.layers(input, hoisted);
        const filtered: Rel = { ...rel, input: widened, predicate, columns: widened.columns };
        // Drop the hidden columns again: the filter's output is its input's columns.
        return {
          kind: 'project',
          input: filtered,
          outputs: input.columns.map((c) => ({ name: c.name, expr: ref(c) })),
          columns: input.columns,
          span: rel.span,
        };
      }
      case 'project': {
        const input = this.rel(rel.input);
        const hoisted: Hoisted[] = [];
        const outputs = rel.outputs.map((o) => {
          const expr = this.scalar(o.expr, hoisted, input.columns);
          return expr === o.expr ? o : { name: o.name, expr };
        });
        if (hoisted.length === 0) {
          const same = input === rel.input && outputs.every((o, i) => o === rel.outputs[i]);
          return same ? rel : { ...rel, input, outputs };
        }
        if (input.kind === 'sort') {
          // Keep the sort directly under the projection (ir/order.ts): widen below it.
          const widened = this.layers(input.input, hoisted);
          return {
            ...rel,
            input: { ...input, input: widened, columns: widened.columns },
            outputs,
          };
        }
        return { ...rel, input: this.layers(input, hoisted), outputs };
      }
      case 'distinct':
      case 'parse':
      case 'mvexpand':
      case 'sort':
      case 'limit':
      case 'window':
      case 'aggregate': {
        // The binder computes an aggregate's non-trivial keys and arguments in a projection.
        const input = this.rel(rel.input);
        return input === rel.input ? rel : { ...rel, input };
      }
      case 'union': {
        const inputs = rel.inputs.map((r) => this.rel(r));
        return inputs.every((r, i) => r === rel.inputs[i]) ? rel : { ...rel, inputs };
      }
      case 'values':
        return rel;
      case 'join': {
        const left = this.rel(rel.left);
        const right = this.rel(rel.right);
        return left === rel.left && right === rel.right ? rel : { ...rel, left, right };
      }
      default:
        return assertNever(rel);
    }
  }

  /** One projection per nesting level, each adding the hidden columns of that level. */
  private layers(input: Rel, hoisted: readonly Hoisted[]): Rel {
    let rel = input;
    const maxLevel = Math.max(...hoisted.map((h) => h.level));
    for (let level = 1; level <= maxLevel; level++) {
      const added = hoisted.filter((h) => h.level === level);
      const outputs = [
        ...rel.columns.map((c) => ({ name: c.name, expr: ref(c) })),
        ...added.map((h) => ({ name: h.column.name, expr: h.expr })),
      ];
      rel = {
        kind: 'project',
        input: rel,
        outputs,
        columns: outputs.map((o) => ({ name: o.name, type: o.expr.type })),
      };
    }
    return rel;
  }

  private scalar(s: Scalar, hoisted: Hoisted[], scope: readonly Column[]): Scalar {
    switch (s.kind) {
      case 'column':
      case 'literal':
        return s;
      case 'case': {
        const whens = s.whens.map((w) => {
          const when = this.scalar(w.when, hoisted, scope);
          const then = this.scalar(w.then, hoisted, scope);
          return when === w.when && then === w.then ? w : { when, then };
        });
        const otherwise = this.scalar(s.otherwise, hoisted, scope);
        const same = otherwise === s.otherwise && whens.every((w, i) => w === s.whens[i]);
        return same ? s : { ...s, whens, otherwise };
      }
      case 'subquery': {
        // The subquery reads no outer column; its value (for `in`) is printed once.
        const rel = this.rel(s.rel);
        const value = s.value === undefined ? undefined : this.scalar(s.value, hoisted, scope);
        if (rel === s.rel && value === s.value) return s;
        return { ...s, rel, ...(value === undefined ? {} : { value }) };
      }
      case 'path': {
        const scanned = this.scalar(s.target, hoisted, scope);
        const target = this.repeats(s) ? this.hoist(scanned, hoisted, scope) : scanned;
        return target === s.target ? s : { ...s, target };
      }
      case 'call': {
        const scanned = s.args.map((a) => this.scalar(a, hoisted, scope));
        const args = this.repeats(s) ? scanned.map((a) => this.hoist(a, hoisted, scope)) : scanned;
        return args.every((a, i) => a === s.args[i]) ? s : { ...s, args };
      }
      default:
        return assertNever(s);
    }
  }

  private hoist(s: Scalar, hoisted: Hoisted[], scope: readonly Column[]): Scalar {
    if (s.kind === 'column' || s.kind === 'literal') return s;
    const level =
      1 +
      Math.max(
        0,
        ...hiddenRefs(s).map((n) => hoisted.find((h) => h.column.name === n)?.level ?? 0),
      );
    let name: string;
    do name = `__${String(++this.counter)}`;
    while (scope.some((c) => c.name === name));
    const column: Column = { name, type: s.type };
    hoisted.push({ column, expr: s, level });
    return ref(column);
  }
}

function ref(c: Column): Scalar {
  return { kind: 'column', name: c.name, type: c.type };
}

function hiddenRefs(s: Scalar): string[] {
  switch (s.kind) {
    case 'column':
      return s.name.startsWith('__') ? [s.name] : [];
    case 'literal':
      return [];
    case 'case':
      return [
        ...s.whens.flatMap((w) => [...hiddenRefs(w.when), ...hiddenRefs(w.then)]),
        ...hiddenRefs(s.otherwise),
      ];
    case 'path':
      return hiddenRefs(s.target);
    case 'subquery':
      return s.value === undefined ? [] : hiddenRefs(s.value);
    case 'call':
      return s.args.flatMap(hiddenRefs);
    default:
      return assertNever(s);
  }
}

export function hoistRepeatedArguments(plan: Plan, repeats: RepeatsArgument): Plan {
  return new Hoister(repeats).plan(plan);
}
