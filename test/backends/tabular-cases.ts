/**
 * Execution tests for tabular operators: small cases in the conformance format (SEMANTICS.md §0)
 * run on SQLite and PostgreSQL and, for Athena, printed and parsed with the Trino grammar.
 * Expected rows come from the KQL documentation and SEMANTICS.md, never from our own SQL.
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
import type { Dialect } from '../../src/types.js';
import { openTestPostgres } from '../support/postgres.js';

export interface TabTable {
  readonly columns: Readonly<Record<string, string>>;
  readonly rows: readonly (readonly unknown[])[];
}

export interface TabCase {
  readonly id: string;
  readonly query: string;
  readonly tables: Readonly<Record<string, TabTable>>;
  readonly columns: readonly string[];
  readonly types?: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Row order matters (the query ends in an order). */
  readonly ordered?: boolean;
  /** Columns holding arrays compared as multisets (make_set, make_list). */
  readonly unorderedArrays?: readonly string[];
  /** Dialects where the case must be refused with a KQL3xxx diagnostic instead. */
  readonly refusedIn?: readonly Dialect[];
  /** Dialects where a documented divergence (NaN on SQLite) skips the case. */
  readonly skippedIn?: readonly Dialect[];
}

const ENGINES: readonly (readonly [Dialect, () => Engine])[] = [
  ['sqlite', () => sqliteEngine()],
  ['postgres', () => postgresEngine(() => openTestPostgres())],
  ['athena', () => athenaEngine()],
];

/** Registers one `describe` per engine running every case. */
export function runTabularCases(
  title: string,
  cases: readonly TabCase[],
  engines: readonly (readonly [Dialect, () => Engine])[] = ENGINES,
): void {
  const doc = cases.map((c) => ({
    id: c.id,
    tables: c.tables,
    query: c.query,
    expected: { columns: c.columns, types: c.types, rows: c.rows },
    ordered: c.ordered ?? false,
    ...(c.unorderedArrays === undefined ? {} : { unordered_arrays: c.unorderedArrays }),
  }));
  const { cases: parsed, problems } = parseCaseFile(JSON.stringify(doc), title);
  it(`${title}: every case is well formed`, () => {
    expect(problems).toEqual([]);
  });
  describe.each(engines)(`${title} on %s`, (dialect, makeEngine) => {
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
        return;
      }
      if (spec?.skippedIn?.includes(dialect) === true) {
        expect(result.status, id).toBe('skipped');
        return;
      }
      const explanation = result.status === 'pass' ? '' : `${result.reason}\n${result.details}`;
      expect(result.status, `${id} on ${dialect}: ${explanation}`).toBe('pass');
    });
  });
}
