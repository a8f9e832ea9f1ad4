WITH
  "q_1" AS (
    SELECT
      "Members",
      coalesce("OfficeWorkload", '') AS "OfficeWorkload",
      coalesce("Operation", '') AS "Operation",
      coalesce("TeamName", '') AS "TeamName",
      "TimeGenerated",
      coalesce("UserId", '') AS "UserId"
    FROM "OfficeActivity"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (kql_lower("OfficeWorkload") = kql_lower('MicrosoftTeams'))
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (kql_lower("Operation") = kql_lower('MemberAdded'))
  ),
  "q_4" AS (
    SELECT
      *,
      nullif("Members" -> '$[0]."UPN"', 'null') AS "__1"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      "Operation",
      "TeamName",
      "TimeGenerated",
      "UserId",
      coalesce(CASE json_type("__1") WHEN 'text' THEN "__1" ->> '$' WHEN 'null' THEN '' ELSE json("__1") END, '') AS "UPN"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT *
    FROM "q_5"
    WHERE (instr(kql_lower("UPN"), kql_lower('#EXT#')) > 0)
  ),
  "q_7" AS (
    SELECT
      "TimeGenerated" AS "TimeAdded",
      "Operation",
      "UPN",
      "UserId" AS "UserWhoAdded",
      "TeamName"
    FROM "q_6"
  ),
  "q_8" AS (
    SELECT
      "Members",
      coalesce("OfficeWorkload", '') AS "OfficeWorkload",
      coalesce("Operation", '') AS "Operation",
      coalesce("TeamName", '') AS "TeamName",
      "TimeGenerated",
      coalesce("UserId", '') AS "UserId"
    FROM "OfficeActivity"
  ),
  "q_9" AS (
    SELECT *
    FROM "q_8"
    WHERE (kql_lower("OfficeWorkload") = kql_lower('MicrosoftTeams'))
  ),
  "q_10" AS (
    SELECT *
    FROM "q_9"
    WHERE (kql_lower("Operation") = kql_lower('MemberRemoved'))
  ),
  "q_11" AS (
    SELECT
      *,
      nullif("Members" -> '$[0]."UPN"', 'null') AS "__2"
    FROM "q_10"
  ),
  "q_12" AS (
    SELECT
      "Operation",
      "TeamName",
      "TimeGenerated",
      "UserId",
      coalesce(CASE json_type("__2") WHEN 'text' THEN "__2" ->> '$' WHEN 'null' THEN '' ELSE json("__2") END, '') AS "UPN"
    FROM "q_11"
  ),
  "q_13" AS (
    SELECT *
    FROM "q_12"
    WHERE (instr(kql_lower("UPN"), kql_lower('#EXT#')) > 0)
  ),
  "q_14" AS (
    SELECT
      "TimeGenerated" AS "TimeDeleted",
      "Operation",
      "UPN",
      "UserId" AS "UserWhoDeleted",
      "TeamName"
    FROM "q_13"
  ),
  "q_15" AS (
    SELECT
      l."TimeAdded",
      l."Operation",
      l."UPN",
      l."UserWhoAdded",
      l."TeamName",
      r."TimeDeleted",
      r."Operation" AS "Operation1",
      r."UPN" AS "UPN1",
      r."UserWhoDeleted",
      r."TeamName" AS "TeamName1"
    FROM "q_7" AS l
    INNER JOIN "q_14" AS r
      ON l."UPN" = r."UPN"
  ),
  "q_16" AS (
    SELECT *
    FROM "q_15"
    WHERE ("TimeDeleted" > "TimeAdded")
  ),
  "q_17" AS (
    SELECT
      coalesce("AADGroupId", '') AS "AADGroupId",
      coalesce("AADTarget", '') AS "AADTarget",
      coalesce("Activity", '') AS "Activity",
      coalesce("Actor", '') AS "Actor",
      coalesce("ActorContextId", '') AS "ActorContextId",
      coalesce("ActorIpAddress", '') AS "ActorIpAddress",
      coalesce("AddOnGuid", '') AS "AddOnGuid",
      coalesce("AddonName", '') AS "AddonName",
      coalesce("AddOnType", '') AS "AddOnType",
      coalesce("AffectedItems", '') AS "AffectedItems",
      coalesce("AppDistributionMode", '') AS "AppDistributionMode",
      coalesce("AppId", '') AS "AppId",
      coalesce("Application", '') AS "Application",
      coalesce("ApplicationId", '') AS "ApplicationId",
      coalesce("AppPoolName", '') AS "AppPoolName",
      coalesce("AzureActiveDirectory_EventType", '') AS "AzureActiveDirectory_EventType",
      coalesce("AzureADAppId", '') AS "AzureADAppId",
      "_BilledSize",
      coalesce("ChannelGuid", '') AS "ChannelGuid",
      coalesce("ChannelName", '') AS "ChannelName",
      coalesce("ChannelType", '') AS "ChannelType",
      coalesce("ChatName", '') AS "ChatName",
      coalesce("ChatThreadId", '') AS "ChatThreadId",
      coalesce("Client", '') AS "Client",
      coalesce("Client_IPAddress", '') AS "Client_IPAddress",
      coalesce("ClientAppId", '') AS "ClientAppId",
      coalesce("ClientInfoString", '') AS "ClientInfoString",
      coalesce("ClientIP", '') AS "ClientIP",
      coalesce("ClientMachineName", '') AS "ClientMachineName",
      coalesce("ClientProcessName", '') AS "ClientProcessName",
      coalesce("ClientVersion", '') AS "ClientVersion",
      coalesce("CommunicationType", '') AS "CommunicationType",
      "CrossMailboxOperations",
      coalesce("CustomEvent", '') AS "CustomEvent",
      "DataCenterSecurityEventType",
      coalesce("DestFolder", '') AS "DestFolder",
      coalesce("DestinationFileExtension", '') AS "DestinationFileExtension",
      coalesce("DestinationFileName", '') AS "DestinationFileName",
      coalesce("DestinationRelativeUrl", '') AS "DestinationRelativeUrl",
      coalesce("DestMailboxId", '') AS "DestMailboxId",
      coalesce("DestMailboxOwnerMasterAccountSid", '') AS "DestMailboxOwnerMasterAccountSid",
      coalesce("DestMailboxOwnerSid", '') AS "DestMailboxOwnerSid",
      coalesce("DestMailboxOwnerUPN", '') AS "DestMailboxOwnerUPN",
      coalesce("EffectiveOrganization", '') AS "EffectiveOrganization",
      "ElevationApprovedTime",
      coalesce("ElevationApprover", '') AS "ElevationApprover",
      "ElevationDuration",
      coalesce("ElevationRequestId", '') AS "ElevationRequestId",
      coalesce("ElevationRole", '') AS "ElevationRole",
      "ElevationTime",
      coalesce("Event_Data", '') AS "Event_Data",
      coalesce("EventSource", '') AS "EventSource",
      coalesce("ExtendedProperties", '') AS "ExtendedProperties",
      coalesce("ExternalAccess", '') AS "ExternalAccess",
      "ExtraProperties",
      coalesce("Folder", '') AS "Folder",
      coalesce("Folders", '') AS "Folders",
      coalesce("GenericInfo", '') AS "GenericInfo",
      "InternalLogonType",
      coalesce("InterSystemsId", '') AS "InterSystemsId",
      coalesce("IntraSystemId", '') AS "IntraSystemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "IsManagedDevice",
      coalesce("Item", '') AS "Item",
      coalesce("ItemName", '') AS "ItemName",
      coalesce("ItemType", '') AS "ItemType",
      "LoginStatus",
      coalesce("Logon_Type", '') AS "Logon_Type",
      coalesce("LogonUserDisplayName", '') AS "LogonUserDisplayName",
      coalesce("LogonUserSid", '') AS "LogonUserSid",
      coalesce("MachineDomainInfo", '') AS "MachineDomainInfo",
      coalesce("MachineId", '') AS "MachineId",
      coalesce("MailboxGuid", '') AS "MailboxGuid",
      coalesce("MailboxOwnerMasterAccountSid", '') AS "MailboxOwnerMasterAccountSid",
      coalesce("MailboxOwnerSid", '') AS "MailboxOwnerSid",
      coalesce("MailboxOwnerUPN", '') AS "MailboxOwnerUPN",
      "Members",
      coalesce("MessageId", '') AS "MessageId",
      coalesce("ModifiedObjectResolvedName", '') AS "ModifiedObjectResolvedName",
      coalesce("ModifiedProperties", '') AS "ModifiedProperties",
      coalesce("Name", '') AS "Name",
      coalesce("NewValue", '') AS "NewValue",
      coalesce("OfficeId", '') AS "OfficeId",
      coalesce("OfficeObjectId", '') AS "OfficeObjectId",
      coalesce("OfficeTenantId", '') AS "OfficeTenantId",
      coalesce("OfficeWorkload", '') AS "OfficeWorkload",
      coalesce("OldValue", '') AS "OldValue",
      coalesce("Operation", '') AS "Operation",
      "OperationProperties",
      coalesce("OperationScope", '') AS "OperationScope",
      coalesce("OrganizationId", '') AS "OrganizationId",
      coalesce("OrganizationName", '') AS "OrganizationName",
      coalesce("OriginatingServer", '') AS "OriginatingServer",
      coalesce("Parameters", '') AS "Parameters",
      coalesce("RecordType", '') AS "RecordType",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("ResultReasonType", '') AS "ResultReasonType",
      coalesce("ResultStatus", '') AS "ResultStatus",
      coalesce("SendAsUserMailboxGuid", '') AS "SendAsUserMailboxGuid",
      coalesce("SendAsUserSmtp", '') AS "SendAsUserSmtp",
      coalesce("SendonBehalfOfUserMailboxGuid", '') AS "SendonBehalfOfUserMailboxGuid",
      coalesce("SendOnBehalfOfUserSmtp", '') AS "SendOnBehalfOfUserSmtp",
      coalesce("SharingType", '') AS "SharingType",
      coalesce("Site_", '') AS "Site_",
      coalesce("Site_Url", '') AS "Site_Url",
      coalesce("Source_Name", '') AS "Source_Name",
      coalesce("SourceFileExtension", '') AS "SourceFileExtension",
      coalesce("SourceFileName", '') AS "SourceFileName",
      coalesce("SourceRecordId", '') AS "SourceRecordId",
      coalesce("SourceRelativeUrl", '') AS "SourceRelativeUrl",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("SRPolicyId", '') AS "SRPolicyId",
      coalesce("SRPolicyName", '') AS "SRPolicyName",
      "SRRuleMatchDetails",
      "Start_Time",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      coalesce("SupportTicketId", '') AS "SupportTicketId",
      coalesce("TabType", '') AS "TabType",
      coalesce("TargetContextId", '') AS "TargetContextId",
      coalesce("TargetUserId", '') AS "TargetUserId",
      coalesce("TargetUserOrGroupName", '') AS "TargetUserOrGroupName",
      coalesce("TargetUserOrGroupType", '') AS "TargetUserOrGroupType",
      coalesce("TeamGuid", '') AS "TeamGuid",
      coalesce("TeamName", '') AS "TeamName",
      coalesce("TenantId", '') AS "TenantId",
      "TimeGenerated",
      coalesce("Type", '') AS "Type",
      coalesce("UserAgent", '') AS "UserAgent",
      coalesce("UserDomain", '') AS "UserDomain",
      coalesce("UserId", '') AS "UserId",
      coalesce("UserKey", '') AS "UserKey",
      coalesce("UserSharedWith", '') AS "UserSharedWith",
      coalesce("UserType", '') AS "UserType",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId"
    FROM "OfficeActivity"
  ),
  "q_18" AS (
    SELECT *
    FROM "q_17"
    WHERE ("RecordType" = 'SharePointFileOperation')
  ),
  "q_19" AS (
    SELECT *
    FROM "q_18"
    WHERE (kql_term("SourceRelativeUrl", 'Microsoft Teams Chat Files', 'has', 0) = 1)
  ),
  "q_20" AS (
    SELECT *
    FROM "q_19"
    WHERE ("Operation" = 'FileUploaded')
  ),
  "q_21" AS (
    SELECT
      coalesce("OfficeObjectId", '') AS "OfficeObjectId",
      coalesce("Operation", '') AS "Operation",
      coalesce("RecordType", '') AS "RecordType",
      coalesce("SourceRelativeUrl", '') AS "SourceRelativeUrl"
    FROM "OfficeActivity"
  ),
  "q_22" AS (
    SELECT *
    FROM "q_21"
    WHERE ("RecordType" = 'SharePointFileOperation')
  ),
  "q_23" AS (
    SELECT *
    FROM "q_22"
    WHERE ("Operation" = 'FileAccessed')
  ),
  "q_24" AS (
    SELECT *
    FROM "q_23"
    WHERE (kql_term("SourceRelativeUrl", 'Microsoft Teams Chat Files', 'has', 0) = 1)
  ),
  "q_25" AS (
    SELECT
      "OfficeObjectId" AS "OfficeObjectId",
      count(*) AS "FileAccessCount"
    FROM "q_24"
    GROUP BY "OfficeObjectId"
  ),
  "q_26" AS (
    SELECT *
    FROM "q_25"
    WHERE ("FileAccessCount" > 10)
  ),
  "q_27" AS (
    SELECT
      l."AADGroupId",
      l."AADTarget",
      l."Activity",
      l."Actor",
      l."ActorContextId",
      l."ActorIpAddress",
      l."AddOnGuid",
      l."AddonName",
      l."AddOnType",
      l."AffectedItems",
      l."AppDistributionMode",
      l."AppId",
      l."Application",
      l."ApplicationId",
      l."AppPoolName",
      l."AzureActiveDirectory_EventType",
      l."AzureADAppId",
      l."_BilledSize",
      l."ChannelGuid",
      l."ChannelName",
      l."ChannelType",
      l."ChatName",
      l."ChatThreadId",
      l."Client",
      l."Client_IPAddress",
      l."ClientAppId",
      l."ClientInfoString",
      l."ClientIP",
      l."ClientMachineName",
      l."ClientProcessName",
      l."ClientVersion",
      l."CommunicationType",
      l."CrossMailboxOperations",
      l."CustomEvent",
      l."DataCenterSecurityEventType",
      l."DestFolder",
      l."DestinationFileExtension",
      l."DestinationFileName",
      l."DestinationRelativeUrl",
      l."DestMailboxId",
      l."DestMailboxOwnerMasterAccountSid",
      l."DestMailboxOwnerSid",
      l."DestMailboxOwnerUPN",
      l."EffectiveOrganization",
      l."ElevationApprovedTime",
      l."ElevationApprover",
      l."ElevationDuration",
      l."ElevationRequestId",
      l."ElevationRole",
      l."ElevationTime",
      l."Event_Data",
      l."EventSource",
      l."ExtendedProperties",
      l."ExternalAccess",
      l."ExtraProperties",
      l."Folder",
      l."Folders",
      l."GenericInfo",
      l."InternalLogonType",
      l."InterSystemsId",
      l."IntraSystemId",
      l."_IsBillable",
      l."IsManagedDevice",
      l."Item",
      l."ItemName",
      l."ItemType",
      l."LoginStatus",
      l."Logon_Type",
      l."LogonUserDisplayName",
      l."LogonUserSid",
      l."MachineDomainInfo",
      l."MachineId",
      l."MailboxGuid",
      l."MailboxOwnerMasterAccountSid",
      l."MailboxOwnerSid",
      l."MailboxOwnerUPN",
      l."Members",
      l."MessageId",
      l."ModifiedObjectResolvedName",
      l."ModifiedProperties",
      l."Name",
      l."NewValue",
      l."OfficeId",
      l."OfficeObjectId",
      l."OfficeTenantId",
      l."OfficeWorkload",
      l."OldValue",
      l."Operation",
      l."OperationProperties",
      l."OperationScope",
      l."OrganizationId",
      l."OrganizationName",
      l."OriginatingServer",
      l."Parameters",
      l."RecordType",
      l."_ResourceId",
      l."ResultReasonType",
      l."ResultStatus",
      l."SendAsUserMailboxGuid",
      l."SendAsUserSmtp",
      l."SendonBehalfOfUserMailboxGuid",
      l."SendOnBehalfOfUserSmtp",
      l."SharingType",
      l."Site_",
      l."Site_Url",
      l."Source_Name",
      l."SourceFileExtension",
      l."SourceFileName",
      l."SourceRecordId",
      l."SourceRelativeUrl",
      l."SourceSystem",
      l."SRPolicyId",
      l."SRPolicyName",
      l."SRRuleMatchDetails",
      l."Start_Time",
      l."_SubscriptionId",
      l."SupportTicketId",
      l."TabType",
      l."TargetContextId",
      l."TargetUserId",
      l."TargetUserOrGroupName",
      l."TargetUserOrGroupType",
      l."TeamGuid",
      l."TeamName",
      l."TenantId",
      l."TimeGenerated",
      l."Type",
      l."UserAgent",
      l."UserDomain",
      l."UserId",
      l."UserKey",
      l."UserSharedWith",
      l."UserType",
      l."_TimeReceived",
      l."_ItemId",
      r."OfficeObjectId" AS "OfficeObjectId1",
      r."FileAccessCount"
    FROM "q_20" AS l
    INNER JOIN "q_26" AS r
      ON l."OfficeObjectId" = r."OfficeObjectId"
  ),
  "q_28" AS (
    SELECT
      l."TimeAdded",
      l."Operation",
      l."UPN",
      l."UserWhoAdded",
      l."TeamName",
      l."TimeDeleted",
      l."Operation1",
      l."UPN1",
      l."UserWhoDeleted",
      l."TeamName1",
      r."AADGroupId",
      r."AADTarget",
      r."Activity",
      r."Actor",
      r."ActorContextId",
      r."ActorIpAddress",
      r."AddOnGuid",
      r."AddonName",
      r."AddOnType",
      r."AffectedItems",
      r."AppDistributionMode",
      r."AppId",
      r."Application",
      r."ApplicationId",
      r."AppPoolName",
      r."AzureActiveDirectory_EventType",
      r."AzureADAppId",
      r."_BilledSize",
      r."ChannelGuid",
      r."ChannelName",
      r."ChannelType",
      r."ChatName",
      r."ChatThreadId",
      r."Client",
      r."Client_IPAddress",
      r."ClientAppId",
      r."ClientInfoString",
      r."ClientIP",
      r."ClientMachineName",
      r."ClientProcessName",
      r."ClientVersion",
      r."CommunicationType",
      r."CrossMailboxOperations",
      r."CustomEvent",
      r."DataCenterSecurityEventType",
      r."DestFolder",
      r."DestinationFileExtension",
      r."DestinationFileName",
      r."DestinationRelativeUrl",
      r."DestMailboxId",
      r."DestMailboxOwnerMasterAccountSid",
      r."DestMailboxOwnerSid",
      r."DestMailboxOwnerUPN",
      r."EffectiveOrganization",
      r."ElevationApprovedTime",
      r."ElevationApprover",
      r."ElevationDuration",
      r."ElevationRequestId",
      r."ElevationRole",
      r."ElevationTime",
      r."Event_Data",
      r."EventSource",
      r."ExtendedProperties",
      r."ExternalAccess",
      r."ExtraProperties",
      r."Folder",
      r."Folders",
      r."GenericInfo",
      r."InternalLogonType",
      r."InterSystemsId",
      r."IntraSystemId",
      r."_IsBillable",
      r."IsManagedDevice",
      r."Item",
      r."ItemName",
      r."ItemType",
      r."LoginStatus",
      r."Logon_Type",
      r."LogonUserDisplayName",
      r."LogonUserSid",
      r."MachineDomainInfo",
      r."MachineId",
      r."MailboxGuid",
      r."MailboxOwnerMasterAccountSid",
      r."MailboxOwnerSid",
      r."MailboxOwnerUPN",
      r."Members",
      r."MessageId",
      r."ModifiedObjectResolvedName",
      r."ModifiedProperties",
      r."Name",
      r."NewValue",
      r."OfficeId",
      r."OfficeObjectId",
      r."OfficeTenantId",
      r."OfficeWorkload",
      r."OldValue",
      r."Operation" AS "Operation2",
      r."OperationProperties",
      r."OperationScope",
      r."OrganizationId",
      r."OrganizationName",
      r."OriginatingServer",
      r."Parameters",
      r."RecordType",
      r."_ResourceId",
      r."ResultReasonType",
      r."ResultStatus",
      r."SendAsUserMailboxGuid",
      r."SendAsUserSmtp",
      r."SendonBehalfOfUserMailboxGuid",
      r."SendOnBehalfOfUserSmtp",
      r."SharingType",
      r."Site_",
      r."Site_Url",
      r."Source_Name",
      r."SourceFileExtension",
      r."SourceFileName",
      r."SourceRecordId",
      r."SourceRelativeUrl",
      r."SourceSystem",
      r."SRPolicyId",
      r."SRPolicyName",
      r."SRRuleMatchDetails",
      r."Start_Time",
      r."_SubscriptionId",
      r."SupportTicketId",
      r."TabType",
      r."TargetContextId",
      r."TargetUserId",
      r."TargetUserOrGroupName",
      r."TargetUserOrGroupType",
      r."TeamGuid",
      r."TeamName" AS "TeamName2",
      r."TenantId",
      r."TimeGenerated",
      r."Type",
      r."UserAgent",
      r."UserDomain",
      r."UserId",
      r."UserKey",
      r."UserSharedWith",
      r."UserType",
      r."_TimeReceived",
      r."_ItemId",
      r."OfficeObjectId1",
      r."FileAccessCount"
    FROM "q_16" AS l
    INNER JOIN "q_27" AS r
      ON l."UPN" = r."UserId"
  )
SELECT
  *,
  "TimeGenerated" AS "timestamp",
  "UserWhoAdded" AS "AccountCustomEntity"
FROM "q_28"
