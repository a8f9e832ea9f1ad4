/**
 * The compiler pipeline as a library: KQL text → syntax tree → bound plan → SQL per dialect.
 * Every stage reports problems as a `CompileError` carrying diagnostics with source spans.
 */
import { backendFor } from './backends/index.js';
import { Codes, CompileError, diagnostic, type Source } from './diagnostics.js';
import { bind } from './frontend/binder.js';
import { parseQuery } from './frontend/parser.js';
import type { Plan } from './ir/nodes.js';
import { pruneColumns } from './ir/prune.js';
import type { SchemaRegistry } from './schema.js';
import type { Dialect } from './types.js';

export interface CompileOptions {
  readonly schemas: SchemaRegistry;
  /** Fixes `now()` and `ago()` (microseconds since the epoch); otherwise the engine's clock. */
  readonly now?: bigint;
}

/**
 * Parses and binds a query to the plan every backend prints from, without the columns nothing
 * reads (ir/prune.ts).
 */
export function planQuery(source: Source, options: CompileOptions): Plan {
  return withinStack(source, () => pruneColumns(bind(parseQuery(source), source, options)));
}

/**
 * Prints a plan as one SQL statement of the dialect. Columns are written under their physical
 * names (backends/column-names.ts); the result's columns are the plan's, by position.
 */
export function printPlan(plan: Plan, dialect: Dialect, source?: Source): string {
  return withinStack(source, () => backendFor(dialect).print(plan, source));
}

/**
 * Runs a compiler stage, reporting a query nested too deeply for its recursion (parentheses or
 * calls thousands of levels deep; long and/or chains are flat and do not count) as a diagnostic
 * instead of a RangeError.
 */
function withinStack<T>(source: Source | undefined, stage: () => T): T {
  try {
    return stage();
  } catch (e) {
    if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) throw e;
    throw new CompileError([
      diagnostic(
        Codes.tooDeep,
        'the query is nested too deeply to translate (expressions thousands of levels deep)',
        source,
        source === undefined ? undefined : { start: 0, end: 0 },
      ),
    ]);
  }
}

/** KQL to SQL in one step. */
export function compileQuery(source: Source, dialect: Dialect, options: CompileOptions): string {
  return printPlan(planQuery(source, options), dialect, source);
}
