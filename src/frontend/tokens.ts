/**
 * Tokens produced by the KQL lexer. Every token keeps the span of its text so the parser can point
 * at it. Most KQL keywords are contextual (`where`, `by`, `on` can be column names), so words are
 * plain `ident` tokens and the parser decides what they mean.
 */
import { assertNever } from '../diagnostics.js';
import type { Span } from '../diagnostics.js';

/**
 * Kinds of literals whose body the lexer keeps as raw text, because it is not made of KQL tokens:
 * `datetime(2024-01-01T10:00Z)`, `timespan(1.02:03:04)`, `guid(…)`.
 */
export type RawLiteralType = 'datetime' | 'timespan' | 'time' | 'guid' | 'date';

export type Token =
  /** A name (`x`, `$left`), a word operator (`has`, `project-away`), or a keyword. */
  | { readonly kind: 'ident'; readonly text: string; readonly span: Span }
  /** Punctuation and symbolic operators, plus negated words such as `!has`, `in~`, `!in~`. */
  | { readonly kind: 'op'; readonly text: string; readonly span: Span }
  /** One string literal or several adjacent ones, decoded and concatenated. */
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | {
      readonly kind: 'number';
      /** The digits as written, for `long` values beyond 2^53. */
      readonly text: string;
      readonly value: number;
      readonly type: 'long' | 'real';
      readonly span: Span;
    }
  | { readonly kind: 'timespan'; readonly ticks: bigint; readonly span: Span }
  | {
      readonly kind: 'raw';
      readonly type: RawLiteralType;
      /** The text between the parentheses, trimmed. */
      readonly text: string;
      readonly textSpan: Span;
      readonly span: Span;
    }
  | { readonly kind: 'eof'; readonly span: Span };

export type TokenKind = Token['kind'];

/** Words joined to the next word by `-` that form one operator name. */
export const DASHED_KEYWORDS: ReadonlySet<string> = new Set([
  'project-away',
  'project-keep',
  'project-rename',
  'project-reorder',
  'project-smart',
  'mv-expand',
  'mv-apply',
  'parse-where',
  'parse-kv',
  'make-series',
  'make-graph',
  'graph-match',
  'graph-merge',
  'graph-to-table',
  'top-nested',
  'top-hitters',
  'sample-distinct',
  'execute-and-cache',
]);

/** Word operators that may be negated with a leading `!` (`!has`, `!in`, `!between`…). */
export const NEGATABLE_WORDS: ReadonlySet<string> = new Set([
  'in',
  'has',
  'has_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'contains',
  'contains_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  'between',
]);

function units(ticks: bigint, names: readonly string[]): [string, bigint][] {
  return names.map((n) => [n, ticks]);
}

/**
 * Nanoseconds per timespan unit, keyed by every unit spelling KQL accepts (nanoseconds rather than
 * 100-ns ticks so that `nanosecond` is exact too).
 */
export const TIMESPAN_UNITS: ReadonlyMap<string, bigint> = new Map<string, bigint>([
  ...units(86_400_000_000_000n, ['d', 'day', 'days']),
  ...units(3_600_000_000_000n, ['h', 'hr', 'hrs', 'hour', 'hours']),
  ...units(60_000_000_000n, ['m', 'min', 'mins', 'minute', 'minutes']),
  ...units(1_000_000_000n, ['s', 'sec', 'secs', 'second', 'seconds']),
  ...units(1_000_000n, ['ms', 'milli', 'millis', 'millisec', 'millisecond', 'milliseconds']),
  ...units(1_000n, ['microsec', 'microsecond', 'microseconds']),
  ...units(100n, ['tick', 'ticks']),
  ...units(1n, ['nanosecond', 'nanoseconds']),
]);

/** Describes a token for "expected X but found Y" messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'ident':
      return `'${token.text}'`;
    case 'op':
      return `'${token.text}'`;
    case 'string':
      return 'a string literal';
    case 'number':
      return `number ${token.text}`;
    case 'timespan':
      return 'a timespan literal';
    case 'raw':
      return `a ${token.type} literal`;
    case 'eof':
      return 'the end of the query';
    default:
      return assertNever(token);
  }
}
