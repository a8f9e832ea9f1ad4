/**
 * Printers of abs, round, datetime_diff, format_datetime and the IPv4 functions, per dialect
 * (the meaning each follows is documented at its builtin: frontend/builtins-numeric.ts,
 * builtins-datetime.ts, builtins-ipv4.ts). SQLite calls the functions of sqlite-scalar.ts,
 * PostgreSQL those of the prelude, Trino prints plain SQL.
 */
import type * as ir from '../ir/nodes.js';
import { tokenizeDatetimeFormat, type DatetimeFormatToken } from '../frontend/datetime-format.js';
import { constantString, type FnPrinter, type ScalarFnTable, type SqlBackend } from './base.js';

type ScalarExtras = Pick<
  ScalarFnTable,
  | 'abs'
  | 'round'
  | 'datetime_diff'
  | 'format_datetime'
  | 'parse_ipv4'
  | 'ipv4_is_private'
  | 'ipv4_is_match'
  | 'ipv4_compare'
>;

/** The unit of a datetime_diff call (its first argument, a constant lower-case string). */
const unitOf = (c: ir.Call): string => constantString(c.args[0] ?? c) ?? '';

/** The tokens of a format_datetime call's constant format (checked by the binder). */
function formatTokens(c: ir.Call, p: SqlBackend): readonly DatetimeFormatToken[] {
  const t = tokenizeDatetimeFormat(constantString(c.args[1] ?? c) ?? '');
  if ('error' in t) return p.fail(`format_datetime() with ${t.error}`, c.span);
  return t;
}

/** abs() where the engine has none for intervals; an int argument gives a long, as in KQL. */
const absWith =
  (zero: string): FnPrinter =>
  ([x], c) => {
    const v = String(x);
    if (c.type === 'timespan') return `(CASE WHEN ${v} < ${zero} THEN - ${v} ELSE ${v} END)`;
    return c.args[0]?.type === 'int' ? `CAST(abs(${v}) AS bigint)` : `abs(${v})`;
  };

export const SQLITE_SCALAR_EXTRAS: ScalarExtras = {
  abs: ([x]) => `abs(${String(x)})`,
  round: ([x, d]) => `kql_round(${String(x)}, ${String(d)})`,
  datetime_diff: ([u, a, b]) => `kql_datetime_diff(${String(u)}, ${String(a)}, ${String(b)})`,
  format_datetime: ([x, f], c, p) => {
    formatTokens(c, p);
    return `kql_format_datetime(${String(x)}, ${String(f)})`;
  },
  parse_ipv4: ([s]) => `kql_parse_ipv4(${String(s)})`,
  ipv4_is_private: ([s]) => `kql_ipv4_is_private(${String(s)})`,
  ipv4_is_match: ([a, b, n]) => `(kql_ipv4_compare(${String(a)}, ${String(b)}, ${String(n)}) = 0)`,
  ipv4_compare: ([a, b, n]) => `kql_ipv4_compare(${String(a)}, ${String(b)}, ${String(n)})`,
};

/** Microseconds in each fixed-size datetime_diff unit. */
const UNIT_MICROS: Readonly<Record<string, string>> = {
  day: '86400000000',
  hour: '3600000000',
  minute: '60000000',
  second: '1000000',
  millisecond: '1000',
  microsecond: '1',
};

/** PostgreSQL: the boundaries crossed, from exact microseconds (extract(epoch) is numeric). */
function pgDatetimeDiff(unit: string, a: string, b: string): string {
  const us = (t: string): string => `(extract(epoch FROM ${t}) * 1000000)`;
  const part = (f: string, t: string): string => `extract(${f} FROM ${t} AT TIME ZONE 'UTC')`;
  const size = UNIT_MICROS[unit];
  if (size !== undefined) {
    return `CAST(floor(${us(a)} / ${size}) - floor(${us(b)} / ${size}) AS bigint)`;
  }
  switch (unit) {
    case 'nanosecond':
      return `CAST((${us(a)} - ${us(b)}) * 1000 AS bigint)`;
    case 'week':
      // Weeks start on Sunday; 1970-01-01 was a Thursday, four days after one.
      return `CAST(floor((${us(a)} + 345600000000) / 604800000000) - floor((${us(b)} + 345600000000) / 604800000000) AS bigint)`;
    case 'year':
      return `CAST(${part('year', a)} - ${part('year', b)} AS bigint)`;
    case 'quarter':
      return `CAST((${part('year', a)} - ${part('year', b)}) * 4 + ${part('quarter', a)} - ${part('quarter', b)} AS bigint)`;
    default:
      return `CAST((${part('year', a)} - ${part('year', b)}) * 12 + ${part('month', a)} - ${part('month', b)} AS bigint)`;
  }
}

