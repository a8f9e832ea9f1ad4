/**
 * KQL's column-naming rules for unnamed expressions, as the official binder
 * (`@kusto/language-service-next`) applies them: a column keeps its name, `d.a.b` and `d[0]`
 * give `d_a_b` and `d_0`, conversions and rounding pass their first argument's name through
 * (`tostring(c)` → `c`, `bin(T, 1h)` → `T`), and anything else has no name (the caller then uses
 * `ColumnN` or an aggregate prefix such as `max_`).
 */
import type * as ast from './ast.js';

/** Functions whose result is named after their first argument. */
const PASS_THROUGH: ReadonlySet<string> = new Set([
  'tostring',
  'tolong',
  'toint',
  'toreal',
  'todouble',
  'todecimal',
  'tobool',
  'toboolean',
  'todatetime',
  'totimespan',
  'toguid',
  'todynamic',
  'toobject',
  'parse_json',
  'parsejson',
  'floor',
  'ceiling',
  'round',
  'abs',
  'sqrt',
  'exp',
  'log',
  'bin',
  'bin_at',
  'startofday',
  'split',
]);

/** Functions whose result is named `fn_arg` (like an aggregate over one column). */
const PREFIXED: ReadonlySet<string> = new Set(['strlen']);

/** The name KQL gives an unnamed expression, or undefined when it gives none. */
export function inferredName(e: ast.Expr): string | undefined {
  switch (e.kind) {
    case 'paren':
      return inferredName(e.expr);
    case 'name':
      return e.name;
    case 'member': {
      const target = inferredName(e.target);
      return target === undefined ? undefined : `${target}_${e.key}`;
    }
    case 'index': {
      const target = inferredName(e.target);
      let index = e.index;
      let sign = '';
      if (index.kind === 'unary' && index.op === '-') {
        sign = '_';
        index = index.operand;
      }
      if (target === undefined) return undefined;
      if (index.kind === 'number' || index.kind === 'string') {
        return `${target}_${sign}${index.kind === 'number' ? index.text : index.value}`;
      }
      return undefined;
    }
    case 'call': {
      const first = e.args[0];
      if (first === undefined) return undefined;
      const fn = e.name.name;
      if (PASS_THROUGH.has(fn)) return inferredName(first);
      if (PREFIXED.has(fn)) {
        const arg = inferredName(first);
        return arg === undefined ? undefined : `${fn}_${arg}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `base`, or `base1`, `base2`… : the first that is not taken (KQL's de-duplication). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}${String(i)}`;
  return name;
}

/** The first `ColumnN` not taken. */
export function generatedName(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const name = `Column${String(i)}`;
    if (!taken.has(name)) return name;
  }
}
