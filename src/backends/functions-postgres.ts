/** Printers of the postgres backend for the scalar functions of `ScalarFn`. */
import type { FnPrinter, ScalarFnTable } from './base.js';
import { constantInt, parseRewrite, regexArg } from './functions-shared.js';
import { constantString } from './base.js';

const refuse =
  (what: string): FnPrinter =>
  (_args, call, p) =>
    p.fail(`${what}()`, call.span);

export const POSTGRES_SCALAR_FUNCTIONS: ScalarFnTable = {
  indexof: ([s, m, start]) =>
    start === undefined
      ? `(strpos(${String(s)}, ${String(m)}) - 1)`
      : `rule2sql.indexof(${String(s)}, ${String(m)}, ${start})`,
  replace_regex: ([s], c, p) => {
    const t = regexArg(c, 1, p, 'pg', true);
    const rw = pgRewrite(constantString(c.args[2] ?? c) ?? '');
    return `regexp_replace(${String(s)}, ${p.stringLiteral(t.pattern)}, ${p.stringLiteral(rw)}, 'g')`;
  },
  extract: ([, g, s], c, p) => {
    const t = regexArg(c, 0, p, 'pg', true);
    const group = constantInt(c, 1);
    if (group !== undefined && (group < 0n || group > BigInt(t.groups))) return `''`;
    const wrapped = `${t.caseInsensitive ? '(?i)' : ''}(${t.body})`;
    return `coalesce((regexp_match(${String(s)}, ${p.stringLiteral(wrapped)}))[${String(g)} + 1], '')`;
  },
  extract_all: ([, s], c, p) => {
    const t = regexArg(c, 0, p, 'pg', true);
    if (t.groups === 0) return p.fail('extract_all() with a regex without capture groups', c.span);
    const item =
      t.groups === 1
        ? `coalesce(r.m[1], '')`
        : `(SELECT jsonb_agg(coalesce(u.x, '') ORDER BY u.k) FROM unnest(r.m) WITH ORDINALITY AS u(x, k))`;
    return `(SELECT jsonb_agg(${item} ORDER BY r.n) FROM regexp_matches(${String(s)}, ${p.stringLiteral(t.pattern)}, 'g') WITH ORDINALITY AS r(m, n))`;
  },
  indexof_regex: ([s], c, p) =>
    `(regexp_instr(${String(s)}, ${p.stringLiteral(regexArg(c, 1, p, 'pg', false).pattern)}) - 1)`,
  countof: refuse('countof'),
  reverse: ([s]) => `reverse(${String(s)})`,
  url_decode: refuse('url_decode'),
  base64_decode_tostring: refuse('base64_decode_tostring'),
  strcat_array: ([a, d]) => `rule2sql.strcat_array(${String(a)}, ${String(d)})`,
  gettype: refuse('gettype'),
  bag_keys: refuse('bag_keys'),
  set_has_element: refuse('set_has_element'),
  array_index_of: refuse('array_index_of'),
  pack_array: refuse('pack_array'),
  bag_pack: refuse('bag_pack'),
  array_concat: refuse('array_concat'),
  array_slice: refuse('array_slice'),
  abs: refuse('abs'),
  round: refuse('round'),
  bin: ([x, size], c) => {
    if (c.type === 'real') return `(floor(${String(x)} / ${String(size)}) * ${String(size)})`;
    if (c.type !== 'datetime')
      return `(${String(x)} - (((${String(x)} % ${String(size)}) + ${String(size)}) % ${String(size)}))`;
    const micros = String(constantInt(c, 1) ?? 0n);
    return `(TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM ${String(x)}) * 1000000 / ${micros}) * ${micros} AS bigint) * INTERVAL '1 microsecond')`;
  },
  startof: ([, x], c) => {
    const unit = constantString(c.args[0] ?? c) ?? 'day';
    if (unit !== 'week') return `date_trunc('${unit}', ${String(x)}, 'UTC')`;
    return `(date_trunc('day', ${String(x)}, 'UTC') - CAST(extract(dow FROM ${String(x)} AT TIME ZONE 'UTC') AS integer) * INTERVAL '1 day')`;
  },
  datepart: ([, x], c) => {
    const unit = constantString(c.args[0] ?? c) ?? 'day';
    const field = unit === 'dayofyear' ? 'doy' : unit;
    return `CAST(floor(extract(${field} FROM ${String(x)} AT TIME ZONE 'UTC')) AS integer)`;
  },
  datetime_diff: refuse('datetime_diff'),
  datetime_add: refuse('datetime_add'),
  format_datetime: refuse('format_datetime'),
  totimespan: refuse('totimespan'),
  parse_ipv4: refuse('parse_ipv4'),
  ipv4_is_private: refuse('ipv4_is_private'),
  ipv4_is_in_range: refuse('ipv4_is_in_range'),
  ipv4_compare: refuse('ipv4_compare'),
};

/** A KQL rewrite (`\1`, `\0`) in PostgreSQL's regexp_replace syntax (`\1`, `\&`). */
function pgRewrite(text: string): string {
  return parseRewrite(text)
    .map((part) =>
      typeof part === 'number'
        ? part === 0
          ? '\\&'
          : `\\${String(part)}`
        : part.replaceAll('\\', '\\\\'),
    )
    .join('');
}
