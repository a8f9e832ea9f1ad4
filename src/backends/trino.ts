/**
 * Trino. Dynamic values are JSON, datetimes timestamp(6) with time zone, timespans
 * interval day to second. Trino has no user functions, so every construct is plain SQL; what
 * cannot be written faithfully is reported as unsupported.
 */
import { repeatsScalarExtra } from './functions-scalar.js';
import { assertNever, type Span } from '../diagnostics.js';
import { formatDatetime } from '../frontend/datetime.js';
import type * as ir from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import {
  COMMON_FUNCTIONS,
  SqlBackend,
  constantString,
  indent,
  realDivision,
  termRegex,
  type ExprContext,
  type FunctionTable,
  type SessionParts,
  type TermMode,
  uniqueColumn,
} from './base.js';
import type { AggParts } from './select-aggregate.js';
import { TRINO_SCALAR_FUNCTIONS } from './functions-trino.js';
import { regexArg } from './functions-shared.js';
import { parseColumns, parseRegex } from './parse-regex.js';

/** The Trino type that holds each KQL type (also the column types of scratch tables). */
export const TRINO_TYPES: Record<KqlType, string> = {
  string: 'varchar',
  guid: 'varchar',
  long: 'bigint',
  int: 'integer',
  real: 'double',
  decimal: 'double',
  bool: 'boolean',
  datetime: 'timestamp(6) with time zone',
  timespan: 'interval day to second',
  dynamic: 'json',
};

function tostring(arg: string, type: KqlType, p: SqlBackend): string {
  switch (type) {
    case 'string':
    case 'guid':
      return arg;
    case 'dynamic':
      return `coalesce(CASE WHEN json_format(${arg}) = 'null' THEN '' ELSE coalesce(json_extract_scalar(${arg}, '$'), json_format(${arg})) END, '')`;
    case 'long':
    case 'int':
      return `coalesce(CAST(${arg} AS varchar), '')`;
    case 'real':
    case 'decimal':
      return `coalesce(format('%s', ${arg}), '')`;
    case 'bool':
      return `CASE ${arg} WHEN TRUE THEN 'True' WHEN FALSE THEN 'False' ELSE '' END`;
    case 'datetime':
      return `coalesce(format_datetime(${arg} AT TIME ZONE 'UTC', 'yyyy-MM-dd''T''HH:mm:ss.SSSSSS') || '0Z', '')`;
    case 'timespan':
      return p.fail('tostring() of a timespan');
    default:
      return assertNever(type);
  }
}

function isEmpty(arg: string, type: KqlType): string {
  if (type === 'string') return `(${arg} = '')`;
  if (type === 'dynamic') return `(${arg} IS NULL OR json_format(${arg}) = '""')`;
  return `(${arg} IS NULL)`;
}

const argType = (c: ir.Call, i = 0): KqlType => c.args[i]?.type ?? 'dynamic';

function conversion(target: string, a: string, type: KqlType, p: SqlBackend): string {
  if (type === 'bool') return `CAST(CAST(${a} AS integer) AS ${target})`;
  if (type === 'long' || type === 'int') {
    // try_cast: a long outside integer is null (the doc: null when the conversion fails).
    return target === 'integer' ? `try_cast(${a} AS integer)` : `CAST(${a} AS ${target})`;
  }
  if (type === 'real' || type === 'decimal') {
    // A double casts by rounding, so truncate first; NaN or out of range is null.
    return target === 'double' ? `CAST(${a} AS double)` : `try_cast(truncate(${a}) AS ${target})`;
  }
  return `try_cast(trim(${tostring(a, type, p)}) AS ${target})`;
}

/** A non-empty constant delimiter needs no guard against Trino's behaviour on ''. */
function splitArray(s: string, d: string, delimiter: ir.Scalar | undefined): string {
  const constant = delimiter === undefined ? undefined : constantString(delimiter);
  if (constant !== undefined && constant !== '') return `split(${s}, ${d})`;
  return `CASE WHEN ${d} = '' THEN ARRAY[${s}] ELSE split(${s}, ${d}) END`;
}

