/**
 * The shared SQL printer. A backend is a subclass that states its capabilities, fills the hooks
 * for what differs between engines (literals, JSON access, mv-expand, term matching…) and
 * provides a function table with an entry for every IR function.
 *
 * Contracts every backend keeps (see README.md beside this file):
 * - every identifier is double-quoted with `"` doubled; every string literal single-quoted with
 *   `'` doubled; a value that cannot be written safely (a NUL character) is a diagnostic;
 * - every column is written under its physical name in the relation it belongs to
 *   (column-names.ts: `names`, `column`, `reading`, `as`), and a table's columns as its profile
 *   stores them (table-profile.ts);
 * - a KQL string never prints as an expression that can be SQL NULL;
 * - output is deterministic: the same plan always prints the same bytes;
 * - a construct a dialect cannot express faithfully is an `unsupported` diagnostic, never
 *   approximate SQL.
 */
import {
  CompileError,
  Codes,
  InternalError,
  diagnostic,
  assertNever,
  type Source,
  type Span,
} from '../diagnostics.js';
import { hoistRepeatedArguments } from '../ir/hoist.js';
import type * as ir from '../ir/nodes.js';
import { INGESTION_TIME_COLUMN } from '../schema.js';
import type { Dialect, KqlType } from '../types.js';
import { selectAggregate, type AggParts } from './select-aggregate.js';
import {
  derivedName,
  engineIdentifier,
  helperName,
  physicalNames,
  type PhysicalNames,
} from './column-names.js';
import { planScans } from '../ir/scans.js';
import { tableProfile } from '../table-profile.js';

/**
 * How a column is written where it is read: the physical name of the column in the relation read
 * (column-names.ts), unqualified or as `t."x"`, and `l."x"` / `r."x"` inside a join.
 */
export interface ExprContext {
  column(ref: ir.ColumnRef): string;
}

/**
 * Columns read under their physical names, `q."x"` with a qualifier. A class, not an object of
 * arrows: it is made for every relation printed, and a method costs nothing per instance.
 */
class ReadingContext implements ExprContext {
  constructor(
    private readonly names: PhysicalNames,
    private readonly qualifier: string | undefined,
  ) {}

  column(ref: ir.ColumnRef): string {
    const id = quoteIdent(this.names.of(ref.name));
    return this.qualifier === undefined ? id : `${this.qualifier}.${id}`;
  }
}

/** Anything with columns: a relation, or a column list. */
interface WithColumns {
  readonly columns: readonly ir.Column[];
}

export type FnPrinter = (args: readonly string[], call: ir.Call, p: SqlBackend) => string;

/** One printer per IR function: a missing entry is a compile error in the backend. */
export type FunctionTable = Readonly<Record<ir.Fn, FnPrinter>>;

/** A named SELECT of the WITH list. */
interface Cte {
  readonly name: string;
  readonly body: string;
  /** The words before the body (`MATERIALIZED `), or none. */
  readonly keyword: string;
}

/** For scalars that read no column (constant rows). */
const NO_COLUMNS: ExprContext = {
  column: (ref) => {
    throw new InternalError(`column ${ref.name} read where no input has columns`);
  },
};

/**
 * Set once a quoted name holding a line break has been printed (by this process). Names are the
 * only quoted text that can hold one: string literals spell line breaks as character codes
 * (`stringLiteral`). Until then `indent` need not follow quotes.
 */
let lineBreakInQuotedName = false;

export function quoteIdent(name: string): string {
  if (!lineBreakInQuotedName && name.includes('\n')) lineBreakInQuotedName = true;
  return name.includes('"') ? `"${name.replaceAll('"', '""')}"` : `"${name}"`;
}

/** A line break that starts a non-empty line. */
const NEWLINE_BEFORE_TEXT = /\n(?=[^\n])/g;

/**
 * Indents every non-empty line of SQL text, except a line that continues a quoted name or string:
 * a column named `['a\nb']` keeps its line break exactly (indenting it would rename the column).
 */
export function indent(text: string, by = '  '): string {
  if (!lineBreakInQuotedName) {
    // No quoted text spans lines: prefix every non-empty line.
    const rest = text.replace(NEWLINE_BEFORE_TEXT, `\n${by}`);
    return text === '' || text.startsWith('\n') ? rest : by + rest;
  }
  const lines = text.split('\n');
  let quote: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (quote === undefined && line !== '') lines[i] = by + line;
    // Follow the quotes of this line (a doubled quote closes and reopens: the state is the same).
    let at = 0;
    for (;;) {
      if (quote === undefined) {
        const d = line.indexOf('"', at);
        const q = line.indexOf("'", at);
        if (d < 0 && q < 0) break;
        const open = d < 0 ? q : q < 0 ? d : Math.min(d, q);
        quote = open === d ? '"' : "'";
        at = open + 1;
      } else {
        const end = line.indexOf(quote, at);
        if (end < 0) break;
        quote = undefined;
        at = end + 1;
      }
    }
  }
  return lines.join('\n');
}

/** Regex metacharacters escaped with a backslash; valid for RE2, Java, JS and PostgreSQL ARE. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\.^$*+?()[\]{}|/-]/g, (c) => (c === '/' || c === '-' ? c : `\\${c}`));
}

/** Letters and digits in any script: what KQL counts as term characters (SEMANTICS §3). */
export function isTermChar(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch);
}

export type TermMode = 'has' | 'hasprefix' | 'hassuffix';

