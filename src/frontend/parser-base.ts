/**
 * Token-stream helpers shared by the scalar and tabular parsers: look-ahead, `expect`, and the
 * "expected X but found Y" diagnostic pointing at the offending token.
 */
import { CompileError, Codes, InternalError, diagnostic } from '../diagnostics.js';
import type { Source, Span } from '../diagnostics.js';
import type { Ident } from './ast.js';
import { describeToken } from './tokens.js';
import type { Token } from './tokens.js';

export class TokenStream {
  protected pos = 0;

  constructor(
    protected readonly source: Source,
    protected readonly tokens: readonly Token[],
  ) {}

  /** The token `k` places ahead; the final `eof` repeats past the end. */
  protected peek(k = 0): Token {
    const t = this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
    if (t === undefined) throw new InternalError('token stream without eof');
    return t;
  }

  protected advance(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** End offset of the last consumed token, to close a node's span. */
  protected lastEnd(): number {
    const t = this.tokens[this.pos - 1];
    return t === undefined ? 0 : t.span.end;
  }

  protected spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd()) };
  }

  protected start(): number {
    return this.peek().span.start;
  }

  /** Is the token `k` ahead the word `text` (KQL keywords are lower case and case-sensitive)? */
  protected isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.text === text;
  }

  protected isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }

  protected isEof(): boolean {
    return this.peek().kind === 'eof';
  }

  protected eatWord(text: string): Token | undefined {
    return this.isWord(text) ? this.advance() : undefined;
  }

  protected eatOp(text: string): Token | undefined {
    return this.isOp(text) ? this.advance() : undefined;
  }

  protected expectOp(text: string): Token {
    if (!this.isOp(text)) this.unexpected(`'${text}'`);
    return this.advance();
  }

  protected expectWord(text: string): Token {
    if (!this.isWord(text)) this.unexpected(`'${text}'`);
    return this.advance();
  }

  /** Is the next token a name: a word or a bracketed `['name']`? */
  protected atName(k = 0): boolean {
    const t = this.peek(k);
    if (t.kind === 'ident') return true;
    return (
      t.kind === 'op' &&
      t.text === '[' &&
      this.peek(k + 1).kind === 'string' &&
      this.isOp(']', k + 2)
    );
  }

  /** Number of tokens the name at `k` takes (1 for a word, 3 for `['name']`). */
  protected nameLength(k = 0): number {
    return this.peek(k).kind === 'ident' ? 1 : 3;
  }

  /** A column or table name: a word or `['name with spaces']`. */
  protected expectName(what = 'a name'): Ident {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.advance();
      return { name: t.text, span: t.span };
    }
    if (this.atName()) {
      const open = this.advance();
      const str = this.advance();
      this.advance();
      return {
        name: str.kind === 'string' ? str.value : '',
        span: { start: open.span.start, end: this.lastEnd() },
      };
    }
    this.unexpected(what);
  }

  /** Throws KQL1003 at the current token (or `token`). */
  protected unexpected(expected: string, token: Token = this.peek()): never {
    throw new CompileError([
      diagnostic(
        Codes.unexpectedToken,
        `expected ${expected} but found ${describeToken(token)}`,
        this.source,
        token.span,
      ),
    ]);
  }

  /** Throws a diagnostic with a custom message at `span`. */
  protected error(message: string, span: Span): never {
    throw new CompileError([diagnostic(Codes.unexpectedToken, message, this.source, span)]);
  }

  /** Throws KQL3001 for valid KQL that rule2sql does not translate, at `span`. */
  protected unsupported(what: string, span: Span): never {
    throw new CompileError([
      diagnostic(Codes.unsupportedOperator, `${what} is not supported`, this.source, span),
    ]);
  }
}
