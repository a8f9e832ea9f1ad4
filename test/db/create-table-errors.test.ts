/**
 * A table the database refuses to create is reported with the database's message and the table's
 * name, not knex's copy of the whole CREATE TABLE statement (coverage prints it as the construct).
 * Columns the engine would take for one name are no such failure: they get physical names apart
 * (table-profile.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineIdentifier } from '../../src/backends/column-names.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { createTable } from '../../src/db/tables.js';
import { tableProfile } from '../../src/table-profile.js';
import { INGESTION_TIME_COLUMN } from '../../src/schema.js';
import { openTestPostgres } from '../support/postgres.js';

const long = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_';

describe.each([
  [
    'sqlite',
    (): Promise<Database> => openSqlite(':memory:'),
    'creating table Twins: table `Twins` already exists',
  ],
  [
    'postgres',
    (): Promise<Database> => openTestPostgres(),
    'creating table Twins: relation "Twins" already exists',
  ],
] as const)('createTable failure on %s', (dialect, open, message) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  const twins =
    dialect === 'sqlite' ? ['socketIp_s', 'socketIP_s'] : [`${long}name_s`, `${long}name_long_s`];
  const schema = {
    name: 'Twins',
    columns: twins.map((name) => ({ name, type: 'string' as const })),
  };

  it('makes columns the engine takes for one name apart', async () => {
    await createTable(db, schema);
    const { columns } = await db.query('SELECT * FROM "Twins"');
    // As the engine resolves them (PostgreSQL stores the first name cut to 63 bytes).
    const key = (n: string): string => engineIdentifier(n, dialect);
    const physical = tableProfile(schema, dialect).columns.map((c) => c.physical);
    // The schema's columns, then the hidden ingestion-time column every made table has.
    expect(columns.map(key)).toEqual([...physical, INGESTION_TIME_COLUMN].map(key));
    expect(columns).toHaveLength(3);
  });

  it('gives the database message only', async () => {
    await expect(createTable(db, schema)).rejects.toThrow(new Error(message));
  });

  it('refuses a column named like the hidden ingestion-time column', async () => {
    const schema = { name: 'H', columns: [{ name: '$IngestionTime', type: 'datetime' as const }] };
    await expect(createTable(db, schema)).rejects.toThrow(/rule2sql keeps the ingestion time/);
  });
});
