/**
 * PostgreSQL 15 or newer. Dynamic values are jsonb, datetimes timestamptz, timespans interval.
 * Where plain SQL would raise or differ on PostgreSQL 15, the output calls functions of the
 * prelude (postgres-prelude.ts), which rule2sql installs on its own connections.
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
  quoteIdent,
  realDivision,
  termRegex,
  type FunctionTable,
  type TermMode,
} from './base.js';
import type { AggParts } from './select-aggregate.js';
import { POSTGRES_SCALAR_FUNCTIONS } from './functions-postgres.js';
import { regexArg } from './functions-shared.js';
import { helperName } from './column-names.js';
import { parseColumns, parseRegex, type ParseRegex } from './parse-regex.js';
import { compileRegexProgram, programSql } from './regex-program.js';

const PG_TYPES: Record<KqlType, string> = {
  string: 'text',
  guid: 'text',
  long: 'bigint',
  int: 'integer',
  real: 'double precision',
  decimal: 'double precision',
  bool: 'boolean',
  datetime: 'timestamptz',
  timespan: 'interval',
  dynamic: 'jsonb',
};

/** Any non-null value of each type, for the null-matching FULL JOIN condition. */
const FULL_JOIN_FILLER: Record<KqlType, string> = {
  string: `''`,
  guid: `''`,
  long: '0',
  int: '0',
  real: '0',
  decimal: '0',
  bool: 'FALSE',
  datetime: `TIMESTAMPTZ '1970-01-01 00:00:00+00'`,
  timespan: `INTERVAL '0 seconds'`,
  dynamic: `CAST('null' AS jsonb)`,
};

function tostring(arg: string, type: KqlType): string {
  switch (type) {
    case 'string':
    case 'guid':
      return arg;
    case 'dynamic':
      return `rule2sql.dyn_tostring(${arg})`;
    case 'long':
    case 'int':
      return `coalesce(${arg}::text, '')`;
    case 'real':
    case 'decimal':
      return `rule2sql.real_text(${arg})`;
    case 'bool':
      return `CASE ${arg} WHEN TRUE THEN 'True' WHEN FALSE THEN 'False' ELSE '' END`;
    case 'datetime':
      return `rule2sql.datetime_text(${arg})`;
    case 'timespan':
      return `rule2sql.timespan_text(${arg})`;
    default:
      return assertNever(type);
  }
}

function isEmpty(arg: string, type: KqlType): string {
  if (type === 'string') return `(${arg} = '')`;
  if (type === 'dynamic') return `(${arg} IS NULL OR ${arg} = '""'::jsonb)`;
  return `(${arg} IS NULL)`;
}

const argType = (c: ir.Call, i = 0): KqlType => c.args[i]?.type ?? 'dynamic';

const NUMBER_TYPES: ReadonlySet<KqlType> = new Set(['long', 'int', 'real', 'decimal']);

function numericConversion(fn: 'tolong' | 'toint' | 'toreal', a: string, type: KqlType): string {
  const target = fn === 'tolong' ? 'bigint' : fn === 'toint' ? 'integer' : 'double precision';
  if (type === 'bool') return `CAST(CAST(${a} AS integer) AS ${target})`;
  if (type === 'long' || type === 'int' || type === 'real' || type === 'decimal') {
    if (fn === 'toreal') return `CAST(${a} AS double precision)`;
    if (type === 'int' || (type === 'long' && fn === 'tolong')) return `CAST(${a} AS ${target})`;
    // Outside the target type the result is null (the doc: null when the conversion fails),
    // where CAST would raise. NaN sorts above every number, so it fails the upper bound.
    // The bounds are exact doubles: -2^31 - 1 and 2^31, -2^63 and 2^63.
    const range =
      fn === 'toint'
        ? `${a} > -2147483649 AND ${a} < 2147483648`
        : `${a} >= -9223372036854775808 AND ${a} < 9223372036854775808`;
    const whole = type === 'long' ? a : `trunc(${a})`;
    return `CASE WHEN ${range} THEN CAST(${whole} AS ${target}) END`;
  }
  return `rule2sql.${fn}(${tostring(a, type)})`;
}

