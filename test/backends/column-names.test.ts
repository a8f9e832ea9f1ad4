/**
 * Physical column names (backends/column-names.ts): unique under each engine's identifier
 * equivalence, deterministic, the KQL name wherever nothing collides, and stable for the columns a
 * relation passes through at the front. Rows over such columns: physical-names.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  HelperNames,
  derivedName,
  engineIdentifier,
  physicalNames,
} from '../../src/backends/column-names.js';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { compileQuery } from '../../src/compile.js';
import { schemaRegistry } from '../../src/schema.js';
import { tableProfile } from '../../src/table-profile.js';
import { DIALECTS, type Dialect } from '../../src/types.js';

const long = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_';
const cols = (...names: string[]): { name: string }[] => names.map((name) => ({ name }));

function unique(names: readonly string[], dialect: Dialect): boolean {
  return new Set(names.map((n) => engineIdentifier(n, dialect))).size === names.length;
}

describe('physical column names', () => {
  it('takes names as each engine does', () => {
    expect(engineIdentifier('socketIP_s', 'sqlite')).toBe('socketip_s');
    expect(engineIdentifier('Ärger', 'sqlite')).toBe('Ärger');
    expect(engineIdentifier('Ärger', 'athena')).toBe('ärger');
    expect(engineIdentifier('socketIP_s', 'postgres')).toBe('socketIP_s');
    expect(Buffer.byteLength(engineIdentifier('é'.repeat(40), 'postgres'))).toBe(62);
  });

  it('keeps every KQL name when the engine tells them apart', () => {
    for (const d of DIALECTS) {
      const names = physicalNames(cols('a', 'b', 'Ärger', `${long}upn_s`), d);
      expect(names.identity).toBe(true);
      expect(names.list).toEqual(['a', 'b', 'Ärger', `${long}upn_s`]);
    }
    expect(physicalNames(cols('a', 'A'), 'postgres').identity).toBe(true);
  });

  it('renames the later columns of a group the engine takes for one name', () => {
    const sqlite = physicalNames(cols('Type', 'x', 'type', 'TYPE'), 'sqlite');
    expect(sqlite.list[0]).toBe('Type');
    expect(sqlite.list[1]).toBe('x');
    expect(sqlite.list[2]).toBe(derivedName('type', 0, 'sqlite'));
    expect(sqlite.list[2]).toMatch(/^type__[0-9a-f]{8}$/);
    expect(sqlite.of('TYPE')).toBe(derivedName('TYPE', 0, 'sqlite'));
    expect(sqlite.of('x')).toBe('x');
    expect(unique(sqlite.list, 'sqlite')).toBe(true);
    expect(physicalNames(cols('Type', 'type'), 'athena').list[1]).toBe(
      derivedName('type', 0, 'athena'),
    );
    // Byte for byte the same on every call (a fresh column list: no cache).
    expect(physicalNames(cols('Type', 'x', 'type', 'TYPE'), 'sqlite').list).toEqual(sqlite.list);
  });

  it('fits PostgreSQL names alike in 63 bytes into 63 bytes, apart', () => {
    const pg = physicalNames(cols(`${long}name_s`, `${long}upn_s`), 'postgres');
    expect(pg.list[0]).toBe(`${long}name_s`);
    const second = pg.list[1] ?? '';
    expect(Buffer.byteLength(second)).toBeLessThanOrEqual(63);
    expect(second).toMatch(/^identity_claim_\w+__[0-9a-f]{8}$/);
    expect(unique(pg.list, 'postgres')).toBe(true);
    // Multi-byte characters are cut whole.
    const wide = physicalNames(cols('é'.repeat(40), `${'é'.repeat(40)}x`), 'postgres').list[1];
    expect(Buffer.byteLength(wide ?? '')).toBeLessThanOrEqual(63);
    expect(wide).toMatch(/^é+__[0-9a-f]{8}$/);
  });

  it('gives a derived name that is taken another one', () => {
    const taken = derivedName('a', 0, 'sqlite');
    const names = physicalNames(cols('A', taken.toUpperCase(), 'a'), 'sqlite');
    expect(names.list[2]).toBe(derivedName('a', 1, 'sqlite'));
    expect(unique(names.list, 'sqlite')).toBe(true);
  });

  it('keeps the physical names of the columns in front when more follow', () => {
    for (const d of DIALECTS) {
      const input = physicalNames(cols('Type', 'type', `${long}a`, `${long}b`), d).list;
      const output = physicalNames(cols('Type', 'type', `${long}a`, `${long}b`, 'TYPE'), d).list;
      expect(output.slice(0, input.length)).toEqual(input);
    }
  });

  it('stores a table under the same names as a scan reads it', () => {
    const schema = {
      name: 'Cased',
      columns: [
        { name: 'socketIp_s', type: 'string' },
        { name: 'socketIP_s', type: 'string' },
      ],
    } as const;
    const profile = tableProfile(schema, 'sqlite');
    expect(profile.physicalTable).toBe('Cased');
    expect(profile.columns.map((c) => c.physical)).toEqual([
      'socketIp_s',
      derivedName('socketIP_s', 0, 'sqlite'),
    ]);
    expect(profile.physical('socketIP_s')).toBe(derivedName('socketIP_s', 0, 'sqlite'));
    expect(tableProfile(schema, 'postgres').columns.map((c) => c.physical)).toEqual([
      'socketIp_s',
      'socketIP_s',
    ]);
  });

  it('compiles queries over such columns on every dialect (no KQL3003)', () => {
    const schemas = schemaRegistry([
      {
        name: 'Cased',
        columns: [
          { name: 'socketIp_s', type: 'string' },
          { name: 'socketIP_s', type: 'string' },
        ],
      },
    ]);
    const q =
      'Cased | extend eventname = tolower(socketIP_s) | where socketIP_s != socketIp_s | project socketIP_s, eventname';
    for (const d of DIALECTS) {
      const sql = compileQuery({ name: 'q', text: q }, d, { schemas });
      if (d === 'postgres') expect(sql).not.toMatch(/__[0-9a-f]{8}/);
      else expect(sql).toContain(`"${derivedName('socketIP_s', 0, d)}"`);
      if (d === 'athena') expect(validateTrino(sql).errors).toEqual([]);
    }
  });
});

/**
 * Helper columns a printer adds beside a relation's own (a row number, a parse match): named so
 * the engine takes them for none of the relation's columns nor for each other. Rows over such
 * columns: test/conformance/cases/own_helper_columns.json.
 */
