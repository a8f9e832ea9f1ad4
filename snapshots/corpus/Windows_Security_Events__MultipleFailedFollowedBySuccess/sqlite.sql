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
    WHERE ("TimeGenerated" > (1741219200000000 - 7200000000))
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
      ("TimeGenerated" - ((("TimeGenerated" % 600000000) + 600000000) % 600000000)) AS "__s1"
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
      row_number() OVER (ORDER BY "Account" ASC NULLS FIRST, "TimeGenerated" ASC NULLS FIRST) AS "__w1",
      lag("Account", 1, '') OVER (ORDER BY "Account" ASC NULLS FIRST, "TimeGenerated" ASC NULLS FIRST) AS "__w2",
      lag("Outcome", 1, '') OVER (ORDER BY "Account" ASC NULLS FIRST, "TimeGenerated" ASC NULLS FIRST) AS "__w3"
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
      CASE WHEN "__sv" IS NULL OR "__prev" IS NULL OR ("__sv" >= ("__prev" + 3600000000)) OR "__sr" THEN 1 ELSE 0 END AS "__new"
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
        SELECT f."__srow", CASE WHEN (f."__sv" >= (s."__start" + 7200000000)) THEN f."__sv" ELSE s."__start" END
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
      coalesce(sum(CASE WHEN "__s1" THEN "OutcomeCount" END), 0) AS "FailureCountBeforeSuccess",
      min("TimeGenerated") AS "StartTime",
      max("TimeGenerated") AS "EndTime",
      json_group_array("Outcome") FILTER (WHERE "Outcome" IS NOT NULL AND "__limit4" <= 128) AS "list_Outcome",
      json_group_array(DISTINCT "Computer") FILTER (WHERE "Computer" IS NOT NULL AND "__limit5" <= 128) AS "set_Computer",
      json_group_array(DISTINCT "IpAddress") FILTER (WHERE "IpAddress" IS NOT NULL AND "__limit6" <= 128) AS "set_IpAddress"
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
    WHERE coalesce(kql_array_index_of("list_Outcome", json_quote('Success' || '')) <> 0, TRUE)
  ),
  "q_16" AS (
    SELECT *
    FROM "q_15"
    WHERE coalesce(kql_array_index_of("list_Outcome", json_quote('Success' || '')) = (CASE json_type("list_Outcome") WHEN 'array' THEN json_array_length("list_Outcome") END - 1), FALSE)
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
      nullif(t."__mv2" -> ('$[' || j.key || ']'), 'null') AS "set_Computer",
      nullif(t."__mv1" -> ('$[' || j.key || ']'), 'null') AS "set_IpAddress"
    FROM (
      SELECT *, CASE json_type("set_IpAddress") WHEN 'array' THEN "set_IpAddress" WHEN 'object' THEN (SELECT json_group_array(json_object(e.key, "set_IpAddress" -> e.fullkey)) FROM json_each("set_IpAddress") AS e) ELSE json_array("set_IpAddress" -> '$') END AS "__mv1", CASE json_type("set_Computer") WHEN 'array' THEN "set_Computer" WHEN 'object' THEN (SELECT json_group_array(json_object(e.key, "set_Computer" -> e.fullkey)) FROM json_each("set_Computer") AS e) ELSE json_array("set_Computer" -> '$') END AS "__mv2"
      FROM "q_18"
    ) AS t
    JOIN json_each(CASE WHEN json_array_length(t."__mv1") >= json_array_length(t."__mv2") THEN t."__mv1" ELSE t."__mv2" END) AS j
  ),
  "q_20" AS (
    SELECT
      *,
      coalesce(CASE json_type("set_IpAddress") WHEN 'text' THEN "set_IpAddress" ->> '$' WHEN 'null' THEN '' ELSE json("set_IpAddress") END, '') AS "IpAddress",
      coalesce(CASE json_type("set_Computer") WHEN 'text' THEN "set_Computer" ->> '$' WHEN 'null' THEN '' ELSE json("set_Computer") END, '') AS "Computer"
    FROM "q_19"
  ),
  "q_21" AS (
    SELECT
      *,
      nullif(kql_split("Computer", '.', 0) -> '$[0]', 'null') AS "__1"
    FROM "q_20"
  )
SELECT
  "Account",
  "FailureCountBeforeSuccess",
  "StartTime",
  "EndTime",
  "set_Computer",
  "set_IpAddress",
  "IpAddress",
  "Computer",
  "StartTime" AS "timestamp",
  nullif(kql_split("Account", '\', 0) -> '$[0]', 'null') AS "NTDomain",
  nullif(kql_split("Account", '\', 1) -> '$[0]', 'null') AS "Name",
  coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "HostName",
  kql_strcat_array(kql_array_slice(kql_split("Computer", '.'), 1, -1), '.') AS "DnsDomain"
FROM "q_21"
