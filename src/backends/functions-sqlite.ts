/** Printers of the sqlite backend for the scalar functions of `ScalarFn`. */
import type * as ir from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import type { FnPrinter, ScalarFnTable } from './base.js';
import { SQLITE_SCALAR_EXTRAS } from './functions-scalar.js';
import { bagKey, constantInt, extractAllGroups, regexArg } from './functions-shared.js';

const refuse =
  (what: string): FnPrinter =>
  (_args, call, p) =>
    p.fail(`${what}()`, call.span);

const argType = (c: ir.Call, i: number): KqlType => c.args[i]?.type ?? 'dynamic';

/**
 * A value as an argument of json_array / json_object. `|| ''` drops the JSON subtype a string
 * expression may carry (tostring of a bag), so that it is stored as a JSON string.
 */
function jsonValue(v: string, type: KqlType): string {
  if (type === 'string') return `(${v} || '')`;
  if (type === 'bool') return `json(CASE ${v} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)`;
  if (type === 'dynamic') return `json(${v})`;
  return v;
}

/** The JSON text of a looked-up value (string, long, int or bool); NULL stays NULL. */
function lookupJson(v: string, type: KqlType): string {
  if (type === 'string') return `json_quote(${v} || '')`;
  if (type === 'bool') return `CASE ${v} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
  return `CAST(${v} AS TEXT)`;
}

export const SQLITE_SCALAR_FUNCTIONS: ScalarFnTable = {
  indexof: ([s, m, start]) =>
    start === undefined
      ? `(instr(${String(s)}, ${String(m)}) - 1)`
      : `kql_indexof(${String(s)}, ${String(m)}, ${start})`,
  replace_regex: ([s, re, rw], c, p) => {
    regexArg(c, 1, p, 'js');
    return `kql_replace_regex(${String(s)}, ${String(re)}, ${String(rw)})`;
  },
  extract: ([re, g, s], c, p) => {
    const t = regexArg(c, 0, p, 'js');
    const group = constantInt(c, 1);
    if (group !== undefined && (group < 0n || group > BigInt(t.groups))) return `''`;
    return `coalesce(kql_extract(${String(re)}, ${String(g)}, ${String(s)}), '')`;
  },
  extract_all: ([re, s], c, p) => {
    regexArg(c, 0, p, 'js');
    const groups = extractAllGroups(c, p);
    return `kql_extract_all(${String(re)}, ${String(s)}, ${p.stringLiteral(JSON.stringify(groups))})`;
  },
  indexof_regex: ([s, re], c, p) => {
    regexArg(c, 1, p, 'js');
    return `kql_indexof_regex(${String(s)}, ${String(re)})`;
  },
  countof: refuse('countof'),
  reverse: ([s]) => `kql_reverse(${String(s)})`,
  hash: ([s]) => `kql_hash(${String(s)})`,
  url_decode: refuse('url_decode'),
  base64_decode_tostring: refuse('base64_decode_tostring'),
  strcat_array: ([a, d]) => `kql_strcat_array(${String(a)}, ${String(d)})`,
  gettype: ([d]) => `kql_gettype(${String(d)})`,
  bag_keys: ([d]) => `kql_bag_keys(${String(d)})`,
  set_has_element: ([d, v], c) =>
    `(kql_array_index_of(${String(d)}, ${lookupJson(String(v), argType(c, 1))}) >= 0)`,
  array_index_of: ([d, v], c) =>
    `kql_array_index_of(${String(d)}, ${lookupJson(String(v), argType(c, 1))})`,
  pack_array: (args, c) =>
    `json_array(${args.map((a, i) => jsonValue(a, argType(c, i))).join(', ')})`,
  bag_pack: (args, c) =>
    `json_object(${args.map((a, i) => (i % 2 === 0 ? bagKey(c, i, a) : jsonValue(a, argType(c, i)))).join(', ')})`,
  array_concat: (args) => `kql_array_concat(${args.join(', ')})`,
  array_slice: ([d, s, e]) => `kql_array_slice(${String(d)}, ${String(s)}, ${String(e)})`,
  ...SQLITE_SCALAR_EXTRAS,
  bin: ([x, size], c) =>
    c.type === 'real'
      ? `(floor(${String(x)} / ${String(size)}) * ${String(size)})`
      : `(${String(x)} - (((${String(x)} % ${String(size)}) + ${String(size)}) % ${String(size)}))`,
  startof: ([unit, x]) => `kql_startof(${String(unit)}, ${String(x)})`,
  datepart: ([unit, x]) => `kql_datepart(${String(unit)}, ${String(x)})`,
  datetime_add: refuse('datetime_add'),
  totimespan: refuse('totimespan'),
};
