WITH
  "_Retrievals_1" AS (
    SELECT
      coalesce("TenantId", '') AS "TenantId",
      "TimeGenerated",
      coalesce("ResourceId", '') AS "ResourceId",
      coalesce("Category", '') AS "Category",
      coalesce("ResourceGroup", '') AS "ResourceGroup",
      coalesce("SubscriptionId", '') AS "SubscriptionId",
      coalesce("ResourceProvider", '') AS "ResourceProvider",
      coalesce("Resource", '') AS "Resource",
      coalesce("ResourceType", '') AS "ResourceType",
      coalesce("OperationName", '') AS "OperationName",
      coalesce("ResultType", '') AS "ResultType",
      coalesce("CorrelationId", '') AS "CorrelationId",
      coalesce("ResultDescription", '') AS "ResultDescription",
      coalesce("Tenant_g", '') AS "Tenant_g",
      coalesce("JobId_g", '') AS "JobId_g",
      coalesce("RunbookName_s", '') AS "RunbookName_s",
      coalesce("StreamType_s", '') AS "StreamType_s",
      coalesce("Caller_s", '') AS "Caller_s",
      coalesce("requestUri_s", '') AS "requestUri_s",
      coalesce("Level", '') AS "Level",
      "DurationMs",
      coalesce("CallerIPAddress", '') AS "CallerIPAddress",
      coalesce("OperationVersion", '') AS "OperationVersion",
      coalesce("ResultSignature", '') AS "ResultSignature",
      coalesce("id_s", '') AS "id_s",
      coalesce("status_s", '') AS "status_s",
      coalesce("LogicalServerName_s", '') AS "LogicalServerName_s",
      coalesce("Message", '') AS "Message",
      coalesce("clientInfo_s", '') AS "clientInfo_s",
      "httpStatusCode_d",
      coalesce("identity_claim_appid_g", '') AS "identity_claim_appid_g",
      coalesce("identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", '') AS "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
      coalesce("userAgent_s", '') AS "userAgent_s",
      coalesce("ruleName_s", '') AS "ruleName_s",
      coalesce("identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", '') AS "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s",
      coalesce("systemId_g", '') AS "systemId_g",
      "isAccessPolicyMatch_b",
      coalesce("EventName_s", '') AS "EventName_s",
      coalesce("httpMethod_s", '') AS "httpMethod_s",
      coalesce("subnetId_s", '') AS "subnetId_s",
      coalesce("type_s", '') AS "type_s",
      coalesce("instanceId_s", '') AS "instanceId_s",
      coalesce("macAddress_s", '') AS "macAddress_s",
      coalesce("vnetResourceGuid_g", '') AS "vnetResourceGuid_g",
      coalesce("direction_s", '') AS "direction_s",
      coalesce("subnetPrefix_s", '') AS "subnetPrefix_s",
      coalesce("primaryIPv4Address_s", '') AS "primaryIPv4Address_s",
      coalesce("conditions_sourcePortRange_s", '') AS "conditions_sourcePortRange_s",
      "priority_d",
      coalesce("conditions_destinationPortRange_s", '') AS "conditions_destinationPortRange_s",
      coalesce("conditions_destinationIP_s", '') AS "conditions_destinationIP_s",
      coalesce("conditions_None_s", '') AS "conditions_None_s",
      coalesce("conditions_sourceIP_s", '') AS "conditions_sourceIP_s",
      coalesce("httpVersion_s", '') AS "httpVersion_s",
      "matchedConnections_d",
      "startTime_t",
      "endTime_t",
      coalesce("DatabaseName_s", '') AS "DatabaseName_s",
      coalesce("clientIP_s", '') AS "clientIP_s",
      coalesce("host_s", '') AS "host_s",
      coalesce("requestQuery_s", '') AS "requestQuery_s",
      coalesce("sslEnabled_s", '') AS "sslEnabled_s",
      "clientPort_d",
      "httpStatus_d",
      "receivedBytes_d",
      "sentBytes_d",
      "timeTaken_d",
      coalesce("resultDescription_ErrorJobs_s", '') AS "resultDescription_ErrorJobs_s",
      coalesce("resultDescription_ChildJobs_s", '') AS "resultDescription_ChildJobs_s",
      coalesce("identity_claim_http_schemas_microsoft_com_identity_claims_scope_s", '') AS "identity_claim_http_schemas_microsoft_com_identity_claims_scope_s",
      coalesce("workflowId_s", '') AS "workflowId_s",
      coalesce("resource_location_s", '') AS "resource_location_s",
      coalesce("resource_workflowId_g", '') AS "resource_workflowId_g",
      coalesce("resource_resourceGroupName_s", '') AS "resource_resourceGroupName_s",
      coalesce("resource_subscriptionId_g", '') AS "resource_subscriptionId_g",
      coalesce("resource_runId_s", '') AS "resource_runId_s",
      coalesce("resource_workflowName_s", '') AS "resource_workflowName_s",
      coalesce("_schema_s", '') AS "_schema_s",
      coalesce("correlation_clientTrackingId_s", '') AS "correlation_clientTrackingId_s",
      coalesce("properties_sku_Family_s", '') AS "properties_sku_Family_s",
      coalesce("properties_sku_Name_s", '') AS "properties_sku_Name_s",
      coalesce("properties_tenantId_g", '') AS "properties_tenantId_g",
      "properties_enabledForDeployment_b",
      coalesce("code_s", '') AS "code_s",
      coalesce("resultDescription_Summary_MachineId_s", '') AS "resultDescription_Summary_MachineId_s",
      coalesce("resultDescription_Summary_ScheduleName_s", '') AS "resultDescription_Summary_ScheduleName_s",
      coalesce("resultDescription_Summary_Status_s", '') AS "resultDescription_Summary_Status_s",
      coalesce("resultDescription_Summary_StatusDescription_s", '') AS "resultDescription_Summary_StatusDescription_s",
      coalesce("resultDescription_Summary_MachineName_s", '') AS "resultDescription_Summary_MachineName_s",
      "resultDescription_Summary_TotalUpdatesInstalled_d",
      "resultDescription_Summary_RebootRequired_b",
      "resultDescription_Summary_TotalUpdatesFailed_d",
      "resultDescription_Summary_InstallPercentage_d",
      "resultDescription_Summary_StartDateTimeUtc_t",
      coalesce("resource_triggerName_s", '') AS "resource_triggerName_s",
      "resultDescription_Summary_InitialRequiredUpdatesCount_d",
      "properties_enabledForTemplateDeployment_b",
      coalesce("resultDescription_Summary_EndDateTimeUtc_s", '') AS "resultDescription_Summary_EndDateTimeUtc_s",
      coalesce("resultDescription_Summary_DurationInMinutes_s", '') AS "resultDescription_Summary_DurationInMinutes_s",
      coalesce("resource_originRunId_s", '') AS "resource_originRunId_s",
      "properties_enabledForDiskEncryption_b",
      coalesce("resource_actionName_s", '') AS "resource_actionName_s",
      coalesce("correlation_actionTrackingId_g", '') AS "correlation_actionTrackingId_g",
      "resultDescription_Summary_EndDateTimeUtc_t",
      "resultDescription_Summary_DurationInMinutes_d",
      coalesce("conditions_protocols_s", '') AS "conditions_protocols_s",
      coalesce("identity_claim_ipaddr_s", '') AS "identity_claim_ipaddr_s",
      coalesce("ElasticPoolName_s", '') AS "ElasticPoolName_s",
      coalesce("identity_claim_http_schemas_microsoft_com_claims_authnmethodsreferences_s", '') AS "identity_claim_http_schemas_microsoft_com_claims_authnmethodsreferences_s",
      coalesce("RunOn_s", '') AS "RunOn_s",
      coalesce("query_hash_s", '') AS "query_hash_s",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("MG", '') AS "MG",
      coalesce("ManagementGroupName", '') AS "ManagementGroupName",
      coalesce("Computer", '') AS "Computer",
      coalesce("requestBytes_s", '') AS "requestBytes_s",
      coalesce("responseBytes_s", '') AS "responseBytes_s",
      coalesce("socketIp_s", '') AS "socketIp_s",
      coalesce("timeTaken_s", '') AS "timeTaken_s",
      coalesce("securityProtocol_s", '') AS "securityProtocol_s",
      coalesce("endpoint_s", '') AS "endpoint_s",
      coalesce("rulesEngineMatchNames_s", '') AS "rulesEngineMatchNames_s",
      coalesce("backendHostname_s", '') AS "backendHostname_s",
      "isReceivedFromClient_b",
      coalesce("httpStatusCode_s", '') AS "httpStatusCode_s",
      coalesce("httpStatusDetails_s", '') AS "httpStatusDetails_s",
      coalesce("pop_s", '') AS "pop_s",
      coalesce("cacheStatus_s", '') AS "cacheStatus_s",
      coalesce("socketIP_s", '') AS "socketIP_s",
      coalesce("policy_s", '') AS "policy_s",
      coalesce("trackingReference_s", '') AS "trackingReference_s",
      coalesce("policyMode_s", '') AS "policyMode_s",
      coalesce("details_matches_s", '') AS "details_matches_s",
      coalesce("identity_claim_http_schemas_xmlsoap_org_ws_2005_05_id__3d2ef356", '') AS "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_id__3d2ef356",
      coalesce("resource_sourceTriggerHistoryName_s", '') AS "resource_sourceTriggerHistoryName_s",
      "secretProperties_attributes_enabled_b",
      coalesce("addedAccessPolicy_TenantId_g", '') AS "addedAccessPolicy_TenantId_g",
      coalesce("addedAccessPolicy_ObjectId_g", '') AS "addedAccessPolicy_ObjectId_g",
      coalesce("addedAccessPolicy_Permissions_keys_s", '') AS "addedAccessPolicy_Permissions_keys_s",
      coalesce("addedAccessPolicy_Permissions_secrets_s", '') AS "addedAccessPolicy_Permissions_secrets_s",
      coalesce("addedAccessPolicy_Permissions_certificates_s", '') AS "addedAccessPolicy_Permissions_certificates_s",
      "properties_enableRbacAuthorization_b",
      coalesce("retryHistory_s", '') AS "retryHistory_s",
      coalesce("properties_networkAcls_bypass_s", '') AS "properties_networkAcls_bypass_s",
      coalesce("properties_networkAcls_defaultAction_s", '') AS "properties_networkAcls_defaultAction_s",
      coalesce("ruleGroup_s", '') AS "ruleGroup_s",
      coalesce("transactionId_s", '') AS "transactionId_s",
      coalesce("transactionId_g", '') AS "transactionId_g",
      coalesce("originalHost_s", '') AS "originalHost_s",
      coalesce("error_code_s", '') AS "error_code_s",
      coalesce("error_message_s", '') AS "error_message_s",
      coalesce("clientIp_s", '') AS "clientIp_s",
      coalesce("clientPort_s", '') AS "clientPort_s",
      coalesce("ruleSetType_s", '') AS "ruleSetType_s",
      coalesce("ruleSetVersion_s", '') AS "ruleSetVersion_s",
      coalesce("ruleId_s", '') AS "ruleId_s",
      coalesce("action_s", '') AS "action_s",
      coalesce("site_s", '') AS "site_s",
      coalesce("details_message_s", '') AS "details_message_s",
      coalesce("details_msg_s", '') AS "details_msg_s",
      coalesce("details_data_s", '') AS "details_data_s",
      coalesce("details_file_s", '') AS "details_file_s",
      coalesce("details_line_s", '') AS "details_line_s",
      coalesce("hostname_s", '') AS "hostname_s",
      coalesce("correlation_clientTrackingId_g", '') AS "correlation_clientTrackingId_g",
      coalesce("tags__type_s", '') AS "tags__type_s",
      coalesce("msg_s", '') AS "msg_s",
      coalesce("tags_LogicAppsCategory_s", '') AS "tags_LogicAppsCategory_s",
      coalesce("Type", '') AS "Type",
      "AdditionalFields",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("action_id_s", '') AS "action_id_s",
      coalesce("server_principal_name_s", '') AS "server_principal_name_s",
      coalesce("client_ip_s", '') AS "client_ip_s",
      coalesce("host_name_s", '') AS "host_name_s",
      coalesce("application_name_s", '') AS "application_name_s",
      coalesce("action_name_s", '') AS "action_name_s",
      coalesce("database_name_s", '') AS "database_name_s",
      "affected_rows_d",
      "response_rows_d",
      coalesce("statement_s", '') AS "statement_s",
      coalesce("additional_information_s", '') AS "additional_information_s",
      coalesce("succeeded_s", '') AS "succeeded_s",
      coalesce("timeSlice", '') AS "timeSlice",
      coalesce("destPublicIpAddress_s", '') AS "destPublicIpAddress_s",
      coalesce("sourcePublicIpAddress_s", '') AS "sourcePublicIpAddress_s",
      coalesce("log_s", '') AS "log_s",
      coalesce("removedAccessPolicy_ObjectId_g", '') AS "removedAccessPolicy_ObjectId_g",
      coalesce("removedAccessPolicy_Permissions_keys_s", '') AS "removedAccessPolicy_Permissions_keys_s",
      coalesce("removedAccessPolicy_Permissions_secrets_s", '') AS "removedAccessPolicy_Permissions_secrets_s",
      coalesce("removedAccessPolicy_Permissions_certificates_s", '') AS "removedAccessPolicy_Permissions_certificates_s",
      "duration_milliseconds_d",
      coalesce("session_server_principal_name_s", '') AS "session_server_principal_name_s",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId",
      coalesce("_IsBillable", '') AS "_IsBillable",
      "_BilledSize"
    FROM "AzureDiagnostics"
  ),
  "_Retrievals_2" AS (
    SELECT *
    FROM "_Retrievals_1"
    WHERE (("OperationName" IN ('SecretGet', 'KeyGet', 'VaultGet')) AND (lower("ResourceType") = lower('VAULTS')))
  ),
  "_Retrievals_3" AS (
    SELECT *
    FROM "_Retrievals_2"
    WHERE (NOT (("identity_claim_appid_g" IN ('509e4652-da8d-478d-a730-e9d4a1996ca4', '8cae6e77-e04e-42ce-b5cb-50d82bce26b1')) AND ("OperationName" = 'VaultGet')))
  ),
  "_Retrievals_4" AS (
    SELECT
      *,
      '' AS "identity_claim_oid_g",
      '' AS "identity_claim_upn_s"
    FROM "_Retrievals_3"
  ),
  "_Retrievals" AS (
    SELECT
      *,
      CASE WHEN ("identity_claim_oid_g" = '') THEN "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g" ELSE "identity_claim_oid_g" END AS "CallerObjectId",
      CASE WHEN ("identity_claim_upn_s" = '') THEN "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s" ELSE "identity_claim_upn_s" END AS "CallerObjectUPN"
    FROM "_Retrievals_4"
  ),
  "sq_6" AS (
    SELECT *
    FROM "_Retrievals"
    WHERE ("ResultType" = 'Success')
  ),
  "sq_7" AS (
    SELECT
      "OperationName" AS "OperationName",
      "CallerObjectId" AS "CallerObjectId",
      count(DISTINCT "requestUri_s") AS "Count"
    FROM "sq_6"
    GROUP BY "OperationName", "CallerObjectId"
  ),
  "sq_8" AS (
    SELECT *
    FROM "sq_7"
    WHERE ("Count" > 10)
  ),
  "sq_9" AS (
    SELECT
      coalesce(jsonb_agg(DISTINCT to_jsonb("CallerObjectId")) FILTER (WHERE "CallerObjectId" IS NOT NULL AND "__limit1" <= 10000), '[]'::jsonb) AS "set_CallerObjectId"
    FROM (
      SELECT
        *,
        dense_rank() OVER (PARTITION BY "CallerObjectId" IS NULL ORDER BY "CallerObjectId") AS "__limit1"
      FROM "sq_8"
    ) AS a
  ),
  "sq_10" AS (
    SELECT *
    FROM "sq_9"
    LIMIT 1
  ),
  "q_11" AS (
    SELECT *
    FROM "_Retrievals"
    WHERE ("CallerObjectId" IN (rule2sql.dyn_tostring((SELECT "set_CallerObjectId" FROM "sq_10" LIMIT 1))))
  ),
  "q_12" AS (
    SELECT
      *
    FROM "q_11"
  ),
  "q_13" AS (
    SELECT
      "ResourceType" AS "ResourceType",
      "ResultType" AS "ResultType",
      "identity_claim_appid_g" AS "identity_claim_appid_g",
      "CallerObjectId" AS "CallerObjectId",
      "CallerObjectUPN" AS "CallerObjectUPN",
      count(*) AS "EventCount",
      min("TimeGenerated") AS "StartTime",
      max("TimeGenerated") AS "EndTime",
      coalesce(jsonb_agg(DISTINCT to_jsonb("Resource")) FILTER (WHERE "Resource" IS NOT NULL AND "__limit4" <= 50), '[]'::jsonb) AS "ResourceList",
      coalesce(jsonb_agg(DISTINCT to_jsonb("OperationName")) FILTER (WHERE "OperationName" IS NOT NULL AND "__limit5" <= 50), '[]'::jsonb) AS "OperationNameList",
      coalesce(jsonb_agg(DISTINCT to_jsonb("requestUri_s")) FILTER (WHERE "requestUri_s" IS NOT NULL AND "__limit6" <= 50), '[]'::jsonb) AS "RequestURLList",
      coalesce(jsonb_agg(DISTINCT to_jsonb("CallerIPAddress")) FILTER (WHERE "CallerIPAddress" IS NOT NULL AND "__limit7" <= 50), '[]'::jsonb) AS "CallerIPList",
      coalesce(jsonb_agg(DISTINCT to_jsonb("clientInfo_s")) FILTER (WHERE "clientInfo_s" IS NOT NULL AND "__limit8" <= 50), '[]'::jsonb) AS "clientInfo_sList",
      coalesce(max("CallerIPAddress" COLLATE "C"), '') AS "CallerIPMax"
    FROM (
      SELECT
        *,
        dense_rank() OVER (PARTITION BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN", "Resource" IS NULL ORDER BY "Resource") AS "__limit4",
        dense_rank() OVER (PARTITION BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN", "OperationName" IS NULL ORDER BY "OperationName") AS "__limit5",
        dense_rank() OVER (PARTITION BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN", "requestUri_s" IS NULL ORDER BY "requestUri_s") AS "__limit6",
        dense_rank() OVER (PARTITION BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN", "CallerIPAddress" IS NULL ORDER BY "CallerIPAddress") AS "__limit7",
        dense_rank() OVER (PARTITION BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN", "clientInfo_s" IS NULL ORDER BY "clientInfo_s") AS "__limit8"
      FROM "q_12"
    ) AS a
    GROUP BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN"
  ),
  "q_14" AS (
    SELECT *
    FROM "q_13"
    WHERE ("EventCount" > 50)
  ),
  "q_15" AS (
    SELECT
      "StartTime",
      "EndTime",
      "EventCount",
      "ResourceType",
      "identity_claim_appid_g",
      "CallerObjectId",
      "CallerObjectUPN",
      "ResultType",
      "ResourceList",
      "OperationNameList",
      "RequestURLList",
      "CallerIPList",
      "clientInfo_sList",
      "CallerIPMax"
    FROM "q_14"
  )
SELECT
  *,
  "EndTime" AS "timestamp"
FROM "q_15"
