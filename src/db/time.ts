/**
 * Exact datetime and timespan arithmetic on microsecond counts (BigInt). Kusto datetimes span
 * years 0001–9999, whose microsecond counts exceed 2^53, and JavaScript `Date` maps years 0–99
 * to the 1900s, so conversions are done on integers with the proleptic Gregorian calendar.
 */

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_DAY = 86_400n * MICROS_PER_SECOND;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of `daysFromCivil`. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** Floor division for BigInt (BigInt `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Whether datetime or timespan text has a non-zero digit past the sixth fraction digit: KQL's
 * 100 ns ticks, finer than the microseconds stored.
 */
export function finerThanMicroseconds(text: string): boolean {
  const extra = /\.\d{6}(\d+)/.exec(text)?.[1];
  return extra !== undefined && /[1-9]/.test(extra);
}

/**
 * Parses an RFC 3339 datetime (also a space instead of `T`, a missing zone meaning UTC, and the
 * `+00` zone PostgreSQL prints) into microseconds since 1970-01-01 UTC. Fraction digits beyond
 * the sixth are dropped (floor), because storage is in microseconds. Returns undefined when the
 * text is not a valid datetime.
 */
export function parseDatetimeMicros(text: string): bigint | undefined {
  const m = DATETIME_RE.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? '0');
  const minute = Number(m[5] ?? '0');
  const second = Number(m[6] ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = BigInt((m[7] ?? '').slice(0, 6).padEnd(6, '0'));
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11] ?? '0');
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const seconds = hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return (
    BigInt(daysFromCivil(year, month, day)) * MICROS_PER_DAY +
    BigInt(seconds) * MICROS_PER_SECOND +
    fraction
  );
}

function pad(n: number | bigint, width: number): string {
  return n.toString().padStart(width, '0');
}

/** Formats microseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.fffffffZ` (7 digits, as Kusto). */
export function formatDatetimeMicros(micros: bigint): string {
  const days = floorDiv(micros, MICROS_PER_DAY);
  const inDay = micros - days * MICROS_PER_DAY;
  const { year, month, day } = civilFromDays(Number(days));
  const secondOfDay = Number(inDay / MICROS_PER_SECOND);
  const fraction = inDay % MICROS_PER_SECOND;
  if (year < 0 || year > 9999) throw new RangeError(`datetime out of range: ${micros} µs`);
  const hh = Math.floor(secondOfDay / 3600);
  const mm = Math.floor((secondOfDay % 3600) / 60);
  const ss = secondOfDay % 60;
  return (
    `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T` +
    `${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}.${pad(fraction, 6)}0Z`
  );
}

/** Formats microseconds since the epoch as PostgreSQL timestamptz input text (UTC). */
export function formatPostgresTimestamp(micros: bigint): string {
  // Same digits as the Kusto form minus the 7th (always 0): PostgreSQL rounds a 7th digit.
  return formatDatetimeMicros(micros).replace(/0Z$/, 'Z');
}

const TIMESPAN_RE = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/**
 * Parses Kusto timespan text `[-][d.]hh:mm:ss[.fffffff]` into microseconds (a 7th fraction digit
 * is dropped toward zero). Returns undefined when the text does not have that form.
 */
export function parseTimespanMicros(text: string): bigint | undefined {
  const m = TIMESPAN_RE.exec(text.trim());
  if (m === null) return undefined;
  const minutes = Number(m[4]);
  const seconds = Number(m[5]);
  if (minutes > 59 || seconds > 59) return undefined;
  const magnitude =
    BigInt(m[2] ?? '0') * MICROS_PER_DAY +
    BigInt(Number(m[3]) * 3600 + minutes * 60 + seconds) * MICROS_PER_SECOND +
    BigInt((m[6] ?? '').slice(0, 6).padEnd(6, '0'));
  return m[1] === '-' ? -magnitude : magnitude;
}

function splitTimespan(micros: bigint): {
  negative: boolean;
  days: bigint;
  hh: bigint;
  mm: bigint;
  ss: bigint;
  fraction: bigint;
} {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const days = abs / MICROS_PER_DAY;
  const rest = abs % MICROS_PER_DAY;
  const secs = rest / MICROS_PER_SECOND;
  return {
    negative,
    days,
    hh: secs / 3600n,
    mm: (secs % 3600n) / 60n,
    ss: secs % 60n,
    fraction: rest % MICROS_PER_SECOND,
  };
}

/** Formats microseconds as Kusto timespan text: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespanMicros(micros: bigint): string {
  const t = splitTimespan(micros);
  const days = t.days > 0n ? `${t.days}.` : '';
  const fraction = t.fraction > 0n ? `.${pad(t.fraction, 6)}0` : '';
  return `${t.negative ? '-' : ''}${days}${pad(t.hh, 2)}:${pad(t.mm, 2)}:${pad(t.ss, 2)}${fraction}`;
}

/**
 * Formats microseconds as PostgreSQL interval input. Days and time carry the sign separately
 * (`-1 days -02:03:04.5`) because PostgreSQL applies a leading `-` to the first field only.
 */
export function formatPostgresInterval(micros: bigint): string {
  const t = splitTimespan(micros);
  const sign = t.negative ? '-' : '';
  const fraction = t.fraction > 0n ? `.${pad(t.fraction, 6)}` : '';
  return `${sign}${t.days} days ${sign}${pad(t.hh, 2)}:${pad(t.mm, 2)}:${pad(t.ss, 2)}${fraction}`;
}

const PG_INTERVAL_UNIT_RE = /([+-]?\d+) (years?|mons?|days?)\b/g;
const PG_INTERVAL_TIME_RE = /([+-])?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/**
 * Parses PostgreSQL interval output in the `postgres` IntervalStyle (`1 year 2 mons -3 days
 * +04:05:06.5`) into microseconds. Months count as 30 days and years as 360 days, the
 * equivalences PostgreSQL itself uses to compare intervals; Kusto timespans never have them.
 */
export function parsePostgresIntervalMicros(text: string): bigint | undefined {
  let rest = text.trim();
  let micros = 0n;
  for (const m of rest.matchAll(PG_INTERVAL_UNIT_RE)) {
    const n = BigInt(m[1] ?? '0');
    const unit = m[2] ?? '';
    const days = unit.startsWith('year') ? 360n : unit.startsWith('mon') ? 30n : 1n;
    micros += n * days * MICROS_PER_DAY;
  }
  rest = rest.replace(PG_INTERVAL_UNIT_RE, '').trim();
  if (rest === '') return micros;
  const t = PG_INTERVAL_TIME_RE.exec(rest);
  if (t?.index !== 0) return undefined;
  const magnitude =
    BigInt(t[2] ?? '0') * 3600n * MICROS_PER_SECOND +
    BigInt(Number(t[3]) * 60 + Number(t[4])) * MICROS_PER_SECOND +
    BigInt((t[5] ?? '').padEnd(6, '0'));
  return micros + (t[1] === '-' ? -magnitude : magnitude);
}
