WITH
  "SensitiveActivity_1" AS (
    SELECT
      coalesce("OperationNameValue", '') AS "OperationNameValue",
      coalesce("ActivityStatusValue", '') AS "ActivityStatusValue",
      coalesce("ResourceGroup", '') AS "ResourceGroup",
      coalesce("CorrelationId", '') AS "CorrelationId",
      coalesce("Caller", '') AS "Caller",
      coalesce("CallerIpAddress", '') AS "CallerIpAddress",
      "TimeGenerated",
      coalesce("_ResourceId", '') AS "_ResourceId"
    FROM "AzureActivity"
  ),
  "SensitiveActivity_2" AS (
    SELECT *
    FROM "SensitiveActivity_1"
    WHERE ((lower("OperationNameValue") IN (lower('microsoft.compute/snapshots/write'), lower('microsoft.network/networksecuritygroups/write'), lower('microsoft.storage/storageaccounts/listkeys/action'))) OR regexp_like("OperationNameValue", '(?i)listkeys/action($|[^\p{L}\p{N}])'))
  ),
  "SensitiveActivity" AS (
    SELECT *
    FROM "SensitiveActivity_2"
    WHERE (lower("ActivityStatusValue") = lower('Success'))
  ),
  "q_4" AS (
    SELECT *
    FROM "SensitiveActivity"
    WHERE ("TimeGenerated" BETWEEN (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - INTERVAL '1209600.000000' SECOND) AND (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - INTERVAL '86400.000000' SECOND))
  ),
  "q_5" AS (
    SELECT
      "OperationNameValue",
      "Caller",
      "CallerIpAddress",
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 86400000) AS bigint) * 86400000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "__s1"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      "CallerIpAddress" AS "CallerIpAddress",
      "Caller" AS "Caller",
      "OperationNameValue" AS "OperationNameValue",
      "__s1" AS "TimeGenerated",
      count(*) AS "count_"
    FROM "q_5"
    GROUP BY "CallerIpAddress", "Caller", "OperationNameValue", "__s1"
  ),
  "q_7" AS (
    SELECT *
    FROM "q_6"
    WHERE ("count_" >= 5)
  ),
  "q_8" AS (
    SELECT *
    FROM "SensitiveActivity"
    WHERE ("TimeGenerated" >= (TIMESTAMP '2025-03-06 00:00:00.000000 UTC' - INTERVAL '86400.000000' SECOND))
  ),
  "q_9" AS (
    SELECT
      *,
      CASE WHEN ("TimeGenerated" IS NULL) THEN CAST(NULL AS varchar) ELSE coalesce(format_datetime("TimeGenerated" AT TIME ZONE 'UTC', 'yyyy-MM-dd''T''HH:mm:ss.SSSSSS') || '0Z', '') END AS "__s1"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      "CallerIpAddress" AS "CallerIpAddress",
      "Caller" AS "Caller",
      "OperationNameValue" AS "OperationNameValue",
      min("TimeGenerated") AS "StartTimeUtc",
      max("TimeGenerated") AS "EndTimeUtc",
      coalesce(CAST(array_agg("__s1") FILTER (WHERE "__s1" IS NOT NULL) AS json), JSON '[]') AS "ActivityTimeStamp",
      coalesce(CAST(array_agg("ActivityStatusValue") FILTER (WHERE "ActivityStatusValue" IS NOT NULL) AS json), JSON '[]') AS "ActivityStatusValue",
      coalesce(CAST(array_agg("CorrelationId") FILTER (WHERE "CorrelationId" IS NOT NULL) AS json), JSON '[]') AS "CorrelationIds",
      coalesce(CAST(array_agg("ResourceGroup") FILTER (WHERE "ResourceGroup" IS NOT NULL) AS json), JSON '[]') AS "ResourceGroups",
      coalesce(CAST(array_agg("_ResourceId") FILTER (WHERE "_ResourceId" IS NOT NULL) AS json), JSON '[]') AS "ResourceIds",
      count(*) AS "ActivityCountByCallerIPAddress"
    FROM "q_9"
    GROUP BY "CallerIpAddress", "Caller", "OperationNameValue"
  ),
  "q_11" AS (
    SELECT *
    FROM "q_10"
    WHERE ("ActivityCountByCallerIPAddress" >= 5)
  ),
  "q_12" AS (
    SELECT r.*
    FROM "q_11" AS r
    WHERE NOT EXISTS (
      SELECT 1
      FROM "q_7" AS l
      WHERE l."CallerIpAddress" = r."CallerIpAddress" AND l."Caller" = r."Caller" AND l."OperationNameValue" = r."OperationNameValue"
    )
  ),
  "q_13" AS (
    SELECT
      *,
      json_extract(CASE WHEN 0 >= 0 AND cardinality(split("Caller", '@')) > 0 THEN CAST(ARRAY[element_at(split("Caller", '@'), 0 + 1)] AS json) END, '$[0]') AS "__1",
      json_extract(CASE WHEN 1 >= 0 AND cardinality(split("Caller", '@')) > 1 THEN CAST(ARRAY[element_at(split("Caller", '@'), 1 + 1)] AS json) END, '$[0]') AS "__2"
    FROM "q_12"
  )
SELECT
  "CallerIpAddress",
  "Caller",
  "OperationNameValue",
  "StartTimeUtc",
  "EndTimeUtc",
  "ActivityTimeStamp",
  "ActivityStatusValue",
  "CorrelationIds",
  "ResourceGroups",
  "ResourceIds",
  "ActivityCountByCallerIPAddress",
  coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "Name",
  coalesce(CASE WHEN json_format("__2") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__2", '$'), json_format("__2")) END, '') AS "UPNSuffix"
FROM "q_13"
