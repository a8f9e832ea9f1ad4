WITH
  "GitHubCountryCodeLogs_1" AS (
    SELECT
      "TimeGenerated",
      coalesce("Actor", '') AS "Actor",
      coalesce("Country", '') AS "Country"
    FROM "GitHubAuditData"
  ),
  "GitHubCountryCodeLogs" AS (
    SELECT *
    FROM "GitHubCountryCodeLogs_1"
    WHERE ("Country" <> '')
  ),
  "q_3" AS (
    SELECT *
    FROM "GitHubCountryCodeLogs"
    WHERE ("TimeGenerated" BETWEEN (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - (INTERVAL '3600000000 microseconds' + INTERVAL '604800000000 microseconds')) AND (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - INTERVAL '3600000000 microseconds'))
  ),
  "q_4" AS (
    SELECT
      "Actor" AS "Actor",
      coalesce(jsonb_agg(DISTINCT to_jsonb("Country")) FILTER (WHERE "Country" IS NOT NULL), '[]'::jsonb) AS "set_Country"
    FROM "q_3"
    GROUP BY "Actor"
  ),
  "q_5" AS (
    SELECT "Actor", "set_Country"
    FROM (
      SELECT *, row_number() OVER (PARTITION BY "Actor") AS "__rn"
      FROM "q_4"
    ) AS d
    WHERE "__rn" = 1
  ),
  "q_6" AS (
    SELECT *
    FROM "GitHubCountryCodeLogs"
    WHERE ("TimeGenerated" BETWEEN (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - INTERVAL '3600000000 microseconds') AND (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - (INTERVAL '3600000000 microseconds' - INTERVAL '3600000000 microseconds')))
  ),
  "q_7" AS (
    SELECT
      "Country",
      "Actor",
      "TimeGenerated"
    FROM "q_6"
  ),
  "q_8" AS (
    SELECT DISTINCT *
    FROM "q_7"
  ),
  "q_9" AS (
    SELECT
      l."Actor",
      l."set_Country",
      r."Country",
      r."Actor" AS "Actor1",
      r."TimeGenerated"
    FROM "q_5" AS l
    INNER JOIN "q_8" AS r
      ON l."Actor" = r."Actor"
  ),
  "q_10" AS (
    SELECT *
    FROM "q_9"
    WHERE (NOT (strpos(lower(rule2sql.dyn_tostring("set_Country")), lower("Country")) > 0))
  ),
  "q_11" AS (
    SELECT
      *,
      "TimeGenerated" AS "timestamp"
    FROM "q_10"
  )
SELECT
  *,
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Actor", '@'), 0)) AS "AccountName",
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Actor", '@'), 1)) AS "AccountUPNSuffix"
FROM "q_11"