/** `base`, or `base` followed by a number, so that no column of `columns` has that name. */
export function uniqueColumn(base: string, columns: readonly ir.Column[]): string {
  const taken = new Set(columns.map((c) => c.name));
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${String(n)}`;
  return name;
}

/** A row_window_session() window as its printers see it (`SqlBackend.selectSession`). */
export interface SessionParts {
  readonly rel: ir.Window;
  readonly fn: Extract<ir.WindowFn, { kind: 'session' }>;
  /** The output column. */
  readonly output: string;
  /** The row number the window is ordered by. */
  readonly row: ir.ColumnRef;
  /** The flags CTE (quoted) and its column (quoted) that is 1 where a row starts a session. */
  readonly flags: string;
  readonly isNew: string;
  /** The columns of the flags CTE, for their physical names: the input's, then the marks. */
  readonly flagColumns: WithColumns;
}

export abstract class SqlBackend {
  abstract readonly dialect: Dialect;
  /** Function printers, one per IR function. */
  abstract readonly functions: FunctionTable;

  private source: Source | undefined;
  private ctes: Cte[] = [];
  /** The names the statement's tables and CTEs take, as the engine folds them. */
  private usedNames = new Set<string>();
  /** The WITH name of each CTE of the plan (a `let`), apart from every other name as above. */
  private cteNames = new Map<string, string>();

  /** Prints a whole plan as one SQL statement (no trailing semicolon: Trino rejects it). */
  print(input: ir.Plan, source?: Source): string {
    const plan = hoistRepeatedArguments(input, (s) => this.repeatsArgument(s));
    this.source = source;
    this.ctes = [];
    // A CTE named like a table or another CTE but for case (SQLite, Trino) or past 63 bytes
    // (PostgreSQL) would be read in its place: `let t = T | …; T` read t for T.
    // The hoist pass adds projections only: the input's scans (computed once for every dialect
    // printing it) are the plan's.
    this.usedNames = new Set(planScans(input).map((s) => this.engineKey(s.table)));
    this.cteNames = new Map();
    for (const cte of plan.ctes) {
      let name = cte.name;
      for (let attempt = 0; this.usedNames.has(this.engineKey(name)); attempt++) {
        name = derivedName(cte.name, attempt, this.dialect);
      }
      this.usedNames.add(this.engineKey(name));
      this.cteNames.set(cte.name, name);
    }
    for (const cte of plan.ctes) {
      const name = this.cteNames.get(cte.name) ?? cte.name;
      const body = this.select(cte.rel, name);
      const keyword = cte.materialized === true ? this.materializedKeyword() : '';
      this.ctes.push({ name, body, keyword });
    }
    const main = this.select(plan.root, 'q');
    if (this.ctes.length === 0) return `${main}\n`;
    // Each body is indented once, by the two levels it ends up at (indenting the whole list
    // again took a second pass over every line).
    const withList = this.ctes
      .map((c) => `  ${quoteIdent(c.name)} AS ${c.keyword}(\n${indent(c.body, '    ')}\n  )`)
      .join(',\n');
    return `WITH\n${withList}\n${main}\n`;
  }

  /** The words before a materialized CTE's body (`materialize()`); none by default. */
  protected materializedKeyword(): string {
    return '';
  }

  /**
   * The words before the body of a CTE that must be evaluated once, as it is read several times
   * (SQLite otherwise inlined row_window_session's flags into each step of the recursion).
   */
  protected evaluatedOnceKeyword(): string {
    return 'MATERIALIZED ';
  }

  /**
   * Whether this dialect prints `s` with one of its arguments repeated; such arguments are
   * computed once in a projection before use (see ir/hoist.ts). Default: never.
   */
  protected repeatsArgument(_s: ir.Scalar): boolean {
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // errors

  fail(message: string, span?: Span): never {
    throw new CompileError([
      diagnostic(
        Codes.unsupportedInDialect,
        `${message} (dialect ${this.dialect})`,
        this.source,
        span,
      ),
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // relations

  /** A FROM item for `rel`: a table, a CTE of the plan, or a new CTE holding its SELECT. */
  protected from(rel: ir.Rel, prefix: string): string {
    if (rel.kind === 'cte') return this.cteRef(rel);
    return this.addCte(prefix, this.select(rel, prefix));
  }

  /**
   * A new CTE of the WITH list holding `body`, named after `prefix` (`keyword` before its body);
   * its quoted name.
   */
  protected addCte(prefix: string, body: string, keyword = ''): string {
    const name = this.cteName(prefix);
    this.ctes.push({ name, body, keyword });
    return quoteIdent(name);
  }

  /** A name no table or CTE of the statement has to the engine, after `prefix` (reserved). */
  protected cteName(prefix: string): string {
    let n = this.ctes.length + 1;
    let name = this.cteCandidate(prefix, n);
    while (this.usedNames.has(this.engineKey(name))) {
      n++;
      name = this.cteCandidate(prefix, n);
    }
    this.usedNames.add(this.engineKey(name));
    return name;
  }

  private cteCandidate(prefix: string, n: number): string {
    const name = `${prefix}_${String(n)}`;
    // A name PostgreSQL would cut to 63 bytes gets a hash suffix that fits instead.
    return this.engineKey(name) === name || this.dialect !== 'postgres'
      ? name
      : derivedName(name, 0, this.dialect);
  }

  /** The quoted WITH name of a plan CTE. */
  private cteRef(rel: ir.CteRef): string {
    return quoteIdent(this.cteNames.get(rel.name) ?? rel.name);
  }

  /** A table or CTE name as the engine takes it (column-names.ts). */
  private engineKey(name: string): string {
    return engineIdentifier(name, this.dialect);
  }

  // -------------------------------------------------------------------------------------------
  // physical column names (column-names.ts)

  /** The physical names of a relation's columns. */
  names(rel: WithColumns): PhysicalNames {
    return physicalNames(rel.columns, this.dialect);
  }

  /** Column `name` of `rel` where `rel` is read: `"x"`, or `q."x"` with a qualifier. */
  column(rel: WithColumns, name: string, qualifier?: string): string {
    const id = quoteIdent(this.names(rel).of(name));
    return qualifier === undefined ? id : `${qualifier}.${id}`;
  }

  /** The context reading the columns of `rel` (as `q."x"` with a qualifier). */
  reading(rel: WithColumns, qualifier?: string): ExprContext {
    return new ReadingContext(this.names(rel), qualifier);
  }

  /** A select-list item giving `value` the name of column `name` of `rel`. */
  as(value: string, rel: WithColumns, name: string): string {
    return `${value} AS ${this.column(rel, name)}`;
  }

  // -------------------------------------------------------------------------------------------

  /** The SELECT statement computing `rel`; its inputs become CTEs. */
  protected select(rel: ir.Rel, prefix: string): string {
    switch (rel.kind) {
      case 'scan':
        return this.selectScan(rel);
      case 'cte':
        return `SELECT *\nFROM ${this.cteRef(rel)}`;
      case 'filter':
        return `SELECT *\nFROM ${this.from(rel.input, prefix)}\nWHERE ${this.expr(rel.predicate, this.reading(rel.input))}`;
      case 'project':
        return this.selectProject(rel, prefix);
      case 'distinct':
        return `SELECT DISTINCT *\nFROM ${this.from(rel.input, prefix)}`;
      case 'join':
        return this.selectJoin(rel, prefix);
      case 'mvexpand':
        return this.selectMvExpand(rel, this.from(rel.input, prefix));
      case 'sort':
        return this.selectSort(rel, prefix, undefined);
      case 'limit':
        if (rel.input.kind === 'sort') return this.selectSort(rel.input, prefix, rel.count);
        return `SELECT *\nFROM ${this.from(rel.input, prefix)}\nLIMIT ${String(rel.count)}`;
      case 'aggregate':
        return selectAggregate(this, rel, this.from(rel.input, prefix));
      case 'union':
        return rel.inputs
          .map((input) => `SELECT *\nFROM ${this.from(input, prefix)}`)
          .join('\nUNION ALL\n');
      case 'values':
        return this.selectValues(rel);
      case 'parse':
        return this.selectParse(rel, this.from(rel.input, prefix));
      case 'window':
        return this.selectWindow(rel, prefix);
      default:
        return assertNever(rel);
    }
  }

  /** Constant rows; no rows is a SELECT whose WHERE is false. */
  private selectValues(rel: ir.Values): string {
    const row = (values: readonly ir.Scalar[]): string =>
      `SELECT ${rel.columns
        .map((c, i) => {
          const v = values[i];
          const sql = v === undefined ? this.typedNull(c.type) : this.expr(v, NO_COLUMNS);
          return this.as(sql, rel, c.name);
        })
        .join(', ')}`;
    if (rel.rows.length === 0) return `${row([])}\nFROM (SELECT 1) AS v\nWHERE FALSE`;
    return rel.rows.map(row).join('\nUNION ALL\n');
  }

  /**
   * The physical column of the tables this dialect reads that holds each row's ingestion time,
   * for `ingestion_time()`; undefined when its tables have none (then the function is refused).
   */
  protected ingestionTimeColumn(): string | undefined {
    return INGESTION_TIME_COLUMN;
  }

  /**
   * A scan names its columns, so that a table holding more than the schema (the hidden
   * ingestion-time column, columns added by hand) reads as the schema's columns only.
   */
  private selectScan(rel: ir.Scan): string {
    const hidden = rel.ingestionTime;
    const physical = hidden === undefined ? undefined : this.ingestionTimeColumn();
    if (hidden !== undefined && physical === undefined) {
      this.fail(
        `ingestion_time(): the ${this.dialect} table has no column holding the ingestion time`,
        hidden.span ?? rel.span,
      );
    }
    const profile = tableProfile(
      { name: rel.table, columns: rel.tableColumns ?? rel.columns },
      this.dialect,
    );
    const names = this.names(rel);
    // KQL strings cannot be null: a NULL stored in a string column reads as '' (SEMANTICS §2).
    const cols = rel.columns.map((c) => {
      const stored = quoteIdent(
        c.name === hidden?.column && physical !== undefined ? physical : profile.physical(c.name),
      );
      if (c.type === 'string') return this.as(`coalesce(${stored}, '')`, rel, c.name);
      return stored === quoteIdent(names.of(c.name)) ? stored : this.as(stored, rel, c.name);
    });
    return `SELECT\n${indent(cols.join(',\n'))}\nFROM ${quoteIdent(profile.physicalTable)}`;
  }

  private selectProject(rel: ir.Project, prefix: string): string {
    const input = rel.input.columns;
    // Columns passed through unchanged at the front print as `*`.
    let passed = 0;
    while (passed < input.length && passed < rel.outputs.length) {
      const o = rel.outputs[passed];
      const c = input[passed];
      if (o === undefined || c === undefined) break;
      if (o.name !== c.name || o.expr.kind !== 'column' || o.expr.name !== c.name) break;
      passed++;
    }
    const items: string[] = [];
    const rest = rel.outputs.slice(passed === input.length ? passed : 0);
    if (passed === input.length && passed > 0) items.push('*');
    const read = this.reading(rel.input);
    const names = this.names(rel);
    for (const o of rest) {
      const e = this.expr(o.expr, read);
      const target = quoteIdent(names.of(o.name));
      items.push(e === target ? e : `${e} AS ${target}`);
    }
    if (items.length === 0) return this.fail('a projection with no columns', rel.span);
    const select = `SELECT\n${indent(items.join(',\n'))}`;
    if (rel.input.kind === 'sort') {
      // A projection over a sort (ir/order.ts): one SELECT, ordered by the input's columns.
      const sort = rel.input;
      const keys = this.orderBy(sort.keys, this.reading(sort.input, 's'));
      return `${select}\nFROM ${this.from(sort.input, prefix)} AS s\nORDER BY ${keys}`;
    }
    return `${select}\nFROM ${this.from(rel.input, prefix)}`;
  }

  private selectSort(rel: ir.Sort, prefix: string, limit: bigint | undefined): string {
    const lim = limit === undefined ? '' : `\nLIMIT ${String(limit)}`;
    return `SELECT *\nFROM ${this.from(rel.input, prefix)}\nORDER BY ${this.orderBy(rel.keys, this.reading(rel.input))}${lim}`;
  }

  /** The input's columns, then one window function per output (`ir.Window`). */
  private selectWindow(rel: ir.Window, prefix: string): string {
    const [first] = rel.outputs;
    if (first?.fn.kind === 'session') {
      const [key] = rel.orderBy;
      if (rel.outputs.length !== 1 || rel.partitionBy.length > 0 || key === undefined) {
        throw new InternalError('a row_window_session() window with other outputs or keys');
      }
      if (key.expr.kind !== 'column' || rel.orderBy.length > 1) {
        throw new InternalError('a row_window_session() window not ordered by one column');
      }
      const parts: SessionParts = {
        rel,
        fn: first.fn,
        output: first.name,
        row: key.expr,
        flags: '',
        isNew: '',
        flagColumns: rel.input,
      };
      return this.selectSession({ ...parts, ...this.sessionFlags(parts, prefix) });
    }
    const read = this.reading(rel.input);
    const partition = rel.partitionBy.map((p) => this.groupKey(this.expr(p, read), p.type));
    const over = (order: string, frame = ''): string => {
      const parts: string[] = [];
      if (partition.length > 0) parts.push(`PARTITION BY ${partition.join(', ')}`);
      if (order !== '') parts.push(`ORDER BY ${order}`);
      if (frame !== '') parts.push(frame);
      return `OVER (${parts.join(' ')})`;
    };
    const ordered = rel.orderBy.length === 0 ? '' : this.orderBy(rel.orderBy, read);
    const items = rel.outputs.map((o) => {
      const fn = o.fn;
      let sql: string;
      switch (fn.kind) {
        case 'row_number':
          sql = `row_number() ${over(ordered)}`;
          break;
        case 'stable_row_number':
          sql = `row_number() ${over(this.stableOrder(rel.input))}`;
          break;
        case 'prev':
        case 'next': {
          const fallback =
            fn.default === undefined
              ? o.type === 'string'
                ? `, ''`
                : ''
              : `, ${this.expr(fn.default, read)}`;
          const offset = fallback === '' && fn.offset === 1n ? '' : `, ${String(fn.offset)}`;
          const name = fn.kind === 'prev' ? 'lag' : 'lead';
          sql = `${name}(${this.expr(fn.expr, read)}${offset}${fallback}) ${over(ordered)}`;
          break;
        }
        case 'session':
          throw new InternalError('row_window_session() beside other window functions');
        case 'cumsum':
          sql = this.windowSum(
            this.expr(fn.expr, read),
            o.type,
            over(ordered, 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW'),
          );
          break;
        default:
          return assertNever(fn);
      }
      return this.as(sql, rel, o.name);
    });
    return `SELECT\n${indent(['*', ...items].join(',\n'))}\nFROM ${this.from(rel.input, prefix)}`;
  }

  /**
   * The CTE marking the rows that start a session whatever the session before (row_window_session,
   * `ir.WindowFn`): the first row, a null value or one after a null value, a value at least the
   * previous one plus the maximum distance between neighbours, and a true restart. Between two such
   * rows sessions only break on the distance from the session's first value. The input's columns,
   * the previous value and the mark (1 or 0); materialized, as it is read more than once.
   */
  private sessionFlags(
    parts: SessionParts,
    prefix: string,
  ): Pick<SessionParts, 'flags' | 'isNew' | 'flagColumns'> {
    const { rel, fn, row } = parts;
    const columns = rel.input.columns;
    const previous: ir.ColumnRef = {
      kind: 'column',
      name: uniqueColumn('__prev', columns),
      type: fn.expr.type,
    };
    const isNew = uniqueColumn('__new', columns);
    // Physical names depend only on the columns before: the input's keep theirs.
    const flagColumns: WithColumns = {
      columns: [...columns, previous, { name: isNew, type: 'long' }],
    };
    const read = this.reading(flagColumns);
    const value = this.expr(fn.expr, read);
    const conditions = [
      `${value} IS NULL`,
      `${this.expr(previous, read)} IS NULL`,
      this.sessionReached(fn.expr, previous, fn.maxBetween, read),
      ...(fn.restart === undefined ? [] : [this.expr(fn.restart, read)]),
    ];
    const lag = `lag(${value}) OVER (ORDER BY ${this.expr(row, read)})`;
    const mark = this.column(flagColumns, isNew);
    const body = `SELECT\n  *,\n  CASE WHEN ${conditions.join(' OR ')} THEN 1 ELSE 0 END AS ${mark}\nFROM (\n  SELECT *, ${this.as(lag, flagColumns, previous.name)}\n  FROM ${this.from(rel.input, prefix)}\n) AS w`;
    return {
      flags: this.addCte(prefix, body, this.evaluatedOnceKeyword()),
      isNew: mark,
      flagColumns,
    };
  }

  /** Whether `value` is at least `from` plus the timespan `distance` (SQL text, a condition). */
  protected sessionReached(
    value: ir.ColumnRef,
    from: ir.ColumnRef,
    distance: ir.Literal,
    ctx: ExprContext,
  ): string {
    const sum: ir.Call = { kind: 'call', fn: 'add', args: [from, distance], type: value.type };
    return this.expr({ kind: 'call', fn: 'ge', args: [value, sum], type: 'bool' }, ctx);
  }

  /**
   * The SELECT of a row_window_session() window over its flags CTE (`sessionFlags`): a recursive
   * CTE walks each run of rows from a row that starts a session, one row per step, keeping the
   * session's start; each row is joined to its start. The recursion is linear and takes as many
   * steps as the longest run.
   */
  protected selectSession(parts: SessionParts): string {
    const { rel, fn, row, flags, isNew, flagColumns } = parts;
    const walk = quoteIdent(this.cteName('session'));
    // The session's start so far, in the walk (s); the row's own columns are read from f.
    const start: ir.ColumnRef = { kind: 'column', name: '__start', type: fn.expr.type };
    const ctx: ExprContext = {
      column: (ref) => (ref === start ? 's."__start"' : this.column(flagColumns, ref.name, 'f')),
    };
    const r = this.column(flagColumns, row.name);
    const v = this.column(flagColumns, fn.expr.name);
    const reached = this.sessionReached(fn.expr, start, fn.maxFromFirst, ctx);
    const step = `SELECT f.${r}, CASE WHEN ${reached} THEN f.${v} ELSE s."__start" END\nFROM ${walk} AS s\nJOIN ${flags} AS f ON f.${r} = s."__row" + 1 AND f.${isNew} = 0`;
    const recursive = `${walk}("__row", "__start") AS (\n  SELECT ${r}, ${v}\n  FROM ${flags}\n  WHERE ${isNew} = 1\n  UNION ALL\n${indent(step)}\n)`;
    const columns = rel.input.columns.map((c) => this.column(flagColumns, c.name, 'f'));
    columns.push(this.as('s."__start"', rel, parts.output));
    return `WITH RECURSIVE\n${indent(recursive)}\nSELECT\n${indent(columns.join(',\n'))}\nFROM ${flags} AS f\nJOIN ${walk} AS s ON s."__row" = f.${r}`;
  }

  /**
   * The ORDER BY of a `stable_row_number`, or '' for none. By default every column: an engine
   * may evaluate a relation read twice twice (Trino inlines every CTE; SQLite materializes a
   * CTE read more than once, but does not promise it), and then only identical rows, which are
   * interchangeable, can swap numbers between the evaluations.
   */
  protected stableOrder(input: ir.Rel): string {
    return input.columns
      .map((c) => `${this.groupKey(this.column(input, c.name), c.type)} ASC NULLS FIRST`)
      .join(', ');
  }

  /** A running sum `sum(value) over`, 0 where no value counts yet. */
  protected windowSum(value: string, type: KqlType, over: string): string {
    const zero = this.literal({ kind: 'literal', type, value: type === 'real' ? 0 : 0n });
    return `coalesce(sum(${value}) ${over}, ${zero})`;
  }

  /** ORDER BY keys, always with direction and NULLS placement (SEMANTICS §9). */
  protected orderBy(keys: ir.Sort['keys'], ctx: ExprContext): string {
    return keys
      .map(
        (k) =>
          `${this.sortValue(this.expr(k.expr, ctx), k.expr.type)} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`,
      )
      .join(', ');
  }

  /**
   * A value as the engine must order it, in ORDER BY, `<`, `>=`, arg_max…
   * (PostgreSQL: ordinal strings, whatever the database's collation).
   */
  sortValue(value: string, _type: KqlType): string {
    return value;
  }

  /**
   * Equality of join keys under KQL's rule that null keys match (SEMANTICS §12); `full` for the
   * condition of a FULL JOIN, which some engines accept only as plain equalities.
   */
  protected keyEquals(left: string, right: string, type: KqlType, _full: boolean): string {
    return type === 'string' ? `${left} = ${right}` : this.nullSafeEquals(left, right);
  }

  /** `a` equals `b`, where NULL equals NULL. */
  protected abstract nullSafeEquals(a: string, b: string): string;

  private selectJoin(rel: ir.Join, prefix: string): string {
    const ctx = (side: 'l' | 'r'): ExprContext =>
      this.reading(side === 'l' ? rel.left : rel.right, side);
    let leftFrom = this.from(rel.left, prefix);
    if (rel.joinKind === 'innerunique')
      leftFrom = this.dedupe(rel.left, leftFrom, rel.keys, prefix);
    const rightFrom = this.from(rel.right, prefix);
    const on = rel.keys
      .map((k) =>
        this.keyEquals(
          ctx('l').column({ kind: 'column', name: k.left.name, type: k.left.type }),
          ctx('r').column({ kind: 'column', name: k.right.name, type: k.right.type }),
          k.left.type,
          rel.joinKind === 'fullouter',
        ),
      )
      .join(' AND ');
    const kind = rel.joinKind;
    if (
      kind === 'leftsemi' ||
      kind === 'leftanti' ||
      kind === 'rightsemi' ||
      kind === 'rightanti'
    ) {
      const keep = kind.startsWith('left') ? 'l' : 'r';
      const other = keep === 'l' ? `${rightFrom} AS r` : `${leftFrom} AS l`;
      const not = kind.endsWith('anti') ? 'NOT ' : '';
      const mine = keep === 'l' ? `${leftFrom} AS l` : `${rightFrom} AS r`;
      return `SELECT ${keep}.*\nFROM ${mine}\nWHERE ${not}EXISTS (\n  SELECT 1\n  FROM ${other}\n  WHERE ${on === '' ? 'TRUE' : on}\n)`;
    }
    const nullable = (side: 'left' | 'right'): boolean =>
      kind === 'fullouter' ||
      (kind === 'leftouter' && side === 'right') ||
      (kind === 'rightouter' && side === 'left');
    const items = rel.outputs.map((o) => {
      const side = o.side === 'left' ? 'l' : 'r';
      const src = this.column(o.side === 'left' ? rel.left : rel.right, o.source.name, side);
      // Unmatched string cells of an outer join are '' in KQL, not null.
      const value = nullable(o.side) && o.source.type === 'string' ? `coalesce(${src}, '')` : src;
      return value === `${side}.${this.column(rel, o.name)}` ? value : this.as(value, rel, o.name);
    });
    const sqlKind = {
      innerunique: 'INNER JOIN',
      inner: 'INNER JOIN',
      leftouter: 'LEFT JOIN',
      rightouter: 'RIGHT JOIN',
      fullouter: 'FULL JOIN',
    }[kind];
    return `SELECT\n${indent(items.join(',\n'))}\nFROM ${leftFrom} AS l\n${sqlKind} ${rightFrom} AS r\n  ON ${on === '' ? 'TRUE' : on}`;
  }

  /**
   * innerunique: keep one arbitrary left row per key before joining (SEMANTICS §12). The row
   * number is a helper column beside the left's own (`HelperNames`): a left column `__rn` keeps
   * its values.
   */
  private dedupe(left: ir.Rel, from: string, keys: ir.Join['keys'], prefix: string): string {
    const cols = left.columns.map((c) => this.column(left, c.name)).join(', ');
    const partition = keys.map((k) => this.column(left, k.left.name)).join(', ');
    const rn = quoteIdent(helperName('__rn', this.names(left)));
    const numbered = `SELECT *, row_number() OVER (PARTITION BY ${partition}) AS ${rn}`;
    const body = `SELECT ${cols}\nFROM (\n  ${numbered}\n  FROM ${from}\n) AS d\nWHERE ${rn} = 1`;
    return this.addCte(prefix, body);
  }

  /** The SELECT for parse (SEMANTICS §13, parse-regex.ts); `from` is the input as a FROM item. */
  protected abstract selectParse(rel: ir.Parse, from: string): string;

  /** The SELECT for mv-expand (SEMANTICS §5); `from` is the input as a FROM item. */
  protected abstract selectMvExpand(rel: ir.MvExpand, from: string): string;

  /**
   * A dynamic value (an mv-expand element) as `type`, cast-only: a value that is not already
   * of that JSON kind becomes null (`''` for strings). Dynamic stays as it is.
   */
  protected abstract castDynamic(value: string, type: KqlType, span?: Span): string;

  /**
   * The select list of an mv-expand: input columns as `t."c"`, each expanded column replaced by
   * `element(i)` (item i's element, cast to the item's type), the index column last.
   */
  protected mvExpandColumns(
    rel: ir.MvExpand,
    element: (i: number) => string,
    index: string,
  ): string {
    return rel.columns
      .map((c) => {
        if (c.name === rel.indexColumn) return this.as(index, rel, c.name);
        const i = rel.items.findIndex((it) => it.column === c.name);
        const item = rel.items[i];
        if (item === undefined) return this.passColumn(rel.input, rel, c.name, 't');
        const value = this.castDynamic(element(i), item.type, rel.span);
        return this.as(value, rel, c.name);
      })
      .join(',\n');
  }

  /**
   * Column `name` of `input` (read as `q."x"`) passed through to `output` unchanged: under its
   * output name, which the prefix rule of column-names.ts makes the input's in all but rare cases.
   */
  passColumn(input: WithColumns, output: WithColumns, name: string, qualifier: string): string {
    const read = this.column(input, name, qualifier);
    return read === `${qualifier}.${this.column(output, name)}`
      ? read
      : this.as(read, output, name);
  }

  /** The WHERE condition of mv-expand's per-row limit on a 0-based `index`, or ''. */
  protected mvExpandLimit(rel: ir.MvExpand, index: string): string {
    return rel.limit === undefined ? '' : `\nWHERE ${index} < ${String(rel.limit)}`;
  }

  // -------------------------------------------------------------------------------------------
  // aggregates (select-aggregate.ts)

  /** A value as a GROUP BY / PARTITION BY / DISTINCT key (engines that cannot compare JSON). */
  groupKey(value: string, _type: KqlType): string {
    return value;
  }

  /** The output value of a group key printed by `groupKey`. */
  groupKeyValue(key: string, _type: KqlType): string {
    return key;
  }

  /** sum(): 0 of the result type when no value counts. */
  sumAggregate(value: string, type: KqlType): string {
    return `coalesce(sum(${value}), ${this.literal({ kind: 'literal', type, value: type === 'real' ? 0 : 0n })})`;
  }

  /** avg(): NaN where the engine holds it, when no value counts (SEMANTICS §10). */
  avgAggregate(value: string): string {
    return `avg(${value})`;
  }

  minMaxAggregate(fn: 'min' | 'max', value: string, _type: KqlType): string {
    return `${fn}(${value})`;
  }

  /** take_any(): the value of some row of the group. */
  abstract anyAggregate(value: string, type: KqlType): string;

  /** The value of the one row of the group where `cond` holds (arg_max / arg_min). */
  abstract pickAggregate(value: string, cond: string, type: KqlType): string;

  /** make_list / make_set: a dynamic array of the non-null values, `[]` when there is none. */
  abstract jsonArrayAggregate(parts: AggParts, distinct: boolean): string;

  // -------------------------------------------------------------------------------------------
  // scalars

  expr(s: ir.Scalar, ctx: ExprContext): string {
    switch (s.kind) {
      case 'column':
        return ctx.column(s);
      case 'literal':
        return this.literal(s);
      case 'call': {
        const args = s.args.map((a) => this.expr(a, ctx));
        return this.functions[s.fn](args, s, this);
      }
      case 'case': {
        const whens = s.whens.map(
          (w) => `WHEN ${this.expr(w.when, ctx)} THEN ${this.expr(w.then, ctx)}`,
        );
        return `CASE ${whens.join(' ')} ELSE ${this.expr(s.otherwise, ctx)} END`;
      }
      case 'path':
        return this.jsonPath(this.expr(s.target, ctx), s);
      case 'subquery':
        return this.subquery(s, ctx);
      default:
        return assertNever(s);
    }
  }

  /** toscalar() and `in (T)` (SEMANTICS §14): the relation becomes a CTE read by a subquery. */
  private subquery(s: ir.Subquery, ctx: ExprContext): string {
    const column = s.rel.columns[0];
    if (column === undefined) return this.fail('a subquery without columns', s.span);
    const from = this.from(s.rel, 'sq');
    const select = `SELECT ${this.column(s.rel, column.name)} FROM ${from}`;
    if (s.mode === 'in') {
      if (s.value === undefined) return this.fail('in without a value', s.span);
      return `coalesce(${this.expr(s.value, ctx)} IN (${select}), FALSE)`;
    }
    const value = `(${select} LIMIT 1)`;
    return s.type === 'string' ? `coalesce(${value}, '')` : value;
  }

  /** A string literal; NUL cannot be carried by any of the engines' text types. */
  stringLiteral(value: string, span?: Span): string {
    if (value.includes('\u0000')) this.fail('a string holding a NUL character', span);
    // Line breaks are spelled as characters codes, so that indenting the SQL text (which
    // prefixes every line) can never change a literal.
    if (/[\n\r]/.test(value)) {
      const parts = value
        .split(/([\n\r])/)
        .filter((part) => part !== '')
        .map((part) =>
          part === '\n' || part === '\r'
            ? this.charFromCode(part.charCodeAt(0))
            : `'${part.replaceAll("'", "''")}'`,
        );
      return `(${parts.join(' || ')})`;
    }
    return `'${value.replaceAll("'", "''")}'`;
  }

  /** The one-character string of a code point: `chr(n)` (SQLite says `char(n)`). */
  protected charFromCode(code: number): string {
    return `chr(${String(code)})`;
  }

  literal(l: ir.Literal): string {
    if (l.value === null) return this.typedNull(l.type);
    switch (l.type) {
      case 'string':
      case 'guid':
        return this.stringLiteral(scalarText(l.value), l.span);
      case 'long':
      case 'int':
        return scalarText(l.value);
      case 'real':
      case 'decimal':
        return this.realLiteral(l.value as number, l.span);
      case 'bool':
        return this.boolLiteral(l.value as boolean);
      case 'datetime':
        return this.datetimeLiteral(l.value as bigint);
      case 'timespan':
        return this.timespanLiteral(l.value as bigint);
      case 'dynamic':
        return this.dynamicLiteral(JSON.stringify(l.value), l.span);
      default:
        return assertNever(l.type);
    }
  }

  protected abstract typedNull(type: KqlType): string;
  protected abstract realLiteral(value: number, span?: Span): string;
  protected abstract boolLiteral(value: boolean): string;
  /** A datetime constant from microseconds since the epoch. */
  protected abstract datetimeLiteral(micros: bigint): string;
  protected abstract timespanLiteral(micros: bigint): string;
  protected abstract dynamicLiteral(json: string, span?: Span): string;

  /** `d.a[0]…` on a dynamic value: null (never an error) when a step does not apply. */
  protected abstract jsonPath(target: string, path: ir.JsonPath): string;

  /** KQL term matching (`has`, `hasprefix`, `hassuffix`) of a string against a needle. */
  abstract termMatch(
    haystack: string,
    needle: string,
    needleScalar: ir.Scalar,
    mode: TermMode,
    caseSensitive: boolean,
  ): string;

  /** Unicode-aware lower case. */
  abstract lower(x: string): string;

  /** Whether a scalar can be SQL NULL (strings never are; literals only when null). */
  nullable(s: ir.Scalar): boolean {
    if (s.type === 'string') return false;
    if (s.kind === 'literal') return s.value === null;
    if (s.kind === 'call' && s.type === 'bool') {
      return s.args.some((a) => this.nullable(a)) && !PREDICATES_NEVER_NULL.has(s.fn);
    }
    return true;
  }
}

