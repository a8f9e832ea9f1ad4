/**
 * The parity comparison shared by the corpus and negative-corpus tests: run a query through both
 * sides and name each check that disagrees.
 */
import type { SchemaRegistry } from '../../src/schema.js';
import type { ParityCheck } from './corpus.js';
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
