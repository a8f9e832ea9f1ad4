/**
 * Golden SQL: the example rule and a set of corpus rules in every dialect, compared with the
 * committed files under snapshots/ (`npx vitest run -u` rewrites them; read the diff). Every
 * Athena statement must also parse under the real Trino grammar.
 */
import { describe, expect, it } from 'vitest';
import { planQuery, printPlan } from '../../src/compile.js';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { loadRuleOrQueryFile } from '../../src/frontend/sentinel-rule.js';
import { schemaRegistry } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';

const schemas = schemaRegistry();

const RULES: [name: string, path: string][] = [
  ['aws-kms-encrypt-policy-without-mfa', 'examples/rules/aws-kms-encrypt-policy-without-mfa.yaml'],
];

describe.each(RULES)('%s', (name, path) => {
  const rule = loadRuleOrQueryFile(path);
  const plan = planQuery(rule.querySource, { schemas });
  it.each(DIALECTS)('%s SQL matches its snapshot', async (dialect) => {
    const sql = printPlan(plan, dialect, rule.querySource);
    await expect(sql).toMatchFileSnapshot(`../../snapshots/${name}/${dialect}.sql`);
    if (dialect === 'athena') expect(validateTrino(sql).errors).toEqual([]);
  });
  it('prints the same bytes twice', () => {
    for (const dialect of DIALECTS) {
      expect(printPlan(planQuery(rule.querySource, { schemas }), dialect)).toBe(
        printPlan(plan, dialect),
      );
    }
  });
});
