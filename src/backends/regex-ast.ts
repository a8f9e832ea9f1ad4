/**
 * A KQL (RE2) regular expression as a syntax tree, for reasoning about how engines match it
 * (regex-posix.ts) and for compiling it to the RE2-order matcher of the PostgreSQL prelude
 * (regex-program.ts). Parse only patterns translateRegex accepts: it reports the constructs
 * rule2sql cannot translate, and this parser follows its reading of the pattern.
 */
import { translateRegex } from './regex.js';

/** Sorted, disjoint, inclusive code point ranges. */
export type CharRanges = readonly (readonly [number, number])[];

export type RegexNode =
  /** One character from `ranges`; `pg` tests one character on PostgreSQL (ARE syntax). */
  | { readonly t: 'char'; readonly ranges: CharRanges; readonly pg: string }
  | { readonly t: 'assert'; readonly kind: 'bol' | 'eol' | 'word' | 'nonword' }
  | { readonly t: 'cat'; readonly items: readonly RegexNode[] }
  | { readonly t: 'alt'; readonly branches: readonly RegexNode[] }
  /** `index` is undefined for a non-capturing group. */
  | {
      readonly t: 'group';
      readonly index?: number;
      readonly name?: string;
      readonly body: RegexNode;
    }
  | {
      readonly t: 'repeat';
      readonly min: number;
      /** Infinity when unbounded. */
      readonly max: number;
      readonly lazy: boolean;
      readonly body: RegexNode;
    };

export interface RegexTree {
  readonly root: RegexNode;
  readonly caseInsensitive: boolean;
  readonly dotAll: boolean;
  /** Number of capturing groups. */
  readonly groups: number;
  /** Group names (`(?P<name>…)`, `(?<name>…)`) to their numbers. */
  readonly names: ReadonlyMap<string, number>;
  /** Source offsets of the top-level items (after the flags), when the root is a sequence. */
  readonly topSpans: readonly (readonly [number, number])[];
  /** Length of the leading flags `(?i)`/`(?s)`, 0 without them. */
  readonly flagsLength: number;
}

