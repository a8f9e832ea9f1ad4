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
    WHERE ("TimeGenerated" BETWEEN (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - (INTERVAL '3600.000000' SECOND + INTERVAL '604800.000000' SECOND)) AND (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - INTERVAL '3600.000000' SECOND))
  ),
  "q_4" AS (
    SELECT
      "Actor" AS "Actor",
      coalesce(CAST(array_agg(DISTINCT "Country") FILTER (WHERE "Country" IS NOT NULL) AS json), JSON '[]') AS "set_Country"
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
    WHERE ("TimeGenerated" BETWEEN (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - INTERVAL '3600.000000' SECOND) AND (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - (INTERVAL '3600.000000' SECOND - INTERVAL '3600.000000' SECOND)))
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
    WHERE (NOT (strpos(lower(coalesce(CASE WHEN json_format("set_Country") = 'null' THEN '' ELSE coalesce(json_extract_scalar("set_Country", '$'), json_format("set_Country")) END, '')), lower("Country")) > 0))
  ),
  "q_11" AS (
    SELECT
      *,
      "TimeGenerated" AS "timestamp"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      *,
      json_extract(CAST(split("Actor", '@') AS json), '$[0]') AS "__1",
      json_extract(CAST(split("Actor", '@') AS json), '$[1]') AS "__2"
    FROM "q_11"
  )
SELECT
  "Actor",
  "set_Country",
  "Country",
  "Actor1",
  "TimeGenerated",
  "timestamp",
  coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "AccountName",
  coalesce(CASE WHEN json_format("__2") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__2", '$'), json_format("__2")) END, '') AS "AccountUPNSuffix"
FROM "q_12"
