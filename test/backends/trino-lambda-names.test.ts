/**
 * Athena lambdas whose body embeds a user expression: Trino resolves a name in a lambda body to
 * the parameter before any column, so the parameter must be a name the body does not mention
 * (Trino folds unquoted and quoted names alike to lower case). No Trino engine runs here: the
 * SQL is checked for the parameter it declares and the columns its body reads.
 */
import { describe, expect, it } from 'vitest';
import { lambdaParameter } from '../../src/backends/functions-trino.js';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { compileQuery } from '../../src/compile.js';
import { schemaRegistry } from '../../src/schema.js';

const schemas = schemaRegistry([
  {
    name: 'L',
    columns: [
      { name: 'R2S_I', type: 'string' },
      { name: 'r2s_e', type: 'long' },
    ],
  },
]);

function athena(query: string): string {
  const sql = compileQuery({ name: 'q', text: query }, 'athena', { schemas });
  validateTrino(sql);
  return sql;
}

describe('lambda parameters apart from the columns their body reads', () => {
  it('picks the base name, or the base with a number, that the body does not mention', () => {
    expect(lambdaParameter('r2s_i', '"s"')).toBe('r2s_i');
    expect(lambdaParameter('r2s_i', '"R2S_I"')).toBe('r2s_i2');
    expect(lambdaParameter('r2s_i', '"r2s_i" || "r2s_i2"')).toBe('r2s_i3');
  });

  it('extract_all with several groups reads a column named like its index parameter', () => {
    const sql = athena('L | project e = extract_all(@"([a-z])(\\d)", R2S_I)');
    expect(sql).toContain('r2s_i2 -> ARRAY[coalesce(element_at(regexp_extract_all("R2S_I"');
    expect(sql).not.toMatch(/\br2s_i ->/);
  });

  it('array_index_of looks up a column named like its element parameter', () => {
    const sql = athena('L | project f = array_index_of(dynamic([1, 2]), r2s_e)');
    expect(sql).toContain('r2s_e2 -> coalesce(try_cast(json_format(r2s_e2) AS decimal(38, 10)) =');
    expect(sql).not.toMatch(/\br2s_e ->/);
  });
});
