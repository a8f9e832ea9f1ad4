/**
 * ingestion_time() over tables rule2sql makes, on SQLite and PostgreSQL: `rule2sql load` writes
 * the time each batch is inserted into the hidden ingestion-time column (the clock is injected
 * here), ingestion_time() reads it over the table's rows, and the column stays out of the
 * table's KQL columns. A table made without the column (by an older rule2sql) is named in a
 * clear error, and loading into it adds the column, its old rows keeping null.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planQuery } from '../../src/compile.js';
import { openSqlite, type Database } from '../../src/db/database.js';
import { physicalType } from '../../src/db/tables.js';
import { loadCloudTrail } from '../../src/loader/cloudtrail.js';
import { executePlan, type ResultSet } from '../../src/run.js';
import { schemaRegistry } from '../../src/schema.js';
import { openTestPostgres } from '../support/postgres.js';

const LOGS = 'examples/cloudtrail';
const schemas = schemaRegistry();
const cloudTrail = schemas.get('AWSCloudTrail');
if (cloudTrail === undefined) throw new Error('AWSCloudTrail schema missing');

async function run(db: Database, query: string): Promise<ResultSet> {
  return executePlan(db, planQuery({ name: 'q.kql', text: query }, { schemas }));
}

/** A clock giving `times` in turn (the last one again when they run out), counting its reads. */
function clock(...times: string[]): { read: () => Date; reads: () => number } {
  let n = 0;
  return {
    read: () => new Date(times[Math.min(n++, times.length - 1)] ?? ''),
    reads: () => n,
  };
}

const PER_ROW =
  'AWSCloudTrail | extend t = ingestion_time() | summarize n = count(), lo = min(t), hi = max(t)';

describe.each([
  ['sqlite', () => openSqlite()],
  ['postgres', () => openTestPostgres()],
] as const)('ingestion_time() on %s', (_dialect, open) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('is the time rule2sql load inserted the rows', async () => {
    db = await open();
    const c = clock('2026-01-02T03:04:05.678Z');
    await loadCloudTrail(db, [LOGS], { clock: c.read });
    expect((await run(db, PER_ROW)).rows).toEqual([
      [42, '2026-01-02T03:04:05.6780000Z', '2026-01-02T03:04:05.6780000Z'],
    ]);
    // In where, after where and extend, and compared with a datetime.
    const filtered = await run(
      db,
      'AWSCloudTrail | where EventSource != "" | extend x = 1 ' +
        '| where ingestion_time() == datetime(2026-01-02T03:04:05.678Z) | count',
    );
    expect(filtered.rows).toEqual([[42]]);
  });

  it('reads each batch its own time, and a second load keeps the first times', async () => {
    db = await open();
    // One batch per log file here (7 files, fewer than 1000 records each).
    const c = clock(
      '2026-01-01T00:00:01Z',
      '2026-01-01T00:00:02Z',
      '2026-01-01T00:00:03Z',
      '2026-01-01T00:00:04Z',
      '2026-01-01T00:00:05Z',
      '2026-01-01T00:00:06Z',
      '2026-01-01T00:00:07Z',
    );
    await loadCloudTrail(db, [LOGS], { clock: c.read });
    expect(c.reads()).toBe(7);
    const q = 'AWSCloudTrail | summarize n = dcount(ingestion_time()), lo = min(ingestion_time())';
    const first = await run(
      db,
      `AWSCloudTrail | extend t = ingestion_time() | summarize n = dcount(t), lo = min(t), hi = max(t)`,
    );
    expect(first.rows).toEqual([
      [7, '2026-01-01T00:00:01.0000000Z', '2026-01-01T00:00:07.0000000Z'],
    ]);
    await loadCloudTrail(db, [LOGS], { clock: clock('2027-01-01T00:00:00Z').read });
    expect((await run(db, PER_ROW)).rows).toEqual([
      [42, '2026-01-01T00:00:01.0000000Z', '2026-01-01T00:00:07.0000000Z'],
    ]);
    // Aggregating ingestion_time() directly is not over the table's rows in where/extend.
    await expect(run(db, q)).rejects.toThrow(/KQL3002|ingestion_time\(\) other than/);
  });

  it('is not a column of the table', async () => {
    db = await open();
    await loadCloudTrail(db, [LOGS], { clock: clock('2026-01-02T00:00:00Z').read });
    const names = cloudTrail.columns.map((c) => c.name);
    const all = await run(db, 'AWSCloudTrail | where EventName != "" | take 1');
    expect(all.columns.map((c) => c.name)).toEqual(names);
    expect(all.rows[0]).toHaveLength(names.length);
    const extended = await run(db, 'AWSCloudTrail | extend t = ingestion_time() | take 1');
    expect(extended.columns.map((c) => c.name)).toEqual([...names, 't']);
    expect(extended.rows[0]).toHaveLength(names.length + 1);
    const union = await run(
      db,
      'union (AWSCloudTrail | extend t = ingestion_time()), (AWSCloudTrail | extend t = now()) | count',
    );
    expect(union.rows).toEqual([[84]]);
  });

  it('names a table made without the column, and loading into it adds the column', async () => {
    db = await open();
    const cols = cloudTrail.columns
      .map((c) => `"${c.name}" ${physicalType(c.type, db?.dialect ?? 'sqlite')}`)
      .join(', ');
    await db.exec(`CREATE TABLE "AWSCloudTrail" (${cols})`);
    await db.exec(`INSERT INTO "AWSCloudTrail" ("AwsEventId") VALUES ('older-row')`);
    await expect(run(db, PER_ROW)).rejects.toMatchObject({
      code: 'R2S5003',
      message: expect.stringMatching(
        /ingestion_time\(\) reads the column \$IngestionTime, which table AWSCloudTrail lacks/,
      ) as unknown,
    });
    await loadCloudTrail(db, [LOGS], { clock: clock('2026-03-04T05:06:07Z').read });
    const rows = await run(
      db,
      'AWSCloudTrail | extend t = ingestion_time() | summarize n = count() by t | sort by n asc',
    );
    expect(rows.rows).toEqual([
      [null, 1],
      ['2026-03-04T05:06:07.0000000Z', 42],
    ]);
  });
});
