/** Printing for the CLI: diagnostics, errors, result tables, progress. */
import Table from 'cli-table3';
import pc from 'picocolors';
import { CompileError, formatDiagnostic, type Code, type Diagnostic } from '../diagnostics.js';
import type { CaseValue } from '../db/values.js';
import type { Column } from '../ir/nodes.js';

/** A failure the CLI reports as one line and exit code 2 (bad arguments, unreadable files). */
export class CliFailure extends Error {
  /** A stable code when the failure is about an input or output file (R2S4xxx). */
  readonly code: Code | undefined;
  constructor(message: string, code?: Code) {
    super(message);
    this.name = 'CliFailure';
    this.code = code;
  }
}

const isTty = (): boolean => process.stderr.isTTY;

function colorDiagnostic(text: string): string {
  if (!isTty()) return text;
  return text
    .replace(/^(error)( \w+:)/, (_m, e: string, rest: string) => pc.red(pc.bold(e)) + pc.bold(rest))
    .replace(
      /^(warning)( \w+:)/,
      (_m, w: string, rest: string) => pc.yellow(pc.bold(w)) + pc.bold(rest),
    )
    .replace(/^(\s*\|\s*)([\^~]+)$/m, (_m, bar: string, marks: string) => bar + pc.red(marks));
}

export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${colorDiagnostic(formatDiagnostic(d))}\n\n`);
}

/** Reports any error as the CLI shows it: diagnostics in full, anything else on one line. */
export function reportError(e: unknown): void {
  if (e instanceof CompileError) {
    printDiagnostics(e.diagnostics);
    return;
  }
  const message = e instanceof Error ? e.message : String(e);
  // Errors of rule2sql's own kinds carry a stable code (R2S5003 for a database failure…).
  const code =
    e instanceof Error &&
    'code' in e &&
    typeof e.code === 'string' &&
    /^(R2S|KQL)\d{4}$/.test(e.code)
      ? e.code
      : undefined;
  const prefix =
    code !== undefined
      ? `error ${code}`
      : e instanceof CliFailure || !(e instanceof Error)
        ? 'error'
        : `error (${e.name})`;
  // yargs spreads one complaint over several lines; a CLI failure is shown whole, on one line.
  const text =
    e instanceof CliFailure
      ? message
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '')
          .join(' ')
      : (message.split('\n')[0] ?? '');
  process.stderr.write(`${isTty() ? pc.red(prefix) : prefix}: ${text}\n`);
  if (process.env['RULE2SQL_DEBUG'] !== undefined && e instanceof Error && e.stack !== undefined) {
    process.stderr.write(`${e.stack}\n`);
  }
}

/** JSON text in which a long beyond 2^53 keeps every digit (JSON.stringify rejects BigInt). */
export function toJson(value: unknown, indent = 2): string {
  const marker = '\u0000bigint:';
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) => (typeof v === 'bigint' ? `${marker}${v.toString()}` : v),
      indent,
    )
      .replace(/"\\u0000bigint:(-?\d+)"/g, '$1')
      // JSON.stringify escapes C0 but leaves DEL and C1 (U+009B is a terminal's CSI) raw.
      .replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  );
}

export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Text from the data (log fields, column names) made safe for a terminal: control characters
 * (C0 including newline, carriage return and tab, DEL, C1) become visible escapes (`\n`,
 * `\x1b`, `\x9b`), so a logged value cannot move the cursor, clear the screen, recolour the
 * output or forge extra lines. Backslashes stay as they are (Windows paths read as written), so
 * the escapes are for reading, not for decoding: `--format json` gives the exact values.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}

/**
 * Text for a `-- …` SQL comment (a file name, a rule name): control characters escaped as by
 * escapeControl, and the Unicode line and paragraph separators as `\u2028`/`\u2029`, so that the
 * text cannot end the comment and put SQL of its own on the next line. `*` and `/` are left
 * alone: rule2sql writes no block comments.
 */
export function sqlCommentText(text: string): string {
  return escapeControl(text).replace(
    /[\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );
}

/**
 * A cell as text for the terminal: strings as they are, dynamic values as compact JSON, null as
 * empty; control characters escaped (see escapeControl).
 */
export function cellText(value: CaseValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return escapeControl(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return escapeControl(toJson(value, 0));
}

/**
 * Result rows as a table. Narrow results print as a grid; wide ones (most Sentinel rules return
 * the whole table row) print one record per block, column name and value per line.
 */
export function formatRows(
  columns: readonly Column[],
  rows: readonly (readonly CaseValue[])[],
): string {
  const width = process.stdout.columns || 120;
  const texts = rows.map((r) => r.map(cellText));
  const heads = columns.map((c) => escapeControl(c.name));
  const estimated = heads.reduce(
    (sum, h, i) =>
      sum + Math.max(h.length, ...texts.map((t) => Math.min(40, (t[i] ?? '').length))) + 3,
    1,
  );
  if (columns.length <= 8 && estimated <= width) {
    const table = new Table({ head: heads, style: { head: [], border: [] } });
    for (const t of texts) table.push(t);
    return table.toString();
  }
  const nameWidth = Math.max(...heads.map((h) => h.length));
  return texts
    .map((t, r) => {
      const header = `-[ row ${String(r + 1)} ]`.padEnd(Math.min(width, nameWidth + 20), '-');
      const lines = heads.map((h, i) => `${h.padEnd(nameWidth)} | ${t[i] ?? ''}`);
      return [header, ...lines].join('\n');
    })
    .join('\n');
}
