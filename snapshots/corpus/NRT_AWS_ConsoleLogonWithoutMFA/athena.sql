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
      *,
      json_extract(CASE WHEN "AdditionalEventData" = '' THEN NULL ELSE coalesce(try(json_parse("AdditionalEventData")), CAST("AdditionalEventData" AS json)) END, '$["MFAUsed"]') AS "__1",
      json_extract(CASE WHEN "ResponseElements" = '' THEN NULL ELSE coalesce(try(json_parse("ResponseElements")), CAST("ResponseElements" AS json)) END, '$["ConsoleLogin"]') AS "__2"
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
      coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "MFAUsed",
      coalesce(CASE WHEN json_format("__2") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__2", '$'), json_format("__2")) END, '') AS "LoginResult"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT *
    FROM "q_4"
    WHERE ((lower("MFAUsed") <> lower('Yes')) AND (lower("LoginResult") <> lower('Failure')))
  ),
  "q_6" AS (
    SELECT *
    FROM "q_5"
    WHERE (NOT (strpos(lower("SessionIssuerUserName"), lower('AWSReservedSSO')) > 0))
  ),
  "q_7" AS (
    SELECT
      *,
      json_extract(CASE WHEN "Resources" = '' THEN NULL ELSE coalesce(try(json_parse("Resources")), CAST("Resources" AS json)) END, '$[0]["ARN"]') AS "__3"
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
      CASE WHEN ("UserIdentityArn" = '') THEN coalesce(CASE WHEN json_format("__3") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__3", '$'), json_format("__3")) END, '') ELSE "UserIdentityArn" END AS "UserIdentityArn",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      "MFAUsed",
      "LoginResult"
    FROM "q_7"
  ),
  "q_9" AS (
    SELECT
      *,
      element_at(try_cast(CAST(split("UserIdentityArn", '/') AS json) AS array(json)), -1) AS "__4"
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
      coalesce(CASE WHEN json_format("__4") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__4", '$'), json_format("__4")) END, '') AS "UserName"
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
      json_extract(CASE WHEN 0 >= 0 AND cardinality(split("AccountName", '@')) > 0 THEN CAST(ARRAY[element_at(split("AccountName", '@'), 0 + 1)] AS json) END, '$[0]') AS "__5",
      json_extract(CASE WHEN 1 >= 0 AND cardinality(split("AccountName", '@')) > 1 THEN CAST(ARRAY[element_at(split("AccountName", '@'), 1 + 1)] AS json) END, '$[0]') AS "__6"
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
      CASE WHEN (strpos(lower("AccountName"), lower('@')) > 0) THEN coalesce(CASE WHEN json_format("__5") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__5", '$'), json_format("__5")) END, '') ELSE "AccountName" END AS "AccountName",
      CASE WHEN (strpos(lower("AccountName"), lower('@')) > 0) THEN coalesce(CASE WHEN json_format("__6") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__6", '$'), json_format("__6")) END, '') ELSE '' END AS "AccountUPNSuffix"
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
