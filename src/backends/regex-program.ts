/**
 * A KQL (RE2) regular expression compiled for the RE2-order matcher of the PostgreSQL prelude
 * (`rule2sql.re2_exec`, postgres-prelude-regex.ts): a Pike VM program laid out as RE2 compiles
 * its own (alternatives and loops as prioritised splits, groups as saves), so that the prelude
 * finds RE2's leftmost-first match and submatches where PostgreSQL's POSIX matching would not.
 *
 * Instructions (1-based, parallel arrays): 1 character (`cls` holds the ARE test of one
 * character), 2 match, 3 jump to x, 4 split to x (preferred) or y, 5 save the position in slot x
 * (group g starts in slot 2g+1 and ends in slot 2g+2), 6 assertion x (1 text start, 2 text end,
 * 3 word boundary, 4 not a word boundary).
 */
import { nullable, parseRegexTree, type RegexNode } from './regex-ast.js';

export const OP = { char: 1, match: 2, jump: 3, split: 4, save: 5, assert: 6 } as const;
const ASSERT = { bol: 1, eol: 2, word: 3, nonword: 4 } as const;
const MAX_INSTRUCTIONS = 5000;

export interface RegexProgram {
  readonly ops: readonly number[];
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly cls: readonly string[];
  /** Capture slots: 2 × (groups + 1). */
  readonly slots: number;
  readonly groups: number;
  readonly names: ReadonlyMap<string, number>;
}

class TooHard extends Error {}

class Compiler {
  readonly ops: number[] = [];
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  readonly cls: string[] = [];

  emit(op: number, x = 0, y = 0, cls = ''): number {
    if (this.ops.length >= MAX_INSTRUCTIONS) throw new TooHard('a pattern too large to match');
    this.ops.push(op);
    this.xs.push(x);
    this.ys.push(y);
    this.cls.push(cls);
    return this.ops.length;
  }

  /** The next instruction's number. */
  get here(): number {
    return this.ops.length + 1;
  }

  patch(pc: number, x: number, y?: number): void {
    this.xs[pc - 1] = x;
    if (y !== undefined) this.ys[pc - 1] = y;
  }

  node(n: RegexNode): void {
    switch (n.t) {
      case 'char':
        this.emit(OP.char, 0, 0, n.pg);
        return;
      case 'assert':
        this.emit(OP.assert, ASSERT[n.kind]);
        return;
      case 'cat':
        n.items.forEach((it) => {
          this.node(it);
        });
        return;
      case 'group':
        if (n.index === undefined) {
          this.node(n.body);
          return;
        }
        this.emit(OP.save, 2 * n.index + 1);
        this.node(n.body);
        this.emit(OP.save, 2 * n.index + 2);
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.branches.forEach((b, i) => {
          if (i === n.branches.length - 1) {
            this.node(b);
            return;
          }
          const split = this.emit(OP.split);
          this.patch(split, this.here);
          this.node(b);
          jumps.push(this.emit(OP.jump));
          this.patch(split, split + 1, this.here);
        });
        jumps.forEach((j) => {
          this.patch(j, this.here);
        });
        return;
      }
      case 'repeat': {
        if (n.max > 1 && nullable(n.body)) {
          throw new TooHard('a repetition of a part that may match the empty string');
        }
        for (let k = 0; k < n.min; k++) this.node(n.body);
        if (n.max === Infinity) {
          const split = this.emit(OP.split);
          this.node(n.body);
          this.emit(OP.jump, split);
          this.prefer(split, split + 1, this.here, n.lazy);
          return;
        }
        // x{0,k}: (x(x(x)?)?)?, each split skipping to the end.
        const splits: number[] = [];
        for (let k = n.min; k < n.max; k++) {
          splits.push(this.emit(OP.split));
          this.node(n.body);
        }
        splits.forEach((s) => {
          this.prefer(s, s + 1, this.here, n.lazy);
        });
        return;
      }
    }
  }

  private prefer(split: number, body: number, exit: number, lazy: boolean): void {
    if (lazy) this.patch(split, exit, body);
    else this.patch(split, body, exit);
  }
}

/** The program of a pattern translateRegex accepts, or why it cannot be run this way. */
export function compileRegexProgram(re2: string): RegexProgram | { readonly error: string } {
  const tree = parseRegexTree(re2);
  if ('error' in tree) return tree;
  const c = new Compiler();
  try {
    c.emit(OP.save, 1);
    c.node(tree.root);
    c.emit(OP.save, 2);
    c.emit(OP.match);
  } catch (e) {
    if (e instanceof TooHard) return { error: e.message };
    throw e;
  }
  return {
    ops: c.ops,
    xs: c.xs,
    ys: c.ys,
    cls: c.cls,
    slots: 2 * (tree.groups + 1),
    groups: tree.groups,
    names: tree.names,
  };
}

/**
 * The program as the arguments `pat, ops, xs, ys, cls, slots` of the prelude's re2_* functions;
 * `pattern` is the PostgreSQL translation, which finds where each match starts.
 */
export function programSql(
  prog: RegexProgram,
  pattern: string,
  stringLiteral: (s: string) => string,
): string {
  const ints = (a: readonly number[]): string => `ARRAY[${a.join(',')}]::integer[]`;
  return [
    stringLiteral(pattern),
    ints(prog.ops),
    ints(prog.xs),
    ints(prog.ys),
    `ARRAY[${prog.cls.map(stringLiteral).join(',')}]::text[]`,
    String(prog.slots),
  ].join(', ');
}
