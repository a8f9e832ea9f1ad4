/**
 * `rule2sql load`: reads CloudTrail log files as CloudTrail writes them to S3 and loads them into
 * Sentinel's `AWSCloudTrail` table.
 *
 * A log file is `{"Records": [...]}`, gzip-compressed or not (decided by the magic bytes, not the
 * name, because downloads often keep `.json` on compressed files). Folders are walked recursively
 * in sorted order; files under `CloudTrail-Digest/` are integrity digests, not events, and are
 * counted but not read. Files are processed one at a time and rows inserted in batches, so memory
 * does not grow with the size of the folder. Inserts ignore an `AwsEventId` already present, so
 * loading the same files again adds nothing. Each row's hidden ingestion-time column holds the time
 * its batch was inserted (`ingestion_time()`). Unreadable files and records are reported in the
 * LoadReport, never dropped silently and never fatal; database errors are thrown.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatabaseError, type Database } from '../db/database.js';
import { Codes } from '../diagnostics.js';
import {
  checkTableColumns,
  createTable,
  ensureIngestionTimeColumn,
  ensureUniqueIndex,
  insertRows,
  tableExists,
} from '../db/tables.js';
import { schemaRegistry, type TableSchema } from '../schema.js';
import { cloudTrailRecordToRow, RecordError, type SentinelRow } from './cloudtrail-record.js';
import { JsonObject, JsonSyntaxError, parseJsonText, type JsonNode } from './json-text.js';

const gunzipAsync = promisify(gunzip);

export const CLOUDTRAIL_TABLE = 'AWSCloudTrail';
const KEY_COLUMN = 'AwsEventId';
const DIGEST_FOLDER = 'CloudTrail-Digest';
/** Rows buffered before an insert; `insertRows` splits further to fit the drivers' limits. */
const BATCH_ROWS = 1000;
/** Record errors listed per file; the rest are summed up in one entry (and in `rejected`). */
const MAX_RECORD_ERRORS_PER_FILE = 20;

export interface LoadError {
  /** R2S5001 for a file that cannot be read as a log, R2S5002 for a record. */
  readonly code: typeof Codes.logFileUnreadable | typeof Codes.logRecordInvalid;
  /** The file as found (the given path, or the folder joined with the relative path). */
  readonly file: string;
  /** Index of the record in the file's `Records` array, for a record-level problem. */
  readonly record?: number;
  readonly message: string;
}

export interface LoadReport {
  /** Log files read, including those that turned out to be unreadable. */
  files: number;
  /** Elements of `Records` arrays seen: `inserted + duplicates + rejected`. */
  records: number;
  inserted: number;
  /** Records whose `AwsEventId` was already in the table (or earlier in this load). */
  duplicates: number;
  /** Records that could not become a row (no eventID, no valid eventTime, not an object). */
  rejected: number;
  /** Files under a `CloudTrail-Digest/` folder, skipped. */
  digestFiles: number;
  /** Files in the given folders that are not CloudTrail logs by name (not `.json`/`.gz`). */
  skipped: { file: string; reason: string }[];
  errors: LoadError[];
}

export type LoadProgress =
  /** Emitted once the paths are walked: how many log files will be read. */
  | { readonly kind: 'start'; readonly files: number; readonly digestFiles: number }
  /** Emitted after each log file. */
  | {
      readonly kind: 'file';
      readonly file: string;
      readonly index: number;
      readonly records: number;
      readonly inserted: number;
      readonly duplicates: number;
      readonly rejected: number;
      readonly error?: string;
    };

export interface LoadOptions {
  readonly onProgress?: (event: LoadProgress) => void;
  /**
   * The clock read for each batch of rows as it is inserted; its time goes into the rows' hidden
   * ingestion-time column, which `ingestion_time()` reads. Default: the system clock.
   */
  readonly clock?: () => Date;
}

type Found =
  | { kind: 'log'; file: string }
  | { kind: 'digest'; file: string }
  | { kind: 'skipped'; file: string; reason: string }
  | { kind: 'error'; file: string; message: string };

function isDigestPath(path: string): boolean {
  return path.split(/[\\/]/).includes(DIGEST_FOLDER);
}

function looksLikeLogName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.json') || lower.endsWith('.gz');
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Walks the given paths. A path given explicitly is read whatever its name; inside folders only
 * `.json`/`.gz` names are logs. Entries are sorted by code point so loads are reproducible.
 */
async function walk(paths: readonly string[]): Promise<Found[]> {
  const found: Found[] = [];
  const visited = new Set<string>();

  const visitDir = async (dir: string): Promise<void> => {
    // Symbolic links may loop back to a folder already walked.
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const names = (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const path = join(dir, name);
      try {
        const s = await stat(path);
        if (s.isDirectory()) await visitDir(path);
        else if (!s.isFile()) found.push({ kind: 'skipped', file: path, reason: 'not a file' });
        else if (isDigestPath(path)) found.push({ kind: 'digest', file: path });
        else if (looksLikeLogName(name)) found.push({ kind: 'log', file: path });
        else found.push({ kind: 'skipped', file: path, reason: 'not a .json or .gz file' });
      } catch (e) {
        found.push({ kind: 'error', file: path, message: `cannot read: ${errorMessage(e)}` });
      }
    }
  };

  for (const path of paths) {
    try {
      const s = await stat(path);
      if (s.isDirectory()) await visitDir(path);
      else if (isDigestPath(path)) found.push({ kind: 'digest', file: path });
      else found.push({ kind: 'log', file: path });
    } catch (e) {
      found.push({ kind: 'error', file: path, message: `cannot read: ${errorMessage(e)}` });
    }
  }
  return found;
}

class FileError extends Error {}