/** Boolean functions printed so that they never yield NULL. */
const PREDICATES_NEVER_NULL: ReadonlySet<ir.Fn> = new Set<ir.Fn>([
  'isempty',
  'isnotempty',
  'isnull',
  'isnotnull',
  'eq',
  'ne',
  'in',
  'in_ci',
]);

/** The literal needle of a term or substring match, when it is a constant. */
export function constantString(s: ir.Scalar): string | undefined {
  return s.kind === 'literal' && s.type === 'string' && typeof s.value === 'string'
    ? s.value
    : undefined;
}

/**
 * Printers shared by every dialect: operators whose portable SQL form is right everywhere.
 * Dialects spread this table and override what differs.
 */
/** The IR functions every dialect prints its own way (the rest are in COMMON_FUNCTIONS). */
export type DialectFn =
  | 'tostring'
  | 'parse_json'
  | 'split'
  | 'split_part'
  | 'array_length'
  | 'tolower'
  | 'toupper'
  | 'matches_regex'
  | 'tolong'
  | 'toint'
  | 'toreal'
  | 'tobool'
  | 'todatetime'
  | 'now'
  | 'endswith'
  | 'endswith_cs'
  | 'isempty'
  | 'isnotempty'
  | 'replace_string'
  | ScalarFn;

