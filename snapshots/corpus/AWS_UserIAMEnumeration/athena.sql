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
      date_add('millisecond', CAST(floor(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00.000000 UTC', "TimeGenerated") AS double) / 600000) AS bigint) * 600000, TIMESTAMP '1970-01-01 00:00:00.000000 UTC') AS "__s1"
    FROM "q_2"
  ),
  "q_4" AS (
    SELECT
      "__s1" AS "TimeGenerated",
      "UserIdentityPrincipalid" AS "UserIdentityPrincipalid",
      "UserIdentityArn" AS "UserIdentityArn",
      "UserIdentityAccountId" AS "UserIdentityAccountId",
      count(*) AS "count_",
      coalesce(CAST(array_agg(DISTINCT "AWSRegion") FILTER (WHERE "AWSRegion" IS NOT NULL) AS json), JSON '[]') AS "set_AWSRegion",
      coalesce(CAST(array_agg(DISTINCT "UserAgent") FILTER (WHERE "UserAgent" IS NOT NULL) AS json), JSON '[]') AS "set_UserAgent",
      coalesce(CAST(array_agg(DISTINCT "SourceIpAddress") FILTER (WHERE "SourceIpAddress" IS NOT NULL) AS json), JSON '[]') AS "set_SourceIpAddress",
      coalesce(CAST(array_agg(DISTINCT "ErrorCode") FILTER (WHERE "ErrorCode" IS NOT NULL) AS json), JSON '[]') AS "set_ErrorCode",
      coalesce(CAST(array_agg(DISTINCT "ErrorMessage") FILTER (WHERE "ErrorMessage" IS NOT NULL) AS json), JSON '[]') AS "set_ErrorMessage",
      coalesce(CAST(array_agg(DISTINCT "EventName") FILTER (WHERE "EventName" IS NOT NULL) AS json), JSON '[]') AS "set_EventName"
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
      u.v1 AS "set_SourceIpAddress",
      t."set_ErrorCode",
      t."set_ErrorMessage",
      t."set_EventName"
    FROM "q_5" AS t
    CROSS JOIN UNNEST(
      CASE
        WHEN json_array_length(t."set_SourceIpAddress") IS NOT NULL THEN CAST(t."set_SourceIpAddress" AS array(json))
        WHEN try_cast(t."set_SourceIpAddress" AS map(varchar, json)) IS NOT NULL THEN transform(
          map_entries(CAST(t."set_SourceIpAddress" AS map(varchar, json))),
          e -> CAST(map(ARRAY[e[1]], ARRAY[e[2]]) AS json))
        ELSE ARRAY[t."set_SourceIpAddress"]
      END
    ) WITH ORDINALITY AS u (v1, n)
  ),
  "q_7" AS (
    SELECT
      *,
      (greatest(regexp_position("UserIdentityPrincipalid", ':') - 1, -1) + 1) AS "__1"
    FROM "q_6"
  ),
  "q_8" AS (
    SELECT
      "TimeGenerated",
      "UserIdentityPrincipalid",
      "UserIdentityArn",
      "UserIdentityAccountId",
      "count_",
      "set_AWSRegion",
      "set_UserAgent",
      "set_SourceIpAddress",
      "set_ErrorCode",
      "set_ErrorMessage",
      "set_EventName",
      (CASE WHEN "__1" IS NULL THEN '' ELSE substr("UserIdentityPrincipalid", (CASE WHEN "__1" < 0 THEN greatest(length("UserIdentityPrincipalid") + "__1", 0) ELSE "__1" END) + 1) END) AS "UserName"
    FROM "q_7"
  )
SELECT
  *,
  json_extract(CAST(split("UserName", '@') AS json), '$[0]') AS "Name",
  json_extract(CAST(split("UserName", '@') AS json), '$[1]') AS "UpnSuffix"
FROM "q_8"
