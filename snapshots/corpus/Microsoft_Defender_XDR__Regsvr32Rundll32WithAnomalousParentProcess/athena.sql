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
    WHERE (regexp_like("FileName", '(?i)(^|[^\p{L}\p{N}])rundll32\.exe($|[^\p{L}\p{N}])') OR regexp_like("FileName", '(?i)(^|[^\p{L}\p{N}])regsvr32\.exe($|[^\p{L}\p{N}])'))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE ((((regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])wscript\.exe($|[^\p{L}\p{N}])') OR regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])powershell\.exe($|[^\p{L}\p{N}])')) OR regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])cmd\.exe($|[^\p{L}\p{N}])')) OR regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])pwsh\.exe($|[^\p{L}\p{N}])')) OR regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])cscript\.exe($|[^\p{L}\p{N}])'))
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
    WHERE (regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])rundll32\.exe($|[^\p{L}\p{N}])') OR regexp_like("InitiatingProcessFileName", '(?i)(^|[^\p{L}\p{N}])regsvr32\.exe($|[^\p{L}\p{N}])'))
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
      (strpos("DeviceName", '.') - 1) AS "__1"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      "TimeGenerated",
      "DeviceName",
      "InvestigatedProcessName",
      "InvestigatedProcessCommandLine",
      "InvestigatedProcessStartTime",
      "InvestigatedProcessId",
      "InitiatingProcessFileName",
      "InitiatingProcessCommandLine",
      "InitiatingProcessParentFileName",
      "LocalIP",
      "RemoteIP",
      "RemoteUrl",
      CASE WHEN (strpos(lower("DeviceName"), lower('.')) > 0) THEN (CASE WHEN 0 IS NULL OR "__1" IS NULL OR "__1" < 0 THEN '' ELSE substr("DeviceName", (CASE WHEN 0 < 0 THEN greatest(length("DeviceName") + 0, 0) ELSE 0 END) + 1, "__1") END) ELSE "DeviceName" END AS "HostName"
    FROM "q_11"
  ),
  "q_13" AS (
    SELECT
      *,
      ((strpos("DeviceName", '.') - 1) + 1) AS "__2"
    FROM "q_12"
  )
SELECT
  "TimeGenerated",
  "DeviceName",
  "InvestigatedProcessName",
  "InvestigatedProcessCommandLine",
  "InvestigatedProcessStartTime",
  "InvestigatedProcessId",
  "InitiatingProcessFileName",
  "InitiatingProcessCommandLine",
  "InitiatingProcessParentFileName",
  "LocalIP",
  "RemoteIP",
  "RemoteUrl",
  "HostName",
  CASE WHEN (strpos(lower("DeviceName"), lower('.')) > 0) THEN (CASE WHEN "__2" IS NULL THEN '' ELSE substr("DeviceName", (CASE WHEN "__2" < 0 THEN greatest(length("DeviceName") + "__2", 0) ELSE "__2" END) + 1) END) ELSE '' END AS "DnsDomain"
FROM "q_13"
