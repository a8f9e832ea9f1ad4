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
    return {
      ctes: plan.ctes.map((c) => ({ ...c, rel: this.rel(c.rel) })),
      root: this.rel(plan.root),
    };
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
        if (hoisted.length === 0) return { ...rel, input };
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
        const outputs = rel.outputs.map((o) => ({
          name: o.name,
          expr: this.scalar(o.expr, hoisted, input.columns),
        }));
        if (hoisted.length === 0) return { ...rel, input };
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
      case 'aggregate':
        // The binder computes an aggregate's non-trivial keys and arguments in a projection.
        return { ...rel, input: this.rel(rel.input) };
      case 'union':
        return { ...rel, inputs: rel.inputs.map((r) => this.rel(r)) };
      case 'values':
        return rel;
      case 'join':
        return { ...rel, left: this.rel(rel.left), right: this.rel(rel.right) };
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
      case 'case':
        return {
          ...s,
          whens: s.whens.map((w) => ({
            when: this.scalar(w.when, hoisted, scope),
            then: this.scalar(w.then, hoisted, scope),
          })),
          otherwise: this.scalar(s.otherwise, hoisted, scope),
        };
      case 'subquery':
        // The subquery reads no outer column; its value (for `in`) is printed once.
        return {
          ...s,
          rel: this.rel(s.rel),
          ...(s.value === undefined ? {} : { value: this.scalar(s.value, hoisted, scope) }),
        };
      case 'path': {
        const target = this.scalar(s.target, hoisted, scope);
        return { ...s, target: this.repeats(s) ? this.hoist(target, hoisted, scope) : target };
      }
      case 'call': {
        const args = s.args.map((a) => this.scalar(a, hoisted, scope));
        if (!this.repeats(s)) return { ...s, args };
        return { ...s, args: args.map((a) => this.hoist(a, hoisted, scope)) };
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
