/**
 * Runs the Athena/Trino SQL of a conformance case on a live Trino server (`trinoExecutor(url)`,
 * for `athenaEngine`). For each request it makes a scratch schema in a writable catalog (the
 * `memory` connector by default), creates and fills the case's tables there, runs the statement
 * with that schema as the session's, decodes the rows into the conformance encoding and drops the
 * tables and the schema again.
 *
 * Values travel as SQL literals (every string through `sqlString`, which doubles `'`; dynamic as
 * `JSON '…'`, datetimes as `TIMESTAMP '… UTC'`, timespans as `INTERVAL '…' DAY TO SECOND`) and
 * come back in Trino's JSON encoding of results: numbers, `"NaN"`/`"Infinity"` for doubles, JSON
 * values as their text, timestamps as `2024-01-01 00:00:00.000000 UTC`, day-to-second intervals
 * as `1 02:03:04.500`.
 *
 * Limits: Trino intervals hold milliseconds, so a timespan with finer digits is refused; Trino
 * folds unquoted and quoted identifiers to lower case, so two tables or columns whose names differ
 * only in case collide; trino-client parses responses with `JSON.parse`, which rounds integers
 * beyond 2^53, so such a long is refused rather than returned rounded (a decimal, sent as text,
 * stays exact).
 */
import { randomBytes } from 'node:crypto';
import { Trino, type Columns, type Query, type QueryResult } from 'trino-client';
import { quoteIdent } from '../backends/base.js';
import { TRINO_TYPES } from '../backends/trino.js';
import { DatabaseError } from '../db/database.js';
import { formatDatetimeMicros, parseDatetimeMicros, parseTimespanMicros } from '../db/time.js';
import { dynamicToJson, integerValue, ValueError, type CaseValue } from '../db/values.js';
import type { Column } from '../ir/nodes.js';
import { tableProfile, type ProfileColumn } from '../table-profile.js';
import type { KqlType } from '../types.js';
import type { Row } from './compare.js';
import { CaseSetupError, type TableData, type TrinoExecutor, type TrinoRequest } from './runner.js';

export interface TrinoExecutorOptions {
  /** A catalog that can create schemas and tables (default `memory`). */
  readonly catalog?: string;
  /** `X-Trino-User` (default `rule2sql`). */
  readonly user?: string;
  /** `X-Trino-Source` (default `rule2sql`). */
  readonly source?: string;
  /** The scratch schema of one request (default `rule2sql_<random>_<n>`, new per request). */
  readonly schemaName?: () => string;
}

/** Trino rejected a statement, or the HTTP exchange with the server failed. */
export class TrinoError extends Error {
  constructor(
    message: string,
    readonly sql: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TrinoError';
  }
}

// ---------------------------------------------------------------------------------------------
// Statements

