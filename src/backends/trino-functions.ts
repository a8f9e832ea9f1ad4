/**
 * Every Trino function the Athena backend may print, by the name Trino documents it under, with
 * the argument counts it is called with. Athena runs an older Trino than the current one, so a
 * printer that starts to use a new function adds it here (and the test that compiles every
 * conformance case, backend test case and example rule for Athena checks the SQL against this
 * table: `test/backends/trino-functions.test.ts`).
 *
 * `trinoFunctionCalls` finds the function calls of a printed statement: an identifier directly
 * followed by `(`, outside string literals, quoted identifiers and type names (`CAST(x AS
 * array(json))`, `AS u (v, n)`), and other than the SQL keywords that take a parenthesis (`CAST`,
 * `IN`, `OVER`, `FILTER`, `UNNEST`…).
 */

export interface Arity {
  readonly min: number;
  /** `Infinity` for variadic functions. */
  readonly max: number;
}

const n = (min: number, max = min): Arity => ({ min, max });
const VARIADIC = (min: number): Arity => ({ min, max: Infinity });

/** Function name (lower case) → the argument counts the Athena backend may use. */
export const TRINO_FUNCTIONS: ReadonlyMap<string, Arity> = new Map<string, Arity>([
  // conditional and conversion (https://trino.io/docs/current/functions/conditional.html)
  ['coalesce', VARIADIC(1)],
  ['nullif', n(2)],
  ['try', n(1)],
  ['try_cast', n(1)],
  ['typeof', n(1)],
  ['format', VARIADIC(1)],
  // comparison and math
  ['greatest', VARIADIC(1)],
  ['least', VARIADIC(1)],
  ['abs', n(1)],
  ['floor', n(1)],
  ['ceiling', n(1)],
  ['round', n(1, 2)],
  ['truncate', n(1)],
  ['sign', n(1)],
  ['mod', n(2)],
  ['power', n(2)],
  ['nan', n(0)],
  ['infinity', n(0)],
  ['is_nan', n(1)],
  ['is_finite', n(1)],
  ['bitwise_and', n(2)],
  ['bitwise_right_shift', n(2)],
  ['bitwise_left_shift', n(2)],
  // strings
  ['length', n(1)],
  ['lower', n(1)],
  ['upper', n(1)],
  ['substr', n(2, 3)],
  ['strpos', n(2)],
  ['replace', n(2, 3)],
  ['reverse', n(1)],
  ['trim', n(1)],
  ['split', n(2)],
  ['split_part', n(3)],
  ['concat', VARIADIC(1)],
  ['lpad', n(3)],
  ['chr', n(1)],
  ['codepoint', n(1)],
  ['starts_with', n(2)],
  // binary (https://trino.io/docs/current/functions/binary.html): hash() is XXH64 of the UTF-8
  ['to_utf8', n(1)],
  ['xxhash64', n(1)],
  ['from_big_endian_64', n(1)],
  // regular expressions
  ['regexp_like', n(2)],
  ['regexp_extract', n(2, 3)],
  ['regexp_extract_all', n(2, 3)],
  ['regexp_replace', n(2, 3)],
  ['regexp_position', n(2, 4)],
  // JSON
  ['json_parse', n(1)],
  ['json_format', n(1)],
  ['json_extract', n(2)],
  ['json_extract_scalar', n(2)],
  ['json_array_length', n(1)],
  ['json_array_contains', n(2)],
  ['json_size', n(2)],
  // arrays and maps
  ['cardinality', n(1)],
  ['element_at', n(2)],
  ['transform', n(2)],
  ['filter', n(2)],
  ['array_join', n(2, 3)],
  ['array_position', n(2)],
  ['contains', n(2)],
  ['concat_ws', VARIADIC(2)],
  ['slice', n(3)],
  ['sequence', n(2, 3)],
  ['zip_with', n(3)],
  ['reduce', n(4)],
  ['any_match', n(2)],
  ['array_sort', n(1)],
  ['flatten', n(1)],
  ['array_distinct', n(1)],
  ['map', n(0, 2)],
  ['map_keys', n(1)],
  ['map_entries', n(1)],
  ['map_from_entries', n(1)],
  // date and time
  ['date_add', n(3)],
  ['date_diff', n(3)],
  ['date_trunc', n(2)],
  ['day_of_week', n(1)],
  ['day_of_month', n(1)],
  ['day_of_year', n(1)],
  ['hour', n(1)],
  ['minute', n(1)],
  ['second', n(1)],
  ['millisecond', n(1)],
  ['month', n(1)],
  ['year', n(1)],
  ['week', n(1)],
  ['format_datetime', n(2)],
  ['from_iso8601_timestamp_nanos', n(1)],
  ['to_milliseconds', n(1)],
  ['parse_duration', n(1)],
  ['with_timezone', n(2)],
  ['to_unixtime', n(1)],
  ['from_unixtime', n(1)],
  // aggregates and windows
  ['count', n(1)],
  ['count_if', n(1)],
  ['sum', n(1)],
  ['min', n(1)],
  ['max', n(1)],
  ['avg', n(1)],
  ['arbitrary', n(1)],
  ['array_agg', n(1)],
  ['map_union', n(1)],
  ['row_number', n(0)],
  // window functions (https://trino.io/docs/current/functions/window.html)
  ['lag', n(1, 3)],
  ['lead', n(1, 3)],
  ['dense_rank', n(0)],
  ['rank', n(0)],
]);

