/**
 * Comparing a query result with a case's expectation, by the rules of SEMANTICS.md §0: column
 * names and order, KQL types when the case gives them, rows as a sequence (`ordered`) or as a
 * multiset, and values by their KQL type (reals within a relative 1e-9, datetimes as instants,
 * timespans as tick counts, dynamic as parsed JSON, '' never equal to null).
 */
import { parseDatetimeMicros, parseTimespanMicros } from '../db/time.js';
import type { CaseValue } from '../db/values.js';
import type { Column } from '../ir/nodes.js';
import type { KqlType } from '../types.js';

export type Row = readonly CaseValue[];

export interface ExpectedResult {
  readonly columns: readonly string[];
  readonly types?: readonly KqlType[];
  readonly rows: readonly Row[];
  readonly ordered: boolean;
  /** Columns whose array values compare as multisets. */
  readonly unorderedArrays?: readonly string[];
}

export interface ActualResult {
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}

export interface CompareOptions {
  /**
   * Rule cases: `expected.columns` names a subset of the result's columns, compared in the
   * expected order; the other result columns are ignored.
   */
  readonly columnSubset?: boolean;
  /**
   * Accept SQL NULL where a real `"NaN"` is expected: SQLite cannot store NaN and returns NULL
   * (SEMANTICS.md §0 allows reporting that as a documented divergence).
   */
  readonly nanMatchesNull?: boolean;
}

/** A row and its 0-based position in the expected or the returned rows. */
export interface RowAt {
  readonly index: number;
  readonly row: Row;
}

export interface Comparison {
  readonly ok: boolean;
  /** Problems with column names, their order or their types. */
  readonly shape: readonly string[];
  /** Names of the columns the rows were compared on, in the order the rows show them. */
  readonly compared: readonly string[];
  /** Expected rows the result lacks (projected to `compared`). */
  readonly missing: readonly RowAt[];
  /** Result rows the case does not expect (projected to `compared`). */
  readonly unexpected: readonly RowAt[];
  /** The same rows came back, but an ordered case needs them in the expected order. */
  readonly orderOnly: boolean;
  readonly expectedRows: readonly Row[];
  readonly actualRows: readonly Row[];
}

// ---------------------------------------------------------------------------------------------
// Values

const REAL_TOLERANCE = 1e-9;

function toBigInt(v: CaseValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

function toDouble(v: CaseValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return undefined;
}

/** Reals equal within a relative tolerance; NaN equals NaN; infinities only themselves. */
export function realsEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= REAL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

/** The 7th fraction digit (one 100 ns tick), which the microsecond parsers drop. */
function seventhDigit(text: string): bigint {
  const m = /:\d{2}\.(\d+)/.exec(text);
  return BigInt(m?.[1]?.[6] ?? '0');
}

/** A datetime as 100 ns ticks since the epoch, so `…10.1Z` and `…10.1000000Z` are one instant. */
export function datetimeTicks(text: string): bigint | undefined {
  const micros = parseDatetimeMicros(text);
  return micros === undefined ? undefined : micros * 10n + seventhDigit(text);
}

/** A Kusto timespan as a signed count of 100 ns ticks. */
export function timespanTicks(text: string): bigint | undefined {
  const micros = parseTimespanMicros(text);
  if (micros === undefined) return undefined;
  const tick = seventhDigit(text);
  return micros * 10n + (text.trim().startsWith('-') ? -tick : tick);
}

function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  const x = toBigInt(a);
  const y = toBigInt(b);
  return x !== undefined && x === y;
}

function isJsonObject(v: CaseValue): v is Readonly<Record<string, CaseValue>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of parsed JSON; object key order is ignored, array order is not. */
export function jsonEqual(a: CaseValue, b: CaseValue): boolean {
  if (
    (typeof a === 'number' || typeof a === 'bigint') &&
    (typeof b === 'number' || typeof b === 'bigint')
  ) {
    return numbersEqual(a, b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const other: readonly CaseValue[] = b;
    return a.every((x: CaseValue, i) => jsonEqual(x, other[i] ?? null));
  }
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] ?? null, b[k] ?? null));
  }
  return a === b;
}

