/**
 * Counts the scalar functions the Sentinel corpus calls that the binder does not know, and the
 * operators it cannot bind yet: a to-do list for the function table.
 *
 *   npx tsx scripts/corpus-functions.ts [corpus dir]
 *
 * Calls are found in the syntax tree, so every call is counted (binding stops at the first
 * error). Aggregation functions (summarize's) and user-defined `let` functions are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRule } from '../src/frontend/sentinel-rule.js';
import { parseQuery } from '../src/frontend/parser.js';
import { BINDER_FUNCTIONS, BUILTINS } from '../src/frontend/builtins.js';
import { planQuery } from '../src/compile.js';
import { CompileError } from '../src/diagnostics.js';
import { schemaRegistry } from '../src/schema.js';

const AGGREGATES = new Set([
  'count',
  'countif',
  'dcount',
  'dcountif',
  'sum',
  'sumif',
  'avg',
  'avgif',
  'min',
  'max',
  'minif',
  'maxif',
  'make_set',
  'make_list',
  'make_bag',
  'make_set_if',
  'make_list_if',
  'make_bag_if',
  'arg_max',
  'arg_min',
  'take_any',
  'any',
  'percentile',
  'percentiles',
  'stdev',
  'variance',
  'count_distinct',
  'makeset',
  'makelist',
  'hll',
  'hll_merge',
  'dcount_hll',
  'take_anyif',
  'binary_all_or',
  'make_series',
]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return e.name.endsWith('.yaml') ? [full] : [];
  });
}

function walk(node: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
  } else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    visit(o);
    for (const v of Object.values(o)) walk(v, visit);
  }
}

const dir = process.argv[2] ?? '../shared/corpus/sentinel';
const unknown = new Map<string, Set<string>>();
const userFns = new Set<string>();
let total = 0;
for (const file of files(dir)) {
  const rule = parseRule(readFileSync(file, 'utf8'), file);
  const ast = parseQuery(rule.querySource);
  total++;
  walk(ast, (o) => {
    if (o['kind'] === 'let' && typeof o['name'] === 'object') {
      const n = (o['name'] as { name?: unknown }).name;
      if (typeof n === 'string') userFns.add(n);
    }
  });
  walk(ast, (o) => {
    if (o['kind'] !== 'call') return;
    const name = (o['name'] as { name: string }).name;
    if (
      BUILTINS.has(name) ||
      BINDER_FUNCTIONS.has(name) ||
      AGGREGATES.has(name) ||
      userFns.has(name)
    )
      return;
    let set = unknown.get(name);
    if (set === undefined) unknown.set(name, (set = new Set()));
    set.add(path.basename(file));
  });
}
const rows = [...unknown].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
process.stdout.write(`${String(total)} rules; ${String(rows.length)} unknown scalar functions\n`);
for (const [name, set] of rows) process.stdout.write(`${String(set.size)}\t${name}\n`);
const rulesWithUnknown = new Set(rows.flatMap(([, s]) => [...s]));
process.stdout.write(`rules calling at least one: ${String(rulesWithUnknown.size)}\n`);

// The first binding diagnostic of each rule, grouped (only tables with a bundled schema bind).
const firstErrors = new Map<string, number>();
for (const file of files(dir)) {
  const rule = parseRule(readFileSync(file, 'utf8'), file);
  try {
    planQuery(rule.querySource, { schemas: schemaRegistry() });
    firstErrors.set('(binds)', (firstErrors.get('(binds)') ?? 0) + 1);
  } catch (e) {
    const key =
      e instanceof CompileError
        ? (e.diagnostics.map((d) => `${d.code} ${d.message.replace(/'[^']*'/g, "'…'")}`)[0] ?? '')
        : String(e);
    firstErrors.set(key, (firstErrors.get(key) ?? 0) + 1);
  }
}
process.stdout.write('\nfirst binding diagnostic per rule:\n');
for (const [k, n] of [...firstErrors].sort((a, b) => b[1] - a[1])) {
  process.stdout.write(`${String(n)}\t${k}\n`);
}