const MAX_CP = 0x10ffff;
const DIGIT: CharRanges = [[0x30, 0x39]];
const WORD: CharRanges = normalize([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]);
const SPACE: CharRanges = normalize([
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
]);
const POSIX: Readonly<Record<string, CharRanges>> = {
  alnum: normalize([
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  alpha: normalize([
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  digit: DIGIT,
  lower: [[0x61, 0x7a]],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: normalize([
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ]),
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  blank: normalize([
    [0x09, 0x09],
    [0x20, 0x20],
  ]),
};

export function normalize(ranges: readonly (readonly [number, number])[]): CharRanges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function negate(ranges: CharRanges): CharRanges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

export function overlaps(a: CharRanges, b: CharRanges): boolean {
  return a.some(([lo, hi]) => b.some(([l2, h2]) => lo <= h2 && l2 <= hi));
}

class Parser {
  private i: number;
  private groups = 0;
  private readonly names = new Map<string, number>();
  private readonly flags: string;

  constructor(
    private readonly src: string,
    flagsLength: number,
    private readonly dotAll: boolean,
  ) {
    this.i = flagsLength;
    this.flags = src.slice(0, flagsLength);
  }

  parse(): {
    root: RegexNode;
    groups: number;
    names: Map<string, number>;
    top: [number, number][];
  } {
    const top: [number, number][] = [];
    const root = this.alternation(top);
    return { root, groups: this.groups, names: this.names, top };
  }

  /** The PostgreSQL test for the one character the source text `text` stands for. */
  private pg(text: string): string {
    const t = translateRegex(this.flags + text, 'pg');
    if ('error' in t) throw new Error(`regex-ast: ${t.error}`);
    return t.pattern;
  }

  private char(ranges: CharRanges, text: string): RegexNode {
    return { t: 'char', ranges, pg: this.pg(text) };
  }

  private literal(cp: number): RegexNode {
    return this.char([[cp, cp]], `\\Q${String.fromCodePoint(cp)}\\E`);
  }

  private alternation(top?: [number, number][]): RegexNode {
    const branches = [this.sequence(top)];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length > 1) top?.splice(0);
    return branches.length === 1 ? (branches[0] as RegexNode) : { t: 'alt', branches };
  }

  private sequence(top?: [number, number][]): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      const ch = this.src[this.i];
      if (ch === undefined || ch === '|' || ch === ')') break;
      const start = this.i;
      const atom = this.atom();
      if (atom.t === 'cat') {
        // \Q…\E: a following quantifier repeats its last character only.
        const last = atom.items[atom.items.length - 1];
        const lits = last === undefined ? [] : [...atom.items.slice(0, -1), this.quantifier(last)];
        for (const it of lits) {
          items.push(it);
          top?.push([start, this.i]);
        }
        continue;
      }
      items.push(this.quantifier(atom));
      top?.push([start, this.i]);
    }
    return items.length === 1 ? (items[0] as RegexNode) : { t: 'cat', items };
  }

  private quantifier(atom: RegexNode): RegexNode {
    const ch = this.src[this.i];
    let min: number;
    let max: number;
    if (ch === '*' || ch === '+' || ch === '?') {
      this.i++;
      min = ch === '+' ? 1 : 0;
      max = ch === '?' ? 1 : Infinity;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) return atom;
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else {
      return atom;
    }
    let lazy = false;
    if (this.src[this.i] === '?') {
      this.i++;
      lazy = true;
    }
    return { t: 'repeat', min, max, lazy, body: atom };
  }

  private atom(): RegexNode {
    const start = this.i;
    const ch = this.src[this.i++] as string;
    switch (ch) {
      case '(':
        return this.group();
      case '[':
        return this.char(this.charClass(), this.src.slice(start, this.i));
      case '\\':
        return this.escape(start);
      case '.':
        return this.char(this.dotAll ? [[0, MAX_CP]] : negate([[10, 10]]), '.');
      case '^':
        return { t: 'assert', kind: 'bol' };
      case '$':
        return { t: 'assert', kind: 'eol' };
      default: {
        const cp = this.src.codePointAt(start) ?? 0;
        if (cp > 0xffff) this.i++;
        return this.literal(cp);
      }
    }
  }

  private group(): RegexNode {
    const rest = this.src.slice(this.i);
    let index: number | undefined;
    let name: string | undefined;
    if (rest.startsWith('?:')) {
      this.i += 2;
    } else {
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named !== null) {
        this.i += named[0].length;
        name = named[1];
      }
      index = ++this.groups;
      if (name !== undefined && !this.names.has(name)) this.names.set(name, index);
    }
    const body = this.alternation();
    this.i++; // ')'
    return { t: 'group', index, name, body };
  }

  private escape(start: number): RegexNode {
    const ch = this.src[this.i++] as string;
    const text = (): string => this.src.slice(start, this.i);
    switch (ch) {
      case 'd':
        return this.char(DIGIT, text());
      case 'D':
        return this.char(negate(DIGIT), text());
      case 'w':
        return this.char(WORD, text());
      case 'W':
        return this.char(negate(WORD), text());
      case 's':
        return this.char(SPACE, text());
      case 'S':
        return this.char(negate(SPACE), text());
      case 'b':
        return { t: 'assert', kind: 'word' };
      case 'B':
        return { t: 'assert', kind: 'nonword' };
      case 'A':
        return { t: 'assert', kind: 'bol' };
      case 'z':
        return { t: 'assert', kind: 'eol' };
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i);
        const lit = this.src.slice(this.i, end < 0 ? undefined : end);
        this.i = end < 0 ? this.src.length : end + 2;
        return { t: 'cat', items: Array.from(lit).map((c) => this.literal(c.codePointAt(0) ?? 0)) };
      }
      default: {
        const cp = this.escapedChar(ch);
        return this.char([[cp, cp]], text());
      }
    }
  }

  private escapedChar(ch: string): number {
    switch (ch) {
      case 't':
        return 9;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'v':
        return 11;
      case 'a':
        return 7;
      case 'x': {
        const m = /^(\{([0-9A-Fa-f]+)\}|[0-9A-Fa-f]{2})/.exec(
          this.src.slice(this.i),
        ) as RegExpExecArray;
        this.i += m[0].length;
        return parseInt(m[2] ?? m[1] ?? '0', 16);
      }
      default:
        return ch.codePointAt(0) ?? 0;
    }
  }

  private charClass(): CharRanges {
    const out: (readonly [number, number])[] = [];
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let first = true;
    for (;;) {
      const ch = this.src[this.i++] as string;
      if (ch === ']' && !first) break;
      first = false;
      if (ch === '[' && this.src[this.i] === ':') {
        const m = /^:([a-z]+):\]/.exec(this.src.slice(this.i)) as RegExpExecArray;
        this.i += m[0].length;
        out.push(...(POSIX[m[1] ?? ''] ?? []));
        continue;
      }
      let lo: number;
      if (ch === '\\') {
        const e = this.src[this.i++] as string;
        if (e === 'd' || e === 'w' || e === 's') {
          out.push(...(e === 'd' ? DIGIT : e === 'w' ? WORD : SPACE));
          continue;
        }
        lo = this.escapedChar(e);
      } else {
        lo = this.src.codePointAt(this.i - 1) ?? 0;
        if (lo > 0xffff) this.i++;
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']') {
        this.i++;
        let hi: number;
        const h = this.src[this.i++] as string;
        if (h === '\\') hi = this.escapedChar(this.src[this.i++] as string);
        else {
          hi = this.src.codePointAt(this.i - 1) ?? 0;
          if (hi > 0xffff) this.i++;
        }
        out.push([lo, hi]);
        continue;
      }
      out.push([lo, lo]);
    }
    const set = normalize(out);
    return negated ? negate(set) : set;
  }
}

/** The syntax tree of a pattern translateRegex accepts; an error for one it refuses. */
export function parseRegexTree(re2: string): RegexTree | { readonly error: string } {
  const t = translateRegex(re2, 'pg');
  if ('error' in t) return t;
  const flags = /^\(\?([a-zA-Z]+)\)/.exec(re2);
  const flagsLength = flags?.[0].length ?? 0;
  const dotAll = flags?.[1]?.includes('s') ?? false;
  const r = new Parser(re2, flagsLength, dotAll).parse();
  return {
    root: r.root,
    caseInsensitive: t.caseInsensitive,
    dotAll,
    groups: r.groups,
    names: r.names,
    topSpans: r.top,
    flagsLength,
  };
}

export function nullable(n: RegexNode): boolean {
  switch (n.t) {
    case 'char':
      return false;
    case 'assert':
      return true;
    case 'cat':
      return n.items.every(nullable);
    case 'alt':
      return n.branches.some(nullable);
    case 'group':
      return nullable(n.body);
    case 'repeat':
      return n.min === 0 || nullable(n.body);
  }
}
