/**
 * When PostgreSQL's own regex matching gives RE2's answer for an extraction.
 *
 * RE2 (KQL) takes the leftmost match and, among the matches starting there, the first in its
 * priority order (greedy quantifiers try more first, lazy ones fewer, alternatives left to
 * right), with the submatches of that parse. PostgreSQL ARE takes the leftmost match too, then
 * the longest one (for an RE without lazy quantifiers), and splits it into submatches. The two
 * agree on the match and on a group G when all of these hold (`provePosixAgrees`):
 *
 * 1. no lazy quantifier (PostgreSQL then prefers the longest match);
 * 2. the pattern is deterministic (one-unambiguous): in its Glushkov automaton, the characters
 *    that may start a match, and those that may follow each character position, come from
 *    pairwise disjoint classes. So every text has at most one path of character positions, and
 *    all the matches starting at one place are prefixes along that one path;
 * 3. in every alternation only the last branch may match the empty string, and no quantifier
 *    repeats something that may match the empty string. Then, at every point where the match
 *    could end and could also go on, RE2 prefers going on (its first choice that differs takes
 *    a greedy loop once more, or a later non-empty item, or a non-nullable branch over the
 *    nullable last one), so RE2's match is the longest along the path, the one PostgreSQL takes;
 *    and the empty-matching parts of a parse are placed one way only;
 * 4. G is not inside a quantifier that may repeat it more than once, so G is entered at most
 *    once and its span is fixed by the path: both engines report the same span.
 *
 * Assertions (`^`, `$`, `\b`) only remove paths, which keeps 2-4 true. Case-insensitive patterns
 * are not analysed (their classes would have to be case-folded). Patterns not proven run on
 * the RE2-order matcher of the prelude instead (regex-program.ts).
 *
 * `simplifyForExtraction` removes parts that cannot change the groups an extraction returns:
 * a leading `.*?` when no group 0 is asked for (RE2 finds the leftmost place P where the rest R
 * matches: `.*?` can start on the line of P and first reaches R there, and R followed by nothing
 * takes its own first parse, as R alone does), and a trailing lazy `x*?`/`x??`/`x{0,n}?` without
 * groups (it matches the empty string in RE2's first choice).
 */
import {
  nullable,
  overlaps,
  parseRegexTree,
  type CharRanges,
  type RegexNode,
} from './regex-ast.js';

/** Positions above this are not analysed (counted repetitions are expanded). */
const MAX_POSITIONS = 4000;

class NotProven extends Error {}

interface Frag {
  readonly nullable: boolean;
  readonly first: readonly number[];
  readonly last: readonly number[];
}

class Glushkov {
  readonly classes: CharRanges[] = [];
  readonly follow: Set<number>[] = [];

  build(n: RegexNode): Frag {
    switch (n.t) {
      case 'char': {
        if (this.classes.length >= MAX_POSITIONS) throw new NotProven('a pattern too large');
        const p = this.classes.length;
        this.classes.push(n.ranges);
        this.follow.push(new Set());
        return { nullable: false, first: [p], last: [p] };
      }
      case 'assert':
        return { nullable: true, first: [], last: [] };
      case 'group':
        return this.build(n.body);
      case 'cat':
        return n.items.map((it) => this.build(it)).reduce((a, b) => this.cat(a, b), EMPTY);
      case 'alt': {
        const frags = n.branches.map((b) => this.build(b));
        if (frags.slice(0, -1).some((f) => f.nullable)) {
          throw new NotProven('an alternation with an empty-matching branch before the last');
        }
        return {
          nullable: frags.some((f) => f.nullable),
          first: frags.flatMap((f) => f.first),
          last: frags.flatMap((f) => f.last),
        };
      }
      case 'repeat': {
        if (n.lazy) throw new NotProven('a lazy quantifier');
        if (nullable(n.body)) throw new NotProven('a quantifier over an empty-matching part');
        let out: Frag = EMPTY;
        for (let k = 0; k < n.min; k++) out = this.cat(out, this.build(n.body));
        if (n.max === Infinity) {
          const x = this.build(n.body);
          this.link(x.last, x.first);
          return this.cat(out, { nullable: true, first: x.first, last: x.last });
        }
        // x{0,k} as RE2 reads it: (x(x(x)?)?)?
        const copies: Frag[] = [];
        for (let k = n.min; k < n.max; k++) copies.push(this.build(n.body));
        copies.forEach((c, k) => {
          const next = copies[k + 1];
          if (next !== undefined) this.link(c.last, next.first);
        });
        if (copies[0] === undefined) return out;
        return this.cat(out, {
          nullable: true,
          first: copies[0].first,
          last: copies.flatMap((c) => c.last),
        });
      }
    }
  }

