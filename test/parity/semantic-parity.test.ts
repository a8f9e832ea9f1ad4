/**
 * Parity with the official Kusto parser and binder (`@kusto/language-service-next`): semantic mutants (a name renamed to one nobody defines, a call given one argument more) of the corpus rules rule2sql binds: both report an error of the same class, or neither does.
 *
 * Every disagreement is either fixed or listed in `known-disagreements.json` with its reason; the
 * list must stay exact, so a change that fixes one (or makes a new one) updates it. Needs the
 * shared corpus beside the repository; skipped with a printed reason without it.
 */
import { beforeAll, describe, it } from 'vitest';
import { schemaRegistry } from '../../src/schema.js';
import { compare } from './check.js';
import { expectExactList, found, isSemanticMutant } from './exact-list.js';
import {
  CORPUS_MISSING_REASON,
  CORPUS_PRESENT,
  corpusQueries,
  type CorpusQuery,
} from './corpus.js';
import { semanticMutants } from './mutate.js';
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

  it('agrees on unknown names and argument counts', { timeout: 300_000 }, () => {
    const bound = corpus.filter(
      (q) => compare(q.name, q.text, schemas, official).ours.kind === 'ok',
    );
    const mutants = bound.flatMap((q) => semanticMutants(q.name, q.text));
    const results = mutants.map((m) => compare(m.id, m.text, schemas, official, true));
    const errors = results.filter((r) => r.official.kind === 'semantic').length;
    const actual = found(results);
    console.info(
      `parity semantic mutants: ${results.length} from ${bound.length} bound rules, Kusto ` +
        `reports a semantic error on ${errors}; disagreements ${actual.size}`,
    );
    expectExactList(actual, isSemanticMutant);
  });
});
