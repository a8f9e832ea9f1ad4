/**
 * Conformance cases (SEMANTICS.md §0): the types and a validating reader for case files. A case
 * file is a JSON array of cases; a malformed case is reported with its file and index and left
 * out, so one bad case never hides the others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDatetimeMicros, parseTimespanMicros } from '../db/time.js';
import type { CaseValue } from '../db/values.js';
import type { ColumnSchema } from '../schema.js';
import { kqlTypeFromName, type KqlType } from '../types.js';

/** A fixture table: columns in order and rows in the conformance encoding. */
export interface CaseTable {
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
  /** One array per row, positional by `columns`. */
  readonly rows: readonly (readonly CaseValue[])[];
}

export interface CaseExpected {
  readonly columns: readonly string[];
  /** KQL types of the result columns, when the case states them. */
  readonly types?: readonly KqlType[];
  readonly rows: readonly (readonly CaseValue[])[];
}

interface CaseBase {
  readonly id: string;
  /** The case file, and the case's position in its array, for messages. */
  readonly file: string;
  readonly index: number;
  readonly feature?: string;
  readonly tables: readonly CaseTable[];
  /** `now()` and `ago()` are evaluated against this instant (microseconds since the epoch). */
  readonly now?: bigint;
  readonly expected: CaseExpected;
  /** Whether row order is part of the expectation (the query ends in `sort`/`top`). */
  readonly ordered: boolean;
  /** Columns whose array values compare as multisets (make_set, bag_keys). */
  readonly unorderedArrays: readonly string[];
  readonly source?: string;
  readonly confidence?: 'medium' | 'low';
  readonly notes?: string;
}

export interface QueryCase extends CaseBase {
  readonly kind: 'query';
  readonly query: string;
}

/**
 * A case that runs a rule file. Only `expected.columns` of the rule's output are compared, and
 * `fires` is checked against the rule's trigger over the result rows.
 */
export interface RuleCase extends CaseBase {
  readonly kind: 'rule';
  /** The `rule` field as written (relative to the case file). */
  readonly rule: string;
  /** `rule` resolved against the case file's folder. */
  readonly rulePath: string;
  readonly fires?: boolean;
}

export type ConformanceCase = QueryCase | RuleCase;

/** Why a case (or a whole file) was not read. `index` is absent when the file itself is bad. */
export interface CaseProblem {
  readonly file: string;
  readonly index?: number;
  readonly id?: string;
  readonly message: string;
}

export interface CaseFileResult {
  readonly cases: readonly ConformanceCase[];
  readonly problems: readonly CaseProblem[];
}

class CaseFormatError extends Error {}

