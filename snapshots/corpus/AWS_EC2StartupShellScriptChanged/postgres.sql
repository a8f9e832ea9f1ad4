WITH
  "q_1" AS (
    SELECT
      coalesce("AdditionalEventData", '') AS "AdditionalEventData",
      coalesce("APIVersion", '') AS "APIVersion",
      coalesce("AwsEventId", '') AS "AwsEventId",
      coalesce("AWSRegion", '') AS "AWSRegion",
      coalesce("AwsRequestId", '') AS "AwsRequestId",
      coalesce("AwsRequestId_", '') AS "AwsRequestId_",
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
      coalesce("SessionIssuerArn", '') AS "SessionIssuerArn",
      coalesce("SessionIssuerPrincipalId", '') AS "SessionIssuerPrincipalId",
      coalesce("SessionIssuerType", '') AS "SessionIssuerType",
      coalesce("SessionIssuerUserName", '') AS "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      coalesce("SharedEventId", '') AS "SharedEventId",
      coalesce("SourceIpAddress", '') AS "SourceIpAddress",
      coalesce("SourcePort", '') AS "SourcePort",
      "TimeGenerated",
      coalesce("TlsVersion", '') AS "TlsVersion",
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
    WHERE (("EventName" = 'ModifyInstanceAttribute') OR ("EventName" = 'CreateLaunchTemplate'))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (strpos(lower("RequestParameters"), lower('userData')) > 0)
  ),
  "q_4" AS (
    SELECT
      *,
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("RequestParameters"), 'userData')) AS "userData_"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      *,
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("RequestParameters"), 'instanceId')) AS "instanceId_"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      *,
      rule2sql.substring("UserIdentityPrincipalid", ((regexp_instr("UserIdentityPrincipalid", ':') - 1) + 1)) AS "UserName"
    FROM "q_5"
  )
SELECT
  *,
  rule2sql.idx(rule2sql.split("UserName", '@'), 0) AS "Name",
  rule2sql.idx(rule2sql.split("UserName", '@'), 1) AS "UpnSuffix"
FROM "q_6"
