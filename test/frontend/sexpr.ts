/**
 * Prints KQL syntax trees as compact S-expressions so parser tests can compare one line of text.
 * Spans are left out (span tests slice the source instead).
 */
import { assertNever } from '../../src/diagnostics.js';
import type {
  Assignment,
  Expr,
  JoinCondition,
  LetStatement,
  MvExpandItem,
  Operator,
  Pipeline,
  Query,
  SortKey,
  TabularSource,
  UnionOp,
} from '../../src/frontend/ast.js';

const list = (parts: readonly string[]): string => `(${parts.filter((p) => p !== '').join(' ')})`;

export function exprSexpr(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return JSON.stringify(e.value);
    case 'number':
      return e.type === 'long' ? e.text : `${e.text}:${e.type}`;
    case 'bool':
      return String(e.value);
    case 'null':
      return `null:${e.type}`;
    case 'datetime':
      return list(['datetime', JSON.stringify(e.text)]);
    case 'timespan':
      return list(['timespan', String(e.ticks)]);
    case 'dynamic':
      return list(['dynamic', JSON.stringify(e.value)]);
    case 'typeof':
      return list(['typeof', e.type]);
    case 'name':
      return e.name;
    case 'member':
      return list(['.', exprSexpr(e.target), JSON.stringify(e.key)]);
    case 'index':
      return list(['[]', exprSexpr(e.target), exprSexpr(e.index)]);
    case 'call':
      return list([
        'call',
        e.name.name,
        ...e.args.map(exprSexpr),
        ...(e.namedArgs ?? []).map((a) => `${a.name.name}=${exprSexpr(a.value)}`),
      ]);
    case 'unary':
      return list([e.op, exprSexpr(e.operand)]);
    case 'binary':
      return list([e.op, exprSexpr(e.left), exprSexpr(e.right)]);
    case 'in':
      return list([e.op, exprSexpr(e.left), ...e.items.map(exprSexpr)]);
    case 'between':
      return list([
        e.negated ? '!between' : 'between',
        exprSexpr(e.left),
        exprSexpr(e.low),
        exprSexpr(e.high),
      ]);
    case 'paren':
      return list(['paren', exprSexpr(e.expr)]);
    case 'tabular':
      return list(['tabular', pipelineSexpr(e.query)]);
    case 'star':
      return '*';
    case 'list':
      return list(['list', ...e.items.map(exprSexpr)]);
    default:
      return assertNever(e);
  }
}

function assignment(a: Assignment): string {
  if (a.names.length === 0) return exprSexpr(a.expr);
  const names = a.names.length === 1 ? (a.names[0]?.name ?? '') : list(a.names.map((n) => n.name));
  return list(['=', names, exprSexpr(a.expr)]);
}

function sortKey(k: SortKey): string {
  return list([exprSexpr(k.expr), k.order, k.nulls === undefined ? '' : `nulls-${k.nulls}`]);
}

function condition(c: JoinCondition): string {
  return c.kind === 'same' ? c.column.name : list(['==', c.left.name, c.right.name]);
}

function expandItem(i: MvExpandItem): string {
  const expr = exprSexpr(i.expr);
  const named = i.name === undefined ? expr : list(['=', i.name.name, expr]);
  return i.toType === undefined ? named : list(['to', named, i.toType]);
}

function union(u: UnionOp): string {
  return list([
    'union',
    `kind=${u.unionKind}`,
    u.withSource === undefined ? '' : `withsource=${u.withSource.name}`,
    u.isFuzzy ? 'isfuzzy' : '',
    ...u.legs.map(pipelineSexpr),
  ]);
}