/** A Trino string literal: `'` doubled; backslashes and other characters are literal in Trino. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function setupError(message: string): CaseSetupError {
  return new CaseSetupError(`loading the fixture tables failed: ${message}`);
}

function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
}

function intervalLiteral(micros: bigint): string {
  if (micros % 1000n !== 0n) {
    throw setupError(`Trino intervals hold milliseconds; cannot store ${micros} µs exactly`);
  }
  const negative = micros < 0n;
  const ms = negative ? -micros / 1000n : micros / 1000n;
  const days = ms / 86_400_000n;
  const rest = ms % 86_400_000n;
  const pad = (n: bigint, w: number): string => n.toString().padStart(w, '0');
  const hh = rest / 3_600_000n;
  const mm = (rest / 60_000n) % 60n;
  const ss = (rest / 1000n) % 60n;
  const text = `${days} ${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}.${pad(rest % 1000n, 3)}`;
  return `INTERVAL ${negative ? '-' : ''}${sqlString(text)} DAY TO SECOND`;
}

/** The SQL literal of a value in the conformance encoding for a column of KQL type `type`. */
export function trinoLiteral(type: KqlType, value: CaseValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  const bad = (): CaseSetupError => setupError(`${describe(value)} is not a KQL ${type}`);
  switch (type) {
    case 'string':
    case 'guid':
      if (typeof value !== 'string') throw bad();
      return sqlString(value);
    case 'long':
    case 'int':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) {
        return `${type === 'long' ? 'BIGINT' : 'INTEGER'} ${sqlString(value.toString())}`;
      }
      throw bad();
    case 'real':
    case 'decimal':
      if (value === 'NaN') return 'nan()';
      if (value === 'Infinity') return 'infinity()';
      if (value === '-Infinity') return '-infinity()';
      if (typeof value !== 'number') throw bad();
      return `DOUBLE ${sqlString(String(value))}`;
    case 'bool':
      if (typeof value !== 'boolean') throw bad();
      return value ? 'TRUE' : 'FALSE';
    case 'datetime': {
      const micros = typeof value === 'string' ? parseDatetimeMicros(value) : undefined;
      if (micros === undefined) throw bad();
      // 2024-01-02T03:04:05.1234560Z → 2024-01-02 03:04:05.123456 UTC (timestamp(6) with tz).
      const text = formatDatetimeMicros(micros).replace('T', ' ').replace(/0Z$/, ' UTC');
      return `TIMESTAMP ${sqlString(text)}`;
    }
    case 'timespan': {
      const micros = typeof value === 'string' ? parseTimespanMicros(value) : undefined;
      if (micros === undefined) throw bad();
      return intervalLiteral(micros);
    }
    case 'dynamic':
      return `JSON ${sqlString(dynamicToJson(value))}`;
  }
}

function qualified(catalog: string, schema: string, table?: string): string {
  const parts = [catalog, schema, ...(table === undefined ? [] : [table])];
  return parts.map(quoteIdent).join('.');
}

/** The CREATE TABLE for `table`, named by its profile as the Athena SQL reads it. */
export function createTableSql(catalog: string, schema: string, table: TableData): string {
  const profile = tableProfile(table.schema, 'athena');
  const columns = profile.columns.map((c) => `${quoteIdent(c.physical)} ${TRINO_TYPES[c.type]}`);
  return `CREATE TABLE ${qualified(catalog, schema, profile.physicalTable)} (${columns.join(', ')})`;
}

