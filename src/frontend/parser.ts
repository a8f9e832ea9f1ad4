/**
 * The KQL parser entry point: statements (`let`, `set`, the final tabular expression). The rest
 * of the grammar is a chain of classes, each extending the previous one: `parser-base.ts` (token
 * helpers), `parser-literals.ts`, `parser-scalar.ts`, `parser-clauses.ts`, `parser-operators.ts`
 * and `parser-tabular.ts`.
 */
import type { Source } from '../diagnostics.js';
import type {
  Expr,
  FunctionBody,
  FunctionParam,
  LetStatement,
  LetValue,
  Pipeline,
  Query,
} from './ast.js';
import { tokenize } from './lexer.js';
import { TabularParser } from './parser-tabular.js';

/** Parses a whole query. Throws `CompileError` (KQL1001–KQL1006) on a lexical or syntax error. */
export function parseQuery(source: Source): Query {
  return new QueryParser(source).parseQuery();
}

/** Parses a lone scalar expression, e.g. for tests or rule fields that hold one. */
export function parseExpression(source: Source): Expr {
  return new QueryParser(source).parseLoneExpression();
}

class QueryParser extends TabularParser {
  constructor(source: Source) {
    super(source, tokenize(source));
  }

  parseLoneExpression(): Expr {
    const e = this.parseExpr();
    if (!this.isEof()) this.unexpected('the end of the expression');
    return e;
  }

  parseQuery(): Query {
    const lets: LetStatement[] = [];
    let body: Pipeline | undefined;
    while (!this.isEof()) {
      if (this.eatOp(';')) continue;
      if (body !== undefined) this.unexpected("';' or the end of the query");
      if (this.isWord('let')) {
        lets.push(this.parseLet());
        if (!this.isEof()) this.expectOp(';');
      } else if (this.isWord('set') && this.peek(1).kind === 'ident') {
        this.skipSetStatement();
      } else {
        body = this.parsePipeline();
        if (!this.isEof() && !this.isOp(';')) this.unexpected("'|', ';' or the end of the query");
      }
    }
    if (body === undefined) this.unexpected('a tabular expression');
    return { lets, body, span: { start: 0, end: this.source.text.length } };
  }

  /** `set name [= value];` only tunes the engine, so it is skipped. */
  private skipSetStatement(): void {
    while (!this.isEof() && !this.isOp(';')) this.advance();
  }

  private parseLet(): LetStatement {
    const start = this.expectWord('let').span.start;
    const name = this.expectName('a name after let');
    this.expectOp('=');
    const value = this.parseLetValue();
    return { kind: 'let', name, value, span: this.spanFrom(start) };
  }

  private parseLetValue(): LetValue {
    if (this.isWord('view') && this.isOp('(', 1)) this.advance();
    if (this.isOp('(') && this.atFunctionParams()) {
      const params = this.parseParams();
      return { kind: 'function', params, body: this.parseFunctionBody() };
    }
    const r = this.parseExprOrPipeline();
    if (r.kind === 'pipeline') {
      const src = r.source;
      if (r.operators.length === 0 && src.kind === 'callSource') {
        const inner = this.materialized(src.call);
        if (inner !== undefined) return { kind: 'query', query: inner, materialize: true };
      }
      return { kind: 'query', query: r, materialize: false };
    }
    if (r.kind === 'call') {
      const inner = this.materialized(r);
      if (inner !== undefined) return { kind: 'query', query: inner, materialize: true };
    }
    return { kind: 'expr', expr: r };
  }

  /** The subquery of `materialize(q)`, or undefined for any other call. */
  private materialized(call: Extract<Expr, { kind: 'call' }>): Pipeline | undefined {
    const arg = call.args[0];
    if (call.name.name !== 'materialize' || call.args.length !== 1 || arg === undefined) {
      return undefined;
    }
    return this.toPipeline(arg);
  }

  /** After `(`: `)` then `{`, or `name :`, means a function's parameter list. */
  private atFunctionParams(): boolean {
    if (this.isOp(')', 1)) return this.isOp('{', 2);
    return this.atName(1) && this.isOp(':', 1 + this.nameLength(1));
  }

  private parseParams(): FunctionParam[] {
    this.expectOp('(');
    const params: FunctionParam[] = [];
    if (!this.isOp(')')) {
      do params.push(this.parseParam());
      while (this.eatOp(','));
    }
    this.expectOp(')');
    return params;
  }

  private parseParam(): FunctionParam {
    const name = this.expectName('a parameter name');
    this.expectOp(':');
    let type: string;
    let tabularColumns: FunctionParam['tabularColumns'];
    if (this.isOp('(')) {
      type = 'tabular';
      if (this.isOp('*', 1) && this.isOp(')', 2)) {
        this.pos += 3;
        tabularColumns = [];
      } else {
        tabularColumns = this.parseColumnDecls();
      }
    } else {
      type = this.parseTypeName();
    }
    const defaultValue = this.eatOp('=') ? this.parseExpr() : undefined;
    return {
      name,
      type,
      ...(tabularColumns === undefined ? {} : { tabularColumns }),
      ...(defaultValue === undefined ? {} : { defaultValue }),
      span: this.spanFrom(name.span.start),
    };
  }

  /** `{ let …; result }` */
  private parseFunctionBody(): FunctionBody {
    const start = this.expectOp('{').span.start;
    const lets: LetStatement[] = [];
    let result: Pipeline | Expr | undefined;
    while (!this.isOp('}')) {
      if (this.eatOp(';')) continue;
      if (result !== undefined) this.unexpected("'}'");
      if (this.isWord('let')) {
        lets.push(this.parseLet());
        if (!this.isOp('}')) this.expectOp(';');
      } else {
        result = this.parseExprOrPipeline();
      }
    }
    this.expectOp('}');
    if (result === undefined) this.unexpected('an expression before }', this.tokens[this.pos - 1]);
    return { lets, result, span: this.spanFrom(start) };
  }
}
