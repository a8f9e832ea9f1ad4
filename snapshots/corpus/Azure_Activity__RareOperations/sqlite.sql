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
    WHERE ((kql_lower("OperationNameValue") IN (kql_lower('microsoft.compute/snapshots/write'), kql_lower('microsoft.network/networksecuritygroups/write'), kql_lower('microsoft.storage/storageaccounts/listkeys/action'))) OR (kql_term("OperationNameValue", 'listkeys/action', 'hassuffix', 0) = 1))
  ),
  "SensitiveActivity" AS (
    SELECT *
    FROM "SensitiveActivity_2"
    WHERE (kql_lower("ActivityStatusValue") = kql_lower('Success'))
  ),
  "q_4" AS (
    SELECT *
    FROM "SensitiveActivity"
    WHERE ("TimeGenerated" BETWEEN (1741219200000000 - 1209600000000) AND (1741219200000000 - 86400000000))
  ),
  "q_5" AS (
    SELECT
      "OperationNameValue",
      "Caller",
      "CallerIpAddress",
      ("TimeGenerated" - ((("TimeGenerated" % 86400000000) + 86400000000) % 86400000000)) AS "__s1"
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
    WHERE ("TimeGenerated" >= (1741219200000000 - 86400000000))
  ),
  "q_9" AS (
    SELECT
      *,
      CASE WHEN ("TimeGenerated" IS NULL) THEN NULL ELSE kql_datetime_text("TimeGenerated") END AS "__s1"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      "CallerIpAddress" AS "CallerIpAddress",
      "Caller" AS "Caller",
      "OperationNameValue" AS "OperationNameValue",
      min("TimeGenerated") AS "StartTimeUtc",
      max("TimeGenerated") AS "EndTimeUtc",
      json_group_array("__s1") FILTER (WHERE "__s1" IS NOT NULL) AS "ActivityTimeStamp",
      json_group_array("ActivityStatusValue") FILTER (WHERE "ActivityStatusValue" IS NOT NULL) AS "ActivityStatusValue",
      json_group_array("CorrelationId") FILTER (WHERE "CorrelationId" IS NOT NULL) AS "CorrelationIds",
      json_group_array("ResourceGroup") FILTER (WHERE "ResourceGroup" IS NOT NULL) AS "ResourceGroups",
      json_group_array("_ResourceId") FILTER (WHERE "_ResourceId" IS NOT NULL) AS "ResourceIds",
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
      nullif(kql_split("Caller", '@', 0) -> '$[0]', 'null') AS "__1",
      nullif(kql_split("Caller", '@', 1) -> '$[0]', 'null') AS "__2"
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
  coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "Name",
  coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "UPNSuffix"
FROM "q_13"
