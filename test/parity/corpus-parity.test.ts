/**
 * Parity with the official Kusto parser and binder (`@kusto/language-service-next`): every corpus query is accepted by both or neither, and where both bind, the result columns (names, order, types) are equal.
 *
 * Every disagreement is either fixed or listed in `known-disagreements.json` with its reason; the
 * list must stay exact, so a change that fixes one (or makes a new one) updates it. Needs the
 * shared corpus beside the repository; skipped with a printed reason without it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaRegistry } from '../../src/schema.js';
import { compare } from './check.js';
import { expectExactList, found, isMutant } from './exact-list.js';
import {
  CORPUS_MISSING_REASON,
  CORPUS_PRESENT,
  corpusQueries,
  knownDisagreements,
  type CorpusQuery,
} from './corpus.js';
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

  it('lists every known disagreement with a reason', () => {
    for (const [id, entry] of knownDisagreements()) {
      expect(entry.reason.length, id).toBeGreaterThan(20);
      expect(['acceptance', 'columns', 'semantics']).toContain(entry.check);
    }
  });

  it(
    'agrees on every corpus query: acceptance, result columns and errors',
    { timeout: 300_000 },
    () => {
      const results = corpus.map((q) => compare(q.name, q.text, schemas, official));
      expect(results).toHaveLength(121);
      const ok = results.filter((r) => r.official.kind === 'ok').length;
      const withColumns = results.filter((r) => r.ours.kind === 'ok' && r.official.kind === 'ok');
      console.info(
        `parity corpus: ${results.length} queries, Kusto accepts ${ok}; columns compared on ` +
          `${withColumns.length}; disagreements ${found(results).size}`,
      );
      expectExactList(found(results), (id) => !isMutant(id));
    },
  );
});
