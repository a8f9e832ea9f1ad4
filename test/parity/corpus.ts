/**
 * The shared Sentinel corpus (`../shared/corpus/sentinel`, beside the repository) as named query
 * texts, and the parity checks' list of known disagreements with the official Kusto parser.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandRulePaths } from '../../src/cli/commands.js';
import { loadRuleOrQueryFile } from '../../src/frontend/sentinel-rule.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CORPUS_DIR = path.resolve(repoRoot, '..', 'shared', 'corpus', 'sentinel');
export const CORPUS_PRESENT = existsSync(CORPUS_DIR);
export const CORPUS_MISSING_REASON = `the shared corpus is not at ${CORPUS_DIR}`;

export interface CorpusQuery {
  /** Path relative to the corpus folder, e.g. `aws/AWS_LogTampering.yaml`. */
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

/** Every corpus rule's query, sorted by name. */
export function corpusQueries(): CorpusQuery[] {
  return expandRulePaths([CORPUS_DIR]).map(({ file }) => ({
    name: path.relative(CORPUS_DIR, file).split(path.sep).join('/'),
    path: file,
    text: loadRuleOrQueryFile(file).querySource.text,
  }));
}

export type ParityCheck = 'acceptance' | 'columns' | 'semantics';

export interface KnownDisagreement {
  readonly check: ParityCheck;
  readonly reason: string;
}

/** `known-disagreements.json`: id (rule or mutant) → which check disagrees and why. */
export function knownDisagreements(): ReadonlyMap<string, KnownDisagreement> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'known-disagreements.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, KnownDisagreement>;
  return new Map(Object.entries(doc));
}
