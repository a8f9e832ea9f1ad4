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
      (TIMESTAMPTZ '1970-01-01 00:00:00+00' + CAST(floor(extract(epoch FROM "TimeGenerated") * 1000000 / 600000000) * 600000000 AS bigint) * INTERVAL '1 microsecond') AS "__s1"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "__s1" AS "TimeGenerated",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserIdentityArn" AS "UserIdentityArn",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      count(*) AS "count_",
      coalesce(jsonb_agg(DISTINCT to_jsonb("AWSRegion")) FILTER (WHERE "AWSRegion" IS NOT NULL), '[]'::jsonb) AS "set_AWSRegion",
      coalesce(jsonb_agg(DISTINCT to_jsonb("UserAgent")) FILTER (WHERE "UserAgent" IS NOT NULL), '[]'::jsonb) AS "set_UserAgent",
      coalesce(jsonb_agg(DISTINCT to_jsonb("SourceIpAddress")) FILTER (WHERE "SourceIpAddress" IS NOT NULL), '[]'::jsonb) AS "set_SourceIpAddress",
      coalesce(jsonb_agg(DISTINCT to_jsonb("ErrorCode")) FILTER (WHERE "ErrorCode" IS NOT NULL), '[]'::jsonb) AS "set_ErrorCode",
      coalesce(jsonb_agg(DISTINCT to_jsonb("ErrorMessage")) FILTER (WHERE "ErrorMessage" IS NOT NULL), '[]'::jsonb) AS "set_ErrorMessage",
      coalesce(jsonb_agg(DISTINCT to_jsonb("EventName")) FILTER (WHERE "EventName" IS NOT NULL), '[]'::jsonb) AS "set_EventName"
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
      e.v1 AS "set_SourceIpAddress",
      t."set_ErrorCode",
      t."set_ErrorMessage",
      t."set_EventName"
    FROM "q_5" AS t
    CROSS JOIN LATERAL ROWS FROM (rule2sql.mv_elements(t."set_SourceIpAddress", FALSE)) WITH ORDINALITY AS e(v1, n)
  ),
  "q_7" AS (
    SELECT
      *,
      rule2sql.substring("UserIdentityPrincipalid", ((regexp_instr("UserIdentityPrincipalid", ':') - 1) + 1)) AS "UserName"
    FROM "q_6"
  )
SELECT
  *,
  rule2sql.idx(rule2sql.split("UserName", '@'), 0) AS "Name",
  rule2sql.idx(rule2sql.split("UserName", '@'), 1) AS "UpnSuffix"
FROM "q_7"
