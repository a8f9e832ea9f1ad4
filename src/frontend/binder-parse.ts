/**
 * `parse` and `parse-where` (SEMANTICS §13). The pattern becomes an `ir.Parse` (one regular
 * expression with a group per column, see backends/parse-regex.ts) whose captures are text; a
 * projection above converts typed columns and applies the failure rules:
 * - a row that does not match keeps '' in its string columns and null in typed ones;
 * - kind=simple and kind=regex: a typed column that does not convert blanks the whole row;
 * - kind=relaxed: such a column alone is null;
 * - parse-where drops the rows that do not parse.
 * A column the input already has is assigned in place, as extend does (same type only).
 */
import { Codes } from '../diagnostics.js';
import type * as ir from '../ir/nodes.js';
import { kqlTypeFromName, type KqlType } from '../types.js';
import type * as ast from './ast.js';
import { colRef, project } from './binder-operators.js';
import { SummarizeBinder } from './binder-summarize.js';
import { uniqueName } from './naming.js';

/** The conversion applied to a typed column's text. */
const CONVERSIONS: Partial<Record<KqlType, ir.Fn>> = {
  long: 'tolong',
  int: 'toint',
  real: 'toreal',
  bool: 'tobool',
  datetime: 'todatetime',
  timespan: 'totimespan',
};

/** The regex mode's flags rule2sql can keep: U (ungreedy), i, s. */
const FLAGS = /^[Uis]*$/;

