/**
 * The compiler pipeline as a library: KQL text → syntax tree → bound plan → SQL per dialect.
 * Every stage reports problems as a `CompileError` carrying diagnostics with source spans.
 */
import { backendFor } from './backends/index.js';
import type { Source } from './diagnostics.js';
import { bind } from './frontend/binder.js';
import { parseQuery } from './frontend/parser.js';
import type { Plan } from './ir/nodes.js';
import type { SchemaRegistry } from './schema.js';
import type { Dialect } from './types.js';

export interface CompileOptions {
  readonly schemas: SchemaRegistry;
  /** Fixes `now()` and `ago()` (microseconds since the epoch); otherwise the engine's clock. */
  readonly now?: bigint;
}

/** Parses and binds a query to the plan every backend prints from. */
export function planQuery(source: Source, options: CompileOptions): Plan {
  const ast = parseQuery(source);
  return bind(ast, source, options);
}

/** Prints a plan as one SQL statement of the dialect. */
export function printPlan(plan: Plan, dialect: Dialect, source?: Source): string {
  return backendFor(dialect).print(plan, source);
}

/** KQL to SQL in one step. */
export function compileQuery(source: Source, dialect: Dialect, options: CompileOptions): string {
  return printPlan(planQuery(source, options), dialect, source);
}
