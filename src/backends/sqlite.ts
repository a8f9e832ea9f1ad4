/**
 * SQLite (3.45 or newer; better-sqlite3 12 bundles 3.53). Dynamic values are JSON text in
 * canonical (minified) form; datetimes and timespans are integer microseconds. Functions SQLite
 * lacks (Unicode case folding, regular expressions, KQL's term matching, split, safe
 * conversions) are registered by `registerSqliteFunctions` (sqlite-functions.ts) on every
 * connection rule2sql opens; users running the SQL on their own connections call it too.
 */
import type * as ir from '../ir/nodes.js';
import { assertNever, type Span } from '../diagnostics.js';
import type { KqlType } from '../types.js';
import {
  COMMON_FUNCTIONS,
  SqlBackend,
  indent,
  quoteIdent,
  type FunctionTable,
  type TermMode,
} from './base.js';
import { SQLITE_SCALAR_FUNCTIONS } from './functions-sqlite.js';
import { regexArg } from './functions-shared.js';

function tostring(arg: string, type: KqlType): string {
  switch (type) {
    case 'string':
    case 'guid':
      return arg;
    case 'dynamic':
      return `coalesce(CASE json_type(${arg}) WHEN 'text' THEN ${arg} ->> '$' WHEN 'null' THEN '' ELSE json(${arg}) END, '')`;
    case 'long':
    case 'int':
      return `coalesce(CAST(${arg} AS TEXT), '')`;
    case 'real':
    case 'decimal':
      return `kql_real_text(${arg})`;
    case 'bool':
      return `CASE ${arg} WHEN 1 THEN 'True' WHEN 0 THEN 'False' ELSE '' END`;
    case 'datetime':
      return `kql_datetime_text(${arg})`;
    case 'timespan':
      return `kql_timespan_text(${arg})`;
    default:
      return assertNever(type);
  }
}

function isEmpty(arg: string, type: KqlType): string {
  if (type === 'string') return `(${arg} = '')`;
  if (type === 'dynamic') return `(${arg} IS NULL OR ${arg} = '""')`;
  return `(${arg} IS NULL)`;
}

const argType = (c: ir.Call, i = 0): KqlType => c.args[i]?.type ?? 'dynamic';

const NUMERIC_OR_BOOL: ReadonlySet<KqlType> = new Set(['long', 'int', 'real', 'decimal', 'bool']);

const SQLITE_FUNCTIONS: FunctionTable = {
  ...COMMON_FUNCTIONS,
  ...SQLITE_SCALAR_FUNCTIONS,
  // A timespan times or divided by a number, and ts / ts (SEMANTICS §8).
  mul: ([a, b], c) =>
    c.type === 'timespan'
      ? `CAST(${String(a)} * ${String(b)} AS INTEGER)`
      : `(${String(a)} * ${String(b)})`,
  div: ([a, b], c) =>
    c.type === 'timespan'
      ? `CAST(${String(a)} / nullif(${String(b)}, 0) AS INTEGER)`
      : argType(c) === 'timespan'
        ? `(CAST(${String(a)} AS REAL) / nullif(${String(b)}, 0))`
        : `(${String(a)} / nullif(${String(b)}, 0))`,
  contains: ([a, b]) => `(instr(kql_lower(${String(a)}), kql_lower(${String(b)})) > 0)`,
  contains_cs: ([a, b]) => `(instr(${String(a)}, ${String(b)}) > 0)`,
  endswith: ([a, b]) =>
    `(length(${String(b)}) = 0 OR substr(kql_lower(${String(a)}), -length(kql_lower(${String(b)}))) = kql_lower(${String(b)}))`,
  endswith_cs: ([a, b]) =>
    `(length(${String(b)}) = 0 OR substr(${String(a)}, -length(${String(b)})) = ${String(b)})`,
  isempty: ([a], c) => isEmpty(String(a), argType(c)),
  isnotempty: ([a], c) => `(NOT ${isEmpty(String(a), argType(c))})`,
  tostring: ([a], c) => tostring(String(a), argType(c)),
  // Invalid JSON is a dynamic string holding the text; '' is null (SEMANTICS §4). json_valid()
  // with one argument accepts strict RFC 8259 only, while json() alone would accept JSON5.
  parse_json: ([s]) =>
    `iif(json_valid(${String(s)}), nullif(json(${String(s)}), 'null'), nullif(json_quote(${String(s)}), '""'))`,
  split: ([s, d]) => `kql_split(${String(s)}, ${String(d)})`,
  split_part: ([s, d, i]) => `kql_split(${String(s)}, ${String(d)}, ${String(i)})`,
  array_length: ([d]) =>
    `CASE json_type(${String(d)}) WHEN 'array' THEN json_array_length(${String(d)}) END`,
  tolower: ([a]) => `kql_lower(${String(a)})`,
  toupper: ([a]) => `kql_upper(${String(a)})`,
  matches_regex: ([a, b], c, p) => {
    // A constant regex is checked now; others are translated when the query runs.
    if (c.args[1]?.kind === 'literal') regexArg(c, 1, p, 'js', false);
    return `(${String(a)} REGEXP ${String(b)})`;
  },
  substring: ([s, start, len]) => `kql_substring(${String(s)}, ${String(start)}, ${len ?? 'NULL'})`,
  // A number converts by truncation toward zero (the tolong/toint docs), as SQLite's CAST does.
  tolong: ([a], c) =>
    NUMERIC_OR_BOOL.has(argType(c))
      ? `CAST(${String(a)} AS INTEGER)`
      : `kql_tolong(${tostring(String(a), argType(c))})`,
  toint: ([a], c) =>
    NUMERIC_OR_BOOL.has(argType(c))
      ? `CAST(${String(a)} AS INTEGER)`
      : `kql_toint(${tostring(String(a), argType(c))})`,
  toreal: ([a], c) => `kql_toreal(${tostring(String(a), argType(c))})`,
  tobool: ([a], c) => `kql_tobool(${tostring(String(a), argType(c))})`,
  todatetime: ([a], c) =>
    argType(c) === 'datetime' ? String(a) : `kql_todatetime(${tostring(String(a), argType(c))})`,
  now: () => `CAST(unixepoch('now', 'subsec') * 1000000 AS INTEGER)`,
  replace_string: ([a, b, c]) => `replace(${String(a)}, ${String(b)}, ${String(c)})`,
};

