/**
 * The KQL syntax tree produced by the parser. Every node keeps the span of the text it came from,
 * so later stages can point at it. Nodes are plain readonly data tagged by `kind`.
 */
import type { Span } from '../diagnostics.js';
import type { JoinKind } from '../types.js';

export interface Ident {
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Scalar expressions

export type Expr =
  | StringLit
  | NumberLit
  | BoolLit
  | NullLit
  | DatetimeLit
  | TimespanLit
  | DynamicLit
  | TypeofLit
  | NameRef
  | Member
  | Index
  | Call
  | Unary
  | Binary
  | InExpr
  | BetweenExpr
  | Paren
  | TabularExpr
  | StarExpr
  | ListExpr;

/** `"a"`, `'a'`, `@"a"`, adjacent literals concatenated; `value` is the decoded text. */
export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
}

/** `1`, `1.5`, `1e3`, `long(1)`, `real(nan)`; `type` is the literal's KQL type. */
export interface NumberLit {
  readonly kind: 'number';
  /** The literal's text as written (digits only), so long values keep full precision. */
  readonly text: string;
  readonly value: number;
  readonly type: 'long' | 'int' | 'real' | 'decimal';
  readonly span: Span;
}

export interface BoolLit {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly span: Span;
}

/** A typed null: `datetime(null)`, `long(null)`, `dynamic(null)`… */
export interface NullLit {
  readonly kind: 'null';
  readonly type: string;
  readonly span: Span;
}

/** `datetime(2024-01-01 10:00)`; `text` is the inside of the parentheses. */
export interface DatetimeLit {
  readonly kind: 'datetime';
  readonly text: string;
  readonly span: Span;
}

/** `1d`, `2.5h`, `timespan(1.02:03:04)`; `ticks` counts 100-nanosecond units. */
export interface TimespanLit {
  readonly kind: 'timespan';
  readonly ticks: bigint;
  readonly span: Span;
}

/** `dynamic([1, "a"])`, `dynamic({"k": 1})`, `dynamic(null)`: the JSON value it holds. */
export interface DynamicLit {
  readonly kind: 'dynamic';
  readonly value: unknown;
  readonly span: Span;
}

/** `typeof(long)` as used by `mv-expand … to typeof(T)` and `extract(…, typeof(T))`. */
export interface TypeofLit {
  readonly kind: 'typeof';
  readonly type: string;
  readonly span: Span;
}

/** A bare name: a column, a `let` scalar, or a table (resolved by the binder). */
export interface NameRef {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
}

/** `x.a` and `x.['a']` / `x['a']` (string key). `$left.a` / `$right.b` are `target` names `$left`. */
export interface Member {
  readonly kind: 'member';
  readonly target: Expr;
  readonly key: string;
  readonly span: Span;
}

/** `x[0]`, `x[-1]`, `x[expr]` where the index is not a string literal. */
export interface Index {
  readonly kind: 'index';
  readonly target: Expr;
  readonly index: Expr;
  readonly span: Span;
}

/** `f(a, b)`; `name` is as written (case-sensitive in KQL). */
export interface Call {
  readonly kind: 'call';
  readonly name: Ident;
  readonly args: readonly Expr[];
  /**
   * Named arguments, as in user functions called with `x=1`; absent when there are none. They
   * are kept apart from `args`, which holds the positional arguments only.
   */
  readonly namedArgs?: readonly NamedArg[];
  readonly span: Span;
}

/** `name = value` inside a call's argument list. */
export interface NamedArg {
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export type UnaryOp = 'not' | '-' | '+';

export interface Unary {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: Span;
}

/**
 * Binary operators, exactly as spelled in KQL (lower case): arithmetic, comparison, logical and
 * the string operators (`has`, `!contains_cs`, `matches regex`, `=~`, …).
 */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | '!~'
  | 'and'
  | 'or'
  | 'has'
  | '!has'
  | 'has_cs'
  | '!has_cs'
  | 'hasprefix'
  | '!hasprefix'
  | 'hasprefix_cs'
  | '!hasprefix_cs'
  | 'hassuffix'
  | '!hassuffix'
  | 'hassuffix_cs'
  | '!hassuffix_cs'
  | 'contains'
  | '!contains'
  | 'contains_cs'
  | '!contains_cs'
  | 'startswith'
  | '!startswith'
  | 'startswith_cs'
  | '!startswith_cs'
  | 'endswith'
  | '!endswith'
  | 'endswith_cs'
  | '!endswith_cs'
  | 'matches regex'
  | 'has_any'
  | 'has_all';

export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** Span of the operator token(s), for diagnostics about the operator itself. */
  readonly opSpan: Span;
  readonly span: Span;
}

