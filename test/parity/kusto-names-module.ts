/** The text of src/frontend/kusto-names.ts, from the official function lists. */
import { officialFunctionNames } from './official.js';

export function kustoNamesModule(): string {
  const { scalar, aggregate } = officialFunctionNames();
  const list = (names: readonly string[]): string => names.map((n) => `  '${n}',`).join('\n');
  return `/**
 * The names of Kusto's built-in functions, generated from Kusto.Language by
 * scripts/kusto-names.ts (\`npm run kusto-names\`; not edited by hand): a call of one rule2sql
 * does not translate is unsupported (KQL3002), any other unknown name is unknown (KQL2002).
 */
export const KUSTO_SCALAR_FUNCTIONS: ReadonlySet<string> = new Set([
${list(scalar)}
]);

export const KUSTO_AGGREGATES: ReadonlySet<string> = new Set([
${list(aggregate)}
]);
`;
}
