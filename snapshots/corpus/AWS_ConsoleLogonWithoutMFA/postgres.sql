WITH
  "q_1" AS (
    SELECT
      coalesce("AdditionalEventData", '') AS "AdditionalEventData",
      coalesce("AWSRegion", '') AS "AWSRegion",
      coalesce("EventName", '') AS "EventName",
      coalesce("EventTypeName", '') AS "EventTypeName",
      coalesce("ResponseElements", '') AS "ResponseElements",
      coalesce("SessionIssuerUserName", '') AS "SessionIssuerUserName",
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
    WHERE (lower("EventName") = lower('ConsoleLogin'))
  ),
  "q_3" AS (
    SELECT
      "AWSRegion",
      "EventName",
      "EventTypeName",
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
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
