/**
 * Athena `has` / `hasprefix` / `hassuffix` with a needle computed per row: the regex is built at
 * run time, the needle escaped by `regexp_replace`. No Trino engine runs here, so the escaping
 * pattern and replacement printed in the SQL are checked against `escapeRegex` (what a constant
 * needle gets) by applying them as Trino does (java.util.regex / Joni: `\\` in a replacement is
 * a backslash, `$1` the group).
 */
import { describe, expect, it } from 'vitest';
import { escapeRegex } from '../../src/backends/base.js';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { compileQuery } from '../../src/compile.js';
import { schemaRegistry } from '../../src/schema.js';

const schemas = schemaRegistry([
  {
    name: 'H',
    columns: [
      { name: 's', type: 'string' },
      { name: 't', type: 'string' },
    ],
  },
]);

function athena(query: string): string {
  return compileQuery({ name: 'q', text: query }, 'athena', { schemas });
}

/** Trino's regexp_replace replacement: `\x` is x, `$n` group n, anything else itself. */
function applyReplacement(replacement: string, groups: readonly string[]): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i] ?? '';
    if (ch === '\\') out += replacement[++i] ?? '';
    else if (ch === '$') out += groups[Number(replacement[++i])] ?? '';
    else out += ch;
  }
  return out;
}

describe('Athena term match with a computed needle', () => {
  const sql = athena('H | where s has t');
  const call = /regexp_replace\("t", '((?:[^']|'')*)', '((?:[^']|'')*)'\)/.exec(sql);

  it('prints valid Trino SQL that escapes the needle at run time', () => {
    expect(validateTrino(sql).ok).toBe(true);
    expect(call).not.toBeNull();
  });

  it.each(['a.b', 'o+b', '(net)', 'x[1]{2}|y', '^\\cmd.exe$', 'what?*', 'a/b-c', 'naïve'])(
    'escapes %s as a constant needle is escaped',
    (needle) => {
      const pattern = new RegExp(call?.[1] ?? '(?!)', 'g');
      const replacement = call?.[2] ?? '';
      const escaped = needle.replace(pattern, (_m, g1: string) =>
        applyReplacement(replacement, [_m, g1]),
      );
      expect(escaped).toBe(escapeRegex(needle));
    },
  );

  it('adds a boundary per side and a case-insensitive flag for has, none for has_cs', () => {
    expect(sql).toContain(`concat('(?i)', CASE WHEN regexp_like(substr("t", 1, 1)`);
    expect(athena('H | where s has_cs t')).toContain(`concat('', CASE WHEN`);
    const prefix = athena('H | where s hasprefix t');
    expect(prefix).toContain(`'(^|[^\\p{L}\\p{N}])'`);
    expect(prefix).not.toContain(`'($|[^\\p{L}\\p{N}])'`);
    const suffix = athena('H | where s hassuffix t');
    expect(suffix).toContain(`'($|[^\\p{L}\\p{N}])'`);
    expect(suffix).not.toContain(`'(^|[^\\p{L}\\p{N}])'`);
  });
});