const TRINO_FUNCTIONS: FunctionTable = {
  ...COMMON_FUNCTIONS,
  ...TRINO_SCALAR_FUNCTIONS,
  // A timespan times or divided by a number, and ts / ts (SEMANTICS §8).
  mul: COMMON_FUNCTIONS.mul,
  div: ([a, b], c) =>
    c.type !== 'timespan' && argType(c) === 'timespan'
      ? `(CAST(to_milliseconds(${String(a)}) AS double) / nullif(to_milliseconds(${String(b)}), 0))`
      : c.type === 'real'
        ? realDivision(String(a), String(b), 'infinity()')
        : `(${String(a)} / nullif(${String(b)}, 0))`,
  endswith: ([a, b]) =>
    `(substr(lower(${String(a)}), greatest(length(lower(${String(a)})) - length(lower(${String(b)})) + 1, 1)) = lower(${String(b)}))`,
  endswith_cs: ([a, b]) =>
    `(substr(${String(a)}, greatest(length(${String(a)}) - length(${String(b)}) + 1, 1)) = ${String(b)})`,
  isempty: ([a], c) => isEmpty(String(a), argType(c)),
  isnotempty: ([a], c) => `(NOT ${isEmpty(String(a), argType(c))})`,
  tostring: ([a], c, p) => tostring(String(a), argType(c), p),
  // Invalid JSON is a JSON string holding the text; '' is null (SEMANTICS §4).
  parse_json: ([s]) =>
    `CASE WHEN ${String(s)} = '' THEN NULL ELSE coalesce(try(json_parse(${String(s)})), CAST(${String(s)} AS json)) END`,
  split: ([s, d], c) => `CAST(${splitArray(String(s), String(d), c.args[1])} AS json)`,
  split_part: ([s, d, i], c) => {
    const parts = splitArray(String(s), String(d), c.args[1]);
    return `CASE WHEN ${String(i)} >= 0 AND cardinality(${parts}) > ${String(i)} THEN CAST(ARRAY[element_at(${parts}, ${String(i)} + 1)] AS json) END`;
  },
  array_length: ([d]) => `json_array_length(${String(d)})`,
  tolower: ([a]) => `lower(${String(a)})`,
  toupper: ([a]) => `upper(${String(a)})`,
  matches_regex: ([a], c, p) =>
    `regexp_like(${String(a)}, ${p.stringLiteral(regexArg(c, 1, p, 'java').pattern)})`,
  substring: ([s, start, len]) => {
    const st = `(CASE WHEN ${String(start)} < 0 THEN greatest(length(${String(s)}) + ${String(start)}, 0) ELSE ${String(start)} END)`;
    if (len === undefined) {
      return `(CASE WHEN ${String(start)} IS NULL THEN '' ELSE substr(${String(s)}, ${st} + 1) END)`;
    }
    return `(CASE WHEN ${String(start)} IS NULL OR ${len} IS NULL OR ${len} < 0 THEN '' ELSE substr(${String(s)}, ${st} + 1, ${len}) END)`;
  },
  tolong: ([a], c, p) => conversion('bigint', String(a), argType(c), p),
  toint: ([a], c, p) => conversion('integer', String(a), argType(c), p),
  toreal: ([a], c, p) => conversion('double', String(a), argType(c), p),
  tobool: ([a], c, p) => {
    const type = argType(c);
    if (type === 'bool') return String(a);
    if (type === 'long' || type === 'int' || type === 'real' || type === 'decimal') {
      return `(${String(a)} <> 0)`;
    }
    // true/false in any case, or an integer (true when not zero), as tobool reads text.
    const text = `trim(${tostring(String(a), type, p)})`;
    return `CASE lower(${text}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE ELSE try_cast(${text} AS bigint) <> 0 END`;
  },
  todatetime: ([a], c, p) =>
    argType(c) === 'datetime'
      ? String(a)
      : `try(from_iso8601_timestamp_nanos(trim(${tostring(String(a), argType(c), p)})))`,
  now: () => 'current_timestamp',
  replace_string: ([a, b, c], call) => {
    const lookup = call.args[1] === undefined ? undefined : constantString(call.args[1]);
    if (lookup !== undefined && lookup !== '')
      return `replace(${String(a)}, ${String(b)}, ${String(c)})`;
    // An empty lookup leaves the text unchanged in KQL; Trino would insert between characters.
    return `CASE WHEN ${String(b)} = '' THEN ${String(a)} ELSE replace(${String(a)}, ${String(b)}, ${String(c)}) END`;
  },
};

export class TrinoBackend extends SqlBackend {
  readonly dialect = 'athena' as const;
  readonly functions = TRINO_FUNCTIONS;

  protected nullSafeEquals(a: string, b: string): string {
    return `${a} IS NOT DISTINCT FROM ${b}`;
  }