/** Functions whose printers live in the dialects' `functions-*.ts` files. */
export type ScalarFn =
  | 'indexof'
  | 'replace_regex'
  | 'extract'
  | 'extract_all'
  | 'indexof_regex'
  | 'countof'
  | 'reverse'
  | 'hash'
  | 'url_decode'
  | 'base64_decode_tostring'
  | 'strcat_array'
  | 'gettype'
  | 'bag_keys'
  | 'set_has_element'
  | 'array_index_of'
  | 'pack_array'
  | 'bag_pack'
  | 'array_concat'
  | 'array_slice'
  | 'abs'
  | 'round'
  | 'bin'
  | 'startof'
  | 'datepart'
  | 'datetime_diff'
  | 'datetime_add'
  | 'format_datetime'
  | 'totimespan'
  | 'parse_ipv4'
  | 'ipv4_is_private'
  | 'ipv4_is_match'
  | 'ipv4_compare';

export type ScalarFnTable = Readonly<Record<ScalarFn, FnPrinter>>;

/**
 * Real division (either operand real): KQL follows IEEE 754, so x / 0.0 is +inf, -inf or NaN by
 * the sign of x (`real.md`), where SQLite gives null and PostgreSQL and Trino raise. `infinity`
 * is the dialect's +inf; x * +inf gives the three outcomes (0 * inf is NaN).
 */
