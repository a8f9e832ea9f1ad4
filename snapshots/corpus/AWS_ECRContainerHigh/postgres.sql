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
    WHERE ((("EventName" = 'DescribeImageScanFindings') AND ("ErrorCode" = '')) AND ("ErrorMessage" = ''))
  ),
  "q_3" AS (
    SELECT
      *,
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("ResponseElements"), 'repositoryName')) AS "repoName"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      *,
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.key(rule2sql.parse_json("ResponseElements"), 'imageId'), 'imageDigest')) AS "imageId"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      *,
      rule2sql.toint(rule2sql.dyn_tostring(rule2sql.key(rule2sql.key(rule2sql.key(rule2sql.parse_json("ResponseElements"), 'imageScanFindings'), 'findingSeverityCounts'), 'CRITICAL'))) AS "Critical"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      *,
      rule2sql.toint(rule2sql.dyn_tostring(rule2sql.key(rule2sql.key(rule2sql.key(rule2sql.parse_json("ResponseElements"), 'imageScanFindings'), 'findingSeverityCounts'), 'HIGH'))) AS "High"
    FROM "q_5"
  ),
  "q_7" AS (
    SELECT *
    FROM "q_6"
    WHERE (("Critical" > 0) OR ("High" > 0))
  ),
  "q_8" AS (
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
      "_BilledSize",
      "repoName",
      "imageId",
      "Critical",
      "High"
    FROM "q_7"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp",
  "SourceIpAddress" AS "IPCustomEntity",
  "UserIdentityUserName" AS "AccountCustomEntity"
FROM "q_8"
