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
    WHERE (kql_term("ResourceGroup", 'cloud-shell', 'has', 0) = 1)
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (kql_lower("OperationNameValue") = kql_lower('Microsoft.Storage/storageAccounts/listKeys/action'))
  ),
  "q_4" AS (
    SELECT *
    FROM "q_3"
    WHERE (kql_lower("ActivityStatusValue") = kql_lower('Success'))
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
      ("TimeGenerated" - ((("TimeGenerated" % 180000000) + 180000000) % 180000000)) AS "TimeKey",
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
    WHERE (kql_term("ResourceGroup", 'cloud-shell', 'has', 0) = 1)
  ),
  "q_8" AS (
    SELECT *
    FROM "q_7"
    WHERE (kql_lower("OperationNameValue") = kql_lower('Microsoft.Storage/storageAccounts/write'))
  ),
  "q_9" AS (
    SELECT
      "OperationNameValue",
      "Caller",
      ("TimeGenerated" - ((("TimeGenerated" % 180000000) + 180000000) % 180000000)) AS "TimeKey",
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
      ON l."Caller" = r."Caller" AND l."TimeKey" IS r."TimeKey"
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
      nullif(kql_split("Caller", '@', 0) -> '$[0]', 'null') AS "__1",
      nullif(kql_split("Caller", '@', 1) -> '$[0]', 'null') AS "__2"
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
  coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "Name",
  coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "UPNSuffix"
FROM "q_13"