export function realDivision(a: string, b: string, infinity: string): string {
  return `(CASE WHEN ${b} = 0 THEN ${a} * ${infinity} ELSE ${a} / ${b} END)`;
}

/**
 * The first operand of an ordering comparison as the engine must compare it: KQL compares strings
 * ordinally (SEMANTICS §9), so PostgreSQL compares them under COLLATE "C", which also governs the
 * other operand.
 */
function ordered(a: string, c: ir.Call, p: SqlBackend): string {
  const first = c.args[0];
  return first === undefined ? a : p.sortValue(a, first.type);
}

export const COMMON_FUNCTIONS: Omit<FunctionTable, DialectFn> = {
  and: (args) => logical(args, 'AND'),
  or: (args) => logical(args, 'OR'),
  not: ([a]) => `(NOT ${String(a)})`,
  // KQL: `x == 5` is false, `x != 5` true, when x is null (SEMANTICS §2).
  eq: ([a, b], c, p) => nullSafeCompare(`${String(a)} = ${String(b)}`, c, p, 'FALSE'),
  ne: ([a, b], c, p) => nullSafeCompare(`${String(a)} <> ${String(b)}`, c, p, 'TRUE'),
  lt: ([a, b], c, p) => `(${ordered(String(a), c, p)} < ${String(b)})`,
  le: ([a, b], c, p) => `(${ordered(String(a), c, p)} <= ${String(b)})`,
  gt: ([a, b], c, p) => `(${ordered(String(a), c, p)} > ${String(b)})`,
  ge: ([a, b], c, p) => `(${ordered(String(a), c, p)} >= ${String(b)})`,
  eq_ci: ([a, b], _c, p) => `(${p.lower(String(a))} = ${p.lower(String(b))})`,
  ne_ci: ([a, b], _c, p) => `(${p.lower(String(a))} <> ${p.lower(String(b))})`,
  // `x in (dynamic([]))` is false; SQL has no empty `IN ()` (PostgreSQL and Trino reject it).
  in: ([a, ...list], c, p) =>
    list.length === 0
      ? 'FALSE'
      : nullSafeCompare(`${String(a)} IN (${list.join(', ')})`, c, p, 'FALSE'),
  in_ci: ([a, ...list], _c, p) =>
    list.length === 0
      ? 'FALSE'
      : `(${p.lower(String(a))} IN (${list.map((x) => p.lower(x)).join(', ')}))`,
  between: ([a, lo, hi]) => `(${String(a)} BETWEEN ${String(lo)} AND ${String(hi)})`,
  add: ([a, b]) => `(${String(a)} + ${String(b)})`,
  sub: ([a, b]) => `(${String(a)} - ${String(b)})`,
  mul: ([a, b]) => `(${String(a)} * ${String(b)})`,
  // Division by zero is null in KQL; PostgreSQL and Trino would raise.
  div: ([a, b]) => `(${String(a)} / nullif(${String(b)}, 0))`,
  // KQL's % is never negative (SEMANTICS §9).
  mod: ([a, b]) =>
    `(((${String(a)} % nullif(${String(b)}, 0)) + abs(${String(b)})) % nullif(abs(${String(b)}), 0))`,
  neg: ([a]) => `(- ${String(a)})`,
  has: ([a, b], c, p) => p.termMatch(String(a), String(b), argAt(c, 1), 'has', false),
  has_cs: ([a, b], c, p) => p.termMatch(String(a), String(b), argAt(c, 1), 'has', true),
  hasprefix: ([a, b], c, p) => p.termMatch(String(a), String(b), argAt(c, 1), 'hasprefix', false),
  hasprefix_cs: ([a, b], c, p) => p.termMatch(String(a), String(b), argAt(c, 1), 'hasprefix', true),
  hassuffix: ([a, b], c, p) => p.termMatch(String(a), String(b), argAt(c, 1), 'hassuffix', false),
  hassuffix_cs: ([a, b], c, p) => p.termMatch(String(a), String(b), argAt(c, 1), 'hassuffix', true),
  contains: ([a, b], _c, p) => `(strpos(${p.lower(String(a))}, ${p.lower(String(b))}) > 0)`,
  contains_cs: ([a, b]) => `(strpos(${String(a)}, ${String(b)}) > 0)`,
  startswith: ([a, b], _c, p) =>
    `(substr(${p.lower(String(a))}, 1, length(${p.lower(String(b))})) = ${p.lower(String(b))})`,
  startswith_cs: ([a, b]) => `(substr(${String(a)}, 1, length(${String(b)})) = ${String(b)})`,
  isnull: ([a]) => `(${String(a)} IS NULL)`,
  isnotnull: ([a]) => `(${String(a)} IS NOT NULL)`,
  strcat: (args) => `(${args.join(' || ')})`,
  strlen: ([a]) => `length(${String(a)})`,
  substring: ([a, start, len]) =>
    len === undefined
      ? `substr(${String(a)}, ${String(start)} + 1)`
      : `substr(${String(a)}, ${String(start)} + 1, ${len})`,
  coalesce: (args, c) =>
    c.type === 'string'
      ? `coalesce(${args.map((a) => `nullif(${a}, '')`).join(', ')}, '')`
      : `coalesce(${args.join(', ')})`,
};

