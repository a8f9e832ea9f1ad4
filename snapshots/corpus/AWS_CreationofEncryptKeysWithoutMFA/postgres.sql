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
    WHERE (((("EventName" = 'CreateKey') OR ("EventName" = 'PutKeyPolicy')) AND ("ErrorCode" = '')) AND ("ErrorMessage" = ''))
  ),
  "check_actions_3" AS (
    SELECT
      "AwsEventId",
      rule2sql.key(rule2sql.parse_json(replace(rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("RequestParameters"), 'policy')), '\"', '"')), 'Statement') AS "state"
    FROM "check_actions_2"
  ),
  "check_actions_4" AS (
    SELECT
      t."AwsEventId",
      e.v1 AS "state"
    FROM "check_actions_3" AS t
    CROSS JOIN LATERAL ROWS FROM (rule2sql.mv_elements(t."state", FALSE)) WITH ORDINALITY AS e(v1, n)
  ),
  "check_actions_5" AS (
    SELECT
      "AwsEventId",
      rule2sql.dyn_tostring(rule2sql.idx(rule2sql.key("state", 'Action'), 0)) AS "Action",
      rule2sql.dyn_tostring(rule2sql.key("state", 'Effect')) AS "Effect",
      rule2sql.dyn_tostring(rule2sql.key("state", 'Principal')) AS "Principal"
    FROM "check_actions_4"
  ),
  "check_actions_6" AS (
    SELECT *
    FROM "check_actions_5"
    WHERE (((("Action" = 'kms:Encrypt') OR ("Action" = 'kms:*')) AND ("Effect" = 'Allow')) AND (strpos(lower("Principal"), lower('*')) > 0))
  ),
  "check_actions_7" AS (
    SELECT
      "AwsEventId"
    FROM "check_actions_6"
  ),
  "check_actions" AS (
    SELECT DISTINCT *
    FROM "check_actions_7"
  ),
  "q_9" AS (
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
  "q_10" AS (
    SELECT *
    FROM "q_9"
    WHERE (((("EventName" = 'CreateKey') OR ("EventName" = 'PutKeyPolicy')) AND ("ErrorCode" = '')) AND ("ErrorMessage" = ''))
  ),
  "q_11" AS (
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
      l."_BilledSize"
    FROM "q_10" AS l
    INNER JOIN "check_actions" AS r
      ON l."AwsEventId" = r."AwsEventId"
  ),
  "q_12" AS (
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
      CASE WHEN (NOT ("UserIdentityUserName" = '')) THEN "UserIdentityUserName" ELSE rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("UserIdentityArn", '/'), -1)) END AS "UserIdentityUserName",
      "VpcEndpointId",
      "_ResourceId",
      "_SubscriptionId",
      "_TimeReceived",
      "_ItemId",
      "_IsBillable",
      "_BilledSize"
    FROM "q_11"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp",
  "SourceIpAddress" AS "IPCustomEntity",
  "UserIdentityUserName" AS "AccountCustomEntity"
FROM "q_12"
