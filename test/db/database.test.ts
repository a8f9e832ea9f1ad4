import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseError, openPostgres, openSqlite, type Database } from '../../src/db/database.js';
import { createTable, insertRows, physicalType, tableExists } from '../../src/db/tables.js';
import { fromSqlValue } from '../../src/db/values.js';
import type { TableSchema } from '../../src/schema.js';
import type { KqlType } from '../../src/types.js';
import { createTestDatabase, openTestPostgres, pgAdminUrl } from '../support/postgres.js';

/** Every KQL type, mixed-case and keyword names: names must be used exactly as written. */
const schema: TableSchema = {
  name: 'MixedCase_Table',
  columns: [
    { name: 'Id', type: 'string' },
    { name: 'Guid', type: 'guid' },
    { name: 'Count', type: 'long' },
    { name: 'small', type: 'int' },
    { name: 'Ratio', type: 'real' },
    { name: 'Price', type: 'decimal' },
    { name: 'Flag', type: 'bool' },
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Duration', type: 'timespan' },
    { name: 'Props', type: 'dynamic' },
    { name: 'select', type: 'string' },
  ],
};

const rows: Record<string, unknown>[] = [
  {
    Id: 'a',
    Guid: '3fcfb182-98f8-4744-bd45-10a395ab61cb',
    Count: 9_007_199_254_740_993n,
    small: -7,
    Ratio: 0.25,
    Price: 19.99,
    Flag: true,
    TimeGenerated: '2024-07-31T13:06:24.1234560Z',
    Duration: '1.02:03:04.5000000',
    Props: { policy: '{"Statement":[]}', list: [1, 'two', null], nested: { ok: false } },
    select: 'it\'s "quoted" ? $1',
  },
  {
    Id: 'b',
    Guid: null,
    Count: 0,
    small: null,
    Ratio: null,
    Price: null,
    Flag: false,
    TimeGenerated: '1969-12-31T23:59:59.5000000Z',
    Duration: '-00:00:00.0000010',
    Props: 'a dynamic string',
    select: '',
  },
  { Id: 'c' },
];

/** What reading `rows` back must give: every column, absent ones as null. */
const expected = rows.map((r) => schema.columns.map((c) => r[c.name] ?? null));

async function readBack(db: Database): Promise<unknown[][]> {
  const { columns, rows: raw } = await db.query('SELECT * FROM "MixedCase_Table" ORDER BY "Id"');
  // The schema's columns, then the hidden ingestion-time column (NULL: no time was given).
  expect(columns).toEqual([...schema.columns.map((c) => c.name), '$IngestionTime']);
  const types = schema.columns.map((c) => c.type);
  return raw.map((row) => {
    expect(row.at(-1)).toBeNull();
    return row
      .slice(0, types.length)
      .map((v, i) => fromSqlValue(types[i] ?? 'string', v, db.dialect));
  });
}