/** PostgreSQL to_char patterns of the format_datetime specifiers. */
const PG_SPECS: Readonly<Record<string, string>> = {
  yyyy: 'YYYY',
  yy: 'YY',
  y: 'FMYY',
  MM: 'MM',
  M: 'FMMM',
  dd: 'DD',
  d: 'FMDD',
  HH: 'HH24',
  H: 'FMHH24',
  hh: 'HH12',
  h: 'FMHH12',
  mm: 'MI',
  m: 'FMMI',
  ss: 'SS',
  s: 'FMSS',
  tt: 'AM',
};

function pgFormat(tokens: readonly DatetimeFormatToken[]): string {
  return tokens
    .map((t) => {
      if (t.kind === 'text') return `"${t.text}"`;
      if (t.spec.startsWith('f')) {
        // Seven digits are Kusto's ticks; the seventh is always 0 with microsecond storage.
        return t.spec.length === 7 ? 'FF6"0"' : `FF${String(t.spec.length)}`;
      }
      return PG_SPECS[t.spec] ?? '';
    })
    .join('');
}

const ipv4Pg =
  (fn: string): FnPrinter =>
  (args) =>
    `rule2sql.${fn}(${args.join(', ')})`;

export const POSTGRES_SCALAR_EXTRAS: ScalarExtras = {
  abs: absWith(`INTERVAL '0'`),
  round: ([x, d]) => `CAST(round(CAST(${String(x)} AS numeric), ${String(d)}) AS double precision)`,
  datetime_diff: ([, a, b], c) => pgDatetimeDiff(unitOf(c), String(a), String(b)),
  format_datetime: ([x], c, p) =>
    `coalesce(to_char(${String(x)} AT TIME ZONE 'UTC', ${p.stringLiteral(pgFormat(formatTokens(c, p)))}), '')`,
  parse_ipv4: ipv4Pg('parse_ipv4'),
  ipv4_is_private: ipv4Pg('ipv4_is_private'),
  ipv4_is_match: (args) => `(rule2sql.ipv4_compare(${args.join(', ')}) = 0)`,
  ipv4_compare: ipv4Pg('ipv4_compare'),
};

/** Trino: boundaries crossed are the elapsed units between the two truncated instants. */
function trinoDatetimeDiff(unit: string, a: string, b: string, c: ir.Call, p: SqlBackend): string {
  if (unit === 'microsecond' || unit === 'nanosecond') {
    return p.fail(`datetime_diff() in ${unit}s (Trino intervals hold milliseconds)`, c.span);
  }
  const utc = (t: string): string => `(${t} AT TIME ZONE 'UTC')`;
  const trunc = (t: string): string =>
    unit === 'week'
      ? `(date_trunc('day', ${utc(t)}) - (day_of_week(${utc(t)}) % 7) * INTERVAL '1' DAY)`
      : `date_trunc('${unit}', ${utc(t)})`;
  return `date_diff('${unit}', ${trunc(b)}, ${trunc(a)})`;
}

/** Joda patterns (Trino's format_datetime) of the format_datetime specifiers. */
const JODA_SPECS: Readonly<Record<string, string>> = {
  yyyy: 'yyyy',
  yy: 'yy',
  MM: 'MM',
  M: 'M',
  dd: 'dd',
  d: 'd',
  HH: 'HH',
  H: 'H',
  hh: 'hh',
  h: 'h',
  mm: 'mm',
  m: 'm',
  ss: 'ss',
  s: 's',
  f: 'S',
  ff: 'SS',
  fff: 'SSS',
  tt: 'a',
};

