/**
 * A scanned table with two columns the dialect takes for one name is refused at transpile time
 * (KQL3003, at the table), on the dialect where they collide only.
 */
import { describe, expect, it } from 'vitest';
import { collidingColumns, engineIdentifier } from '../../src/backends/column-names.js';
import { compileQuery } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import { schemaRegistry } from '../../src/schema.js';
import type { Dialect } from '../../src/types.js';

const long = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_';
const schemas = schemaRegistry([
  {
    name: 'Cased',
    columns: [
      { name: 'socketIp_s', type: 'string' },
      { name: 'socketIP_s', type: 'string' },
    ],
  },
  {
    name: 'Long',
    columns: [
      { name: `${long}name_s`, type: 'string' },
      { name: `${long}upn_s`, type: 'string' },
    ],
  },
]);

function outcome(query: string, dialect: Dialect): string {
  try {
    compileQuery({ name: 'q', text: query }, dialect, { schemas });
    return 'ok';
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    const d = e.diagnostics[0];
    return `${d?.code ?? ''} ${d?.message ?? ''} @${String(d?.span?.start)}`;
  }
}

describe('columns a dialect cannot tell apart', () => {
  it('takes names as each engine does', () => {
    expect(engineIdentifier('socketIP_s', 'sqlite')).toBe('socketip_s');
    expect(engineIdentifier('Ärger', 'sqlite')).toBe('Ärger');
    expect(engineIdentifier('Ärger', 'athena')).toBe('ärger');
    expect(engineIdentifier('socketIP_s', 'postgres')).toBe('socketIP_s');
    expect(Buffer.byteLength(engineIdentifier('é'.repeat(40), 'postgres'))).toBe(62);
    expect(collidingColumns([{ name: 'a' }, { name: 'b' }, { name: 'A' }], 'sqlite')).toEqual([
      'a',
      'A',
    ]);
    expect(collidingColumns([{ name: 'a' }, { name: 'A' }], 'postgres')).toBeUndefined();
  });

  it('refuses case twins on SQLite and Athena, not on PostgreSQL', () => {
    const q = "print k = 'x' | join (Cased) on $left.k == $right.socketIp_s";
    const at = q.indexOf('Cased');
    expect(outcome(q, 'sqlite')).toBe(
      `KQL3003 table 'Cased' has columns 'socketIp_s' and 'socketIP_s', which are one name to ` +
        `the engine (SQLite does not tell identifiers apart by ASCII case) (dialect sqlite) @${String(at)}`,
    );
    expect(outcome(q, 'athena')).toMatch(
      /^KQL3003 .*Trino does not tell identifiers apart by case/,
    );
    expect(outcome('Cased | project socketIp_s', 'postgres')).toBe('ok');
  });

  it('refuses names alike in their first 63 bytes on PostgreSQL only', () => {
    expect(outcome('Long | take 1', 'postgres')).toMatch(
      /^KQL3003 .*'identity_claim_\w+name_s' and .*PostgreSQL cuts identifiers to 63 bytes/,
    );
    expect(outcome('Long | take 1', 'sqlite')).toBe('ok');
    expect(outcome('print 1', 'postgres')).toBe('ok');
  });

  it('refuses columns the query makes that the engine takes for one name', () => {
    // KQL keeps `eventname` apart from `EventName`; SQLite and Trino would read one column.
    const q =
      'print EventName = "A" | extend eventname = tolower(EventName) | where eventname == "a"';
    expect(outcome(q, 'sqlite')).toMatch(
      /^KQL3003 the query has columns 'EventName' and 'eventname', which are one name to the engine \(SQLite/,
    );
    expect(outcome(q, 'athena')).toMatch(
      /^KQL3003 the query has columns 'EventName' and 'eventname'/,
    );
    expect(outcome(q, 'postgres')).toBe('ok');
    expect(outcome('print a = 1, b = 2', 'sqlite')).toBe('ok');
  });
});