  /**
   * None: the Athena CloudTrail table (and Security Lake) records no ingestion time, and the
   * tables the Trino case runner makes have none either; ingestion_time() is refused (KQL3003).
   */
  protected override ingestionTimeColumn(): string | undefined {
    return undefined;
  }

  protected override repeatsArgument(s: ir.Scalar): boolean {
    if (s.kind !== 'call') return false;
    if (repeatsScalarExtra('athena', s)) return true;
    switch (s.fn) {
      case 'bin':
      case 'parse_json':
      case 'endswith':
      case 'endswith_cs':
      case 'split_part':
      case 'substring':
      case 'extract_all':
      case 'gettype':
      case 'bag_keys':
      case 'set_has_element':
      case 'array_index_of':
      case 'array_concat':
      case 'array_slice':
        return true;
      case 'indexof':
        return s.args.length > 2;
      case 'startof':
        return s.args[0]?.kind === 'literal' && s.args[0].value === 'week';
      case 'split':
      case 'replace_string':
        return s.args[1] === undefined || constantString(s.args[1]) === undefined;
      case 'tostring':
      case 'isempty':
      case 'isnotempty':
        return s.args[0]?.type === 'dynamic';
      default:
        return false;
    }
  }

  protected typedNull(type: KqlType): string {
    return `CAST(NULL AS ${TRINO_TYPES[type]})`;
  }

  protected realLiteral(value: number): string {
    if (Number.isNaN(value)) return 'nan()';
    if (!Number.isFinite(value)) return value > 0 ? 'infinity()' : '-infinity()';
    return `DOUBLE '${String(value)}'`;
  }

  protected boolLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  /** Trino has no MATERIALIZED; the flags of row_window_session are read once here. */
  protected override evaluatedOnceKeyword(): string {
    return '';
  }

  /**
   * row_window_session() without recursion, which Athena does not offer: the runs of rows
   * between rows that start a session whatever the session before (`sessionFlags`) are numbered
   * by a running sum; each run's rows and values are gathered in order, the values folded by
   * `reduce` into the session start of each (a new one where a value reaches the current start
   * plus the maximum distance from the first), and both unnested side by side. The input is
   * read once: Trino inlines CTEs, and a second evaluation could number tied rows otherwise.
   */
  protected override selectSession(parts: SessionParts): string {
    const { rel, fn, row, flags, isNew, flagColumns } = parts;
    const r = this.column(flagColumns, row.name);
    const runName = uniqueColumn('__run', flagColumns.columns);
    const runColumns = {
      columns: [...flagColumns.columns, { name: runName, type: 'long' as const }],
    };
    const run = this.column(runColumns, runName);
    const runs = this.addCte(
      'session',
      `SELECT *, sum(${isNew}) OVER (ORDER BY ${r} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${run}\nFROM ${flags}`,
    );
    const columns = rel.input.columns.map((c) => this.column(flagColumns, c.name));
    const type = TRINO_TYPES[fn.expr.type];
    // The fold's state is the session starts so far; the last one is the current start (NULL
    // before the first value: element_at past the end).
    const start: ir.ColumnRef = {
      kind: 'column',
      name: 'element_at(o, greatest(cardinality(o), 1))',
      type: fn.expr.type,
    };
    const value: ir.ColumnRef = { kind: 'column', name: 'x', type: fn.expr.type };
    const lambda: ExprContext = { column: (ref) => ref.name };
    const reached = this.sessionReached(value, start, fn.maxFromFirst, lambda);
    const next = `CASE WHEN ${start.name} IS NULL OR ${reached} THEN x ELSE ${start.name} END`;
    const fold = `reduce(g."__values", CAST(ARRAY[] AS array(${type})), (o, x) -> o || ARRAY[${next}], o -> o)`;
    const gathered = `SELECT\n  array_agg(ROW(${columns.map((c) => `f.${c}`).join(', ')}) ORDER BY f.${r}) AS "__rows",\n  array_agg(f.${this.column(flagColumns, fn.expr.name)} ORDER BY f.${r}) AS "__values"\nFROM ${runs} AS f\nGROUP BY f.${run}`;
    const names = [...columns, this.column(rel, parts.output)];
    return `SELECT\n${indent(names.map((n) => `u.${n}`).join(',\n'))}\nFROM (\n${indent(gathered)}\n) AS g\nCROSS JOIN UNNEST(g."__rows", ${fold}) AS u (${names.join(', ')})`;
  }

