/** A readable dump of a plan, for `rule2sql plan`: one operator per line, inputs indented. */
import { assertNever } from '../diagnostics.js';
import type { AggOutput, Aggregate, ParsePart, Plan, Rel, Scalar, WindowFn } from './nodes.js';

function valueText(v: Extract<Scalar, { kind: 'literal' }>['value']): string {
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
}

function literalText(s: Extract<Scalar, { kind: 'literal' }>): string {
  if (s.value === null) return `${s.type}(null)`;
  switch (s.type) {
    case 'string':
      return JSON.stringify(s.value);
    case 'dynamic':
      return `dynamic(${JSON.stringify(s.value)})`;
    case 'long':
    case 'int':
    case 'real':
    case 'decimal':
    case 'bool':
      return valueText(s.value);
    case 'datetime':
    case 'timespan':
    case 'guid':
      return `${s.type}(${valueText(s.value)})`;
    default:
      return assertNever(s.type);
  }
}

/** One scalar as a compact S-expression. */
export function scalarText(s: Scalar): string {
  switch (s.kind) {
    case 'column':
      return s.side === undefined ? s.name : `${s.side}.${s.name}`;
    case 'literal':
      return literalText(s);
    case 'call':
      return `${s.fn}(${s.args.map(scalarText).join(', ')})`;
    case 'case':
      return `case(${s.whens.map((w) => `${scalarText(w.when)} => ${scalarText(w.then)}`).join(', ')}, else ${scalarText(s.otherwise)})`;
    case 'path':
      return `${scalarText(s.target)}${s.steps.map((p) => `[${JSON.stringify(p)}]`).join('')}`;
    case 'subquery': {
      const lines: string[] = [];
      relLines(s.rel, 1, lines);
      const body = lines.map((l) => l.trim()).join(' / ');
      return s.mode === 'in' && s.value !== undefined
        ? `${scalarText(s.value)} in {${body}}`
        : `toscalar {${body}}`;
    }
    default:
      return assertNever(s);
  }
}

function outputText(o: AggOutput, picks: Aggregate['picks']): string {
  if (o.kind === 'agg') {
    const limit = o.agg.limit === undefined ? '' : ` limit ${String(o.agg.limit)}`;
    return `${o.agg.fn}(${o.agg.args.map(scalarText).join(', ')})${limit}`;
  }
  const pick = picks[o.pick];
  const by = pick === undefined ? '?' : `${pick.max ? 'max' : 'min'} ${scalarText(pick.by)}`;
  return `pick(${scalarText(o.expr)} at ${by})`;
}

function partText(p: ParsePart): string {
  switch (p.kind) {
    case 'literal':
      return JSON.stringify(p.text);
    case 'regex':
      return `/${p.regex}/`;
    case 'skip':
      return p.lazy ? '*?' : '*';
    case 'capture':
      return `(${p.shape}${p.lazy ? '?' : ''})`;
    default:
      return assertNever(p);
  }
}

function windowFnText(fn: WindowFn): string {
  switch (fn.kind) {
    case 'row_number':
    case 'stable_row_number':
      return `${fn.kind}()`;
    case 'prev':
    case 'next':
      return `${fn.kind}(${[scalarText(fn.expr), String(fn.offset), ...(fn.default === undefined ? [] : [scalarText(fn.default)])].join(', ')})`;
    case 'cumsum':
      return `cumsum(${scalarText(fn.expr)})`;
    case 'session':
      return `session(${[fn.expr, fn.maxFromFirst, fn.maxBetween, ...(fn.restart === undefined ? [] : [fn.restart])].map(scalarText).join(', ')})`;
    default:
      return assertNever(fn);
  }
}

