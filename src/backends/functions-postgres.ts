/** Printers of the postgres backend for the scalar functions of `ScalarFn`. */
import type * as ir from '../ir/nodes.js';
import type { KqlType } from '../types.js';
import type { FnPrinter, ScalarFnTable } from './base.js';
import { POSTGRES_SCALAR_EXTRAS } from './functions-scalar.js';
import {
  bagKey,
  constantInt,
  extractAllGroups,
  parseRewrite,
  regexArg,
} from './functions-shared.js';
import { constantString, type SqlBackend } from './base.js';
import { translateRegex, type TranslatedRegex } from './regex.js';
import { provePosixAgrees, simplifyForExtraction } from './regex-posix.js';
import { compileRegexProgram, programSql } from './regex-program.js';

/**
 * How PostgreSQL extracts with the regex argument `i`: its own regex functions (`native`) when
 * regex-posix.ts proves they give RE2's match and values of `groups` (0 is the whole match) —
 * possibly for a simplified pattern with the same groups — else the prelude's RE2-order matcher
 * (`program`: the SQL arguments of the rule2sql.re2_* functions).
 */
function pgExtraction(
  c: ir.Call,
  i: number,
  p: SqlBackend,
  groups: readonly number[] | undefined,
  all: boolean,
): { readonly native: TranslatedRegex } | { readonly program: string } {
  const t = regexArg(c, i, p, 'pg');
  const text = constantString(c.args[i] ?? c) ?? '';
  const asked = groups ?? Array.from({ length: t.groups + 1 }, (_, g) => g);
  const simple = simplifyForExtraction(text, asked, all);
  if (provePosixAgrees(simple, asked) === undefined) {
    const s = translateRegex(simple, 'pg');
    if (!('error' in s)) return { native: s };
  }
  const prog = compileRegexProgram(text);
  if ('error' in prog) {
    return p.fail(`extracting with a regular expression holding ${prog.error}`, c.span);
  }
  return { program: programSql(prog, t.pattern, (x) => p.stringLiteral(x)) };
}

const refuse =
  (what: string): FnPrinter =>
  (_args, call, p) =>
    p.fail(`${what}()`, call.span);

const argType = (c: ir.Call, i: number): KqlType => c.args[i]?.type ?? 'dynamic';

/** A string, number, bool or dynamic value as jsonb; SQL NULL stays NULL. */
function jsonb(v: string, type: KqlType): string {
  if (type === 'dynamic') return v;
  if (type === 'string') return `to_jsonb(CAST(${v} AS text))`;
  return `to_jsonb(${v})`;
}

