/**
 * The diagnostics a query compiles to: codes, the source text each one points at, and hints.
 */
import { planQuery } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import type { SchemaRegistry } from '../../src/schema.js';

export function queryDiagnostics(
  query: string,
  schemas: SchemaRegistry,
): { code: string; text: string; hint?: string }[] {
  try {
    planQuery({ name: '<t>', text: query }, { schemas });
    return [];
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.diagnostics.map((d) => ({
      code: d.code,
      text: d.span === undefined ? '' : query.slice(d.span.start, d.span.end),
      ...(d.hint === undefined ? {} : { hint: d.hint }),
    }));
  }
}
