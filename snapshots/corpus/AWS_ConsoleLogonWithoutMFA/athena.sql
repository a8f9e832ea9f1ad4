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
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "MFAUsed",
      coalesce(CASE WHEN json_format("__2") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__2", '$'), json_format("__2")) END, '') AS "LoginResult",
      (strpos("UserIdentityPrincipalid", ':') - 1) AS "indexId"
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
    FROM "q_6"
    GROUP BY "EventName", "EventTypeName", "LoginResult", "MFAUsed", "UserIdentityAccountId", "UserIdentityPrincipalid", "UserAgent", "UserIdentityUserName", "SessionMfaAuthenticated", "SourceIpAddress", "AWSRegion", "indexId"
  ),
  "q_8" AS (
    SELECT
      *,
      (try_cast("indexId" AS integer) + 1) AS "__3"
    FROM "q_7"
  )
SELECT
  "EventName",
  "EventTypeName",
  "LoginResult",
  "MFAUsed",
  "UserIdentityAccountId",
  "UserIdentityPrincipalid",
  "UserAgent",
  "UserIdentityUserName",
  "SessionMfaAuthenticated",
  "SourceIpAddress",
  "AWSRegion",
  "indexId",
  "StartTimeUtc",
  "EndTimeUtc",
  "StartTimeUtc" AS "timestamp",
  CASE WHEN ("UserIdentityUserName" = '') THEN (CASE WHEN "__3" IS NULL THEN '' ELSE substr("UserIdentityPrincipalid", (CASE WHEN "__3" < 0 THEN greatest(length("UserIdentityPrincipalid") + "__3", 0) ELSE "__3" END) + 1) END) ELSE "UserIdentityUserName" END AS "AccountCustomEntity",
  "SourceIpAddress" AS "IPCustomEntity"
FROM "q_8"
