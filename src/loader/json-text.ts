/**
 * A JSON parser that keeps what `JSON.parse` loses and the Sentinel columns need: the original
 * key order (JavaScript objects move integer-like keys first), duplicate keys, and numbers as
 * written (`JSON.parse` rounds integers beyond 2^53 and rewrites `1.0` as `1`). CloudTrail's
 * `requestParameters` and friends are re-serialised from this tree as compact JSON text.
 */

/** A JSON number, kept as its source text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A JSON object as its entries in source order (duplicates kept). */
export class JsonObject {
  constructor(readonly entries: readonly (readonly [string, JsonNode])[]) {}

  /** The value of `key`; with duplicate keys the last one wins, as in `JSON.parse`. */
  get(key: string): JsonNode | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry?.[0] === key) return entry[1];
    }
    return undefined;
  }
}

export type JsonNode = string | boolean | null | JsonNumber | JsonObject | readonly JsonNode[];

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line} column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Nesting deeper than this is rejected instead of overflowing the stack. */
const MAX_DEPTH = 512;

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    // A UTF-8 byte order mark is not JSON, but some tools write one.
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    const value = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(message: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(message, line, at - lineStart + 1);
  }

  private skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply');
    this.skipSpace();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private literal<T extends JsonNode>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('unexpected token');
    this.pos += word.length;
    return value;
  }

  private number(): JsonNumber {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (m === null) {
      this.fail(this.pos >= this.text.length ? 'unexpected end of input' : 'unexpected token');
    }
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(p);
      if (Number.isNaN(c)) this.fail('unterminated string', start);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in string', p);
      if (c === 0x5c) {
        escaped = true;
        p += 2;
      } else {
        p++;
      }
    }
    this.pos = p + 1;
    if (!escaped) return t.slice(start + 1, p);
    // JSON.parse validates and decodes the escapes of this one string literal.
    try {
      return JSON.parse(t.slice(start, p + 1)) as string;
    } catch {
      return this.fail('invalid escape in string', start);
    }
  }

  private array(depth: number): JsonNode[] {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x5d) return items;
      if (c !== 0x2c) this.fail("expected ',' or ']'", this.pos - 1);
    }
  }

  private object(depth: number): JsonObject {
    this.pos++;
    const entries: (readonly [string, JsonNode])[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return new JsonObject(entries);
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a property name');
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos++) !== 0x3a) this.fail("expected ':'", this.pos - 1);
      entries.push([key, this.value(depth + 1)]);
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x7d) return new JsonObject(entries);
      if (c !== 0x2c) this.fail("expected ',' or '}'", this.pos - 1);
    }
  }
}

/** Parses a JSON document; throws JsonSyntaxError with line and column. */
export function parseJsonText(text: string): JsonNode {
  return new Parser(text).parseDocument();
}

/**
 * Compact JSON text of a node (no whitespace, keys in source order, numbers as written). Strings
 * are written with `JSON.stringify`'s minimal escaping, so `\/` becomes `/` and `\u00e9` becomes
 * `é` (the same text `json.dumps(..., ensure_ascii=False)` would produce).
 */
export function compactJson(node: JsonNode): string {
  if (node === null) return 'null';
  if (typeof node === 'string') return JSON.stringify(node);
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (node instanceof JsonNumber) return node.text;
  if (node instanceof JsonObject) {
    return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${compactJson(v)}`).join(',')}}`;
  }
  return `[${node.map(compactJson).join(',')}]`;
}

/** Follows object keys and array indexes; undefined as soon as a step does not exist. */
export function jsonPath(
  node: JsonNode | undefined,
  ...steps: readonly (string | number)[]
): JsonNode | undefined {
  let current = node;
  for (const step of steps) {
    if (typeof step === 'number') {
      current = Array.isArray(current) ? (current as readonly JsonNode[])[step] : undefined;
    } else {
      current = current instanceof JsonObject ? current.get(step) : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
