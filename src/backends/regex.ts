/**
 * KQL regular expressions (RE2 syntax, SEMANTICS §1) rewritten for each engine's regex dialect:
 * JavaScript (the SQLite functions), PostgreSQL ARE and Java (Trino). Every construct whose
 * meaning differs between engines is spelled out explicitly, so the three agree with RE2:
 * - `\d`, `\w`, `\s` and `\b` are ASCII-only in RE2; they become explicit classes (JavaScript's
 *   `\s` and PostgreSQL's `\w` are Unicode-aware, Java's `\s` includes `\v`).
 * - `.` excludes only `\n` in RE2 (Java and JavaScript also exclude `\r` and others; PostgreSQL
 *   excludes nothing): it becomes `[^\n]`, or any character under `(?s)`.
 * - `$` is the end of the text in RE2; Java's `$` also matches before a final line break.
 * - PostgreSQL ARE reads `\b` as backspace and allows inline flags only at the start.
 * A pattern using a construct this module cannot translate faithfully is reported (`error`).
 */

export type RegexTarget = 'js' | 'pg' | 'java';

export interface TranslatedRegex {
  /** The pattern for the target; case-insensitivity is a leading `(?i)` on every target. */
  readonly pattern: string;
  /** `pattern` without its leading `(?i)`, for wrapping in a group. */
  readonly body: string;
  readonly caseInsensitive: boolean;
  /** Number of capturing groups. */
  readonly groups: number;
  /**
   * Why PostgreSQL's POSIX (leftmost-longest) matching may pick another match or other group
   * boundaries than RE2's leftmost-first matching: a quick check that `parse` relies on, which
   * misses greedy patterns such as `x*(xy)?`. Extractions use regex-posix.ts instead.
   */
  readonly posixRisk?: string;
}

export type RegexResult = TranslatedRegex | { readonly error: string };

const WORD = '0-9A-Za-z_';
const SPACE = '\\t\\n\\f\\r ';
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  word: WORD,
  xdigit: '0-9A-Fa-f',
  space: '\\t\\n\\v\\f\\r ',
  blank: '\\t ',
};

class Unsupported extends Error {}

/** Characters escaped with a backslash outside a class on every target. */
const META = new Set(Array.from('\\.^$*+?()[]{}|/'));
/** Characters escaped with a backslash inside a class. */
const CLASS_META = new Set(Array.from('\\]^-['));

function literal(ch: string): string {
  return META.has(ch) ? `\\${ch}` : ch;
}

function classLiteral(ch: string): string {
  return CLASS_META.has(ch) ? `\\${ch}` : ch;
}

class Translator {
  private i = 0;
  private groups = 0;
  private dotAll = false;
  private lazy = false;
  private risky: string | undefined;
  private caseInsensitive = false;

  constructor(
    private readonly src: string,
    private readonly target: RegexTarget,
  ) {}

  run(): TranslatedRegex {
    const flags = /^\(\?([a-zA-Z]+)\)/.exec(this.src);
    if (flags?.[1] !== undefined) {
      for (const f of flags[1]) {
        if (f === 'i') this.caseInsensitive = true;
        else if (f === 's') this.dotAll = true;
        else throw new Unsupported(`the regex flag (?${f})`);
      }
      this.i = flags[0].length;
    }
    const body = this.alternation();
    if (this.i < this.src.length) throw new Unsupported(`an unbalanced ')' in the regex`);
    if (this.lazy) this.risky ??= 'a lazy quantifier';
    return {
      pattern: (this.caseInsensitive ? '(?i)' : '') + body,
      body,
      caseInsensitive: this.caseInsensitive,
      groups: this.groups,
      posixRisk: this.risky,
    };
  }

  private peek(): string | undefined {
    return this.src[this.i];
  }

