/**
 * SQL functions that generated SQLite SQL relies on, registered on every connection rule2sql
 * opens. SQLite has no Unicode case folding, no regular expressions and no split; these give
 * KQL's meaning. Users who run rule2sql's SQLite output on their own better-sqlite3 connection
 * call `registerSqliteFunctions(db)` first (the README lists the functions).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { parseDatetimeMicros } from '../db/time.js';
import { formatDatetime } from '../frontend/datetime.js';
import { termRegex, type TermMode } from './base.js';
import { parseRewrite } from './functions-shared.js';
import { SQLITE_SCALAR_FUNCTION_NAMES, registerSqliteScalarFunctions } from './sqlite-scalar.js';
import { SQLITE_SET_FUNCTION_NAMES, registerSqliteSetFunctions } from './sqlite-sets.js';
import { translateRegex } from './regex.js';
import {
  kqlArrayConcat,
  kqlArrayIndexOf,
  kqlArraySlice,
  kqlBagKeys,
  kqlGettype,
} from './sqlite-dynamic.js';

type SqlValue = string | number | bigint | null;

const cache = new Map<string, RegExp>();

function cached(key: string, make: () => RegExp): RegExp {
  let re = cache.get(key);
  if (re === undefined) {
    re = make();
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/**
 * KQL `tolower` / `toupper`: Unicode *simple* case mapping, one code point to one, as PostgreSQL's
 * `lower()`/`upper()` apply it character by character. JavaScript's full mapping differs where a
 * character maps to several (`ß` → `SS`, `İ` → `i̇`) or depends on its neighbours (final sigma:
 * `ΑΣ` → `ας`); the simple mapping keeps `ß`, lowers `İ` to `i` and `Σ` always to `σ`.
 */
export function kqlCase(s: string, upper: boolean): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const c of s) {
    const m = upper ? c.toUpperCase() : c.toLowerCase();
    // A multi-code-point full mapping has no simple one, except İ's (UnicodeData: 0130 → 0069).
    const single = m.length === 1 || (m.length === 2 && (m.codePointAt(0) ?? 0) > 0xffff);
    out += single ? m : !upper && c === 'İ' ? 'i' : c;
  }
  return out;
}

/** KQL `has` / `hasprefix` / `hassuffix` (SEMANTICS §3), the same rule the other backends print. */
export function kqlTerm(
  haystack: string,
  needle: string,
  mode: TermMode,
  caseSensitive: boolean,
): boolean {
  const pattern = termRegex(needle, mode, '[^\\p{L}\\p{N}]');
  if (pattern === undefined) {
    return caseSensitive
      ? haystack.includes(needle)
      : kqlCase(haystack, false).includes(kqlCase(needle, false));
  }
  const flags = caseSensitive ? 'u' : 'iu';
  return cached(`t${flags}${pattern}`, () => new RegExp(pattern, flags)).test(haystack);
}

/**
 * A KQL (RE2) regular expression as a JavaScript one (translated by backends/regex.ts, so `\d`,
 * `.`, `\b` keep RE2's meaning); `(?i)` becomes the `i` flag. A pattern that cannot be
 * translated raises an SQL error. `global` adds the `g` flag.
 */
export function kqlRegex(pattern: string, global = false): RegExp {
  return cached(`r${global ? 'g' : ''}${pattern}`, () => {
    const t = translateRegex(pattern, 'js');
    if ('error' in t) throw new Error(`unsupported regular expression: ${t.error}`);
    return new RegExp(t.body, `u${t.caseInsensitive ? 'i' : ''}${global ? 'g' : ''}`);
  });
}

/** `replace_regex`: every match replaced; `\0`…`\9` in the rewrite are groups, `\\` a backslash. */
export function kqlReplaceRegex(s: string, pattern: string, rewrite: string): string {
  const parts = parseRewrite(rewrite);
  return s.replace(kqlRegex(pattern, true), (...m: unknown[]) =>
    parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const g = m[part];
        return typeof g === 'string' ? g : '';
      })
      .join(''),
  );
}

/** `extract`: group `g` of the first match, or null when there is no match. */
export function kqlExtract(pattern: string, group: number, s: string): string | null {
  const m = kqlRegex(pattern).exec(s);
  if (m === null) return null;
  const g: string | undefined = m[group];
  return g ?? '';
}

/**
 * `extract_all`: for each match, the text of `groups` (JSON array of group numbers; all groups
 * when absent), one string per match for one group, else an array; null when there is no match.
 */
