/**
 * The format strings of `format_datetime` (`Q/format-datetime-function.md`): .NET-style
 * specifiers `d dd f…fffffff h hh H HH m mm M MM s ss y yy yyyy tt`, separated by the delimiters
 * the doc allows (space / - : , . _ [ ]). `F…` (fraction without trailing zeros, whose
 * preceding delimiter .NET also drops) is not supported. The binder checks a format once; each
 * backend prints the tokens in its engine's terms, and SQLite's kql_format_datetime formats
 * with `formatDatetimeTokens`.
 */

export type DatetimeFormatToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'spec'; readonly spec: string };

/** The longest run allowed for each specifier letter. */
const MAX_RUN: Readonly<Record<string, number>> = {
  d: 2,
  f: 7,
  h: 2,
  H: 2,
  m: 2,
  M: 2,
  s: 2,
  y: 4,
  t: 2,
};

const DELIMITERS = ' /-:,._[]';

/** The tokens of a format string, or an error naming what is not supported. */
export function tokenizeDatetimeFormat(
  format: string,
): readonly DatetimeFormatToken[] | { readonly error: string } {
  const out: DatetimeFormatToken[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch === 'F') return { error: "the specifier 'F' (a fraction without its trailing zeros)" };
    const max = MAX_RUN[ch];
    if (max !== undefined) {
      let j = i;
      while (j < format.length && format[j] === ch) j++;
      const run = j - i;
      if (run > max || (ch === 'y' && run === 3) || (ch === 't' && run !== 2)) {
        return { error: `the specifier '${format.slice(i, j)}'` };
      }
      out.push({ kind: 'spec', spec: format.slice(i, j) });
      i = j;
    } else if (DELIMITERS.includes(ch)) {
      const last = out[out.length - 1];
      if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + ch };
      else out.push({ kind: 'text', text: ch });
      i++;
    } else {
      return { error: `the character '${ch}'` };
    }
  }
  return out;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `micros` (microseconds since the epoch, UTC) formatted by `tokens`, as Kusto does. */
export function formatDatetimeTokens(
  micros: bigint,
  tokens: readonly DatetimeFormatToken[],
): string {
  const secs = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const d = new Date(Number(secs) * 1000);
  // Seven digits: Kusto's 100 ns ticks, the last one always 0 here (microsecond storage).
  const fraction7 = `${pad(Number(micros - secs * 1_000_000n), 6)}0`;
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  return tokens
    .map((t) => {
      if (t.kind === 'text') return t.text;
      const s = t.spec;
      switch (s[0]) {
        case 'y':
          return s.length === 4
            ? pad(d.getUTCFullYear(), 4)
            : pad(d.getUTCFullYear() % 100, s.length);
        case 'M':
          return pad(d.getUTCMonth() + 1, s.length);
        case 'd':
          return pad(d.getUTCDate(), s.length);
        case 'H':
          return pad(d.getUTCHours(), s.length);
        case 'h':
          return pad(hour12, s.length);
        case 'm':
          return pad(d.getUTCMinutes(), s.length);
        case 's':
          return pad(d.getUTCSeconds(), s.length);
        case 'f':
          return fraction7.slice(0, s.length);
        default:
          return d.getUTCHours() < 12 ? 'AM' : 'PM';
      }
    })
    .join('');
}
