WITH
  "q_1" AS (
    SELECT
      coalesce("OperationNameValue", '') AS "OperationNameValue",
      coalesce("ActivityStatusValue", '') AS "ActivityStatusValue",
      coalesce("ResourceGroup", '') AS "ResourceGroup",
      coalesce("SubscriptionId", '') AS "SubscriptionId",
      coalesce("Caller", '') AS "Caller",
      coalesce("CallerIpAddress", '') AS "CallerIpAddress",
      coalesce("CategoryValue", '') AS "CategoryValue",
      coalesce("HTTPRequest", '') AS "HTTPRequest",
      coalesce("Properties", '') AS "Properties",
      coalesce("TenantId", '') AS "TenantId",
      "TimeGenerated",
      coalesce("Type", '') AS "Type"
    FROM "AzureActivity"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE ("ResourceGroup" ~* '(^|[^[:alnum:]])cloud-shell($|[^[:alnum:]])')
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (lower("OperationNameValue") = lower('Microsoft.Storage/storageAccounts/listKeys/action'))
  ),
  "q_4" AS (
    SELECT *
    FROM "q_3"
    WHERE (lower("ActivityStatusValue") = lower('Success'))
  ),
  "q_5" AS (
    SELECT
      "OperationNameValue",
      "ResourceGroup",
      "SubscriptionId",
      "Caller",
      "CategoryValue",
      "HTTPRequest",
      "Properties",
      "TenantId",
      "Type",
      (TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM "TimeGenerated") * 1000000 / 180000000) * 180000000 AS bigint) * INTERVAL '1 microsecond') AS "TimeKey",
      "CallerIpAddress" AS "AzureIP"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      coalesce("OperationNameValue", '') AS "OperationNameValue",
      coalesce("ResourceGroup", '') AS "ResourceGroup",
      coalesce("Caller", '') AS "Caller",
      coalesce("CallerIpAddress", '') AS "CallerIpAddress",
      "TimeGenerated"
    FROM "AzureActivity"
  ),
  "q_7" AS (
    SELECT *
    FROM "q_6"
    WHERE ("ResourceGroup" ~* '(^|[^[:alnum:]])cloud-shell($|[^[:alnum:]])')
  ),
  "q_8" AS (
    SELECT *
    FROM "q_7"
    WHERE (lower("OperationNameValue") = lower('Microsoft.Storage/storageAccounts/write'))
  ),
  "q_9" AS (
    SELECT
      "OperationNameValue",
      "Caller",
      (TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM "TimeGenerated") * 1000000 / 180000000) * 180000000 AS bigint) * INTERVAL '1 microsecond') AS "TimeKey",
      "CallerIpAddress" AS "UserIP"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      l."OperationNameValue",
      l."ResourceGroup",
      l."SubscriptionId",
      l."Caller",
      l."CategoryValue",
      l."HTTPRequest",
      l."Properties",
      l."TenantId",
      l."Type",
      l."TimeKey",
      l."AzureIP",
      r."OperationNameValue" AS "OperationNameValue1",
      r."UserIP"
    FROM "q_5" AS l
    INNER JOIN "q_9" AS r
      ON l."Caller" = r."Caller" AND l."TimeKey" IS NOT DISTINCT FROM r."TimeKey"
  ),
  "q_11" AS (
    SELECT
      "ResourceGroup",
      "SubscriptionId",
      "Caller",
      "CategoryValue",
      "HTTPRequest",
      "Properties",
      "TenantId",
      "Type",
      "TimeKey",
      "AzureIP",
      "UserIP",
      ("OperationNameValue" || ' , ' || "OperationNameValue1") AS "__s1"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      "TimeKey" AS "TimeKey",
      "Caller" AS "Caller",
      "ResourceGroup" AS "ResourceGroup",
      "SubscriptionId" AS "SubscriptionId",
      "TenantId" AS "TenantId",
      "AzureIP" AS "AzureIP",
      "UserIP" AS "UserIP",
      "HTTPRequest" AS "HTTPRequest",
      "Type" AS "Type",
      "Properties" AS "Properties",
      "CategoryValue" AS "CategoryValue",
      "__s1" AS "OperationList",
      count(*) AS "count_"
    FROM "q_11"
    GROUP BY "TimeKey", "Caller", "ResourceGroup", "SubscriptionId", "TenantId", "AzureIP", "UserIP", "HTTPRequest", "Type", "Properties", "CategoryValue", "__s1"
  )
SELECT
  *,
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Caller", '@', 0), 0)) AS "Name",
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Caller", '@', 1), 0)) AS "UPNSuffix"
FROM "q_12"
