/**
 * The value codec between the conformance-case JSON encoding of KQL values (SEMANTICS.md §0) and
 * the physical values each database stores:
 *
 * | KQL              | encoding                      | SQLite                   | PostgreSQL        |
 * |------------------|-------------------------------|--------------------------|-------------------|
 * | string, guid     | string                        | TEXT                     | text              |
 * | long, int        | number (bigint when unsafe)   | INTEGER                  | bigint / integer  |
 * | real, decimal    | number, "NaN", "±Infinity"    | REAL (NaN cannot exist)  | double precision  |
 * | bool             | boolean                       | INTEGER 0/1              | boolean           |
 * | datetime         | RFC 3339 text                 | INTEGER µs since epoch   | timestamptz       |
 * | timespan         | `[-][d.]hh:mm:ss[.fffffff]`   | INTEGER µs               | interval          |
 * | dynamic          | the JSON value                | TEXT (compact JSON)      | jsonb             |
 *
 * `null` is SQL NULL for every type. Datetimes and timespans are kept to microseconds: a 7th
 * fraction digit (100 ns tick) is dropped on the way in.
 */
import type { KqlType } from '../types.js';
import {
  formatDatetimeMicros,
  formatPostgresInterval,
  formatPostgresTimestamp,
  formatTimespanMicros,
  finerThanMicroseconds,
  parseDatetimeMicros,
  parsePostgresIntervalMicros,
  parseTimespanMicros,
} from './time.js';

/** The database flavours rule2sql executes on (Athena is compiled for, never run here). */
export type DbDialect = 'sqlite' | 'postgres';

/** A value as the conformance cases write it (JSON), with BigInt for integers beyond 2^53. */
export type CaseValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly CaseValue[]
  | { readonly [key: string]: CaseValue };

/** A value as handed to or read from a driver. */
export type SqlValue = string | number | bigint | boolean | null;

/** Thrown when a value does not fit its declared KQL type. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) {
    try {
      return JSON.stringify(value);
    } catch {
      return 'a value that is not JSON';
    }
  }
  return typeof value === 'function' || typeof value === 'symbol' ? typeof value : String(value);
}

function mismatch(type: KqlType, value: unknown, direction: string): ValueError {
  return new ValueError(`cannot convert ${describe(value)} ${direction} KQL ${type}`);
}

/**
 * Storage keeps microseconds; a value finer than that would be stored as another value, so it is
 * refused rather than truncated.
 */
function refuseFinerThanMicroseconds(type: KqlType, text: string): void {
  if (finerThanMicroseconds(text)) {
    throw new ValueError(
      `cannot store ${describe(text)} as KQL ${type}: it is finer than a microsecond, ` +
        'which is all SQL engines store',
    );
  }
}

