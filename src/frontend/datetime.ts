/**
 * KQL datetime literal text (`datetime(2024-01-01)`, `datetime(2024-01-01 10:20:30.5)`,
 * `datetime(2024-01-01T10:20:30Z)`) to microseconds since the Unix epoch, UTC.
 * Digits past the sixth fraction digit must be zero: SQL engines store microseconds (constant
 * expressions over finer literals are computed exactly at compile time: constant-time.ts).
 */
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(?:Z|UTC)?$/i;

export function parseDatetimeLiteral(text: string): bigint | undefined {
  const ticks = parseDatetimeTicks(text);
  if (ticks === undefined || ticks % 10n !== 0n) return undefined;
  return ticks / 10n;
}

/** KQL datetime literal text to 100-nanosecond ticks since the Unix epoch, UTC, exactly. */
export function parseDatetimeTicks(text: string): bigint | undefined {
  const m = DATETIME.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
  );
  const check = new Date(ms);
  if (
    Number.isNaN(ms) ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1
  ) {
    return undefined;
  }
  return BigInt(ms) * 10_000n + BigInt((frac ?? '').padEnd(7, '0'));
}

/**
 * Whether `text` is a well-formed datetime literal refused only for its seventh fraction digit
 * (100 ns, finer than the microseconds SQL engines store): valid KQL, but unsupported here.
 */
export function isSubMicrosecondDatetime(text: string): boolean {
  const ticks = parseDatetimeTicks(text);
  return ticks !== undefined && ticks % 10n !== 0n;
}

/** Microseconds since the epoch to RFC 3339 with seven fraction digits, as KQL prints datetimes. */
export function formatDatetime(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const sub = micros - ms * 1000n;
  const base = new Date(Number(ms)).toISOString(); // 2024-01-01T00:00:00.000Z
  return `${base.slice(0, 23)}${sub.toString().padStart(3, '0')}0Z`;
}