const POSTGRES_FUNCTIONS: FunctionTable = {
  ...COMMON_FUNCTIONS,
  ...POSTGRES_SCALAR_FUNCTIONS,
  // A timespan times or divided by a number, and ts / ts (SEMANTICS §8).
  mul: COMMON_FUNCTIONS.mul,
  div: ([a, b], c) =>
    c.type !== 'timespan' && argType(c) === 'timespan'
      ? `CAST(extract(epoch FROM ${String(a)}) / nullif(extract(epoch FROM ${String(b)}), 0) AS double precision)`
      : c.type === 'real'
        ? realDivision(String(a), String(b), `'Infinity'::double precision`)
        : `(${String(a)} / nullif(${String(b)}, 0))`,
  endswith: ([a, b]) =>
    `(right(lower(${String(a)}), length(lower(${String(b)}))) = lower(${String(b)}))`,
  endswith_cs: ([a, b]) => `(right(${String(a)}, length(${String(b)})) = ${String(b)})`,
  isempty: ([a], c) => isEmpty(String(a), argType(c)),
  isnotempty: ([a], c) => `(NOT ${isEmpty(String(a), argType(c))})`,
  tostring: ([a], c) => tostring(String(a), argType(c)),
  parse_json: ([s]) => `rule2sql.parse_json(${String(s)})`,
  split: ([s, d]) => `rule2sql.split(${String(s)}, ${String(d)})`,
  split_part: ([s, d, i]) => `rule2sql.split(${String(s)}, ${String(d)}, ${String(i)})`,
  array_length: ([d]) => `rule2sql.array_length(${String(d)})`,
  tolower: ([a]) => `lower(${String(a)})`,
  toupper: ([a]) => `upper(${String(a)})`,
  matches_regex: ([a], c, p) =>
    `(${String(a)} ~ ${p.stringLiteral(regexArg(c, 1, p, 'pg').pattern)})`,
  substring: ([s, start, len]) =>
    `rule2sql.substring(${String(s)}, ${String(start)}${len === undefined ? '' : `, ${len}`})`,
  tolong: ([a], c) => numericConversion('tolong', String(a), argType(c)),
  toint: ([a], c) => numericConversion('toint', String(a), argType(c)),
  toreal: ([a], c) => numericConversion('toreal', String(a), argType(c)),
  tobool: ([a], c) =>
    argType(c) === 'bool'
      ? String(a)
      : NUMBER_TYPES.has(argType(c))
        ? `(${String(a)} <> 0)`
        : `rule2sql.tobool(${tostring(String(a), argType(c))})`,
  todatetime: ([a], c) =>
    argType(c) === 'datetime'
      ? String(a)
      : `rule2sql.todatetime(${tostring(String(a), argType(c))})`,
  now: () => 'now()',
  replace_string: ([a, b, c]) => `replace(${String(a)}, ${String(b)}, ${String(c)})`,
};

export class PostgresBackend extends SqlBackend {
  readonly dialect = 'postgres' as const;
  readonly functions = POSTGRES_FUNCTIONS;

  protected nullSafeEquals(a: string, b: string): string {
    return `${a} IS NOT DISTINCT FROM ${b}`;
  }

  protected override repeatsArgument(s: ir.Scalar): boolean {
    if (s.kind !== 'call') return false;
    if (repeatsScalarExtra('postgres', s)) return true;
    if (s.fn === 'bin') return s.type !== 'real' && s.type !== 'datetime';
    return s.fn === 'startof' && s.args[0]?.kind === 'literal' && s.args[0].value === 'week';
  }

  protected override keyEquals(left: string, right: string, type: KqlType, full: boolean): string {
    if (!full || type === 'string') return super.keyEquals(left, right, type, full);
    // PostgreSQL runs FULL JOIN only on merge- or hash-joinable conditions, which IS NOT
    // DISTINCT FROM is not. Two plain equalities match the same rows: the keys with null
    // replaced by a filler value, and whether each key is null (so a null never meets the filler).
    const fill = FULL_JOIN_FILLER[type];
    return `coalesce(${left}, ${fill}) = coalesce(${right}, ${fill}) AND (${left} IS NULL) = (${right} IS NULL)`;
  }

