WITH
  "q_1" AS (
    SELECT
      coalesce("Account", '') AS "Account",
      coalesce("AccountType", '') AS "AccountType",
      coalesce("Activity", '') AS "Activity",
      coalesce("Computer", '') AS "Computer",
      "EventID",
      coalesce("ObjectServer", '') AS "ObjectServer",
      coalesce("Properties", '') AS "Properties",
      coalesce("SubjectLogonId", '') AS "SubjectLogonId",
      "TimeGenerated"
    FROM "SecurityEvent"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (coalesce("EventID" = 4662, FALSE) AND ("ObjectServer" = 'DS'))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE ("AccountType" <> 'Machine')
  ),
  "q_4" AS (
    SELECT *
    FROM "q_3"
    WHERE ((("Properties" ~* '(^|[^[:alnum:]])1131f6aa-9c07-11d1-f79f-00c04fc2dcd2($|[^[:alnum:]])') OR ("Properties" ~* '(^|[^[:alnum:]])1131f6ad-9c07-11d1-f79f-00c04fc2dcd2($|[^[:alnum:]])')) OR ("Properties" ~* '(^|[^[:alnum:]])89e95b76-444d-4c62-991a-0facbeda640c($|[^[:alnum:]])'))
  ),
  "q_5" AS (
    SELECT
      "TimeGenerated",
      "Account",
      "Activity",
      "Properties",
      "SubjectLogonId",
      "Computer"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      coalesce("AccountType", '') AS "AccountType",
      "EventID",
      coalesce("IpAddress", '') AS "IpAddress",
      "LogonType",
      coalesce("TargetLogonId", '') AS "TargetLogonId"
    FROM "SecurityEvent"
  ),
  "q_7" AS (
    SELECT *
    FROM "q_6"
    WHERE (coalesce("EventID" = 4624, FALSE) AND coalesce("LogonType" = 3, FALSE))
  ),
  "q_8" AS (
    SELECT *
    FROM "q_7"
    WHERE ("AccountType" <> 'Machine')
  ),
  "q_9" AS (
    SELECT
      "TargetLogonId",
      "IpAddress"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      l."TimeGenerated",
      l."Account",
      l."Activity",
      l."Properties",
      l."SubjectLogonId",
      l."Computer",
      coalesce(r."TargetLogonId", '') AS "TargetLogonId",
      coalesce(r."IpAddress", '') AS "IpAddress"
    FROM "q_5" AS l
    LEFT JOIN "q_9" AS r
      ON l."SubjectLogonId" = r."TargetLogonId"
  ),
  "q_11" AS (
    SELECT
      "TimeGenerated",
      "Computer",
      "Account",
      "IpAddress",
      "Activity",
      "Properties",
      "SubjectLogonId",
      "TargetLogonId"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      *,
      rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Computer", '.'), 0)) AS "HostName",
      CASE WHEN (strpos("Computer", '.') - 1) > -2147483649 AND (strpos("Computer", '.') - 1) < 2147483648 THEN CAST((strpos("Computer", '.') - 1) AS integer) END AS "DomainIndex"
    FROM "q_11"
  ),
  "q_13" AS (
    SELECT
      *,
      CASE WHEN coalesce("DomainIndex" <> -1, TRUE) THEN rule2sql.substring("Computer", ("DomainIndex" + 1)) ELSE "Computer" END AS "HostNameDomain"
    FROM "q_12"
  )
SELECT
  *,
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Account", '\'), 0)) AS "AccountName",
  rule2sql.dyn_tostring(rule2sql.idx(rule2sql.split("Account", '\'), 1)) AS "AccountNTDomain"
FROM "q_13"
