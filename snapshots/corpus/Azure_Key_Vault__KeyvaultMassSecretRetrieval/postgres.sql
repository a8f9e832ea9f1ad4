WITH
  "_Retrievals_1" AS (
    SELECT
      "TimeGenerated",
      coalesce("Resource", '') AS "Resource",
      coalesce("ResourceType", '') AS "ResourceType",
      coalesce("OperationName", '') AS "OperationName",
      coalesce("ResultType", '') AS "ResultType",
      coalesce("requestUri_s", '') AS "requestUri_s",
      coalesce("CallerIPAddress", '') AS "CallerIPAddress",
      coalesce("clientInfo_s", '') AS "clientInfo_s",
      coalesce("identity_claim_appid_g", '') AS "identity_claim_appid_g",
      coalesce("identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", '') AS "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
      coalesce("identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", '') AS "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s"
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
      "TimeGenerated",
      "Resource",
      "ResourceType",
      "OperationName",
      "ResultType",
      "requestUri_s",
      "CallerIPAddress",
      "clientInfo_s",
      "identity_claim_appid_g",
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
      FROM "q_11"
    ) AS a
    GROUP BY "ResourceType", "ResultType", "identity_claim_appid_g", "CallerObjectId", "CallerObjectUPN"
  ),
  "q_13" AS (
    SELECT *
    FROM "q_12"
    WHERE ("EventCount" > 50)
  ),
  "q_14" AS (
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
    FROM "q_13"
  )
SELECT
  *,
  "EndTime" AS "timestamp"
FROM "q_14"