  protected typedNull(type: KqlType): string {
    return `CAST(NULL AS ${PG_TYPES[type]})`;
  }

  protected realLiteral(value: number): string {
    if (Number.isNaN(value)) return `'NaN'::double precision`;
    if (!Number.isFinite(value)) return `'${value > 0 ? '' : '-'}Infinity'::double precision`;
    return `CAST(${String(value)} AS double precision)`;
  }

  protected boolLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  protected datetimeLiteral(micros: bigint): string {
    const text = formatDatetime(micros); // 2024-01-01T00:00:00.0000000Z
    return `TIMESTAMPTZ '${text.slice(0, 10)} ${text.slice(11, 26)}+00'`;
  }

  protected timespanLiteral(micros: bigint): string {
    return `INTERVAL '${String(micros)} microseconds'`;
  }

  protected dynamicLiteral(json: string, span?: Span): string {
    return `CAST(${this.stringLiteral(json, span)} AS jsonb)`;
  }

  protected jsonPath(target: string, path: ir.JsonPath): string {
    let out = target;
    for (const step of path.steps) {
      out =
        typeof step === 'number'
          ? `rule2sql.idx(${out}, ${String(step)})`
          : `rule2sql.key(${out}, ${this.stringLiteral(step, path.span)})`;
    }
    return out;
  }

  protected override materializedKeyword(): string {
    return 'MATERIALIZED ';
  }

  /**
   * The RE2-order matcher's arguments for a parse whose regex parts PostgreSQL's own matching may
   * answer differently (`ParseRegex.posixRisk`): the program of the pattern written for RE2, and
   * the PostgreSQL pattern that tells whether (and, anchored, where) the text matches at all.
   */
  private parseProgram(rel: ir.Parse, regex: ParseRegex): string {
    const prog = compileRegexProgram(parseRegex(rel, 're2', this).pattern);
    if ('error' in prog) {
      return this.fail(
        `a parse regex holding ${regex.posixRisk ?? ''} that the RE2-order matcher cannot run (${prog.error})`,
        rel.span,
      );
    }
    return programSql(prog, regex.pattern, (x) => this.stringLiteral(x));
  }

  protected selectParse(rel: ir.Parse, from: string): string {
    const regex = parseRegex(rel, 'pg', this);
    const m = quoteIdent(helperName('__m', this.names(rel.input)));
    const items = parseColumns(
      this,
      rel,
      regex,
      (_i, g) => `t.${m}[${String(g)}]`,
      `(t.${m} IS NOT NULL)`,
    );
    const source = this.column(rel.input, rel.source);
    const call =
      regex.posixRisk === undefined
        ? `regexp_match(${source}, ${this.stringLiteral(regex.pattern)})`
        : `rule2sql.re2_groups(${source}, ${this.parseProgram(rel, regex)})`;
    return `SELECT\n${indent(items)}\nFROM (\n  SELECT *, ${call} AS ${m}\n  FROM ${from}\n) AS t`;
  }

  protected selectMvExpand(rel: ir.MvExpand, from: string): string {
    // ROWS FROM zips the items' element lists, padding the shorter ones with null.
    const pairs = rel.bagExpansion === 'array' ? 'TRUE' : 'FALSE';
    const fns = rel.items.map(
      (it) => `rule2sql.mv_elements(${this.column(rel.input, it.column, 't')}, ${pairs})`,
    );
    const names = rel.items.map((_, i) => `v${String(i + 1)}`);
    return (
      `SELECT\n${indent(this.mvExpandColumns(rel, (i) => `e.v${String(i + 1)}`, 'e.n - 1'))}\n` +
      `FROM ${from} AS t\n` +
      `CROSS JOIN LATERAL ROWS FROM (${fns.join(', ')}) WITH ORDINALITY AS e(${names.join(', ')}, n)` +
      this.mvExpandLimit(rel, 'e.n - 1')
    );
  }

