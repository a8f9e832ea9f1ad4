/**
 * Execution tests for scalar functions: small cases in the conformance format (SEMANTICS.md §0)
 * run on SQLite and PostgreSQL and, for Athena, printed and parsed with the Trino grammar.
 * Expected values come from the KQL documentation and SEMANTICS.md, never from our own SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/conformance/case.js';
import {
  athenaEngine,
  postgresEngine,
  runCase,
  sqliteEngine,
  type Engine,
} from '../../src/conformance/runner.js';
import { compileQuery } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import type { SchemaRegistry } from '../../src/schema.js';
import type { Dialect } from '../../src/types.js';
import { openTestPostgres } from '../support/postgres.js';

type Cell = unknown;

export interface FnTable {
  readonly columns: Readonly<Record<string, string>>;
  readonly rows: readonly (readonly Cell[])[];
}

export interface FnCase {
  readonly id: string;
  readonly query: string;
  /** Defaults to the one-row table `One(id:long)=[[1]]`. */
  readonly tables?: Readonly<Record<string, FnTable>>;
  readonly columns: readonly string[];
  readonly types?: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Dialects where the case must be refused with KQL3003 instead. */
  readonly refusedIn?: readonly Dialect[];
}

const ONE: Record<string, FnTable> = { One: { columns: { id: 'long' }, rows: [[1]] } };

const ENGINES: [Dialect, () => Engine][] = [
  ['sqlite', () => sqliteEngine()],
  ['postgres', () => postgresEngine(() => openTestPostgres())],
  ['athena', () => athenaEngine()],
];

/** Registers one `describe` per engine running every case. */
export function runFunctionCases(title: string, cases: readonly FnCase[]): void {
  const doc = cases.map((c) => ({
    id: c.id,
    tables: c.tables ?? ONE,
    query: c.query,
    expected: { columns: c.columns, types: c.types, rows: c.rows },
    ordered: false,
  }));
  const { cases: parsed, problems } = parseCaseFile(JSON.stringify(doc), title);
  it(`${title}: every case is well formed`, () => {
    expect(problems).toEqual([]);
  });
  describe.each(ENGINES)(`${title} on %s`, (dialect, makeEngine) => {
    let engine: Engine;
    beforeAll(() => {
      engine = makeEngine();
    });
    afterAll(async () => {
      await engine.close();
    });
    it.for(parsed.map((c, i) => [c.id, c, cases[i]] as const))('%s', async ([id, c, spec]) => {
      const result = await runCase(c, engine);
      if (spec?.refusedIn?.includes(dialect) === true) {
        expect(result.status, id).toBe('unsupported');
        expect(result.status === 'unsupported' ? result.reason : '').toMatch(/^KQL3003/);
        return;
      }
      const explanation = result.status === 'pass' ? '' : `${result.reason}\n${result.details}`;
      expect(result.status, `${id} on ${dialect}: ${explanation}`).toBe('pass');
    });
  });
}

/** The diagnostic codes of compiling `query` (empty when it compiles). */
export function compileCodes(query: string, dialect: Dialect, schemas: SchemaRegistry): string[] {
  try {
    compileQuery({ name: '<test>', text: query }, dialect, { schemas });
    return [];
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
}
