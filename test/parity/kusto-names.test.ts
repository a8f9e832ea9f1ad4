/** src/frontend/kusto-names.ts lists exactly the official function names (regenerate if not). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kustoNamesModule } from './kusto-names-module.js';

describe('the Kusto function names rule2sql carries', () => {
  it('are those of the official language service (npm run kusto-names rewrites them)', () => {
    const file = new URL('../../src/frontend/kusto-names.ts', import.meta.url);
    expect(readFileSync(file, 'utf8')).toBe(kustoNamesModule());
  });
});
