/**
 * A deterministic negative corpus: small edits of real queries that are mostly (not always)
 * invalid. Each query gets its own seeded generator (seeded from its name), so adding a rule to
 * the corpus does not change the mutants of the others, and a mutant's id names how it was made.
 */
import { tokenize } from '../../src/frontend/lexer.js';
import type { Token } from '../../src/frontend/tokens.js';

export interface Mutant {
  /** `<rule>#<kind><n>`, stable across runs. */
  readonly id: string;
  readonly kind: MutationKind;
  readonly text: string;
}

export type MutationKind = 'delete' | 'truncate' | 'swap' | 'transpose' | 'rename' | 'extra-arg';

/** mulberry32: a small, well-mixed 32-bit PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the per-query seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Operators swapped for one another: each group's members fit the same places loosely. */
const SWAP_GROUPS: readonly (readonly string[])[] = [
  ['==', '!=', '=~', '<', '>=', '=', 'has', 'contains', 'in', '!in', 'and', 'or'],
  ['|', ',', ';', '.', ':'],
  ['(', ')', '[', ']', '{', '}'],
  ['where', 'extend', 'project', 'summarize', 'join', 'union', 'sort', 'take', 'by', 'on'],
];

const SWAPPABLE = new Map(SWAP_GROUPS.flatMap((g) => g.map((t) => [t, g] as const)));

function tokenText(t: Token): string {
  return t.kind === 'ident' || t.kind === 'op' ? t.text : '';
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** Tokens of `text` without the end-of-input token; empty if our lexer rejects the text. */
function tokens(name: string, text: string): Token[] {
  try {
    return tokenize({ name, text }).filter((t) => t.kind !== 'eof');
  } catch {
    return [];
  }
}

/**
 * Syntax mutants: `perKind` each of a deleted token, a truncation after a token, an operator or
 * keyword swapped for another of its group, and two adjacent tokens transposed.
 */
export function syntaxMutants(name: string, text: string, perKind = 2): Mutant[] {
  const toks = tokens(name, text);
  if (toks.length < 3) return [];
  const random = prng(hash(name));
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)];
  const out: Mutant[] = [];
  const add = (kind: MutationKind, n: number, mutated: string): void => {
    if (mutated !== text) out.push({ id: `${name}#${kind}${n}`, kind, text: mutated });
  };
  for (let n = 0; n < perKind; n++) {
    const del = pick(toks);
    if (del !== undefined) add('delete', n, splice(text, del.span.start, del.span.end, ''));
    const cut = pick(toks.slice(0, -1));
    if (cut !== undefined) add('truncate', n, text.slice(0, cut.span.end));
    const swappable = toks.filter((t) => SWAPPABLE.has(tokenText(t)));
    const sw = pick(swappable);
    if (sw !== undefined) {
      const group = SWAPPABLE.get(tokenText(sw)) ?? [];
      const others = group.filter((g) => g !== tokenText(sw));
      const to = pick(others);
      if (to !== undefined) add('swap', n, splice(text, sw.span.start, sw.span.end, ` ${to} `));
    }
    const i = Math.floor(random() * (toks.length - 1));
    const a = toks[i];
    const b = toks[i + 1];
    if (a !== undefined && b !== undefined) {
      const ta = text.slice(a.span.start, a.span.end);
      const tb = text.slice(b.span.start, b.span.end);
      const between = text.slice(a.span.end, b.span.start);
      add('transpose', n, splice(text, a.span.start, b.span.end, tb + between + ta));
    }
  }
  return out;
}

/**
 * Name mutants for semantic checks: `perKind` names (an identifier not followed by `(`) renamed
 * to one nobody defines, and `perKind` calls given one more argument.
 */
export function semanticMutants(name: string, text: string, perKind = 3): Mutant[] {
  const toks = tokens(name, text);
  const random = prng(hash(`${name}/semantic`));
  const out: Mutant[] = [];
  const names: Token[] = [];
  const calls: Token[] = [];
  toks.forEach((t, i) => {
    const next = toks[i + 1];
    const prev = toks[i - 1];
    if (t.kind !== 'ident' || t.text.includes('-')) return;
    // Names after `.` are property keys of a dynamic value, which are never unknown.
    if (prev?.kind === 'op' && prev.text === '.') return;
    if (next?.kind === 'op' && next.text === '(') calls.push(next);
    else names.push(t);
  });
  const sample = (xs: readonly Token[]): Token[] => {
    const pool = [...xs];
    const chosen: Token[] = [];
    while (chosen.length < perKind && pool.length > 0) {
      chosen.push(...pool.splice(Math.floor(random() * pool.length), 1));
    }
    return chosen.sort((x, y) => x.span.start - y.span.start);
  };
  sample(names).forEach((t, n) => {
    const renamed = splice(text, t.span.end, t.span.end, '_r2sUnknown');
    out.push({ id: `${name}#rename${n}`, kind: 'rename', text: renamed });
  });
  sample(calls).forEach((paren, n) => {
    // `f(` becomes `f(0, `, or `f(0` when the call has no arguments.
    const after = toks.find((t) => t.span.start >= paren.span.end);
    const empty = after?.kind === 'op' && after.text === ')';
    const extra = splice(text, paren.span.end, paren.span.end, empty ? '0' : '0, ');
    out.push({ id: `${name}#extra-arg${n}`, kind: 'extra-arg', text: extra });
  });
  return out;
}
