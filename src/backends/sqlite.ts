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
  logical,
  quoteIdent,
  realDivision,
  type FunctionTable,
  type TermMode,
} from './base.js';
import type { AggParts } from './select-aggregate.js';
import { SQLITE_SCALAR_FUNCTIONS } from './functions-sqlite.js';
import { regexArg } from './functions-shared.js';
import { HelperNames, helperName } from './column-names.js';
import { parseColumns, parseRegex } from './parse-regex.js';

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

const NUMERIC: ReadonlySet<KqlType> = new Set(['long', 'int', 'real', 'decimal']);

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
        : c.type === 'real'
          ? realDivision(String(a), String(b), '9e999')
          : `(${String(a)} / nullif(${String(b)}, 0))`,
  and: (args) => logical(args, 'AND', true),
  or: (args) => logical(args, 'OR', true),
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
    if (c.args[1]?.kind === 'literal') regexArg(c, 1, p, 'js');
    return `(${String(a)} REGEXP ${String(b)})`;
  },
  substring: ([s, start, len]) => `kql_substring(${String(s)}, ${String(start)}, ${len ?? 'NULL'})`,
  // A number converts by truncation toward zero (the toint doc); a value outside the target
  // type is null, which CAST would saturate or keep (kql_tolong/kql_toint check the range).
  tolong: ([a], c) =>
    argType(c) === 'long' || argType(c) === 'int' || argType(c) === 'bool'
      ? String(a)
      : NUMERIC.has(argType(c))
        ? `kql_tolong(${String(a)})`
        : `kql_tolong(${tostring(String(a), argType(c))})`,
  toint: ([a], c) =>
    argType(c) === 'int' || argType(c) === 'bool'
      ? String(a)
      : NUMERIC.has(argType(c))
        ? `kql_toint(${String(a)})`
        : `kql_toint(${tostring(String(a), argType(c))})`,
  toreal: ([a], c) => `kql_toreal(${tostring(String(a), argType(c))})`,
  tobool: ([a], c) =>
    argType(c) === 'bool'
      ? String(a)
      : NUMERIC.has(argType(c))
        ? `(${String(a)} <> 0)`
        : `kql_tobool(${tostring(String(a), argType(c))})`,
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

  protected selectParse(rel: ir.Parse, from: string): string {
    const regex = parseRegex(rel, 'js', this);
    const m = quoteIdent(helperName('__m', this.names(rel.input)));
    const items = parseColumns(
      this,
      rel,
      regex,
      (_i, g) => `json_extract(t.${m}, '$[${String(g - 1)}]')`,
      `(t.${m} IS NOT NULL)`,
    );
    const call = `kql_parse(${this.column(rel.input, rel.source)}, ${this.stringLiteral(regex.pattern)})`;
    return `SELECT\n${indent(items)}\nFROM (\n  SELECT *, ${call} AS ${m}\n  FROM ${from}\n) AS t`;
  }

  protected selectMvExpand(rel: ir.MvExpand, from: string): string {
    // Each item becomes a JSON array of its elements: an array as it is, a bag as single-key
    // bags (or [key, value] pairs), anything else (null included) as a one-element array. The
    // longest array gives the positions; shorter ones read null past their end (SEMANTICS §5).
    const helperNames = new HelperNames(this.names(rel.input));
    const helpers = rel.items.map((_, i) => quoteIdent(helperNames.of(`__mv${String(i + 1)}`)));
    const arrays = rel.items.map((item, i) => {
      const d = this.column(rel.input, item.column);
      const entry =
        rel.bagExpansion === 'array'
          ? `json_array(e.key, ${d} -> e.fullkey)`
          : `json_object(e.key, ${d} -> e.fullkey)`;
      return (
        `CASE json_type(${d}) WHEN 'array' THEN ${d} ` +
        `WHEN 'object' THEN (SELECT json_group_array(${entry}) FROM json_each(${d}) AS e) ` +
        `ELSE json_array(${d} -> '$') END AS ${helpers[i] ?? ''}`
      );
    });
    const arr = (i: number): string => `t.${helpers[i] ?? ''}`;
    const len = (i: number): string => `json_array_length(${arr(i)})`;
    const n = rel.items.length;
    let positions = arr(0);
    if (n > 1) {
      const whens = rel.items.slice(0, -1).map((_, i) => {
        const longest = rel.items
          .map((__, j) => j)
          .filter((j) => j > i)
          .map((j) => `${len(i)} >= ${len(j)}`)
          .join(' AND ');
        return `WHEN ${longest} THEN ${arr(i)}`;
      });
      positions = `CASE ${whens.join(' ')} ELSE ${arr(n - 1)} END`;
    }
    const element = (i: number): string => `nullif(${arr(i)} -> ('$[' || j.key || ']'), 'null')`;
    return (
      `SELECT\n${indent(this.mvExpandColumns(rel, element, 'j.key'))}\n` +
      `FROM (\n  SELECT *, ${arrays.join(', ')}\n  FROM ${from}\n) AS t\n` +
      `JOIN json_each(${positions}) AS j` +
      this.mvExpandLimit(rel, 'j.key')
    );
  }

  protected castDynamic(value: string, type: KqlType, span?: Span): string {
    switch (type) {
      case 'dynamic':
        return value;
      case 'string':
        return `CASE WHEN json_type(${value}) = 'text' THEN ${value} ->> '$' ELSE '' END`;
      case 'long':
      case 'int':
        return `CASE WHEN json_type(${value}) = 'integer' THEN ${value} ->> '$' END`;
      case 'real':
        return `CASE WHEN json_type(${value}) IN ('integer', 'real') THEN CAST(${value} ->> '$' AS REAL) END`;
      case 'bool':
        return `CASE json_type(${value}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END`;
      default:
        return this.fail(`mv-expand … to typeof(${type})`, span);
    }
  }

  anyAggregate(value: string): string {
    return `min(${value})`;
  }

  pickAggregate(value: string, cond: string): string {
    return `max(CASE WHEN ${cond} THEN ${value} END)`;
  }

  jsonArrayAggregate(parts: AggParts, distinct: boolean): string {
    const v = parts.value;
    let element: string;
    switch (parts.type) {
      case 'dynamic':
        element = `json(${v})`;
        break;
      case 'bool':
        element = `json(CASE ${v} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)`;
        break;
      case 'string':
      case 'guid':
      case 'long':
      case 'int':
      case 'real':
      case 'decimal':
        element = v;
        break;
      default:
        return this.fail(`make_set/make_list of a ${parts.type}`);
    }
    const filter = parts.filter === undefined ? '' : ` FILTER (WHERE ${parts.filter})`;
    return `json_group_array(${distinct ? 'DISTINCT ' : ''}${element})${filter}`;
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