  private alternation(): string {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length > 1) this.checkDisjoint(branches);
    return branches.join('|');
  }

  /** POSIX and RE2 agree on an alternation whose branches start with distinct literals. */
  private checkDisjoint(branches: readonly string[]): void {
    const firsts = branches.map((b) => {
      const ch = b[0];
      if (ch === undefined || /[\\[(.^$]/.test(ch)) return undefined;
      return this.caseInsensitive ? ch.toLowerCase() : ch;
    });
    if (firsts.some((f) => f === undefined) || new Set(firsts).size !== firsts.length) {
      this.risky ??= 'an alternation whose branches may match at the same place';
    }
  }

  private sequence(): string {
    let out = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined || ch === '|' || ch === ')') return out;
      const atom = this.atom();
      out += atom + this.quantifier(atom);
    }
  }

  private quantifier(atom: string): string {
    const ch = this.peek();
    let q: string;
    if (ch === '*' || ch === '+' || ch === '?') {
      q = ch;
      this.i++;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) return '';
      q = m[0];
      this.i += m[0].length;
    } else {
      return '';
    }
    if (atom === '' || /^[\^$]$/.test(atom))
      throw new Unsupported('a quantifier with nothing to repeat');
    if (this.peek() === '?') {
      this.i++;
      this.lazy = true;
      q += '?';
    } else if (this.peek() === '+') {
      throw new Unsupported('a possessive quantifier (not RE2)');
    }
    if (/^[*+?{]/.test(this.peek() ?? '')) throw new Unsupported('a repeated quantifier');
    return q;
  }

  private atom(): string {
    const ch = this.src[this.i++] as string;
    switch (ch) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape();
      case '.':
        if (!this.dotAll) return '[^\\n]';
        return this.target === 'js' ? '[^]' : this.target === 'java' ? '(?s:.)' : '.';
      case '^':
        return '^';
      case '$':
        return this.target === 'java' ? '\\z' : '$';
      case '*':
      case '+':
      case '?':
        throw new Unsupported('a quantifier with nothing to repeat');
      case '{': {
        return '\\{';
      }
      default: {
        // A surrogate pair is one character.
        const cp = this.src.codePointAt(this.i - 1) ?? 0;
        if (cp > 0xffff) {
          this.i++;
          return String.fromCodePoint(cp);
        }
        return literal(ch);
      }
    }
  }

  private group(): string {
    const rest = this.src.slice(this.i);
    let open = '(';
    if (rest.startsWith('?:')) {
      this.i += 2;
      open = '(?:';
    } else {
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named !== null) this.i += named[0].length;
      else if (rest.startsWith('?')) throw new Unsupported('inline flags or lookaround in a regex');
      this.groups++;
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new Unsupported(`a missing ')' in the regex`);
    this.i++;
    return `${open}${body})`;
  }

  private escape(): string {
    const ch = this.src[this.i++];
    if (ch === undefined) throw new Unsupported('a trailing backslash in the regex');
    switch (ch) {
      case 'd':
        return '[0-9]';
      case 'D':
        return '[^0-9]';
      case 'w':
        return `[${WORD}]`;
      case 'W':
        return `[^${WORD}]`;
      case 's':
        return `[${SPACE}]`;
      case 'S':
        return `[^${SPACE}]`;
      case 'b':
        return `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
      case 'B':
        return `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
      case 'A':
        return this.target === 'java' ? '\\A' : '^';
      case 'z':
        return this.target === 'java' ? '\\z' : '$';
      case 'Q': {
        const end = this.src.indexOf('\\E', this.i);
        const text = this.src.slice(this.i, end < 0 ? undefined : end);
        this.i = end < 0 ? this.src.length : end + 2;
        return Array.from(text).map(literal).join('');
      }
      default: {
        const c = this.escapedChar(ch);
        return literal(c);
      }
    }
  }

  /** The character an escape (other than a class shorthand) stands for. */
  private escapedChar(ch: string): string {
    switch (ch) {
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'a':
        return '\x07';
      case 'x': {
        const m = /^(\{([0-9A-Fa-f]+)\}|[0-9A-Fa-f]{2})/.exec(this.src.slice(this.i));
        if (m === null) throw new Unsupported('a malformed \\x escape');
        this.i += m[0].length;
        return String.fromCodePoint(parseInt(m[2] ?? m[1] ?? '0', 16));
      }
      default:
        if (/[0-9A-Za-z]/.test(ch)) throw new Unsupported(`the regex escape \\${ch}`);
        return ch;
    }
  }

  private charClass(): string {
    let out = '';
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    let first = true;
    for (;;) {
      const ch = this.src[this.i++];
      if (ch === undefined) throw new Unsupported(`a missing ']' in the regex`);
      if (ch === ']' && !first) break;
      first = false;
      if (ch === '[' && this.peek() === ':') {
        const m = /^:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
        const set = m?.[2] === undefined ? undefined : POSIX_CLASSES[m[2]];
        if (m === null || set === undefined || m[1] === '^') {
          throw new Unsupported('this POSIX class in a regex');
        }
        this.i += m[0].length;
        out += set;
        continue;
      }
      let item: string;
      if (ch === '\\') {
        const e = this.src[this.i++];
        if (e === 'd') item = '0-9';
        else if (e === 'w') item = WORD;
        else if (e === 's') item = SPACE;
        else if (e === undefined || /[DWSbBpP]/.test(e)) {
          throw new Unsupported('this escape inside a regex class');
        } else item = classLiteral(this.escapedChar(e));
      } else {
        const cp = this.src.codePointAt(this.i - 1) ?? 0;
        if (cp > 0xffff) this.i++;
        item = classLiteral(String.fromCodePoint(cp));
      }
      // A range a-z: the '-' between two single characters.
      if (this.peek() === '-' && this.src[this.i + 1] !== ']' && item.length <= 2) {
        this.i++;
        let hi = this.src[this.i++] ?? '';
        if (hi === '\\') hi = this.escapedChar(this.src[this.i++] ?? '');
        else if (hi === '[') throw new Unsupported('a range ending in [ in a regex class');
        out += `${item}-${classLiteral(hi)}`;
        continue;
      }
      out += item;
    }
    if (out === '') throw new Unsupported('an empty regex class');
    return `[${negated ? '^' : ''}${out}]`;
  }
}

/** Translates a KQL (RE2) regular expression for `target`. */
export function translateRegex(re2: string, target: RegexTarget): RegexResult {
  try {
    return new Translator(re2, target).run();
  } catch (e) {
    if (e instanceof Unsupported) return { error: e.message };
    throw e;
  }
}
