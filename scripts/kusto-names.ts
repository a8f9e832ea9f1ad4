/**
 * Writes src/frontend/kusto-names.ts: the names of Kusto's built-in scalar and aggregation
 * functions, read from the official language service (`@kusto/language-service-next`, a dev
 * dependency), so that rule2sql tells a Kusto function it does not translate (KQL3002) from an
 * unknown name (KQL2002) without the package. test/parity/kusto-names.test.ts checks the file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kustoNamesModule } from '../test/parity/kusto-names-module.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, 'src', 'frontend', 'kusto-names.ts'), kustoNamesModule());
