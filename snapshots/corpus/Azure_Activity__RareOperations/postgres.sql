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
    WHERE ((lower("OperationNameValue") IN (lower('microsoft.compute/snapshots/write'), lower('microsoft.network/networksecuritygroups/write'), lower('microsoft.storage/storageaccounts/listkeys/action'))) OR ("OperationNameValue" ~* 'listkeys/action($|[^[:alnum:]])'))
  ),
  "SensitiveActivity" AS (
    SELECT *
    FROM "SensitiveActivity_2"
    WHERE (lower("ActivityStatusValue") = lower('Success'))
  ),
  "q_4" AS (
    SELECT *
    FROM "SensitiveActivity"
    WHERE ("TimeGenerated" BETWEEN (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - INTERVAL '1209600000000 microseconds') AND (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - INTERVAL '86400000000 microseconds'))
  ),
  "q_5" AS (
    SELECT
      "OperationNameValue",
      "Caller",
      "CallerIpAddress",
      (TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM "TimeGenerated") * 1000000 / 86400000000) * 86400000000 AS bigint) * INTERVAL '1 microsecond') AS "__s1"
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
    WHERE ("TimeGenerated" >= (TIMESTAMPTZ '2025-03-06 00:00:00.000000+00' - INTERVAL '86400000000 microseconds'))
  ),
  "q_9" AS (
    SELECT
      *,
      CASE WHEN ("TimeGenerated" IS NULL) THEN CAST(NULL AS text) ELSE rule2sql.datetime_text("TimeGenerated") END AS "__s1"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      "CallerIpAddress" AS "CallerIpAddress",
      "Caller" AS "Caller",
      "OperationNameValue" AS "OperationNameValue",
      min("TimeGenerated") AS "StartTimeUtc",
      max("TimeGenerated") AS "EndTimeUtc",
      coalesce(jsonb_agg(to_jsonb("__s1")) FILTER (WHERE "__s1" IS NOT NULL), '[]'::jsonb) AS "ActivityTimeStamp",
      coalesce(jsonb_agg(to_jsonb("ActivityStatusValue")) FILTER (WHERE "ActivityStatusValue" IS NOT NULL), '[]'::jsonb) AS "ActivityStatusValue",
      coalesce(jsonb_agg(to_jsonb("CorrelationId")) FILTER (WHERE "CorrelationId" IS NOT NULL), '[]'::jsonb) AS "CorrelationIds",
      coalesce(jsonb_agg(to_jsonb("ResourceGroup")) FILTER (WHERE "ResourceGroup" IS NOT NULL), '[]'::jsonb) AS "ResourceGroups",
      coalesce(jsonb_agg(to_jsonb("_ResourceId")) FILTER (WHERE "_ResourceId" IS NOT NULL), '[]'::jsonb) AS "ResourceIds",
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
  )
SELECT
  *,
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Caller", '@', 0), 0)) AS "Name",
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Caller", '@', 1), 0)) AS "UPNSuffix"
FROM "q_12"
