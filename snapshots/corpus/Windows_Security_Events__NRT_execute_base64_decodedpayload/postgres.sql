WITH
  "q_1" AS (
    SELECT
      coalesce("CommandLine", '') AS "CommandLine",
      coalesce("Computer", '') AS "Computer",
      "EventID",
      coalesce("ParentProcessName", '') AS "ParentProcessName",
      coalesce("Process", '') AS "Process",
      coalesce("SubjectDomainName", '') AS "SubjectDomainName",
      coalesce("SubjectUserName", '') AS "SubjectUserName",
      "TimeGenerated"
    FROM "SecurityEvent"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE coalesce("EventID" = 4688, FALSE)
  ),
  "q_3" AS (
    SELECT *
    FROM "q_2"
    WHERE (NOT ("CommandLine" = ''))
  ),
  "q_4" AS (
    SELECT
      "TimeGenerated",
      "Computer",
      "SubjectUserName" AS "Account",
      "SubjectDomainName" AS "AccountDomain",
      "Process" AS "FileName",
      "CommandLine",
      "ParentProcessName"
    FROM "q_3"
  )
SELECT *
FROM "q_4"
WHERE (((strpos(lower("CommandLine"), lower('.decode(''base64'')')) > 0) OR (strpos(lower("CommandLine"), lower('base64 --decode')) > 0)) OR (strpos(lower("CommandLine"), lower('.decode64(')) > 0))