/** `x in (a, b)`, `x !in~ (…)`, `x in (T | project c)`, `x has_any (…)` is a Binary instead. */
export interface InExpr {
  readonly kind: 'in';
  readonly op: 'in' | '!in' | 'in~' | '!in~';
  readonly left: Expr;
  readonly items: readonly Expr[];
  readonly span: Span;
}

export interface BetweenExpr {
  readonly kind: 'between';
  readonly negated: boolean;
  readonly left: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly span: Span;
}

export interface Paren {
  readonly kind: 'paren';
  readonly expr: Expr;
  readonly span: Span;
}

/** A tabular expression in a scalar position: `x in (T | project c)`, `toscalar(T | …)`. */
export interface TabularExpr {
  readonly kind: 'tabular';
  readonly query: Pipeline;
  readonly span: Span;
}

/** `*` as an argument: `count(*)`… rarely; `arg_max(T, *)`. */
export interface StarExpr {
  readonly kind: 'star';
  readonly span: Span;
}

/**
 * The parenthesised right operand of `has_any` / `has_all`: `x has_any ("a", "b")` or
 * `x has_any (list)` (one item that may be a dynamic array, a tabular expression is a
 * `TabularExpr` item). Without parentheses the right operand is the expression itself.
 */
export interface ListExpr {
  readonly kind: 'list';
  readonly items: readonly Expr[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Tabular expressions

/** `source | op | op …` */
export interface Pipeline {
  readonly kind: 'pipeline';
  readonly source: TabularSource;
  readonly operators: readonly Operator[];
  readonly span: Span;
}

export type TabularSource =
  | TableRef
  | UnionSource
  | DatatableSource
  | PrintSource
  | RangeSource
  | ParenSource
  | CallSource
  | ExternalDataSource
  | UnsupportedSource;

/** A table or a tabular `let` name, written bare. */
export interface TableRef {
  readonly kind: 'table';
  readonly name: Ident;
  readonly span: Span;
}

/** `union [kind=…] [withsource=C] [isfuzzy=true] T1, (T2 | …)` as the first thing in a query. */
export interface UnionSource {
  readonly kind: 'unionSource';
  readonly union: UnionOp;
  readonly span: Span;
}

/** `datatable(a:long, b:string) [1, "x", …]` */
export interface DatatableSource {
  readonly kind: 'datatable';
  readonly columns: readonly ColumnDecl[];
  readonly values: readonly Expr[];
  readonly span: Span;
}

/** `print a = 1, 2` */
export interface PrintSource {
  readonly kind: 'print';
  readonly columns: readonly Assignment[];
  readonly span: Span;
}

/** `range x from 1 to 10 step 1` */
export interface RangeSource {
  readonly kind: 'range';
  readonly column: Ident;
  readonly from: Expr;
  readonly to: Expr;
  readonly step: Expr;
  readonly span: Span;
}

/** `(T | where …)` used as a source. */
export interface ParenSource {
  readonly kind: 'parenSource';
  readonly query: Pipeline;
  readonly span: Span;
}

/** `table("T")`, `materialize(T | …)`, `f(x)` for a tabular `let` function. */
export interface CallSource {
  readonly kind: 'callSource';
  readonly call: Call;
  readonly span: Span;
}

/**
 * `externaldata(a:string) [h@"https://…"] with (format="csv")`: parsed so the binder can report it
 * (rule2sql has no network access at query time). `options` are the `with (…)` pairs as written.
 */
export interface ExternalDataSource {
  readonly kind: 'externaldata';
  readonly columns: readonly ColumnDecl[];
  readonly uris: readonly Expr[];
  readonly options: readonly {
    readonly name: string;
    readonly value: string;
    readonly span: Span;
  }[];
  readonly span: Span;
}

/**
 * A source rule2sql recognises but does not translate (`search "x"`, `find where …`): the parser
 * skips its arguments, as for `UnsupportedOp`, so the binder can report it with a span.
 */
export interface UnsupportedSource {
  readonly kind: 'unsupportedSource';
  readonly name: string;
  readonly span: Span;
}

export interface ColumnDecl {
  readonly name: Ident;
  readonly type: string;
  readonly span: Span;
}

/** `name = expr` or a bare `expr` (the binder names it). `names` has several for `(a, b) = …`. */
export interface Assignment {
  readonly names: readonly Ident[];
  readonly expr: Expr;
  readonly span: Span;
}

export type Operator =
  | WhereOp
  | ExtendOp
  | ProjectOp
  | ProjectAwayOp
  | ProjectKeepOp
  | ProjectRenameOp
  | ProjectReorderOp
  | SummarizeOp
  | DistinctOp
  | JoinOp
  | LookupOp
  | UnionOp
  | MvExpandOp
  | MvApplyOp
  | ParseOp
  | SortOp
  | TopOp
  | TakeOp
  | CountOp
  | SerializeOp
  | AsOp
  | InvokeOp
  | PartitionOp
  | EvaluateOp
  | UnsupportedOp;

export interface WhereOp {
  readonly kind: 'where';
  readonly predicate: Expr;
  readonly span: Span;
}

export interface ExtendOp {
  readonly kind: 'extend';
  readonly columns: readonly Assignment[];
  readonly span: Span;
}

export interface ProjectOp {
  readonly kind: 'project';
  readonly columns: readonly Assignment[];
  readonly span: Span;
}

/** A column name pattern in `project-away` etc.; may hold `*` wildcards. */
export interface NamePattern {
  readonly pattern: string;
  /** Whether `*` in the pattern is a wildcard: not in a quoted name (`['a*b']`). */
  readonly wildcard: boolean;
  readonly span: Span;
}

export interface ProjectAwayOp {
  readonly kind: 'project-away';
  readonly columns: readonly NamePattern[];
  readonly span: Span;
}

export interface ProjectKeepOp {
  readonly kind: 'project-keep';
  readonly columns: readonly NamePattern[];
  readonly span: Span;
}

export interface ProjectRenameOp {
  readonly kind: 'project-rename';
  readonly renames: readonly { readonly newName: Ident; readonly oldName: Ident }[];
  readonly span: Span;
}

export interface ProjectReorderOp {
  readonly kind: 'project-reorder';
  readonly columns: readonly { readonly pattern: NamePattern; readonly order?: 'asc' | 'desc' }[];
  readonly span: Span;
}

export interface SummarizeOp {
  readonly kind: 'summarize';
  readonly aggregates: readonly Assignment[];
  readonly by: readonly Assignment[];
  readonly span: Span;
}

export interface DistinctOp {
  readonly kind: 'distinct';
  /** Empty with `star: true` for `distinct *`. */
  readonly columns: readonly Expr[];
  readonly star: boolean;
  readonly span: Span;
}

export type { JoinKind } from '../types.js';

/** One `on` term: `Col` (same name both sides) or `$left.a == $right.b`. */
export type JoinCondition =
  | { readonly kind: 'same'; readonly column: Ident; readonly span: Span }
  | { readonly kind: 'pair'; readonly left: Ident; readonly right: Ident; readonly span: Span };

export interface JoinOp {
  readonly kind: 'join';
  /** As written, normalised: `anti` → `leftanti`, `leftantisemi` → `leftanti`, … */
  readonly joinKind: JoinKind;
  readonly kindSpan?: Span;
  /** Other `name=value` options such as `hint.strategy`; kept to report or ignore. */
  readonly options: readonly {
    readonly name: string;
    readonly value: string;
    readonly span: Span;
  }[];
  readonly right: Pipeline;
  readonly on: readonly JoinCondition[];
  readonly span: Span;
}

export interface LookupOp {
  readonly kind: 'lookup';
  readonly lookupKind: 'leftouter' | 'inner';
  readonly right: Pipeline;
  readonly on: readonly JoinCondition[];
  readonly span: Span;
}

export interface UnionOp {
  readonly kind: 'union';
  readonly unionKind: 'outer' | 'inner';
  readonly withSource?: Ident;
  readonly isFuzzy: boolean;
  readonly legs: readonly Pipeline[];
  readonly span: Span;
}

export interface MvExpandItem {
  /** `name = expr` or a bare column. */
  readonly name?: Ident;
  readonly expr: Expr;
  /** `to typeof(T)` */
  readonly toType?: string;
  readonly span: Span;
}

export interface MvExpandOp {
  readonly kind: 'mv-expand';
  /** `mvexpand` (legacy: default limit 128) vs `mv-expand`. */
  readonly legacy: boolean;
  readonly bagExpansion: 'bag' | 'array';
  readonly withItemIndex?: Ident;
  readonly items: readonly MvExpandItem[];
  readonly limit?: Expr;
  readonly span: Span;
}

export interface MvApplyOp {
  readonly kind: 'mv-apply';
  readonly withItemIndex?: Ident;
  readonly items: readonly MvExpandItem[];
  readonly limit?: Expr;
  /** The subquery after `on (`, as a pipeline whose source is the expanded row. */
  readonly body: readonly Operator[];
  readonly span: Span;
}

export type ParsePatternPart =
  | { readonly kind: 'literal'; readonly text: string; readonly span: Span }
  | { readonly kind: 'star'; readonly span: Span }
  | { readonly kind: 'column'; readonly name: Ident; readonly type?: string; readonly span: Span };

export interface ParseOp {
  readonly kind: 'parse';
  readonly parseKind: 'simple' | 'regex' | 'relaxed';
  /** `parse-where` drops rows that do not match. */
  readonly where: boolean;
  readonly flags?: string;
  readonly source: Expr;
  readonly pattern: readonly ParsePatternPart[];
  readonly span: Span;
}

export interface SortKey {
  readonly expr: Expr;
  readonly order: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
  readonly span: Span;
}

export interface SortOp {
  readonly kind: 'sort';
  readonly keys: readonly SortKey[];
  readonly span: Span;
}

export interface TopOp {
  readonly kind: 'top';
  readonly count: Expr;
  readonly key: SortKey;
  readonly span: Span;
}

export interface TakeOp {
  readonly kind: 'take';
  readonly count: Expr;
  readonly span: Span;
}

export interface CountOp {
  readonly kind: 'count';
  readonly span: Span;
}

export interface SerializeOp {
  readonly kind: 'serialize';
  readonly columns: readonly Assignment[];
  readonly span: Span;
}

export interface AsOp {
  readonly kind: 'as';
  readonly name: Ident;
  readonly span: Span;
}

export interface InvokeOp {
  readonly kind: 'invoke';
  readonly call: Call;
  readonly span: Span;
}

export interface PartitionOp {
  readonly kind: 'partition';
  readonly by: Ident;
  readonly body: Pipeline | readonly Operator[];
  readonly span: Span;
}

export interface EvaluateOp {
  readonly kind: 'evaluate';
  readonly call: Call;
  readonly span: Span;
}

/**
 * A syntactically recognised operator with no translation (`make-series`, `externaldata`…): the
 * parser skips its arguments so the binder can report it with a precise span.
 */
export interface UnsupportedOp {
  readonly kind: 'unsupported';
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface LetStatement {
  readonly kind: 'let';
  readonly name: Ident;
  readonly value: LetValue;
  readonly span: Span;
}

export type LetValue =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'query'; readonly query: Pipeline; readonly materialize: boolean }
  | {
      readonly kind: 'function';
      readonly params: readonly FunctionParam[];
      readonly body: FunctionBody;
    };

export interface FunctionParam {
  readonly name: Ident;
  /** A scalar type name, or `tabular` with its declared columns (empty for `(*)`). */
  readonly type: string;
  readonly tabularColumns?: readonly ColumnDecl[];
  readonly defaultValue?: Expr;
  readonly span: Span;
}

/** `{ let …; expr }`: statements then a final scalar or tabular expression. */
export interface FunctionBody {
  readonly lets: readonly LetStatement[];
  readonly result: Pipeline | Expr;
  readonly span: Span;
}

/** A whole KQL query: `let` statements then one tabular expression. */
export interface Query {
  readonly lets: readonly LetStatement[];
  readonly body: Pipeline;
  readonly span: Span;
}
