/**
 * Scalar expressions. Precedence, lowest first: `or`, `and`, equality (`==`, `!=`, `in`,
 * `between`), relational (`<`, `>=`…), string operators (`has`, `contains`, `=~`…), `+ -`,
 * `* / %`, unary `- +`, then postfix member access, indexing and calls. Each comparison level
 * takes one operator: comparisons do not chain.
 */
import type { Span } from '../diagnostics.js';
import type { BinaryOp, Call, Expr, Ident, NamedArg, Pipeline, TabularSource } from './ast.js';
import { LiteralParser, parseTimespanText } from './parser-literals.js';
import type { Token } from './tokens.js';

/** The bool literal spellings Kusto accepts: all lower, capitalised or all upper case. */
const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

/** Comparison-level operators written as one token. */
const COMPARISON_OPS: ReadonlySet<string> = new Set<BinaryOp>([
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '=~',
  '!~',
  'has',
  '!has',
  'has_cs',
  '!has_cs',
  'hasprefix',
  '!hasprefix',
  'hasprefix_cs',
  '!hasprefix_cs',
  'hassuffix',
  '!hassuffix',
  'hassuffix_cs',
  '!hassuffix_cs',
  'contains',
  '!contains',
  'contains_cs',
  '!contains_cs',
  'startswith',
  '!startswith',
  'startswith_cs',
  '!startswith_cs',
  'endswith',
  '!endswith',
  'endswith_cs',
  '!endswith_cs',
  'has_any',
  'has_all',
]);

const IN_OPS: ReadonlySet<string> = new Set(['in', '!in', 'in~', '!in~']);

type ComparisonLevel = 'equality' | 'string' | 'relational';

/** The level of a comparison operator (see `parseComparison`). */
function comparisonLevel(op: string): ComparisonLevel {
  if (op === '==' || op === '!=' || IN_OPS.has(op) || op === 'between' || op === '!between') {
    return 'equality';
  }
  if (op === '<' || op === '<=' || op === '>' || op === '>=') return 'relational';
  return 'string';
}

/** Typed scalar literals `long(1)`, `real(nan)`, `int(null)`, `bool(true)`. */
const NUMERIC_TYPES: ReadonlyMap<string, 'long' | 'int' | 'real' | 'decimal'> = new Map([
  ['long', 'long'],
  ['int64', 'long'],
  ['int', 'int'],
  ['int32', 'int'],
  ['real', 'real'],
  ['double', 'real'],
  ['decimal', 'decimal'],
] as const);

export abstract class ScalarParser extends LiteralParser {
  /** Parses a whole pipeline (source and operators); implemented by the tabular parser. */
  protected abstract parsePipeline(): Pipeline;
  /** Parses `| op | op…` after an already parsed source. */
  protected abstract parsePipelineRest(source: TabularSource, start: number): Pipeline;

  protected parseExpr(): Expr {
    return this.parseOr();
  }

  private binary(op: BinaryOp, left: Expr, right: Expr, opSpan: Span): Expr {
    return {
      kind: 'binary',
      op,
      left,
      right,
      opSpan,
      span: { start: left.span.start, end: right.span.end },
    };
  }

  private parseOr(): Expr {
    return this.parseLogical('or');
  }

  private parseAnd(): Expr {
    return this.parseLogical('and');
  }

  /**
   * `a op b op c …` for the associative and/or. Up to 64 operands nest to the left as usual; a
   * longer chain (generated rules hold thousands of terms) is built as a balanced tree, so that
   * its depth, and the recursion of every pass over the tree, is logarithmic in its length.
   */
  private parseLogical(op: 'and' | 'or'): Expr {
    // No closures here: this runs for every scalar expression, twice.
    const first = op === 'or' ? this.parseAnd() : this.parseComparison();
    if (!this.isWord(op)) return first;
    const operands = [first];
    const ops: Span[] = [];
    while (this.isWord(op)) {
      ops.push(this.advance().span);
      operands.push(op === 'or' ? this.parseAnd() : this.parseComparison());
    }
    return this.logicalTree(op, operands, ops, 0, operands.length);
  }

