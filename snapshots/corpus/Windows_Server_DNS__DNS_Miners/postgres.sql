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
    WHERE (("Name" ~* '(^|[^[:alnum:]])monerohash\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])do-dear\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])xmrminerpro\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])secumine\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])xmrpool\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])minexmr\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])hashanywhere\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])xmrget\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])mininglottery\.eu($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])minergate\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])moriaxmr\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])multipooler\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])moneropools\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])xmrpool\.eu($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])coolmining\.club($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])supportxmr\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])minexmr\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])hashvault\.pro($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])xmrpool\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])crypto-pool\.fr($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])xmr\.pt($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])miner\.rocks($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])walpool\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])herominers\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])gntl\.co\.uk($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])semipool\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])coinfoundry\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])cryptoknight\.cc($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])fairhash\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])baikalmine\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])tubepool\.xyz($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])fairpool\.xyz($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])asiapool\.io($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])coinpoolit\.webhop\.me($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])nanopool\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])moneropool\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])miner\.center($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])prohash\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])poolto\.be($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])cryptoescrow\.eu($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])monerominers\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])cryptonotepool\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])extrmepool\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])webcoin\.me($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])kippo\.eu($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])hashinvest\.ws($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])monero\.farm($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])linux-repository-updates\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])1gh\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])dwarfpool\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])hash-to-coins\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])pool-proxy\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])hashfor\.cash($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])fairpool\.cloud($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])litecoinpool\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])mineshaft\.ml($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])abcxyz\.stream($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])moneropool\.ru($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])cryptonotepool\.org\.uk($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])extremepool\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])extremehash\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])hashinvest\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])unipool\.pro($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])crypto-pools\.org($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])monero\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])backup-pool\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])mooo\.com($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])freeyy\.me($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])cryptonight\.net($|[^[:alnum:]])') OR ("Name" ~* '(^|[^[:alnum:]])shscrypto\.net($|[^[:alnum:]])'))
  ),
  "q_4" AS (
    SELECT
      *,
      CASE WHEN (strpos(lower("Computer"), lower('.')) > 0) THEN rule2sql.substring("Computer", 0, (strpos("Computer", '.') - 1)) ELSE "Computer" END AS "HostName"
    FROM "q_3"
  )
SELECT
  *,
  CASE WHEN (strpos(lower("Computer"), lower('.')) > 0) THEN rule2sql.substring("Computer", ((strpos("Computer", '.') - 1) + 1)) ELSE '' END AS "DnsDomain"
FROM "q_4"