/** The INSERT for `table`'s rows, or undefined when it has none. */
export function insertSql(catalog: string, schema: string, table: TableData): string | undefined {
  if (table.rows.length === 0) return undefined;
  const profile = tableProfile(table.schema, 'athena');
  const columns: readonly ProfileColumn[] = profile.columns;
  const names = columns.map((c) => quoteIdent(c.physical)).join(', ');
  const rows = table.rows.map(
    (row) => `  (${columns.map((c) => trinoLiteral(c.type, row[c.name])).join(', ')})`,
  );
  const target = qualified(catalog, schema, profile.physicalTable);
  return `INSERT INTO ${target} (${names}) VALUES\n${rows.join(',\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Decoding Trino's JSON encoding of result values

function cannotRead(type: KqlType, raw: unknown, trinoType: string | undefined): ValueError {
  const from = trinoType === undefined ? 'Trino' : `Trino ${trinoType}`;
  return new ValueError(`cannot read ${describe(raw)} from ${from} as KQL ${type}`);
}

const TRINO_TIMESTAMP_RE =
  /^(-?\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: (UTC|Z|GMT|UCT|Etc\/UTC|Etc\/GMT|[+-]\d{2}:\d{2}))?$/;

function trinoTimestampMicros(text: string): bigint | undefined {
  const m = TRINO_TIMESTAMP_RE.exec(text);
  if (m === null) return undefined;
  const zone = m[3] ?? 'UTC';
  const offset = /^[+-]/.test(zone) ? zone : 'Z';
  return parseDatetimeMicros(`${m[1] ?? ''}T${m[2] ?? ''}${offset}`);
}

const TRINO_INTERVAL_RE = /^(-)?(\d+) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

function trinoIntervalMicros(text: string): bigint | undefined {
  const m = TRINO_INTERVAL_RE.exec(text);
  if (m === null) return undefined;
  const [hh, mm, ss] = [Number(m[3]), Number(m[4]), Number(m[5])];
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  const micros =
    BigInt(m[2] ?? '0') * 86_400_000_000n +
    BigInt(hh * 3600 + mm * 60 + ss) * 1_000_000n +
    BigInt((m[6] ?? '').slice(0, 6).padEnd(6, '0'));
  return m[1] === '-' ? -micros : micros;
}

function formatTimespan(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const pad = (n: bigint, w: number): string => n.toString().padStart(w, '0');
  const days = abs / 86_400_000_000n;
  const secs = (abs % 86_400_000_000n) / 1_000_000n;
  const fraction = abs % 1_000_000n;
  return (
    `${negative ? '-' : ''}${days > 0n ? `${days}.` : ''}` +
    `${pad(secs / 3600n, 2)}:${pad((secs / 60n) % 60n, 2)}:${pad(secs % 60n, 2)}` +
    (fraction > 0n ? `.${pad(fraction, 6)}0` : '')
  );
}

/** A JSON value as the conformance encoding holds it (objects and arrays copied, checked). */
function jsonValue(raw: unknown): CaseValue {
  if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && !Number.isSafeInteger(raw)) {
      throw new ValueError(`the integer ${raw} was rounded by JSON parsing (beyond 2^53)`);
    }
    return raw;
  }
  if (Array.isArray(raw)) return raw.map((v: unknown) => jsonValue(v));
  if (typeof raw === 'object') {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, jsonValue(v)]));
  }
  throw new ValueError(`not a JSON value: ${typeof raw}`);
}

/**
 * Converts one value of a Trino result (its JSON encoding, column type `trinoType`) into the
 * conformance encoding of KQL type `type`. Throws ValueError when it does not fit.
 */
export function fromTrinoValue(type: KqlType, raw: unknown, trinoType?: string): CaseValue {
  if (raw === null || raw === undefined) return null;
  const bad = (): ValueError => cannotRead(type, raw, trinoType);
  switch (type) {
    case 'string':
    case 'guid':
      if (typeof raw !== 'string') throw bad();
      return raw;
    case 'long':
    case 'int':
      if (typeof raw === 'number') {
        if (Number.isSafeInteger(raw)) return raw;
        if (Number.isInteger(raw)) {
          throw new ValueError(
            `cannot read the ${trinoType ?? 'integer'} ${raw} exactly: trino-client's JSON ` +
              'parsing rounds integers beyond 2^53',
          );
        }
        throw bad();
      }
      // decimal(p, 0) arrives as text, which keeps every digit.
      if (typeof raw === 'string' && /^-?\d+(?:\.0*)?$/.test(raw)) {
        return integerValue(BigInt(raw.replace(/\..*$/, '')));
      }
      throw bad();
    case 'real':
    case 'decimal':
      if (typeof raw === 'number') return raw;
      if (raw === 'NaN' || raw === 'Infinity' || raw === '-Infinity') return raw;
      // A decimal arrives as text.
      if (typeof raw === 'string' && /^-?\d+(?:\.\d*)?$/.test(raw)) return Number(raw);
      throw bad();
    case 'bool':
      if (typeof raw !== 'boolean') throw bad();
      return raw;
    case 'datetime': {
      const micros = typeof raw === 'string' ? trinoTimestampMicros(raw) : undefined;
      if (micros === undefined) throw bad();
      return formatDatetimeMicros(micros);
    }
    case 'timespan': {
      const micros = typeof raw === 'string' ? trinoIntervalMicros(raw) : undefined;
      if (micros === undefined) throw bad();
      return formatTimespan(micros);
    }
    case 'dynamic':
      // A json column arrives as its text; an array, map or row column as JSON structure.
      if (trinoType === undefined || trinoType === 'json') {
        if (typeof raw !== 'string') throw bad();
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new ValueError(`a json value that is not JSON: ${describe(raw)}`);
        }
        return jsonValue(parsed);
      }
      return jsonValue(raw);
  }
}

