WITH
  "q_1" AS (
    SELECT
      coalesce("ErrorCode", '') AS "ErrorCode",
      coalesce("ErrorMessage", '') AS "ErrorMessage",
      coalesce("EventName", '') AS "EventName",
      coalesce("RequestParameters", '') AS "RequestParameters",
      coalesce("SourceIpAddress", '') AS "SourceIpAddress",
      "TimeGenerated",
      coalesce("UserIdentityArn", '') AS "UserIdentityArn",
      coalesce("UserIdentityUserName", '') AS "UserIdentityUserName"
    FROM "AWSCloudTrail"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE ((("EventName" IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')) AND ("ErrorCode" = '')) AND ("ErrorMessage" = ''))
  ),
  "q_3" AS (
    SELECT
      *,
      nullif(iif(json_valid("RequestParameters"), nullif(json("RequestParameters"), 'null'), nullif(json_quote("RequestParameters"), '""')) -> '$."policyName"', 'null') AS "__1"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "EventName",
      "RequestParameters",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "PolicyName"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      *,
      nullif(iif(json_valid("RequestParameters"), nullif(json("RequestParameters"), 'null'), nullif(json_quote("RequestParameters"), '""')) -> '$."policyDocument"', 'null') AS "__2"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      *,
      coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "__3"
    FROM "q_5"
  ),
  "q_7" AS (
    SELECT
      "EventName",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      "PolicyName",
      nullif(iif(json_valid("__3"), nullif(json("__3"), 'null'), nullif(json_quote("__3"), '""')) -> '$."Statement"', 'null') AS "Statement"
    FROM "q_6"
  ),
  "q_8" AS (
    SELECT
      t."EventName",
      t."SourceIpAddress",
      t."TimeGenerated",
      t."UserIdentityArn",
      t."UserIdentityUserName",
      t."PolicyName",
      nullif(t."__mv1" -> ('$[' || j.key || ']'), 'null') AS "Statement"
    FROM (
      SELECT *, CASE json_type("Statement") WHEN 'array' THEN "Statement" WHEN 'object' THEN (SELECT json_group_array(json_object(e.key, "Statement" -> e.fullkey)) FROM json_each("Statement") AS e) ELSE json_array("Statement" -> '$') END AS "__mv1"
      FROM "q_7"
    ) AS t
    JOIN json_each(t."__mv1") AS j
    WHERE j.key < 128
  ),
  "q_9" AS (
    SELECT
      *,
      nullif("Statement" -> '$."Effect"', 'null') AS "__4",
      nullif("Statement" -> '$."Resource"', 'null') AS "__5",
      nullif("Statement" -> '$."Condition"', 'null') AS "__6"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      "EventName",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      "PolicyName",
      nullif("Statement" -> '$."Action"', 'null') AS "Action",
      coalesce(CASE json_type("__4") WHEN 'text' THEN "__4" ->> '$' WHEN 'null' THEN '' ELSE json("__4") END, '') AS "Effect",
      coalesce(CASE json_type("__5") WHEN 'text' THEN "__5" ->> '$' WHEN 'null' THEN '' ELSE json("__5") END, '') AS "Resource",
      coalesce(CASE json_type("__6") WHEN 'text' THEN "__6" ->> '$' WHEN 'null' THEN '' ELSE json("__6") END, '') AS "Condition"
    FROM "q_9"
  ),
  "q_11" AS (
    SELECT
      "EventName",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      "PolicyName",
      coalesce(CASE json_type("Action") WHEN 'text' THEN "Action" ->> '$' WHEN 'null' THEN '' ELSE json("Action") END, '') AS "Action",
      "Effect",
      "Resource",
      "Condition"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT *
    FROM "q_11"
    WHERE ((((kql_lower("Effect") = kql_lower('Allow')) AND ((((instr(kql_lower("Action"), kql_lower('iam:Create')) > 0) AND ((instr(kql_lower("Action"), kql_lower('iam:Get')) > 0) OR (instr(kql_lower("Action"), kql_lower('iam:List')) > 0))) AND (instr(kql_lower("Action"), kql_lower('iam:Update')) > 0)) AND (instr(kql_lower("Action"), kql_lower('iam:Delete')) > 0))) AND ("Resource" = '*')) AND ("Condition" = ''))
  ),
  "q_13" AS (
    SELECT
      "TimeGenerated",
      "EventName",
      "PolicyName",
      "SourceIpAddress",
      "UserIdentityArn",
      "UserIdentityUserName"
    FROM "q_12"
  ),
  "q_14" AS (
    SELECT DISTINCT *
    FROM "q_13"
  ),
  "q_15" AS (
    SELECT
      *,
      nullif(kql_split("UserIdentityArn", '/') -> '$[#-1]', 'null') AS "__7"
    FROM "q_14"
  ),
  "q_16" AS (
    SELECT
      "TimeGenerated",
      "EventName",
      "PolicyName",
      "SourceIpAddress",
      "UserIdentityArn",
      CASE WHEN (NOT ("UserIdentityUserName" = '')) THEN "UserIdentityUserName" ELSE coalesce(CASE json_type("__7") WHEN 'text' THEN "__7" ->> '$' WHEN 'null' THEN '' ELSE json("__7") END, '') END AS "UserIdentityUserName"
    FROM "q_15"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp",
  "SourceIpAddress" AS "IPCustomEntity",
  "UserIdentityUserName" AS "AccountCustomEntity"
FROM "q_16"
