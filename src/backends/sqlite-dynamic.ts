/**
 * SQLite functions for dynamic values (SEMANTICS §4). Dynamic values are JSON text; elements are
 * handled as raw JSON text so that numbers keep their exact digits (JavaScript numbers would
 * round longs beyond 2^53).
 */

/** The JSON texts of the top-level elements of a JSON array; undefined for anything else. */
export function jsonArrayItems(text: string): string[] | undefined {
  return topLevelItems(text, '[', ']');
}

/**
 * The members of a JSON object as [key, value JSON text] pairs, in the order written; undefined
 * for anything else.
 */
export function jsonObjectEntries(text: string): [string, string][] | undefined {
  return topLevelItems(text, '{', '}')?.map((member) => {
    const end = stringEnd(member, 0);
    const key = JSON.parse(member.slice(0, end + 1)) as string;
    return [
      key,
      member
        .slice(end + 1)
        .replace(/^\s*:/, '')
        .trim(),
    ];
  });
}

/** The index of the quote closing the JSON string that opens at `start`. */
function stringEnd(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  return i;
}

/** The texts between the top-level commas of a JSON array or object. */
function topLevelItems(text: string, open: string, close: string): string[] | undefined {
  const s = text.trim();
  if (!s.startsWith(open)) return undefined;
  const items: string[] = [];
  let depth = 0;
  let start = 1;
  for (let i = 1; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '"') {
      i = stringEnd(s, i);
    } else if (ch === '[' || ch === '{') {
      depth++;
    } else if ((ch === ']' || ch === '}') && depth > 0) {
      depth--;
    } else if (depth === 0 && (ch === ',' || ch === close)) {
      const item = s.slice(start, i).trim();
      if (item !== '') items.push(item);
      start = i + 1;
    }
  }
  return items;
}

/** `gettype` of a dynamic value held as JSON text (null for SQL NULL). */
export function kqlGettype(text: string | null): string {
  if (text === null) return 'null';
  const s = text.trim();
  const first = s[0];
  if (first === '{') return 'dictionary';
  if (first === '[') return 'array';
  if (first === '"') return 'string';
  if (first === 't' || first === 'f') return 'bool';
  if (first === 'n' || first === undefined) return 'null';
  if (!/^-?[0-9]+$/.test(s)) return 'real';
  const n = BigInt(s);
  return n >= -2147483648n && n <= 2147483647n ? 'int' : 'long';
}

/** `bag_keys`: the root keys as a JSON array; null unless an object. */
export function kqlBagKeys(text: string): string | null {
  const v: unknown = JSON.parse(text);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  return JSON.stringify(Object.keys(v));
}

function sameValue(element: string, lookup: string): boolean {
  if (lookup.startsWith('"')) {
    return element.startsWith('"') && JSON.parse(element) === JSON.parse(lookup);
  }
  if (lookup === 'true' || lookup === 'false') return element === lookup;
  if (!/^-?[0-9]/.test(element)) return false;
  const integer = /^-?[0-9]+$/;
  if (integer.test(element) && integer.test(lookup)) return BigInt(element) === BigInt(lookup);
  return Number(element) === Number(lookup);
}

/**
 * `array_index_of(a, v)`: the 0-based index of the first element equal to the lookup (given as
 * JSON text; SQL NULL matches nothing), -1 when none; null unless `a` is an array.
 */
export function kqlArrayIndexOf(text: string | null, lookup: string | null): number | null {
  const items = text === null ? undefined : jsonArrayItems(text);
  if (items === undefined) return null;
  if (lookup === null) return -1;
  return items.findIndex((e) => sameValue(e, lookup));
}

/** `array_concat`: null when an argument is not an array. */
export function kqlArrayConcat(texts: readonly (string | null)[]): string | null {
  const all: string[] = [];
  for (const t of texts) {
    const items = t === null ? undefined : jsonArrayItems(t);
    if (items === undefined) return null;
    all.push(...items);
  }
  return `[${all.join(',')}]`;
}

/** `array_slice(a, start, end)`: inclusive, negative indexes from the end, out of range ignored. */
export function kqlArraySlice(text: string | null, start: bigint, end: bigint): string | null {
  const items = text === null ? undefined : jsonArrayItems(text);
  if (items === undefined) return null;
  const n = BigInt(items.length);
  const s = start < 0n ? start + n : start;
  const e = end < 0n ? end + n : end;
  const from = s < 0n ? 0n : s;
  const to = e >= n ? n - 1n : e;
  if (from > to) return '[]';
  return `[${items.slice(Number(from), Number(to) + 1).join(',')}]`;
}
