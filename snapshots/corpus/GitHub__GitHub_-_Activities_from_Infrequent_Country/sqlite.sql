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
    WHERE ("TimeGenerated" BETWEEN (1741219200000000 - (3600000000 + 604800000000)) AND (1741219200000000 - 3600000000))
  ),
  "q_4" AS (
    SELECT
      "Actor" AS "Actor",
      json_group_array(DISTINCT "Country") FILTER (WHERE "Country" IS NOT NULL) AS "set_Country"
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
    WHERE ("TimeGenerated" BETWEEN (1741219200000000 - 3600000000) AND (1741219200000000 - (3600000000 - 3600000000)))
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
    WHERE (NOT (instr(kql_lower(coalesce(CASE json_type("set_Country") WHEN 'text' THEN "set_Country" ->> '$' WHEN 'null' THEN '' ELSE json("set_Country") END, '')), kql_lower("Country")) > 0))
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
      nullif(kql_split("Actor", '@') -> '$[0]', 'null') AS "__1",
      nullif(kql_split("Actor", '@') -> '$[1]', 'null') AS "__2"
    FROM "q_11"
  )
SELECT
  "Actor",
  "set_Country",
  "Country",
  "Actor1",
  "TimeGenerated",
  "timestamp",
  coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "AccountName",
  coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "AccountUPNSuffix"
FROM "q_12"