  /** `operands[from..to)` joined by `op` (the operator spans between them in `ops`). */
  private logicalTree(
    op: 'and' | 'or',
    operands: readonly Expr[],
    ops: readonly Span[],
    from: number,
    to: number,
  ): Expr {
    const first = operands[from];
    if (first === undefined) throw new Error('parseLogical: empty operand range');
    if (to - from === 1) return first;
    if (to - from <= 64) {
      let left = first;
      for (let i = from + 1; i < to; i++) {
        const right = operands[i];
        const opSpan = ops[i - 1];
        if (right !== undefined && opSpan !== undefined)
          left = this.binary(op, left, right, opSpan);
      }
      return left;
    }
    const mid = from + Math.ceil((to - from) / 2);
    const opSpan = ops[mid - 1];
    if (opSpan === undefined) throw new Error('parseLogical: missing operator');
    return this.binary(
      op,
      this.logicalTree(op, operands, ops, from, mid),
      this.logicalTree(op, operands, ops, mid, to),
      opSpan,
    );
  }

  private comparisonOp(): string | undefined {
    const t = this.peek();
    if (t.kind !== 'ident' && t.kind !== 'op') return undefined;
    if (COMPARISON_OPS.has(t.text) || IN_OPS.has(t.text)) return t.text;
    if (t.text === 'between' || t.text === '!between') return t.text;
    if (t.kind === 'ident' && t.text === 'matches' && this.isWord('regex', 1))
      return 'matches regex';
    return undefined;
  }

  /**
   * The three comparison levels, as Kusto's grammar has them (checked against Kusto.Language's
   * parser): equality (`==`, `!=`, `in`, `between`) over relational (`<`, `>=`…) over string
   * operators (`has`, `contains`, `=~`, `matches regex`…). Each level takes at most one
   * operator: `a == "x" has "y"` is `a == ("x" has "y")` and `a has "x" < b has "y"` is
   * `(a has "x") < (b has "y")`, while `a has "x" has "y"` or `a == b == c` is an error asking
   * for parentheses.
   */
  private parseComparison(): Expr {
    const left = this.parseRelational();
    const op = this.comparisonOp();
    if (op === undefined || comparisonLevel(op) !== 'equality') return left;
    const opToken = this.advance();
    const opSpan = this.spanFrom(opToken.span.start);
    let result: Expr;
    if (op === 'in' || op === '!in' || op === 'in~' || op === '!in~') {
      const items = this.parseList();
      result = { kind: 'in', op, left, items: items.items, span: this.spanFrom(left.span.start) };
    } else if (op === 'between' || op === '!between') {
      this.expectOp('(');
      const low = this.parseAdditive();
      this.expectOp('..');
      const high = this.parseAdditive();
      this.expectOp(')');
      result = {
        kind: 'between',
        negated: op === '!between',
        left,
        low,
        high,
        span: this.spanFrom(left.span.start),
      };
    } else {
      result = this.binary(op as BinaryOp, left, this.parseRelational(), opSpan);
    }
    this.refuseChain(op);
    return result;
  }

  private parseStringComparison(): Expr {
    const left = this.parseAdditive();
    const op = this.comparisonOp();
    if (op === undefined || comparisonLevel(op) !== 'string') return left;
    const opToken = this.advance();
    if (op === 'matches regex') this.advance();
    const opSpan = this.spanFrom(opToken.span.start);
    let result: Expr;
    if ((op === 'has_any' || op === 'has_all') && this.isOp('(')) {
      const list = this.parseList();
      result = this.binary(op, left, { kind: 'list', items: list.items, span: list.span }, opSpan);
    } else {
      result = this.binary(op as BinaryOp, left, this.parseAdditive(), opSpan);
    }
    this.refuseChain(op);
    return result;
  }