export class SqliteBackend extends SqlBackend {
  readonly dialect = 'sqlite' as const;
  readonly functions = SQLITE_FUNCTIONS;

  protected nullSafeEquals(a: string, b: string): string {
    return `${a} IS ${b}`;
  }

  protected override repeatsArgument(s: ir.Scalar): boolean {
    if (s.kind !== 'call') return false;
    switch (s.fn) {
      case 'bin':
      case 'parse_json':
      case 'array_length':
      case 'endswith':
      case 'endswith_cs':
        return true;
      case 'tostring':
      case 'isempty':
      case 'isnotempty':
        return s.args[0]?.type === 'dynamic';
      default:
        return false;
    }
  }

  protected override charFromCode(code: number): string {
    return `char(${String(code)})`;
  }

  protected typedNull(_type: KqlType): string {
    return 'NULL';
  }

  protected realLiteral(value: number, span?: Span): string {
    if (!Number.isFinite(value))
      return this.fail('NaN and infinite reals (SQLite stores them as NULL)', span);
    const text = String(value);
    return /[.e]/.test(text) ? text : `${text}.0`;
  }

  protected boolLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  protected datetimeLiteral(micros: bigint): string {
    return String(micros);
  }

  protected timespanLiteral(micros: bigint): string {
    return String(micros);
  }

  protected dynamicLiteral(json: string, span?: Span): string {
    return this.stringLiteral(json, span);
  }

  protected jsonPath(target: string, path: ir.JsonPath): string {
    let p = '$';
    for (const step of path.steps) {
      if (typeof step === 'number') {
        p += step < 0 ? `[#${String(step)}]` : `[${String(step)}]`;
      } else {
        // SQLite's JSON path has no escape for a double quote or backslash inside a key.
        if (/["\\]/.test(step))
          this.fail(`a property name with a quote or backslash (${step})`, path.span);
        p += `."${step}"`;
      }
    }
    return `nullif(${target} -> ${this.stringLiteral(p, path.span)}, 'null')`;
  }

  protected selectMvExpand(rel: ir.MvExpand, from: string): string {
    const d = `t.${quoteIdent(rel.column)}`;
    // json_each over the array or bag; a LEFT JOIN keeps null and scalar rows, and the WHERE
    // drops rows whose array or bag was empty (SEMANTICS §5).
    const element =
      `CASE WHEN j.key IS NULL THEN ${d} ` +
      `WHEN json_type(${d}) = 'object' THEN json_object(j.key, json(${d} -> j.fullkey)) ` +
      `ELSE nullif(${d} -> j.fullkey, 'null') END`;
    return (
      `SELECT\n${indent(this.mvExpandColumns(rel, element))}\n` +
      `FROM ${from} AS t\n` +
      `LEFT JOIN json_each(CASE WHEN json_type(${d}) IN ('array', 'object') THEN ${d} END) AS j ON TRUE\n` +
      `WHERE j.key IS NOT NULL OR coalesce(json_type(${d}) NOT IN ('array', 'object'), TRUE)`
    );
  }

  termMatch(
    haystack: string,
    needle: string,
    _needleScalar: ir.Scalar,
    mode: TermMode,
    caseSensitive: boolean,
  ): string {
    return `(kql_term(${haystack}, ${needle}, '${mode}', ${caseSensitive ? 1 : 0}) = 1)`;
  }

  lower(x: string): string {
    return `kql_lower(${x})`;
  }
}
