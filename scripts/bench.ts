/**
 * Transpile throughput over the Sentinel corpus (`npm run bench [-- <rule dirs…>]`): time per
 * phase (parse, bind = lowering the syntax tree to the plan, prune = removing the columns nothing
 * reads, print per dialect including the dialect's hoist pass), rules per second, and the official Kusto parser's parse-and-analyze on
 * the same rules, as a ratio. Trino validation and database execution are not timed.
 *
 * Each measured round compiles every rule once; rounds run after warm-up rounds, and every figure
 * is the median over the measured rounds. Only rules that get through all phases in all three
 * dialects are timed, so every phase is measured on the same set.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { expandRulePaths } from '../src/cli/commands.js';
import { printPlan } from '../src/compile.js';
import type { Source } from '../src/diagnostics.js';
import { bind } from '../src/frontend/binder.js';
import { pruneColumns } from '../src/ir/prune.js';
import { parseQuery } from '../src/frontend/parser.js';
import { loadRuleOrQueryFile } from '../src/frontend/sentinel-rule.js';
import { schemaRegistry } from '../src/schema.js';
import { DIALECTS } from '../src/types.js';
import { OfficialKusto } from '../test/parity/official.js';

const WARMUP_ROUNDS = 5;
const ROUNDS = 15;
const TARGET_MS_PER_RULE = 2;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = process.argv.slice(2);
const roots = dirs.length > 0 ? dirs : [path.join(repoRoot, '..', 'shared', 'corpus', 'sentinel')];
const schemas = schemaRegistry();
const options = { schemas, now: 1_741_219_200_000_000n };

const PHASES = ['parse', 'bind', 'prune', ...DIALECTS.map((d) => `print ${d}` as const)] as const;
type Phase = (typeof PHASES)[number];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Whether the rule gets through every phase in every dialect. */
function transpiles(source: Source): boolean {
  try {
    const plan = pruneColumns(bind(parseQuery(source), source, options));
    for (const d of DIALECTS) printPlan(plan, d, source);
    return true;
  } catch {
    return false;
  }
}

/** One pass over the rules: milliseconds spent in each phase, summed over rules. */
function round(sources: readonly Source[]): Record<Phase, number> {
  const t = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const add = (phase: Phase, ms: number): void => {
    t[phase] += ms;
  };
  for (const source of sources) {
    let start = performance.now();
    const ast = parseQuery(source);
    let end = performance.now();
    add('parse', end - start);
    start = end;
    const bound = bind(ast, source, options);
    end = performance.now();
    add('bind', end - start);
    start = end;
    const plan = pruneColumns(bound);
    end = performance.now();
    add('prune', end - start);
    for (const d of DIALECTS) {
      start = end;
      printPlan(plan, d, source);
      end = performance.now();
      add(`print ${d}`, end - start);
    }
  }
  return t;
}

function officialRound(official: OfficialKusto, sources: readonly Source[]): number {
  const start = performance.now();
  for (const s of sources) official.parseAndAnalyse(s.text);
  return performance.now() - start;
}

const all: Source[] = expandRulePaths(roots).map(
  ({ file }) => loadRuleOrQueryFile(file).querySource,
);
const sources = all.filter(transpiles);
const n = sources.length;
if (n === 0) throw new Error(`no rule under ${roots.join(', ')} transpiles in all three dialects`);

for (let i = 0; i < WARMUP_ROUNDS; i++) round(sources);
const rounds = Array.from({ length: ROUNDS }, () => round(sources));
const phaseMs = Object.fromEntries(
  PHASES.map((p) => [p, median(rounds.map((r) => r[p]))]),
) as Record<Phase, number>;
const totalMs = median(rounds.map((r) => PHASES.reduce((sum, p) => sum + r[p], 0)));

const official = new OfficialKusto(schemas.values());
for (let i = 0; i < WARMUP_ROUNDS; i++) officialRound(official, sources);
const officialMs = median(Array.from({ length: ROUNDS }, () => officialRound(official, sources)));

const perRule = (ms: number): string => `${((ms / n) * 1000).toFixed(1)} µs`;
const lines = [
  `rule2sql bench: ${n} of ${all.length} corpus rules transpile in all three dialects; ` +
    `${WARMUP_ROUNDS} warm-up rounds, median of ${ROUNDS} (Node ${process.version})`,
  '',
  'phase                 per rule    whole set',
  ...PHASES.map(
    (p) => `${p.padEnd(20)}  ${perRule(phaseMs[p]).padStart(9)}   ${phaseMs[p].toFixed(2)} ms`,
  ),
  `${'all phases'.padEnd(20)}  ${perRule(totalMs).padStart(9)}   ${totalMs.toFixed(2)} ms`,
  '',
  `rule2sql: ${((n / totalMs) * 1000).toFixed(0)} rules/s (all phases, three dialects); ` +
    `target < ${TARGET_MS_PER_RULE} ms per rule: ${totalMs / n < TARGET_MS_PER_RULE ? 'met' : 'NOT met'}`,
  `Kusto.Language ParseAndAnalyze on the same rules: ${perRule(officialMs)} per rule, ` +
    `${((n / officialMs) * 1000).toFixed(0)} rules/s`,
  `ratio rule2sql / Kusto.Language: ${(totalMs / officialMs).toFixed(2)} ` +
    `(parse + bind only: ${((phaseMs.parse + phaseMs.bind) / officialMs).toFixed(2)})`,
];
console.log(lines.join('\n'));
