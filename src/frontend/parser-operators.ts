/**
 * Tabular operators: everything after a `|`. Each `parseX` starts after the operator's name.
 */
import type {
  Call,
  Expr,
  Ident,
  NamePattern,
  Operator,
  ParsePatternPart,
  Pipeline,
  SortKey,
  UnionOp,
} from './ast.js';
import { ClauseParser } from './parser-clauses.js';

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

export abstract class OperatorParser extends ClauseParser {
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
  protected skipOperatorArguments(): void {
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
        // KQL writes bool literals in any case: true, True, TRUE.
        const value = o.value.toLowerCase();
        if (value !== 'true' && value !== 'false') {
          this.error(`union isfuzzy must be true or false, not '${o.value}'`, o.span);
        }
        isFuzzy = value === 'true';
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