export function kqlExtractAll(pattern: string, s: string, groups?: string | null): string | null {
  const out: unknown[] = [];
  const re = kqlRegex(pattern, true);
  const count = (): number => {
    const t = translateRegex(pattern, 'js');
    return 'error' in t ? 0 : t.groups;
  };
  const wanted =
    typeof groups === 'string'
      ? (JSON.parse(groups) as number[])
      : Array.from({ length: count() }, (_, i) => i + 1);
  for (const m of s.matchAll(re)) {
    const values = wanted.map((g) => m[g] ?? '');
    out.push(values.length === 1 ? values[0] : values);
  }
  return out.length === 0 ? null : JSON.stringify(out);
}

/** Code-point index of the first match, or -1. */
export function kqlIndexofRegex(s: string, pattern: string): number {
  const m = kqlRegex(pattern).exec(s);
  return m === null ? -1 : Array.from(s.slice(0, m.index)).length;
}

/** `substring(s, start[, len])`: 0-based code points, negative start from the end, '' out of range. */
export function kqlSubstring(s: string, start: number, len: number | null): string {
  const chars = Array.from(s);
  const st = start < 0 ? Math.max(chars.length + start, 0) : start;
  if (len !== null && len < 0) return '';
  return chars.slice(st, len === null ? undefined : st + len).join('');
}

/** `indexof(s, m, start)`: code-point index at or after start (negative: from the end), or -1. */
export function kqlIndexof(s: string, m: string, start: number): number {
  const chars = Array.from(s);
  const st = start < 0 ? Math.max(chars.length + start, 0) : start;
  if (st > chars.length) return -1;
  const rest = chars.slice(st).join('');
  const i = rest.indexOf(m);
  return i < 0 ? -1 : st + Array.from(rest.slice(0, i)).length;
}

/** `strcat_array(a, d)`: the elements as KQL text joined by d; '' for a non-array. */
export function kqlStrcatArray(json: string, d: string): string {
  const a: unknown = JSON.parse(json);
  if (!Array.isArray(a)) return '';
  return a.map((e) => (e === null ? '' : typeof e === 'string' ? e : JSON.stringify(e))).join(d);
}

/** KQL `split(s, d)` / `split(s, d, i)` as JSON text (SEMANTICS §6). */
export function kqlSplit(s: string, d: string, index?: number): string | null {
  const parts = d === '' ? [s] : s.split(d);
  if (index === undefined) return JSON.stringify(parts);
  const part = parts[index];
  return part === undefined || index < 0 ? null : JSON.stringify([part]);
}

/** Microseconds to Kusto timespan text `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(micros: bigint): string {
  const neg = micros < 0n;
  let v = neg ? -micros : micros;
  const frac = v % 1_000_000n;
  v /= 1_000_000n;
  const s = v % 60n;
  v /= 60n;
  const m = v % 60n;
  v /= 60n;
  const h = v % 24n;
  const d = v / 24n;
  const two = (x: bigint): string => x.toString().padStart(2, '0');
  const days = d > 0n ? `${d.toString()}.` : '';
  const fraction = frac > 0n ? `.${frac.toString().padStart(6, '0')}0` : '';
  return `${neg ? '-' : ''}${days}${two(h)}:${two(m)}:${two(s)}${fraction}`;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The integer that `text` spells (trimmed, optional sign, digits only), else null. */
function integerText(text: string): bigint | null {
  const t = text.trim();
  return /^[+-]?\d+$/.test(t) ? BigInt(t) : null;
}

/**
 * `tolong(v)` / `toint(v)`: a number truncates toward zero (the toint doc), text must spell an
 * integer; null when that fails or the result does not fit the 64- or 32-bit type.
 */
function toLong(v: SqlValue, bits: 32 | 64): bigint | null {
  let n: bigint | null;
  if (v === null) return null;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') n = Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
  else n = integerText(v);
  const [min, max] = bits === 64 ? [INT64_MIN, INT64_MAX] : [-(2n ** 31n), 2n ** 31n - 1n];
  return n === null || n < min || n > max ? null : n;
}

/**
 * `tobool(v)`: a number is true when not zero (the tobool doc: `tobool(123) == true`); text is
 * `true`/`false` in any case, or an integer (true when not zero), as .NET's bool/long parsing
 * accepts it (kusto-loco's ToBoolStringFunction); anything else is null.
 */
export function toBool(v: SqlValue): 0n | 1n | null {
  if (v === null) return null;
  if (typeof v !== 'string') return v === 0 || v === 0n ? 0n : 1n;
  const t = v.trim().toLowerCase();
  if (t === 'true') return 1n;
  if (t === 'false') return 0n;
  const n = integerText(t);
  return n === null || n < INT64_MIN || n > INT64_MAX ? null : n === 0n ? 0n : 1n;
}

const REAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function toReal(text: string): number | null {
  const t = text.trim();
  if (REAL.test(t)) return Number(t);
  return null;
}

