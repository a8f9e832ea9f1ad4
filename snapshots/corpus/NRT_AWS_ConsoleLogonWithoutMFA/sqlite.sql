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
    WHERE (kql_lower("EventName") = kql_lower('ConsoleLogin'))
  ),
  "q_3" AS (
    SELECT
      *,
      nullif(iif(json_valid("AdditionalEventData"), nullif(json("AdditionalEventData"), 'null'), nullif(json_quote("AdditionalEventData"), '""')) -> '$."MFAUsed"', 'null') AS "__1",
      nullif(iif(json_valid("ResponseElements"), nullif(json("ResponseElements"), 'null'), nullif(json_quote("ResponseElements"), '""')) -> '$."ConsoleLogin"', 'null') AS "__2"
    FROM "q_2"
  ),
  "q_4" AS (
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
      coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "MFAUsed",
      coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "LoginResult"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT *
    FROM "q_4"
    WHERE ((kql_lower("MFAUsed") <> kql_lower('Yes')) AND (kql_lower("LoginResult") <> kql_lower('Failure')))
  ),
  "q_6" AS (
    SELECT *
    FROM "q_5"
    WHERE (NOT (instr(kql_lower("SessionIssuerUserName"), kql_lower('AWSReservedSSO')) > 0))
  ),
  "q_7" AS (
    SELECT
      *,
      nullif(iif(json_valid("Resources"), nullif(json("Resources"), 'null'), nullif(json_quote("Resources"), '""')) -> '$[0]."ARN"', 'null') AS "__3"
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
      CASE WHEN ("UserIdentityArn" = '') THEN coalesce(CASE json_type("__3") WHEN 'text' THEN "__3" ->> '$' WHEN 'null' THEN '' ELSE json("__3") END, '') ELSE "UserIdentityArn" END AS "UserIdentityArn",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      "MFAUsed",
      "LoginResult"
    FROM "q_7"
  ),
  "q_9" AS (
    SELECT
      *,
      nullif(kql_split("UserIdentityArn", '/') -> '$[#-1]', 'null') AS "__4"
    FROM "q_8"
  ),
  "q_10" AS (
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
      coalesce(CASE json_type("__4") WHEN 'text' THEN "__4" ->> '$' WHEN 'null' THEN '' ELSE json("__4") END, '') AS "UserName"
    FROM "q_9"
  ),
  "q_11" AS (
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
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      *,
      nullif(kql_split("AccountName", '@', 0) -> '$[0]', 'null') AS "__5",
      nullif(kql_split("AccountName", '@', 1) -> '$[0]', 'null') AS "__6"
    FROM "q_11"
  ),
  "q_13" AS (
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
      CASE WHEN (instr(kql_lower("AccountName"), kql_lower('@')) > 0) THEN coalesce(CASE json_type("__5") WHEN 'text' THEN "__5" ->> '$' WHEN 'null' THEN '' ELSE json("__5") END, '') ELSE "AccountName" END AS "AccountName",
      CASE WHEN (instr(kql_lower("AccountName"), kql_lower('@')) > 0) THEN coalesce(CASE json_type("__6") WHEN 'text' THEN "__6" ->> '$' WHEN 'null' THEN '' ELSE json("__6") END, '') ELSE '' END AS "AccountUPNSuffix"
    FROM "q_12"
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
FROM "q_13"
GROUP BY "EventName", "EventTypeName", "LoginResult", "MFAUsed", "RecipientAccountId", "AccountName", "AccountUPNSuffix", "UserIdentityAccountId", "UserIdentityPrincipalid", "UserAgent", "UserIdentityUserName", "SessionMfaAuthenticated", "SourceIpAddress", "AWSRegion"
