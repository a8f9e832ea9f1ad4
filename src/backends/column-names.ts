/**
 * Physical column names. KQL column names are case-sensitive and of any length; SQLite matches
 * identifiers without regard to ASCII case, Trino lowercases them, and PostgreSQL cuts them to 63
 * bytes. So the IR keeps the KQL names, and the printers write every column of a relation under
 * a *physical name* that the dialect's engine cannot take for another column of that relation.
 *
 * The rule (`physicalNames`): columns are named in order; a column keeps its KQL name unless the
 * engine takes that name for one already named, and then gets `<name>__<8 hex digits of
 * sha256>` (its KQL name, on PostgreSQL cut to fit 63 bytes with the suffix), with a further
 * attempt number hashed in while even that is taken. Two properties follow, and the printers rely
 * on them:
 * - the physical names are a function of the KQL names in order, and a column's physical name
 *   depends only on the columns before it: a relation passing its input's columns through at the
 *   front (`SELECT *`, a filter, a sort, `SELECT *, x AS "new"`) keeps the input's physical names;
 * - a relation whose names the engine tells apart (every corpus rule but five) is printed with
 *   its KQL names, byte for byte as before.
 */
import { createHash } from 'node:crypto';
import type { Dialect } from '../types.js';

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated (at a character boundary). */
const POSTGRES_MAX_IDENTIFIER_BYTES = 63;

function truncateUtf8(name: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of name) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

function fitsPostgres(name: string): boolean {
  // At most 3 UTF-8 bytes per UTF-16 unit: a short name needs no byte count.
  return (
    name.length * 3 <= POSTGRES_MAX_IDENTIFIER_BYTES ||
    Buffer.byteLength(name, 'utf8') <= POSTGRES_MAX_IDENTIFIER_BYTES
  );
}

/** A UTF-16 unit outside ASCII (surrogates included). */
const NON_ASCII = /[\u0080-\uffff]/;

/** The name the dialect's engine actually uses for a quoted identifier. */
export function engineIdentifier(name: string, dialect: Dialect): string {
  switch (dialect) {
    case 'sqlite':
      // ASCII letters only: `Ä` and `ä` stay apart (toLowerCase is the fast path for ASCII).
      return NON_ASCII.test(name)
        ? name.replace(/[A-Z]/g, (c) => c.toLowerCase())
        : name.toLowerCase();
    case 'postgres':
      return fitsPostgres(name) ? name : truncateUtf8(name, POSTGRES_MAX_IDENTIFIER_BYTES);
    case 'athena':
      return name.toLowerCase();
  }
}

/** The physical name tried for a column whose KQL name is taken (attempt 0, 1, …). */
export function derivedName(name: string, attempt: number, dialect: Dialect): string {
  const hashed = attempt === 0 ? name : `${name}\u0000${String(attempt)}`;
  const suffix = `__${createHash('sha256').update(hashed, 'utf8').digest('hex').slice(0, 8)}`;
  const prefix =
    dialect === 'postgres' && !fitsPostgres(name + suffix)
      ? truncateUtf8(name, POSTGRES_MAX_IDENTIFIER_BYTES - suffix.length)
      : name;
  return prefix + suffix;
}

/** The physical names of one relation's columns. */
export interface PhysicalNames {
  /** Physical names, one per column, in column order. */
  readonly list: readonly string[];
  /** Whether every column keeps its KQL name. */
  readonly identity: boolean;
  /** The physical name of the column named `name` (in KQL); `name` itself if there is none. */
  of(name: string): string;
  /** Whether the engine would take `name` for one of these physical names. */
  taken(name: string): boolean;
}

type Columns = readonly { readonly name: string }[];

/** Answers per column list (relations often share their input's list), one map per dialect. */
const cache: Record<Dialect, WeakMap<Columns, PhysicalNames>> = {
  sqlite: new WeakMap(),
  postgres: new WeakMap(),
  athena: new WeakMap(),
};

