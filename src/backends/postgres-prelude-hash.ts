/**
 * The hash() part of the PostgreSQL prelude: XXH64 with seed 0 over the UTF-8 bytes of a text,
 * as a signed bigint (Kusto's `hash(s)`, `Q/hash-function.md`; frontend/builtins-misc.ts gives
 * the meaning). PostgreSQL has no unsigned 64-bit type and its bigint arithmetic raises on
 * overflow, so the state is kept in numeric in [0, 2^64) with every sum and product reduced
 * mod 2^64, and converted to bit(64) only for the exclusive ors.
 */
export const POSTGRES_PRELUDE_HASH = `
-- u64_xor: a # b of two numerics in [0, 2^64), through their two's-complement bits.
CREATE OR REPLACE FUNCTION rule2sql.u64_xor(a numeric, b numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN x < 0 THEN x + 18446744073709551616 ELSE x END
  FROM (SELECT ((CASE WHEN a >= 9223372036854775808 THEN a - 18446744073709551616 ELSE a END)::bigint::bit(64)
    # (CASE WHEN b >= 9223372036854775808 THEN b - 18446744073709551616 ELSE b END)::bigint::bit(64))::bigint::numeric AS x) AS t
$$;

-- u64_rotl: x rotated left by r bits, x in [0, 2^64).
CREATE OR REPLACE FUNCTION rule2sql.u64_rotl(x numeric, r integer) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT mod(x * trunc(2::numeric ^ r), 18446744073709551616) + div(x, trunc(2::numeric ^ (64 - r)))
$$;

-- xxh64_round: XXH64's round(acc, lane).
CREATE OR REPLACE FUNCTION rule2sql.xxh64_round(acc numeric, lane numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT mod(rule2sql.u64_rotl(mod(acc + lane * 14029467366897019727, 18446744073709551616), 31)
    * 11400714785074694791, 18446744073709551616)
$$;

-- xxh64_lane: the little-endian unsigned integer of n bytes of b at offset i.
CREATE OR REPLACE FUNCTION rule2sql.xxh64_lane(b bytea, i integer, n integer) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(sum(get_byte(b, i + k)::numeric * trunc(256::numeric ^ k)), 0)
  FROM generate_series(0, n - 1) AS k
$$;

-- kql_hash: XXH64 (seed 0) of the UTF-8 bytes of s, as a signed bigint.
CREATE OR REPLACE FUNCTION rule2sql.kql_hash(s text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  m CONSTANT numeric := 18446744073709551616;
  p1 CONSTANT numeric := 11400714785074694791;
  p2 CONSTANT numeric := 14029467366897019727;
  p3 CONSTANT numeric := 1609587929392839161;
  p4 CONSTANT numeric := 9650029242287828579;
  p5 CONSTANT numeric := 2870177450012600261;
  b bytea := convert_to(s, 'UTF8');
  len integer := length(b);
  i integer := 0;
  h numeric;
  v1 numeric;
  v2 numeric;
  v3 numeric;
  v4 numeric;
BEGIN
  IF len >= 32 THEN
    v1 := mod(p1 + p2, m);
    v2 := p2;
    v3 := 0;
    v4 := m - p1;
    WHILE i + 32 <= len LOOP
      v1 := rule2sql.xxh64_round(v1, rule2sql.xxh64_lane(b, i, 8));
      v2 := rule2sql.xxh64_round(v2, rule2sql.xxh64_lane(b, i + 8, 8));
      v3 := rule2sql.xxh64_round(v3, rule2sql.xxh64_lane(b, i + 16, 8));
      v4 := rule2sql.xxh64_round(v4, rule2sql.xxh64_lane(b, i + 24, 8));
      i := i + 32;
    END LOOP;
    h := mod(rule2sql.u64_rotl(v1, 1) + rule2sql.u64_rotl(v2, 7) + rule2sql.u64_rotl(v3, 12)
      + rule2sql.u64_rotl(v4, 18), m);
    h := mod(rule2sql.u64_xor(h, rule2sql.xxh64_round(0, v1)) * p1 + p4, m);
    h := mod(rule2sql.u64_xor(h, rule2sql.xxh64_round(0, v2)) * p1 + p4, m);
    h := mod(rule2sql.u64_xor(h, rule2sql.xxh64_round(0, v3)) * p1 + p4, m);
    h := mod(rule2sql.u64_xor(h, rule2sql.xxh64_round(0, v4)) * p1 + p4, m);
  ELSE
    h := p5;
  END IF;
  h := mod(h + len, m);
  WHILE i + 8 <= len LOOP
    h := rule2sql.u64_xor(h, rule2sql.xxh64_round(0, rule2sql.xxh64_lane(b, i, 8)));
    h := mod(rule2sql.u64_rotl(h, 27) * p1 + p4, m);
    i := i + 8;
  END LOOP;
  IF i + 4 <= len THEN
    h := rule2sql.u64_xor(h, mod(rule2sql.xxh64_lane(b, i, 4) * p1, m));
    h := mod(rule2sql.u64_rotl(h, 23) * p2 + p3, m);
    i := i + 4;
  END IF;
  WHILE i < len LOOP
    h := rule2sql.u64_xor(h, mod(get_byte(b, i)::numeric * p5, m));
    h := mod(rule2sql.u64_rotl(h, 11) * p1, m);
    i := i + 1;
  END LOOP;
  h := mod(rule2sql.u64_xor(h, div(h, 8589934592)) * p2, m);
  h := mod(rule2sql.u64_xor(h, div(h, 536870912)) * p3, m);
  h := rule2sql.u64_xor(h, div(h, 4294967296));
  RETURN (CASE WHEN h >= 9223372036854775808 THEN h - m ELSE h END)::bigint;
END
$$;
`;
