/**
 * The official Kusto parser and binder (`@kusto/language-service-next`, Microsoft's Kusto.Language
 * compiled to JavaScript with Bridge.NET), behind a small typed surface.
 *
 * The package is two classic scripts: `bridge.js` (the .NET runtime, which sets the global
 * `Bridge`) and `Kusto.Language.Bridge.js` (which sets the global `Kusto`). They are loaded once
 * per process with `require`, then queries are analysed with
 * `Kusto.Language.KustoCode.ParseAndAnalyze(text, globals)`, where `globals` is the default global
 * state with one database holding a table symbol per rule2sql schema (same names, same column
 * order, same KQL types).
 */
import { createRequire } from 'node:module';
import type { TableSchema } from '../../src/schema.js';

/** A .NET `IReadOnlyList<T>` as Bridge exposes it (an empty list may come back as an array). */
interface DotNetList<T> {
  readonly Count: number;
  getItem(index: number): T;
}

interface KustoDiagnostic {
  readonly Code: string;
  readonly Message: string;
  readonly Severity: string;
  readonly Start: number;
  readonly Length: number;
}

interface KustoColumn {
  readonly Name: string;
  readonly Type: { readonly Name: string };
}

interface KustoCode {
  GetDiagnostics(): DotNetList<KustoDiagnostic> | KustoDiagnostic[];
  GetSyntaxDiagnostics(): DotNetList<KustoDiagnostic> | KustoDiagnostic[];
  readonly ResultType: { readonly Columns?: DotNetList<KustoColumn> | KustoColumn[] } | null;
}

interface KustoGlobals {
  WithDatabase(db: unknown): KustoGlobals;
}

interface KustoLanguage {
  readonly KustoCode: {
    ParseAndAnalyze(text: string, globals: KustoGlobals): KustoCode;
    Parse(text: string, globals: KustoGlobals): KustoCode;
  };
  readonly GlobalState: { readonly Default: KustoGlobals };
  readonly Symbols: {
    readonly TableSymbol: {
      readonly $ctor7: new (name: string, schema: string, d: null) => object;
    };
    readonly DatabaseSymbol: { readonly ctor: new (name: string, members: object[]) => object };
  };
}

function toArray<T>(list: DotNetList<T> | T[] | null | undefined): T[] {
  if (list === null || list === undefined) return [];
  if (Array.isArray(list)) return list;
  return Array.from({ length: list.Count }, (_, i) => list.getItem(i));
}

let language: KustoLanguage | undefined;

function load(): KustoLanguage {
  if (language !== undefined) return language;
  const require = createRequire(import.meta.url);
  const dir = '@kusto/language-service-next';
  require(`${dir}/bridge.js`);
  require(`${dir}/Kusto.Language.Bridge.js`);
  const kusto = (globalThis as { Kusto?: { Language?: KustoLanguage } }).Kusto?.Language;
  if (kusto === undefined) throw new Error(`${dir} did not define Kusto.Language`);
  language = kusto;
  return kusto;
}

export interface OfficialDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly start: number;
  readonly length: number;
}

export interface OfficialColumn {
  readonly name: string;
  readonly type: string;
}

export interface OfficialAnalysis {
  /** Syntax errors only (`GetSyntaxDiagnostics`). */
  readonly syntaxErrors: readonly OfficialDiagnostic[];
  /** Every error, syntax and semantic (`GetDiagnostics`, severity Error). */
  readonly errors: readonly OfficialDiagnostic[];
  /** The result columns when the query is tabular, else undefined. */
  readonly columns: readonly OfficialColumn[] | undefined;
}

function diag(d: KustoDiagnostic): OfficialDiagnostic {
  return { code: d.Code, message: d.Message, start: d.Start, length: d.Length };
}

/** The schema text `TableSymbol` reads: `(a:string, ['b c']:long)`. */
function schemaText(schema: TableSchema): string {
  const cols = schema.columns.map((c) => {
    const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(c.name) ? c.name : `['${c.name}']`;
    return `${name}:${c.type}`;
  });
  return `(${cols.join(', ')})`;
}

/** An analyser whose database holds one table per schema. */
export class OfficialKusto {
  private readonly globals: KustoGlobals;
  private readonly kusto: KustoLanguage;

  constructor(schemas: Iterable<TableSchema>) {
    this.kusto = load();
    const { TableSymbol, DatabaseSymbol } = this.kusto.Symbols;
    const tables = [...schemas].map((s) => new TableSymbol.$ctor7(s.name, schemaText(s), null));
    const db = new DatabaseSymbol.ctor('sentinel', tables);
    this.globals = this.kusto.GlobalState.Default.WithDatabase(db);
  }

  /** `ParseAndAnalyze`, reduced to diagnostics and result columns. */
  analyse(text: string): OfficialAnalysis {
    const code = this.kusto.KustoCode.ParseAndAnalyze(text, this.globals);
    const all = toArray(code.GetDiagnostics()).filter((d) => d.Severity === 'Error');
    const rt = code.ResultType;
    const columns =
      rt?.Columns === undefined
        ? undefined
        : toArray(rt.Columns).map((c) => ({ name: c.Name, type: c.Type.Name }));
    return {
      syntaxErrors: toArray(code.GetSyntaxDiagnostics()).map(diag),
      errors: all.map(diag),
      columns,
    };
  }

  /** `ParseAndAnalyze` only, for timing: the work the official service does per query. */
  parseAndAnalyse(text: string): void {
    this.kusto.KustoCode.ParseAndAnalyze(text, this.globals).GetDiagnostics();
  }
}

/** The names of Kusto's built-in scalar and aggregation functions, sorted, without repeats. */
export function officialFunctionNames(): { scalar: string[]; aggregate: string[] } {
  const kusto = load() as unknown as {
    readonly Functions: { readonly All: DotNetList<{ readonly Name: string }> };
    readonly Aggregates: { readonly All: DotNetList<{ readonly Name: string }> };
  };
  const names = (list: DotNetList<{ readonly Name: string }>): string[] =>
    [...new Set(toArray(list).map((f) => f.Name))].sort();
  return { scalar: names(kusto.Functions.All), aggregate: names(kusto.Aggregates.All) };
}
