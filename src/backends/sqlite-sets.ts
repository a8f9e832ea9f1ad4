/**
 * SQLite function for make_set over dynamic values (SEMANTICS §10): `kql_set_union(list, limit)`
 * takes the JSON array of the group's values (as `json_group_array` builds it) and returns the
 * set KQL's make_set gives: an array value contributes its elements, any other value itself
 * (`Q/make-set-aggregation-function.md`, "Set from array column"); nulls are ignored; duplicates
 * (same JSON text) are kept once, in first-seen order; at most `limit` elements (no limit for
 * null). Elements stay raw JSON text, so long integers keep their digits.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { jsonArrayItems } from './sqlite-dynamic.js';

export const SQLITE_SET_FUNCTION_NAMES = ['kql_set_union'] as const;

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

export function registerSqliteSetFunctions(db: BetterSqlite3.Database): void {
  db.function(
    'kql_set_union',
    { deterministic: true, safeIntegers: true },
    (list: unknown, limit: unknown) =>
      typeof list === 'string'
        ? kqlSetUnion(
            list,
            typeof limit === 'bigint' ? limit : limit === null ? null : BigInt(Number(limit)),
          )
        : null,
  );
}