function argAt(c: ir.Call, i: number): ir.Scalar {
  const a = c.args[i];
  if (a === undefined) throw new InternalError(`${c.fn} needs argument ${String(i + 1)}`);
  return a;
}

function nullSafeCompare(cmp: string, c: ir.Call, p: SqlBackend, ifNull: 'TRUE' | 'FALSE'): string {
  if (!c.args.some((a) => p.nullable(a))) return `(${cmp})`;
  return `coalesce(${cmp}, ${ifNull})`;
}

/**
 * The regular expression for a KQL term match of a constant needle (SEMANTICS §3): the needle
 * as a substring, with a term boundary on each side whose end character is a letter or digit
 * (`has`), only on the left (`hasprefix`) or only on the right (`hassuffix`). `undefined` when
 * no boundary applies, so the match is a plain substring test.
 */
export function termRegex(
  needle: string,
  mode: TermMode,
  nonTermClass: string,
): string | undefined {
  const chars = Array.from(needle);
  const first = chars[0];
  const last = chars[chars.length - 1];
  const leftEdge = mode !== 'hassuffix' && first !== undefined && isTermChar(first);
  const rightEdge = mode !== 'hasprefix' && last !== undefined && isTermChar(last);
  if (!leftEdge && !rightEdge) return undefined;
  const left = leftEdge ? `(^|${nonTermClass})` : '';
  const right = rightEdge ? `($|${nonTermClass})` : '';
  return `${left}${escapeRegex(needle)}${right}`;
}

