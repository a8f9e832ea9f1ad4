/**
 * The parity comparison shared by the corpus and negative-corpus tests: run a query through both
 * sides and name each check that disagrees.
 */
import { expect } from 'vitest';
import type { SchemaRegistry } from '../../src/schema.js';
import { knownDisagreements, type ParityCheck } from './corpus.js';
import type { OfficialKusto } from './official.js';
import {
  acceptanceAgrees,
  asRefusal,
  describeOutcome,
  officialOutcome,
  ourOutcome,
  semanticsAgree,
  type OfficialOutcome,
  type OurOutcome,
} from './outcome.js';

export interface Comparison {
  readonly id: string;
  readonly ours: OurOutcome;
  readonly official: OfficialOutcome;
  /** Checks that disagree, each with what the two sides said. */
  readonly disagreements: readonly { readonly check: ParityCheck; readonly detail: string }[];
}

function columnsText(cols: readonly { name: string; type: string }[]): string {
  return cols.map((c) => `${c.name}:${c.type}`).join(', ');
}

/**
 * Acceptance: both parse, or both reject the syntax; a query Kusto's grammar accepts but its
 * binder rejects (it defers some checks rule2sql's parser makes) agrees with a rule2sql syntax
 * error, since both reject the query. Columns: when both bind, the same names, order and types.
 * Semantics: see `semanticsAgree`. A rule2sql crash always disagrees.
 */
export function compare(
  id: string,
  text: string,
  schemas: SchemaRegistry,
  official: OfficialKusto,
  strict = false,
): Comparison {
  const off = officialOutcome(official.analyse(text));
  const ours = asRefusal(ourOutcome(id, text, schemas), off);
  const detail = `rule2sql: ${describeOutcome(ours)}; Kusto: ${describeOutcome(off)}`;
  const out: { check: ParityCheck; detail: string }[] = [];
  const deferred = ours.kind === 'syntax' && off.kind === 'semantic';
  if (ours.kind === 'crash' || (!acceptanceAgrees(ours, off) && !deferred)) {
    out.push({ check: 'acceptance', detail });
  } else if (!semanticsAgree(ours, off, strict)) {
    out.push({ check: 'semantics', detail });
  } else if (ours.kind === 'ok' && off.kind === 'ok') {
    const a = columnsText(ours.columns);
    const b = columnsText(off.columns);
    if (a !== b) out.push({ check: 'columns', detail: `rule2sql: (${a}); Kusto: (${b})` });
  }
  return { id, ours, official: off, disagreements: out };
}

/** Ids that disagree on `check` (all checks when undefined), each with what the sides said. */
export function found(results: readonly Comparison[], check?: ParityCheck): Map<string, string> {
  return new Map(
    results.flatMap((r) =>
      r.disagreements
        .filter((d) => check === undefined || d.check === check)
        .map((d) => [r.id, `${d.check}: ${d.detail}`] as const),
    ),
  );
}

/**
 * The disagreements found must be exactly the listed ones within `scope`: an unlisted one fails
 * with what both sides said, and a listed one that no longer happens fails too (remove it).
 */
export function expectExactList(actual: Map<string, string>, scope: (id: string) => boolean): void {
  const known = knownDisagreements();
  const want = Object.fromEntries(
    [...known.keys()]
      .filter(scope)
      .sort()
      .map((id) => [id, known.get(id)?.check]),
  );
  const got = Object.fromEntries(
    [...actual.entries()].sort().map(([id, detail]) => [id, detail.split(':')[0]]),
  );
  const unexplained = [...actual.entries()].filter(([id]) => !known.has(id));
  expect(unexplained.map(([id, d]) => `${id} — ${d}`)).toEqual([]);
  expect(got).toEqual(want);
}

export const isMutant = (id: string): boolean => id.includes('#');
export const isSemanticMutant = (id: string): boolean => /#(rename|extra-arg)\d+$/.test(id);
