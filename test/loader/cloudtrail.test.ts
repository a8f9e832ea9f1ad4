import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Database } from '../../src/db/database.js';
import { createTable } from '../../src/db/tables.js';
import { fromSqlValue } from '../../src/db/values.js';
import { loadCloudTrail, type LoadProgress } from '../../src/loader/cloudtrail.js';
import { cloudTrailRecordToRow, RecordError } from '../../src/loader/cloudtrail-record.js';
import { parseJsonText } from '../../src/loader/json-text.js';
import { schemaRegistry, STANDARD_COLUMNS } from '../../src/schema.js';
import { openTestPostgres } from '../support/postgres.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cloudtrail');
const RAW = join(FIXTURES, 'raw');
const RAW_FILES = [
  'aws-cloudtrail-user-guide.json',
  'aws-kms-developer-guide.json',
  'derived-kms.json',
  'flaws-cloud.json',
  'panther-analysis.json',
  'public-github.json',
  'stratus-red-team.json',
];

const schema = schemaRegistry().get('AWSCloudTrail');
if (schema === undefined) throw new Error('AWSCloudTrail schema missing');
const columns = schema.columns;

type Row = Record<string, unknown>;
let expectedRows: Row[];
let tmp: string;

beforeAll(async () => {
  expectedRows = JSON.parse(await readFile(join(FIXTURES, 'sentinel_rows.json'), 'utf8')) as Row[];
  tmp = await mkdtemp(join(tmpdir(), 'rule2sql-loader-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function readTable(db: Database): Promise<Row[]> {
  const list = columns.map((c) => `"${c.name}"`).join(', ');
  const { columns: names, rows } = await db.query(
    `SELECT ${list} FROM "AWSCloudTrail" ORDER BY "AwsEventId"`,
  );
  expect(names).toEqual(columns.map((c) => c.name));
  return rows.map((row) =>
    Object.fromEntries(
      columns.map((c, i) => [c.name, fromSqlValue(c.type, row[i], db.dialect)] as const),
    ),
  );
}

const standard = new Set(STANDARD_COLUMNS.map((c) => c.name));

/**
 * Datetimes compare as instants (the fixture writes `…:34Z`, the codec `…:34.0000000Z`). A
 * standard column the fixture row does not list (`_ResourceId`…) is one the loader leaves NULL.
 */
function comparable(row: Row): Row {
  return Object.fromEntries(
    columns.map((c) => {
      const v = c.name in row || !standard.has(c.name) ? row[c.name] : null;
      const instant = c.type === 'datetime' && typeof v === 'string' ? Date.parse(v) : v;
      return [c.name, instant];
    }),
  );
}

async function writeRecords(path: string, records: unknown[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ Records: records }));
}

describe.each([
  ['sqlite', () => openSqlite()],
  ['postgres', () => openTestPostgres()],
] as const)('loadCloudTrail on %s', (_dialect, open) => {
  let db: Database | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('loads the 42 fixture events as exactly the rows of sentinel_rows.json', async () => {
    db = await open();
    const progress: LoadProgress[] = [];
    const report = await loadCloudTrail(db, [RAW], { onProgress: (e) => progress.push(e) });
    expect(report).toEqual({
      files: 7,
      records: 42,
      inserted: 42,
      duplicates: 0,
      rejected: 0,
      digestFiles: 0,
      skipped: [],
      errors: [],
    });
    expect(progress[0]).toEqual({ kind: 'start', files: 7, digestFiles: 0 });
    // Files are read in sorted order.
    expect(progress.slice(1).map((e) => (e.kind === 'file' ? e.file : ''))).toEqual(
      RAW_FILES.map((f) => join(RAW, f)),
    );

    const actual = await readTable(db);
    const byId = new Map(expectedRows.map((r) => [r['AwsEventId'], r]));
    expect(actual).toHaveLength(42);
    expect(byId.size).toBe(42);
    for (const row of actual) {
      const want = byId.get(row['AwsEventId']);
      expect(want, `unexpected event ${String(row['AwsEventId'])}`).toBeDefined();
      expect(comparable(row)).toStrictEqual(comparable(want ?? {}));
    }
    // Spot checks that would fail if a conversion rule were wrong everywhere at once.
    const c10 = actual.find((r) => r['AwsEventId'] === '9fd68588-ecbf-4528-a345-199fa6bb0821');
    expect(c10).toMatchObject({
      CidrIp: '0.0.0.0/0',
      SourcePort: '22',
      DestinationPort: '22',
      IpProtocol: 'tcp',
      ReadOnly: false,
      ManagementEvent: true,
      TimeGenerated: '2024-08-01T12:23:55.0000000Z',
    });
    const a01 = actual.find((r) => r['AwsEventId'] === '3fcfb182-98f8-4744-bd45-10a395ab61cb');
    expect(a01).toMatchObject({ ReadOnly: null, SessionCreationDate: null, ErrorCode: '' });
  });

  it('adds nothing on a second load of the same files', async () => {
    db = await open();
    await loadCloudTrail(db, [RAW]);
    const again = await loadCloudTrail(db, [RAW]);
    expect(again).toMatchObject({ files: 7, records: 42, inserted: 0, duplicates: 42, errors: [] });
    expect((await db.query('SELECT count(*) FROM "AWSCloudTrail"')).rows).toEqual([[42]]);
  });

  it('reports unreadable files and records by name and loads the rest', async () => {
    db = await open();
    const dir = await mkdtemp(join(tmp, 'mixed-'));
    const plain = await readFile(join(RAW, 'flaws-cloud.json'));
    // A gzipped log that kept the .json name, as downloads often do.
    await writeFile(join(dir, 'a-gzipped.json'), gzipSync(plain));
    await writeFile(join(dir, 'b-corrupt.json.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]));
    await writeFile(join(dir, 'c-truncated.json'), '{"Records": [{"eventID": "x"');
    await writeFile(join(dir, 'd-no-records.json'), '{"records": []}');
    await writeRecords(join(dir, 'e-one-bad-record.json'), [
      { eventTime: '2024-01-01T00:00:00Z', eventName: 'NoId' },
      { eventID: 'new-1', eventTime: '2024-01-01T00:00:00Z', eventName: 'Ok' },
      'not an object',
      { eventID: 'new-2', eventTime: 'yesterday' },
    ]);
    await writeFile(join(dir, 'notes.txt'), 'not a log');
    // Digests are under CloudTrail-Digest/ and are never read (this one is not even JSON).
    await mkdir(join(dir, 'AWSLogs', 'CloudTrail-Digest', 'us-east-1'), { recursive: true });
    await writeFile(
      join(dir, 'AWSLogs', 'CloudTrail-Digest', 'us-east-1', 'digest.json.gz'),
      'garbage',
    );

    const report = await loadCloudTrail(db, [dir, join(dir, 'missing.json')]);
    expect(report.files).toBe(5);
    expect(report.digestFiles).toBe(1);
    expect(report.skipped.map((f) => f.file)).toEqual([join(dir, 'notes.txt')]);
    // flaws-cloud has 2 events; one more good record in e-one-bad-record.
    expect(report).toMatchObject({ records: 6, inserted: 3, duplicates: 0, rejected: 3 });
    const errors = report.errors.map((e) => [e.file, e.record, e.message] as const);
    expect(report.errors.map((e) => e.code)).toEqual([
      ...Array<string>(4).fill('R2S5001'),
      ...Array<string>(3).fill('R2S5002'),
    ]);
    const problems: [string, number | undefined, RegExp][] = [
      ['missing.json', undefined, /^cannot read: .*ENOENT/],
      ['b-corrupt.json.gz', undefined, /^not valid gzip data: /],
      ['c-truncated.json', undefined, /^not valid JSON: .* at line 1 column 29$/],
      ['d-no-records.json', undefined, /no "Records" array/],
      ['e-one-bad-record.json', 0, /^record has no eventID$/],
      ['e-one-bad-record.json', 2, /^record is not a JSON object$/],
      [
        'e-one-bad-record.json',
        3,
        /^record new-2 has an eventTime that is not a datetime: "yesterday"$/,
      ],
    ];
    expect(errors.map(([file, record]) => [file, record])).toEqual(
      problems.map(([file, record]) => [join(dir, file), record]),
    );
    errors.forEach(([, , message], i) => {
      expect(message).toMatch(problems[i]?.[2] ?? /never/);
    });
    const { rows } = await db.query(
      'SELECT "AwsEventId", "EventName" FROM "AWSCloudTrail" ORDER BY "AwsEventId"',
    );
    expect(rows).toEqual([
      ['dc025c66-2d10-437e-a036-0092db2e0187', 'DescribeSnapshots'],
      ['ef9ee142-e534-4ce5-be9c-f47d7b596808', 'AssumeRole'],
      ['new-1', 'Ok'],
    ]);
  });

  it('loads a gzipped copy of every fixture file like the plain files', async () => {
    db = await open();
    const dir = await mkdtemp(join(tmp, 'gz-'));
    for (const f of RAW_FILES) {
      await writeFile(join(dir, f), gzipSync(await readFile(join(RAW, f))));
    }
    const report = await loadCloudTrail(db, [dir]);
    expect(report).toMatchObject({ files: 7, records: 42, inserted: 42, errors: [] });
    const actual = (await readTable(db)).map(comparable);
    const expected = [...expectedRows]
      .sort((a, b) => String(a['AwsEventId']).localeCompare(String(b['AwsEventId'])))
      .map(comparable);
    expect(new Set(actual.map((r) => r['AwsEventId']))).toEqual(
      new Set(expected.map((r) => r['AwsEventId'])),
    );
    for (const row of actual) {
      expect(row).toStrictEqual(expected.find((r) => r['AwsEventId'] === row['AwsEventId']));
    }
  });

  it('inserts files larger than one batch and counts duplicates inside a file', async () => {
    db = await open();
    const records = Array.from({ length: 2503 }, (_, i) => ({
      eventID: `bulk-${i % 2500}`,
      eventTime: '2024-05-01T10:00:00Z',
      eventName: 'GetObject',
    }));
    await writeRecords(join(tmp, 'bulk', 'big.json'), records);
    const report = await loadCloudTrail(db, [join(tmp, 'bulk', 'big.json')]);
    expect(report).toMatchObject({ records: 2503, inserted: 2500, duplicates: 3, errors: [] });
    expect((await db.query('SELECT count(*) FROM "AWSCloudTrail"')).rows).toEqual([[2500]]);
  });

  it('lists the first 20 invalid records of a file and counts the rest', async () => {
    db = await open();
    const records = Array.from({ length: 25 }, (_, i) => ({ eventName: `NoId${i}` }));
    await writeRecords(join(tmp, 'many-bad', 'bad.json'), records);
    const report = await loadCloudTrail(db, [join(tmp, 'many-bad')]);
    expect(report).toMatchObject({ records: 25, inserted: 0, rejected: 25 });
    expect(report.errors).toHaveLength(21);
    expect(report.errors[19]).toMatchObject({ record: 19, message: 'record has no eventID' });
    expect(report.errors[20]?.message).toBe('5 more invalid records not listed');
  });

  it('stays idempotent on an AWSCloudTrail table created without a unique key', async () => {
    db = await open();
    await createTable(db, schema);
    await loadCloudTrail(db, [join(RAW, 'flaws-cloud.json')]);
    const again = await loadCloudTrail(db, [join(RAW, 'flaws-cloud.json')]);
    expect(again).toMatchObject({ inserted: 0, duplicates: 2 });
  });
});

// Storage keeps microseconds: a CloudTrail time with 100 ns digits would be stored as another
// time, so the record is refused (and counted by load) rather than truncated.
describe('cloudTrailRecordToRow: times finer than a microsecond', () => {
  const record = (extra: string): string =>
    `{"eventID": "e1", "eventTime": "2024-01-01T00:00:00Z", "eventName": "X"${extra}}`;

  it('keeps a time with seven fraction digits whose last one is zero', () => {
    const row = cloudTrailRecordToRow(
      parseJsonText(record('').replace('00:00Z', '00:00.1234560Z')),
    );
    expect(row['TimeGenerated']).toBe('2024-01-01T00:00:00.1234560Z');
  });

  it('refuses an eventTime or a session creationDate with a non-zero seventh digit', () => {
    expect(() =>
      cloudTrailRecordToRow(parseJsonText(record('').replace('00:00Z', '00:00.1234567Z'))),
    ).toThrow(
      new RecordError(
        'datetime 2024-01-01T00:00:00.1234567Z is finer than a microsecond, which is all SQL stores',
      ),
    );
    const session =
      ', "userIdentity": {"sessionContext": {"attributes": {"creationDate": "2024-01-01T00:00:00.0000001Z"}}}';
    expect(() => cloudTrailRecordToRow(parseJsonText(record(session)))).toThrow(RecordError);
  });
});

describe('cloudTrailRecordToRow: NUL characters', () => {
  it('refuses a record holding U+0000 in a string, naming the column', () => {
    const record = parseJsonText(
      '{"eventID": "e1", "eventTime": "2024-01-01T00:00:00Z", "eventName": "Q\\u0000x"}',
    );
    expect(() => cloudTrailRecordToRow(record)).toThrow(
      new RecordError('record e1 holds a NUL character (U+0000) in EventName'),
    );
  });
});
