/**
 * The PostgreSQL prelude: helper functions in the schema `rule2sql` that PostgreSQL output calls
 * where plain SQL cannot be faithful on PostgreSQL 15 (a JSON parse that must not raise, JSON
 * access that must yield null instead of raising, compact JSON text). `openPostgres` runs it on
 * every connection rule2sql opens; `rule2sql prelude --dialect postgres` prints it for users'
 * own databases. It is idempotent (`CREATE OR REPLACE`) and versioned: `rule2sql.prelude_version()`
 * says which version is installed.
 */
import { POSTGRES_PRELUDE_HASH } from './postgres-prelude-hash.js';
import { POSTGRES_PRELUDE_IPV4 } from './postgres-prelude-ipv4.js';
import { POSTGRES_PRELUDE_REGEX } from './postgres-prelude-regex.js';

export const POSTGRES_PRELUDE_VERSION = 10;

export const POSTGRES_PRELUDE = `-- rule2sql PostgreSQL prelude, version ${String(POSTGRES_PRELUDE_VERSION)} (PostgreSQL 15 or newer)
CREATE SCHEMA IF NOT EXISTS rule2sql;

CREATE OR REPLACE FUNCTION rule2sql.prelude_version() RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT ${String(POSTGRES_PRELUDE_VERSION)} $$;

-- parse_json: invalid JSON becomes a JSON string holding the text, '' and JSON null become null.
CREATE OR REPLACE FUNCTION rule2sql.parse_json(s text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF s IS NULL OR s = '' THEN
    RETURN NULL;
  END IF;
  RETURN nullif(s::jsonb, 'null'::jsonb);
EXCEPTION WHEN others THEN
  RETURN to_jsonb(s);
END
$$;

-- d['k']: null unless d is an object holding k; JSON null is null.
CREATE OR REPLACE FUNCTION rule2sql.key(d jsonb, k text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(d) = 'object' THEN nullif(d -> k, 'null'::jsonb) END
$$;

-- d[i]: null unless d is an array with that index (negative counts from the end).
CREATE OR REPLACE FUNCTION rule2sql.idx(d jsonb, i integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(d) = 'array' THEN nullif(d -> i, 'null'::jsonb) END
$$;

-- Compact JSON text (no spaces), as Kusto prints arrays and property bags. PL/pgSQL because a
-- recursive SQL-language function cannot be created before it exists.
CREATE OR REPLACE FUNCTION rule2sql.json_text(d jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN CASE jsonb_typeof(d)
    WHEN 'object' THEN '{' || coalesce((
      SELECT string_agg(to_jsonb(e.key)::text || ':' || rule2sql.json_text(e.value), ',' ORDER BY e.ordinality)
      FROM jsonb_each(d) WITH ORDINALITY AS e(key, value, ordinality)), '') || '}'
    WHEN 'array' THEN '[' || coalesce((
      SELECT string_agg(rule2sql.json_text(e.value), ',' ORDER BY e.ordinality)
      FROM jsonb_array_elements(d) WITH ORDINALITY AS e(value, ordinality)), '') || ']'
    ELSE d::text
  END;
END
$$;

-- tostring(dynamic): a string unquoted, null as '', anything else as compact JSON.
CREATE OR REPLACE FUNCTION rule2sql.dyn_tostring(d jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN d IS NULL OR jsonb_typeof(d) = 'null' THEN ''
    WHEN jsonb_typeof(d) = 'string' THEN d #>> '{}'
    ELSE rule2sql.json_text(d)
  END
$$;

-- array_length: the count for arrays, null for anything else.
CREATE OR REPLACE FUNCTION rule2sql.array_length(d jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(d) = 'array' THEN jsonb_array_length(d) END
$$;

-- split(s, d): keeps empty fields; split('', d) is [""]; an empty delimiter gives [s].
CREATE OR REPLACE FUNCTION rule2sql.split(s text, sep text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN s IS NULL OR sep IS NULL THEN NULL
    WHEN s = '' OR sep = '' THEN jsonb_build_array(s)
    ELSE to_jsonb(string_to_array(s, sep))
  END
$$;

-- split(s, d, i): a one-element array holding part i, or null when there is no such part.
CREATE OR REPLACE FUNCTION rule2sql.split(s text, sep text, i bigint) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN i >= 0 AND i < jsonb_array_length(rule2sql.split(s, sep))
    THEN jsonb_build_array(rule2sql.split(s, sep) -> i::integer)
  END
$$;

-- mv-expand: array elements, single-key bags of a bag, one row holding any other value
-- (null included), and no row for an empty array or bag.
CREATE OR REPLACE FUNCTION rule2sql.mv_expand(d jsonb) RETURNS TABLE (value jsonb, idx bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(e.value, 'null'::jsonb), e.ordinality - 1
  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d) = 'array' THEN d END)
       WITH ORDINALITY AS e(value, ordinality)
  UNION ALL
  SELECT jsonb_build_object(e.key, e.value), e.ordinality - 1
  FROM jsonb_each(CASE WHEN jsonb_typeof(d) = 'object' THEN d END)
       WITH ORDINALITY AS e(key, value, ordinality)
  UNION ALL
  SELECT d, 0 WHERE d IS NULL OR jsonb_typeof(d) NOT IN ('array', 'object')
$$;

-- mv-expand's elements of one value, in order: array elements, the entries of a bag as
-- single-key bags (or [key, value] pairs when pairs is true), any other value (null included)
-- as itself; nothing for an empty array or bag.
CREATE OR REPLACE FUNCTION rule2sql.mv_elements(d jsonb, pairs boolean) RETURNS SETOF jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT x.v FROM (
    SELECT nullif(e.value, 'null'::jsonb) AS v, e.ordinality AS n
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d) = 'array' THEN d END)
         WITH ORDINALITY AS e(value, ordinality)
    UNION ALL
    SELECT CASE WHEN pairs THEN jsonb_build_array(e.key, e.value)
                ELSE jsonb_build_object(e.key, e.value) END, e.ordinality
    FROM jsonb_each(CASE WHEN jsonb_typeof(d) = 'object' THEN d END)
         WITH ORDINALITY AS e(key, value, ordinality)
    UNION ALL
    SELECT d, 1 WHERE d IS NULL OR jsonb_typeof(d) NOT IN ('array', 'object')
  ) AS x
  ORDER BY x.n
$$;

-- The regular expression metacharacters of a text escaped, for term matching.
CREATE OR REPLACE FUNCTION rule2sql.regex_escape(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(s, '([.^$*+?()\\[\\]{}|\\\\])', '\\\\\\1', 'g')
$$;

-- has / hasprefix / hassuffix with a needle known only at run time (SEMANTICS §3).
CREATE OR REPLACE FUNCTION rule2sql.term(h text, n text, mode text, cs boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN h IS NULL OR n IS NULL THEN false
    WHEN (mode = 'hassuffix' OR left(n, 1) !~ '^[[:alnum:]]$')
     AND (mode = 'hasprefix' OR right(n, 1) !~ '^[[:alnum:]]$')
      THEN CASE WHEN cs THEN strpos(h, n) > 0 ELSE strpos(lower(h), lower(n)) > 0 END
    ELSE
      (CASE WHEN cs THEN h ~ p ELSE h ~* p END)
  END
  FROM (SELECT
    CASE WHEN mode <> 'hassuffix' AND left(n, 1) ~ '^[[:alnum:]]$' THEN '(^|[^[:alnum:]])' ELSE '' END
    || rule2sql.regex_escape(n)
    || CASE WHEN mode <> 'hasprefix' AND right(n, 1) ~ '^[[:alnum:]]$' THEN '($|[^[:alnum:]])' ELSE '' END
    AS p) AS pattern
$$;

-- tolong / toint / toreal / tobool / todatetime of text: null when the text is not one.
CREATE OR REPLACE FUNCTION rule2sql.tolong(s text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF s IS NULL OR btrim(s) !~ '^[+-]?[0-9]+$' THEN RETURN NULL; END IF;
  RETURN btrim(s)::bigint;
EXCEPTION WHEN others THEN RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rule2sql.toint(s text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF s IS NULL OR btrim(s) !~ '^[+-]?[0-9]+$' THEN RETURN NULL; END IF;
  RETURN btrim(s)::integer;
EXCEPTION WHEN others THEN RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rule2sql.toreal(s text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF s IS NULL OR btrim(s) !~ '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$' THEN
    RETURN NULL;
  END IF;
  RETURN btrim(s)::double precision;
EXCEPTION WHEN others THEN RETURN NULL;
END
$$;

-- true/false in any case, or an integer (true when not zero), as tobool reads text.
CREATE OR REPLACE FUNCTION rule2sql.tobool(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(btrim(s)) WHEN 'true' THEN true WHEN 'false' THEN false
    ELSE rule2sql.tolong(s) <> 0 END
$$;

CREATE OR REPLACE FUNCTION rule2sql.todatetime(s text) RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  -- Fraction digits past the sixth are dropped, as SQLite's todatetime drops them: PostgreSQL
  -- would round 23:59:59.9999999 up into the next day (and year).
  t text := regexp_replace(btrim(s), '([.][0-9]{6})[0-9]+', '\\1');
BEGIN
  IF s IS NULL OR t = '' THEN RETURN NULL; END IF;
  -- An explicit offset or Z is applied (::timestamp would drop it); without one the text is UTC.
  IF t ~* '^[0-9]{4}-[0-9]{2}-[0-9]{2}[t ][0-9:.]+ *(z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN
    RETURN t::timestamptz;
  END IF;
  RETURN (t::timestamp AT TIME ZONE 'UTC');
EXCEPTION WHEN others THEN
  BEGIN
    RETURN t::timestamptz;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END;
END
$$;

-- substring(s, start[, len]): 0-based, a negative start counts from the end, '' out of range.
CREATE OR REPLACE FUNCTION rule2sql.substring(s text, st bigint, len bigint DEFAULT NULL) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN s IS NULL OR st IS NULL OR len < 0 THEN ''
    WHEN len IS NULL THEN substr(s, (CASE WHEN st < 0 THEN greatest(length(s) + st, 0) ELSE st END)::integer + 1)
    ELSE substr(s, (CASE WHEN st < 0 THEN greatest(length(s) + st, 0) ELSE st END)::integer + 1, len::integer)
  END
$$;

-- indexof(s, m, start): 0-based index at or after start (negative: from the end), or -1.
CREATE OR REPLACE FUNCTION rule2sql.indexof(s text, m text, st bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN s IS NULL OR m IS NULL OR st IS NULL THEN NULL
    WHEN p > length(s) THEN -1
    WHEN strpos(substr(s, p::integer + 1), m) = 0 THEN -1
    ELSE strpos(substr(s, p::integer + 1), m) + p - 1
  END
  FROM (SELECT CASE WHEN st < 0 THEN greatest(length(s) + st, 0) ELSE st END AS p) AS v
$$;

-- strcat_array(a, d): the elements as KQL text joined by d; '' for anything but an array.
CREATE OR REPLACE FUNCTION rule2sql.strcat_array(a jsonb, d text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce((
    SELECT string_agg(rule2sql.dyn_tostring(e.value), d ORDER BY e.ordinality)
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a) = 'array' THEN a END)
         WITH ORDINALITY AS e(value, ordinality)), '')
$$;

-- tostring of a real, datetime and timespan, as Kusto prints them.
CREATE OR REPLACE FUNCTION rule2sql.real_text(x double precision) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN x IS NULL THEN ''
    WHEN x = 'NaN'::float8 THEN 'NaN'
    WHEN x = 'Infinity'::float8 THEN 'Infinity'
    WHEN x = '-Infinity'::float8 THEN '-Infinity'
    ELSE x::text
  END
$$;

CREATE OR REPLACE FUNCTION rule2sql.datetime_text(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '0Z', '')
$$;

CREATE OR REPLACE FUNCTION rule2sql.timespan_text(i interval) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN i IS NULL THEN '' ELSE (
    SELECT CASE WHEN us < 0 THEN '-' ELSE '' END
      || CASE WHEN abs(us) >= 86400000000 THEN (abs(us) / 86400000000)::text || '.' ELSE '' END
      || lpad(((abs(us) / 3600000000) % 24)::text, 2, '0') || ':'
      || lpad(((abs(us) / 60000000) % 60)::text, 2, '0') || ':'
      || lpad(((abs(us) / 1000000) % 60)::text, 2, '0')
      || CASE WHEN abs(us) % 1000000 <> 0 THEN '.' || lpad((abs(us) % 1000000)::text, 6, '0') || '0' ELSE '' END
    FROM (SELECT (extract(epoch FROM i) * 1000000)::bigint AS us) AS v
  ) END
$$;

-- gettype(dynamic): Kusto's names; whole numbers are int when they fit in 32 bits, else long.
CREATE OR REPLACE FUNCTION rule2sql.gettype(d jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(d)
    WHEN 'object' THEN 'dictionary'
    WHEN 'array' THEN 'array'
    WHEN 'string' THEN 'string'
    WHEN 'boolean' THEN 'bool'
    WHEN 'number' THEN CASE
      WHEN d::text !~ '^-?[0-9]+$' THEN 'real'
      WHEN d::numeric BETWEEN -2147483648 AND 2147483647 THEN 'int'
      ELSE 'long' END
    ELSE 'null'
  END
$$;

-- bag_keys: the root keys of an object ([] for {}); null for anything else.
CREATE OR REPLACE FUNCTION rule2sql.bag_keys(d jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(d) = 'object' THEN
    coalesce((SELECT jsonb_agg(k) FROM jsonb_object_keys(d) AS k), '[]'::jsonb) END
$$;

-- array_index_of: 0-based index of the first element equal to v, -1 if none; null for a non-array.
CREATE OR REPLACE FUNCTION rule2sql.array_index_of(d jsonb, v jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(d) = 'array' THEN coalesce((
    SELECT min(e.n) - 1 FROM jsonb_array_elements(d) WITH ORDINALITY AS e(x, n) WHERE e.x = v), -1) END
$$;

-- array_concat: null as soon as one argument is not an array.
CREATE OR REPLACE FUNCTION rule2sql.array_concat(VARIADIC a jsonb[]) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r jsonb := '[]'::jsonb;
  x jsonb;
BEGIN
  FOREACH x IN ARRAY a LOOP
    IF x IS NULL OR jsonb_typeof(x) <> 'array' THEN
      RETURN NULL;
    END IF;
    r := r || x;
  END LOOP;
  RETURN r;
END
$$;

-- array_slice: inclusive bounds, negative ones from the end, out-of-range parts ignored.
CREATE OR REPLACE FUNCTION rule2sql.array_slice(d jsonb, s bigint, e bigint) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(d) = 'array' AND s IS NOT NULL AND e IS NOT NULL THEN coalesce((
    SELECT jsonb_agg(x.v ORDER BY x.n) FROM jsonb_array_elements(d) WITH ORDINALITY AS x(v, n)
    WHERE x.n - 1 >= CASE WHEN s < 0 THEN s + jsonb_array_length(d) ELSE s END
      AND x.n - 1 <= CASE WHEN e < 0 THEN e + jsonb_array_length(d) ELSE e END), '[]'::jsonb) END
$$;
${POSTGRES_PRELUDE_IPV4}${POSTGRES_PRELUDE_HASH}${POSTGRES_PRELUDE_REGEX}`;
