WITH
  "q_1" AS (
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
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (lower("EventName") = lower('ConsoleLogin'))
  ),
  "q_3" AS (
    SELECT
      *,
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("AdditionalEventData"), 'MFAUsed')) AS "MFAUsed",
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("ResponseElements"), 'ConsoleLogin')) AS "LoginResult",
      (strpos("UserIdentityPrincipalid", ':') - 1) AS "indexId"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT *
    FROM "q_3"
    WHERE ((lower("MFAUsed") <> lower('Yes')) AND (lower("LoginResult") <> lower('Failure')))
  ),
  "q_5" AS (
    SELECT *
    FROM "q_4"
    WHERE (NOT (strpos(lower("SessionIssuerUserName"), lower('AWSReservedSSO')) > 0))
  ),
  "q_6" AS (
    SELECT
      "EventName" AS "EventName",
      "EventTypeName" AS "EventTypeName",
      "LoginResult" AS "LoginResult",
      "MFAUsed" AS "MFAUsed",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserAgent" AS "UserAgent",
      "UserIdentityUserName" AS "UserIdentityUserName",
      "SessionMfaAuthenticated" AS "SessionMfaAuthenticated",
      "SourceIpAddress" AS "SourceIpAddress",
      "AWSRegion" AS "AWSRegion",
      "indexId" AS "indexId",
      min("TimeGenerated") AS "StartTimeUtc",
      max("TimeGenerated") AS "EndTimeUtc"
    FROM "q_5"
    GROUP BY "EventName", "EventTypeName", "LoginResult", "MFAUsed", "UserIdentityAccountId", "UserIdentityPrincipalid", "UserAgent", "UserIdentityUserName", "SessionMfaAuthenticated", "SourceIpAddress", "AWSRegion", "indexId"
  )
SELECT
  *,
  "StartTimeUtc" AS "timestamp",
  CASE WHEN ("UserIdentityUserName" = '') THEN rule2sql.substring("UserIdentityPrincipalid", (CASE WHEN "indexId" > -2147483649 AND "indexId" < 2147483648 THEN CAST("indexId" AS integer) END + 1)) ELSE "UserIdentityUserName" END AS "AccountCustomEntity",
  "SourceIpAddress" AS "IPCustomEntity"
FROM "q_6"
