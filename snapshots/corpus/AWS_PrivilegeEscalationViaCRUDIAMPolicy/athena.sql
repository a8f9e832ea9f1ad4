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
      json_extract(CASE WHEN "RequestParameters" = '' THEN NULL ELSE coalesce(try(json_parse("RequestParameters")), CAST("RequestParameters" AS json)) END, '$["policyName"]') AS "__1"
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
      coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "PolicyName"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      *,
      json_extract(CASE WHEN "RequestParameters" = '' THEN NULL ELSE coalesce(try(json_parse("RequestParameters")), CAST("RequestParameters" AS json)) END, '$["policyDocument"]') AS "__2"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      *,
      coalesce(CASE WHEN json_format("__2") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__2", '$'), json_format("__2")) END, '') AS "__3"
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
      json_extract(CASE WHEN "__3" = '' THEN NULL ELSE coalesce(try(json_parse("__3")), CAST("__3" AS json)) END, '$["Statement"]') AS "Statement"
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
      u.v1 AS "Statement"
    FROM "q_7" AS t
    CROSS JOIN UNNEST(
      CASE
        WHEN json_array_length(t."Statement") IS NOT NULL THEN CAST(t."Statement" AS array(json))
        WHEN try_cast(t."Statement" AS map(varchar, json)) IS NOT NULL THEN transform(
          map_entries(CAST(t."Statement" AS map(varchar, json))),
          e -> CAST(map(ARRAY[e[1]], ARRAY[e[2]]) AS json))
        ELSE ARRAY[t."Statement"]
      END
    ) WITH ORDINALITY AS u (v1, n)
    WHERE u.n - 1 < 128
  ),
  "q_9" AS (
    SELECT
      *,
      json_extract("Statement", '$["Effect"]') AS "__4",
      json_extract("Statement", '$["Resource"]') AS "__5",
      json_extract("Statement", '$["Condition"]') AS "__6"
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
      json_extract("Statement", '$["Action"]') AS "Action",
      coalesce(CASE WHEN json_format("__4") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__4", '$'), json_format("__4")) END, '') AS "Effect",
      coalesce(CASE WHEN json_format("__5") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__5", '$'), json_format("__5")) END, '') AS "Resource",
      coalesce(CASE WHEN json_format("__6") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__6", '$'), json_format("__6")) END, '') AS "Condition"
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
      coalesce(CASE WHEN json_format("Action") = 'null' THEN '' ELSE coalesce(json_extract_scalar("Action", '$'), json_format("Action")) END, '') AS "Action",
      "Effect",
      "Resource",
      "Condition"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT *
    FROM "q_11"
    WHERE ((((lower("Effect") = lower('Allow')) AND ((((strpos(lower("Action"), lower('iam:Create')) > 0) AND ((strpos(lower("Action"), lower('iam:Get')) > 0) OR (strpos(lower("Action"), lower('iam:List')) > 0))) AND (strpos(lower("Action"), lower('iam:Update')) > 0)) AND (strpos(lower("Action"), lower('iam:Delete')) > 0))) AND ("Resource" = '*')) AND ("Condition" = ''))
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
      element_at(try_cast(CAST(split("UserIdentityArn", '/') AS json) AS array(json)), -1) AS "__7"
    FROM "q_14"
  ),
  "q_16" AS (
    SELECT
      "TimeGenerated",
      "EventName",
      "PolicyName",
      "SourceIpAddress",
      "UserIdentityArn",
      CASE WHEN (NOT ("UserIdentityUserName" = '')) THEN "UserIdentityUserName" ELSE coalesce(CASE WHEN json_format("__7") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__7", '$'), json_format("__7")) END, '') END AS "UserIdentityUserName"
    FROM "q_15"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp",
  "SourceIpAddress" AS "IPCustomEntity",
  "UserIdentityUserName" AS "AccountCustomEntity"
FROM "q_16"
