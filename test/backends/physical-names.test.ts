/**
 * Rows over columns the engines take for one name, where the derived physical name would itself
 * be taken (column-names.ts tries again), on SQLite and PostgreSQL, and parsed as Trino SQL. The
 * plain shapes (a beside A in where, join, summarize…; names alike in 63 bytes) are conformance
 * cases, test/conformance/cases/own_names.json. Expected rows follow entity-names.md: identifiers
 * are case-sensitive, so every column below is a column of its own.
 */
import { derivedName } from '../../src/backends/column-names.js';
import { runTabularCases, type TabCase } from './tabular-cases.js';

// What `a` would be renamed to beside `A` on SQLite and on Trino (the same name on both).
const sqliteTaken = derivedName('a', 0, 'sqlite');
const long = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s';
// What the second of two names alike in 63 bytes would be renamed to on PostgreSQL.
const postgresTaken = derivedName(`${long}2`, 0, 'postgres');

const cases: TabCase[] = [
  {
    id: 'a-derived-name-already-a-column',
    tables: {
      T: {
        columns: { A: 'string', [sqliteTaken]: 'string', a: 'string' },
        rows: [
          ['upper', 'taken', 'lower'],
          ['U', 'T', 'L'],
        ],
      },
    },
    query: `T | where a == "lower" | project a, A, ['${sqliteTaken}']`,
    columns: ['a', 'A', sqliteTaken],
    rows: [['lower', 'upper', 'taken']],
  },
  {
    id: 'a-derived-name-made-by-the-query',
    tables: { T: { columns: { A: 'string', n: 'long' }, rows: [['x', 1]] } },
    query: `T | extend ['${sqliteTaken}'] = "made", a = strcat(A, "!") | summarize n = sum(n) by a, A, ['${sqliteTaken}']`,
    columns: ['a', 'A', sqliteTaken, 'n'],
    rows: [['x!', 'x', 'made', 1]],
  },
  {
    id: 'a-postgres-derived-name-already-a-column',
    tables: {
      L: {
        columns: { [`${long}1`]: 'string', [postgresTaken]: 'string', [`${long}2`]: 'string' },
        rows: [['one', 'taken', 'two']],
      },
    },
    query: `L | where ['${long}2'] == "two" | project ['${postgresTaken}'], ['${long}2'], ['${long}1']`,
    columns: [postgresTaken, `${long}2`, `${long}1`],
    rows: [['taken', 'two', 'one']],
  },
  // A scan reading only some columns (ir/prune.ts) still finds each under the physical name it
  // has among all of the table's columns.
  {
    id: 'a-pruned-scan-reads-the-later-of-two-names',
    tables: {
      T: { columns: { A: 'string', a: 'string', n: 'long' }, rows: [['upper', 'lower', 1]] },
    },
    query: 'T | project a',
    columns: ['a'],
    rows: [['lower']],
  },
  {
    id: 'a-pruned-scan-reads-the-later-of-two-long-names',
    tables: {
      L: {
        columns: { [`${long}1`]: 'string', [`${long}2`]: 'string' },
        rows: [['one', 'two']],
      },
    },
    query: `L | where ['${long}2'] != "" | project ['${long}2']`,
    columns: [`${long}2`],
    rows: [['two']],
  },
];

runTabularCases('physical names', cases);
