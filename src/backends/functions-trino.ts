/** Printers of the Trino (Athena) backend for the scalar functions of `ScalarFn`. */
import type * as ir from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import type { FnPrinter, ScalarFnTable } from './base.js';
import { TRINO_SCALAR_EXTRAS } from './functions-scalar.js';
import { constantString } from './base.js';
import {
  bagKey,
  constantInt,
  extractAllGroups,
  parseRewrite,
  regexArg,
} from './functions-shared.js';

const refuse =
  (what: string): FnPrinter =>
  (_args, call, p) =>
    p.fail(`${what}()`, call.span);

export const TRINO_SCALAR_FUNCTIONS: ScalarFnTable = {
  indexof: ([s, m, start]) => {
    if (start === undefined) return `(strpos(${String(s)}, ${String(m)}) - 1)`;
    const st = `(CASE WHEN ${start} < 0 THEN greatest(length(${String(s)}) + ${start}, 0) ELSE ${start} END)`;
    const pos = `strpos(substr(${String(s)}, ${st} + 1), ${String(m)})`;
    return `(CASE WHEN ${st} > length(${String(s)}) THEN -1 WHEN ${pos} = 0 THEN -1 ELSE ${pos} + ${st} - 1 END)`;
  },
  replace_regex: ([s], c, p) => {
    const t = regexArg(c, 1, p, 'java');
    const parts = parseRewrite(constantString(c.args[2] ?? c) ?? '');
    parts.forEach((part, i) => {
      const next = parts[i + 1];
      // Java reads `$1` followed by a digit as a two-digit group when that group exists.
      if (
        typeof part === 'number' &&
        typeof next === 'string' &&
        /^[0-9]/.test(next) &&
        t.groups >= 10
      ) {
        p.fail('a rewrite with a group reference followed by a digit', c.span);
      }
    });
    const rw = parts
      .map((part) =>
        typeof part === 'number' ? `$${String(part)}` : part.replace(/[\\$]/g, (ch) => `\\${ch}`),
      )
      .join('');
    return `regexp_replace(${String(s)}, ${p.stringLiteral(t.pattern)}, ${p.stringLiteral(rw)})`;
  },
  extract: ([, , s], c, p) => {
    const t = regexArg(c, 0, p, 'java');
    const group = constantInt(c, 1);
    if (group === undefined) return p.fail('extract() with a group that is not a constant', c.span);
    if (group < 0n || group > BigInt(t.groups)) return `''`;
    return `coalesce(regexp_extract(${String(s)}, ${p.stringLiteral(t.pattern)}, ${String(group)}), '')`;
  },
  extract_all: ([, s], c, p) => {
    const t = regexArg(c, 0, p, 'java');
    const groups = extractAllGroups(c, p);
    // One regexp_extract_all per group: each lists the same matches, so they zip by position.
    const all = groups.map(
      (g) => `regexp_extract_all(${String(s)}, ${p.stringLiteral(t.pattern)}, ${String(g)})`,
    );
    const first = all[0] as string;
    // The lambda's body holds the text's expression: its parameter must not hide a column.
    const i = lambdaParameter('r2s_i', String(s));
    const item =
      all.length === 1
        ? `transform(${first}, x -> coalesce(x, ''))`
        : `transform(sequence(1, cardinality(${first})), ${i} -> ARRAY[${all
            .map((a) => `coalesce(element_at(${a}, ${i}), '')`)
            .join(', ')}])`;
    return `CASE WHEN cardinality(${first}) = 0 THEN NULL ELSE CAST(${item} AS json) END`;
  },
  indexof_regex: ([s], c, p) =>
    `greatest(regexp_position(${String(s)}, ${p.stringLiteral(regexArg(c, 1, p, 'java').pattern)}) - 1, -1)`,
  countof: refuse('countof'),
  reverse: ([s]) => `reverse(${String(s)})`,
  // Trino's xxhash64 is XXH64 with seed 0, as 8 big-endian bytes.
  hash: ([s]) => `from_big_endian_64(xxhash64(to_utf8(${String(s)})))`,
  url_decode: refuse('url_decode'),
  base64_decode_tostring: refuse('base64_decode_tostring'),
  strcat_array: ([a, d]) =>
    `coalesce(array_join(transform(try_cast(${String(a)} AS array(json)), e -> ${dynText('e')}), ${String(d)}), '')`,
  gettype: ([d]) => {
    const t = `json_format(${String(d)})`;
    return (
      `CASE WHEN ${String(d)} IS NULL THEN 'null' ELSE CASE substr(${t}, 1, 1) ` +
      `WHEN '{' THEN 'dictionary' WHEN '[' THEN 'array' WHEN '"' THEN 'string' ` +
      `WHEN 't' THEN 'bool' WHEN 'f' THEN 'bool' WHEN 'n' THEN 'null' ` +
      `ELSE CASE WHEN try_cast(${t} AS integer) IS NOT NULL THEN 'int' ` +
      `WHEN regexp_like(${t}, '^-?[0-9]+$') THEN 'long' ELSE 'real' END END END`
    );
  },
  bag_keys: ([d]) =>
    `CASE WHEN substr(json_format(${String(d)}), 1, 1) = '{' THEN CAST(map_keys(CAST(${String(d)} AS map(varchar, json))) AS json) END`,
  set_has_element: ([d, v], c) => `(${indexOf(String(d), String(v), argType(c, 1))} >= 0)`,
  array_index_of: ([d, v], c) => indexOf(String(d), String(v), argType(c, 1)),
  pack_array: (args, c) =>
    `CAST(ARRAY[${args.map((a, i) => json(a, argType(c, i))).join(', ')}] AS json)`,
  bag_pack: (args, c) => {
    const keys = args.flatMap((a, i) => (i % 2 === 0 ? [bagKey(c, i, a)] : []));
    const values = args.flatMap((a, i) => (i % 2 === 1 ? [json(a, argType(c, i))] : []));
    return `CAST(map(ARRAY[${keys.join(', ')}], ARRAY[${values.join(', ')}]) AS json)`;
  },
  array_concat: (args) => {
    const test = args.map((a) => `json_array_length(${a}) IS NOT NULL`).join(' AND ');
    if (args.length === 1) return `CASE WHEN ${test} THEN ${String(args[0])} END`;
    const arrays = args.map((a) => `CAST(${a} AS array(json))`).join(', ');
    return `CASE WHEN ${test} THEN CAST(concat(${arrays}) AS json) END`;
  },
  array_slice: ([d, s, e]) => {
    const n = `json_array_length(${String(d)})`;
    const from = `greatest(CASE WHEN ${String(s)} < 0 THEN ${String(s)} + ${n} ELSE ${String(s)} END, 0)`;
    const to = `least(CASE WHEN ${String(e)} < 0 THEN ${String(e)} + ${n} ELSE ${String(e)} END, ${n} - 1)`;
    return `CASE WHEN ${n} IS NOT NULL THEN CAST(slice(CAST(${String(d)} AS array(json)), ${from} + 1, greatest(${to} - ${from} + 1, 0)) AS json) END`;
  },
  ...TRINO_SCALAR_EXTRAS,
  bin: ([x, size], c, p) => {
    if (c.type === 'real') return `(floor(${String(x)} / ${String(size)}) * ${String(size)})`;
    if (c.type !== 'datetime' && c.type !== 'timespan')
      return `(${String(x)} - (((${String(x)} % ${String(size)}) + ${String(size)}) % ${String(size)}))`;
    const micros = constantInt(c, 1) ?? 0n;
    if (micros % 1000n !== 0n) return p.fail('bin() by a size finer than a millisecond', c.span);
    const ms = String(micros / 1000n);
    // Intervals hold milliseconds here, so a whole-millisecond size bins them exactly.
    if (c.type === 'timespan')
      return `(CAST(floor(CAST(to_milliseconds(${String(x)}) AS double) / ${ms}) AS bigint) * ${ms} * INTERVAL '0.001' SECOND)`;
    const origin = `TIMESTAMP '1970-01-01 00:00:00.000000 UTC'`;
    return `date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', ${origin}, ${String(x)}) AS double) / ${ms}) AS bigint) * ${ms}, ${origin})`;
  },
  startof: ([, x], c) => {
    const unit = constantString(c.args[0] ?? c) ?? 'day';
    const utc = `(${String(x)} AT TIME ZONE 'UTC')`;
    if (unit !== 'week') return `date_trunc('${unit}', ${utc})`;
    return `(date_trunc('day', ${utc}) - (day_of_week(${utc}) % 7) * INTERVAL '1' DAY)`;
  },
  datepart: ([, x], c) => {
    const unit = constantString(c.args[0] ?? c) ?? 'day';
    const utc = `(${String(x)} AT TIME ZONE 'UTC')`;
    const fn: Record<string, string> = {
      hour: 'hour',
      minute: 'minute',
      second: 'second',
      day: 'day_of_month',
      dayofyear: 'day_of_year',
      month: 'month',
      year: 'year',
    };
    if (unit === 'dow') return `CAST(day_of_week(${utc}) % 7 AS integer)`;
    return `CAST(${fn[unit] ?? 'day_of_month'}(${utc}) AS integer)`;
  },
  datetime_add: refuse('datetime_add'),
  totimespan: refuse('totimespan'),
};

