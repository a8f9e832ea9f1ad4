/**
 * Binds every rule of the shared Sentinel corpus and groups the first diagnostic of each rule
 * that does not bind, most frequent first: what the binder lacks most.
 *
 *   npx tsx scripts/corpus-bind.ts [--corpus DIR] [--schemas DIR] [--list]
 *
 * Defaults: `../shared/corpus/sentinel` and `../shared/schemas/sentinel` beside the repository.
 * `--list` also prints each failing rule with its diagnostic. Nothing is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { planQuery } from '../src/compile.js';
import { CompileError } from '../src/diagnostics.js';
import { readSchemas, schemaRegistry } from '../src/schema.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = join(dir, e.name);
      if (e.isDirectory()) return yamlFiles(full);
      return e.name.endsWith('.yaml') ? [full] : [];
    })
    .sort();
}

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: '../shared/corpus/sentinel' },
    schemas: { type: 'string', default: '../shared/schemas/sentinel' },
    list: { type: 'boolean', default: false },
  },
});

const schemas = schemaRegistry(readSchemas([values.schemas]));
const groups = new Map<string, string[]>();
let bound = 0;
let total = 0;
let without3xxx = 0;
for (const file of yamlFiles(values.corpus)) {
  const doc = parseYaml(readFileSync(file, 'utf8')) as { query?: unknown };
  if (typeof doc.query !== 'string') continue;
  total++;
  const name = relative(values.corpus, file);
  try {
    planQuery({ name, text: doc.query }, { schemas, now: 0n });
    bound++;
    without3xxx++;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    const d = e.diagnostics[0];
    if (d === undefined) continue;
    if (!d.code.startsWith('KQL3')) without3xxx++;
    // Group by code and message, with quoted names and numbers generalised.
    const key = `${d.code} ${d.message.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N')}`;
    const list = groups.get(key) ?? [];
    list.push(`${name}: ${d.message}`);
    groups.set(key, list);
  }
}

for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`${String(list.length).padStart(4)}  ${key}`);
  if (values.list) for (const l of list) console.log(`        ${l}`);
}
console.log(
  `\n${String(bound)}/${String(total)} rules bind; ${String(without3xxx)}/${String(total)} without a KQL3xxx diagnostic`,
);
