/**
 * Parity with the official Kusto parser and binder (`@kusto/language-service-next`): a negative corpus generated from the Sentinel corpus (`mutate.ts`: tokens deleted, queries truncated, operators swapped, adjacent tokens transposed; seeded per rule), where acceptance must agree.
 *
 * Every disagreement is either fixed or listed in `known-disagreements.json` with its reason; the
 * list must stay exact, so a change that fixes one (or makes a new one) updates it. Needs the
 * shared corpus beside the repository; skipped with a printed reason without it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaRegistry } from '../../src/schema.js';
import { compare } from './check.js';
import { expectExactList, found, isMutant, isSemanticMutant } from './exact-list.js';
import {
  CORPUS_MISSING_REASON,
  CORPUS_PRESENT,
  corpusQueries,
  type CorpusQuery,
} from './corpus.js';
import { syntaxMutants } from './mutate.js';
import { OfficialKusto } from './official.js';

if (!CORPUS_PRESENT) console.warn(`parity tests skipped: ${CORPUS_MISSING_REASON}`);

const schemas = schemaRegistry();

describe.skipIf(!CORPUS_PRESENT)('parity with Kusto.Language', () => {
  let official: OfficialKusto;
  let corpus: CorpusQuery[];
  beforeAll(() => {
    official = new OfficialKusto(schemas.values());
    corpus = corpusQueries();
  });

  it('agrees on acceptance over the negative corpus', { timeout: 300_000 }, () => {
    const mutants = corpus.flatMap((q) => syntaxMutants(q.name, q.text));
    expect(mutants.length).toBeGreaterThan(800);
    const results = mutants.map((m) => compare(m.id, m.text, schemas, official));
    const rejected = results.filter((r) => r.official.kind !== 'ok').length;
    const actual = found(results);
    console.info(
      `parity negative corpus: ${results.length} mutants, Kusto rejects ${rejected}; ` +
        `disagreements ${actual.size}`,
    );
    expectExactList(actual, (id) => isMutant(id) && !isSemanticMutant(id));
  });
});
