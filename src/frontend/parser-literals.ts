/**
 * Literal bodies that are not ordinary expressions: the JSON-like inside of `dynamic(…)` and the
 * text of `timespan(…)` / `time(…)`.
 */
import { CompileError, Codes, diagnostic } from '../diagnostics.js';
import type { Source, Span } from '../diagnostics.js';
import { scaleTicks } from './lexer.js';
import { TokenStream } from './parser-base.js';
import { TIMESPAN_UNITS, type Token } from './tokens.js';

const TICKS_PER_SECOND = 10_000_000n;
const NANOS_PER_DAY = TIMESPAN_UNITS.get('d') ?? 86_400_000_000_000n;

/**
 * The text of `timespan(…)`: `[-][d.]hh:mm[:ss[.fffffff]]`, or a number with an optional unit
 * (`15 seconds`, `1.5h`); a bare number counts days. Returns 100-ns ticks.
 */
export function parseTimespanText(text: string, source: Source, span: Span): bigint {
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text);
  if (clock !== null) {
    const [, minus, days = '0', hh = '0', mm = '0', ss = '0', frac = ''] = clock;
    const seconds = ((BigInt(days) * 24n + BigInt(hh)) * 60n + BigInt(mm)) * 60n + BigInt(ss);
    const ticks = seconds * TICKS_PER_SECOND + BigInt(frac.padEnd(7, '0') || '0');
    return minus === undefined ? ticks : -ticks;
  }
  const amount = /^(-)?(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(text);
  if (amount !== null) {
    const [, minus, number = '0', unit = ''] = amount;
    const perUnit = unit === '' ? NANOS_PER_DAY : TIMESPAN_UNITS.get(unit);
    if (perUnit !== undefined) {
      const ticks = scaleTicks(number, perUnit);
      return minus === undefined ? ticks : -ticks;
    }
  }
  throw new CompileError([
    diagnostic(Codes.invalidTimespan, `invalid timespan '${text}'`, source, span),
  ]);
}

/** Parses the body of `dynamic(…)`; the stream stands on `(`. */
export class LiteralParser extends TokenStream {
  /** `( json )`: returns the JS value (`null` for `dynamic(null)`). */
  protected parseDynamicBody(): unknown {
    this.expectOp('(');
    const value = this.parseJsonValue();
    this.expectOp(')');
    return value;
  }

  private parseJsonValue(): unknown {
    const t = this.peek();
    switch (t.kind) {
      case 'string':
        this.advance();
        return t.value;
      case 'number':
        this.advance();
        return this.exactNumber(t);
      case 'timespan':
        // Inside a dynamic a timespan keeps its KQL text; the binder decides what it means.
        this.advance();
        return this.source.text.slice(t.span.start, t.span.end);
      case 'raw':
        this.advance();
        return t.text;
      case 'ident':
        if (t.text === 'true' || t.text === 'false') {
          this.advance();
          return t.text === 'true';
        }
        if (t.text === 'null') {
          this.advance();
          return null;
        }
        return this.unexpected('a dynamic value');
      case 'op':
        if (t.text === '[') return this.parseJsonArray();
        if (t.text === '{') return this.parseJsonObject();
        if ((t.text === '-' || t.text === '+') && this.peek(1).kind === 'number') {
          this.advance();
          const n = this.advance();
          const value = n.kind === 'number' ? this.exactNumber(n) : 0;
          return t.text === '-' ? -value : value;
        }
        return this.unexpected('a dynamic value');
      case 'eof':
        return this.unexpected('a dynamic value');
      default:
        return this.unexpected('a dynamic value');
    }
  }

  /**
   * A number inside `dynamic(…)`. Its value travels as a JS number, so an integer beyond 2^53
   * would change (9007199254740993 → …992): refused rather than rounded.
   */
  private exactNumber(t: Token & { readonly kind: 'number' }): number {
    if (t.type === 'long' && !Number.isSafeInteger(t.value)) {
      throw new CompileError([
        diagnostic(
          Codes.unsupportedValue,
          `the integer ${t.text} inside dynamic(…) is 2^53 or more in magnitude, which rule2sql cannot keep exactly there`,
          this.source,
          t.span,
        ),
      ]);
    }
    return t.value;
  }

  private parseJsonArray(): unknown[] {
    this.expectOp('[');
    const items: unknown[] = [];
    while (!this.isOp(']')) {
      items.push(this.parseJsonValue());
      if (!this.eatOp(',')) break;
    }
    this.expectOp(']');
    return items;
  }

  private parseJsonObject(): Record<string, unknown> {
    this.expectOp('{');
    // fromEntries makes every key an own property, `__proto__` included, as JSON.parse does.
    const entries: [string, unknown][] = [];
    while (!this.isOp('}')) {
      const key = this.advance();
      if (key.kind !== 'string') this.unexpected('a quoted property name', key);
      this.expectOp(':');
      entries.push([key.value, this.parseJsonValue()]);
      if (!this.eatOp(',')) break;
    }
    this.expectOp('}');
    return Object.fromEntries(entries);
  }
}
