WITH
  "q_1" AS (
    SELECT
      coalesce("AdditionalEventData", '') AS "AdditionalEventData",
      coalesce("AWSRegion", '') AS "AWSRegion",
      coalesce("EventName", '') AS "EventName",
      coalesce("EventTypeName", '') AS "EventTypeName",
      coalesce("RecipientAccountId", '') AS "RecipientAccountId",
      coalesce("Resources", '') AS "Resources",
      coalesce("ResponseElements", '') AS "ResponseElements",
      coalesce("SessionIssuerUserName", '') AS "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      coalesce("SourceIpAddress", '') AS "SourceIpAddress",
      "TimeGenerated",
      coalesce("UserAgent", '') AS "UserAgent",
      coalesce("UserIdentityAccountId", '') AS "UserIdentityAccountId",
      coalesce("UserIdentityArn", '') AS "UserIdentityArn",
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
      "RecipientAccountId",
      "Resources",
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityArn",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("AdditionalEventData"), 'MFAUsed')) AS "MFAUsed",
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("ResponseElements"), 'ConsoleLogin')) AS "LoginResult"
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
      "AWSRegion",
      "EventName",
      "EventTypeName",
      "RecipientAccountId",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      CASE WHEN ("UserIdentityArn" = '') THEN rule2sql.dyn_tostring(rule2sql.key(rule2sql.idx(rule2sql.parse_json("Resources"), 0), 'ARN')) ELSE "UserIdentityArn" END AS "UserIdentityArn",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      "MFAUsed",
      "LoginResult"
    FROM "q_5"
  ),
  "q_7" AS (
    SELECT
      "AWSRegion",
      "EventName",
      "EventTypeName",
      "RecipientAccountId",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      "MFAUsed",
      "LoginResult",
      rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("UserIdentityArn", '/'), -1)) AS "UserName"
    FROM "q_6"
  ),
  "q_8" AS (
    SELECT
      "AWSRegion",
      "EventName",
      "EventTypeName",
      "RecipientAccountId",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      "MFAUsed",
      "LoginResult",
      CASE WHEN ("UserIdentityPrincipalid" = 'Anonymous') THEN 'Anonymous' WHEN ("UserIdentityUserName" = '') THEN "UserName" ELSE "UserIdentityUserName" END AS "AccountName"
    FROM "q_7"
  ),
  "q_9" AS (
    SELECT
      "AWSRegion",
      "EventName",
      "EventTypeName",
      "RecipientAccountId",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      "MFAUsed",
      "LoginResult",
      CASE WHEN (strpos(lower("AccountName"), lower('@')) > 0) THEN rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("AccountName", '@', 0), 0)) ELSE "AccountName" END AS "AccountName",
      CASE WHEN (strpos(lower("AccountName"), lower('@')) > 0) THEN rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("AccountName", '@', 1), 0)) ELSE '' END AS "AccountUPNSuffix"
    FROM "q_8"
  )
SELECT
  "EventName" AS "EventName",
  "EventTypeName" AS "EventTypeName",
  "LoginResult" AS "LoginResult",
  "MFAUsed" AS "MFAUsed",
  "RecipientAccountId" AS "RecipientAccountId",
  "AccountName" AS "AccountName",
  "AccountUPNSuffix" AS "AccountUPNSuffix",
  "UserIdentityAccountId" AS "UserIdentityAccountId",
  "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
  "UserAgent" AS "UserAgent",
  "UserIdentityUserName" AS "UserIdentityUserName",
  "SessionMfaAuthenticated" AS "SessionMfaAuthenticated",
  "SourceIpAddress" AS "SourceIpAddress",
  "AWSRegion" AS "AWSRegion",
  min("TimeGenerated") AS "StartTimeUtc",
  max("TimeGenerated") AS "EndTimeUtc"
FROM "q_9"
GROUP BY "EventName", "EventTypeName", "LoginResult", "MFAUsed", "RecipientAccountId", "AccountName", "AccountUPNSuffix", "UserIdentityAccountId", "UserIdentityPrincipalid", "UserAgent", "UserIdentityUserName", "SessionMfaAuthenticated", "SourceIpAddress", "AWSRegion"
