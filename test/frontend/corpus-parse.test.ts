/**
 * Every Sentinel rule in the shared corpus must parse. The corpus lives beside the repository
 * (`../shared/corpus/sentinel`); without it the suite is skipped with a printed reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CompileError, formatDiagnostic } from '../../src/diagnostics.js';
import type { Expr, Query } from '../../src/frontend/ast.js';
import { parseExpression, parseQuery } from '../../src/frontend/parser.js';
import { exprSexpr } from './sexpr.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'sentinel');
const exists = existsSync(corpusDir);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  });
}

/**
 * Expression kinds whose span text parses back on its own. A `list` is only valid after
 * `has_any`, a `tabular` span holds a pipeline and `*` is only an argument, so those are left out.
 */
const ROUND_TRIP_KINDS: ReadonlySet<string> = new Set([
  'string',
  'number',
  'bool',
  'null',
  'datetime',
  'timespan',
  'dynamic',
  'typeof',
  'name',
  'member',
  'index',
  'call',
  'unary',
  'binary',
  'in',
  'between',
  'paren',
]);

function expressions(node: unknown, out: Expr[] = []): Expr[] {
  if (Array.isArray(node)) {
    for (const x of node) expressions(x, out);
  } else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const kind = o['kind'];
    if (typeof kind === 'string' && ROUND_TRIP_KINDS.has(kind) && 'span' in o) {
      out.push(node as Expr);
    }
    for (const [k, v] of Object.entries(o)) {
      // A dynamic literal's `value` is plain data, not syntax.
      if (k !== 'span' && !(kind === 'dynamic' && k === 'value')) expressions(v, out);
    }
  }
  return out;
}

function readQuery(file: string): string {
  const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
  const query = (doc as { query?: unknown }).query;
  if (typeof query !== 'string') throw new Error(`${file} has no query`);
  return query;
}

function parseOrFail(file: string, text: string): Query {
  try {
    return parseQuery({ name: file, text });
  } catch (e) {
    if (e instanceof CompileError) expect.fail(e.diagnostics.map(formatDiagnostic).join('\n'));
    throw e;
  }
}

if (!exists) console.log(`skipping the corpus parse test: ${corpusDir} does not exist`);

describe.skipIf(!exists)('Sentinel corpus parses', () => {
  const files = exists ? yamlFiles(corpusDir).sort() : [];

  it('holds the expected rules', () => {
    expect(files.length).toBe(121);
  });

  const cases = files.map((f) => [path.relative(corpusDir, f), f] as const);

  it.each(cases)('%s parses', (_name, file) => {
    parseOrFail(file, readQuery(file));
  });

  it.each(cases)('%s: every expression span slices back to its own text', (_name, file) => {
    const text = readQuery(file);
    for (const e of expressions(parseOrFail(file, text))) {
      const slice = text.slice(e.span.start, e.span.end);
      expect(exprSexpr(parseExpression({ name: 'slice', text: slice })), slice).toBe(exprSexpr(e));
    }
  });
});
