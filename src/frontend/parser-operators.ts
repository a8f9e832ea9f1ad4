/**
 * Tabular operators: everything after a `|`. Each `parseX` starts after the operator's name.
 */
import type { Span } from '../diagnostics.js';
import type {
  Assignment,
  Call,
  Expr,
  Ident,
  JoinCondition,
  JoinKind,
  MvExpandItem,
  NamePattern,
  Operator,
  ParsePatternPart,
  Pipeline,
  SortKey,
  UnionOp,
} from './ast.js';
import { ScalarParser } from './parser-scalar.js';

export interface OptionValue {
  readonly name: string;
  readonly value: string;
  readonly span: Span;
}

const JOIN_KINDS: ReadonlyMap<string, JoinKind> = new Map<string, JoinKind>([
  ['innerunique', 'innerunique'],
  ['inner', 'inner'],
  ['leftouter', 'leftouter'],
  ['rightouter', 'rightouter'],
  ['fullouter', 'fullouter'],
  ['outer', 'fullouter'],
  ['leftsemi', 'leftsemi'],
  ['semi', 'leftsemi'],
  ['rightsemi', 'rightsemi'],
  ['leftanti', 'leftanti'],
  ['anti', 'leftanti'],
  ['leftantisemi', 'leftanti'],
  ['rightanti', 'rightanti'],
  ['rightantisemi', 'rightanti'],
]);

/** Operators recognised but not translated: their arguments are skipped (see `UnsupportedOp`). */
const UNSUPPORTED_OPERATORS: ReadonlySet<string> = new Set([
  'make-series',
  'render',
  'getschema',
  'fork',
  'facet',
  'sample',
  'sample-distinct',
  'top-nested',
  'top-hitters',
  'reduce',
  'scan',
  'search',
  'find',
  'parse-kv',
  'make-graph',
  'graph-match',
  'graph-merge',
  'graph-to-table',
  'project-smart',
  'consume',
  'externaldata',
  'execute-and-cache',
  'assert-schema',
  'macro-expand',
]);

export abstract class OperatorParser extends ScalarParser {
  /** Is the current token the end of an operator (`|`, a closing bracket, `;`, the end)? */
  protected atOperatorEnd(): boolean {
    const t = this.peek();
    if (t.kind === 'eof') return true;
    return (
      t.kind === 'op' && (t.text === '|' || t.text === ')' || t.text === ';' || t.text === '}')
    );
  }

  protected parseOperator(): Operator {
    const t = this.peek();
    if (t.kind !== 'ident') return this.unexpected('a tabular operator');
    const start = t.span.start;
    const name = t.text;
    this.advance();
    switch (name) {
      case 'where':
      case 'filter': {
        this.parseOptions([]);
        const predicate = this.parseExpr();
        return { kind: 'where', predicate, span: this.spanFrom(start) };
      }
      case 'extend':
        return { kind: 'extend', columns: this.parseAssignments(), span: this.spanFrom(start) };
      case 'project':
        return { kind: 'project', columns: this.parseAssignments(), span: this.spanFrom(start) };
      case 'project-away':
        return { kind: 'project-away', columns: this.parsePatterns(), span: this.spanFrom(start) };
      case 'project-keep':
        return { kind: 'project-keep', columns: this.parsePatterns(), span: this.spanFrom(start) };
      case 'project-rename':
        return this.parseProjectRename(start);
      case 'project-reorder':
        return this.parseProjectReorder(start);
      case 'summarize':
        return this.parseSummarize(start);
      case 'distinct':
        return this.parseDistinct(start);
      case 'join':
        return this.parseJoin(start);
      case 'lookup':
        return this.parseLookup(start);
      case 'union':
        return this.parseUnion(start);
      case 'mv-expand':
      case 'mvexpand':
        return this.parseMvExpand(start, name === 'mvexpand');
      case 'mv-apply':
        return this.parseMvApply(start);
      case 'parse':
      case 'parse-where':
        return this.parseParse(start, name === 'parse-where');
      case 'sort':
      case 'order':
        return this.parseSort(start);
      case 'top':
        return this.parseTop(start);
      case 'take':
      case 'limit':
        return { kind: 'take', count: this.parseExpr(), span: this.spanFrom(start) };
      case 'count':
        return { kind: 'count', span: this.spanFrom(start) };
      case 'serialize': {
        const columns = this.atOperatorEnd() ? [] : this.parseAssignments();
        return { kind: 'serialize', columns, span: this.spanFrom(start) };
      }
      case 'as': {
        this.parseOptions([]);
        return { kind: 'as', name: this.expectName(), span: this.spanFrom(start) };
      }
      case 'invoke':
        return { kind: 'invoke', call: this.expectCall(), span: this.spanFrom(start) };
      case 'evaluate':
        this.parseOptions([]);
        return { kind: 'evaluate', call: this.expectCall(), span: this.spanFrom(start) };
      case 'partition':
        return this.parsePartition(start);
      default:
        if (UNSUPPORTED_OPERATORS.has(name)) {
          this.skipOperatorArguments();
          return { kind: 'unsupported', name, span: this.spanFrom(start) };
        }
        return this.unexpected('a tabular operator', t);
    }
  }

