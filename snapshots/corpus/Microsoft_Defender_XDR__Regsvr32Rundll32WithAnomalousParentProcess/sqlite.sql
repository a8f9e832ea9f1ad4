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
    WHERE ((kql_term("FileName", 'rundll32.exe', 'has', 0) = 1) OR (kql_term("FileName", 'regsvr32.exe', 'has', 0) = 1))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (((((kql_term("InitiatingProcessFileName", 'wscript.exe', 'has', 0) = 1) OR (kql_term("InitiatingProcessFileName", 'powershell.exe', 'has', 0) = 1)) OR (kql_term("InitiatingProcessFileName", 'cmd.exe', 'has', 0) = 1)) OR (kql_term("InitiatingProcessFileName", 'pwsh.exe', 'has', 0) = 1)) OR (kql_term("InitiatingProcessFileName", 'cscript.exe', 'has', 0) = 1))
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
    WHERE ((kql_term("InitiatingProcessFileName", 'rundll32.exe', 'has', 0) = 1) OR (kql_term("InitiatingProcessFileName", 'regsvr32.exe', 'has', 0) = 1))
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
      ON l."DeviceName" = r."DeviceName" AND l."InvestigatedProcessCommandLine" = r."InvestigatedProcessCommandLine" AND l."InvestigatedProcessId" IS r."InvestigatedProcessId" AND l."InvestigatedProcessName" = r."InvestigatedProcessName" AND l."InvestigatedProcessStartTime" IS r."InvestigatedProcessStartTime"
  ),
  "q_11" AS (
    SELECT
      *,
      CASE WHEN (kql_term("DeviceName", '.', 'has', 0) = 1) THEN kql_substring("DeviceName", 0, (instr("DeviceName", '.') - 1)) ELSE "DeviceName" END AS "HostName"
    FROM "q_10"
  )
SELECT
  *,
  CASE WHEN (kql_term("DeviceName", '.', 'has', 0) = 1) THEN kql_substring("DeviceName", ((instr("DeviceName", '.') - 1) + 1), NULL) ELSE '' END AS "DnsDomain"
FROM "q_11"