/** Words followed by `(` that are SQL syntax, not function calls. */
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'exists',
  'cast',
  'case',
  'when',
  'then',
  'else',
  'end',
  'as',
  'from',
  'where',
  'select',
  'join',
  'on',
  'using',
  'unnest',
  'filter',
  'over',
  'values',
  'array',
  'like',
  'between',
  'is',
  'distinct',
  'all',
  'with',
  'ordinality',
  'lateral',
  'union',
  'by',
  'having',
  'limit',
  'row',
]);

export interface TrinoCall {
  /** Lower case. */
  readonly name: string;
  readonly arity: number;
}

interface Token {
  readonly kind: 'word' | 'punct' | 'other';
  readonly text: string;
}

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ch === '"') {
      // A literal or a quoted identifier; the quote is escaped by doubling it.
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out.push({ kind: 'other', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j] as string)) j++;
      out.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if ('(),[]'.includes(ch)) {
      out.push({ kind: 'punct', text: ch });
      i++;
    } else {
      let j = i + 1;
      while (j < sql.length && /[0-9.]/.test(ch) && /[0-9.]/.test(sql[j] as string)) j++;
      out.push({ kind: 'other', text: sql.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** The index after the balanced group opening at `open` (a `(` or `[`). */
function skipGroup(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') depth++;
    if (t.text === ')' || t.text === ']') depth--;
    if (depth === 0) return i + 1;
  }
  return tokens.length;
}

/** Top-level arguments of the group opening at `open`; an `ORDER BY` inside ends the count. */
function countArguments(tokens: readonly Token[], open: number): number {
  let depth = 0;
  let args = 0;
  let sawToken = false;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
      depth++;
      if (depth === 1) continue;
    } else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && t.kind === 'punct' && t.text === ',') {
      args++;
      continue;
    } else if (depth === 1 && t.kind === 'word' && t.text.toLowerCase() === 'order') {
      break;
    }
    sawToken = true;
  }
  return sawToken ? args + 1 : 0;
}

/** Every function call of `sql`, in order of appearance (nested calls included). */
export function trinoFunctionCalls(sql: string): TrinoCall[] {
  const tokens = tokenize(sql);
  const calls: TrinoCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word') continue;
    const lower = t.text.toLowerCase();
    const next = tokens[i + 1];
    if (lower === 'as' && next?.kind === 'word') {
      // A type (`AS array(map(varchar, json))`) or an alias with column names (`AS u (v, n)`).
      const after = tokens[i + 2];
      i = after?.kind === 'punct' && after.text === '(' ? skipGroup(tokens, i + 2) - 1 : i + 1;
      continue;
    }
    if (next?.kind !== 'punct' || next.text !== '(' || KEYWORDS.has(lower)) continue;
    calls.push({ name: lower, arity: countArguments(tokens, i + 1) });
  }
  return calls;
}

/** The calls of `sql` that are not in `TRINO_FUNCTIONS` or not with an allowed arity. */
export function unknownTrinoCalls(sql: string): TrinoCall[] {
  return trinoFunctionCalls(sql).filter((c) => {
    const arity = TRINO_FUNCTIONS.get(c.name);
    return arity === undefined || c.arity < arity.min || c.arity > arity.max;
  });
}