export const POSTGRES_SCALAR_FUNCTIONS: ScalarFnTable = {
  indexof: ([s, m, start]) =>
    start === undefined
      ? `(strpos(${String(s)}, ${String(m)}) - 1)`
      : `rule2sql.indexof(${String(s)}, ${String(m)}, ${start})`,
  replace_regex: ([s], c, p) => {
    const parts = parseRewrite(constantString(c.args[2] ?? c) ?? '');
    const groups = [0, ...parts.filter((x): x is number => typeof x === 'number')];
    const how = pgExtraction(c, 1, p, groups, true);
    if ('program' in how) {
      const ts = parts.map((x) => p.stringLiteral(typeof x === 'string' ? x : ''));
      const gs = parts.map((x) => (typeof x === 'string' ? -1 : x));
      return `rule2sql.re2_replace(${String(s)}, ${how.program}, ARRAY[${ts.join(',')}]::text[], ARRAY[${gs.join(',')}]::integer[])`;
    }
    const rw = pgRewrite(constantString(c.args[2] ?? c) ?? '');
    return `regexp_replace(${String(s)}, ${p.stringLiteral(how.native.pattern)}, ${p.stringLiteral(rw)}, 'g')`;
  },
  extract: ([, g, s], c, p) => {
    const group = constantInt(c, 1);
    const t = regexArg(c, 0, p, 'pg');
    if (group !== undefined && (group < 0n || group > BigInt(t.groups))) return `''`;
    const how = pgExtraction(c, 0, p, group === undefined ? undefined : [Number(group)], false);
    if ('program' in how) {
      return `coalesce(rule2sql.re2_extract(${String(s)}, ${how.program}, CAST(${String(g)} AS integer)), '')`;
    }
    const n = how.native;
    const wrapped = `${n.caseInsensitive ? '(?i)' : ''}(${n.body})`;
    return `coalesce((regexp_match(${String(s)}, ${p.stringLiteral(wrapped)}))[${String(g)} + 1], '')`;
  },
  extract_all: ([, s], c, p) => {
    const groups = extractAllGroups(c, p);
    const how = pgExtraction(c, 0, p, groups, true);
    if ('program' in how) {
      return `rule2sql.re2_extract_all(${String(s)}, ${how.program}, ARRAY[${groups.join(',')}]::integer[])`;
    }
    const cells = groups.map((g) => `coalesce(r.m[${String(g)}], '')`);
    const item =
      cells.length === 1 ? (cells[0] as string) : `jsonb_build_array(${cells.join(', ')})`;
    return `(SELECT jsonb_agg(${item} ORDER BY r.n) FROM regexp_matches(${String(s)}, ${p.stringLiteral(how.native.pattern)}, 'g') WITH ORDINALITY AS r(m, n))`;
  },
  indexof_regex: ([s], c, p) =>
    `(regexp_instr(${String(s)}, ${p.stringLiteral(regexArg(c, 1, p, 'pg').pattern)}) - 1)`,
  countof: refuse('countof'),
  reverse: ([s]) => `reverse(${String(s)})`,
  hash: ([s]) => `rule2sql.kql_hash(${String(s)})`,
  url_decode: refuse('url_decode'),
  base64_decode_tostring: refuse('base64_decode_tostring'),
  strcat_array: ([a, d]) => `rule2sql.strcat_array(${String(a)}, ${String(d)})`,
  gettype: ([d]) => `rule2sql.gettype(${String(d)})`,
  bag_keys: ([d]) => `rule2sql.bag_keys(${String(d)})`,
  set_has_element: ([d, v], c) =>
    `(rule2sql.array_index_of(${String(d)}, ${jsonb(String(v), argType(c, 1))}) >= 0)`,
  array_index_of: ([d, v], c) =>
    `rule2sql.array_index_of(${String(d)}, ${jsonb(String(v), argType(c, 1))})`,
  pack_array: (args, c) =>
    `jsonb_build_array(${args.map((a, i) => jsonb(a, argType(c, i))).join(', ')})`,
  bag_pack: (args, c) =>
    `jsonb_build_object(${args.map((a, i) => (i % 2 === 0 ? `CAST(${bagKey(c, i, a)} AS text)` : jsonb(a, argType(c, i)))).join(', ')})`,
  array_concat: (args) => `rule2sql.array_concat(${args.join(', ')})`,
  array_slice: ([d, s, e]) => `rule2sql.array_slice(${String(d)}, ${String(s)}, ${String(e)})`,
  ...POSTGRES_SCALAR_EXTRAS,
  bin: ([x, size], c) => {
    if (c.type === 'real') return `(floor(${String(x)} / ${String(size)}) * ${String(size)})`;
    const micros = String(constantInt(c, 1) ?? 0n);
    if (c.type === 'timespan')
      return `(CAST(floor(extract(epoch FROM ${String(x)}) * 1000000 / ${micros}) * ${micros} AS bigint) * INTERVAL '1 microsecond')`;
    if (c.type !== 'datetime')
      return `(${String(x)} - (((${String(x)} % ${String(size)}) + ${String(size)}) % ${String(size)}))`;
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
  datetime_add: refuse('datetime_add'),
  totimespan: refuse('totimespan'),
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