describe.each([
  ['sqlite', () => openSqlite()],
  ['postgres', () => openTestPostgres()],
] as const)('%s', (dialect, open) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('creates a table with the physical types and round-trips every KQL type', async () => {
    db = await open();
    expect(db.dialect).toBe(dialect);
    expect(await tableExists(db, 'MixedCase_Table')).toBe(false);
    await createTable(db, schema, { uniqueColumn: 'Id' });
    expect(await tableExists(db, 'MixedCase_Table')).toBe(true);
    // SQLite folds ASCII case in table names; PostgreSQL's quoted names are exact.
    expect(await tableExists(db, 'mixedcase_table')).toBe(dialect === 'sqlite');
    expect(await insertRows(db, schema, rows)).toBe(3);
    expect(await readBack(db)).toStrictEqual(expected);
  });

  it('stores each KQL type in the decided column type', async () => {
    db = await open();
    await createTable(db, schema);
    const declared =
      dialect === 'sqlite'
        ? (await db.query(`SELECT name, type FROM pragma_table_info('MixedCase_Table')`)).rows
        : (
            await db.query(
              `SELECT column_name, data_type FROM information_schema.columns
                WHERE table_name = 'MixedCase_Table' ORDER BY ordinal_position`,
            )
          ).rows;
    const want: Record<KqlType, [string, string]> = {
      string: ['TEXT', 'text'],
      guid: ['TEXT', 'text'],
      long: ['INTEGER', 'bigint'],
      int: ['INTEGER', 'integer'],
      real: ['REAL', 'double precision'],
      decimal: ['REAL', 'double precision'],
      bool: ['INTEGER', 'boolean'],
      datetime: ['INTEGER', 'timestamp with time zone'],
      timespan: ['INTEGER', 'interval'],
      dynamic: ['TEXT', 'jsonb'],
    };
    expect(declared).toEqual(
      [...schema.columns, { name: '$IngestionTime', type: 'datetime' as const }].map((c) => [
        c.name,
        want[c.type][dialect === 'sqlite' ? 0 : 1],
      ]),
    );
    expect(physicalType('datetime', 'postgres')).toBe('timestamptz');
  });

  it('skips conflicting rows and counts only inserted ones', async () => {
    db = await open();
    await createTable(db, schema, { uniqueColumn: 'Id' });
    expect(await insertRows(db, schema, rows.slice(0, 2), { ignoreConflictsOn: 'Id' })).toBe(2);
    // 'a' exists already and 'd' appears twice in one batch: one new row.
    const again = [{ Id: 'a', small: 1 }, { Id: 'd' }, { Id: 'd' }];
    expect(await insertRows(db, schema, again, { ignoreConflictsOn: 'Id' })).toBe(1);
    const { rows: ids } = await db.query('SELECT "Id", "small" FROM "MixedCase_Table" ORDER BY 1');
    expect(ids).toEqual([
      ['a', -7],
      ['b', null],
      ['d', null],
    ]);
  });

  it('inserts more rows than one batch holds', async () => {
    db = await open();
    await createTable(db, schema, { uniqueColumn: 'Id' });
    const many = Array.from({ length: 1234 }, (_, i) => ({ Id: `r${i}`, Count: i }));
    expect(await insertRows(db, schema, many, { ignoreConflictsOn: 'Id' })).toBe(1234);
    const { rows: agg } = await db.query('SELECT count(*), sum("Count") FROM "MixedCase_Table"');
    expect(agg).toEqual([[1234, (1233 * 1234) / 2]]);
  });

  it('rejects a row with a column the table does not have', async () => {
    db = await open();
    await createTable(db, schema);
    await expect(insertRows(db, schema, [{ Id: 'x', id: 'lower' }])).rejects.toThrow(
      /no column id/,
    );
  });

  it('passes generated SQL to the driver untouched and binds parameters', async () => {
    db = await open();
    // knex.raw would treat this `?` as a placeholder; the driver must see it as text.
    const param = dialect === 'sqlite' ? '?' : '$1';
    const { columns, rows: got } = await db.query(`SELECT '?' AS "Mark", ${param} AS "Bound"`, [
      'value',
    ]);
    expect(columns).toEqual(['Mark', 'Bound']);
    expect(got).toEqual([['?', 'value']]);
  });

  it('returns integers beyond 2^53 as BigInt and smaller ones as numbers', async () => {
    db = await open();
    const cast = dialect === 'sqlite' ? '' : '::bigint';
    const { rows: got } = await db.query(`SELECT 9007199254740993${cast}, 42${cast}`);
    expect(got).toEqual([[9_007_199_254_740_993n, 42]]);
  });

  it('takes one statement in query and refuses a script', async () => {
    db = await open();
    await expect(db.query('SELECT 1; SELECT 2')).rejects.toThrow();
  });

  it('runs scripts of several statements with exec', async () => {
    db = await open();
    await db.exec(
      'CREATE TABLE "S" ("v" INTEGER); INSERT INTO "S" VALUES (1); INSERT INTO "S" VALUES (2);',
    );
    expect((await db.query('SELECT sum("v") FROM "S"')).rows).toEqual([[3]]);
  });
});

describe('postgres specifics', () => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('reads timestamptz and interval as text with microseconds, in UTC', async () => {
    db = await openTestPostgres();
    const { rows: got } = await db.query(
      `SELECT timestamptz '2024-01-01 01:00:00.123456+01', interval '1 day 02:03:04.000005',
              '{"b":1,"a":[true]}'::jsonb, 'NaN'::float8, 1.5::numeric`,
    );
    expect(got).toEqual([
      ['2024-01-01 00:00:00.123456+00', '1 day 02:03:04.000005', { a: [true], b: 1 }, NaN, 1.5],
    ]);
  });

  it('keeps the type parsers per client, not global', async () => {
    db = await openTestPostgres();
    const other = new pg.Client({ connectionString: pgAdminUrl() });
    await other.connect();
    try {
      const res = await other.query<{ t: unknown }>(`SELECT timestamptz '2024-01-01Z' AS t`);
      expect(res.rows[0]?.t).toBeInstanceOf(Date);
    } finally {
      await other.end();
    }
  });

  it.each([
    ["ENCODING 'SQL_ASCII' LOCALE 'C'", /must use UTF8 encoding.*found encoding SQL_ASCII/],
    ["ENCODING 'UTF8' LOCALE 'C'", /UTF-8 ctype.*ctype C\b/],
  ])('refuses a database created with %s', async (options, message) => {
    const created = await createTestDatabase(options);
    try {
      await expect(openPostgres(created.url)).rejects.toThrow(message);
    } finally {
      await created.drop();
    }
  });
});

describe('sqlite specifics', () => {
  it('keeps data in a database file across connections', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rule2sql-db-'));
    try {
      const file = join(dir, 'logs.db');
      const first = await openSqlite(file);
      await createTable(first, schema);
      await insertRows(first, schema, [{ Id: 'kept', TimeGenerated: '2024-01-01T00:00:00Z' }]);
      await first.close();
      const second = await openSqlite(file);
      const { rows: got } = await second.query(
        'SELECT "Id", "TimeGenerated" FROM "MixedCase_Table"',
      );
      await second.close();
      expect(got).toEqual([['kept', 1_704_067_200_000_000]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a file it cannot open as a DatabaseError', async () => {
    await expect(openSqlite('/nonexistent-dir/x.db')).rejects.toThrow(DatabaseError);
    await expect(openSqlite('/nonexistent-dir/x.db')).rejects.toThrow(
      /cannot open SQLite database \/nonexistent-dir\/x.db/,
    );
  });
});