  private link(from: readonly number[], to: readonly number[]): void {
    for (const p of from) for (const q of to) this.follow[p]?.add(q);
  }

  private cat(a: Frag, b: Frag): Frag {
    this.link(a.last, b.first);
    return {
      nullable: a.nullable && b.nullable,
      first: a.nullable ? [...a.first, ...b.first] : a.first,
      last: b.nullable ? [...a.last, ...b.last] : b.last,
    };
  }

  /** Whether positions that may come next are ever from overlapping classes. */
  ambiguous(set: Iterable<number>): boolean {
    const ps = [...new Set(set)];
    for (let i = 0; i < ps.length; i++) {
      for (let j = i + 1; j < ps.length; j++) {
        const a = this.classes[ps[i] as number] ?? [];
        const b = this.classes[ps[j] as number] ?? [];
        if (overlaps(a, b)) return true;
      }
    }
    return false;
  }
}

const EMPTY: Frag = { nullable: true, first: [], last: [] };

/** Groups that a quantifier may repeat more than once. */
function repeatedGroups(n: RegexNode, inLoop: boolean, out: Set<number>): Set<number> {
  switch (n.t) {
    case 'group':
      if (n.index !== undefined && inLoop) out.add(n.index);
      return repeatedGroups(n.body, inLoop, out);
    case 'cat':
      n.items.forEach((it) => repeatedGroups(it, inLoop, out));
      return out;
    case 'alt':
      n.branches.forEach((b) => repeatedGroups(b, inLoop, out));
      return out;
    case 'repeat':
      return repeatedGroups(n.body, inLoop || n.max > 1, out);
    default:
      return out;
  }
}

/**
 * Undefined when PostgreSQL's matching is proven to give RE2's match and RE2's values of
 * `groups` (0 is the whole match) for every text; otherwise what stands in the way.
 */
export function provePosixAgrees(re2: string, groups: readonly number[]): string | undefined {
  const tree = parseRegexTree(re2);
  if ('error' in tree) return tree.error;
  if (tree.caseInsensitive) return 'a case-insensitive pattern';
  const looped = repeatedGroups(tree.root, false, new Set());
  if (groups.some((g) => looped.has(g))) return 'a group inside a repetition';
  const g = new Glushkov();
  try {
    const root = g.build(tree.root);
    if (g.ambiguous(root.first) || g.follow.some((f) => g.ambiguous(f))) {
      return 'parts that may match the same character at the same place';
    }
  } catch (e) {
    if (e instanceof NotProven) return e.message;
    throw e;
  }
  return undefined;
}

function hasGroup(n: RegexNode): boolean {
  switch (n.t) {
    case 'group':
      return n.index !== undefined || hasGroup(n.body);
    case 'cat':
      return n.items.some(hasGroup);
    case 'alt':
      return n.branches.some(hasGroup);
    case 'repeat':
      return hasGroup(n.body);
    default:
      return false;
  }
}

/**
 * `re2` without a leading `.*?` (when `groups` holds no 0, and, for `all` matches, what remains
 * cannot match the empty string) and without a trailing lazy optional part holding no group;
 * these parts change no group that is asked for. Group numbers are kept.
 */
export function simplifyForExtraction(
  re2: string,
  groups: readonly number[],
  all: boolean,
): string {
  const tree = parseRegexTree(re2);
  if ('error' in tree) return re2;
  const items = tree.root.t === 'cat' ? tree.root.items : [tree.root];
  const spans = tree.topSpans;
  if (spans.length !== items.length || items.length < 2) return re2;
  let from = 0;
  let to = items.length;
  const last = items[to - 1] as RegexNode;
  const lastSpan = spans[to - 1] as readonly [number, number];
  if (
    last.t === 'repeat' &&
    last.lazy &&
    last.min === 0 &&
    !hasGroup(last) &&
    !re2.slice(lastSpan[0], lastSpan[1]).startsWith('\\Q')
  ) {
    to--;
  }
  const firstSpan = spans[0] as readonly [number, number];
  if (
    re2.slice(firstSpan[0], firstSpan[1]) === '.*?' &&
    !groups.includes(0) &&
    to > 1 &&
    !(all && items.slice(1, to).every(nullable))
  ) {
    from = 1;
  }
  if (from === 0 && to === items.length) return re2;
  const start = (spans[from] as readonly [number, number])[0];
  const end = (spans[to - 1] as readonly [number, number])[1];
  return re2.slice(0, tree.flagsLength) + re2.slice(start, end);
}
