/**
 * make_bag / make_bag_if (`Q/make-bag-aggregation-function.md`): one property bag holding the
 * keys of every value of the group that is a property bag; other values and nulls are skipped.
 * A key found in several bags gets "an arbitrary value, out of the possible values for this key",
 * so any one of them is faithful. At most `limit` keys. Over an empty input (summarize without
 * `by`) the result is `[]`, as for make_list and make_set (SEMANTICS §10); a group whose values
 * are no bags gives `{}`.
 *
 * The group's bags are first gathered with make_list's aggregate (SQLite, PostgreSQL) and then
 * merged; Trino merges them as maps with its map_union aggregate.
 */
import type { SqlBackend } from './base.js';
import type { AggParts } from './select-aggregate.js';

export function bagMergeAggregate(
  p: SqlBackend,
  parts: AggParts,
  limit: bigint | undefined,
  ungrouped: boolean,
): string {
  const merged = mergedBags(p, parts, limit);
  if (!ungrouped) return merged;
  const empty = { sqlite: "'[]'", postgres: "'[]'::jsonb", athena: "JSON '[]'" }[p.dialect];
  return `CASE WHEN count(*) = 0 THEN ${empty} ELSE ${merged} END`;
}

function mergedBags(p: SqlBackend, parts: AggParts, limit: bigint | undefined): string {
  switch (p.dialect) {
    case 'sqlite':
      // kql_bag_merge (sqlite-sets.ts) merges the objects of the gathered JSON array.
      return `kql_bag_merge(${p.jsonArrayAggregate(parts, false)}, ${limit === undefined ? 'NULL' : String(limit)})`;
    case 'postgres': {
      // The aggregate inside the scalar subquery belongs to the outer (grouped) query;
      // jsonb_object_agg keeps one value per key.
      const isBag = `jsonb_typeof(${parts.value}) = 'object'`;
      const filter = parts.filter === undefined ? isBag : `${parts.filter} AND ${isBag}`;
      const list = p.jsonArrayAggregate({ ...parts, filter }, false);
      const entries = `jsonb_array_elements(${list}) AS v(x), jsonb_each(v.x) AS e`;
      const from =
        limit === undefined
          ? entries
          : `(SELECT DISTINCT ON (e.key) e.key, e.value FROM ${entries} LIMIT ${String(limit)}) AS e`;
      return `(SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) FROM ${from})`;
    }
    case 'athena': {
      // A value that is no JSON object does not cast to a map: try_cast makes it null, skipped.
      const filter = parts.filter === undefined ? '' : ` FILTER (WHERE ${parts.filter})`;
      let map = `map_union(try_cast(${parts.value} AS map(varchar, json)))${filter}`;
      if (limit !== undefined) {
        map = `map_from_entries(slice(map_entries(${map}), 1, ${String(limit)}))`;
      }
      return `coalesce(CAST(${map} AS json), JSON '{}')`;
    }
  }
}
