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
    WHERE (((kql_term("Properties", '1131f6aa-9c07-11d1-f79f-00c04fc2dcd2', 'has', 0) = 1) OR (kql_term("Properties", '1131f6ad-9c07-11d1-f79f-00c04fc2dcd2', 'has', 0) = 1)) OR (kql_term("Properties", '89e95b76-444d-4c62-991a-0facbeda640c', 'has', 0) = 1))
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
      nullif(kql_split("Computer", '.') -> '$[0]', 'null') AS "__1"
    FROM "q_11"
  ),
  "q_13" AS (
    SELECT
      "TimeGenerated",
      "Computer",
      "Account",
      "IpAddress",
      "Activity",
      "Properties",
      "SubjectLogonId",
      "TargetLogonId",
      coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "HostName",
      kql_toint((instr("Computer", '.') - 1)) AS "DomainIndex"
    FROM "q_12"
  ),
  "q_14" AS (
    SELECT
      *,
      CASE WHEN coalesce("DomainIndex" <> -1, TRUE) THEN kql_substring("Computer", ("DomainIndex" + 1), NULL) ELSE "Computer" END AS "HostNameDomain"
    FROM "q_13"
  ),
  "q_15" AS (
    SELECT
      *,
      nullif(kql_split("Account", '\') -> '$[0]', 'null') AS "__2",
      nullif(kql_split("Account", '\') -> '$[1]', 'null') AS "__3"
    FROM "q_14"
  )
SELECT
  "TimeGenerated",
  "Computer",
  "Account",
  "IpAddress",
  "Activity",
  "Properties",
  "SubjectLogonId",
  "TargetLogonId",
  "HostName",
  "DomainIndex",
  "HostNameDomain",
  coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "AccountName",
  coalesce(CASE json_type("__3") WHEN 'text' THEN "__3" ->> '$' WHEN 'null' THEN '' ELSE json("__3") END, '') AS "AccountNTDomain"
FROM "q_15"