/** Decodes the rows of a result whose KQL columns are `columns` (Trino's types when known). */
export function decodeTrinoRows(
  columns: readonly Column[],
  trinoColumns: Columns | undefined,
  data: readonly (readonly unknown[])[],
): Row[] {
  if (trinoColumns !== undefined && trinoColumns.length !== columns.length) {
    throw new ValueError(
      `Trino returned ${trinoColumns.length} columns (${trinoColumns.map((c) => c.name).join(', ')}), expected ${columns.length} (${columns.map((c) => c.name).join(', ')})`,
    );
  }
  return data.map((raw) => {
    if (raw.length !== columns.length) {
      throw new ValueError(`a Trino row has ${raw.length} values for ${columns.length} columns`);
    }
    return columns.map((c, i) => fromTrinoValue(c.type, raw[i], trinoColumns?.[i]?.type));
  });
}

// ---------------------------------------------------------------------------------------------
// Talking to the server

interface StatementResult {
  readonly columns: Columns | undefined;
  readonly data: unknown[][];
}

function httpFailure(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  // axios errors carry the response; Trino puts its reason in the body.
  const response = (e as { response?: { status?: unknown; data?: unknown } }).response;
  const body = response?.data;
  const detail =
    typeof body === 'string' && body.trim() !== ''
      ? `: ${body.trim()}`
      : typeof body === 'object' && body !== null
        ? `: ${JSON.stringify(body)}`
        : '';
  return `${e.message}${detail}`;
}

/** An error of an HTTP exchange that got no answer at all (refused, reset, unknown host). */
function noResponse(e: unknown): boolean {
  return (
    e instanceof Error &&
    (e as { response?: unknown }).response === undefined &&
    (e as { isAxiosError?: unknown }).isAxiosError === true
  );
}

/**
 * Runs one statement to completion, following `nextUri`; throws TrinoError when Trino refuses it
 * or answers with an HTTP error, and DatabaseError (R2S5003) when the server at `url` does not
 * answer at all.
 */
async function runStatement(trino: Trino, query: Query, url: string): Promise<StatementResult> {
  let columns: Columns | undefined;
  const data: unknown[][] = [];
  try {
    const pages = await trino.query(query);
    // The iterator fetches each nextUri and yields that page; once none is left it reports done
    // with the last page again, which counts only when the first answer was already final.
    for (let first = true; ; first = false) {
      const step = await pages.next();
      if (step.done === true && !first) break;
      const page = step.value as QueryResult;
      if (page.error !== undefined) {
        throw new TrinoError(page.error.message, query.query);
      }
      columns ??= page.columns;
      for (const row of page.data ?? []) data.push(row as unknown[]);
      if (step.done === true) break;
    }
  } catch (e) {
    if (e instanceof TrinoError) throw e;
    if (noResponse(e)) {
      throw new DatabaseError(`cannot reach the Trino server at ${url}: ${httpFailure(e)}`, {
        cause: e,
      });
    }
    throw new TrinoError(`Trino request failed: ${httpFailure(e)}`, query.query, { cause: e });
  }
  return { columns, data };
}

/**
 * An executor that runs each request on the Trino server at `url` (for example
 * `http://localhost:8080`), in a scratch schema of `options.catalog` made for the request.
 */
