/**
 * SQLite functions for IPv4 addresses, datetime_diff, round and format_datetime, registered by
 * `registerSqliteFunctions` with the others. Each follows the KQL doc page named in the
 * builtin that lowers to it (frontend/builtins-ipv4.ts, builtins-datetime.ts,
 * builtins-numeric.ts); none raises on any input.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { formatDatetimeTokens, tokenizeDatetimeFormat } from '../frontend/datetime-format.js';
import { kqlHash } from '../kql-hash.js';

type SqlValue = string | number | bigint | null;

/** `a.b.c.d[/p]`: four parts of one to three ASCII digits, an optional prefix of one or two. */
const IPV4 = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?:\/([0-9]{1,2}))?$/;

/** An IPv4 address and its prefix length (32 without one); undefined when `s` is not one. */
export function parseIpv4(
  s: string,
): { readonly value: number; readonly prefix: number } | undefined {
  const m = IPV4.exec(s);
  if (m === null) return undefined;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return undefined;
  const [a, b, c, d] = parts as [number, number, number, number];
  return { value: ((a * 256 + b) * 256 + c) * 256 + d, prefix };
}

/** The leading `bits` bits of a 32-bit address, as a number. */
function leading(value: number, bits: number): number {
  return Math.floor(value / 2 ** (32 - bits));
}

/** `parse_ipv4`: the address with the bits beyond its prefix cleared. */
export function kqlParseIpv4(s: string): bigint | null {
  const ip = parseIpv4(s);
  return ip === undefined ? null : BigInt(leading(ip.value, ip.prefix) * 2 ** (32 - ip.prefix));
}

/** `ipv4_compare`: -1, 0 or 1 on the leading min(prefixes, p) bits; null when one is invalid. */
export function kqlIpv4Compare(a: string, b: string, p: number): number | null {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  if (x === undefined || y === undefined) return null;
  const bits = Math.min(x.prefix, y.prefix, p);
  return Math.sign(leading(x.value, bits) - leading(y.value, bits));
}

/** The private ranges of `Q/ipv4-is-private-function.md`: 10/8, 172.16/12, 192.168/16. */
const PRIVATE: readonly (readonly [number, number])[] = [
  [10 * 2 ** 24, 8],
  [(172 * 256 + 16) * 2 ** 16, 12],
  [(192 * 256 + 168) * 2 ** 16, 16],
];

/** `ipv4_is_private`: the (prefix-masked) address in a private range; null when invalid. */
export function kqlIpv4IsPrivate(s: string): boolean | null {
  const ip = parseIpv4(s);
  if (ip === undefined) return null;
  const v = leading(ip.value, ip.prefix) * 2 ** (32 - ip.prefix);
  return PRIVATE.some(([base, bits]) => leading(v, bits) === leading(base, bits));
}

const MICROS: Readonly<Record<string, bigint>> = {
  day: 86_400_000_000n,
  hour: 3_600_000_000n,
  minute: 60_000_000n,
  second: 1_000_000n,
  millisecond: 1000n,
  microsecond: 1n,
};

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** 1970-01-01 was a Thursday: weeks (starting on Sunday) are counted from 1969-12-28, four days before. */
const WEEK_ORIGIN = 4n * 86_400_000_000n;

/**
 * `datetime_diff(unit, a, b)`: the unit boundaries crossed from b to a (`a` truncated to the
 * unit minus `b` truncated), weeks starting on Sunday (`Q/datetime-diff-function.md`).
 */
export function kqlDatetimeDiff(unit: string, a: bigint, b: bigint): bigint {
  const size = MICROS[unit];
  if (size !== undefined) return floorDiv(a, size) - floorDiv(b, size);
  if (unit === 'nanosecond') return (a - b) * 1000n;
  if (unit === 'week') {
    const w = 7n * 86_400_000_000n;
    return floorDiv(a + WEEK_ORIGIN, w) - floorDiv(b + WEEK_ORIGIN, w);
  }
  const da = new Date(Number(floorDiv(a, 1000n)));
  const db = new Date(Number(floorDiv(b, 1000n)));
  const years = BigInt(da.getUTCFullYear() - db.getUTCFullYear());
  if (unit === 'year') return years;
  if (unit === 'quarter') {
    const q = (d: Date): bigint => BigInt(Math.floor(d.getUTCMonth() / 3));
    return years * 4n + q(da) - q(db);
  }
  return years * 12n + BigInt(da.getUTCMonth() - db.getUTCMonth());
}

/**
 * `round(x, digits)` of a real: half away from zero on the value's 15 significant decimal
 * digits (so that `round(2.15, 1)` is 2.2, as the doc shows, although 2.15 is stored a little
 * below), as PostgreSQL's round of a real cast to numeric does.
 */
export function kqlRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const scaled = Number((Math.abs(x) * 10 ** digits).toPrecision(15));
  const r = Math.round(scaled);
  return (Math.sign(x) * r) / 10 ** digits;
}

function asBigInt(v: SqlValue): bigint | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return null;
}

const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

export const SQLITE_SCALAR_FUNCTION_NAMES = [
  'kql_parse_ipv4',
  'kql_ipv4_compare',
  'kql_ipv4_is_private',
  'kql_datetime_diff',
  'kql_round',
  'kql_format_datetime',
  'kql_hash',
] as const;

export function registerSqliteScalarFunctions(db: BetterSqlite3.Database): void {
  const det = { deterministic: true, safeIntegers: true };
  db.function('kql_hash', det, (s: SqlValue) => (s === null ? null : kqlHash(String(s))));
  db.function('kql_parse_ipv4', det, (s: SqlValue) =>
    s === null ? null : kqlParseIpv4(String(s)),
  );
  db.function('kql_ipv4_compare', det, (a: SqlValue, b: SqlValue, p: SqlValue) => {
    if (a === null || b === null || p === null) return null;
    const c = kqlIpv4Compare(String(a), String(b), Number(p));
    return c === null ? null : BigInt(c);
  });
  db.function('kql_ipv4_is_private', det, (s: SqlValue) =>
    s === null ? null : bool(kqlIpv4IsPrivate(String(s))),
  );
  db.function('kql_datetime_diff', det, (u: SqlValue, a: SqlValue, b: SqlValue) => {
    const x = asBigInt(a);
    const y = asBigInt(b);
    return u === null || x === null || y === null ? null : kqlDatetimeDiff(String(u), x, y);
  });
  db.function('kql_round', det, (x: SqlValue, d: SqlValue) =>
    x === null || d === null ? null : kqlRound(Number(x), Number(d)),
  );
  db.function('kql_format_datetime', det, (t: SqlValue, f: SqlValue) => {
    const x = asBigInt(t);
    if (x === null || f === null) return '';
    const tokens = tokenizeDatetimeFormat(String(f));
    return 'error' in tokens ? '' : formatDatetimeTokens(x, tokens);
  });
}