  private parseRelational(): Expr {
    const left = this.parseStringComparison();
    const op = this.comparisonOp();
    if (op === undefined || comparisonLevel(op) !== 'relational') return left;
    const opSpan = this.advance().span;
    const result = this.binary(op as BinaryOp, left, this.parseStringComparison(), opSpan);
    this.refuseChain(op);
    return result;
  }

  /** After `a OP b`, another operator of OP's level needs parentheses. */
  private refuseChain(previous: string): void {
    const next = this.comparisonOp();
    if (next === undefined || comparisonLevel(next) !== comparisonLevel(previous)) return;
    this.error(
      `'${next}' cannot follow '${previous}' without parentheses (comparisons do not chain)`,
      this.peek().span,
    );
  }

  /** `( item, item… )` where an item may be a tabular expression. */
  private parseList(): { items: Expr[]; span: Span } {
    const start = this.expectOp('(').span.start;
    const items: Expr[] = [];
    if (!this.isOp(')')) {
      do items.push(this.parseArgument());
      while (this.eatOp(','));
    }
    this.expectOp(')');
    return { items, span: this.spanFrom(start) };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.advance();
      const right = this.parseMultiplicative();
      left = this.binary(op.kind === 'op' && op.text === '+' ? '+' : '-', left, right, op.span);
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/' && t.text !== '%')) return left;
      this.advance();
      left = this.binary(t.text, left, this.parseUnary(), t.span);
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.advance();
      const operand = this.parseUnary();
      return {
        kind: 'unary',
        op: t.text,
        operand,
        span: { start: t.span.start, end: operand.span.end },
      };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    for (;;) {
      const start = e.span.start;
      if (this.isOp('.') && this.peek(1).kind === 'ident') {
        this.advance();
        const key = this.advance();
        e = {
          kind: 'member',
          target: e,
          key: key.kind === 'ident' ? key.text : '',
          span: this.spanFrom(start),
        };
      } else if (this.isOp('.') && this.isOp('[', 1)) {
        this.advance();
        e = this.parseBracket(e);
      } else if (this.isOp('[')) {
        e = this.parseBracket(e);
      } else {
        return e;
      }
    }
  }

