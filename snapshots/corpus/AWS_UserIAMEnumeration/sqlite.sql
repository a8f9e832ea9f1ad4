WITH
  "q_1" AS (
    SELECT
      coalesce("AWSRegion", '') AS "AWSRegion",
      coalesce("ErrorCode", '') AS "ErrorCode",
      coalesce("ErrorMessage", '') AS "ErrorMessage",
      coalesce("EventName", '') AS "EventName",
      coalesce("SourceIpAddress", '') AS "SourceIpAddress",
      "TimeGenerated",
      coalesce("UserAgent", '') AS "UserAgent",
      coalesce("UserIdentityAccountId", '') AS "UserIdentityAccountId",
      coalesce("UserIdentityArn", '') AS "UserIdentityArn",
      coalesce("UserIdentityPrincipalid", '') AS "UserIdentityPrincipalid"
    FROM "AWSCloudTrail"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE ("EventName" IN ('ListAttachedRolePolicies', 'ListRoles', 'ListGroupsForUser', 'ListAttachedUserPolicies', 'ListAccessKeys', 'ListUsers'))
  ),
  "q_3" AS (
    SELECT
      "AWSRegion",
      "ErrorCode",
      "ErrorMessage",
      "EventName",
      "SourceIpAddress",
      "UserAgent",
      "UserIdentityAccountId",
      "UserIdentityArn",
      "UserIdentityPrincipalid",
      ("TimeGenerated" - ((("TimeGenerated" % 600000000) + 600000000) % 600000000)) AS "__s1"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "__s1" AS "TimeGenerated",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserIdentityArn" AS "UserIdentityArn",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      count(*) AS "count_",
      json_group_array(DISTINCT "AWSRegion") FILTER (WHERE "AWSRegion" IS NOT NULL) AS "set_AWSRegion",
      json_group_array(DISTINCT "UserAgent") FILTER (WHERE "UserAgent" IS NOT NULL) AS "set_UserAgent",
      json_group_array(DISTINCT "SourceIpAddress") FILTER (WHERE "SourceIpAddress" IS NOT NULL) AS "set_SourceIpAddress",
      json_group_array(DISTINCT "ErrorCode") FILTER (WHERE "ErrorCode" IS NOT NULL) AS "set_ErrorCode",
      json_group_array(DISTINCT "ErrorMessage") FILTER (WHERE "ErrorMessage" IS NOT NULL) AS "set_ErrorMessage",
      json_group_array(DISTINCT "EventName") FILTER (WHERE "EventName" IS NOT NULL) AS "set_EventName"
    FROM "q_3"
    GROUP BY "__s1", "UserIdentityPrincipalid", "UserIdentityArn", "UserIdentityAccountId"
  ),
  "q_5" AS (
    SELECT *
    FROM "q_4"
    WHERE ("count_" > 50)
  ),
  "q_6" AS (
    SELECT
      t."TimeGenerated",
      t."UserIdentityPrincipalid",
      t."UserIdentityArn",
      t."UserIdentityAccountId",
      t."count_",
      t."set_AWSRegion",
      t."set_UserAgent",
      nullif(t."__mv1" -> ('$[' || j.key || ']'), 'null') AS "set_SourceIpAddress",
      t."set_ErrorCode",
      t."set_ErrorMessage",
      t."set_EventName"
    FROM (
      SELECT *, CASE json_type("set_SourceIpAddress") WHEN 'array' THEN "set_SourceIpAddress" WHEN 'object' THEN (SELECT json_group_array(json_object(e.key, "set_SourceIpAddress" -> e.fullkey)) FROM json_each("set_SourceIpAddress") AS e) ELSE json_array("set_SourceIpAddress" -> '$') END AS "__mv1"
      FROM "q_5"
    ) AS t
    JOIN json_each(t."__mv1") AS j
  ),
  "q_7" AS (
    SELECT
      *,
      kql_substring("UserIdentityPrincipalid", (kql_indexof_regex("UserIdentityPrincipalid", ':') + 1), NULL) AS "UserName"
    FROM "q_6"
  )
SELECT
  *,
  nullif(kql_split("UserName", '@') -> '$[0]', 'null') AS "Name",
  nullif(kql_split("UserName", '@') -> '$[1]', 'null') AS "UpnSuffix"
FROM "q_7"
