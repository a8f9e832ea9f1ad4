WITH
  "check_actions_1" AS (
    SELECT
      coalesce("AwsEventId", '') AS "AwsEventId",
      coalesce("ErrorCode", '') AS "ErrorCode",
      coalesce("ErrorMessage", '') AS "ErrorMessage",
      coalesce("EventName", '') AS "EventName",
      coalesce("RequestParameters", '') AS "RequestParameters"
    FROM "AWSCloudTrail"
  ),
  "check_actions_2" AS (
    SELECT *
    FROM "check_actions_1"
    WHERE ((("EventName" IN ('CreateKey', 'PutKeyPolicy')) AND ("ErrorCode" = '')) AND ("ErrorMessage" = ''))
  ),
  "check_actions_3" AS (
    SELECT
      *,
      json_extract(CASE WHEN "RequestParameters" = '' THEN NULL ELSE coalesce(try(json_parse("RequestParameters")), CAST("RequestParameters" AS json)) END, '$["policy"]') AS "__1"
    FROM "check_actions_2"
  ),
  "check_actions_4" AS (
    SELECT
      *,
      replace(coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, ''), '\"', '"') AS "__2"
    FROM "check_actions_3"
  ),
  "check_actions_5" AS (
    SELECT
      "AwsEventId",
      json_extract(CASE WHEN "__2" = '' THEN NULL ELSE coalesce(try(json_parse("__2")), CAST("__2" AS json)) END, '$["Statement"]') AS "state"
    FROM "check_actions_4"
  ),
  "check_actions_6" AS (
    SELECT
      t."AwsEventId",
      u.v1 AS "state"
    FROM "check_actions_5" AS t
    CROSS JOIN UNNEST(
      CASE
        WHEN json_array_length(t."state") IS NOT NULL THEN CAST(t."state" AS array(json))
        WHEN try_cast(t."state" AS map(varchar, json)) IS NOT NULL THEN transform(
          map_entries(CAST(t."state" AS map(varchar, json))),
          e -> CAST(map(ARRAY[e[1]], ARRAY[e[2]]) AS json))
        ELSE ARRAY[t."state"]
      END
    ) WITH ORDINALITY AS u (v1, n)
  ),
  "check_actions_7" AS (
    SELECT
      *,
      json_extract("state", '$["Action"][0]') AS "__3",
      json_extract("state", '$["Effect"]') AS "__4",
      json_extract("state", '$["Principal"]') AS "__5"
    FROM "check_actions_6"
  ),
  "check_actions_8" AS (
    SELECT
      "AwsEventId",
      coalesce(CASE WHEN json_format("__3") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__3", '$'), json_format("__3")) END, '') AS "Action",
      coalesce(CASE WHEN json_format("__4") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__4", '$'), json_format("__4")) END, '') AS "Effect",
      coalesce(CASE WHEN json_format("__5") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__5", '$'), json_format("__5")) END, '') AS "Principal"
    FROM "check_actions_7"
  ),
  "check_actions_9" AS (
    SELECT *
    FROM "check_actions_8"
    WHERE ((("Action" IN ('kms:Encrypt', 'kms:*')) AND ("Effect" = 'Allow')) AND (strpos(lower("Principal"), lower('*')) > 0))
  ),
  "check_actions_10" AS (
    SELECT
      "AwsEventId"
    FROM "check_actions_9"
  ),
  "check_actions" AS (
    SELECT DISTINCT *
    FROM "check_actions_10"
  ),
  "q_12" AS (
    SELECT
      coalesce("AdditionalEventData", '') AS "AdditionalEventData",
      coalesce("APIVersion", '') AS "APIVersion",
      coalesce("AwsEventId", '') AS "AwsEventId",
      coalesce("AWSRegion", '') AS "AWSRegion",
      coalesce("AwsRequestId", '') AS "AwsRequestId",
      coalesce("AwsRequestId_", '') AS "AwsRequestId_",
      coalesce("Category", '') AS "Category",
      coalesce("CidrIp", '') AS "CidrIp",
      coalesce("CipherSuite", '') AS "CipherSuite",
      coalesce("ClientProvidedHostHeader", '') AS "ClientProvidedHostHeader",
      coalesce("DestinationPort", '') AS "DestinationPort",
      coalesce("EC2RoleDelivery", '') AS "EC2RoleDelivery",
      coalesce("ErrorCode", '') AS "ErrorCode",
      coalesce("ErrorMessage", '') AS "ErrorMessage",
      coalesce("EventName", '') AS "EventName",
      coalesce("EventSource", '') AS "EventSource",
      coalesce("EventTypeName", '') AS "EventTypeName",
      coalesce("EventVersion", '') AS "EventVersion",
      coalesce("IpProtocol", '') AS "IpProtocol",
      "ManagementEvent",
      coalesce("OperationName", '') AS "OperationName",
      "ReadOnly",
      coalesce("RecipientAccountId", '') AS "RecipientAccountId",
      coalesce("RequestParameters", '') AS "RequestParameters",
      coalesce("Resources", '') AS "Resources",
      coalesce("ResponseElements", '') AS "ResponseElements",
      coalesce("ServiceEventDetails", '') AS "ServiceEventDetails",
      "SessionCreationDate",
      coalesce("SessionIssuerAccountId", '') AS "SessionIssuerAccountId",
      coalesce("SessionIssuerArn", '') AS "SessionIssuerArn",
      coalesce("SessionIssuerPrincipalId", '') AS "SessionIssuerPrincipalId",
      coalesce("SessionIssuerType", '') AS "SessionIssuerType",
      coalesce("SessionIssuerUserName", '') AS "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      coalesce("SharedEventId", '') AS "SharedEventId",
      coalesce("SourceIpAddress", '') AS "SourceIpAddress",
      coalesce("SourcePort", '') AS "SourcePort",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("TenantId", '') AS "TenantId",
      "TimeGenerated",
      coalesce("TlsVersion", '') AS "TlsVersion",
      coalesce("Type", '') AS "Type",
      coalesce("UserAgent", '') AS "UserAgent",
      coalesce("UserIdentityAccessKeyId", '') AS "UserIdentityAccessKeyId",
      coalesce("UserIdentityAccountId", '') AS "UserIdentityAccountId",
      coalesce("UserIdentityArn", '') AS "UserIdentityArn",
      coalesce("UserIdentityInvokedBy", '') AS "UserIdentityInvokedBy",
      coalesce("UserIdentityPrincipalid", '') AS "UserIdentityPrincipalid",
      coalesce("UserIdentityStoreArn", '') AS "UserIdentityStoreArn",
      coalesce("UserIdentityType", '') AS "UserIdentityType",
      coalesce("UserIdentityUserId", '') AS "UserIdentityUserId",
      coalesce("UserIdentityUserName", '') AS "UserIdentityUserName",
      coalesce("VpcEndpointId", '') AS "VpcEndpointId",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "_BilledSize"
    FROM "AWSCloudTrail"
  ),
  "q_13" AS (
    SELECT *
    FROM "q_12"
    WHERE ((("EventName" IN ('CreateKey', 'PutKeyPolicy')) AND ("ErrorCode" = '')) AND ("ErrorMessage" = ''))
  ),
  "q_14" AS (
    SELECT
      *,
      json_extract(CASE WHEN "Resources" = '' THEN NULL ELSE coalesce(try(json_parse("Resources")), CAST("Resources" AS json)) END, '$[0]["ARN"]') AS "__6"
    FROM "q_13"
  ),
  "q_15" AS (
    SELECT
      "AdditionalEventData",
      "APIVersion",
      "AwsEventId",
      "AWSRegion",
      "AwsRequestId",
      "AwsRequestId_",
      "Category",
      "CidrIp",
      "CipherSuite",
      "ClientProvidedHostHeader",
      "DestinationPort",
      "EC2RoleDelivery",
      "ErrorCode",
      "ErrorMessage",
      "EventName",
      "EventSource",
      "EventTypeName",
      "EventVersion",
      "IpProtocol",
      "ManagementEvent",
      "OperationName",
      "ReadOnly",
      "RecipientAccountId",
      "RequestParameters",
      "Resources",
      "ResponseElements",
      "ServiceEventDetails",
      "SessionCreationDate",
      "SessionIssuerAccountId",
      "SessionIssuerArn",
      "SessionIssuerPrincipalId",
      "SessionIssuerType",
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SharedEventId",
      "SourceIpAddress",
      "SourcePort",
      "SourceSystem",
      "TenantId",
      "TimeGenerated",
      "TlsVersion",
      "Type",
      "UserAgent",
      "UserIdentityAccessKeyId",
      "UserIdentityAccountId",
      CASE WHEN ("UserIdentityArn" = '') THEN coalesce(CASE WHEN json_format("__6") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__6", '$'), json_format("__6")) END, '') ELSE "UserIdentityArn" END AS "UserIdentityArn",
      "UserIdentityInvokedBy",
      "UserIdentityPrincipalid",
      "UserIdentityStoreArn",
      "UserIdentityType",
      "UserIdentityUserId",
      "UserIdentityUserName",
      "VpcEndpointId",
      "_ResourceId",
      "_SubscriptionId",
      "_TimeReceived",
      "_ItemId",
      "_IsBillable",
      "_BilledSize"
    FROM "q_14"
  ),
  "q_16" AS (
    SELECT
      *,
      element_at(try_cast(CAST(split("UserIdentityArn", '/') AS json) AS array(json)), -1) AS "__7"
    FROM "q_15"
  ),
  "q_17" AS (
    SELECT
      "AdditionalEventData",
      "APIVersion",
      "AwsEventId",
      "AWSRegion",
      "AwsRequestId",
      "AwsRequestId_",
      "Category",
      "CidrIp",
      "CipherSuite",
      "ClientProvidedHostHeader",
      "DestinationPort",
      "EC2RoleDelivery",
      "ErrorCode",
      "ErrorMessage",
      "EventName",
      "EventSource",
      "EventTypeName",
      "EventVersion",
      "IpProtocol",
      "ManagementEvent",
      "OperationName",
      "ReadOnly",
      "RecipientAccountId",
      "RequestParameters",
      "Resources",
      "ResponseElements",
      "ServiceEventDetails",
      "SessionCreationDate",
      "SessionIssuerAccountId",
      "SessionIssuerArn",
      "SessionIssuerPrincipalId",
      "SessionIssuerType",
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SharedEventId",
      "SourceIpAddress",
      "SourcePort",
      "SourceSystem",
      "TenantId",
      "TimeGenerated",
      "TlsVersion",
      "Type",
      "UserAgent",
      "UserIdentityAccessKeyId",
      "UserIdentityAccountId",
      "UserIdentityArn",
      "UserIdentityInvokedBy",
      "UserIdentityPrincipalid",
      "UserIdentityStoreArn",
      "UserIdentityType",
      "UserIdentityUserId",
      "UserIdentityUserName",
      "VpcEndpointId",
      "_ResourceId",
      "_SubscriptionId",
      "_TimeReceived",
      "_ItemId",
      "_IsBillable",
      "_BilledSize",
      coalesce(CASE WHEN json_format("__7") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__7", '$'), json_format("__7")) END, '') AS "UserName"
    FROM "q_16"
  ),
  "q_18" AS (
    SELECT
      *,
      CASE WHEN ("UserIdentityPrincipalid" = 'Anonymous') THEN 'Anonymous' WHEN ("UserIdentityUserName" = '') THEN "UserName" ELSE "UserIdentityUserName" END AS "AccountName"
    FROM "q_17"
  ),
  "q_19" AS (
    SELECT
      *,
      json_extract(CASE WHEN 0 >= 0 AND cardinality(split("AccountName", '@')) > 0 THEN CAST(ARRAY[element_at(split("AccountName", '@'), 0 + 1)] AS json) END, '$[0]') AS "__8",
      json_extract(CASE WHEN 1 >= 0 AND cardinality(split("AccountName", '@')) > 1 THEN CAST(ARRAY[element_at(split("AccountName", '@'), 1 + 1)] AS json) END, '$[0]') AS "__9"
    FROM "q_18"
  ),
  "q_20" AS (
    SELECT
      "AdditionalEventData",
      "APIVersion",
      "AwsEventId",
      "AWSRegion",
      "AwsRequestId",
      "AwsRequestId_",
      "Category",
      "CidrIp",
      "CipherSuite",
      "ClientProvidedHostHeader",
      "DestinationPort",
      "EC2RoleDelivery",
      "ErrorCode",
      "ErrorMessage",
      "EventName",
      "EventSource",
      "EventTypeName",
      "EventVersion",
      "IpProtocol",
      "ManagementEvent",
      "OperationName",
      "ReadOnly",
      "RecipientAccountId",
      "RequestParameters",
      "Resources",
      "ResponseElements",
      "ServiceEventDetails",
      "SessionCreationDate",
      "SessionIssuerAccountId",
      "SessionIssuerArn",
      "SessionIssuerPrincipalId",
      "SessionIssuerType",
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SharedEventId",
      "SourceIpAddress",
      "SourcePort",
      "SourceSystem",
      "TenantId",
      "TimeGenerated",
      "TlsVersion",
      "Type",
      "UserAgent",
      "UserIdentityAccessKeyId",
      "UserIdentityAccountId",
      "UserIdentityArn",
      "UserIdentityInvokedBy",
      "UserIdentityPrincipalid",
      "UserIdentityStoreArn",
      "UserIdentityType",
      "UserIdentityUserId",
      "UserIdentityUserName",
      "VpcEndpointId",
      "_ResourceId",
      "_SubscriptionId",
      "_TimeReceived",
      "_ItemId",
      "_IsBillable",
      "_BilledSize",
      "UserName",
      CASE WHEN (strpos(lower("AccountName"), lower('@')) > 0) THEN coalesce(CASE WHEN json_format("__8") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__8", '$'), json_format("__8")) END, '') ELSE "AccountName" END AS "AccountName",
      CASE WHEN (strpos(lower("AccountName"), lower('@')) > 0) THEN coalesce(CASE WHEN json_format("__9") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__9", '$'), json_format("__9")) END, '') ELSE '' END AS "AccountUPNSuffix"
    FROM "q_19"
  ),
  "q_21" AS (
    SELECT
      l."AdditionalEventData",
      l."APIVersion",
      l."AwsEventId",
      l."AWSRegion",
      l."AwsRequestId",
      l."AwsRequestId_",
      l."Category",
      l."CidrIp",
      l."CipherSuite",
      l."ClientProvidedHostHeader",
      l."DestinationPort",
      l."EC2RoleDelivery",
      l."ErrorCode",
      l."ErrorMessage",
      l."EventName",
      l."EventSource",
      l."EventTypeName",
      l."EventVersion",
      l."IpProtocol",
      l."ManagementEvent",
      l."OperationName",
      l."ReadOnly",
      l."RecipientAccountId",
      l."RequestParameters",
      l."Resources",
      l."ResponseElements",
      l."ServiceEventDetails",
      l."SessionCreationDate",
      l."SessionIssuerAccountId",
      l."SessionIssuerArn",
      l."SessionIssuerPrincipalId",
      l."SessionIssuerType",
      l."SessionIssuerUserName",
      l."SessionMfaAuthenticated",
      l."SharedEventId",
      l."SourceIpAddress",
      l."SourcePort",
      l."SourceSystem",
      l."TenantId",
      l."TimeGenerated",
      l."TlsVersion",
      l."Type",
      l."UserAgent",
      l."UserIdentityAccessKeyId",
      l."UserIdentityAccountId",
      l."UserIdentityArn",
      l."UserIdentityInvokedBy",
      l."UserIdentityPrincipalid",
      l."UserIdentityStoreArn",
      l."UserIdentityType",
      l."UserIdentityUserId",
      l."UserIdentityUserName",
      l."VpcEndpointId",
      l."_ResourceId",
      l."_SubscriptionId",
      l."_TimeReceived",
      l."_ItemId",
      l."_IsBillable",
      l."_BilledSize",
      l."UserName",
      l."AccountName",
      l."AccountUPNSuffix"
    FROM "q_20" AS l
    INNER JOIN "check_actions" AS r
      ON l."AwsEventId" = r."AwsEventId"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp"
FROM "q_21"
