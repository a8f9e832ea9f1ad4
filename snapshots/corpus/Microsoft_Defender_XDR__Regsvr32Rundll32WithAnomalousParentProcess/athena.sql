WITH
  "q_1" AS (
    SELECT
      coalesce("TenantId", '') AS "TenantId",
      coalesce("AccountDomain", '') AS "AccountDomain",
      coalesce("AccountName", '') AS "AccountName",
      coalesce("AccountObjectId", '') AS "AccountObjectId",
      coalesce("AccountSid", '') AS "AccountSid",
      coalesce("AccountUpn", '') AS "AccountUpn",
      coalesce("ActionType", '') AS "ActionType",
      "AdditionalFields",
      coalesce("AppGuardContainerId", '') AS "AppGuardContainerId",
      coalesce("DeviceId", '') AS "DeviceId",
      coalesce("DeviceName", '') AS "DeviceName",
      coalesce("FileName", '') AS "FileName",
      coalesce("FolderPath", '') AS "FolderPath",
      coalesce("InitiatingProcessAccountDomain", '') AS "InitiatingProcessAccountDomain",
      coalesce("InitiatingProcessAccountName", '') AS "InitiatingProcessAccountName",
      coalesce("InitiatingProcessAccountObjectId", '') AS "InitiatingProcessAccountObjectId",
      coalesce("InitiatingProcessAccountSid", '') AS "InitiatingProcessAccountSid",
      coalesce("InitiatingProcessAccountUpn", '') AS "InitiatingProcessAccountUpn",
      coalesce("InitiatingProcessCommandLine", '') AS "InitiatingProcessCommandLine",
      coalesce("InitiatingProcessFileName", '') AS "InitiatingProcessFileName",
      coalesce("InitiatingProcessFolderPath", '') AS "InitiatingProcessFolderPath",
      "InitiatingProcessId",
      coalesce("InitiatingProcessIntegrityLevel", '') AS "InitiatingProcessIntegrityLevel",
      "InitiatingProcessLogonId",
      coalesce("InitiatingProcessMD5", '') AS "InitiatingProcessMD5",
      coalesce("InitiatingProcessParentFileName", '') AS "InitiatingProcessParentFileName",
      "InitiatingProcessParentId",
      coalesce("InitiatingProcessSHA1", '') AS "InitiatingProcessSHA1",
      coalesce("InitiatingProcessSHA256", '') AS "InitiatingProcessSHA256",
      coalesce("InitiatingProcessTokenElevation", '') AS "InitiatingProcessTokenElevation",
      "LogonId",
      coalesce("MD5", '') AS "MD5",
      coalesce("MachineGroup", '') AS "MachineGroup",
      coalesce("ProcessCommandLine", '') AS "ProcessCommandLine",
      "ProcessCreationTime",
      "ProcessId",
      coalesce("ProcessIntegrityLevel", '') AS "ProcessIntegrityLevel",
      coalesce("ProcessTokenElevation", '') AS "ProcessTokenElevation",
      "ReportId",
      coalesce("SHA1", '') AS "SHA1",
      coalesce("SHA256", '') AS "SHA256",
      "TimeGenerated",
      "Timestamp",
      "InitiatingProcessParentCreationTime",
      "InitiatingProcessCreationTime",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("Type", '') AS "Type",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "_BilledSize"
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
      coalesce("TenantId", '') AS "TenantId",
      coalesce("ActionType", '') AS "ActionType",
      "AdditionalFields",
      coalesce("AppGuardContainerId", '') AS "AppGuardContainerId",
      coalesce("DeviceId", '') AS "DeviceId",
      coalesce("DeviceName", '') AS "DeviceName",
      coalesce("InitiatingProcessAccountDomain", '') AS "InitiatingProcessAccountDomain",
      coalesce("InitiatingProcessAccountName", '') AS "InitiatingProcessAccountName",
      coalesce("InitiatingProcessAccountObjectId", '') AS "InitiatingProcessAccountObjectId",
      coalesce("InitiatingProcessAccountSid", '') AS "InitiatingProcessAccountSid",
      coalesce("InitiatingProcessAccountUpn", '') AS "InitiatingProcessAccountUpn",
      coalesce("InitiatingProcessCommandLine", '') AS "InitiatingProcessCommandLine",
      "InitiatingProcessCreationTime",
      coalesce("InitiatingProcessFileName", '') AS "InitiatingProcessFileName",
      coalesce("InitiatingProcessFolderPath", '') AS "InitiatingProcessFolderPath",
      "InitiatingProcessId",
      coalesce("InitiatingProcessIntegrityLevel", '') AS "InitiatingProcessIntegrityLevel",
      coalesce("InitiatingProcessMD5", '') AS "InitiatingProcessMD5",
      "InitiatingProcessParentCreationTime",
      coalesce("InitiatingProcessParentFileName", '') AS "InitiatingProcessParentFileName",
      "InitiatingProcessParentId",
      coalesce("InitiatingProcessSHA1", '') AS "InitiatingProcessSHA1",
      coalesce("InitiatingProcessSHA256", '') AS "InitiatingProcessSHA256",
      coalesce("InitiatingProcessTokenElevation", '') AS "InitiatingProcessTokenElevation",
      coalesce("LocalIP", '') AS "LocalIP",
      coalesce("LocalIPType", '') AS "LocalIPType",
      "LocalPort",
      coalesce("MachineGroup", '') AS "MachineGroup",
      coalesce("Protocol", '') AS "Protocol",
      coalesce("RemoteIP", '') AS "RemoteIP",
      coalesce("RemoteIPType", '') AS "RemoteIPType",
      "RemotePort",
      coalesce("RemoteUrl", '') AS "RemoteUrl",
      "ReportId",
      "TimeGenerated",
      "Timestamp",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("Type", '') AS "Type",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "_BilledSize"
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
      r."DeviceName" AS "DeviceName1",
      r."InvestigatedProcessName" AS "InvestigatedProcessName1",
      r."InvestigatedProcessCommandLine" AS "InvestigatedProcessCommandLine1",
      r."InvestigatedProcessStartTime" AS "InvestigatedProcessStartTime1",
      r."InvestigatedProcessId" AS "InvestigatedProcessId1",
      r."LocalIP",
      r."RemoteIP",
      r."RemoteUrl"
    FROM "q_5" AS l
    INNER JOIN "q_9" AS r
      ON l."DeviceName" = r."DeviceName" AND l."InvestigatedProcessCommandLine" = r."InvestigatedProcessCommandLine" AND l."InvestigatedProcessId" IS NOT DISTINCT FROM r."InvestigatedProcessId" AND l."InvestigatedProcessName" = r."InvestigatedProcessName" AND l."InvestigatedProcessStartTime" IS NOT DISTINCT FROM r."InvestigatedProcessStartTime"
  ),
  "q_11" AS (
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
      "RemoteUrl"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      *,
      (strpos("DeviceName", '.') - 1) AS "__1"
    FROM "q_11"
  ),
  "q_13" AS (
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
    FROM "q_12"
  ),
  "q_14" AS (
    SELECT
      *,
      ((strpos("DeviceName", '.') - 1) + 1) AS "__2"
    FROM "q_13"
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
FROM "q_14"
