WITH
  "q_1" AS (
    SELECT
      coalesce("DeviceName", '') AS "DeviceName",
      coalesce("FileName", '') AS "FileName",
      coalesce("InitiatingProcessCommandLine", '') AS "InitiatingProcessCommandLine",
      coalesce("InitiatingProcessFileName", '') AS "InitiatingProcessFileName",
      coalesce("InitiatingProcessParentFileName", '') AS "InitiatingProcessParentFileName",
      coalesce("ProcessCommandLine", '') AS "ProcessCommandLine",
      "ProcessCreationTime",
      "ProcessId",
      "TimeGenerated"
    FROM "DeviceProcessEvents"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (("FileName" ~* '(^|[^[:alnum:]])rundll32\.exe($|[^[:alnum:]])') OR ("FileName" ~* '(^|[^[:alnum:]])regsvr32\.exe($|[^[:alnum:]])'))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE ((((("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])wscript\.exe($|[^[:alnum:]])') OR ("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])powershell\.exe($|[^[:alnum:]])')) OR ("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])cmd\.exe($|[^[:alnum:]])')) OR ("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])pwsh\.exe($|[^[:alnum:]])')) OR ("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])cscript\.exe($|[^[:alnum:]])'))
  ),
  "q_4" AS (
    SELECT
      "TimeGenerated",
      "DeviceName",
      "FileName" AS "InvestigatedProcessName",
      "ProcessCommandLine" AS "InvestigatedProcessCommandLine",
      "ProcessCreationTime" AS "InvestigatedProcessStartTime",
      "ProcessId" AS "InvestigatedProcessId",
      "InitiatingProcessFileName",
      "InitiatingProcessCommandLine",
      "InitiatingProcessParentFileName"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT "TimeGenerated", "DeviceName", "InvestigatedProcessName", "InvestigatedProcessCommandLine", "InvestigatedProcessStartTime", "InvestigatedProcessId", "InitiatingProcessFileName", "InitiatingProcessCommandLine", "InitiatingProcessParentFileName"
    FROM (
      SELECT *, row_number() OVER (PARTITION BY "DeviceName", "InvestigatedProcessCommandLine", "InvestigatedProcessId", "InvestigatedProcessName", "InvestigatedProcessStartTime") AS "__rn"
      FROM "q_4"
    ) AS d
    WHERE "__rn" = 1
  ),
  "q_6" AS (
    SELECT
      coalesce("DeviceName", '') AS "DeviceName",
      coalesce("InitiatingProcessCommandLine", '') AS "InitiatingProcessCommandLine",
      "InitiatingProcessCreationTime",
      coalesce("InitiatingProcessFileName", '') AS "InitiatingProcessFileName",
      "InitiatingProcessId",
      coalesce("LocalIP", '') AS "LocalIP",
      coalesce("RemoteIP", '') AS "RemoteIP",
      coalesce("RemoteIPType", '') AS "RemoteIPType",
      coalesce("RemoteUrl", '') AS "RemoteUrl"
    FROM "DeviceNetworkEvents"
  ),
  "q_7" AS (
    SELECT *
    FROM "q_6"
    WHERE (("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])rundll32\.exe($|[^[:alnum:]])') OR ("InitiatingProcessFileName" ~* '(^|[^[:alnum:]])regsvr32\.exe($|[^[:alnum:]])'))
  ),
  "q_8" AS (
    SELECT *
    FROM "q_7"
    WHERE ("RemoteIPType" = 'Public')
  ),
  "q_9" AS (
    SELECT
      "DeviceName",
      "InitiatingProcessFileName" AS "InvestigatedProcessName",
      "InitiatingProcessCommandLine" AS "InvestigatedProcessCommandLine",
      "InitiatingProcessCreationTime" AS "InvestigatedProcessStartTime",
      "InitiatingProcessId" AS "InvestigatedProcessId",
      "LocalIP",
      "RemoteIP",
      "RemoteUrl"
    FROM "q_8"
  ),
  "q_10" AS (
    SELECT
      l."TimeGenerated",
      l."DeviceName",
      l."InvestigatedProcessName",
      l."InvestigatedProcessCommandLine",
      l."InvestigatedProcessStartTime",
      l."InvestigatedProcessId",
      l."InitiatingProcessFileName",
      l."InitiatingProcessCommandLine",
      l."InitiatingProcessParentFileName",
      r."LocalIP",
      r."RemoteIP",
      r."RemoteUrl"
    FROM "q_5" AS l
    INNER JOIN "q_9" AS r
      ON l."DeviceName" = r."DeviceName" AND l."InvestigatedProcessCommandLine" = r."InvestigatedProcessCommandLine" AND l."InvestigatedProcessId" IS NOT DISTINCT FROM r."InvestigatedProcessId" AND l."InvestigatedProcessName" = r."InvestigatedProcessName" AND l."InvestigatedProcessStartTime" IS NOT DISTINCT FROM r."InvestigatedProcessStartTime"
  ),
  "q_11" AS (
    SELECT
      *,
      CASE WHEN (strpos(lower("DeviceName"), lower('.')) > 0) THEN rule2sql.substring("DeviceName", 0, (strpos("DeviceName", '.') - 1)) ELSE "DeviceName" END AS "HostName"
    FROM "q_10"
  )
SELECT
  *,
  CASE WHEN (strpos(lower("DeviceName"), lower('.')) > 0) THEN rule2sql.substring("DeviceName", ((strpos("DeviceName", '.') - 1) + 1)) ELSE '' END AS "DnsDomain"
FROM "q_11"