  protected castDynamic(value: string, type: KqlType, span?: Span): string {
    const text = `(${value} #>> '{}')`;
    switch (type) {
      case 'dynamic':
        return value;
      case 'string':
        return `CASE WHEN jsonb_typeof(${value}) = 'string' THEN ${text} ELSE '' END`;
      case 'long':
      case 'int':
        return `CASE WHEN jsonb_typeof(${value}) = 'number' AND ${text} ~ '^-?[0-9]+$' THEN CAST(${text} AS ${PG_TYPES[type]}) END`;
      case 'real':
        return `CASE WHEN jsonb_typeof(${value}) = 'number' THEN CAST(${text} AS double precision) END`;
      case 'bool':
        return `CASE WHEN jsonb_typeof(${value}) = 'boolean' THEN CAST(${text} AS boolean) END`;
      default:
        return this.fail(`mv-expand … to typeof(${type})`, span);
    }
  }

  // Strings sort by code point, whatever the database's collation (SEMANTICS §9).
  override sortValue(value: string, type: KqlType): string {
    return type === 'string' ? `${value} COLLATE "C"` : value;
  }

  anyAggregate(value: string): string {
    return `(array_agg(${value}))[1]`;
  }

  pickAggregate(value: string, cond: string): string {
    return `(array_agg(${value}) FILTER (WHERE ${cond}))[1]`;
  }

  override minMaxAggregate(fn: 'min' | 'max', value: string, type: KqlType): string {
    switch (type) {
      case 'string':
        // Ordinal order, whatever the database's collation (SEMANTICS §9).
        return `${fn}(${value} COLLATE "C")`;
      case 'bool':
        return `${fn === 'min' ? 'bool_and' : 'bool_or'}(${value})`;
      case 'dynamic':
        return this.fail(`${fn}() of a dynamic value`);
      default:
        return `${fn}(${value})`;
    }
  }

  override sumAggregate(value: string, type: KqlType): string {
    // sum(bigint) is numeric in PostgreSQL.
    if (type === 'long' || type === 'int') return `coalesce(CAST(sum(${value}) AS bigint), 0)`;
    return super.sumAggregate(value, type);
  }

  override stableOrder(): string {
    // The numbered relation is a CTE printed AS MATERIALIZED: evaluated once.
    return '';
  }

  override windowSum(value: string, type: KqlType, over: string): string {
    // sum(bigint) is numeric in PostgreSQL.
    if (type === 'long' || type === 'int')
      return `coalesce(CAST(sum(${value}) ${over} AS bigint), 0)`;
    return super.windowSum(value, type, over);
  }

  override avgAggregate(value: string): string {
    return `coalesce(CAST(avg(${value}) AS double precision), 'NaN'::double precision)`;
  }

  jsonArrayAggregate(parts: AggParts, distinct: boolean): string {
    const element = parts.type === 'dynamic' ? parts.value : `to_jsonb(${parts.value})`;
    const filter = parts.filter === undefined ? '' : ` FILTER (WHERE ${parts.filter})`;
    return `coalesce(jsonb_agg(${distinct ? 'DISTINCT ' : ''}${element})${filter}, '[]'::jsonb)`;
  }

  termMatch(
    haystack: string,
    needle: string,
    needleScalar: ir.Scalar,
    mode: TermMode,
    caseSensitive: boolean,
  ): string {
    const constant = constantString(needleScalar);
    if (constant === undefined) {
      return `rule2sql.term(${haystack}, ${needle}, '${mode}', ${caseSensitive ? 'TRUE' : 'FALSE'})`;
    }
    const pattern = termRegex(constant, mode, '[^[:alnum:]]');
    if (pattern === undefined) {
      return caseSensitive
        ? `(strpos(${haystack}, ${needle}) > 0)`
        : `(strpos(lower(${haystack}), lower(${needle})) > 0)`;
    }
    return `(${haystack} ${caseSensitive ? '~' : '~*'} ${this.stringLiteral(pattern)})`;
  }

  lower(x: string): string {
    return `lower(${x})`;
  }
}