  /** `[ 'key' ]` is a member access, anything else an index. */
  private parseBracket(target: Expr): Expr {
    this.expectOp('[');
    const t = this.peek();
    if (t.kind === 'string' && this.isOp(']', 1)) {
      this.advance();
      this.advance();
      return { kind: 'member', target, key: t.value, span: this.spanFrom(target.span.start) };
    }
    const index = this.parseExpr();
    this.expectOp(']');
    return { kind: 'index', target, index, span: this.spanFrom(target.span.start) };
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'string':
        this.advance();
        return { kind: 'string', value: t.value, span: t.span };
      case 'number':
        this.advance();
        return { kind: 'number', text: t.text, value: t.value, type: t.type, span: t.span };
      case 'timespan':
        this.advance();
        return { kind: 'timespan', ticks: t.ticks, span: t.span };
      case 'raw':
        this.advance();
        return this.rawLiteral(t);
      case 'ident':
        return this.parseWordPrimary(t);
      case 'op':
        if (t.text === '(') return this.parseParen();
        // `* has "x"` / `* contains "x"`: a term searched in every column (where-operator.md).
        if (t.text === '*') {
          const next = this.peek(1);
          if (next.kind === 'ident') {
            return this.unsupported(`'* ${next.text}' (a search over every column)`, t.span);
          }
        }
        if (this.atName()) {
          const name = this.expectName();
          return { kind: 'name', name: name.name, span: name.span };
        }
        return this.unexpected('an expression');
      case 'eof':
        return this.unexpected('an expression');
      default:
        return this.unexpected('an expression');
    }
  }

  private rawLiteral(t: Extract<Token, { kind: 'raw' }>): Expr {
    switch (t.type) {
      case 'datetime':
      case 'date':
        if (t.text === 'null') return { kind: 'null', type: 'datetime', span: t.span };
        if (t.text === '') this.error('expected a date inside datetime()', t.textSpan);
        return { kind: 'datetime', text: t.text, span: t.span };
      case 'timespan':
      case 'time': {
        if (t.text === 'null') return { kind: 'null', type: 'timespan', span: t.span };
        const ticks = parseTimespanText(t.text, this.source, t.textSpan);
        return { kind: 'timespan', ticks, span: t.span };
      }
      case 'guid':
        if (t.text === 'null') return { kind: 'null', type: 'guid', span: t.span };
        // No guid literal node: `toguid('…')` means the same (refused by the binder, KQL3002).
        return {
          kind: 'call',
          name: { name: 'toguid', span: t.span },
          args: [{ kind: 'string', value: t.text, span: t.textSpan }],
          span: t.span,
        };
      default:
        return this.unexpected('an expression', t);
    }
  }

  private parseWordPrimary(t: Extract<Token, { kind: 'ident' }>): Expr {
    const call = this.isOp('(', 1);
    if (!call) {
      this.advance();
      const bool = BOOL_WORDS.get(t.text);
      if (bool !== undefined) return { kind: 'bool', value: bool, span: t.span };
      return { kind: 'name', name: t.text, span: t.span };
    }
    if (t.text === 'dynamic') {
      this.advance();
      const value = this.parseDynamicBody();
      return value === null
        ? { kind: 'null', type: 'dynamic', span: this.spanFrom(t.span.start) }
        : { kind: 'dynamic', value, span: this.spanFrom(t.span.start) };
    }
    if (t.text === 'typeof') {
      this.advance();
      this.expectOp('(');
      const type = this.parseTypeName();
      this.expectOp(')');
      return { kind: 'typeof', type, span: this.spanFrom(t.span.start) };
    }
    const typed = this.typedLiteral(t);
    if (typed !== undefined) return typed;
    return this.parseCall();
  }

  /** A type name as in `typeof(string)` or `a:long`; `(*)` and `(a:long)` are `tabular`. */
  protected parseTypeName(): string {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.advance();
      return t.text;
    }
    return this.unexpected('a type name');
  }

  /** `long(1)`, `int(null)`, `real(nan)`, `real(-inf)`, `bool(true)`; others are calls. */
  private typedLiteral(t: Extract<Token, { kind: 'ident' }>): Expr | undefined {
    const numeric = NUMERIC_TYPES.get(t.text);
    const isBool = t.text === 'bool' || t.text === 'boolean';
    if (numeric === undefined && !isBool) return undefined;
    let k = 2;
    const sign = this.peek(k);
    const signed = sign.kind === 'op' && (sign.text === '-' || sign.text === '+');
    if (signed) k++;
    const inner = this.peek(k);
    if (!this.isOp(')', k + 1)) return undefined;
    const start = t.span.start;
    const consume = (): Span => {
      this.pos += k + 2;
      return this.spanFrom(start);
    };
    const negative = signed && sign.text === '-';
    if (inner.kind === 'ident' && inner.text === 'null' && !signed) {
      return { kind: 'null', type: numeric ?? 'bool', span: consume() };
    }
    if (isBool) {
      const bool = inner.kind === 'ident' ? BOOL_WORDS.get(inner.text) : undefined;
      if (bool === undefined || signed) return undefined;
      return { kind: 'bool', value: bool, span: consume() };
    }
    if (numeric === undefined) return undefined;
    if (inner.kind === 'number') {
      const value = negative ? -inner.value : inner.value;
      const text = negative ? `-${inner.text}` : inner.text;
      return { kind: 'number', text, value, type: numeric, span: consume() };
    }
    if (
      inner.kind === 'ident' &&
      numeric === 'real' &&
      (inner.text === 'nan' || inner.text === 'inf')
    ) {
      if (inner.text === 'nan' && signed) return undefined;
      const value = inner.text === 'nan' ? NaN : negative ? -Infinity : Infinity;
      const text = inner.text === 'nan' ? 'nan' : negative ? '-inf' : 'inf';
      return { kind: 'number', text, value, type: 'real', span: consume() };
    }
    return undefined;
  }

  /** `name(args)`, with named arguments `x = 1` kept apart. */
  protected parseCall(): Call {
    const nameToken = this.advance();
    const name: Ident = {
      name: nameToken.kind === 'ident' ? nameToken.text : '',
      span: nameToken.span,
    };
    this.expectOp('(');
    const args: Expr[] = [];
    const namedArgs: NamedArg[] = [];
    if (!this.isOp(')')) {
      do {
        if (this.atName() && this.isOp('=', this.nameLength())) {
          const argName = this.expectName();
          this.advance();
          const value = this.parseArgument();
          namedArgs.push({ name: argName, value, span: this.spanFrom(argName.span.start) });
        } else {
          args.push(this.parseArgument());
        }
      } while (this.eatOp(','));
    }
    this.expectOp(')');
    const span = this.spanFrom(name.span.start);
    return namedArgs.length > 0
      ? { kind: 'call', name, args, namedArgs, span }
      : { kind: 'call', name, args, span };
  }

  /** A call argument or list item: a scalar, or a tabular expression wrapped as `TabularExpr`. */
  protected parseArgument(): Expr {
    // `*` alone is an argument (`arg_max(t, *)`, `count(*)`), never an operand.
    const t = this.peek();
    if (t.kind === 'op' && t.text === '*' && (this.isOp(',', 1) || this.isOp(')', 1))) {
      this.advance();
      return { kind: 'star', span: t.span };
    }
    const r = this.parseExprOrPipeline();
    return r.kind === 'pipeline' ? { kind: 'tabular', query: r, span: r.span } : r;
  }

  private parseParen(): Expr {
    const start = this.expectOp('(').span.start;
    const inner = this.parseArgument();
    this.expectOp(')');
    return { kind: 'paren', expr: inner, span: this.spanFrom(start) };
  }

  /** Words that start a tabular expression and can never be a scalar. */
  protected tabularOnlyAhead(): boolean {
    const t = this.peek();
    if (t.kind !== 'ident') return false;
    switch (t.text) {
      case 'datatable':
      case 'externaldata':
        return this.isOp('(', 1);
      case 'union':
      case 'print':
        return true;
      case 'range':
        return this.peek(1).kind === 'ident';
      case 'search':
      case 'find': {
        // `search "x"`, `search *`, `find where …`; a bare `search` column is left alone.
        const next = this.peek(1);
        if (next.kind === 'eof') return false;
        return next.kind !== 'op' || next.text === '*' || next.text === '(';
      }
      default:
        return false;
    }
  }

  /**
   * A scalar or a tabular expression, where the grammar allows both (a `let` value, a call
   * argument, an `in` list). Without a binder a bare name stays a scalar `NameRef`.
   */
  protected parseExprOrPipeline(): Expr | Pipeline {
    if (this.tabularOnlyAhead()) return this.parsePipeline();
    const e = this.parseExpr();
    if (this.isOp('|')) return this.parsePipelineRest(this.toSource(e), e.span.start);
    if (e.kind === 'paren' && e.expr.kind === 'tabular') {
      return { kind: 'pipeline', source: this.toSource(e), operators: [], span: e.span };
    }
    return e;
  }

  /** The tabular source an expression stands for when a `|` follows it. */
  protected toSource(e: Expr): TabularSource {
    switch (e.kind) {
      case 'name':
        return { kind: 'table', name: { name: e.name, span: e.span }, span: e.span };
      case 'call':
        return { kind: 'callSource', call: e, span: e.span };
      case 'paren': {
        const query = this.toPipeline(e.expr);
        return { kind: 'parenSource', query, span: e.span };
      }
      case 'tabular':
        return { kind: 'parenSource', query: e.query, span: e.span };
      default:
        return this.error("expected a tabular expression before '|'", e.span);
    }
  }

  protected toPipeline(e: Expr | Pipeline): Pipeline {
    if (e.kind === 'pipeline') return e;
    if (e.kind === 'tabular') return e.query;
    return { kind: 'pipeline', source: this.toSource(e), operators: [], span: e.span };
  }
}