const argType = (c: ir.Call, i: number): KqlType => c.args[i]?.type ?? 'dynamic';

/** A string, number, bool or dynamic value as json; SQL NULL stays NULL. */
function json(v: string, type: KqlType): string {
  return type === 'dynamic' ? v : `CAST(${v} AS json)`;
}

/**
 * A lambda parameter named `base`, or `base` with a number, that `body` (SQL text the lambda's
 * body embeds) does not mention in any case: Trino resolves a name in a lambda body to the
 * parameter first, so a column of that name (Trino folds identifiers to lower case) would be
 * hidden.
 */
export function lambdaParameter(base: string, body: string): string {
  const text = body.toLowerCase();
  let name = base;
  for (let n = 2; text.includes(name); n++) name = `${base}${String(n)}`;
  return name;
}

/** array_index_of: elements compared by kind and value; a null lookup matches nothing. */
function indexOf(d: string, v: string, type: KqlType): string {
  // The lambda's body holds the lookup's expression: its parameter must not hide a column.
  const e = lambdaParameter('r2s_e', v);
  const match =
    type === 'string'
      ? `json_format(${e}) LIKE '"%' AND json_extract_scalar(${e}, '$') = ${v}`
      : type === 'bool'
        ? `json_format(${e}) = CASE ${v} WHEN TRUE THEN 'true' WHEN FALSE THEN 'false' END`
        : `try_cast(json_format(${e}) AS decimal(38, 10)) = ${v}`;
  return `CASE WHEN json_array_length(${d}) IS NOT NULL THEN array_position(transform(CAST(${d} AS array(json)), ${e} -> coalesce(${match}, FALSE)), TRUE) - 1 END`;
}

/** tostring() of a dynamic value held in a lambda variable (no hoisting needed). */
function dynText(e: string): string {
  return `coalesce(CASE WHEN json_format(${e}) = 'null' THEN '' ELSE coalesce(json_extract_scalar(${e}, '$'), json_format(${e})) END, '')`;
}