  /** Skips to the next `|` (or closing bracket, `;`, end) outside any brackets. */
  private skipOperatorArguments(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'op') {
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') {
          if (depth === 0) return;
          depth--;
        } else if ((t.text === '|' || t.text === ';') && depth === 0) return;
      }
      this.advance();
    }
  }

  private expectCall(): Call {
    if (this.peek().kind !== 'ident' || !this.isOp('(', 1)) this.unexpected('a function call');
    return this.parseCall();
  }

  /**
   * `name=value` options before an operator's arguments. Only the names in `allowed` and `hint.*`
   * count as options, so `summarize n = count()` is not mistaken for one.
   */
  protected parseOptions(allowed: readonly string[]): OptionValue[] {
    const options: OptionValue[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident') return options;
      let name: string;
      let k: number;
      if (t.text === 'hint' && this.isOp('.', 1)) {
        const parts = ['hint'];
        k = 1;
        while (this.isOp('.', k) && this.peek(k + 1).kind === 'ident') {
          const part = this.peek(k + 1);
          parts.push(part.kind === 'ident' ? part.text : '');
          k += 2;
        }
        name = parts.join('.');
      } else if (allowed.includes(t.text)) {
        name = t.text;
        k = 1;
      } else {
        return options;
      }
      if (!this.isOp('=', k)) return options;
      this.pos += k + 1;
      const value = this.advance();
      if (value.kind === 'eof' || (value.kind === 'op' && value.text !== '-')) {
        this.unexpected(`a value for ${name}`, value);
      }
      const text =
        value.kind === 'string'
          ? value.value
          : this.source.text.slice(value.span.start, value.span.end);
      options.push({ name, value: text, span: this.spanFrom(t.span.start) });
    }
  }

  protected parseAssignments(): Assignment[] {
    const list: Assignment[] = [];
    do list.push(this.parseAssignment());
    while (this.eatOp(','));
    return list;
  }

  /** `name = e`, `(a, b) = e` or a bare `e`. */
  protected parseAssignment(): Assignment {
    const start = this.start();
    if (this.atName() && this.isOp('=', this.nameLength())) {
      const name = this.expectName();
      this.advance();
      const expr = this.parseExpr();
      return { names: [name], expr, span: this.spanFrom(start) };
    }
    if (this.isOp('(') && this.atTupleAssignment()) {
      this.advance();
      const names: Ident[] = [];
      do names.push(this.expectName());
      while (this.eatOp(','));
      this.expectOp(')');
      this.expectOp('=');
      const expr = this.parseExpr();
      return { names, expr, span: this.spanFrom(start) };
    }
    return { names: [], expr: this.parseExpr(), span: this.spanFrom(start) };
  }

  /** Looks past `(` for `name, name… ) =`. */
  private atTupleAssignment(): boolean {
    let k = 1;
    for (;;) {
      if (!this.atName(k)) return false;
      k += this.nameLength(k);
      if (this.isOp(',', k)) k++;
      else return this.isOp(')', k) && this.isOp('=', k + 1);
    }
  }

  /** A column name pattern such as `Col`, `Col*`, `*Id` or `['a b']`, written without spaces. */
  protected parsePattern(): NamePattern {
    const start = this.start();
    if (this.atName() && this.peek().kind !== 'ident') {
      const name = this.expectName();
      return { pattern: name.name, span: name.span };
    }
    let pattern = '';
    let end = start;
    for (;;) {
      const t = this.peek();
      const adjacent = pattern === '' || t.span.start === end;
      if (!adjacent) break;
      if (t.kind === 'ident') pattern += t.text;
      else if (t.kind === 'op' && t.text === '*') pattern += '*';
      else if (t.kind === 'number' && pattern !== '') pattern += t.text;
      else break;
      end = t.span.end;
      this.advance();
    }
    if (pattern === '') this.unexpected('a column name');
    return { pattern, span: { start, end } };
  }

  protected parsePatterns(): NamePattern[] {
    const list: NamePattern[] = [];
    do list.push(this.parsePattern());
    while (this.eatOp(','));
    return list;
  }

  private parseProjectRename(start: number): Operator {
    const renames: { newName: Ident; oldName: Ident }[] = [];
    do {
      const newName = this.expectName('a new column name');
      this.expectOp('=');
      const oldName = this.expectName('a column name');
      renames.push({ newName, oldName });
    } while (this.eatOp(','));
    return { kind: 'project-rename', renames, span: this.spanFrom(start) };
  }

  private parseProjectReorder(start: number): Operator {
    const columns: { pattern: NamePattern; order?: 'asc' | 'desc' }[] = [];
    do {
      const pattern = this.parsePattern();
      const order = this.eatWord('asc') ? 'asc' : this.eatWord('desc') ? 'desc' : undefined;
      columns.push(order === undefined ? { pattern } : { pattern, order });
    } while (this.eatOp(','));
    return { kind: 'project-reorder', columns, span: this.spanFrom(start) };
  }

  private parseSummarize(start: number): Operator {
    this.parseOptions([]);
    const aggregates = this.isWord('by') ? [] : this.parseAssignments();
    const by = this.eatWord('by') ? this.parseAssignments() : [];
    return { kind: 'summarize', aggregates, by, span: this.spanFrom(start) };
  }

  private parseDistinct(start: number): Operator {
    this.parseOptions([]);
    if (this.isOp('*')) {
      this.advance();
      return { kind: 'distinct', columns: [], star: true, span: this.spanFrom(start) };
    }
    const columns: Expr[] = [];
    do columns.push(this.parseExpr());
    while (this.eatOp(','));
    return { kind: 'distinct', columns, star: false, span: this.spanFrom(start) };
  }

  /** The right side of `join` / `lookup`: `(subquery)` or a bare table name. */
  private parseRightSide(): Pipeline {
    if (this.isOp('(')) {
      this.advance();
      const r = this.parseExprOrPipeline();
      this.expectOp(')');
      return this.toPipeline(r);
    }
    if (!this.atName()) this.unexpected("a table name or '('");
    if (this.peek().kind === 'ident' && this.isOp('(', 1)) {
      const call = this.parseCall();
      return this.toPipeline(call);
    }
    const name = this.expectName('a table name');
    return {
      kind: 'pipeline',
      source: { kind: 'table', name, span: name.span },
      operators: [],
      span: name.span,
    };
  }

  private joinKind(options: readonly OptionValue[], fallback: JoinKind): [JoinKind, Span?] {
    const kind = options.find((o) => o.name === 'kind');
    if (kind === undefined) return [fallback];
    const value = JOIN_KINDS.get(kind.value);
    if (value === undefined) {
      this.error(`unknown join kind '${kind.value}'`, kind.span);
    }
    return [value, kind.span];
  }

  private parseJoin(start: number): Operator {
    const options = this.parseOptions(['kind', 'withsource']);
    const [joinKind, kindSpan] = this.joinKind(options, 'innerunique');
    const right = this.parseRightSide();
    const on = this.parseJoinConditions();
    const rest = options.filter((o) => o.name !== 'kind');
    const span = this.spanFrom(start);
    return kindSpan === undefined
      ? { kind: 'join', joinKind, options: rest, right, on, span }
      : { kind: 'join', joinKind, kindSpan, options: rest, right, on, span };
  }

  private parseLookup(start: number): Operator {
    const options = this.parseOptions(['kind']);
    const [kind] = this.joinKind(options, 'leftouter');
    if (kind !== 'leftouter' && kind !== 'inner') {
      const opt = options.find((o) => o.name === 'kind');
      this.error(
        `lookup kind must be leftouter or inner, not '${kind}'`,
        opt?.span ?? this.spanFrom(start),
      );
    }
    const right = this.parseRightSide();
    const on = this.parseJoinConditions();
    return { kind: 'lookup', lookupKind: kind, right, on, span: this.spanFrom(start) };
  }

  /** `on a, $left.b == $right.c and …`: terms joined by `,` or `and`. */
  private parseJoinConditions(): JoinCondition[] {
    this.expectWord('on');
    const terms: Expr[] = [];
    do terms.push(this.parseExpr());
    while (this.eatOp(','));
    const out: JoinCondition[] = [];
    const visit = (e: Expr): void => {
      if (e.kind === 'paren') {
        visit(e.expr);
        return;
      }
      if (e.kind === 'binary' && e.op === 'and') {
        visit(e.left);
        visit(e.right);
        return;
      }
      if (e.kind === 'name') {
        out.push({ kind: 'same', column: { name: e.name, span: e.span }, span: e.span });
        return;
      }
      if (e.kind === 'binary' && e.op === '==') {
        const l = sideColumn(e.left);
        const r = sideColumn(e.right);
        if (l !== undefined && r !== undefined && l.side !== r.side) {
          const [left, right] = l.side === '$left' ? [l.column, r.column] : [r.column, l.column];
          out.push({ kind: 'pair', left, right, span: e.span });
          return;
        }
      }
      this.error("expected a join condition: a column name or '$left.a == $right.b'", e.span);
    };
    terms.forEach(visit);
    return out;
  }

  protected parseUnion(start: number): UnionOp {
    const options = this.parseOptions(['kind', 'withsource', 'isfuzzy']);
    let unionKind: 'outer' | 'inner' = 'outer';
    let withSource: Ident | undefined;
    let isFuzzy = false;
    for (const o of options) {
      if (o.name === 'kind') {
        if (o.value !== 'inner' && o.value !== 'outer') {
          this.error(`union kind must be inner or outer, not '${o.value}'`, o.span);
        }
        unionKind = o.value;
      } else if (o.name === 'withsource') {
        const at = o.span.end - o.value.length;
        withSource = { name: o.value, span: { start: at, end: o.span.end } };
      } else if (o.name === 'isfuzzy') {
        isFuzzy = o.value === 'true';
      }
    }
    const legs: Pipeline[] = [];
    do legs.push(this.parseUnionLeg());
    while (this.eatOp(','));
    const span = this.spanFrom(start);
    return withSource === undefined
      ? { kind: 'union', unionKind, isFuzzy, legs, span }
      : { kind: 'union', unionKind, withSource, isFuzzy, legs, span };
  }

  private parseUnionLeg(): Pipeline {
    if (this.isOp('(')) return this.parseRightSide();
    if (this.peek().kind === 'ident' && this.isOp('(', 1)) return this.toPipeline(this.parseCall());
    const pattern = this.parsePattern();
    const name = { name: pattern.pattern, span: pattern.span };
    return {
      kind: 'pipeline',
      source: { kind: 'table', name, span: name.span },
      operators: [],
      span: name.span,
    };
  }

  /** `[name =] expr [to typeof(T)]`, comma-separated, as in `mv-expand` and `mv-apply`. */
  private parseExpandItems(): MvExpandItem[] {
    const items: MvExpandItem[] = [];
    do {
      const start = this.start();
      let name: Ident | undefined;
      if (this.atName() && this.isOp('=', this.nameLength())) {
        name = this.expectName();
        this.advance();
      }
      const expr = this.parseExpr();
      let toType: string | undefined;
      if (this.eatWord('to')) {
        this.expectWord('typeof');
        this.expectOp('(');
        toType = this.parseTypeName();
        this.expectOp(')');
      }
      items.push({
        ...(name === undefined ? {} : { name }),
        expr,
        ...(toType === undefined ? {} : { toType }),
        span: this.spanFrom(start),
      });
    } while (this.eatOp(','));
    return items;
  }

  private itemIndex(options: readonly OptionValue[]): Ident | undefined {
    const o = options.find((x) => x.name === 'with_itemindex');
    if (o === undefined) return undefined;
    return { name: o.value, span: { start: o.span.end - o.value.length, end: o.span.end } };
  }

  private parseMvExpand(start: number, legacy: boolean): Operator {
    const options = this.parseOptions(['bagexpansion', 'kind', 'with_itemindex']);
    const bag = options.find((o) => o.name === 'bagexpansion' || o.name === 'kind');
    if (bag !== undefined && bag.value !== 'bag' && bag.value !== 'array') {
      this.error(`bagexpansion must be bag or array, not '${bag.value}'`, bag.span);
    }
    const withItemIndex = this.itemIndex(options);
    const items = this.parseExpandItems();
    const limit = this.eatWord('limit') ? this.parseExpr() : undefined;
    return {
      kind: 'mv-expand',
      legacy,
      bagExpansion: bag?.value === 'array' ? 'array' : 'bag',
      ...(withItemIndex === undefined ? {} : { withItemIndex }),
      items,
      ...(limit === undefined ? {} : { limit }),
      span: this.spanFrom(start),
    };
  }

  /** Operators of a subquery with no source: `on (top 1 by x | project y)`. */
  protected parseOperatorList(close: string): Operator[] {
    const ops: Operator[] = [];
    this.eatOp('|');
    while (!this.isOp(close)) {
      ops.push(this.parseOperator());
      if (!this.eatOp('|')) break;
    }
    return ops;
  }

  private parseMvApply(start: number): Operator {
    const options = this.parseOptions(['with_itemindex']);
    const withItemIndex = this.itemIndex(options);
    const items = this.parseExpandItems();
    const limit = this.eatWord('limit') ? this.parseExpr() : undefined;
    this.expectWord('on');
    this.expectOp('(');
    const body = this.parseOperatorList(')');
    this.expectOp(')');
    return {
      kind: 'mv-apply',
      ...(withItemIndex === undefined ? {} : { withItemIndex }),
      items,
      ...(limit === undefined ? {} : { limit }),
      body,
      span: this.spanFrom(start),
    };
  }

  private parseParse(start: number, where: boolean): Operator {
    const options = this.parseOptions(['kind', 'flags']);
    const kindOpt = options.find((o) => o.name === 'kind');
    const parseKind = kindOpt?.value ?? 'simple';
    if (parseKind !== 'simple' && parseKind !== 'regex' && parseKind !== 'relaxed') {
      return this.error(
        `parse kind must be simple, regex or relaxed, not '${parseKind}'`,
        kindOpt?.span ?? this.spanFrom(start),
      );
    }
    const flags = options.find((o) => o.name === 'flags')?.value;
    const source = this.parseExpr();
    this.expectWord('with');
    const pattern: ParsePatternPart[] = [];
    while (!this.atOperatorEnd()) {
      const t = this.peek();
      if (t.kind === 'string') {
        this.advance();
        pattern.push({ kind: 'literal', text: t.value, span: t.span });
      } else if (t.kind === 'op' && t.text === '*') {
        this.advance();
        pattern.push({ kind: 'star', span: t.span });
      } else if (this.atName()) {
        const name = this.expectName();
        const type = this.eatOp(':') ? this.parseTypeName() : undefined;
        pattern.push({
          kind: 'column',
          name,
          ...(type === undefined ? {} : { type }),
          span: this.spanFrom(name.span.start),
        });
      } else {
        this.unexpected("a string, '*' or a column name in the parse pattern");
      }
    }
    return {
      kind: 'parse',
      parseKind,
      where,
      ...(flags === undefined ? {} : { flags }),
      source,
      pattern,
      span: this.spanFrom(start),
    };
  }

  private parseSortKey(): SortKey {
    const start = this.start();
    const expr = this.parseExpr();
    const order = this.eatWord('asc') ? 'asc' : this.eatWord('desc') ? 'desc' : 'desc';
    let nulls: 'first' | 'last' | undefined;
    if (this.eatWord('nulls')) {
      if (this.eatWord('first')) nulls = 'first';
      else if (this.eatWord('last')) nulls = 'last';
      else this.unexpected("'first' or 'last'");
    }
    return {
      expr,
      order,
      ...(nulls === undefined ? {} : { nulls }),
      span: this.spanFrom(start),
    };
  }

  private parseSort(start: number): Operator {
    this.parseOptions([]);
    this.expectWord('by');
    const keys: SortKey[] = [];
    do keys.push(this.parseSortKey());
    while (this.eatOp(','));
    return { kind: 'sort', keys, span: this.spanFrom(start) };
  }

  private parseTop(start: number): Operator {
    const count = this.parseExpr();
    this.expectWord('by');
    const key = this.parseSortKey();
    return { kind: 'top', count, key, span: this.spanFrom(start) };
  }

  private parsePartition(start: number): Operator {
    this.parseOptions([]);
    this.expectWord('by');
    const by = this.expectName('a column name');
    this.parseOptions([]);
    if (this.eatOp('{')) {
      const r = this.parseExprOrPipeline();
      this.expectOp('}');
      return { kind: 'partition', by, body: this.toPipeline(r), span: this.spanFrom(start) };
    }
    this.expectOp('(');
    const body = this.parseOperatorList(')');
    this.expectOp(')');
    return { kind: 'partition', by, body, span: this.spanFrom(start) };
  }
}

/** `$left.col` / `$right.col` in a join condition. */
function sideColumn(e: Expr): { side: '$left' | '$right'; column: Ident } | undefined {
  if (e.kind !== 'member' || e.target.kind !== 'name') return undefined;
  const side = e.target.name;
  if (side !== '$left' && side !== '$right') return undefined;
  const keyStart = e.span.end - e.key.length;
  return {
    side,
    column: { name: e.key, span: { start: Math.max(e.span.start, keyStart), end: e.span.end } },
  };
}