function fail(message: string): never {
  throw new CaseFormatError(message);
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

const QUERY_FIELDS = new Set([
  'id',
  'feature',
  'tables',
  'query',
  'expected',
  'ordered',
  'source',
  'confidence',
  'notes',
  'unordered_arrays',
  'now',
]);
const RULE_FIELDS = new Set([...QUERY_FIELDS, 'rule', 'fires']);
const EXPECTED_FIELDS = new Set(['columns', 'types', 'rows']);

/**
 * A JavaScript object lists integer-like keys first, whatever their order in the JSON text, so a
 * column named `1` would silently move; §0 forbids such names and the reader rejects them.
 */
function isIntegerLikeKey(name: string): boolean {
  return /^(0|[1-9]\d*)$/.test(name) && Number(name) < 2 ** 32 - 1;
}

/** Whether `value` is a well-formed cell of KQL type `type` in the §0 encoding. */
/** A guid as text: 32 hex digits in the 8-4-4-4-12 groups (toguid-function.md). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isCellOfType(type: KqlType, value: unknown): boolean {
  if (value === null) return true;
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'guid':
      return typeof value === 'string' && GUID.test(value);
    case 'long':
      // JSON.parse rounds integers beyond 2^53, so such a cell no longer holds what was written.
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'int':
      return (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= -(2 ** 31) &&
        value < 2 ** 31
      );
    case 'real':
    case 'decimal':
      return (
        typeof value === 'number' ||
        value === 'NaN' ||
        value === 'Infinity' ||
        value === '-Infinity'
      );
    case 'bool':
      return typeof value === 'boolean';
    case 'datetime':
      return typeof value === 'string' && parseDatetimeMicros(value) !== undefined;
    case 'timespan':
      return typeof value === 'string' && parseTimespanMicros(value) !== undefined;
    case 'dynamic':
      return true;
  }
}

function optionalString(doc: Json, field: string): string | undefined {
  const v = doc[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') fail(`"${field}" must be a string, found ${describe(v)}`);
  return v;
}

function requiredString(doc: Json, field: string): string {
  const v = optionalString(doc, field);
  if (v === undefined || v === '') fail(`"${field}" must be a non-empty string`);
  return v;
}

function readType(text: unknown, where: string): KqlType {
  const type = typeof text === 'string' ? kqlTypeFromName(text) : undefined;
  if (type === undefined) fail(`${where}: unknown KQL type ${describe(text)}`);
  return type;
}

function readRows(
  v: unknown,
  types: readonly (KqlType | undefined)[],
  where: string,
): (readonly CaseValue[])[] {
  if (!Array.isArray(v)) fail(`${where} must be an array of rows`);
  return v.map((row: unknown, r): readonly CaseValue[] => {
    if (!Array.isArray(row) || row.length !== types.length) {
      fail(`${where}[${r}] must be an array of ${types.length} values, found ${describe(row)}`);
    }
    row.forEach((cell: unknown, c) => {
      const type = types[c];
      if (type !== undefined && !isCellOfType(type, cell)) {
        fail(`${where}[${r}][${c}]: ${describe(cell)} is not a ${type} value`);
      }
    });
    return row as CaseValue[];
  });
}

function readTables(v: unknown): CaseTable[] {
  if (!isObject(v)) fail('"tables" must be an object of tables');
  return Object.entries(v).map(([name, t]): CaseTable => {
    const where = `tables.${name}`;
    if (!isObject(t) || !isObject(t['columns'])) fail(`${where}.columns must be an object`);
    const columns = Object.entries(t['columns']).map(([col, type]): ColumnSchema => {
      if (isIntegerLikeKey(col)) fail(`${where}: integer-like column name ${col} loses its order`);
      return { name: col, type: readType(type, `${where}.columns.${col}`) };
    });
    if (columns.length === 0) fail(`${where} has no columns`);
    const rows = readRows(
      t['rows'] ?? [],
      columns.map((c) => c.type),
      `${where}.rows`,
    );
    return { name, columns, rows };
  });
}

function readExpected(v: unknown, partial: boolean): CaseExpected {
  if (!isObject(v)) fail('"expected" must be an object');
  for (const key of Object.keys(v)) {
    if (!EXPECTED_FIELDS.has(key)) fail(`unknown field expected.${key}`);
  }
  const cols = v['columns'];
  if (!Array.isArray(cols) || !cols.every((c): c is string => typeof c === 'string')) {
    fail('expected.columns must be an array of strings');
  }
  if (new Set(cols).size !== cols.length) fail('expected.columns names a column twice');
  let types: KqlType[] | undefined;
  if (v['types'] !== undefined) {
    if (!Array.isArray(v['types']) || v['types'].length !== cols.length) {
      fail(`expected.types must be an array of ${cols.length} types`);
    }
    types = v['types'].map((t: unknown, i) => readType(t, `expected.types[${i}]`));
  }
  // A rule case may leave rows out and check only `fires`.
  const rawRows = v['rows'] ?? (partial ? [] : undefined);
  const rows = readRows(rawRows, types ?? cols.map(() => undefined), 'expected.rows');
  return types === undefined ? { columns: cols, rows } : { columns: cols, types, rows };
}

function readCase(doc: unknown, file: string, index: number): ConformanceCase {
  if (!isObject(doc)) fail('a case must be an object');
  const isRule = doc['rule'] !== undefined;
  const known = isRule ? RULE_FIELDS : QUERY_FIELDS;
  for (const key of Object.keys(doc)) if (!known.has(key)) fail(`unknown field "${key}"`);
  const id = requiredString(doc, 'id');
  const tables = readTables(doc['tables']);
  const expected = readExpected(doc['expected'], isRule);

  const ordered = doc['ordered'] ?? false;
  if (typeof ordered !== 'boolean') fail('"ordered" must be true or false');
  const unordered = doc['unordered_arrays'] ?? [];
  if (!Array.isArray(unordered) || !unordered.every((c): c is string => typeof c === 'string')) {
    fail('"unordered_arrays" must be an array of column names');
  }
  for (const c of unordered) {
    if (!expected.columns.includes(c)) fail(`unordered_arrays names ${c}, not an expected column`);
  }
  const confidence = doc['confidence'];
  if (confidence !== undefined && confidence !== 'medium' && confidence !== 'low') {
    fail(`"confidence" must be "medium" or "low", found ${describe(confidence)}`);
  }
  const level: 'medium' | 'low' | undefined = confidence;
  const nowText = optionalString(doc, 'now');
  const now = nowText === undefined ? undefined : parseDatetimeMicros(nowText);
  if (nowText !== undefined && now === undefined) fail(`"now" is not a datetime: ${nowText}`);

  const base = {
    id,
    file,
    index,
    feature: optionalString(doc, 'feature'),
    tables,
    now,
    expected,
    ordered,
    unorderedArrays: unordered,
    source: optionalString(doc, 'source'),
    confidence: level,
    notes: optionalString(doc, 'notes'),
  };
  if (isRule) {
    const rule = requiredString(doc, 'rule');
    if (doc['query'] !== undefined) fail('a case gives either "rule" or "query", not both');
    const fires = doc['fires'];
    if (fires !== undefined && typeof fires !== 'boolean') fail('"fires" must be true or false');
    return { ...base, kind: 'rule', rule, rulePath: resolve(dirname(file), rule), fires };
  }
  return { ...base, kind: 'query', query: requiredString(doc, 'query') };
}

/** Reads the cases in `text`, the contents of case file `file`. */
export function parseCaseFile(text: string, file: string): CaseFileResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { cases: [], problems: [{ file, message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (!Array.isArray(doc)) {
    return { cases: [], problems: [{ file, message: 'a case file must hold a JSON array' }] };
  }
  const cases: ConformanceCase[] = [];
  const problems: CaseProblem[] = [];
  doc.forEach((item: unknown, index) => {
    try {
      cases.push(readCase(item, file, index));
    } catch (e) {
      if (!(e instanceof CaseFormatError)) throw e;
      const id = isObject(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
      problems.push({ file, index, id, message: e.message });
    }
  });
  return { cases, problems };
}

/** Reads one case file; an unreadable file is a problem, not an exception. */
export function readCaseFile(file: string): CaseFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { cases: [], problems: [{ file, message: `cannot read: ${(e as Error).message}` }] };
  }
  return parseCaseFile(text, file);
}

/**
 * Reads every `*.json` in `dir` (sorted by name). Case ids must be unique across the folder,
 * since results and known failures are keyed by id.
 */
export function readCaseDir(dir: string): CaseFileResult {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
  const all: ConformanceCase[] = [];
  const problems: CaseProblem[] = [];
  for (const f of files) {
    const read = readCaseFile(f);
    problems.push(...read.problems);
    all.push(...read.cases);
  }
  const unique = uniqueIds(all);
  problems.push(...unique.problems);
  const cases = unique.cases;
  return { cases, problems };
}

/** `file[index] (id)`, the way messages name a case. */
export function caseLabel(c: Pick<CaseProblem, 'file' | 'index' | 'id'>): string {
  const at = c.index === undefined ? c.file : `${c.file}[${c.index}]`;
  return c.id === undefined ? at : `${at} (${c.id})`;
}

/**
 * The cases whose id no earlier case has; each later one is a problem (results and known
 * failures are keyed by id), in whichever files or folders the cases came from.
 */
export function uniqueIds(all: readonly ConformanceCase[]): CaseFileResult {
  const cases: ConformanceCase[] = [];
  const problems: CaseProblem[] = [];
  const seen = new Map<string, ConformanceCase>();
  for (const c of all) {
    const first = seen.get(c.id);
    if (first !== undefined) {
      problems.push({
        file: c.file,
        index: c.index,
        id: c.id,
        message: `duplicate id ${c.id} (first in ${first.file} at index ${first.index})`,
      });
      continue;
    }
    seen.set(c.id, c);
    cases.push(c);
  }
  return { cases, problems };
}