function relLines(rel: Rel, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const cols = `  -> (${rel.columns.map((c) => `${c.name}:${c.type}`).join(', ')})`;
  switch (rel.kind) {
    case 'scan':
      out.push(`${pad}scan ${rel.table}${cols}`);
      return;
    case 'cte':
      out.push(`${pad}ref ${rel.name}`);
      return;
    case 'filter':
      out.push(`${pad}filter ${scalarText(rel.predicate)}`);
      relLines(rel.input, depth + 1, out);
      return;
    case 'project':
      out.push(
        `${pad}project ${rel.outputs.map((o) => `${o.name} = ${scalarText(o.expr)}`).join(', ')}`,
      );
      relLines(rel.input, depth + 1, out);
      return;
    case 'distinct':
      out.push(`${pad}distinct${cols}`);
      relLines(rel.input, depth + 1, out);
      return;
    case 'join':
      out.push(
        `${pad}join ${rel.joinKind} on ${rel.keys.map((k) => `left.${k.left.name} == right.${k.right.name}`).join(', ')}${cols}`,
      );
      relLines(rel.left, depth + 1, out);
      relLines(rel.right, depth + 1, out);
      return;
    case 'mvexpand':
      out.push(
        `${pad}mv-expand${rel.bagExpansion === 'array' ? ' kind=array' : ''}${rel.indexColumn === undefined ? '' : ` with_itemindex=${rel.indexColumn}`} ${rel.items.map((i) => `${i.column} to ${i.type}`).join(', ')}${rel.limit === undefined ? '' : ` limit ${String(rel.limit)}`}`,
      );
      relLines(rel.input, depth + 1, out);
      return;
    case 'sort':
      out.push(
        `${pad}sort ${rel.keys.map((k) => `${scalarText(k.expr)} ${k.descending ? 'desc' : 'asc'} nulls ${k.nullsFirst ? 'first' : 'last'}`).join(', ')}`,
      );
      relLines(rel.input, depth + 1, out);
      return;
    case 'limit':
      out.push(`${pad}limit ${String(rel.count)}`);
      relLines(rel.input, depth + 1, out);
      return;
    case 'aggregate':
      out.push(
        `${pad}aggregate ${rel.outputs.map((o) => `${o.name} = ${outputText(o, rel.picks)}`).join(', ')} by ${rel.keys.map((k) => `${k.name} = ${scalarText(k.expr)}`).join(', ')}${cols}`,
      );
      relLines(rel.input, depth + 1, out);
      return;
    case 'union':
      out.push(`${pad}union${cols}`);
      for (const input of rel.inputs) relLines(input, depth + 1, out);
      return;
    case 'parse':
      out.push(
        `${pad}parse ${rel.source} ${rel.anchored ? 'anchored ' : ''}${rel.dotAll ? 'dotall ' : ''}${rel.caseInsensitive ? 'nocase ' : ''}[${rel.parts.map(partText).join(' ')}] -> ${[...rel.captures, rel.matched].join(', ')}`,
      );
      relLines(rel.input, depth + 1, out);
      return;
    case 'window':
      out.push(
        `${pad}window ${rel.outputs.map((o) => `${o.name} = ${windowFnText(o.fn)}`).join(', ')} partition by (${rel.partitionBy.map(scalarText).join(', ')}) order by (${rel.orderBy.map((k) => `${scalarText(k.expr)} ${k.descending ? 'desc' : 'asc'} nulls ${k.nullsFirst ? 'first' : 'last'}`).join(', ')})`,
      );
      relLines(rel.input, depth + 1, out);
      return;
    case 'values':
      out.push(`${pad}values${cols}`);
      for (const row of rel.rows) out.push(`${pad}  [${row.map(scalarText).join(', ')}]`);
      return;
    default:
      assertNever(rel);
  }
}

export function planText(plan: Plan): string {
  const out: string[] = [];
  for (const cte of plan.ctes) {
    out.push(`let ${cte.name} =`);
    relLines(cte.rel, 1, out);
  }
  out.push('result =');
  relLines(plan.root, 1, out);
  return out.join('\n') + '\n';
}
