WITH
  "q_1" AS (
    SELECT
      coalesce("Account", '') AS "Account",
      coalesce("Activity", '') AS "Activity",
      coalesce("Computer", '') AS "Computer",
      "EventID",
      coalesce("EventSourceName", '') AS "EventSourceName",
      "TimeGenerated"
    FROM "SecurityEvent"
  ),
  "q_2" AS (
    SELECT *
    FROM "q_1"
    WHERE (coalesce("EventID" = 1102, FALSE) AND ("EventSourceName" = 'Microsoft-Windows-Eventlog'))
  )
SELECT
  "Computer" AS "Computer",
  "Account" AS "Account",
  "EventID" AS "EventID",
  "Activity" AS "Activity",
  min("TimeGenerated") AS "StartTimeUtc",
  max("TimeGenerated") AS "EndTimeUtc",
  count(*) AS "EventCount"
FROM "q_2"
GROUP BY "Computer", "Account", "EventID", "Activity"
