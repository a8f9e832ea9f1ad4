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
      nullif(iif(json_valid("RequestParameters"), nullif(json("RequestParameters"), 'null'), nullif(json_quote("RequestParameters"), '""')) -> '$."policy"', 'null') AS "__1"
    FROM "check_actions_2"
  ),
  "check_actions_4" AS (
    SELECT
      *,
      replace(coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, ''), '\"', '"') AS "__2"
    FROM "check_actions_3"
  ),
  "check_actions_5" AS (
    SELECT
      "AwsEventId",
      nullif(iif(json_valid("__2"), nullif(json("__2"), 'null'), nullif(json_quote("__2"), '""')) -> '$."Statement"', 'null') AS "state"
    FROM "check_actions_4"
  ),
  "check_actions_6" AS (
    SELECT
      t."AwsEventId",
      nullif(t."__mv1" -> ('$[' || j.key || ']'), 'null') AS "state"
    FROM (
      SELECT *, CASE json_type("state") WHEN 'array' THEN "state" WHEN 'object' THEN (SELECT json_group_array(json_object(e.key, "state" -> e.fullkey)) FROM json_each("state") AS e) ELSE json_array("state" -> '$') END AS "__mv1"
      FROM "check_actions_5"
    ) AS t
    JOIN json_each(t."__mv1") AS j
  ),
  "check_actions_7" AS (
    SELECT
      *,
      nullif("state" -> '$."Action"[0]', 'null') AS "__3",
      nullif("state" -> '$."Effect"', 'null') AS "__4",
      nullif("state" -> '$."Principal"', 'null') AS "__5"
    FROM "check_actions_6"
  ),
  "check_actions_8" AS (
    SELECT
      "AwsEventId",
      coalesce(CASE json_type("__3") WHEN 'text' THEN "__3" ->> '$' WHEN 'null' THEN '' ELSE json("__3") END, '') AS "Action",
      coalesce(CASE json_type("__4") WHEN 'text' THEN "__4" ->> '$' WHEN 'null' THEN '' ELSE json("__4") END, '') AS "Effect",
      coalesce(CASE json_type("__5") WHEN 'text' THEN "__5" ->> '$' WHEN 'null' THEN '' ELSE json("__5") END, '') AS "Principal"
    FROM "check_actions_7"
  ),
  "check_actions_9" AS (
    SELECT *
    FROM "check_actions_8"
    WHERE ((("Action" IN ('kms:Encrypt', 'kms:*')) AND ("Effect" = 'Allow')) AND (kql_term("Principal", '*', 'has', 0) = 1))
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
      nullif(iif(json_valid("Resources"), nullif(json("Resources"), 'null'), nullif(json_quote("Resources"), '""')) -> '$[0]."ARN"', 'null') AS "__6"
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
      CASE WHEN ("UserIdentityArn" = '') THEN coalesce(CASE json_type("__6") WHEN 'text' THEN "__6" ->> '$' WHEN 'null' THEN '' ELSE json("__6") END, '') ELSE "UserIdentityArn" END AS "UserIdentityArn",
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
      nullif(kql_split("UserIdentityArn", '/') -> '$[#-1]', 'null') AS "__7"
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
      coalesce(CASE json_type("__7") WHEN 'text' THEN "__7" ->> '$' WHEN 'null' THEN '' ELSE json("__7") END, '') AS "UserName"
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
      nullif(kql_split("AccountName", '@', 0) -> '$[0]', 'null') AS "__8",
      nullif(kql_split("AccountName", '@', 1) -> '$[0]', 'null') AS "__9"
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
      CASE WHEN (instr(kql_lower("AccountName"), kql_lower('@')) > 0) THEN coalesce(CASE json_type("__8") WHEN 'text' THEN "__8" ->> '$' WHEN 'null' THEN '' ELSE json("__8") END, '') ELSE "AccountName" END AS "AccountName",
      CASE WHEN (instr(kql_lower("AccountName"), kql_lower('@')) > 0) THEN coalesce(CASE json_type("__9") WHEN 'text' THEN "__9" ->> '$' WHEN 'null' THEN '' ELSE json("__9") END, '') ELSE '' END AS "AccountUPNSuffix"
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