describe('helper column names', () => {
  it('keeps the bare base beside columns named otherwise', () => {
    const helpers = new HelperNames(physicalNames(cols('k', 't', '__Pick'), 'sqlite'));
    expect(helpers.of('__pick1')).toBe('__pick1');
    expect(helpers.of('__limit2')).toBe('__limit2');
  });

  it("avoids the relation's columns as each engine folds them", () => {
    const columns = cols('k', '__RN', '__rn2');
    expect(helperNameOn(columns, 'sqlite')).toBe('__rn3');
    expect(helperNameOn(columns, 'athena')).toBe('__rn3');
    expect(helperNameOn(columns, 'postgres')).toBe('__rn');
    expect(helperNameOn(cols('k', '__rn'), 'postgres')).toBe('__rn2');
  });

  it('gives each base one name, apart from the names given before', () => {
    for (const d of DIALECTS) {
      const helpers = new HelperNames(physicalNames(cols('__PICK1', 'v'), d));
      const first = helpers.of('__pick1');
      expect(first).toBe(d === 'postgres' ? '__pick1' : '__pick12');
      expect(helpers.of('__pick1')).toBe(first);
      const twelfth = helpers.of('__pick12');
      expect(twelfth).not.toBe(first);
      expect(unique(['__PICK1', 'v', first, twelfth], d)).toBe(true);
    }
  });

  it('prints a query over columns named like helpers the same way twice', () => {
    const schemas = schemaRegistry([
      {
        name: 'T',
        columns: [
          { name: 'k', type: 'long' },
          { name: 't', type: 'long' },
          { name: '__pick1', type: 'long' },
          { name: '__rn', type: 'long' },
        ],
      },
    ]);
    const q = 'T | summarize arg_max(t, *) by k | join (T | project k) on k';
    for (const d of DIALECTS) {
      const sql = compileQuery({ name: 'q', text: q }, d, { schemas });
      expect(compileQuery({ name: 'q', text: q }, d, { schemas })).toBe(sql);
      expect(sql).toContain('AS "__pick12"');
      expect(sql).toContain('AS "__rn2"');
    }
  });
});

function helperNameOn(columns: readonly { name: string }[], dialect: Dialect): string {
  return new HelperNames(physicalNames(columns, dialect)).of('__rn');
}