/**
 * `todatetime(text)`: RFC 3339 / ISO 8601 through the parser the database layer uses (an invalid
 * calendar date such as Feb 30 is null, not rolled over), else RFC 822/850 through Date.parse;
 * microseconds, null on failure.
 */
export function toDatetime(text: string): bigint | null {
  const t = text.trim();
  const iso = parseDatetimeMicros(t);
  if (iso !== undefined) return iso;
  if (!/[a-z]{3}/i.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : BigInt(ms) * 1000n;
}

function asBigInt(v: SqlValue): bigint | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return null;
}

const MICROS_PER_DAY = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** The UTC calendar date of a datetime in microseconds (proleptic Gregorian, via Date). */
function utcDate(micros: bigint): Date {
  return new Date(Number(floorDiv(micros, MICROS_PER_DAY)) * 86_400_000);
}

/** startofday / week (Sunday) / month / year of a datetime in microseconds. */
export function kqlStartof(unit: string, micros: bigint): bigint {
  const days = floorDiv(micros, MICROS_PER_DAY);
  if (unit === 'day') return days * MICROS_PER_DAY;
  // 1970-01-01 was a Thursday: (days + 4) mod 7 counts days since Sunday.
  if (unit === 'week') return (days - ((((days + 4n) % 7n) + 7n) % 7n)) * MICROS_PER_DAY;
  const d = utcDate(micros);
  const start = Date.UTC(d.getUTCFullYear(), unit === 'month' ? d.getUTCMonth() : 0, 1);
  return BigInt(start) * 1000n;
}

/** A calendar part of a datetime in microseconds (dow: days since Sunday). */
export function kqlDatepart(unit: string, micros: bigint): number {
  const inDay = micros - floorDiv(micros, MICROS_PER_DAY) * MICROS_PER_DAY;
  const seconds = Number(inDay / 1_000_000n);
  const d = utcDate(micros);
  switch (unit) {
    case 'hour':
      return Math.floor(seconds / 3600);
    case 'minute':
      return Math.floor(seconds / 60) % 60;
    case 'second':
      return seconds % 60;
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    case 'dow':
      return d.getUTCDay();
    default: {
      const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
      return Math.round((d.getTime() - jan1) / 86_400_000) + 1;
    }
  }
}

/** Every function the SQLite backend emits, by name. */
export const SQLITE_FUNCTION_NAMES = [
  'kql_lower',
  'kql_upper',
  'kql_term',
  'regexp',
  'kql_split',
  'kql_real_text',
  'kql_datetime_text',
  'kql_timespan_text',
  'kql_tolong',
  'kql_toint',
  'kql_toreal',
  'kql_tobool',
  'kql_todatetime',
  'kql_replace_regex',
  'kql_extract',
  'kql_extract_all',
  'kql_indexof_regex',
  'kql_substring',
  'kql_indexof',
  'kql_reverse',
  'kql_strcat_array',
  'kql_startof',
  'kql_datepart',
  'kql_parse',
  'kql_gettype',
  'kql_bag_keys',
  'kql_array_index_of',
  'kql_array_concat',
  'kql_array_slice',
  ...SQLITE_SET_FUNCTION_NAMES,
  ...SQLITE_SCALAR_FUNCTION_NAMES,
] as const;