export abstract class ParseBinder extends SummarizeBinder {
  protected bindParse(input: ir.Rel, op: ast.ParseOp): ir.Rel {
    const flags = op.flags ?? '';
    if (op.parseKind !== 'regex' && op.flags !== undefined) {
      this.fail(Codes.invalidArgument, 'flags= needs kind=regex', op.span);
    }
    if (!FLAGS.test(flags)) {
      this.unsupported(`the parse regex flags '${flags}' (only U, i and s)`, op.span);
    }
    const ungreedy = flags.includes('U');
    const regexMode = op.parseKind === 'regex';

    // The parsed text: a column, else a helper column holding the expression as a string.
    let rel = input;
    let text = this.bindExpr(op.source, input);
    if (text.type !== 'string')
      text = { kind: 'call', fn: 'tostring', args: [text], type: 'string' };
    let sourceName: string;
    if (text.kind === 'column') {
      sourceName = text.name;
    } else {
      sourceName = uniqueName('__parse_text', new Set(input.columns.map((c) => c.name)));
      rel = project(
        input,
        [
          ...input.columns.map((c) => ({ name: c.name, expr: colRef(c) })),
          { name: sourceName, expr: text },
        ],
        op.span,
      );
    }

    const taken = new Set(rel.columns.map((c) => c.name));
    const parts: ir.ParsePart[] = [];
    const targets: { name: string; type: KqlType; capture: string }[] = [];
    op.pattern.forEach((p, i) => {
      switch (p.kind) {
        case 'literal':
          parts.push(
            regexMode
              ? { kind: 'regex', regex: ungreedy ? swapGreed(p.text) : p.text }
              : { kind: 'literal', text: p.text },
          );
          return;
        case 'star':
          parts.push({ kind: 'skip', lazy: !ungreedy });
          return;
        case 'column': {
          const name = p.name.name;
          if (targets.some((t) => t.name === name)) {
            this.fail(Codes.duplicateColumn, `parse names '${name}' twice`, p.span);
          }
          let type: KqlType = 'string';
          if (p.type !== undefined) {
            const t = kqlTypeFromName(p.type);
            if (t === undefined) this.fail(Codes.invalidArgument, `unknown type ${p.type}`, p.span);
            if (t !== 'string' && CONVERSIONS[t] === undefined) {
              this.unsupported(`a parse column of type ${t}`, p.span);
            }
            if (regexMode && t !== 'string' && t !== 'long' && t !== 'int') {
              this.unsupported(`a kind=regex parse column of type ${t}`, p.span);
            }
            type = t;
          }
          // A column already in the input takes the parsed value in place, as extend assigns
          // it (Q/parse-operator.md: parse is a streamlined extend). Into a column of another
          // type the evidence disagrees: Kusto.Language keeps the name on the input column and
          // its type, so which value and type the name then has is not known.
          const existing = input.columns.find((c) => c.name === name);
          if (existing !== undefined && existing.type !== type) {
            this.unsupported(
              `parse into the existing ${existing.type} column '${name}' as ${type}`,
              p.span,
            );
          }
          const capture = uniqueName(`__parse_${String(targets.length + 1)}`, taken);
          taken.add(capture);
          targets.push({ name, type, capture });
          // Captures are lazy (`.*?`, Q/parse-operator.md); a column that ends the pattern takes
          // the rest of the text (SEMANTICS §13). One followed by more of the pattern stays lazy:
          // `"arn:aws:" svc ":" *` gives svc up to the first ':'.
          const integer = regexMode && (type === 'long' || type === 'int');
          const lazy = i === op.pattern.length - 1 ? false : !ungreedy;
          parts.push({ kind: 'capture', shape: integer ? 'integer' : 'any', lazy });
          return;
        }
      }
    });
    if (targets.length === 0) return this.unsupported('parse without a column', op.span);
    const matched = uniqueName('__parse_matched', taken);
    const parsed: ir.Parse = {
      kind: 'parse',
      input: rel,
      source: sourceName,
      parts,
      anchored: !regexMode,
      // A literal pattern crosses line breaks; kind=regex follows its flags.
      dotAll: !regexMode || flags.includes('s'),
      caseInsensitive: flags.includes('i'),
      captures: targets.map((t) => t.capture),
      matched,
      columns: [
        ...rel.columns,
        ...targets.map((t) => ({ name: t.capture, type: 'string' as const })),
        { name: matched, type: 'bool' },
      ],
      span: op.span,
    };

    // Typed values; `ok`: the row matched and (except kind=relaxed) every typed column converted.
    const values = targets.map((t) => {
      const raw: ir.Scalar = { kind: 'column', name: t.capture, type: 'string' };
      const fn = CONVERSIONS[t.type];
      return fn === undefined ? raw : ({ kind: 'call', fn, args: [raw], type: t.type } as const);
    });
    let ok: ir.Scalar = { kind: 'column', name: matched, type: 'bool' };
    if (op.parseKind !== 'relaxed') {
      for (const v of values) {
        if (v.type === 'string') continue;
        ok = {
          kind: 'call',
          fn: 'and',
          args: [ok, { kind: 'call', fn: 'isnotnull', args: [v], type: 'bool' }],
          type: 'bool',
        };
      }
    }
    const blanked = ok.kind !== 'column';
    let result: ir.Rel = parsed;
    if (op.where) {
      result = {
        kind: 'filter',
        input: result,
        predicate: ok,
        columns: result.columns,
        span: op.span,
      };
    }
    const outputs: { name: string; expr: ir.Scalar }[] = input.columns.map((c) => ({
      name: c.name,
      expr: colRef(c),
    }));
    targets.forEach((t, i) => {
      const v = values[i] as ir.Scalar;
      const empty: ir.Scalar = {
        kind: 'literal',
        type: t.type,
        value: t.type === 'string' ? '' : null,
      };
      const expr: ir.Scalar =
        blanked && !op.where
          ? { kind: 'case', whens: [{ when: ok, then: v }], otherwise: empty, type: t.type }
          : v;
      const at = outputs.findIndex((o) => o.name === t.name);
      if (at >= 0) outputs[at] = { name: t.name, expr };
      else outputs.push({ name: t.name, expr });
    });
    return project(result, outputs, op.span);
  }
}

/**
 * RE2's `U` flag applied to a regex: every quantifier's greediness swapped (`a*` ↔ `a*?`).
 * Escapes, classes and group openings (`(?:`) are copied as they are.
 */
export function swapGreed(re: string): string {
  let out = '';
  let i = 0;
  while (i < re.length) {
    const ch = re[i] as string;
    if (ch === '\\') {
      out += re.slice(i, i + 2);
      i += 2;
    } else if (ch === '[') {
      let j = i + 1;
      if (re[j] === '^') j++;
      if (re[j] === ']') j++;
      while (j < re.length && re[j] !== ']') j += re[j] === '\\' ? 2 : 1;
      out += re.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '(' && re[i + 1] === '?') {
      out += '(?';
      i += 2;
    } else {
      const m = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(re.slice(i));
      if (m === null) {
        out += ch;
        i++;
        continue;
      }
      i += m[0].length;
      if (re[i] === '?') {
        out += m[0];
        i++;
      } else {
        out += `${m[0]}?`;
      }
    }
  }
  return out;
}
