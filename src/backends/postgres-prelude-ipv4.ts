/**
 * The IPv4 part of the PostgreSQL prelude (frontend/builtins-ipv4.ts gives the meaning): an
 * address `a.b.c.d[/p]` is parsed once by `rule2sql.ipv4_parts` into {address, prefix length},
 * null for any other text, so that no input raises.
 */
export const POSTGRES_PRELUDE_IPV4 = `
-- ipv4_parts: {address, prefix length (32 without one)} of 'a.b.c.d[/p]', null for other text.
CREATE OR REPLACE FUNCTION rule2sql.ipv4_parts(s text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN m IS NOT NULL AND m[1]::int <= 255 AND m[2]::int <= 255 AND m[3]::int <= 255
      AND m[4]::int <= 255 AND coalesce(m[5]::int, 32) <= 32
    THEN ARRAY[((m[1]::bigint * 256 + m[2]::bigint) * 256 + m[3]::bigint) * 256 + m[4]::bigint,
      coalesce(m[5]::bigint, 32)] END
  FROM (SELECT regexp_match(s,
    '^([0-9]{1,3})[.]([0-9]{1,3})[.]([0-9]{1,3})[.]([0-9]{1,3})(?:/([0-9]{1,2}))?$') AS m) AS r
$$;

-- parse_ipv4: the address with the bits beyond its prefix cleared.
CREATE OR REPLACE FUNCTION rule2sql.parse_ipv4(s text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (p[1] >> (32 - p[2]::int)) << (32 - p[2]::int) FROM (SELECT rule2sql.ipv4_parts(s) AS p) AS r
$$;

-- ipv4_compare: -1, 0 or 1 on the leading min(prefix a, prefix b, bits) bits.
CREATE OR REPLACE FUNCTION rule2sql.ipv4_compare(a text, b text, bits bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x IS NOT NULL AND y IS NOT NULL THEN
    sign((x[1] >> (32 - least(x[2], y[2], bits)::int)) - (y[1] >> (32 - least(x[2], y[2], bits)::int)))::bigint END
  FROM (SELECT rule2sql.ipv4_parts(a) AS x, rule2sql.ipv4_parts(b) AS y) AS r
$$;

-- ipv4_is_private: the (prefix-masked) address in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
CREATE OR REPLACE FUNCTION rule2sql.ipv4_is_private(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (v >> 24) = 10 OR (v >> 20) = 2753 OR (v >> 16) = 49320 FROM (SELECT rule2sql.parse_ipv4(s) AS v) AS r
$$;
`;
