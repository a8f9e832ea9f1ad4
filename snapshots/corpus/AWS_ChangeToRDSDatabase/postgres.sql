WITH
  "q_1" AS (
    SELECT
      coalesce("AdditionalEventData", '') AS "AdditionalEventData",
      coalesce("AWSRegion", '') AS "AWSRegion",
      coalesce("EventName", '') AS "EventName",
      coalesce("EventSource", '') AS "EventSource",
      coalesce("EventTypeName", '') AS "EventTypeName",
      coalesce("ResponseElements", '') AS "ResponseElements",
      "SessionMfaAuthenticated",
      coalesce("SourceIpAddress", '') AS "SourceIpAddress",
      "TimeGenerated",
      coalesce("UserAgent", '') AS "UserAgent",
      coalesce("UserIdentityAccountId", '') AS "UserIdentityAccountId",
      coalesce("UserIdentityPrincipalid", '') AS "UserIdentityPrincipalid",
      coalesce("UserIdentityUserName", '') AS "UserIdentityUserName"
    FROM "AWSCloudTrail"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (lower("EventName") IN (lower('AuthorizeDBSecurityGroupIngress'), lower('CreateDBSecurityGroup'), lower('DeleteDBSecurityGroup'), lower('RevokeDBSecurityGroupIngress')))
  ),
  "q_3" AS (
    SELECT
      "EventName" AS "EventName",
      "EventTypeName" AS "EventTypeName",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserAgent" AS "UserAgent",
      "UserIdentityUserName" AS "UserIdentityUserName",
      "SessionMfaAuthenticated" AS "SessionMfaAuthenticated",
      "SourceIpAddress" AS "SourceIpAddress",
      "AWSRegion" AS "AWSRegion",
      "EventSource" AS "EventSource",
      "AdditionalEventData" AS "AdditionalEventData",
      "ResponseElements" AS "ResponseElements",
      min("TimeGenerated") AS "StartTimeUtc",
      max("TimeGenerated") AS "EndTimeUtc"
    FROM "q_2"
    GROUP BY "EventName", "EventTypeName", "UserIdentityAccountId", "UserIdentityPrincipalid", "UserAgent", "UserIdentityUserName", "SessionMfaAuthenticated", "SourceIpAddress", "AWSRegion", "EventSource", "AdditionalEventData", "ResponseElements"
  )
SELECT
  *,
  "StartTimeUtc" AS "timestamp",
  "UserIdentityUserName" AS "AccountCustomEntity",
  "SourceIpAddress" AS "IPCustomEntity"
FROM "q_3"
