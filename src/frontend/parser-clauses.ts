/**
 * Clauses shared by several tabular operators: `name=value` options, assignments, column name
 * patterns, join sides and conditions, `mv-expand` items and sort keys.
 */
import type { Span } from '../diagnostics.js';
import type {
  Assignment,
  Expr,
  Ident,
  JoinCondition,
  JoinKind,
  MvExpandItem,
  NamePattern,
  Pipeline,
  SortKey,
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

export abstract class ClauseParser extends ScalarParser {
  /** Is the current token the end of an operator (`|`, a closing bracket, `;`, the end)? */
  protected atOperatorEnd(): boolean {
    const t = this.peek();
    if (t.kind === 'eof') return true;
    return (
      t.kind === 'op' && (t.text === '|' || t.text === ')' || t.text === ';' || t.text === '}')
    );
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

  /** Looks past `(` for `name, name… ) =`. */
  protected atTupleAssignment(): boolean {
    let k = 1;
    for (;;) {
      if (!this.atName(k)) return false;
      k += this.nameLength(k);
      if (this.isOp(',', k)) k++;
      else return this.isOp(')', k) && this.isOp('=', k + 1);
    }
  }

  /** A column name pattern such as `Col`, `Col*`, `*Id` or `['a b']`, written without spaces. */

  /** A column name pattern such as `Col`, `Col*`, `*Id` or `['a b']`, written without spaces. */
  protected parsePattern(): NamePattern {
    const start = this.start();
    if (this.atName() && this.peek().kind !== 'ident') {
      const name = this.expectName();
      return { pattern: name.name, wildcard: false, span: name.span };
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
    return { pattern, wildcard: pattern.includes('*'), span: { start, end } };
  }

  protected parsePatterns(): NamePattern[] {
    const list: NamePattern[] = [];
    do list.push(this.parsePattern());
    while (this.eatOp(','));
    return list;
  }

  /** The right side of `join` / `lookup`: `(subquery)` or a bare table name. */
  protected parseRightSide(): Pipeline {
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

  protected joinKind(options: readonly OptionValue[], fallback: JoinKind): [JoinKind, Span?] {
    const kind = options.find((o) => o.name === 'kind');
    if (kind === undefined) return [fallback];
    const value = JOIN_KINDS.get(kind.value);
    if (value === undefined) {
      this.error(`unknown join kind '${kind.value}'`, kind.span);
    }
    return [value, kind.span];
  }

  /** `on a, $left.b == $right.c and …`: terms joined by `,` or `and`. */
  protected parseJoinConditions(): JoinCondition[] {
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

  /** `[name =] expr [to typeof(T)]`, comma-separated, as in `mv-expand` and `mv-apply`. */
  protected parseExpandItems(): MvExpandItem[] {
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

  protected itemIndex(options: readonly OptionValue[]): Ident | undefined {
    const o = options.find((x) => x.name === 'with_itemindex');
    if (o === undefined) return undefined;
    return { name: o.value, span: { start: o.span.end - o.value.length, end: o.span.end } };
  }

  protected parseSortKey(): SortKey {
    const start = this.start();
    // As in Kusto, the sort keywords are not column names here (a column named `desc` is
    // written ['desc']): `order by a asc, desc` lacks its second key.
    if (this.isWord('asc') || this.isWord('desc') || this.isWord('nulls')) {
      this.unexpected("a sort key (a column named like a keyword is written ['desc'])");
    }
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
