WITH
  "q_1" AS (
    SELECT
      "_BilledSize",
      coalesce("ClientIP", '') AS "ClientIP",
      coalesce("Computer", '') AS "Computer",
      coalesce("Confidence", '') AS "Confidence",
      coalesce("Description", '') AS "Description",
      "EventId",
      coalesce("IndicatorThreatType", '') AS "IndicatorThreatType",
      coalesce("IPAddresses", '') AS "IPAddresses",
      coalesce("_IsBillable", '') AS "_IsBillable",
      coalesce("MaliciousIP", '') AS "MaliciousIP",
      coalesce("Message", '') AS "Message",
      coalesce("Name", '') AS "Name",
      coalesce("QueryType", '') AS "QueryType",
      coalesce("RemoteIPCountry", '') AS "RemoteIPCountry",
      "RemoteIPLatitude",
      "RemoteIPLongitude",
      coalesce("_ResourceId", '') AS "_ResourceId",
      coalesce("Result", '') AS "Result",
      "ResultCode",
      "Severity",
      coalesce("SourceSystem", '') AS "SourceSystem",
      coalesce("_SubscriptionId", '') AS "_SubscriptionId",
      coalesce("SubType", '') AS "SubType",
      coalesce("TaskCategory", '') AS "TaskCategory",
      "TimeGenerated",
      coalesce("Type", '') AS "Type",
      coalesce("TenantId", '') AS "TenantId",
      "_TimeReceived",
      coalesce("_ItemId", '') AS "_ItemId"
    FROM "DnsEvents"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (strpos(lower("Name"), lower('.')) > 0)
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])monerohash\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])do-dear\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])xmrminerpro\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])secumine\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])xmrpool\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])minexmr\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])hashanywhere\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])xmrget\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])mininglottery\.eu($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])minergate\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])moriaxmr\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])multipooler\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])moneropools\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])xmrpool\.eu($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])coolmining\.club($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])supportxmr\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])minexmr\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])hashvault\.pro($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])xmrpool\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])crypto-pool\.fr($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])xmr\.pt($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])miner\.rocks($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])walpool\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])herominers\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])gntl\.co\.uk($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])semipool\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])coinfoundry\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])cryptoknight\.cc($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])fairhash\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])baikalmine\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])tubepool\.xyz($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])fairpool\.xyz($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])asiapool\.io($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])coinpoolit\.webhop\.me($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])nanopool\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])moneropool\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])miner\.center($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])prohash\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])poolto\.be($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])cryptoescrow\.eu($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])monerominers\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])cryptonotepool\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])extrmepool\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])webcoin\.me($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])kippo\.eu($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])hashinvest\.ws($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])monero\.farm($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])linux-repository-updates\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])1gh\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])dwarfpool\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])hash-to-coins\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])pool-proxy\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])hashfor\.cash($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])fairpool\.cloud($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])litecoinpool\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])mineshaft\.ml($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])abcxyz\.stream($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])moneropool\.ru($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])cryptonotepool\.org\.uk($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])extremepool\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])extremehash\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])hashinvest\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])unipool\.pro($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])crypto-pools\.org($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])monero\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])backup-pool\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])mooo\.com($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])freeyy\.me($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])cryptonight\.net($|[^\p{L}\p{N}])') OR regexp_like("Name", '(?i)(^|[^\p{L}\p{N}])shscrypto\.net($|[^\p{L}\p{N}])'))
  ),
  "q_4" AS (
    SELECT
      *,
      (strpos("Computer", '.') - 1) AS "__1"
    FROM "q_3"
  ),
  "q_5" AS (
    SELECT
      "_BilledSize",
      "ClientIP",
      "Computer",
      "Confidence",
      "Description",
      "EventId",
      "IndicatorThreatType",
      "IPAddresses",
      "_IsBillable",
      "MaliciousIP",
      "Message",
      "Name",
      "QueryType",
      "RemoteIPCountry",
      "RemoteIPLatitude",
      "RemoteIPLongitude",
      "_ResourceId",
      "Result",
      "ResultCode",
      "Severity",
      "SourceSystem",
      "_SubscriptionId",
      "SubType",
      "TaskCategory",
      "TimeGenerated",
      "Type",
      "TenantId",
      "_TimeReceived",
      "_ItemId",
      CASE WHEN (strpos(lower("Computer"), lower('.')) > 0) THEN (CASE WHEN 0 IS NULL OR "__1" IS NULL OR "__1" < 0 THEN '' ELSE substr("Computer", (CASE WHEN 0 < 0 THEN greatest(length("Computer") + 0, 0) ELSE 0 END) + 1, "__1") END) ELSE "Computer" END AS "HostName"
    FROM "q_4"
  ),
  "q_6" AS (
    SELECT
      *,
      ((strpos("Computer", '.') - 1) + 1) AS "__2"
    FROM "q_5"
  )
SELECT
  "_BilledSize",
  "ClientIP",
  "Computer",
  "Confidence",
  "Description",
  "EventId",
  "IndicatorThreatType",
  "IPAddresses",
  "_IsBillable",
  "MaliciousIP",
  "Message",
  "Name",
  "QueryType",
  "RemoteIPCountry",
  "RemoteIPLatitude",
  "RemoteIPLongitude",
  "_ResourceId",
  "Result",
  "ResultCode",
  "Severity",
  "SourceSystem",
  "_SubscriptionId",
  "SubType",
  "TaskCategory",
  "TimeGenerated",
  "Type",
  "TenantId",
  "_TimeReceived",
  "_ItemId",
  "HostName",
  CASE WHEN (strpos(lower("Computer"), lower('.')) > 0) THEN (CASE WHEN "__2" IS NULL THEN '' ELSE substr("Computer", (CASE WHEN "__2" < 0 THEN greatest(length("Computer") + "__2", 0) ELSE "__2" END) + 1) END) ELSE '' END AS "DnsDomain"
FROM "q_6"
