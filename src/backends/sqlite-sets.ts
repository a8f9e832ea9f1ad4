/**
 * SQLite functions for make_set over dynamic values and for make_bag (SEMANTICS §10).
 *
 * `kql_set_union(list, limit)` takes the JSON array of the group's values (as `json_group_array`
 * builds it) and returns the set KQL's make_set gives: an array value contributes its elements, any other value itself
 * (`Q/make-set-aggregation-function.md`, "Set from array column"); nulls are ignored; duplicates
 * (same JSON text) are kept once, in first-seen order; at most `limit` elements (no limit for
 * null). Elements stay raw JSON text, so long integers keep their digits.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { jsonArrayItems, jsonObjectEntries } from './sqlite-dynamic.js';

export const SQLITE_SET_FUNCTION_NAMES = ['kql_set_union', 'kql_bag_merge'] as const;

export function kqlSetUnion(list: string, limit: bigint | null): string {
  const seen = new Set<string>();
  for (const value of jsonArrayItems(list) ?? []) {
    for (const item of jsonArrayItems(value) ?? [value]) {
      if (item === 'null' || seen.has(item)) continue;
      if (limit !== null && BigInt(seen.size) >= limit) return `[${[...seen].join(',')}]`;
      seen.add(item);
    }
  }
  return `[${[...seen].join(',')}]`;
}

/**
 * `kql_bag_merge(list, limit)` takes the JSON array of the group's values and returns make_bag's
 * bag (`Q/make-bag-aggregation-function.md`): the members of the values that are objects, other
 * values skipped; a key seen again keeps its first value (Kusto picks an arbitrary one of them);
 * at most `limit` keys (no limit for null). Values stay raw JSON text.
 */
export function kqlBagMerge(list: string, limit: bigint | null): string {
  const bag = new Map<string, string>();
  for (const value of jsonArrayItems(list) ?? []) {
    for (const [key, member] of jsonObjectEntries(value) ?? []) {
      if (bag.has(key)) continue;
      if (limit !== null && BigInt(bag.size) >= limit) break;
      bag.set(key, member);
    }
  }
  return `{${[...bag].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

const limitArg = (limit: unknown): bigint | null =>
  typeof limit === 'bigint' ? limit : limit === null ? null : BigInt(Number(limit));

export function registerSqliteSetFunctions(db: BetterSqlite3.Database): void {
  db.function(
    'kql_set_union',
    { deterministic: true, safeIntegers: true },
    (list: unknown, limit: unknown) =>
      typeof list === 'string' ? kqlSetUnion(list, limitArg(limit)) : null,
  );
  db.function(
    'kql_bag_merge',
    { deterministic: true, safeIntegers: true },
    (list: unknown, limit: unknown) =>
      typeof list === 'string' ? kqlBagMerge(list, limitArg(limit)) : null,
  );
}