export function operatorSexpr(op: Operator): string {
  switch (op.kind) {
    case 'where':
      return list(['where', exprSexpr(op.predicate)]);
    case 'extend':
    case 'project':
    case 'serialize':
      return list([op.kind, ...op.columns.map(assignment)]);
    case 'project-away':
    case 'project-keep':
      return list([op.kind, ...op.columns.map((c) => c.pattern)]);
    case 'project-rename':
      return list([op.kind, ...op.renames.map((r) => list([r.newName.name, r.oldName.name]))]);
    case 'project-reorder':
      return list([
        op.kind,
        ...op.columns.map((c) =>
          c.order === undefined ? c.pattern.pattern : list([c.pattern.pattern, c.order]),
        ),
      ]);
    case 'summarize':
      return list([
        'summarize',
        list(op.aggregates.map(assignment)),
        op.by.length === 0 ? '' : list(['by', ...op.by.map(assignment)]),
      ]);
    case 'distinct':
      return list(['distinct', ...(op.star ? ['*'] : op.columns.map(exprSexpr))]);
    case 'join':
      return list([
        'join',
        op.joinKind,
        ...op.options.map((o) => `${o.name}=${o.value}`),
        pipelineSexpr(op.right),
        list(['on', ...op.on.map(condition)]),
      ]);
    case 'lookup':
      return list([
        'lookup',
        op.lookupKind,
        pipelineSexpr(op.right),
        list(['on', ...op.on.map(condition)]),
      ]);
    case 'union':
      return union(op);
    case 'mv-expand':
      return list([
        op.legacy ? 'mvexpand' : 'mv-expand',
        op.bagExpansion === 'array' ? 'array' : '',
        op.withItemIndex === undefined ? '' : `index=${op.withItemIndex.name}`,
        ...op.items.map(expandItem),
        op.limit === undefined ? '' : list(['limit', exprSexpr(op.limit)]),
      ]);
    case 'mv-apply':
      return list([
        'mv-apply',
        op.withItemIndex === undefined ? '' : `index=${op.withItemIndex.name}`,
        ...op.items.map(expandItem),
        op.limit === undefined ? '' : list(['limit', exprSexpr(op.limit)]),
        list(['on', ...op.body.map(operatorSexpr)]),
      ]);
    case 'parse':
      return list([
        op.where ? 'parse-where' : 'parse',
        op.parseKind,
        op.flags === undefined ? '' : `flags=${op.flags}`,
        exprSexpr(op.source),
        ...op.pattern.map((p) => {
          if (p.kind === 'literal') return JSON.stringify(p.text);
          if (p.kind === 'star') return '*';
          return p.type === undefined ? p.name.name : `${p.name.name}:${p.type}`;
        }),
      ]);
    case 'sort':
      return list(['sort', ...op.keys.map(sortKey)]);
    case 'top':
      return list(['top', exprSexpr(op.count), sortKey(op.key)]);
    case 'take':
      return list(['take', exprSexpr(op.count)]);
    case 'count':
      return '(count)';
    case 'as':
      return list(['as', op.name.name]);
    case 'invoke':
    case 'evaluate':
      return list([op.kind, exprSexpr(op.call)]);
    case 'partition':
      return list([
        'partition',
        op.by.name,
        'kind' in op.body ? pipelineSexpr(op.body) : list(op.body.map(operatorSexpr)),
      ]);
    case 'unsupported':
      return list(['unsupported', op.name]);
    default:
      return assertNever(op);
  }
}

function sourceSexpr(s: TabularSource): string {
  switch (s.kind) {
    case 'table':
      return s.name.name;
    case 'unionSource':
      return union(s.union);
    case 'datatable':
      return list([
        'datatable',
        list(s.columns.map((c) => `${c.name.name}:${c.type}`)),
        ...s.values.map(exprSexpr),
      ]);
    case 'print':
      return list(['print', ...s.columns.map(assignment)]);
    case 'range':
      return list(['range', s.column.name, exprSexpr(s.from), exprSexpr(s.to), exprSexpr(s.step)]);
    case 'parenSource':
      return list(['paren', pipelineSexpr(s.query)]);
    case 'callSource':
      return exprSexpr(s.call);
    case 'externaldata':
      return list([
        'externaldata',
        list(s.columns.map((c) => `${c.name.name}:${c.type}`)),
        ...s.uris.map(exprSexpr),
        ...s.options.map((o) => `${o.name}=${o.value}`),
      ]);
    case 'unsupportedSource':
      return list(['unsupported', s.name]);
    default:
      return assertNever(s);
  }
}

export function pipelineSexpr(p: Pipeline): string {
  if (p.operators.length === 0) return sourceSexpr(p.source);
  return list(['|', sourceSexpr(p.source), ...p.operators.map(operatorSexpr)]);
}

function letSexpr(l: LetStatement): string {
  const v = l.value;
  switch (v.kind) {
    case 'expr':
      return list(['let', l.name.name, exprSexpr(v.expr)]);
    case 'query':
      return list([v.materialize ? 'let-materialize' : 'let', l.name.name, pipelineSexpr(v.query)]);
    case 'function': {
      const params = v.params.map((p) => {
        const type =
          p.tabularColumns === undefined
            ? p.type
            : p.tabularColumns.length === 0
              ? '(*)'
              : list(p.tabularColumns.map((c) => `${c.name.name}:${c.type}`));
        const decl = `${p.name.name}:${type}`;
        return p.defaultValue === undefined ? decl : `${decl}=${exprSexpr(p.defaultValue)}`;
      });
      const r = v.body.result;
      const result = r.kind === 'pipeline' ? pipelineSexpr(r) : exprSexpr(r);
      return list(['fn', l.name.name, list(params), ...v.body.lets.map(letSexpr), result]);
    }
    default:
      return assertNever(v);
  }
}

export function querySexpr(q: Query): string {
  return [...q.lets.map(letSexpr), pipelineSexpr(q.body)].join('; ');
}