export function trinoExecutor(url: string, options: TrinoExecutorOptions = {}): TrinoExecutor {
  const catalog = options.catalog ?? 'memory';
  const user = options.user ?? 'rule2sql';
  const prefix = `rule2sql_${randomBytes(4).toString('hex')}`;
  let counter = 0;
  const schemaName = options.schemaName ?? (() => `${prefix}_${String(++counter)}`);

  return async (request: TrinoRequest): Promise<readonly Row[]> => {
    const schema = schemaName();
    const run = session(url, catalog, schema, user, options.source);

    const setup = async (sql: string): Promise<void> => {
      try {
        await run(sql);
      } catch (e) {
        if (e instanceof DatabaseError) throw e;
        throw new CaseSetupError(`loading the fixture tables failed: ${errorMessage(e)}`, {
          cause: e,
        });
      }
    };

    // Literals first: a value that cannot be written fails before anything reaches the server.
    const inserts = request.tables.map((t) => insertSql(catalog, schema, t));
    const created: string[] = [];
    let schemaCreated = false;
    let rows: readonly Row[];
    try {
      await setup(`CREATE SCHEMA ${qualified(catalog, schema)}`);
      schemaCreated = true;
      for (const [i, table] of request.tables.entries()) {
        await setup(createTableSql(catalog, schema, table));
        created.push(tableProfile(table.schema, 'athena').physicalTable);
        const insert = inserts[i];
        if (insert !== undefined) await setup(insert);
      }
      const result = await run(request.sql);
      rows = decodeTrinoRows(request.columns, result.columns, result.data);
    } catch (e) {
      await cleanup(run, catalog, schema, created, schemaCreated).catch(() => undefined);
      throw e;
    }
    await cleanup(run, catalog, schema, created, schemaCreated);
    return rows;
  };
}

/** Runs statements on the server at `url` in `schema` of `catalog`. */
function session(
  url: string,
  catalog: string,
  schema: string,
  user: string,
  source = 'rule2sql',
): (sql: string) => Promise<StatementResult> {
  const trino = Trino.create({
    server: url,
    source,
    catalog,
    schema,
    // The user header directly: BasicAuth would also send a password, which Trino refuses
    // over plain HTTP. Results in UTC, as the conformance encoding writes datetimes.
    extraHeaders: { 'X-Trino-User': user, 'X-Trino-Time-Zone': 'UTC' },
  });
  return (sql) => runStatement(trino, { query: sql, catalog, schema, user }, url);
}

/**
 * Checks before a run that the server at `url` answers and can make and drop a scratch schema
 * in `options.catalog`, so that an unreachable or unusable server is one DatabaseError (R2S5003)
 * rather than a failure of every case.
 */
export async function checkTrinoServer(
  url: string,
  options: TrinoExecutorOptions = {},
): Promise<void> {
  const catalog = options.catalog ?? 'memory';
  const schema = `rule2sql_${randomBytes(4).toString('hex')}_check`;
  const run = session(url, catalog, schema, options.user ?? 'rule2sql', options.source);
  try {
    await run(`CREATE SCHEMA ${qualified(catalog, schema)}`);
    await run(`DROP SCHEMA IF EXISTS ${qualified(catalog, schema)}`);
  } catch (e) {
    const why = firstLine(errorMessage(e)).replace(/^cannot reach the Trino server at \S+: /, '');
    throw new DatabaseError(
      `cannot use the Trino server at ${url} (a scratch schema in its ${catalog} catalog): ${why}`,
      { cause: e },
    );
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function cleanup(
  run: (sql: string) => Promise<StatementResult>,
  catalog: string,
  schema: string,
  tables: readonly string[],
  schemaCreated: boolean,
): Promise<void> {
  try {
    for (const t of tables) await run(`DROP TABLE IF EXISTS ${qualified(catalog, schema, t)}`);
    if (schemaCreated) await run(`DROP SCHEMA IF EXISTS ${qualified(catalog, schema)}`);
  } catch (e) {
    throw new TrinoError(`dropping the scratch tables failed: ${errorMessage(e)}`, '', {
      cause: e,
    });
  }
}
