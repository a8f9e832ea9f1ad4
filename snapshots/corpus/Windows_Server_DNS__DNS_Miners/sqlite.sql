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
    WHERE (instr(kql_lower("Name"), kql_lower('.')) > 0)
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE ((((((((((((((((((((((((((((((((((((kql_term("Name", 'monerohash.com', 'has', 0) = 1) OR (kql_term("Name", 'do-dear.com', 'has', 0) = 1)) OR (kql_term("Name", 'xmrminerpro.com', 'has', 0) = 1)) OR (kql_term("Name", 'secumine.net', 'has', 0) = 1)) OR (kql_term("Name", 'xmrpool.com', 'has', 0) = 1)) OR (kql_term("Name", 'minexmr.org', 'has', 0) = 1)) OR (kql_term("Name", 'hashanywhere.com', 'has', 0) = 1)) OR (kql_term("Name", 'xmrget.com', 'has', 0) = 1)) OR (kql_term("Name", 'mininglottery.eu', 'has', 0) = 1)) OR (kql_term("Name", 'minergate.com', 'has', 0) = 1)) OR (kql_term("Name", 'moriaxmr.com', 'has', 0) = 1)) OR (kql_term("Name", 'multipooler.com', 'has', 0) = 1)) OR (kql_term("Name", 'moneropools.com', 'has', 0) = 1)) OR (kql_term("Name", 'xmrpool.eu', 'has', 0) = 1)) OR (kql_term("Name", 'coolmining.club', 'has', 0) = 1)) OR (kql_term("Name", 'supportxmr.com', 'has', 0) = 1)) OR (kql_term("Name", 'minexmr.com', 'has', 0) = 1)) OR (kql_term("Name", 'hashvault.pro', 'has', 0) = 1)) OR (kql_term("Name", 'xmrpool.net', 'has', 0) = 1)) OR (kql_term("Name", 'crypto-pool.fr', 'has', 0) = 1)) OR (kql_term("Name", 'xmr.pt', 'has', 0) = 1)) OR (kql_term("Name", 'miner.rocks', 'has', 0) = 1)) OR (kql_term("Name", 'walpool.com', 'has', 0) = 1)) OR (kql_term("Name", 'herominers.com', 'has', 0) = 1)) OR (kql_term("Name", 'gntl.co.uk', 'has', 0) = 1)) OR (kql_term("Name", 'semipool.com', 'has', 0) = 1)) OR (kql_term("Name", 'coinfoundry.org', 'has', 0) = 1)) OR (kql_term("Name", 'cryptoknight.cc', 'has', 0) = 1)) OR (kql_term("Name", 'fairhash.org', 'has', 0) = 1)) OR (kql_term("Name", 'baikalmine.com', 'has', 0) = 1)) OR (kql_term("Name", 'tubepool.xyz', 'has', 0) = 1)) OR (kql_term("Name", 'fairpool.xyz', 'has', 0) = 1)) OR (kql_term("Name", 'asiapool.io', 'has', 0) = 1)) OR (kql_term("Name", 'coinpoolit.webhop.me', 'has', 0) = 1)) OR (kql_term("Name", 'nanopool.org', 'has', 0) = 1)) OR (((((((((((((((((((((((((((((((((((kql_term("Name", 'moneropool.com', 'has', 0) = 1) OR (kql_term("Name", 'miner.center', 'has', 0) = 1)) OR (kql_term("Name", 'prohash.net', 'has', 0) = 1)) OR (kql_term("Name", 'poolto.be', 'has', 0) = 1)) OR (kql_term("Name", 'cryptoescrow.eu', 'has', 0) = 1)) OR (kql_term("Name", 'monerominers.net', 'has', 0) = 1)) OR (kql_term("Name", 'cryptonotepool.org', 'has', 0) = 1)) OR (kql_term("Name", 'extrmepool.org', 'has', 0) = 1)) OR (kql_term("Name", 'webcoin.me', 'has', 0) = 1)) OR (kql_term("Name", 'kippo.eu', 'has', 0) = 1)) OR (kql_term("Name", 'hashinvest.ws', 'has', 0) = 1)) OR (kql_term("Name", 'monero.farm', 'has', 0) = 1)) OR (kql_term("Name", 'linux-repository-updates.com', 'has', 0) = 1)) OR (kql_term("Name", '1gh.com', 'has', 0) = 1)) OR (kql_term("Name", 'dwarfpool.com', 'has', 0) = 1)) OR (kql_term("Name", 'hash-to-coins.com', 'has', 0) = 1)) OR (kql_term("Name", 'pool-proxy.com', 'has', 0) = 1)) OR (kql_term("Name", 'hashfor.cash', 'has', 0) = 1)) OR (kql_term("Name", 'fairpool.cloud', 'has', 0) = 1)) OR (kql_term("Name", 'litecoinpool.org', 'has', 0) = 1)) OR (kql_term("Name", 'mineshaft.ml', 'has', 0) = 1)) OR (kql_term("Name", 'abcxyz.stream', 'has', 0) = 1)) OR (kql_term("Name", 'moneropool.ru', 'has', 0) = 1)) OR (kql_term("Name", 'cryptonotepool.org.uk', 'has', 0) = 1)) OR (kql_term("Name", 'extremepool.org', 'has', 0) = 1)) OR (kql_term("Name", 'extremehash.com', 'has', 0) = 1)) OR (kql_term("Name", 'hashinvest.net', 'has', 0) = 1)) OR (kql_term("Name", 'unipool.pro', 'has', 0) = 1)) OR (kql_term("Name", 'crypto-pools.org', 'has', 0) = 1)) OR (kql_term("Name", 'monero.net', 'has', 0) = 1)) OR (kql_term("Name", 'backup-pool.com', 'has', 0) = 1)) OR (kql_term("Name", 'mooo.com', 'has', 0) = 1)) OR (kql_term("Name", 'freeyy.me', 'has', 0) = 1)) OR (kql_term("Name", 'cryptonight.net', 'has', 0) = 1)) OR (kql_term("Name", 'shscrypto.net', 'has', 0) = 1)))
  ),
  "q_4" AS (
    SELECT
      *,
      CASE WHEN (kql_term("Computer", '.', 'has', 0) = 1) THEN kql_substring("Computer", 0, (instr("Computer", '.') - 1)) ELSE "Computer" END AS "HostName"
    FROM "q_3"
  )
SELECT
  *,
  CASE WHEN (kql_term("Computer", '.', 'has', 0) = 1) THEN kql_substring("Computer", ((instr("Computer", '.') - 1) + 1), NULL) ELSE '' END AS "DnsDomain"
FROM "q_4"
