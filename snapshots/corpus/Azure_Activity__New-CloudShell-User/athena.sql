WITH
  "q_1" AS (
    SELECT
      coalesce("OperationName", '') AS "OperationName",
      coalesce("OperationNameValue", '') AS "OperationNameValue",
      coalesce("Level", '') AS "Level",
      coalesce("ActivityStatus", '') AS "ActivityStatus",
      coalesce("ActivityStatusValue", '') AS "ActivityStatusValue",
      coalesce("ResourceGroup", '') AS "ResourceGroup",
      coalesce("SubscriptionId", '') AS "SubscriptionId",
      coalesce("CorrelationId", '') AS "CorrelationId",
      coalesce("Caller", '') AS "Caller",
      coalesce("CallerIpAddress", '') AS "CallerIpAddress",
      coalesce("Category", '') AS "Category",
      coalesce("CategoryValue", '') AS "CategoryValue",
      coalesce("HTTPRequest", '') AS "HTTPRequest",
      coalesce("Properties", '') AS "Properties",
      "EventSubmissionTimestamp",
      coalesce("Authorization", '') AS "Authorization",
      coalesce("ResourceId", '') AS "ResourceId",
      coalesce("OperationId", '') AS "OperationId",
      coalesce("ResourceProvider", '') AS "ResourceProvider",
      coalesce("ResourceProviderValue", '') AS "ResourceProviderValue",
      coalesce("Resource", '') AS "Resource",
      coalesce("EventDataId", '') AS "EventDataId",
      coalesce("TenantId", '') AS "TenantId",
      "TimeGenerated",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("Authorization_d", '') AS "Authorization_d",
      coalesce("Claims", '') AS "Claims",
      coalesce("Claims_d", '') AS "Claims_d",
      coalesce("Properties_d", '') AS "Properties_d",
      coalesce("Hierarchy", '') AS "Hierarchy",
      coalesce("Type", '') AS "Type",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("log_s", '') AS "log_s",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "_BilledSize"
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
      *,
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 180000) AS bigint) * 180000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "TimeKey",
      "CallerIpAddress" AS "AzureIP"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      coalesce("OperationName", '') AS "OperationName",
      coalesce("OperationNameValue", '') AS "OperationNameValue",
      coalesce("Level", '') AS "Level",
      coalesce("ActivityStatus", '') AS "ActivityStatus",
      coalesce("ActivityStatusValue", '') AS "ActivityStatusValue",
      coalesce("ResourceGroup", '') AS "ResourceGroup",
      coalesce("SubscriptionId", '') AS "SubscriptionId",
      coalesce("CorrelationId", '') AS "CorrelationId",
      coalesce("Caller", '') AS "Caller",
      coalesce("CallerIpAddress", '') AS "CallerIpAddress",
      coalesce("Category", '') AS "Category",
      coalesce("CategoryValue", '') AS "CategoryValue",
      coalesce("HTTPRequest", '') AS "HTTPRequest",
      coalesce("Properties", '') AS "Properties",
      "EventSubmissionTimestamp",
      coalesce("Authorization", '') AS "Authorization",
      coalesce("ResourceId", '') AS "ResourceId",
      coalesce("OperationId", '') AS "OperationId",
      coalesce("ResourceProvider", '') AS "ResourceProvider",
      coalesce("ResourceProviderValue", '') AS "ResourceProviderValue",
      coalesce("Resource", '') AS "Resource",
      coalesce("EventDataId", '') AS "EventDataId",
      coalesce("TenantId", '') AS "TenantId",
      "TimeGenerated",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("Authorization_d", '') AS "Authorization_d",
      coalesce("Claims", '') AS "Claims",
      coalesce("Claims_d", '') AS "Claims_d",
      coalesce("Properties_d", '') AS "Properties_d",
      coalesce("Hierarchy", '') AS "Hierarchy",
      coalesce("Type", '') AS "Type",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("log_s", '') AS "log_s",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "_BilledSize"
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
      *,
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 180000) AS bigint) * 180000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "TimeKey",
      "CallerIpAddress" AS "UserIP"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      l."OperationName",
      l."OperationNameValue",
      l."Level",
      l."ActivityStatus",
      l."ActivityStatusValue",
      l."ResourceGroup",
      l."SubscriptionId",
      l."CorrelationId",
      l."Caller",
      l."CallerIpAddress",
      l."Category",
      l."CategoryValue",
      l."HTTPRequest",
      l."Properties",
      l."EventSubmissionTimestamp",
      l."Authorization",
      l."ResourceId",
      l."OperationId",
      l."ResourceProvider",
      l."ResourceProviderValue",
      l."Resource",
      l."EventDataId",
      l."TenantId",
      l."TimeGenerated",
      l."SourceSystem",
      l."Authorization_d",
      l."Claims",
      l."Claims_d",
      l."Properties_d",
      l."Hierarchy",
      l."Type",
      l."_ResourceId",
      l."log_s",
      l."_SubscriptionId",
      l."_TimeReceived",
      l."_ItemId",
      l."_IsBillable",
      l."_BilledSize",
      l."TimeKey",
      l."AzureIP",
      r."OperationName" AS "OperationName1",
      r."OperationNameValue" AS "OperationNameValue1",
      r."Level" AS "Level1",
      r."ActivityStatus" AS "ActivityStatus1",
      r."ActivityStatusValue" AS "ActivityStatusValue1",
      r."ResourceGroup" AS "ResourceGroup1",
      r."SubscriptionId" AS "SubscriptionId1",
      r."CorrelationId" AS "CorrelationId1",
      r."Caller" AS "Caller1",
      r."CallerIpAddress" AS "CallerIpAddress1",
      r."Category" AS "Category1",
      r."CategoryValue" AS "CategoryValue1",
      r."HTTPRequest" AS "HTTPRequest1",
      r."Properties" AS "Properties1",
      r."EventSubmissionTimestamp" AS "EventSubmissionTimestamp1",
      r."Authorization" AS "Authorization1",
      r."ResourceId" AS "ResourceId1",
      r."OperationId" AS "OperationId1",
      r."ResourceProvider" AS "ResourceProvider1",
      r."ResourceProviderValue" AS "ResourceProviderValue1",
      r."Resource" AS "Resource1",
      r."EventDataId" AS "EventDataId1",
      r."TenantId" AS "TenantId1",
      r."TimeGenerated" AS "TimeGenerated1",
      r."SourceSystem" AS "SourceSystem1",
      r."Authorization_d" AS "Authorization_d1",
      r."Claims" AS "Claims1",
      r."Claims_d" AS "Claims_d1",
      r."Properties_d" AS "Properties_d1",
      r."Hierarchy" AS "Hierarchy1",
      r."Type" AS "Type1",
      r."_ResourceId" AS "_ResourceId1",
      r."log_s" AS "log_s1",
      r."_SubscriptionId" AS "_SubscriptionId1",
      r."_TimeReceived" AS "_TimeReceived1",
      r."_ItemId" AS "_ItemId1",
      r."_IsBillable" AS "_IsBillable1",
      r."_BilledSize" AS "_BilledSize1",
      r."TimeKey" AS "TimeKey1",
      r."UserIP"
    FROM "q_5" AS l
    INNER JOIN "q_9" AS r
      ON l."Caller" = r."Caller" AND l."TimeKey" IS NOT DISTINCT FROM r."TimeKey"
  ),
  "q_11" AS (
    SELECT
      *,
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
