/**
 * What each side makes of one query, reduced to classes that can be compared: a syntax error, a
 * semantic error of a named class, a refusal (rule2sql only: valid KQL it does not translate), a
 * crash (rule2sql only: an exception that is not a diagnostic), or success with result columns.
 */
import { planQuery } from '../../src/compile.js';
import { CompileError, type Code } from '../../src/diagnostics.js';
import { parseQuery } from '../../src/frontend/parser.js';
import type { SchemaRegistry } from '../../src/schema.js';
import type { OfficialAnalysis, OfficialColumn } from './official.js';

export type SemanticClass = 'unknown-name' | 'argument-count' | 'other';

export type OurOutcome =
  | { readonly kind: 'syntax'; readonly code: Code }
  | { readonly kind: 'semantic'; readonly code: Code; readonly class: SemanticClass }
  | { readonly kind: 'refused'; readonly code: Code }
  | { readonly kind: 'crash'; readonly message: string }
  | { readonly kind: 'ok'; readonly columns: readonly OfficialColumn[] };

export type OfficialOutcome =
  | { readonly kind: 'syntax'; readonly codes: readonly string[] }
  | { readonly kind: 'semantic'; readonly codes: readonly string[]; readonly class: SemanticClass }
  | { readonly kind: 'ok'; readonly columns: readonly OfficialColumn[] };

/** rule2sql binder codes by class (see src/diagnostics.ts). */
const OUR_CLASSES: Readonly<Partial<Record<Code, SemanticClass>>> = {
  KQL2001: 'unknown-name',
  KQL2002: 'unknown-name',
  KQL2004: 'unknown-name',
  KQL2003: 'argument-count',
};

/**
 * Kusto.Language codes by class: KS142 "the name … does not refer to any known column, table,
 * variable or function", KS204 the same for tables, KS103 "function … not defined", KS145 "the
 * column … must exist on both sides of the join"; KS119 "the function … expects N arguments",
 * KS121 "incorrect number of arguments". KS127 "the function … is not compatible with arguments
 * (…)" is how Kusto reports a wrong argument count for an overloaded function (`bin`), and also a
 * wrong argument type, so it belongs to both of those classes.
 */
const OFFICIAL_CLASSES: Readonly<Record<string, readonly SemanticClass[]>> = {
  KS142: ['unknown-name'],
  KS204: ['unknown-name'],
  KS103: ['unknown-name'],
  KS145: ['unknown-name'],
  KS119: ['argument-count'],
  KS121: ['argument-count'],
  KS127: ['argument-count', 'other'],
};

function officialClasses(code: string): readonly SemanticClass[] {
  return OFFICIAL_CLASSES[code] ?? ['other'];
}

function firstCode(e: CompileError): Code {
  const d = e.diagnostics[0];
  if (d === undefined) throw new Error('CompileError without diagnostics');
  return d.code;
}

export function ourOutcome(name: string, text: string, schemas: SchemaRegistry): OurOutcome {
  const source = { name, text };
  try {
    parseQuery(source);
  } catch (e) {
    if (e instanceof CompileError) return { kind: 'syntax', code: firstCode(e) };
    return { kind: 'crash', message: e instanceof Error ? e.message : String(e) };
  }
  try {
    const plan = planQuery(source, { schemas });
    return { kind: 'ok', columns: plan.root.columns.map((c) => ({ name: c.name, type: c.type })) };
  } catch (e) {
    if (!(e instanceof CompileError)) {
      return { kind: 'crash', message: e instanceof Error ? e.message : String(e) };
    }
    const code = firstCode(e);
    if (code.startsWith('KQL3')) return { kind: 'refused', code };
    if (code.startsWith('KQL1')) return { kind: 'syntax', code };
    return { kind: 'semantic', code, class: OUR_CLASSES[code] ?? 'other' };
  }
}

export function officialOutcome(a: OfficialAnalysis): OfficialOutcome {
  if (a.syntaxErrors.length > 0)
    return { kind: 'syntax', codes: a.syntaxErrors.map((d) => d.code) };
  if (a.errors.length > 0) {
    const codes = a.errors.map((d) => d.code);
    const first = officialClasses(codes[0] ?? '')[0] ?? 'other';
    return { kind: 'semantic', codes, class: first };
  }
  return { kind: 'ok', columns: a.columns ?? [] };
}

/** Whether both sides accept the syntax, or both reject it. */
export function acceptanceAgrees(ours: OurOutcome, official: OfficialOutcome): boolean {
  return (ours.kind === 'syntax') === (official.kind === 'syntax');
}

/**
 * For a query both sides parse. A rule2sql refusal (valid KQL it does not translate, KQL3xxx)
 * agrees with anything: it makes no claim about validity. Otherwise the official binder finds no
 * error and rule2sql binds, or both report an error. With `strict` (the semantic mutants), the
 * class of rule2sql's first error must be among the classes of the official errors; without it,
 * only named classes that contradict each other disagree (the binders check in different orders,
 * and rule2sql stops at its first error while Kusto reports them all).
 */
export function semanticsAgree(
  ours: OurOutcome,
  official: OfficialOutcome,
  strict = false,
): boolean {
  if (official.kind === 'syntax' || ours.kind === 'syntax' || ours.kind === 'refused') return true;
  if (official.kind === 'ok') return ours.kind === 'ok';
  if (ours.kind !== 'semantic') return false;
  const classes = new Set(official.codes.flatMap(officialClasses));
  if (classes.has(ours.class)) return true;
  return !strict && (ours.class === 'other' || classes.has('other'));
}

/**
 * rule2sql reports a function it does not translate as KQL2002 ("not known or not supported").
 * When the official binder accepts the query the function exists, so that report is a refusal.
 */
export function asRefusal(ours: OurOutcome, official: OfficialOutcome): OurOutcome {
  if (ours.kind === 'semantic' && ours.code === 'KQL2002' && official.kind === 'ok') {
    return { kind: 'refused', code: ours.code };
  }
  return ours;
}

export function describeOutcome(o: OurOutcome | OfficialOutcome): string {
  switch (o.kind) {
    case 'syntax':
      return 'code' in o ? `syntax ${o.code}` : `syntax ${o.codes.join(',')}`;
    case 'semantic':
      return 'code' in o ? `${o.class} ${o.code}` : `${o.class} ${o.codes.join(',')}`;
    case 'refused':
      return `refused ${o.code}`;
    case 'crash':
      return `crash: ${o.message}`;
    case 'ok':
      return 'ok';
  }
}