/** Reads a log file and returns its `Records` array; throws FileError when it cannot. */
async function readRecords(file: string): Promise<readonly JsonNode[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new FileError(`cannot read: ${errorMessage(e)}`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (e) {
      throw new FileError(`not valid gzip data: ${errorMessage(e)}`);
    }
  }
  let doc: JsonNode;
  try {
    doc = parseJsonText(bytes.toString('utf8'));
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new FileError(`not valid JSON: ${e.message}`);
    // A file larger than a JavaScript string can hold, or nested beyond the parser's limit.
    throw new FileError(`cannot parse: ${errorMessage(e)}`);
  }
  const records = doc instanceof JsonObject ? doc.get('Records') : undefined;
  if (!Array.isArray(records)) {
    throw new FileError('not a CloudTrail log file: no "Records" array at the top level');
  }
  return records as readonly JsonNode[];
}

/** Creates `AWSCloudTrail` if missing and makes sure `AwsEventId` is unique, for idempotency. */
export async function ensureCloudTrailTable(db: Database): Promise<TableSchema> {
  const schema = schemaRegistry().get(CLOUDTRAIL_TABLE);
  if (schema === undefined) throw new Error(`no bundled schema for ${CLOUDTRAIL_TABLE}`);
  let exists: boolean;
  try {
    exists = await tableExists(db, CLOUDTRAIL_TABLE);
  } catch (e) {
    // The first statement on the database (a file that is not one fails here), with the code
    // every database failure carries.
    if (!(e instanceof Error) || e instanceof DatabaseError) throw e;
    throw new DatabaseError(`cannot read the ${db.dialect} database: ${e.message}`, { cause: e });
  }
  if (exists) {
    await checkTableColumns(db, schema);
    await ensureUniqueIndex(db, schema, KEY_COLUMN);
    // A table from before rule2sql kept ingestion times: its rows have none (null).
    await ensureIngestionTimeColumn(db, CLOUDTRAIL_TABLE);
  } else {
    await createTable(db, schema, { uniqueColumn: KEY_COLUMN });
  }
  return schema;
}

/**
 * Loads CloudTrail log files and folders into the `AWSCloudTrail` table of `db` (created if
 * missing). Safe to run again on the same files: known `AwsEventId`s count as duplicates.
 */
export async function loadCloudTrail(
  db: Database,
  paths: readonly string[],
  opts: LoadOptions = {},
): Promise<LoadReport> {
  const report: LoadReport = {
    files: 0,
    records: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    digestFiles: 0,
    skipped: [],
    errors: [],
  };
  const schema = await ensureCloudTrailTable(db);
  const clock = opts.clock ?? ((): Date => new Date());
  const found = await walk(paths);
  const logs: string[] = [];
  for (const f of found) {
    if (f.kind === 'log') logs.push(f.file);
    else if (f.kind === 'digest') report.digestFiles++;
    else if (f.kind === 'skipped') report.skipped.push({ file: f.file, reason: f.reason });
    else report.errors.push({ code: Codes.logFileUnreadable, file: f.file, message: f.message });
  }
  opts.onProgress?.({ kind: 'start', files: logs.length, digestFiles: report.digestFiles });

  for (const [index, file] of logs.entries()) {
    report.files++;
    const counts = { records: 0, inserted: 0, duplicates: 0, rejected: 0 };
    let fileError: string | undefined;
    try {
      const records = await readRecords(file);
      counts.records = records.length;
      let batch: SentinelRow[] = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const inserted = await insertRows(db, schema, batch, {
          ignoreConflictsOn: KEY_COLUMN,
          ingestionTime: clock().toISOString(),
        });
        counts.inserted += inserted;
        counts.duplicates += batch.length - inserted;
        batch = [];
      };
      for (const [i, record] of records.entries()) {
        try {
          batch.push(cloudTrailRecordToRow(record));
        } catch (e) {
          if (!(e instanceof RecordError)) throw e;
          counts.rejected++;
          if (counts.rejected <= MAX_RECORD_ERRORS_PER_FILE) {
            report.errors.push({
              code: Codes.logRecordInvalid,
              file,
              record: i,
              message: e.message,
            });
          }
        }
        if (batch.length >= BATCH_ROWS) await flush();
      }
      await flush();
      if (counts.rejected > MAX_RECORD_ERRORS_PER_FILE) {
        const more = counts.rejected - MAX_RECORD_ERRORS_PER_FILE;
        report.errors.push({
          code: Codes.logRecordInvalid,
          file,
          message: `${more} more invalid records not listed`,
        });
      }
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      fileError = e.message;
      report.errors.push({ code: Codes.logFileUnreadable, file, message: e.message });
    }
    report.records += counts.records;
    report.inserted += counts.inserted;
    report.duplicates += counts.duplicates;
    report.rejected += counts.rejected;
    opts.onProgress?.({
      kind: 'file',
      file,
      index,
      ...counts,
      ...(fileError === undefined ? {} : { error: fileError }),
    });
  }
  return report;
}

/** A one-line summary of a load, for the CLI. */
export function summariseLoad(report: LoadReport): string {
  const parts = [
    `${report.files} file${report.files === 1 ? '' : 's'}`,
    `${report.records} records`,
    `${report.inserted} inserted`,
    `${report.duplicates} already loaded`,
  ];
  if (report.rejected > 0) parts.push(`${report.rejected} invalid`);
  if (report.digestFiles > 0) parts.push(`${report.digestFiles} digest files skipped`);
  if (report.skipped.length > 0) parts.push(`${report.skipped.length} other files skipped`);
  if (report.errors.length > 0) parts.push(`${report.errors.length} problems`);
  return parts.join(', ');
}
