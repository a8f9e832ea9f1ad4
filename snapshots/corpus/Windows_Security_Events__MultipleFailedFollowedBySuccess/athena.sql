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
    WHERE ("TimeGenerated" > (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - INTERVAL '7200.000000' SECOND))
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
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 600000) AS bigint) * 600000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "__s1"
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
  "q_10" AS (
    SELECT
      *,
      CASE WHEN "__sv" IS NULL OR "__prev" IS NULL OR ("__sv" >= ("__prev" + INTERVAL '3600.000000' SECOND)) OR "__sr" THEN 1 ELSE 0 END AS "__new"
    FROM (
      SELECT *, lag("__sv") OVER (ORDER BY "__srow") AS "__prev"
      FROM "q_9"
    ) AS w
  ),
  "session_11" AS (
    SELECT *, sum("__new") OVER (ORDER BY "__srow" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "__run"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      u."TimeGenerated",
      u."Account",
      u."IpAddress",
      u."Computer",
      u."Outcome",
      u."OutcomeCount",
      u."__srow",
      u."__sv",
      u."__sr",
      u."__ws"
    FROM (
      SELECT
        array_agg(ROW(f."TimeGenerated", f."Account", f."IpAddress", f."Computer", f."Outcome", f."OutcomeCount", f."__srow", f."__sv", f."__sr") ORDER BY f."__srow") AS "__rows",
        array_agg(f."__sv" ORDER BY f."__srow") AS "__values"
      FROM "session_11" AS f
      GROUP BY f."__run"
    ) AS g
    CROSS JOIN UNNEST(g."__rows", reduce(g."__values", CAST(ARRAY[] AS array(timestamp(6) with time zone)), (o, x) -> o || ARRAY[CASE WHEN element_at(o, greatest(cardinality(o), 1)) IS NULL OR (x >= (element_at(o, greatest(cardinality(o), 1)) + INTERVAL '7200.000000' SECOND)) THEN x ELSE element_at(o, greatest(cardinality(o), 1)) END], o -> o)) AS u ("TimeGenerated", "Account", "IpAddress", "Computer", "Outcome", "OutcomeCount", "__srow", "__sv", "__sr", "__ws")
  ),
  "q_13" AS (
    SELECT
      "TimeGenerated",
      "Account",
      "IpAddress",
      "Computer",
      "Outcome",
      "OutcomeCount",
      "__ws" AS "SessionStartedUtc"
    FROM "q_12"
  ),
  "q_14" AS (
    SELECT
      *,
      ("Outcome" = 'Failure') AS "__s1"
    FROM "q_13"
  ),
  "q_15" AS (
    SELECT
      "SessionStartedUtc" AS "SessionStartedUtc",
      "Account" AS "Account",
      coalesce(sum(CASE WHEN "__s1" THEN "OutcomeCount" END), 0) AS "FailureCountBeforeSuccess",
      min("TimeGenerated") AS "StartTime",
      max("TimeGenerated") AS "EndTime",
      coalesce(CAST(array_agg("Outcome") FILTER (WHERE "Outcome" IS NOT NULL AND "__limit4" <= 128) AS json), JSON '[]') AS "list_Outcome",
      coalesce(CAST(array_agg(DISTINCT "Computer") FILTER (WHERE "Computer" IS NOT NULL AND "__limit5" <= 128) AS json), JSON '[]') AS "set_Computer",
      coalesce(CAST(array_agg(DISTINCT "IpAddress") FILTER (WHERE "IpAddress" IS NOT NULL AND "__limit6" <= 128) AS json), JSON '[]') AS "set_IpAddress"
    FROM (
      SELECT
        *,
        row_number() OVER (PARTITION BY "SessionStartedUtc", "Account", "Outcome" IS NULL) AS "__limit4",
        dense_rank() OVER (PARTITION BY "SessionStartedUtc", "Account", "Computer" IS NULL ORDER BY "Computer") AS "__limit5",
        dense_rank() OVER (PARTITION BY "SessionStartedUtc", "Account", "IpAddress" IS NULL ORDER BY "IpAddress") AS "__limit6"
      FROM "q_14"
    ) AS a
    GROUP BY "SessionStartedUtc", "Account"
  ),
  "q_16" AS (
    SELECT *
    FROM "q_15"
    WHERE coalesce(CASE WHEN json_array_length("list_Outcome") IS NOT NULL THEN array_position(transform(CAST("list_Outcome" AS array(json)), r2s_e -> coalesce(json_format(r2s_e) LIKE '"%' AND json_extract_scalar(r2s_e, '$') = 'Success', FALSE)), TRUE) - 1 END <> 0, TRUE)
  ),
  "q_17" AS (
    SELECT *
    FROM "q_16"
    WHERE coalesce(CASE WHEN json_array_length("list_Outcome") IS NOT NULL THEN array_position(transform(CAST("list_Outcome" AS array(json)), r2s_e -> coalesce(json_format(r2s_e) LIKE '"%' AND json_extract_scalar(r2s_e, '$') = 'Success', FALSE)), TRUE) - 1 END = (json_array_length("list_Outcome") - 1), FALSE)
  ),
  "q_18" AS (
    SELECT
      "Account",
      "FailureCountBeforeSuccess",
      "StartTime",
      "EndTime",
      "set_Computer",
      "set_IpAddress"
    FROM "q_17"
  ),
  "q_19" AS (
    SELECT *
    FROM "q_18"
    WHERE ("FailureCountBeforeSuccess" >= 5)
  ),
  "q_20" AS (
    SELECT
      t."Account",
      t."FailureCountBeforeSuccess",
      t."StartTime",
      t."EndTime",
      u.v2 AS "set_Computer",
      u.v1 AS "set_IpAddress"
    FROM "q_19" AS t
    CROSS JOIN UNNEST(
      CASE
        WHEN json_array_length(t."set_IpAddress") IS NOT NULL THEN CAST(t."set_IpAddress" AS array(json))
        WHEN try_cast(t."set_IpAddress" AS map(varchar, json)) IS NOT NULL THEN transform(
          map_entries(CAST(t."set_IpAddress" AS map(varchar, json))),
          e -> CAST(map(ARRAY[e[1]], ARRAY[e[2]]) AS json))
        ELSE ARRAY[t."set_IpAddress"]
      END,
      CASE
        WHEN json_array_length(t."set_Computer") IS NOT NULL THEN CAST(t."set_Computer" AS array(json))
        WHEN try_cast(t."set_Computer" AS map(varchar, json)) IS NOT NULL THEN transform(
          map_entries(CAST(t."set_Computer" AS map(varchar, json))),
          e -> CAST(map(ARRAY[e[1]], ARRAY[e[2]]) AS json))
        ELSE ARRAY[t."set_Computer"]
      END
    ) WITH ORDINALITY AS u (v1, v2, n)
  ),
  "q_21" AS (
    SELECT
      *,
      coalesce(CASE WHEN json_format("set_IpAddress") = 'null' THEN '' ELSE coalesce(json_extract_scalar("set_IpAddress", '$'), json_format("set_IpAddress")) END, '') AS "IpAddress",
      coalesce(CASE WHEN json_format("set_Computer") = 'null' THEN '' ELSE coalesce(json_extract_scalar("set_Computer", '$'), json_format("set_Computer")) END, '') AS "Computer"
    FROM "q_20"
  ),
  "q_22" AS (
    SELECT
      *,
      json_extract(CASE WHEN 0 >= 0 AND cardinality(split("Computer", '.')) > 0 THEN CAST(ARRAY[element_at(split("Computer", '.'), 0 + 1)] AS json) END, '$[0]') AS "__1",
      CAST(split("Computer", '.') AS json) AS "__2"
    FROM "q_21"
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
  json_extract(CASE WHEN 0 >= 0 AND cardinality(split("Account", '\')) > 0 THEN CAST(ARRAY[element_at(split("Account", '\'), 0 + 1)] AS json) END, '$[0]') AS "NTDomain",
  json_extract(CASE WHEN 1 >= 0 AND cardinality(split("Account", '\')) > 1 THEN CAST(ARRAY[element_at(split("Account", '\'), 1 + 1)] AS json) END, '$[0]') AS "Name",
  coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "HostName",
  coalesce(array_join(transform(try_cast(CASE WHEN json_array_length("__2") IS NOT NULL THEN CAST(slice(CAST("__2" AS array(json)), greatest(CASE WHEN 1 < 0 THEN 1 + json_array_length("__2") ELSE 1 END, 0) + 1, greatest(least(CASE WHEN -1 < 0 THEN -1 + json_array_length("__2") ELSE -1 END, json_array_length("__2") - 1) - greatest(CASE WHEN 1 < 0 THEN 1 + json_array_length("__2") ELSE 1 END, 0) + 1, 0)) AS json) END AS array(json)), e -> coalesce(CASE WHEN json_format(e) = 'null' THEN '' ELSE coalesce(json_extract_scalar(e, '$'), json_format(e)) END, '')), '.'), '') AS "DnsDomain"
FROM "q_22"
