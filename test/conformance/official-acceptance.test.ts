/**
 * Every conformance case is valid KQL for the official parser and binder
 * (`@kusto/language-service-next`, wrapped in test/parity/official.ts): its query, or its rule's
 * query, analysed against the case's own tables, has no diagnostic of severity Error, and the
 * result columns Kusto computes are the case's `expected.columns` in the same order, with the
 * same KQL types where the case states them. A rule case compares only the columns it lists
 * (SEMANTICS.md §0), and sees the bundled Sentinel schemas as the runner gives them.
 *
 * This checks the expectations, not rule2sql: a case whose query Kusto rejects, or whose column
 * names or types Kusto computes differently, fails here whatever our engines return.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { caseLabel, readCaseDir, type ConformanceCase } from '../../src/conformance/case.js';
import { ruleCaseSchema } from '../../src/conformance/runner.js';
import { loadRuleOrQueryFile } from '../../src/frontend/sentinel-rule.js';
import { schemaRegistry, type TableSchema } from '../../src/schema.js';
import { OfficialKusto, type OfficialColumn } from '../parity/official.js';

const CASES = fileURLToPath(new URL('cases', import.meta.url));
const { cases, problems } = readCaseDir(CASES);
const bundled = schemaRegistry();

/**
 * Cases whose result columns the official binder computes differently from the documented
 * semantics the case follows, with the reason. The list is exact: an entry whose case now
 * agrees fails the suite.
 */
const COLUMN_DIFFERENCES: ReadonlyMap<string, string> = new Map([
  [
    'union-inner',
    'Kusto.Language gives union kind=inner the outer column set (x, y, z); the union doc ' +
      '(union-operator.md) says kind=inner keeps only the columns common to every leg (x)',
  ],
]);

/** The tables a case's query is analysed against: the runner's, for query and rule cases. */
function caseSchemas(c: ConformanceCase): TableSchema[] {
  if (c.kind === 'query') return c.tables.map((t) => ({ name: t.name, columns: t.columns }));
  const schemas = new Map(bundled);
  for (const t of c.tables) schemas.set(t.name, ruleCaseSchema(t, bundled));
  return [...schemas.values()];
}

function caseQuery(c: ConformanceCase): string {
  return c.kind === 'query' ? c.query : loadRuleOrQueryFile(c.rulePath).querySource.text;
}

/**
 * The columns to compare: all of a query case's, in Kusto's order; for a rule case, the ones it
 * lists (a subset of the rule's output, §0), in the case's order, so a missing one shows.
 */
function comparedColumns(c: ConformanceCase, columns: readonly OfficialColumn[]): OfficialColumn[] {
  if (c.kind === 'query') return [...columns];
  const byName = new Map(columns.map((col) => [col.name, col]));
  return c.expected.columns.flatMap((name) => {
    const col = byName.get(name);
    return col === undefined ? [] : [col];
  });
}

function officialResult(c: ConformanceCase): {
  errors: string[];
  columns: string[];
  types: string[];
} {
  const text = caseQuery(c);
  const analysis = new OfficialKusto(caseSchemas(c)).analyse(text);
  const errors = analysis.errors.map((e) => {
    const at = text.slice(e.start, e.start + e.length);
    return `${e.code} at ${String(e.start)} '${at}': ${e.message}`;
  });
  const columns = comparedColumns(c, analysis.columns ?? []);
  return { errors, columns: columns.map((col) => col.name), types: columns.map((col) => col.type) };
}

describe('conformance cases under the official Kusto parser', () => {
  it('reads every case file', () => {
    expect(problems.map((p) => `${caseLabel(p)}: ${p.message}`)).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });

  it('lists only existing cases as column differences', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect([...COLUMN_DIFFERENCES.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });

  it.for(cases.map((c) => [c.id, c] as const))('%s', ([id, c]) => {
    const result = officialResult(c);
    expect(result.errors, `${id}: Kusto rejects the query`).toEqual([]);
    const difference = COLUMN_DIFFERENCES.get(id);
    const expected = { columns: [...c.expected.columns], types: c.expected.types ?? result.types };
    const actual = { columns: result.columns, types: result.types };
    if (difference === undefined) {
      expect(actual, `${id}: result columns (names, order, types)`).toEqual(expected);
    } else {
      expect(actual, `${id} is listed as differing (${difference}) but now agrees`).not.toEqual(
        expected,
      );
    }
  });
});