/** A number when it is exactly representable, else a BigInt. */
export function integerValue(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(n)
    : n;
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

function toDouble(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return undefined;
}

/** Serialises a dynamic value as compact JSON (BigInt written as its exact digits). */
export function dynamicToJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new ValueError(`not a JSON value: ${describe(value)}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => dynamicToJson(v)).join(',')}]`;
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${dynamicToJson(v)}`);
  return `{${parts.join(',')}}`;
}

/**
 * Converts a value in the conformance encoding into the value to bind as a parameter or insert
 * into a column of KQL type `type` on `dialect`. Throws ValueError when it does not fit.
 */
export function toSqlValue(type: KqlType, value: unknown, dialect: DbDialect): SqlValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
    case 'guid':
      if (typeof value !== 'string') throw mismatch(type, value, 'to');
      return value;
    case 'long':
    case 'int': {
      const n = toBigInt(value);
      if (n === undefined) throw mismatch(type, value, 'to');
      return integerValue(n);
    }
    case 'real':
    case 'decimal': {
      const d = toDouble(value);
      if (d === undefined) throw mismatch(type, value, 'to');
      if (dialect === 'sqlite') {
        // SQLite stores NaN as NULL (a documented divergence); say so explicitly here.
        return Number.isNaN(d) ? null : d;
      }
      // pg would send NaN/Infinity via String(), which is also what PostgreSQL reads; spell it out.
      return Number.isFinite(d) ? d : String(d);
    }
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(type, value, 'to');
      return dialect === 'sqlite' ? (value ? 1 : 0) : value;
    case 'datetime': {
      const micros = typeof value === 'string' ? parseDatetimeMicros(value) : undefined;
      if (micros === undefined) throw mismatch(type, value, 'to');
      refuseFinerThanMicroseconds(type, value as string);
      return dialect === 'sqlite' ? integerValue(micros) : formatPostgresTimestamp(micros);
    }
    case 'timespan': {
      const micros = typeof value === 'string' ? parseTimespanMicros(value) : undefined;
      if (micros === undefined) throw mismatch(type, value, 'to');
      refuseFinerThanMicroseconds(type, value as string);
      return dialect === 'sqlite' ? integerValue(micros) : formatPostgresInterval(micros);
    }
    case 'dynamic':
      return dynamicToJson(value);
  }
}

function formatReal(d: number): number | string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  return d;
}

function microsFrom(type: KqlType, raw: unknown, dialect: DbDialect): bigint {
  if (dialect === 'sqlite') {
    const n = toBigInt(raw);
    if (n === undefined) throw mismatch(type, raw, 'from SQLite as');
    return n;
  }
  const micros =
    typeof raw !== 'string'
      ? undefined
      : type === 'datetime'
        ? parseDatetimeMicros(raw)
        : parsePostgresIntervalMicros(raw);
  if (micros === undefined) throw mismatch(type, raw, 'from PostgreSQL as');
  return micros;
}

/**
 * Converts a value read back from a query result (see `Database.query`) into the conformance
 * encoding of KQL type `type`: datetimes as `YYYY-MM-DDTHH:MM:SS.fffffffZ`, timespans as Kusto
 * text, bools from 0/1, dynamic parsed, non-finite reals as "NaN"/"Infinity"/"-Infinity".
 */
export function fromSqlValue(type: KqlType, raw: unknown, dialect: DbDialect): CaseValue {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case 'string':
    case 'guid':
      if (typeof raw !== 'string') throw mismatch(type, raw, 'from SQL as');
      return raw;
    case 'long':
    case 'int': {
      const n = toBigInt(raw);
      if (n === undefined) throw mismatch(type, raw, 'from SQL as');
      return integerValue(n);
    }
    case 'real':
    case 'decimal': {
      const d = toDouble(raw);
      if (d === undefined) throw mismatch(type, raw, 'from SQL as');
      return formatReal(d);
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 0 || raw === 1 || raw === 0n || raw === 1n) return raw === 1 || raw === 1n;
      throw mismatch(type, raw, 'from SQL as');
    case 'datetime':
      return formatDatetimeMicros(microsFrom(type, raw, dialect));
    case 'timespan':
      return formatTimespanMicros(microsFrom(type, raw, dialect));
    case 'dynamic':
      return dynamicFrom(raw, dialect);
  }
}

function dynamicFrom(raw: unknown, dialect: DbDialect): CaseValue {
  // pg parses jsonb itself, so a PostgreSQL string is the dynamic string; SQLite holds JSON text.
  if (dialect === 'postgres') return raw as CaseValue;
  if (typeof raw === 'number' || typeof raw === 'bigint') return integerOrNumber(raw);
  if (typeof raw !== 'string') throw mismatch('dynamic', raw, 'from SQLite as');
  try {
    return JSON.parse(raw) as CaseValue;
  } catch {
    throw new ValueError(`dynamic column holds text that is not JSON: ${describe(raw)}`);
  }
}

function integerOrNumber(n: number | bigint): number | bigint {
  return typeof n === 'bigint' ? integerValue(n) : n;
}
