/**
 * Pipelines and their sources: table names, `union`, `datatable`, `print`, `range`,
 * `externaldata`, `(subquery)` and calls; `search` and `find` are skipped as unsupported.
 */
import type { ColumnDecl, Expr, Operator, Pipeline, TabularSource } from './ast.js';
import { OperatorParser } from './parser-operators.js';
import type { OptionValue } from './parser-clauses.js';

export abstract class TabularParser extends OperatorParser {
  protected parsePipeline(): Pipeline {
    const t = this.peek();
    if (t.kind === 'ident' && this.tabularOnlyAhead()) {
      const start = t.span.start;
      this.advance();
      const source = this.parseKeywordSource(t.text, start);
      return this.parsePipelineRest(source, start);
    }
    return this.toPipeline(this.parseExprOrPipeline());
  }

  protected parsePipelineRest(source: TabularSource, start: number): Pipeline {
    const operators: Operator[] = [];
    while (this.eatOp('|')) operators.push(this.parseOperator());
    return { kind: 'pipeline', source, operators, span: this.spanFrom(start) };
  }

  private parseKeywordSource(word: string, start: number): TabularSource {
    switch (word) {
      case 'union': {
        const union = this.parseUnion(start);
        return { kind: 'unionSource', union, span: union.span };
      }
      case 'datatable': {
        const columns = this.parseColumnDecls();
        const values = this.parseBracketedValues();
        return { kind: 'datatable', columns, values, span: this.spanFrom(start) };
      }
      case 'print':
        return { kind: 'print', columns: this.parseAssignments(), span: this.spanFrom(start) };
      case 'range': {
        const column = this.expectName('a column name');
        this.expectWord('from');
        const from = this.parseExpr();
        this.expectWord('to');
        const to = this.parseExpr();
        this.expectWord('step');
        const step = this.parseExpr();
        return { kind: 'range', column, from, to, step, span: this.spanFrom(start) };
      }
      case 'externaldata': {
        const columns = this.parseColumnDecls();
        const uris = this.parseBracketedValues();
        const options = this.eatWord('with') ? this.parseWithOptions() : [];
        return { kind: 'externaldata', columns, uris, options, span: this.spanFrom(start) };
      }
      case 'search':
      case 'find':
        this.skipOperatorArguments();
        return { kind: 'unsupportedSource', name: word, span: this.spanFrom(start) };
      default:
        return this.error(`expected a tabular source but found '${word}'`, this.spanFrom(start));
    }
  }

  /** `(a:string, b:long)`; also used for tabular function parameters. */
  protected parseColumnDecls(): ColumnDecl[] {
    this.expectOp('(');
    const columns: ColumnDecl[] = [];
    if (!this.isOp(')')) {
      do {
        const name = this.expectName('a column name');
        this.expectOp(':');
        const type = this.parseTypeName();
        columns.push({ name, type, span: this.spanFrom(name.span.start) });
      } while (this.eatOp(','));
    }
    this.expectOp(')');
    return columns;
  }

  /** `[v, v, …]` after `datatable(…)` or `externaldata(…)`; a trailing comma is allowed. */
  private parseBracketedValues(): Expr[] {
    this.expectOp('[');
    const values: Expr[] = [];
    while (!this.isOp(']')) {
      values.push(this.parseExpr());
      if (!this.eatOp(',')) break;
    }
    this.expectOp(']');
    return values;
  }

  /** `with (format="csv", ignoreFirstRecord=true)` after `externaldata`. */
  private parseWithOptions(): OptionValue[] {
    this.expectOp('(');
    const options: OptionValue[] = [];
    while (!this.isOp(')')) {
      const name = this.expectName('an option name');
      this.expectOp('=');
      const value = this.advance();
      if (value.kind === 'eof' || value.kind === 'op') this.unexpected('an option value', value);
      const text =
        value.kind === 'string'
          ? value.value
          : this.source.text.slice(value.span.start, value.span.end);
      options.push({ name: name.name, value: text, span: this.spanFrom(name.span.start) });
      if (!this.eatOp(',')) break;
    }
    this.expectOp(')');
    return options;
  }
}
