/**
 * make_set / make_set_if over dynamic values (SEMANTICS §10): an array value contributes its
 * elements, any other value itself (`Q/make-set-aggregation-function.md`, "Set from array
 * column": make_set of arrays ["A1","A2","A3"], ["A2","C1"], … is ["A1","A2","A3","C1",…]);
 * nulls are ignored; each distinct JSON value once; at most `limit` elements. The group's values
 * are first gathered with make_list's aggregate, then flattened and deduplicated per dialect.
 */
import type { SqlBackend } from './base.js';
import type { AggParts } from './select-aggregate.js';

export function setUnionAggregate(p: SqlBackend, parts: AggParts, limit?: bigint): string {
  switch (p.dialect) {
    case 'sqlite':
      // kql_set_union (sqlite-sets.ts) flattens and deduplicates the gathered JSON array.
      return `kql_set_union(${p.jsonArrayAggregate(parts, false)}, ${limit === undefined ? 'NULL' : String(limit)})`;
    case 'postgres': {
      // The aggregate inside the scalar subquery belongs to the outer (grouped) query.
      const list = p.jsonArrayAggregate(parts, false);
      const cap = limit === undefined ? '' : ` LIMIT ${String(limit)}`;
      return (
        `(SELECT coalesce(jsonb_agg(u.e), '[]'::jsonb) FROM (SELECT DISTINCT f.e ` +
        `FROM jsonb_array_elements(${list}) AS v(x), ` +
        `jsonb_array_elements(CASE jsonb_typeof(v.x) WHEN 'array' THEN v.x ELSE jsonb_build_array(v.x) END) AS f(e) ` +
        `WHERE jsonb_typeof(f.e) <> 'null'${cap}) AS u)`
      );
    }
    case 'athena': {
      // JSON texts (json_format) compare as varchar; arrays are cast to array(json).
      const filter = parts.filter === undefined ? '' : ` FILTER (WHERE ${parts.filter})`;
      const texts = `array_agg(json_format(${parts.value}))${filter}`;
      const elements =
        `flatten(transform(${texts}, s -> CASE WHEN substr(s, 1, 1) = '[' ` +
        `THEN transform(CAST(json_parse(s) AS array(json)), e -> json_format(e)) ELSE ARRAY[s] END))`;
      let set = `array_distinct(filter(${elements}, s -> s <> 'null'))`;
      if (limit !== undefined) set = `slice(${set}, 1, ${String(limit)})`;
      return `coalesce(CAST(transform(${set}, s -> json_parse(s)) AS json), JSON '[]')`;
    }
  }
}
