/**
 * The RE2-order regex matcher of the PostgreSQL prelude: a Pike VM running programs compiled by
 * regex-program.ts. PostgreSQL's own matching picks the longest match and POSIX submatches;
 * this one keeps RE2's leftmost-first choice (threads in priority order, a match cutting the
 * threads below it), for the extractions that regex-posix.ts cannot prove PostgreSQL answers
 * the same way. Positions are 1-based characters; a capture slot holds 0 when unset.
 */
export const POSTGRES_PRELUDE_REGEX = `
-- re2_exec: capture slots of RE2's first match starting at character st, or null. Callers find
-- st with PostgreSQL's own regexp_instr: both engines start a match at the leftmost place where
-- the pattern matches.
CREATE OR REPLACE FUNCTION rule2sql.re2_exec(s text, ops integer[], xs integer[], ys integer[],
  cls text[], nslots integer, st integer) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n integer := char_length(s);
  nops integer := cardinality(ops);
  seeds integer[] := ARRAY[1];
  seed_caps integer[] := array_fill(0, ARRAY[nslots]);
  cur integer[];
  cur_caps integer[];
  stack integer[];
  stack_caps integer[];
  visited boolean[];
  matched integer[];
  caps integer[];
  i integer := st;
  k integer;
  top integer;
  pc integer;
  ch text;
  ok boolean;
BEGIN
  IF s IS NULL THEN
    RETURN NULL;
  END IF;
  WHILE i <= n + 1 LOOP
    EXIT WHEN cardinality(seeds) = 0;
    cur := '{}';
    cur_caps := '{}';
    visited := array_fill(false, ARRAY[nops]);
    FOR k IN 1 .. cardinality(seeds) LOOP
      stack := ARRAY[seeds[k]];
      stack_caps := seed_caps[(k - 1) * nslots + 1 : k * nslots];
      WHILE cardinality(stack) > 0 LOOP
        top := cardinality(stack);
        pc := stack[top];
        caps := stack_caps[(top - 1) * nslots + 1 : top * nslots];
        stack := stack[1 : top - 1];
        stack_caps := stack_caps[1 : (top - 1) * nslots];
        CONTINUE WHEN visited[pc];
        visited[pc] := true;
        CASE ops[pc]
          WHEN 3 THEN
            stack := stack || xs[pc];
            stack_caps := stack_caps || caps;
          WHEN 4 THEN
            stack := stack || ys[pc] || xs[pc];
            stack_caps := stack_caps || caps || caps;
          WHEN 5 THEN
            caps[xs[pc]] := i;
            stack := stack || (pc + 1);
            stack_caps := stack_caps || caps;
          WHEN 6 THEN
            ok := CASE xs[pc]
              WHEN 1 THEN i = 1
              WHEN 2 THEN i = n + 1
              ELSE (coalesce(substr(s, i - 1, 1) ~ '[0-9A-Za-z_]', false) AND i > 1)
                <> (coalesce(substr(s, i, 1) ~ '[0-9A-Za-z_]', false) AND i <= n)
            END;
            IF xs[pc] = 4 THEN
              ok := NOT ok;
            END IF;
            IF ok THEN
              stack := stack || (pc + 1);
              stack_caps := stack_caps || caps;
            END IF;
          ELSE
            cur := cur || pc;
            cur_caps := cur_caps || caps;
        END CASE;
      END LOOP;
    END LOOP;
    ch := substr(s, i, 1);
    seeds := '{}';
    seed_caps := '{}';
    FOR k IN 1 .. cardinality(cur) LOOP
      pc := cur[k];
      IF ops[pc] = 2 THEN
        matched := cur_caps[(k - 1) * nslots + 1 : k * nslots];
        EXIT;
      END IF;
      IF i <= n AND ch ~ cls[pc] THEN
        seeds := seeds || (pc + 1);
        seed_caps := seed_caps || cur_caps[(k - 1) * nslots + 1 : k * nslots];
      END IF;
    END LOOP;
    i := i + 1;
  END LOOP;
  RETURN matched;
END
$$;

-- re2_group: the text of group g in capture slots c ('' when the group did not take part).
CREATE OR REPLACE FUNCTION rule2sql.re2_group(s text, c integer[], g integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN c[2 * g + 1] > 0 AND c[2 * g + 2] > 0
    THEN substr(s, c[2 * g + 1], c[2 * g + 2] - c[2 * g + 1]) ELSE '' END
$$;

-- re2_extract: group g of the first match, null when there is none.
CREATE OR REPLACE FUNCTION rule2sql.re2_extract(s text, pat text, ops integer[], xs integer[],
  ys integer[], cls text[], nslots integer, g integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN st > 0 THEN rule2sql.re2_group(s, rule2sql.re2_exec(s, ops, xs, ys, cls, nslots, st), g) END
  FROM (SELECT regexp_instr(s, pat) AS st) AS m
$$;

-- re2_groups: the text of every group of the match at the start found by pat (as regexp_match
-- gives them, '' for a group that did not take part), null when there is none.
CREATE OR REPLACE FUNCTION rule2sql.re2_groups(s text, pat text, ops integer[], xs integer[],
  ys integer[], cls text[], nslots integer) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN m.st > 0 THEN (
    SELECT array_agg(rule2sql.re2_group(s, e.c, g.g) ORDER BY g.g)
    FROM (SELECT rule2sql.re2_exec(s, ops, xs, ys, cls, nslots, m.st) AS c) AS e,
      generate_series(1, nslots / 2 - 1) AS g(g)
    WHERE e.c IS NOT NULL) END
  FROM (SELECT regexp_instr(s, pat) AS st) AS m
$$;

-- re2_matches: the capture slots of every match, in order. After a match the search goes on at
-- its end, or one character further after an empty match.
CREATE OR REPLACE FUNCTION rule2sql.re2_matches(s text, pat text, ops integer[], xs integer[],
  ys integer[], cls text[], nslots integer) RETURNS SETOF integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  pos integer := 1;
  st integer;
  c integer[];
BEGIN
  WHILE s IS NOT NULL AND pos <= char_length(s) + 1 LOOP
    st := regexp_instr(s, pat, pos);
    EXIT WHEN st = 0;
    c := rule2sql.re2_exec(s, ops, xs, ys, cls, nslots, st);
    EXIT WHEN c IS NULL;
    RETURN NEXT c;
    pos := CASE WHEN c[2] > c[1] THEN c[2] ELSE c[2] + 1 END;
  END LOOP;
END
$$;

-- re2_extract_all: each match as the text of group gs[1] when gs has one group, else as an
-- array of the groups gs; null when there is no match.
CREATE OR REPLACE FUNCTION rule2sql.re2_extract_all(s text, pat text, ops integer[],
  xs integer[], ys integer[], cls text[], nslots integer, gs integer[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_agg(CASE WHEN cardinality(gs) = 1 THEN to_jsonb(rule2sql.re2_group(s, m.c, gs[1]))
    ELSE (SELECT jsonb_agg(rule2sql.re2_group(s, m.c, g.g) ORDER BY g.k)
      FROM unnest(gs) WITH ORDINALITY AS g(g, k)) END ORDER BY m.n)
  FROM rule2sql.re2_matches(s, pat, ops, xs, ys, cls, nslots) WITH ORDINALITY AS m(c, n)
$$;

-- re2_replace: every match replaced by the parts of the rewrite, texts ts[k] where gs[k] is -1,
-- else group gs[k]; after an empty match the next character is kept.
CREATE OR REPLACE FUNCTION rule2sql.re2_replace(s text, pat text, ops integer[], xs integer[],
  ys integer[], cls text[], nslots integer, ts text[], gs integer[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r text := '';
  pos integer := 1;
  c integer[];
  k integer;
BEGIN
  IF s IS NULL THEN
    RETURN NULL;
  END IF;
  FOR c IN SELECT m FROM rule2sql.re2_matches(s, pat, ops, xs, ys, cls, nslots) AS m LOOP
    r := r || substr(s, pos, c[1] - pos);
    FOR k IN 1 .. coalesce(cardinality(gs), 0) LOOP
      r := r || CASE WHEN gs[k] < 0 THEN ts[k] ELSE rule2sql.re2_group(s, c, gs[k]) END;
    END LOOP;
    IF c[2] > c[1] THEN
      pos := c[2];
    ELSE
      r := r || substr(s, c[2], 1);
      pos := c[2] + 1;
    END IF;
  END LOOP;
  RETURN r || substr(s, pos);
END
$$;
`;