/**
 * The operands of an n-ary AND / OR. Up to 64 nest to the left as the binary operator reads,
 * `((a OR b) OR c)`. A longer chain (generated rules hold thousands of terms) is printed flat,
 * `(a OR b OR c …)`, which PostgreSQL and Trino parse into one list. SQLite parses that into a
 * tree as deep as the chain is long and refuses one deeper than 1000, so `balanced` (SQLite)
 * splits it in halves down to runs of 64; the runs of an AND are each wrapped in a unary `+`
 * (a no-op on any value, NULL included), since SQLite splits a WHERE clause at every AND and
 * ANDs the terms back one by one when it pushes them into a subquery, which would rebuild the
 * deep tree. Both operators are associative: the grouping keeps the meaning.
 */
export function logical(args: readonly string[], op: 'AND' | 'OR', balanced = false): string {
  const run = (xs: readonly string[]): string => xs.reduce((acc, a) => `(${acc} ${op} ${a})`);
  if (args.length <= 64) return run(args);
  if (!balanced) return `(${args.join(` ${op} `)})`;
  const halves = (xs: readonly string[]): string => {
    if (xs.length <= 64) return op === 'AND' ? `+${run(xs)}` : run(xs);
    const mid = Math.ceil(xs.length / 2);
    return `(${halves(xs.slice(0, mid))} ${op} ${halves(xs.slice(mid))})`;
  };
  return halves(args);
}

/** The text of a literal's scalar value (strings, numbers, bigints, booleans). */
export function scalarText(value: ir.Literal['value']): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
    case 'number':
    case 'boolean':
      return value.toString();
    default:
      return JSON.stringify(value);
  }
}
