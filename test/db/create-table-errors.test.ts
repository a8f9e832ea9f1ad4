/**
 * A table the database refuses to create is reported with the database's message and the table's
 * name, not knex's copy of the whole CREATE TABLE statement (coverage prints it as the construct).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Database } from '../../src/db/database.js';
import { createTable } from '../../src/db/tables.js';
import { openTestPostgres } from '../support/postgres.js';

const long = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_';

describe.each([
  [
    'sqlite',
    (): Promise<Database> => openSqlite(':memory:'),
    'creating table Twins: duplicate column name: socketIP_s',
  ],
  [
    'postgres',
    (): Promise<Database> => openTestPostgres(),
    `creating table Twins: column "${long.slice(0, 63)}" specified more than once`,
  ],
] as const)('createTable failure on %s', (dialect, open, message) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives the database message only', async () => {
    const twins =
      dialect === 'sqlite' ? ['socketIp_s', 'socketIP_s'] : [`${long}name_s`, `${long}name_long_s`];
    const schema = {
      name: 'Twins',
      columns: twins.map((name) => ({ name, type: 'string' as const })),
    };
    await expect(createTable(db, schema)).rejects.toThrow(new Error(message));
  });

  it('refuses a column named like the hidden ingestion-time column', async () => {
    const schema = { name: 'H', columns: [{ name: '$IngestionTime', type: 'datetime' as const }] };
    await expect(createTable(db, schema)).rejects.toThrow(/rule2sql keeps the ingestion time/);
  });
});
