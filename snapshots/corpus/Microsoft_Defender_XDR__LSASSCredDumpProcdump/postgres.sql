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
    WHERE (((("FileName" ~* '(^|[^[:alnum:]])procdump\.exe($|[^[:alnum:]])') OR ("FileName" ~* '(^|[^[:alnum:]])procdump64\.exe($|[^[:alnum:]])')) AND ("ProcessCommandLine" ~* '(^|[^[:alnum:]])lsass($|[^[:alnum:]])')) OR (("ProcessCommandLine" ~* '(^|[^[:alnum:]])lsass\.exe($|[^[:alnum:]])') AND (("ProcessCommandLine" ~* '-accepteula($|[^[:alnum:]])') OR (strpos(lower("ProcessCommandLine"), lower('-ma')) > 0))))
  ),
  "q_3" AS (
    SELECT
      *,
      CASE WHEN (strpos(lower("DeviceName"), lower('.')) > 0) THEN rule2sql.substring("DeviceName", 0, (strpos("DeviceName", '.') - 1)) ELSE "DeviceName" END AS "HostName"
    FROM "q_2"
  )
SELECT
  *,
  CASE WHEN (strpos(lower("DeviceName"), lower('.')) > 0) THEN rule2sql.substring("DeviceName", ((strpos("DeviceName", '.') - 1) + 1)) ELSE '' END AS "DnsDomain"
FROM "q_3"
