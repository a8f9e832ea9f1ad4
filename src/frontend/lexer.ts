/**
 * The KQL lexer: turns query text into tokens with spans. String literals are decoded here
 * (escapes, verbatim, obfuscated and multi-line forms) and adjacent ones are joined, as KQL does.
 */
import { CompileError, Codes, diagnostic } from '../diagnostics.js';
import type { Code, Source } from '../diagnostics.js';
import { DASHED_KEYWORDS, NEGATABLE_WORDS, TIMESPAN_UNITS } from './tokens.js';
import type { RawLiteralType, Token } from './tokens.js';

/** Literal keywords whose parenthesised body is kept as raw text rather than tokenised. */
const RAW_LITERALS: ReadonlySet<string> = new Set(['datetime', 'date', 'timespan', 'time', 'guid']);

const TWO_CHAR_OPS: ReadonlySet<string> = new Set([
  '==',
  '!=',
  '=~',
  '!~',
  '<=',
  '>=',
  '<>',
  '..',
  '=>',
]);
const ONE_CHAR_OPS = '|()[]{},;:=<>+-*/%.~?';

function isIdentStart(c: string): boolean {
  return /[A-Za-z_$]/.test(c) || (c > '\x7f' && /\p{L}/u.test(c));
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c) || (c > '\x7f' && /[\p{L}\p{N}]/u.test(c));
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Splits a whole query into tokens; the last one is always `eof`. Throws `CompileError`. */
export function tokenize(source: Source): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private readonly text: string;
  private pos = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly source: Source) {
    this.text = source.text;
  }

  run(): Token[] {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.text.length) break;
      this.push(this.next());
    }
    this.tokens.push({ kind: 'eof', span: { start: this.text.length, end: this.text.length } });
    return this.tokens;
  }

  private fail(code: Code, message: string, start: number, end: number): never {
    throw new CompileError([diagnostic(code, message, this.source, { start, end })]);
  }

  private ch(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  /** Adds a token, joining a string literal to the one right before it (SEMANTICS.md §7). */
  private push(token: Token): void {
    const last = this.tokens[this.tokens.length - 1];
    if (token.kind === 'string' && last?.kind === 'string') {
      this.tokens[this.tokens.length - 1] = {
        kind: 'string',
        value: last.value + token.value,
        span: { start: last.span.start, end: token.span.end },
      };
      return;
    }
    this.tokens.push(token);
  }

  private skipTrivia(): void {
    while (this.pos < this.text.length) {
      const c = this.ch();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\ufeff') {
        this.pos++;
      } else if (c === '/' && this.ch(1) === '/') {
        const nl = this.text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.text.length : nl + 1;
      } else {
        return;
      }
    }
  }

  private next(): Token {
    const start = this.pos;
    const c = this.ch();
    if (c === '"' || c === "'") return this.quoted(start, start);
    if (c === '@' && (this.ch(1) === '"' || this.ch(1) === "'")) return this.verbatim(start, start);
    if (c === '`' && this.text.startsWith('```', start)) return this.multiline(start);
    if ((c === 'h' || c === 'H') && this.obfuscatedAhead()) {
      this.pos++;
      return this.ch() === '@' ? this.verbatim(start, this.pos) : this.quoted(start, this.pos);
    }
    if (isDigit(c)) return this.number(start);
    if (isIdentStart(c)) return this.word(start);
    if (c === '!' && isIdentStart(this.ch(1))) {
      const negated = this.negatedWord(start);
      if (negated !== undefined) return negated;
    }
    const two = this.text.slice(start, start + 2);
    if (TWO_CHAR_OPS.has(two)) {
      this.pos += 2;
      return { kind: 'op', text: two === '<>' ? '!=' : two, span: { start, end: this.pos } };
    }
    if (ONE_CHAR_OPS.includes(c) || c === '!') {
      this.pos++;
      return { kind: 'op', text: c, span: { start, end: this.pos } };
    }
    const code = this.text.codePointAt(start) ?? 0;
    // A character that shows as nothing or as something else is named by its code point.
    const shown = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(code))
      ? `'${String.fromCodePoint(code)}'`
      : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const width = code > 0xffff ? 2 : 1;
    this.fail(Codes.unexpectedCharacter, `unexpected character ${shown}`, start, start + width);
  }

  private obfuscatedAhead(): boolean {
    const n = this.ch(1);
    if (n === '"' || n === "'") return true;
    return n === '@' && (this.ch(2) === '"' || this.ch(2) === "'");
  }

  private readWord(): string {
    const start = this.pos;
    while (this.pos < this.text.length && isIdentPart(this.ch())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private word(start: number): Token {
    this.pos++;
    let text = this.text.charAt(start) + this.readWord();
    // `project-away`, `mv-expand`…: only known operator names absorb the dash, so `a-b` stays
    // a subtraction.
    while (this.ch() === '-' && isIdentStart(this.ch(1))) {
      const save = this.pos;
      this.pos++;
      const rest = this.readWord();
      if (DASHED_KEYWORDS.has(`${text}-${rest}`)) {
        text = `${text}-${rest}`;
      } else {
        this.pos = save;
        break;
      }
    }
    if (text === 'in' && this.ch() === '~') {
      this.pos++;
      return { kind: 'op', text: 'in~', span: { start, end: this.pos } };
    }
    if (RAW_LITERALS.has(text)) {
      const raw = this.rawLiteral(start, text as RawLiteralType);
      if (raw !== undefined) return raw;
    }
    return { kind: 'ident', text, span: { start, end: this.pos } };
  }

  /** `datetime(…)` and friends: the body is not KQL tokens (`2024-01-01T10:00Z`, `1.02:03`). */
  private rawLiteral(start: number, type: RawLiteralType): Token | undefined {
    let p = this.pos;
    while (p < this.text.length && /\s/.test(this.text.charAt(p))) p++;
    if (this.text.charAt(p) !== '(') return undefined;
    const close = this.text.indexOf(')', p + 1);
    if (close < 0) {
      this.fail(Codes.unexpectedToken, `expected ')' to close ${type}(`, p, p + 1);
    }
    const body = this.text.slice(p + 1, close);
    const lead = body.length - body.trimStart().length;
    const text = body.trim();
    this.pos = close + 1;
    const textStart = p + 1 + lead;
    return {
      kind: 'raw',
      type,
      text,
      textSpan: { start: textStart, end: textStart + text.length },
      span: { start, end: this.pos },
    };
  }

  private negatedWord(start: number): Token | undefined {
    this.pos++;
    const word = this.readWord();
    if (NEGATABLE_WORDS.has(word)) {
      let text = `!${word}`;
      if (word === 'in' && this.ch() === '~') {
        this.pos++;
        text = '!in~';
      }
      return { kind: 'op', text, span: { start, end: this.pos } };
    }
    this.pos = start;
    return undefined;
  }

  private number(start: number): Token {
    let type: 'long' | 'real' = 'long';
    if (this.ch() === '0' && (this.ch(1) === 'x' || this.ch(1) === 'X')) {
      this.pos += 2;
      while (/[0-9A-Fa-f]/.test(this.ch())) this.pos++;
      const text = this.text.slice(start, this.pos);
      if (text.length === 2 || isIdentPart(this.ch())) this.badNumber(start);
      return { kind: 'number', text, value: Number(text), type, span: { start, end: this.pos } };
    }
    while (isDigit(this.ch())) this.pos++;
    // `1..10` is a range, not the real `1.` followed by `.10`.
    if (this.ch() === '.' && isDigit(this.ch(1))) {
      type = 'real';
      this.pos++;
      while (isDigit(this.ch())) this.pos++;
    }
    const mantissaEnd = this.pos;
    if (
      (this.ch() === 'e' || this.ch() === 'E') &&
      (isDigit(this.ch(1)) || ((this.ch(1) === '+' || this.ch(1) === '-') && isDigit(this.ch(2))))
    ) {
      type = 'real';
      this.pos += 2;
      while (isDigit(this.ch())) this.pos++;
    }
    const text = this.text.slice(start, this.pos);
    if (isIdentPart(this.ch()) && mantissaEnd === this.pos) {
      const unit = this.readWord();
      const perUnit = TIMESPAN_UNITS.get(unit);
      if (perUnit === undefined) {
        this.fail(
          Codes.invalidNumber,
          `invalid number '${text}${unit}': a timespan unit must be d, h, m, s, ms, microsecond or tick`,
          start,
          this.pos,
        );
      }
      return { kind: 'timespan', ticks: scaleTicks(text, perUnit), span: { start, end: this.pos } };
    }
    if (isIdentPart(this.ch())) this.badNumber(start);
    return { kind: 'number', text, value: Number(text), type, span: { start, end: this.pos } };
  }

  private badNumber(start: number): never {
    while (isIdentPart(this.ch()) || this.ch() === '.') this.pos++;
    const text = this.text.slice(start, this.pos);
    this.fail(Codes.invalidNumber, `invalid number '${text}'`, start, this.pos);
  }

  private unterminated(start: number): never {
    let end = this.text.indexOf('\n', start);
    if (end < 0) end = this.text.length;
    this.fail(Codes.unterminatedString, 'unterminated string literal', start, end);
  }

  /** `'…'` or `"…"` with backslash escapes; `tokenStart` includes an `h` prefix. */
  private quoted(tokenStart: number, quoteAt: number): Token {
    const quote = this.text.charAt(quoteAt);
    this.pos = quoteAt + 1;
    let value = '';
    for (;;) {
      if (this.pos >= this.text.length) this.unterminated(tokenStart);
      const c = this.ch();
      if (c === '\n' || c === '\r') this.unterminated(tokenStart);
      if (c === quote) {
        this.pos++;
        break;
      }
      if (c === '\\') {
        value += this.escape();
        continue;
      }
      value += c;
      this.pos++;
    }
    return { kind: 'string', value, span: { start: tokenStart, end: this.pos } };
  }

  private escape(): string {
    const at = this.pos;
    const e = this.ch(1);
    this.pos += 2;
    switch (e) {
      case '\\':
      case "'":
      case '"':
        return e;
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
          this.fail(
            Codes.unterminatedString,
            'invalid \\u escape: expected 4 hex digits',
            at,
            at + 2,
          );
        }
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case '':
        return this.unterminated(at);
      default:
        this.fail(
          Codes.unterminatedString,
          `invalid escape '\\${e}' in a string literal (write '\\\\${e}' or use @"…")`,
          at,
          at + 2,
        );
    }
  }

  /** `@'…'` / `@"…"`: backslashes are literal and a doubled quote is one quote. */
  private verbatim(tokenStart: number, atAt: number): Token {
    const quote = this.text.charAt(atAt + 1);
    this.pos = atAt + 2;
    let value = '';
    for (;;) {
      if (this.pos >= this.text.length) this.unterminated(tokenStart);
      const c = this.ch();
      if (c === '\n' || c === '\r') this.unterminated(tokenStart);
      if (c === quote) {
        if (this.ch(1) === quote) {
          value += quote;
          this.pos += 2;
          continue;
        }
        this.pos++;
        break;
      }
      value += c;
      this.pos++;
    }
    return { kind: 'string', value, span: { start: tokenStart, end: this.pos } };
  }

  /** ```` ```…``` ````: raw text, newlines allowed, no escapes. */
  private multiline(start: number): Token {
    const close = this.text.indexOf('```', start + 3);
    if (close < 0) this.unterminated(start);
    this.pos = close + 3;
    const value = this.text.slice(start + 3, close);
    return { kind: 'string', value, span: { start, end: this.pos } };
  }
}

/**
 * `1.5` × 1h in 100-ns ticks, exactly: the decimal is scaled as an integer before dividing, and
 * `perUnit` counts nanoseconds so `nanosecond` fits. A fraction of a tick is truncated.
 */
export function scaleTicks(decimal: string, perUnit: bigint): bigint {
  const [whole = '0', frac = ''] = decimal.split('.');
  const scale = 10n ** BigInt(frac.length) * 100n;
  return (BigInt(whole + frac) * perUnit) / scale;
}