function jodaFormat(tokens: readonly DatetimeFormatToken[], c: ir.Call, p: SqlBackend): string {
  return tokens
    .map((t) => {
      if (t.kind === 'text') return `'${t.text}'`;
      const joda = JODA_SPECS[t.spec];
      if (joda === undefined) {
        return p.fail(`format_datetime() with the specifier '${t.spec}'`, c.span);
      }
      return joda;
    })
    .join('');
}

/** `^a.b.c.d(/p)?$` anchored at the ends of the text (`\A`, `\z`: not at line breaks). */
const IPV4_RE = `\\A([0-9]{1,3})[.]([0-9]{1,3})[.]([0-9]{1,3})[.]([0-9]{1,3})(?:/([0-9]{1,2}))?\\z`;

/** An IPv4 argument's validity, address and prefix length as Trino expressions. */
function trinoIpv4(s: string, p: SqlBackend): { valid: string; value: string; prefix: string } {
  const re = p.stringLiteral(IPV4_RE);
  const group = (i: number): string => `CAST(regexp_extract(${s}, ${re}, ${String(i)}) AS bigint)`;
  const prefix = `coalesce(${group(5)}, 32)`;
  const octets = [1, 2, 3, 4].map(group);
  const valid = `(regexp_like(${s}, ${re}) AND ${octets.map((o) => `${o} <= 255`).join(' AND ')} AND ${prefix} <= 32)`;
  const [o1, o2, o3, o4] = octets as [string, string, string, string];
  const value = `(((${o1} * 256 + ${o2}) * 256 + ${o3}) * 256 + ${o4})`;
  return { valid, value, prefix };
}

/** `v` with all but its leading `bits` bits cleared. */
const trinoMask = (v: string, bits: string): string =>
  `bitwise_left_shift(bitwise_right_shift(${v}, 32 - ${bits}), 32 - ${bits})`;

function trinoCompare([a, b, n]: readonly string[], p: SqlBackend): string {
  const x = trinoIpv4(String(a), p);
  const y = trinoIpv4(String(b), p);
  const bits = `least(${x.prefix}, ${y.prefix}, ${String(n)})`;
  return `CASE WHEN ${x.valid} AND ${y.valid} THEN CAST(sign(bitwise_right_shift(${x.value}, 32 - ${bits}) - bitwise_right_shift(${y.value}, 32 - ${bits})) AS bigint) END`;
}

export const TRINO_SCALAR_EXTRAS: ScalarExtras = {
  abs: absWith(`INTERVAL '0' SECOND`),
  round: ([x, d]) => `round(${String(x)}, ${String(d)})`,
  datetime_diff: ([, a, b], c, p) => trinoDatetimeDiff(unitOf(c), String(a), String(b), c, p),
  format_datetime: ([x], c, p) =>
    `coalesce(format_datetime(${String(x)} AT TIME ZONE 'UTC', ${p.stringLiteral(jodaFormat(formatTokens(c, p), c, p))}), '')`,
  parse_ipv4: ([s], _c, p) => {
    const ip = trinoIpv4(String(s), p);
    return `CASE WHEN ${ip.valid} THEN ${trinoMask(ip.value, ip.prefix)} END`;
  },
  ipv4_is_private: ([s], _c, p) => {
    const ip = trinoIpv4(String(s), p);
    const v = trinoMask(ip.value, ip.prefix);
    return `CASE WHEN ${ip.valid} THEN (bitwise_right_shift(${v}, 24) = 10 OR bitwise_right_shift(${v}, 20) = 2753 OR bitwise_right_shift(${v}, 16) = 49320) END`;
  },
  ipv4_is_match: (args, _c, p) => `(${trinoCompare(args, p)} = 0)`,
  ipv4_compare: (args, _c, p) => trinoCompare(args, p),
};

/** Whether the PostgreSQL or Trino printer above repeats an argument of `s` (see ir/hoist.ts). */
export function repeatsScalarExtra(dialect: 'postgres' | 'athena', s: ir.Call): boolean {
  switch (s.fn) {
    case 'datetime_diff':
      return true;
    case 'abs':
      return s.type === 'timespan';
    case 'parse_ipv4':
    case 'ipv4_is_private':
    case 'ipv4_is_match':
    case 'ipv4_compare':
      return dialect === 'athena';
    default:
      return false;
  }
}
