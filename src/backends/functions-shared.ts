/** Helpers the dialects' function printers share: constant arguments and regex translation. */
import type * as ir from '../ir/nodes.js';
import { constantString, type SqlBackend } from './base.js';
import { translateRegex, type RegexTarget, type TranslatedRegex } from './regex.js';
import { parseRegexTree } from './regex-ast.js';

export function argAt(c: ir.Call, i: number): ir.Scalar | undefined {
  return c.args[i];
}

/** The constant integer argument `i` of a call, when it is one. */
export function constantInt(c: ir.Call, i: number): bigint | undefined {
  const a = c.args[i];
  return a?.kind === 'literal' && typeof a.value === 'bigint' ? a.value : undefined;
}

/**
 * Key `i` of bag_pack as SQL: a computed key may be SQL NULL where KQL holds '' (a string is
 * never null in KQL), and every engine refuses a NULL key, so it is read as ''.
 */
export function bagKey(c: ir.Call, i: number, sql: string): string {
  return c.args[i]?.kind === 'literal' ? sql : `coalesce(${sql}, '')`;
}

/**
 * The regex argument `i` of a call translated for `target`. On PostgreSQL, extractions choose
 * between the engine's own matching and the prelude's RE2-order matcher (functions-postgres.ts).
 */
export function regexArg(
  c: ir.Call,
  i: number,
  p: SqlBackend,
  target: RegexTarget,
): TranslatedRegex {
  const a = c.args[i];
  const text = a === undefined ? undefined : constantString(a);
  if (text === undefined) return p.fail('a regular expression that is not a constant', c.span);
  const t = translateRegex(text, target);
  if ('error' in t) return p.fail(`a regular expression with ${t.error}`, c.span);
  return t;
}

/** A KQL rewrite string (`\1`, `\0`, `\\`) as a sequence of literal text and group numbers. */
export function parseRewrite(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && /[0-9]/.test(next)) {
      if (lit !== '') out.push(lit);
      lit = '';
      out.push(Number(next));
      i++;
    } else if (ch === '\\' && next === '\\') {
      lit += '\\';
      i++;
    } else {
      lit += ch;
    }
  }
  if (lit !== '') out.push(lit);
  return out;
}

/**
 * The groups `extract_all` returns, in order: its captureGroups argument (group numbers and
 * names, resolved against the regex at compile time), else every group of the regex.
 */
export function extractAllGroups(c: ir.Call, p: SqlBackend): number[] {
  const text = c.args[0] === undefined ? undefined : constantString(c.args[0]);
  const tree = text === undefined ? undefined : parseRegexTree(text);
  if (tree === undefined || 'error' in tree) {
    return p.fail('a regular expression that is not a constant', c.span);
  }
  if (tree.groups === 0) return p.fail('extract_all() with a regex without capture groups', c.span);
  const arg = c.args[2];
  if (arg === undefined) return Array.from({ length: tree.groups }, (_, i) => i + 1);
  const list = arg.kind === 'literal' && Array.isArray(arg.value) ? arg.value : [];
  return list.map((g) => {
    const n = typeof g === 'string' ? tree.names.get(g) : typeof g === 'number' ? g : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > tree.groups) {
      return p.fail(
        `extract_all() with capture group ${JSON.stringify(g)}, which the regex does not have`,
        arg.span ?? c.span,
      );
    }
    return n;
  });
}