/** Registers the functions of `SQLITE_FUNCTION_NAMES` on a better-sqlite3 connection. */
export function registerSqliteFunctions(db: BetterSqlite3.Database): void {
  registerSqliteSetFunctions(db);
  // safeIntegers: an INTEGER argument beyond 2^53 arrives as an exact BigInt, not a rounded
  // number. An integer result is returned as a BigInt: a JS number would be stored as REAL
  // (tostring would then print `12.0`).
  const det = { deterministic: true, safeIntegers: true };
  registerSqliteScalarFunctions(db);
  const integer = (v: number | bigint | null): bigint | null => (v === null ? null : BigInt(v));
  const str = (v: SqlValue): string | null => (v === null ? null : String(v));
  db.function('kql_lower', det, (v: SqlValue) => {
    const s = str(v);
    return s === null ? null : kqlCase(s, false);
  });
  db.function('kql_upper', det, (v: SqlValue) => {
    const s = str(v);
    return s === null ? null : kqlCase(s, true);
  });
  db.function('kql_term', det, (h: SqlValue, n: SqlValue, mode: SqlValue, cs: SqlValue) => {
    if (h === null || n === null) return 0n;
    return kqlTerm(String(h), String(n), String(mode) as TermMode, Number(cs) === 1) ? 1n : 0n;
  });
  // `X REGEXP Y` calls regexp(Y, X).
  db.function('regexp', det, (pattern: SqlValue, value: SqlValue) => {
    if (pattern === null || value === null) return null;
    return kqlRegex(String(pattern)).test(String(value)) ? 1n : 0n;
  });
  db.function('kql_split', { ...det, varargs: true }, (...args: SqlValue[]) => {
    const [s, d, i] = args;
    if (s === null || s === undefined || d === null || d === undefined) return null;
    const index = i === undefined || i === null ? undefined : Number(i);
    return kqlSplit(String(s), String(d), index);
  });
  db.function('kql_real_text', det, (v: SqlValue) => (v === null ? '' : String(Number(v))));
  db.function('kql_datetime_text', det, (v: SqlValue) => {
    const b = asBigInt(v);
    return b === null ? '' : formatDatetime(b);
  });
  db.function('kql_timespan_text', det, (v: SqlValue) => {
    const b = asBigInt(v);
    return b === null ? '' : formatTimespan(b);
  });
  db.function('kql_tolong', det, (v: SqlValue) => toLong(v, 64));
  db.function('kql_toint', det, (v: SqlValue) => toLong(v, 32));
  db.function('kql_toreal', det, (v: SqlValue) => (v === null ? null : toReal(String(v))));
  db.function('kql_tobool', det, toBool);
  db.function('kql_todatetime', det, (v: SqlValue) => (v === null ? null : toDatetime(String(v))));
  db.function('kql_replace_regex', det, (s: SqlValue, p: SqlValue, r: SqlValue) =>
    s === null || p === null || r === null
      ? null
      : kqlReplaceRegex(String(s), String(p), String(r)),
  );
  db.function('kql_extract', det, (p: SqlValue, g: SqlValue, s: SqlValue) =>
    p === null || g === null || s === null ? null : kqlExtract(String(p), Number(g), String(s)),
  );
  db.function('kql_extract_all', det, (p: SqlValue, s: SqlValue, g: SqlValue) =>
    p === null || s === null ? null : kqlExtractAll(String(p), String(s), g as string | null),
  );
  db.function('kql_indexof_regex', det, (s: SqlValue, p: SqlValue) =>
    s === null || p === null ? null : BigInt(kqlIndexofRegex(String(s), String(p))),
  );
  db.function('kql_substring', det, (s: SqlValue, st: SqlValue, len: SqlValue) =>
    s === null || st === null
      ? ''
      : kqlSubstring(String(s), Number(st), len === null ? null : Number(len)),
  );
  db.function('kql_indexof', det, (s: SqlValue, m: SqlValue, st: SqlValue) =>
    s === null || m === null || st === null
      ? null
      : integer(kqlIndexof(String(s), String(m), Number(st))),
  );
  db.function('kql_reverse', det, (s: SqlValue) =>
    s === null ? '' : Array.from(String(s)).reverse().join(''),
  );
  db.function('kql_startof', det, (u: SqlValue, v: SqlValue) => {
    const b = asBigInt(v);
    if (u === null || b === null) return null;
    return kqlStartof(String(u), b);
  });
  db.function('kql_datepart', det, (u: SqlValue, v: SqlValue) => {
    const b = asBigInt(v);
    return u === null || b === null ? null : integer(kqlDatepart(String(u), b));
  });
  db.function('kql_strcat_array', det, (a: SqlValue, d: SqlValue) =>
    a === null || d === null ? '' : kqlStrcatArray(String(a), String(d)),
  );
  db.function('kql_parse', det, (s: SqlValue, p: SqlValue) =>
    s === null || p === null ? null : kqlParse(String(s), String(p)),
  );
  db.function('kql_gettype', det, (d: SqlValue) => kqlGettype(str(d)));
  db.function('kql_bag_keys', det, (d: SqlValue) => (d === null ? null : kqlBagKeys(String(d))));
  db.function('kql_array_index_of', det, (d: SqlValue, v: SqlValue) =>
    integer(kqlArrayIndexOf(str(d), str(v))),
  );
  db.function('kql_array_concat', { ...det, varargs: true }, (...a: SqlValue[]) =>
    kqlArrayConcat(a.map(str)),
  );
  db.function('kql_array_slice', det, (d: SqlValue, s: SqlValue, e: SqlValue) =>
    s === null || e === null ? null : kqlArraySlice(str(d), BigInt(s), BigInt(e)),
  );
}

/**
 * The groups of a `parse` pattern's match (a JavaScript regex already translated, a leading
 * `(?i)` meaning case-insensitive) as a JSON array, absent groups null; null when no match.
 */
export function kqlParse(s: string, pattern: string): string | null {
  const ci = pattern.startsWith('(?i)');
  const body = ci ? pattern.slice(4) : pattern;
  const m = cached(`p${pattern}`, () => new RegExp(body, ci ? 'iu' : 'u')).exec(s);
  return m === null ? null : JSON.stringify(m.slice(1).map((g: string | undefined) => g ?? null));
}
