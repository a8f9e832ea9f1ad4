/**
 * The single regular expression a `parse` pattern becomes on each engine (SEMANTICS §13): one
 * capturing group per column, skips and captures as `.*?` / `.*`, literal text escaped, and the
 * regex parts of kind=regex translated by regex.ts (their own groups are counted and skipped).
 *
 * The expression is always anchored at both ends: a search for an unanchored pattern is a lazy
 * any-text prefix, and a suffix takes the rest of the text. Neither changes what RE2's
 * leftmost-first matching captures, and with the whole text matched PostgreSQL's POSIX engine
 * gives every group, left to right, its own shortest or longest extent, which is the same
 * choice; regex parts whose meaning differs between the engines are refused on PostgreSQL.
 */
import { assertNever } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { escapeRegex, type SqlBackend } from './base.js';
import { provePosixAgrees } from './regex-posix.js';
import { translateRegex, type RegexTarget } from './regex.js';

export interface ParseRegex {
  /** The pattern for the target, with a leading `(?i)` when case-insensitive. */
  readonly pattern: string;
  /** The pattern without its `(?i)` prefix. */
  readonly body: string;
  /** The 1-based group number of each capture, in order. */
  readonly groups: readonly number[];
  /**
   * Why PostgreSQL's leftmost-longest matching may give other captures than RE2 (a regex part
   * with a lazy quantifier or overlapping alternatives), for target 'pg'; then the parse runs on
   * the prelude's RE2-order matcher over the pattern written for RE2 (target 're2').
   */
  readonly posixRisk?: string;
}

/**
 * The parse pattern for an engine (`RegexTarget`), or as RE2 source (`'re2'`: the regex parts as
 * written, for regex-program.ts's matcher).
 */
export function parseRegex(rel: ir.Parse, target: RegexTarget | 're2', p: SqlBackend): ParseRegex {
  // The matcher's class syntax has no escapes: as RE2 source, `.` is any character but a newline
  // unless the pattern starts with `(?s)` (flags=s).
  const re2 = target === 're2';
  const all = target === 'pg' || (re2 && rel.dotAll) ? '.' : re2 ? '(?:.|\\n)' : '[\\s\\S]';
  const dot = rel.dotAll ? all : re2 ? '.' : '[^\\n]';
  const end = target === 'java' ? '\\z' : '$';
  let posixRisk: string | undefined;
  const groups: number[] = [];
  let group = 0;
  let body = rel.anchored ? '^' : `^(?:${all}*?)`;
  for (const part of rel.parts) {
    switch (part.kind) {
      case 'literal':
        body += escapeRegex(part.text);
        break;
      case 'regex': {
        const dotAll = rel.dotAll ? '(?s)' : '';
        const t = translateRegex(`${dotAll}${part.regex}`, target === 're2' ? 'js' : target);
        if ('error' in t) return p.fail(`a parse pattern with ${t.error}`, rel.span);
        if (t.caseInsensitive) {
          return p.fail('a parse regex with inline flags (use flags=)', rel.span);
        }
        // A part PostgreSQL's matching is not proven to match as RE2 does (regex-posix.ts: lazy
        // quantifiers, parts that may take the same character, `x*(xy)?`) sends the parse to
        // the RE2-order matcher.
        if (target === 'pg') {
          posixRisk ??= t.posixRisk ?? provePosixAgrees(`${dotAll}${part.regex}`, []);
        }
        // As RE2 source the part keeps its text (flags=s becomes the pattern's leading `(?s)`).
        body += `(?:${re2 ? part.regex : t.body})`;
        group += t.groups;
        break;
      }
      case 'skip':
        body += `(?:${dot}*${part.lazy ? '?' : ''})`;
        break;
      case 'capture': {
        const shape = part.shape === 'integer' ? '-?[0-9]+' : `${dot}*`;
        body += `(${shape}${part.lazy ? '?' : ''})`;
        group += 1;
        groups.push(group);
        break;
      }
      default:
        return assertNever(part);
    }
  }
  body += rel.anchored ? end : `(?:${all}*)${end}`;
  const flags = re2
    ? `${rel.caseInsensitive ? 'i' : ''}${rel.dotAll ? 's' : ''}`
    : rel.caseInsensitive
      ? 'i'
      : '';
  return { pattern: `${flags === '' ? '' : `(?${flags})`}${body}`, body, groups, posixRisk };
}

/**
 * The select list of a parse: the input columns as `t."c"`, each capture `capture(i, group)`
 * (text, or NULL when absent), and the matched flag `matched`.
 */
export function parseColumns(
  p: SqlBackend,
  rel: ir.Parse,
  regex: ParseRegex,
  capture: (i: number, group: number) => string,
  matched: string,
): string {
  const items = rel.input.columns.map((c) => p.passColumn(rel.input, rel, c.name, 't'));
  rel.captures.forEach((name, i) => {
    const value = capture(i, regex.groups[i] ?? 0);
    items.push(p.as(`coalesce(${value}, '')`, rel, name));
  });
  items.push(p.as(matched, rel, rel.matched));
  return items.join(',\n');
}
