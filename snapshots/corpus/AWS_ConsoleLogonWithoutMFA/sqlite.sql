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
      "SessionIssuerUserName",
      "SessionMfaAuthenticated",
      "SourceIpAddress",
      "TimeGenerated",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityPrincipalid",
      "UserIdentityUserName",
      coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "MFAUsed",
      coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "LoginResult",
      (instr("UserIdentityPrincipalid", ':') - 1) AS "indexId"
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
  )
SELECT
  *,
  "StartTimeUtc" AS "timestamp",
  CASE WHEN ("UserIdentityUserName" = '') THEN kql_substring("UserIdentityPrincipalid", (kql_toint("indexId") + 1), NULL) ELSE "UserIdentityUserName" END AS "AccountCustomEntity",
  "SourceIpAddress" AS "IPCustomEntity"
FROM "q_7"
