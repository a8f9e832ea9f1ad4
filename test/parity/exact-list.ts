/**
 * The exactness check of the parity tests: the disagreements found must be the listed ones.
 */
import { expect } from 'vitest';
import type { Comparison } from './check.js';
import { knownDisagreements, type ParityCheck } from './corpus.js';

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
