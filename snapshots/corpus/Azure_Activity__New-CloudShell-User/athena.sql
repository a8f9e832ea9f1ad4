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
    WHERE regexp_like("ResourceGroup", '(?i)(^|[^\p{L}\p{N}])cloud-shell($|[^\p{L}\p{N}])')
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
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 180000) AS bigint) * 180000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "TimeKey",
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
    WHERE regexp_like("ResourceGroup", '(?i)(^|[^\p{L}\p{N}])cloud-shell($|[^\p{L}\p{N}])')
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
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 180000) AS bigint) * 180000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "TimeKey",
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
  ),
  "q_13" AS (
    SELECT
      *,
      json_extract(CASE WHEN 0 >= 0 AND cardinality(split("Caller", '@')) > 0 THEN CAST(ARRAY[element_at(split("Caller", '@'), 0 + 1)] AS json) END, '$[0]') AS "__1",
      json_extract(CASE WHEN 1 >= 0 AND cardinality(split("Caller", '@')) > 1 THEN CAST(ARRAY[element_at(split("Caller", '@'), 1 + 1)] AS json) END, '$[0]') AS "__2"
    FROM "q_12"
  )
SELECT
  "TimeKey",
  "Caller",
  "ResourceGroup",
  "SubscriptionId",
  "TenantId",
  "AzureIP",
  "UserIP",
  "HTTPRequest",
  "Type",
  "Properties",
  "CategoryValue",
  "OperationList",
  "count_",
  coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "Name",
  coalesce(CASE WHEN json_format("__2") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__2", '$'), json_format("__2")) END, '') AS "UPNSuffix"
FROM "q_13"
