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
    WHERE ("EventName" IN ('ListAttachedRolePolicies', 'ListRoles', 'ListGroupsForUser', 'ListAttachedUserPolicies', 'ListAccessKeys', 'ListUsers'))
  ),
  "q_3" AS (
    SELECT
      *,
      ("TimeGenerated" - ((("TimeGenerated" % 600000000) + 600000000) % 600000000)) AS "__s1"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "__s1" AS "TimeGenerated",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserIdentityArn" AS "UserIdentityArn",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      count(*) AS "count_",
      json_group_array(DISTINCT "AWSRegion") FILTER (WHERE "AWSRegion" IS NOT NULL) AS "set_AWSRegion",
      json_group_array(DISTINCT "UserAgent") FILTER (WHERE "UserAgent" IS NOT NULL) AS "set_UserAgent",
      json_group_array(DISTINCT "SourceIpAddress") FILTER (WHERE "SourceIpAddress" IS NOT NULL) AS "set_SourceIpAddress",
      json_group_array(DISTINCT "ErrorCode") FILTER (WHERE "ErrorCode" IS NOT NULL) AS "set_ErrorCode",
      json_group_array(DISTINCT "ErrorMessage") FILTER (WHERE "ErrorMessage" IS NOT NULL) AS "set_ErrorMessage",
      json_group_array(DISTINCT "EventName") FILTER (WHERE "EventName" IS NOT NULL) AS "set_EventName"
    FROM "q_3"
    GROUP BY "__s1", "UserIdentityPrincipalid", "UserIdentityArn", "UserIdentityAccountId"
  ),
  "q_5" AS (
    SELECT *
    FROM "q_4"
    WHERE ("count_" > 50)
  ),
  "q_6" AS (
    SELECT
      t."TimeGenerated",
      t."UserIdentityPrincipalid",
      t."UserIdentityArn",
      t."UserIdentityAccountId",
      t."count_",
      t."set_AWSRegion",
      t."set_UserAgent",
      nullif(t."__mv1" -> ('$[' || j.key || ']'), 'null') AS "set_SourceIpAddress",
      t."set_ErrorCode",
      t."set_ErrorMessage",
      t."set_EventName"
    FROM (
      SELECT *, CASE json_type("set_SourceIpAddress") WHEN 'array' THEN "set_SourceIpAddress" WHEN 'object' THEN (SELECT json_group_array(json_object(e.key, "set_SourceIpAddress" -> e.fullkey)) FROM json_each("set_SourceIpAddress") AS e) ELSE json_array("set_SourceIpAddress" -> '$') END AS "__mv1"
      FROM "q_5"
    ) AS t
    JOIN json_each(t."__mv1") AS j
  ),
  "q_7" AS (
    SELECT
      *,
      kql_substring("UserIdentityPrincipalid", (kql_indexof_regex("UserIdentityPrincipalid", ':') + 1), NULL) AS "UserName"
    FROM "q_6"
  )
SELECT
  *,
  nullif(kql_split("UserName", '@') -> '$[0]', 'null') AS "Name",
  nullif(kql_split("UserName", '@') -> '$[1]', 'null') AS "UpnSuffix"
FROM "q_7"