  protected datetimeLiteral(micros: bigint): string {
    const text = formatDatetime(micros);
    return `TIMESTAMP '${text.slice(0, 10)} ${text.slice(11, 26)} UTC'`;
  }

  protected timespanLiteral(micros: bigint): string {
    const neg = micros < 0n;
    const abs = neg ? -micros : micros;
    const seconds = abs / 1_000_000n;
    const frac = (abs % 1_000_000n).toString().padStart(6, '0');
    return `INTERVAL '${neg ? '-' : ''}${seconds.toString()}.${frac}' SECOND`;
  }

  protected dynamicLiteral(json: string, span?: Span): string {
    return `JSON ${this.stringLiteral(json, span)}`;
  }

  protected jsonPath(target: string, path: ir.JsonPath): string {
    let out = target;
    let pending = '';
    const flush = (): void => {
      if (pending !== '')
        out = `json_extract(${out}, ${this.stringLiteral(`$${pending}`, path.span)})`;
      pending = '';
    };
    for (const step of path.steps) {
      if (typeof step === 'number' && step < 0) {
        // Trino's JSON path has no negative index: cast to an array and count from the end.
        flush();
        out = `element_at(try_cast(${out} AS array(json)), ${String(step)})`;
      } else if (typeof step === 'number') {
        pending += `[${String(step)}]`;
      } else {
        if (/["\\]/.test(step))
          this.fail(`a property name with a quote or backslash (${step})`, path.span);
        pending += `["${step}"]`;
      }
    }
    flush();
    return out;
  }

  protected selectParse(rel: ir.Parse, from: string): string {
    const regex = parseRegex(rel, 'java', this);
    const s = this.column(rel.input, rel.source, 't');
    const pattern = this.stringLiteral(regex.pattern);
    const items = parseColumns(
      this,
      rel,
      regex,
      (_i, g) => `regexp_extract(${s}, ${pattern}, ${String(g)})`,
      `regexp_like(${s}, ${pattern})`,
    );
    return `SELECT\n${indent(items)}\nFROM ${from} AS t`;
  }

  protected selectMvExpand(rel: ir.MvExpand, from: string): string {
    // Arrays unnest to their elements, bags to single-key bags (or [key, value] pairs),
    // anything else (null included) to one row holding itself; an empty array or bag unnests
    // to no row, and UNNEST of several arrays zips them, padding with null (SEMANTICS §5).
    const entry =
      rel.bagExpansion === 'array'
        ? 'CAST(ARRAY[CAST(e[1] AS json), e[2]] AS json)'
        : 'CAST(map(ARRAY[e[1]], ARRAY[e[2]]) AS json)';
    const arrays = rel.items.map((it) => {
      const d = this.column(rel.input, it.column, 't');
      return (
        `CASE\n` +
        `  WHEN json_array_length(${d}) IS NOT NULL THEN CAST(${d} AS array(json))\n` +
        `  WHEN try_cast(${d} AS map(varchar, json)) IS NOT NULL THEN transform(\n` +
        `    map_entries(CAST(${d} AS map(varchar, json))),\n` +
        `    e -> ${entry})\n` +
        `  ELSE ARRAY[${d}]\n` +
        `END`
      );
    });
    const names = rel.items.map((_, i) => `v${String(i + 1)}`);
    return (
      `SELECT\n${indent(this.mvExpandColumns(rel, (i) => `u.v${String(i + 1)}`, 'u.n - 1'))}\n` +
      `FROM ${from} AS t\n` +
      `CROSS JOIN UNNEST(\n${indent(arrays.join(',\n'))}\n) WITH ORDINALITY AS u (${names.join(', ')}, n)` +
      this.mvExpandLimit(rel, 'u.n - 1')
    );
  }

  protected castDynamic(value: string, type: KqlType, span?: Span): string {
    const text = `json_format(${value})`;
    switch (type) {
      case 'dynamic':
        return value;
      case 'string':
        return `CASE WHEN ${text} LIKE '"%' THEN json_extract_scalar(${value}, '$') ELSE '' END`;
      case 'long':
      case 'int':
        return `CASE WHEN regexp_like(${text}, '^-?[0-9]+$') THEN CAST(${text} AS ${TRINO_TYPES[type]}) END`;
      case 'real':
        return `CASE WHEN regexp_like(${text}, '^-?[0-9]') THEN CAST(${text} AS double) END`;
      case 'bool':
        return `CASE ${text} WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END`;
      default:
        return this.fail(`mv-expand … to typeof(${type})`, span);
    }
  }

  anyAggregate(value: string): string {
    return `arbitrary(${value})`;
  }

  pickAggregate(value: string, cond: string): string {
    return `arbitrary(${value}) FILTER (WHERE ${cond})`;
  }

  // JSON values are not comparable in Trino: group and count them by their text.
  override groupKey(value: string, type: KqlType): string {
    return type === 'dynamic' ? `json_format(${value})` : value;
  }

  override groupKeyValue(key: string, type: KqlType): string {
    return type === 'dynamic' ? `json_parse(${key})` : key;
  }

  override minMaxAggregate(fn: 'min' | 'max', value: string, type: KqlType): string {
    if (type === 'dynamic') return this.fail(`${fn}() of a dynamic value`);
    return `${fn}(${value})`;
  }

  override avgAggregate(value: string): string {
    return `coalesce(avg(${value}), nan())`;
  }

  jsonArrayAggregate(parts: AggParts, distinct: boolean): string {
    const filter = parts.filter === undefined ? '' : ` FILTER (WHERE ${parts.filter})`;
    const d = distinct ? 'DISTINCT ' : '';
    const array =
      parts.type === 'dynamic'
        ? `transform(array_agg(${d}json_format(${parts.value}))${filter}, s -> json_parse(s))`
        : `array_agg(${d}${parts.value})${filter}`;
    return `coalesce(CAST(${array} AS json), JSON '[]')`;
  }

  termMatch(
    haystack: string,
    needle: string,
    needleScalar: ir.Scalar,
    mode: TermMode,
    caseSensitive: boolean,
  ): string {
    const constant = constantString(needleScalar);
    if (constant === undefined) return computedTermMatch(haystack, needle, mode, caseSensitive);
    const pattern = termRegex(constant, mode, '[^\\p{L}\\p{N}]');
    if (pattern === undefined) {
      return caseSensitive
        ? `(strpos(${haystack}, ${needle}) > 0)`
        : `(strpos(lower(${haystack}), lower(${needle})) > 0)`;
    }
    return `regexp_like(${haystack}, ${this.stringLiteral(`${caseSensitive ? '' : '(?i)'}${pattern}`)})`;
  }

  lower(x: string): string {
    return `lower(${x})`;
  }
}

/**
 * A term match whose needle is computed per row: `termRegex` built at run time. The needle's
 * regex metacharacters (those `escapeRegex` escapes) get a backslash from `regexp_replace`, whose
 * replacement reads `\\` as a backslash and `$1` as the character; a boundary is added on a side
 * whose end character is a letter or digit; with neither, the test is a substring test, as for a
 * constant needle. A NULL needle or haystack matches nothing, as PostgreSQL's `rule2sql.term`.
 */
function computedTermMatch(
  haystack: string,
  needle: string,
  mode: TermMode,
  caseSensitive: boolean,
): string {
  const termChar = (ch: string): string => `regexp_like(${ch}, '^[\\p{L}\\p{N}]$')`;
  const nonTerm = '[^\\p{L}\\p{N}]';
  // A side gets a boundary when its end character is a letter or digit.
  type Side = { readonly test: string; readonly pattern: string } | undefined;
  const left: Side =
    mode === 'hassuffix'
      ? undefined
      : { test: termChar(`substr(${needle}, 1, 1)`), pattern: `(^|${nonTerm})` };
  const right: Side =
    mode === 'hasprefix'
      ? undefined
      : {
          test: termChar(`substr(${needle}, greatest(length(${needle}), 1), 1)`),
          pattern: `($|${nonTerm})`,
        };
  const sides = [left, right].filter((x) => x !== undefined);
  const escaped = `regexp_replace(${needle}, '([\\\\.^$*+?()\\[\\]{}|])', '\\\\$1')`;
  const boundary = (side: Side): string[] =>
    side === undefined ? [] : [`CASE WHEN ${side.test} THEN '${side.pattern}' ELSE '' END`];
  const pattern = `concat(${[
    `'${caseSensitive ? '' : '(?i)'}'`,
    ...boundary(left),
    escaped,
    ...boundary(right),
  ].join(', ')})`;
  const substring = caseSensitive
    ? `strpos(${haystack}, ${needle}) > 0`
    : `strpos(lower(${haystack}), lower(${needle})) > 0`;
  return (
    `coalesce(CASE WHEN ${sides.map((x) => x.test).join(' OR ')} ` +
    `THEN regexp_like(${haystack}, ${pattern}) ` +
    `ELSE ${substring} END, FALSE)`
  );
}
