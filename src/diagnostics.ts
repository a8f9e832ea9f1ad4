/**
 * Diagnostics: one type for every problem rule2sql reports about its input, from YAML loading to
 * SQL printing. Library code returns or throws these; only the CLI prints them.
 */

/** A half-open range of UTF-16 offsets into one source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A text that diagnostics point into: a KQL query, a YAML file, a CloudTrail log. */
export interface Source {
  /** Path or label shown to the user (`rules/x.yaml`, `<query>`). */
  readonly name: string;
  readonly text: string;
  /**
   * Where this text starts inside the file named by `name`, for a KQL query embedded in YAML:
   * line and column (both 1-based) of the query's first character in the file.
   */
  readonly origin?: { readonly line: number; readonly column: number; readonly indent?: number };
}

export type Severity = 'error' | 'warning';

/**
 * Stable diagnostic codes. The number never changes meaning; tests and docs cite it.
 * KQL1xxx: lexing and parsing. KQL2xxx: binding (names, types). KQL3xxx: unsupported constructs.
 * R2S4xxx: rule, schema and output files. R2S5xxx: data loading and execution.
 */
export const Codes = {
  // lexer / parser
  unexpectedCharacter: 'KQL1001',
  unterminatedString: 'KQL1002',
  unexpectedToken: 'KQL1003',
  invalidNumber: 'KQL1004',
  invalidTimespan: 'KQL1005',
  invalidDatetime: 'KQL1006',
  // binder
  unknownTable: 'KQL2001',
  unknownFunction: 'KQL2002',
  wrongArgumentCount: 'KQL2003',
  unknownColumn: 'KQL2004',
  typeMismatch: 'KQL2005',
  duplicateColumn: 'KQL2006',
  invalidArgument: 'KQL2007',
  // unsupported (valid KQL with no faithful SQL in a dialect)
  unsupportedOperator: 'KQL3001',
  unsupportedFunction: 'KQL3002',
  unsupportedInDialect: 'KQL3003',
  unsupportedValue: 'KQL3004',
  tooDeep: 'KQL3005',
  // rule files
  ruleYamlSyntax: 'R2S4001',
  ruleMissingField: 'R2S4002',
  ruleInvalidField: 'R2S4003',
  ruleUnknownField: 'R2S4004',
  schemaInvalid: 'R2S4005',
  notARuleFile: 'R2S4006',
  outputUnwritable: 'R2S4007',
  notUtf8: 'R2S4008',
  pathNotFound: 'R2S4009',
  noInputFiles: 'R2S4010',
  outputCollision: 'R2S4011',
  caseInvalid: 'R2S4012',
  // loading and running
  logFileUnreadable: 'R2S5001',
  logRecordInvalid: 'R2S5002',
  databaseError: 'R2S5003',
  tableShapeMismatch: 'R2S5004',
  missingTable: 'R2S5005',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly source?: Source;
  readonly span?: Span;
  /** Extra lines shown after the source excerpt, e.g. `columns in scope: …`. */
  readonly hint?: string;
}

/** Thrown by library code when compilation cannot go on; carries every diagnostic found. */
export class CompileError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'CompileError';
    this.diagnostics = diagnostics;
  }
}

/** A bug in rule2sql itself, never a problem with the user's input. */
export class InternalError extends Error {
  constructor(message: string) {
    super(`internal error: ${message}`);
    this.name = 'InternalError';
  }
}

export function assertNever(value: never): never {
  throw new InternalError(`unexpected value ${JSON.stringify(value)}`);
}

export function diagnostic(
  code: Code,
  message: string,
  source?: Source,
  span?: Span,
  hint?: string,
): Diagnostic {
  return { code, severity: 'error', message, source, span, hint };
}

/** 1-based line and column of an offset, in the coordinates of the file the source came from. */
export function lineColumn(source: Source, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.text.length; i++) {
    if (source.text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count characters (code points), not UTF-16 units: an emoji is one column.
  const column = codePoints(source.text.slice(lineStart, offset)) + 1;
  const origin = source.origin;
  if (origin === undefined) return { line, column };
  if (line === 1) return { line: origin.line, column: origin.column + column - 1 };
  return { line: origin.line + line - 1, column: column + (origin.indent ?? 0) };
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function lineText(text: string, offset: number): { text: string; start: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return { text: text.slice(start, end).replace(/\r$/, ''), start };
}

/** A line longer than 160 characters (a minified or generated query) cut to 160 around `at`. */
function excerpt(
  line: { text: string; start: number },
  at: number,
): { text: string; start: number } {
  const { text, start } = line;
  if (text.length <= 160) return line;
  const from = Math.max(0, Math.min(at - start - 60, text.length - 160));
  const to = Math.min(text.length, from + 160);
  const head = from > 0 ? '…' : '';
  return {
    text: `${head}${text.slice(from, to)}${to < text.length ? '…' : ''}`,
    start: start + from - head.length,
  };
}

/**
 * The source line as shown: control characters other than tab (which a terminal would act on or
 * show as nothing) become one visible mark each, so the caret line still lines up: C0 controls
 * their Unicode control picture (U+0000 is ␀), DEL ␡, C1 controls U+FFFD.
 */
function visibleLine(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => {
    if (c === '\t') return c;
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}

/**
 * Renders a diagnostic the way the CLI prints it:
 *
 *     error KQL2004: column 'ProcesName' is not defined
 *       --> rules/x.yaml:3:9
 *        |
 *      3 | | where ProcesName has "-enc"
 *        |         ^~~~~~~~~~
 *        = hint: columns in scope: ProcessName, …
 */
export function formatDiagnostic(d: Diagnostic): string {
  const out = [`${d.severity} ${d.code}: ${d.message}`];
  if (d.source !== undefined && d.span !== undefined) {
    const { line, column } = lineColumn(d.source, d.span.start);
    const { text, start } = excerpt(lineText(d.source.text, d.span.start), d.span.start);
    const gutter = String(line).length;
    const pad = ' '.repeat(gutter);
    const indent = line === (d.source.origin?.line ?? 1) ? 0 : (d.source.origin?.indent ?? 0);
    const prefix = ' '.repeat(indent);
    // The caret line repeats the text before the span with every character but tabs blanked,
    // so it lines up under tabs and multi-unit characters alike; the underline stops at the end
    // of the line and at 80 marks.
    const before = text.slice(0, d.span.start - start).replace(/[^\t]/gu, ' ');
    const under = text.slice(d.span.start - start, Math.max(d.span.end - start, 0));
    const width = Math.min(80, Math.max(1, codePoints(under)));
    const origin = d.source.origin;
    const lead = origin?.line === line ? ' '.repeat(origin.column - 1) : prefix;
    out.push(`${pad}--> ${d.source.name}:${String(line)}:${String(column)}`);
    out.push(`${pad} |`);
    out.push(`${String(line)} | ${lead}${visibleLine(text)}`);
    out.push(`${pad} | ${lead}${before}^${'~'.repeat(width - 1)}`);
  } else if (d.source !== undefined) {
    out.push(`  --> ${d.source.name}`);
  }
  if (d.hint !== undefined) out.push(`  = hint: ${d.hint}`);
  return out.join('\n');
}