/** The physical names of a relation with these columns (see the rule at the top). */
export function physicalNames(columns: Columns, dialect: Dialect): PhysicalNames {
  const byColumns = cache[dialect];
  let names = byColumns.get(columns);
  if (names === undefined) {
    names = assign(columns, dialect);
    byColumns.set(columns, names);
  }
  return names;
}

/**
 * Engine keys of names met before, per dialect (names repeat across every relation of a plan).
 * Cleared when large, so a long-lived process does not keep every name it has seen.
 */
const engineKeys: Record<Dialect, Map<string, string>> = {
  sqlite: new Map(),
  postgres: new Map(),
  athena: new Map(),
};
const MAX_REMEMBERED_KEYS = 50_000;

function engineKey(name: string, dialect: Dialect): string {
  const keys = engineKeys[dialect];
  let key = keys.get(name);
  if (key === undefined) {
    if (keys.size >= MAX_REMEMBERED_KEYS) keys.clear();
    key = engineIdentifier(name, dialect);
    keys.set(name, key);
  }
  return key;
}

/** One relation's physical names; a class, so that making one creates no closures. */
class Assigned implements PhysicalNames {
  constructor(
    readonly list: readonly string[],
    private readonly renamed: ReadonlyMap<string, string> | undefined,
    private readonly keys: ReadonlySet<string>,
    private readonly dialect: Dialect,
  ) {}

  get identity(): boolean {
    return this.renamed === undefined;
  }

  of(name: string): string {
    return this.renamed?.get(name) ?? name;
  }

  taken(name: string): boolean {
    return this.keys.has(engineIdentifier(name, this.dialect));
  }
}

function assign(columns: Columns, dialect: Dialect): PhysicalNames {
  const keys = new Set<string>();
  let list: string[] | undefined;
  let byName: Map<string, string> | undefined;
  for (let i = 0; i < columns.length; i++) {
    const name = (columns[i] as { readonly name: string }).name;
    let physical = name;
    let key = engineKey(physical, dialect);
    for (let attempt = 0; keys.has(key); attempt++) {
      physical = derivedName(name, attempt, dialect);
      key = engineIdentifier(physical, dialect);
    }
    keys.add(key);
    if (physical !== name) {
      list ??= columns.slice(0, i).map((c) => c.name);
      // A name listed twice (never in a bound plan) reads as its first column.
      if (!columns.slice(0, i).some((c) => c.name === name)) {
        (byName ??= new Map()).set(name, physical);
      }
    }
    list?.push(physical);
  }
  return new Assigned(list ?? columns.map((c) => c.name), byName, keys, dialect);
}

/**
 * Helper columns a printer adds to a relation that also carries the input's columns (`SELECT *,
 * … AS "__rn"`): a row number, a parse match, an mv-expand array. A helper the engine took for
 * one of those columns would make it ambiguous (PostgreSQL) or silently read the wrong column
 * (SQLite takes the first of two equal names), so each gets `base`, or `base` followed by a number
 * from 2, whichever the engine takes for none of `columns` and no helper named before. Names are
 * handed out in the order asked, so the same plan prints the same SQL; a relation without
 * columns named like helpers keeps the bare bases.
 *
 * The bases are short lowercase ASCII, which every engine keeps as written even with a number
 * added (well under PostgreSQL's 63 bytes), so helpers are told apart from each other by their
 * exact names.
 */
export class HelperNames {
  private readonly byBase = new Map<string, string>();
  private readonly named = new Set<string>();

  constructor(private readonly columns: PhysicalNames) {}

  /** The helper's name for `base`: the same for every call with the same base. */
  of(base: string): string {
    let name = this.byBase.get(base);
    if (name === undefined) {
      name = base;
      for (let i = 2; this.columns.taken(name) || this.named.has(name); i++) {
        name = `${base}${String(i)}`;
      }
      this.byBase.set(base, name);
      this.named.add(name);
    }
    return name;
  }
}

/** The name of a relation's only helper column (`HelperNames`). */
export function helperName(base: string, columns: PhysicalNames): string {
  return new HelperNames(columns).of(base);
}
