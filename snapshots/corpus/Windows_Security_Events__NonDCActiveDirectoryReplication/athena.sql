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
    WHERE ((regexp_like("Properties", '(?i)(^|[^\p{L}\p{N}])1131f6aa-9c07-11d1-f79f-00c04fc2dcd2($|[^\p{L}\p{N}])') OR regexp_like("Properties", '(?i)(^|[^\p{L}\p{N}])1131f6ad-9c07-11d1-f79f-00c04fc2dcd2($|[^\p{L}\p{N}])')) OR regexp_like("Properties", '(?i)(^|[^\p{L}\p{N}])89e95b76-444d-4c62-991a-0facbeda640c($|[^\p{L}\p{N}])'))
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
      json_extract(CAST(split("Computer", '.') AS json), '$[0]') AS "__1"
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
      coalesce(CASE WHEN json_format("__1") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__1", '$'), json_format("__1")) END, '') AS "HostName",
      try_cast((strpos("Computer", '.') - 1) AS integer) AS "DomainIndex"
    FROM "q_12"
  ),
  "q_14" AS (
    SELECT
      *,
      ("DomainIndex" + 1) AS "__2"
    FROM "q_13"
  ),
  "q_15" AS (
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
      CASE WHEN coalesce("DomainIndex" <> -1, TRUE) THEN (CASE WHEN "__2" IS NULL THEN '' ELSE substr("Computer", (CASE WHEN "__2" < 0 THEN greatest(length("Computer") + "__2", 0) ELSE "__2" END) + 1) END) ELSE "Computer" END AS "HostNameDomain"
    FROM "q_14"
  ),
  "q_16" AS (
    SELECT
      *,
      json_extract(CAST(split("Account", '\') AS json), '$[0]') AS "__3",
      json_extract(CAST(split("Account", '\') AS json), '$[1]') AS "__4"
    FROM "q_15"
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
  coalesce(CASE WHEN json_format("__3") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__3", '$'), json_format("__3")) END, '') AS "AccountName",
  coalesce(CASE WHEN json_format("__4") = 'null' THEN '' ELSE coalesce(json_extract_scalar("__4", '$'), json_format("__4")) END, '') AS "AccountNTDomain"
FROM "q_16"
