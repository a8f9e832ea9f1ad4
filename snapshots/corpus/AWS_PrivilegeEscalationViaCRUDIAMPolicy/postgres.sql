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
      "EventName",
      "RequestParameters",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("RequestParameters"), 'policyName')) AS "PolicyName"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "EventName",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      "PolicyName",
      rule2sql.key(rule2sql.parse_json(rule2sql.dyn_tostring(rule2sql.key(rule2sql.parse_json("RequestParameters"), 'policyDocument'))), 'Statement') AS "Statement"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      t."EventName",
      t."SourceIpAddress",
      t."TimeGenerated",
      t."UserIdentityArn",
      t."UserIdentityUserName",
      t."PolicyName",
      e.v1 AS "Statement"
    FROM "q_4" AS t
    CROSS JOIN LATERAL ROWS FROM (rule2sql.mv_elements(t."Statement", FALSE)) WITH ORDINALITY AS e(v1, n)
    WHERE e.n - 1 < 128
  ),
  "q_6" AS (
    SELECT
      "EventName",
      "SourceIpAddress",
      "TimeGenerated",
      "UserIdentityArn",
      "UserIdentityUserName",
      "PolicyName",
      rule2sql.key("Statement", 'Action') AS "Action",
      rule2sql.dyn_tostring(rule2sql.key("Statement", 'Effect')) AS "Effect",
      rule2sql.dyn_tostring(rule2sql.key("Statement", 'Resource')) AS "Resource",
      rule2sql.dyn_tostring(rule2sql.key("Statement", 'Condition')) AS "Condition"
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
      rule2sql.dyn_tostring("Action") AS "Action",
      "Effect",
      "Resource",
      "Condition"
    FROM "q_6"
  ),
  "q_8" AS (
    SELECT *
    FROM "q_7"
    WHERE ((((lower("Effect") = lower('Allow')) AND ((((strpos(lower("Action"), lower('iam:Create')) > 0) AND ((strpos(lower("Action"), lower('iam:Get')) > 0) OR (strpos(lower("Action"), lower('iam:List')) > 0))) AND (strpos(lower("Action"), lower('iam:Update')) > 0)) AND (strpos(lower("Action"), lower('iam:Delete')) > 0))) AND ("Resource" = '*')) AND ("Condition" = ''))
  ),
  "q_9" AS (
    SELECT
      "TimeGenerated",
      "EventName",
      "PolicyName",
      "SourceIpAddress",
      "UserIdentityArn",
      "UserIdentityUserName"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT DISTINCT *
    FROM "q_9"
  ),
  "q_11" AS (
    SELECT
      "TimeGenerated",
      "EventName",
      "PolicyName",
      "SourceIpAddress",
      "UserIdentityArn",
      CASE WHEN (NOT ("UserIdentityUserName" = '')) THEN "UserIdentityUserName" ELSE rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("UserIdentityArn", '/'), -1)) END AS "UserIdentityUserName"
    FROM "q_10"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp",
  "SourceIpAddress" AS "IPCustomEntity",
  "UserIdentityUserName" AS "AccountCustomEntity"
FROM "q_11"
