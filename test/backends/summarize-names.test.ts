/**
 * `(a, b) = arg_max(…)` in summarize on SQLite and PostgreSQL (Athena: Trino syntax): the written
 * names rename the aggregate's columns in order, the rest keep their own names (Kusto.Language's
 * binder; summarize-operator.md: "some aggregation functions return multiple columns"). The rows
 * follow arg-max-aggregation-function.md / arg-min-aggregation-function.md.
 */
import { runTabularCases, type TabCase } from './tabular-cases.js';

const G = {
  G: {
    columns: { user: 'string', host: 'string', bytes: 'long', ts: 'datetime', ok: 'bool' },
    rows: [
      ['ann', 'h1', 10, '2024-01-01T10:15:00Z', true],
      ['ann', 'h2', null, '2024-01-01T10:45:00Z', false],
      ['ann', 'h1', 30, '2024-01-01T11:05:00Z', true],
      ['bob', 'h3', 5, '2024-01-01T09:00:00Z', null],
      ['bob', null, 7, '2024-01-01T12:00:00Z', true],
    ],
  },
};

const cases: TabCase[] = [
  {
    id: 'tuple-names-rename-arg-max-columns',
    tables: G,
    query: 'G | summarize (LastTime, LastHost) = arg_max(ts, host) by user',
    columns: ['user', 'LastTime', 'LastHost'],
    types: ['string', 'datetime', 'string'],
    // bob's latest row has a NULL host, which KQL reads as ''.
    rows: [
      ['ann', '2024-01-01T11:05:00Z', 'h1'],
      ['bob', '2024-01-01T12:00:00Z', ''],
    ],
  },
  {
    id: 'tuple-names-three-columns-of-arg-min',
    tables: G,
    // arg_min skips the null bytes of ann's second row.
    query: 'G | summarize (FirstBytes, FirstHost, FirstTime) = arg_min(bytes, host, ts) by user',
    columns: ['user', 'FirstBytes', 'FirstHost', 'FirstTime'],
    types: ['string', 'long', 'string', 'datetime'],
    rows: [
      ['ann', 10, 'h1', '2024-01-01T10:15:00Z'],
      ['bob', 5, 'h3', '2024-01-01T09:00:00Z'],
    ],
  },
  {
    id: 'tuple-names-fewer-than-star-columns',
    tables: G,
    query: 'G | summarize (t, h) = arg_max(ts, *) by user | where t > datetime(2024-01-01 11:00)',
    columns: ['user', 't', 'h', 'bytes', 'ok'],
    rows: [
      ['ann', '2024-01-01T11:05:00Z', 'h1', 30, true],
      ['bob', '2024-01-01T12:00:00Z', '', 7, true],
    ],
  },
  {
    id: 'tuple-names-beside-other-aggregates',
    tables: G,
    query:
      'G | summarize n = count(), (maxBytes, atHost) = arg_max(bytes, host), (minBytes) = arg_min(bytes, ts) by user | project user, n, maxBytes, atHost, minBytes, ts',
    columns: ['user', 'n', 'maxBytes', 'atHost', 'minBytes', 'ts'],
    rows: [
      ['ann', 3, 30, 'h1', 10, '2024-01-01T10:15:00Z'],
      ['bob', 2, 7, '', 5, '2024-01-01T09:00:00Z'],
    ],
  },
];

runTabularCases('summarize names', cases);
