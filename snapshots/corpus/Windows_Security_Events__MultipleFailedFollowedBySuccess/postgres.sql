WITH
  "q_1" AS (
    SELECT
      coalesce("Account", '') AS "Account",
      coalesce("Computer", '') AS "Computer",
      "EventID",
      coalesce("IpAddress", '') AS "IpAddress",
      "TimeGenerated"
    FROM "SecurityEvent"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE ("TimeGenerated" > (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - INTERVAL '7200000000 microseconds'))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE coalesce("EventID" IN (4624, 4625), FALSE)
  ),
  "q_4" AS (
    SELECT *
    FROM "q_3"
    WHERE (("IpAddress" <> '-') AND (NOT ("Account" = '')))
  ),
  "q_5" AS (
    SELECT
      "Account",
      "Computer",
      "IpAddress",
      "TimeGenerated",
      CASE WHEN coalesce("EventID" = 4624, FALSE) THEN 'Success' ELSE 'Failure' END AS "Outcome"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      "Account",
      "Computer",
      "IpAddress",
      "Outcome",
      (TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM "TimeGenerated") * 1000000 / 600000000) * 600000000 AS bigint) * INTERVAL '1 microsecond') AS "__s1"
    FROM "q_5"
  ),
  "q_7" AS (
    SELECT
      "__s1" AS "TimeGenerated",
      "Account" AS "Account",
      "IpAddress" AS "IpAddress",
      "Computer" AS "Computer",
      "Outcome" AS "Outcome",
      count(*) AS "OutcomeCount"
    FROM "q_6"
    GROUP BY "__s1", "Account", "IpAddress", "Computer", "Outcome"
  ),
  "q_8" AS (
    SELECT
      *,
      row_number() OVER (ORDER BY "Account" COLLATE "C" ASC NULLS FIRST, "TimeGenerated" ASC NULLS FIRST) AS "__w1",
      lag("Account", 1, '') OVER (ORDER BY "Account" COLLATE "C" ASC NULLS FIRST, "TimeGenerated" ASC NULLS FIRST) AS "__w2",
      lag("Outcome", 1, '') OVER (ORDER BY "Account" COLLATE "C" ASC NULLS FIRST, "TimeGenerated" ASC NULLS FIRST) AS "__w3"
    FROM "q_7"
  ),
  "q_9" AS (
    SELECT
      "TimeGenerated",
      "Account",
      "IpAddress",
      "Computer",
      "Outcome",
      "OutcomeCount",
      "__w1" AS "__srow",
      "TimeGenerated" AS "__sv",
      (("Account" <> "__w2") OR ("__w3" = 'Success')) AS "__sr"
    FROM "q_8"
  ),
  "q_10" AS MATERIALIZED (
    SELECT
      *,
      CASE WHEN "__sv" IS NULL OR "__prev" IS NULL OR ("__sv" >= ("__prev" + INTERVAL '3600000000 microseconds')) OR "__sr" THEN 1 ELSE 0 END AS "__new"
    FROM (
      SELECT *, lag("__sv") OVER (ORDER BY "__srow") AS "__prev"
      FROM "q_9"
    ) AS w
  ),
  "q_11" AS (
    WITH RECURSIVE
      "session_11"("__row", "__start") AS (
        SELECT "__srow", "__sv"
        FROM "q_10"
        WHERE "__new" = 1
        UNION ALL
        SELECT f."__srow", CASE WHEN (f."__sv" >= (s."__start" + INTERVAL '7200000000 microseconds')) THEN f."__sv" ELSE s."__start" END
        FROM "session_11" AS s
        JOIN "q_10" AS f ON f."__srow" = s."__row" + 1 AND f."__new" = 0
      )
    SELECT
      f."TimeGenerated",
      f."Account",
      f."IpAddress",
      f."Computer",
      f."Outcome",
      f."OutcomeCount",
      f."__srow",
      f."__sv",
      f."__sr",
      s."__start" AS "__ws"
    FROM "q_10" AS f
    JOIN "session_11" AS s ON s."__row" = f."__srow"
  ),
  "q_12" AS (
    SELECT
      "TimeGenerated",
      "Account",
      "IpAddress",
      "Computer",
      "Outcome",
      "OutcomeCount",
      "__ws" AS "SessionStartedUtc"
    FROM "q_11"
  ),
  "q_13" AS (
    SELECT
      *,
      ("Outcome" = 'Failure') AS "__s1"
    FROM "q_12"
  ),
  "q_14" AS (
    SELECT
      "SessionStartedUtc" AS "SessionStartedUtc",
      "Account" AS "Account",
      coalesce(CAST(sum(CASE WHEN "__s1" THEN "OutcomeCount" END) AS bigint), 0) AS "FailureCountBeforeSuccess",
      min("TimeGenerated") AS "StartTime",
      max("TimeGenerated") AS "EndTime",
      coalesce(jsonb_agg(to_jsonb("Outcome")) FILTER (WHERE "Outcome" IS NOT NULL AND "__limit4" <= 128), '[]'::jsonb) AS "list_Outcome",
      coalesce(jsonb_agg(DISTINCT to_jsonb("Computer")) FILTER (WHERE "Computer" IS NOT NULL AND "__limit5" <= 128), '[]'::jsonb) AS "set_Computer",
      coalesce(jsonb_agg(DISTINCT to_jsonb("IpAddress")) FILTER (WHERE "IpAddress" IS NOT NULL AND "__limit6" <= 128), '[]'::jsonb) AS "set_IpAddress"
    FROM (
      SELECT
        *,
        row_number() OVER (PARTITION BY "SessionStartedUtc", "Account", "Outcome" IS NULL) AS "__limit4",
        dense_rank() OVER (PARTITION BY "SessionStartedUtc", "Account", "Computer" IS NULL ORDER BY "Computer") AS "__limit5",
        dense_rank() OVER (PARTITION BY "SessionStartedUtc", "Account", "IpAddress" IS NULL ORDER BY "IpAddress") AS "__limit6"
      FROM "q_13"
    ) AS a
    GROUP BY "SessionStartedUtc", "Account"
  ),
  "q_15" AS (
    SELECT *
    FROM "q_14"
    WHERE coalesce(rule2sql.array_index_of("list_Outcome", to_jsonb(CAST('Success' AS text))) <> 0, TRUE)
  ),
  "q_16" AS (
    SELECT *
    FROM "q_15"
    WHERE coalesce(rule2sql.array_index_of("list_Outcome", to_jsonb(CAST('Success' AS text))) = (rule2sql.array_length("list_Outcome") - 1), FALSE)
  ),
  "q_17" AS (
    SELECT
      "Account",
      "FailureCountBeforeSuccess",
      "StartTime",
      "EndTime",
      "set_Computer",
      "set_IpAddress"
    FROM "q_16"
  ),
  "q_18" AS (
    SELECT *
    FROM "q_17"
    WHERE ("FailureCountBeforeSuccess" >= 5)
  ),
  "q_19" AS (
    SELECT
      t."Account",
      t."FailureCountBeforeSuccess",
      t."StartTime",
      t."EndTime",
      e.v2 AS "set_Computer",
      e.v1 AS "set_IpAddress"
    FROM "q_18" AS t
    CROSS JOIN LATERAL ROWS FROM (rule2sql.mv_elements(t."set_IpAddress", FALSE), rule2sql.mv_elements(t."set_Computer", FALSE)) WITH ORDINALITY AS e(v1, v2, n)
  ),
  "q_20" AS (
    SELECT
      *,
      rule2sql.dyn_tostring("set_IpAddress") AS "IpAddress",
      rule2sql.dyn_tostring("set_Computer") AS "Computer"
    FROM "q_19"
  )
SELECT
  *,
  "StartTime" AS "timestamp",
  rule2sql.idx(rule2sql.split("Account", '\', 0), 0) AS "NTDomain",
  rule2sql.idx(rule2sql.split("Account", '\', 1), 0) AS "Name",
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Computer", '.', 0), 0)) AS "HostName",
  rule2sql.strcat_array(rule2sql.array_slice(rule2sql.split("Computer", '.'), 1, -1), '.') AS "DnsDomain"
FROM "q_20"