/** Whether two lists hold the same elements with the same multiplicities. */
function multisetEqual<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && maximumMatching(a, b, eq).size === a.length;
}

export interface ValueOptions {
  /** Array values compare as multisets (`unordered_arrays`). */
  readonly unorderedArray?: boolean;
  readonly nanMatchesNull?: boolean;
}

/** Whether a returned value equals the expected one, read as KQL type `type`. */
export function valuesEqual(
  type: KqlType,
  expected: CaseValue,
  actual: CaseValue,
  options: ValueOptions = {},
): boolean {
  if (expected === null || actual === null) {
    const nanAsNull =
      options.nanMatchesNull === true &&
      (type === 'real' || type === 'decimal') &&
      expected === 'NaN' &&
      actual === null;
    return nanAsNull || (expected === null && actual === null);
  }
  switch (type) {
    case 'string':
    case 'guid':
      return typeof expected === 'string' && expected === actual;
    case 'long':
    case 'int': {
      const e = toBigInt(expected);
      return e !== undefined && e === toBigInt(actual);
    }
    case 'real':
    case 'decimal': {
      const e = toDouble(expected);
      const a = toDouble(actual);
      return e !== undefined && a !== undefined && realsEqual(e, a);
    }
    case 'bool':
      return typeof expected === 'boolean' && expected === actual;
    case 'datetime':
    case 'timespan': {
      if (typeof expected !== 'string' || typeof actual !== 'string') return false;
      const ticks = type === 'datetime' ? datetimeTicks : timespanTicks;
      const e = ticks(expected);
      return e !== undefined && e === ticks(actual);
    }
    case 'dynamic':
      if (options.unorderedArray === true && Array.isArray(expected) && Array.isArray(actual)) {
        return multisetEqual<CaseValue>(expected, actual, jsonEqual);
      }
      return jsonEqual(expected, actual);
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

/**
 * A maximum matching between `a` and `b` under `eq` (Kuhn's augmenting paths), as a map from
 * an index of `a` to an index of `b`. Greedy first-fit is not enough: with a tolerance, equality
 * is not transitive, and a greedy choice can steal the only partner of a later row.
 */
function maximumMatching<T>(
  a: readonly T[],
  b: readonly T[],
  eq: (x: T, y: T) => boolean,
): Map<number, number> {
  const partners = a.map((x) => b.flatMap((y, j) => (eq(x, y) ? [j] : [])));
  const ownerOf = new Map<number, number>();
  const augment = (i: number, visited: Set<number>): boolean => {
    for (const j of partners[i] ?? []) {
      if (visited.has(j)) continue;
      visited.add(j);
      const owner = ownerOf.get(j);
      if (owner === undefined || augment(owner, visited)) {
        ownerOf.set(j, i);
        return true;
      }
    }
    return false;
  };
  a.forEach((_x, i) => augment(i, new Set()));
  return new Map([...ownerOf].map(([j, i]) => [i, j]));
}

interface ColumnPlan {
  readonly name: string;
  readonly expectedIndex: number;
  readonly actualIndex: number;
  readonly type: KqlType;
  readonly unorderedArray: boolean;
}

function list(names: readonly string[]): string {
  return `[${names.join(', ')}]`;
}

/** Decides which columns the rows are compared on, and reports column and type problems. */
function planColumns(
  expected: ExpectedResult,
  actual: ActualResult,
  options: CompareOptions,
): { columns: ColumnPlan[]; shape: string[] } {
  const shape: string[] = [];
  const actualNames = actual.columns.map((c) => c.name);
  const pairs: [number, number][] = [];
  if (options.columnSubset === true) {
    expected.columns.forEach((name, i) => {
      const j = actualNames.indexOf(name);
      if (j < 0) shape.push(`column ${name} is not in the result ${list(actualNames)}`);
      else pairs.push([i, j]);
    });
  } else {
    const same =
      expected.columns.length === actualNames.length &&
      expected.columns.every((n, i) => n === actualNames[i]);
    if (!same) {
      shape.push(`columns: expected ${list(expected.columns)}, got ${list(actualNames)}`);
    }
    // With as many columns as expected, pair them by position so the rows still get compared
    // (a renamed column is then one problem, not a whole table of them); else pair by name.
    expected.columns.forEach((name, i) => {
      const j = expected.columns.length === actualNames.length ? i : actualNames.indexOf(name);
      if (j >= 0) pairs.push([i, j]);
    });
  }
  const unordered = new Set(expected.unorderedArrays ?? []);
  const columns = pairs.map(([i, j]): ColumnPlan => {
    const name = expected.columns[i] ?? '';
    const actualType = actual.columns[j]?.type ?? 'dynamic';
    const expectedType = expected.types?.[i];
    if (expectedType !== undefined && expectedType !== actualType) {
      shape.push(`column ${name}: expected type ${expectedType}, got ${actualType}`);
    }
    // The case's type says how its cells are written, so it decides how values compare.
    const type = expectedType ?? actualType;
    return {
      name,
      expectedIndex: i,
      actualIndex: j,
      type,
      unorderedArray: unordered.has(name),
    };
  });
  return { columns, shape };
}

/** Compares a result with an expectation; see the module comment for the rules. */
export function compareResult(
  expected: ExpectedResult,
  actual: ActualResult,
  options: CompareOptions = {},
): Comparison {
  const { columns, shape } = planColumns(expected, actual, options);
  const expectedRows = expected.rows.map((r) => columns.map((c) => r[c.expectedIndex] ?? null));
  const actualRows = actual.rows.map((r) => columns.map((c) => r[c.actualIndex] ?? null));
  const rowEqual = (e: Row, a: Row): boolean =>
    columns.every((c, k) =>
      valuesEqual(c.type, e[k] ?? null, a[k] ?? null, {
        unorderedArray: c.unorderedArray,
        nanMatchesNull: options.nanMatchesNull,
      }),
    );

  const matching = maximumMatching(expectedRows, actualRows, rowEqual);
  const matchedActual = new Set(matching.values());
  const missing = expectedRows.flatMap((row, index) =>
    matching.has(index) ? [] : [{ index, row }],
  );
  const unexpected = actualRows.flatMap((row, index) =>
    matchedActual.has(index) ? [] : [{ index, row }],
  );
  const sameMultiset = missing.length === 0 && unexpected.length === 0;
  const inOrder =
    !expected.ordered ||
    (expectedRows.length === actualRows.length &&
      expectedRows.every((e, i) => rowEqual(e, actualRows[i] ?? [])));
  return {
    ok: shape.length === 0 && sameMultiset && inOrder,
    shape,
    compared: columns.map((c) => c.name),
    missing,
    unexpected,
    orderOnly: sameMultiset && !inOrder,
    expectedRows,
    actualRows,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

/** A value as JSON, with BigInt written as its digits. */
export function formatValue(v: CaseValue): string {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((x: CaseValue) => formatValue(x)).join(',')}]`;
  if (isJsonObject(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${formatValue(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function formatRow(row: Row): string {
  return `[${row.map(formatValue).join(', ')}]`;
}

/**
 * A readable account of a failed comparison: column and type problems, then the rows, `-` for
 * an expected row that did not come back and `+` for a returned row that was not expected.
 */
export function formatComparison(c: Comparison): string {
  const out = [...c.shape];
  const counts = `${c.expectedRows.length} expected, ${c.actualRows.length} returned`;
  if (c.orderOnly) {
    out.push(`rows ${list(c.compared)}: the right rows in the wrong order (${counts})`);
    out.push('  expected order:');
    for (const r of c.expectedRows) out.push(`    ${formatRow(r)}`);
    out.push('  returned order:');
    for (const r of c.actualRows) out.push(`    ${formatRow(r)}`);
  } else if (c.missing.length > 0 || c.unexpected.length > 0) {
    out.push(`rows ${list(c.compared)}: ${counts}`);
    for (const m of c.missing) {
      out.push(`  - ${formatRow(m.row)}   (expected row ${m.index + 1}, not returned)`);
    }
    for (const u of c.unexpected) {
      out.push(`  + ${formatRow(u.row)}   (returned row ${u.index + 1}, not expected)`);
    }
  }
  return out.join('\n');
}
