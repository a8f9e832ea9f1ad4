/**
 * `x in (T)` where T's first column is dynamic, as in Sentinel's
 * `let IPs = T | summarize make_list(RemoteIP); … | where TI_ipEntity in (IPs)`: Kusto's binder
 * accepts a string (or dynamic) value against it, and the list is the arrays' elements, as `in`
 * flattens a dynamic array among its scalar items (`includes/in-operator-comparison.md`,
 * SEMANTICS §1). The column is mv-expanded, null elements dropped, and the elements compared as
 * their tostring() text, as a dynamic value compared with a string is (binder-scalar.ts).
 */
import type { Span } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { colRef, project } from './binder-operators.js';
import { call, toStringScalar } from './builtins.js';

/** The list and the value of `value in (rel)`, with a dynamic first column flattened to text. */
export function dynamicInList(rel: ir.Rel, value: ir.Scalar, span: Span): [ir.Rel, ir.Scalar] {
  const column = rel.columns[0];
  if (column?.type !== 'dynamic' || (value.type !== 'string' && value.type !== 'dynamic')) {
    return [rel, value];
  }
  const only = project(rel, [{ name: column.name, expr: colRef(column) }], span);
  const expanded: ir.MvExpand = {
    kind: 'mvexpand',
    input: only,
    items: [{ column: column.name, type: 'dynamic' }],
    bagExpansion: 'bag',
    columns: only.columns,
    span,
  };
  const present: ir.Filter = {
    kind: 'filter',
    input: expanded,
    predicate: call('isnotnull', [colRef(column)], 'bool'),
    columns: expanded.columns,
    span,
  };
  const text = project(
    present,
    [{ name: column.name, expr: toStringScalar(colRef(column)) }],
    span,
  );
  return [text, toStringScalar(value)];
}
