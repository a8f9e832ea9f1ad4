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
      (TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM "TimeGenerated") * 1000000 / 600000000) * 600000000 AS bigint) * INTERVAL '1 microsecond') AS "__s1"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "__s1" AS "TimeGenerated",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserIdentityArn" AS "UserIdentityArn",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      count(*) AS "count_",
      coalesce(jsonb_agg(DISTINCT to_jsonb("AWSRegion")) FILTER (WHERE "AWSRegion" IS NOT NULL), '[]'::jsonb) AS "set_AWSRegion",
      coalesce(jsonb_agg(DISTINCT to_jsonb("UserAgent")) FILTER (WHERE "UserAgent" IS NOT NULL), '[]'::jsonb) AS "set_UserAgent",
      coalesce(jsonb_agg(DISTINCT to_jsonb("SourceIpAddress")) FILTER (WHERE "SourceIpAddress" IS NOT NULL), '[]'::jsonb) AS "set_SourceIpAddress",
      coalesce(jsonb_agg(DISTINCT to_jsonb("ErrorCode")) FILTER (WHERE "ErrorCode" IS NOT NULL), '[]'::jsonb) AS "set_ErrorCode",
      coalesce(jsonb_agg(DISTINCT to_jsonb("ErrorMessage")) FILTER (WHERE "ErrorMessage" IS NOT NULL), '[]'::jsonb) AS "set_ErrorMessage",
      coalesce(jsonb_agg(DISTINCT to_jsonb("EventName")) FILTER (WHERE "EventName" IS NOT NULL), '[]'::jsonb) AS "set_EventName"
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
      e.v1 AS "set_SourceIpAddress",
      t."set_ErrorCode",
      t."set_ErrorMessage",
      t."set_EventName"
    FROM "q_5" AS t
    CROSS JOIN LATERAL ROWS FROM (rule2sql.mv_elements(t."set_SourceIpAddress", FALSE)) WITH ORDINALITY AS e(v1, n)
  ),
  "q_7" AS (
    SELECT
      *,
      rule2sql.substring("UserIdentityPrincipalid", ((regexp_instr("UserIdentityPrincipalid", ':') - 1) + 1)) AS "UserName"
    FROM "q_6"
  )
SELECT
  *,
  rule2sql.idx(rule2sql.split("UserName", '@'), 0) AS "Name",
  rule2sql.idx(rule2sql.split("UserName", '@'), 1) AS "UpnSuffix"
FROM "q_7"
