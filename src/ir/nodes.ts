/**
 * The intermediate relational plan. The binder produces it from the KQL syntax tree; every
 * backend prints SQL from it. Nodes are readonly data tagged by `kind`; every node carries the
 * output schema it produces, so printers never re-derive types.
 *
 * Invariant the backends rely on: a scalar of KQL type `string` never evaluates to SQL NULL
 * (KQL strings cannot be null). Scans normalise stored NULL strings to `''`, and every
 * string-producing function is printed so that it cannot yield NULL.
 */
import type { Span } from '../diagnostics.js';
import type { JoinKind, KqlType } from '../types.js';

export interface Column {
  readonly name: string;
  readonly type: KqlType;
}

// ---------------------------------------------------------------------------------------------
// Scalars

/** Semantic operations a scalar call can perform; each backend maps every one of them. */
export type Fn =
  // logic and comparison
  | 'and'
  | 'or'
  | 'not'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'eq_ci'
  | 'ne_ci'
  | 'in'
  | 'in_ci'
  | 'between'
  // arithmetic
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'mod'
  | 'neg'
  // string predicates (negated forms are `not(...)` around these: strings are never null)
  | 'has'
  | 'has_cs'
  | 'hasprefix'
  | 'hasprefix_cs'
  | 'hassuffix'
  | 'hassuffix_cs'
  | 'contains'
  | 'contains_cs'
  | 'startswith'
  | 'startswith_cs'
  | 'endswith'
  | 'endswith_cs'
  | 'matches_regex'
  // emptiness
  | 'isempty'
  | 'isnotempty'
  | 'isnull'
  | 'isnotnull'
  // conversion
  | 'tostring'
  | 'parse_json'
  | 'tolong'
  | 'toint'
  | 'toreal'
  | 'tobool'
  | 'todatetime'
  // strings
  | 'strcat'
  | 'strlen'
  | 'tolower'
  | 'toupper'
  | 'replace_string'
  | 'split'
  | 'split_part'
  | 'substring'
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
  // dynamic
  | 'array_length'
  | 'gettype'
  | 'bag_keys'
  | 'set_has_element'
  | 'array_index_of'
  | 'pack_array'
  | 'bag_pack'
  | 'array_concat'
  | 'array_slice'
  // numbers
  | 'abs'
  | 'round'
  | 'bin'
  // conditional
  | 'coalesce'
  // datetime: `startof`, `datepart`, `datetime_diff` and `datetime_add` take the unit as a
  // constant string first argument (day, week, month, year; hour, minute…)
  | 'now'
  | 'startof'
  | 'datepart'
  | 'datetime_diff'
  | 'datetime_add'
  | 'format_datetime'
  | 'totimespan'
  // IPv4
  | 'parse_ipv4'
  | 'ipv4_is_private'
  | 'ipv4_is_match'
  | 'ipv4_compare';

export type Scalar = ColumnRef | Literal | Call | CaseExpr | JsonPath | Subquery;

/** A column of the operator's input (for joins: `side` says which input). */
export interface ColumnRef {
  readonly kind: 'column';
  readonly name: string;
  readonly type: KqlType;
  readonly side?: 'left' | 'right';
  readonly span?: Span;
}

/**
 * A constant. `value` by type: string → string; long/int → bigint; real → number;
 * bool → boolean; datetime → bigint microseconds since the epoch; timespan → bigint
 * microseconds; dynamic → the JSON value (`null` is KQL null); null of any type → null.
 */
export interface Literal {
  readonly kind: 'literal';
  readonly type: KqlType;
  readonly value: bigint | JsonValue;
  readonly span?: Span;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export interface Call {
  readonly kind: 'call';
  readonly fn: Fn;
  readonly args: readonly Scalar[];
  readonly type: KqlType;
  readonly span?: Span;
}

/** `case(...)`, `iff(...)`: the first true condition wins; a null condition counts as false. */
export interface CaseExpr {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: Scalar; readonly then: Scalar }[];
  readonly otherwise: Scalar;
  readonly type: KqlType;
  readonly span?: Span;
}

/**
 * `d.a`, `d['a']`, `d[0]`, `d[-1]` on a dynamic value: a missing key, an out-of-range index or
 * a step on the wrong kind of value gives null (never an error); JSON null is null.
 */
export interface JsonPath {
  readonly kind: 'path';
  readonly target: Scalar;
  readonly steps: readonly (string | number)[];
  readonly type: 'dynamic';
  readonly span?: Span;
}

/**
 * A tabular expression in a scalar position (SEMANTICS §14). `mode` `value` is `toscalar(T)`:
 * the first column of the first row of `rel` (`rel` already keeps at most one row, in KQL's
 * order), null when `rel` is empty (`''` for strings). `mode` `in` is `value in (T)`: whether
 * `value` equals some value of `rel`'s only column; never null. `rel` reads no outer column.
 */
export interface Subquery {
  readonly kind: 'subquery';
  readonly mode: 'value' | 'in';
  readonly rel: Rel;
  readonly value?: Scalar;
  readonly type: KqlType;
  readonly span?: Span;
}

// ---------------------------------------------------------------------------------------------
// Relations

export type Rel =
  | Scan
  | CteRef
  | Filter
  | Project
  | Distinct
  | Join
  | MvExpand
  | Sort
  | Limit
  | Aggregate
  | Union
  | Values
  | Parse
  | Window;

interface RelBase {
  readonly columns: readonly Column[];
  readonly span?: Span;
}

/** A physical table. String columns are normalised to `''` where the table holds NULL. */
export interface Scan extends RelBase {
  readonly kind: 'scan';
  readonly table: string;
  /**
   * Set when `ingestion_time()` reads this scan's rows: `column` names the last column of
   * `columns`, which holds the table's hidden ingestion-time column (`INGESTION_TIME_COLUMN`);
   * `span` is the first call's.
   */
  readonly ingestionTime?: { readonly column: string; readonly span?: Span };
  /**
   * Set when `columns` holds only some of the table's columns (ir/prune.ts): the columns the
   * scan had before, from which the physical names of the stored columns are derived (they
   * depend on the whole list, not on the columns read).
   */
  readonly tableColumns?: readonly Column[];
}

/** A reference to a named relation of the plan (a tabular `let`). */
export interface CteRef extends RelBase {
  readonly kind: 'cte';
  readonly name: string;
}

export interface Filter extends RelBase {
  readonly kind: 'filter';
  readonly input: Rel;
  readonly predicate: Scalar;
}

/** Output exactly `outputs`, in order: covers extend, project, project-away and renames. */
export interface Project extends RelBase {
  readonly kind: 'project';
  readonly input: Rel;
  readonly outputs: readonly { readonly name: string; readonly expr: Scalar }[];
}

export interface Distinct extends RelBase {
  readonly kind: 'distinct';
  readonly input: Rel;
}

export type { JoinKind } from '../types.js';

/**
 * A KQL join. `outputs` names every output column and where it comes from; the right side's
 * clashing names are already suffixed (`AwsEventId1`). Keys compare with KQL's equality, under
 * which null keys match each other.
 */
export interface Join extends RelBase {
  readonly kind: 'join';
  readonly joinKind: JoinKind;
  readonly left: Rel;
  readonly right: Rel;
  readonly keys: readonly { readonly left: Column; readonly right: Column }[];
  readonly outputs: readonly {
    readonly name: string;
    readonly side: 'left' | 'right';
    readonly source: Column;
  }[];
}

/**
 * `mv-expand`: each array element (or single-key bag of a property bag; with `bagExpansion`
 * `array`, a `[key, value]` pair) becomes a row; an empty array or bag drops the row; null and
 * scalars keep one row holding themselves. Several columns expand in parallel (zip), the shorter
 * ones padded with null.
 */
export interface MvExpand extends RelBase {
  readonly kind: 'mvexpand';
  readonly input: Rel;
  /**
   * The dynamic input columns expanded; the output column of the same name holds the element,
   * converted to `type` (a failed conversion is null) unless `type` is dynamic.
   */
  readonly items: readonly { readonly column: string; readonly type: KqlType }[];
  readonly bagExpansion: 'bag' | 'array';
  /** `with_itemindex=i`: a long column, appended last, with the 0-based element index. */
  readonly indexColumn?: string;
  /** At most this many rows per input row. */
  readonly limit?: bigint;
}

export interface Sort extends RelBase {
  readonly kind: 'sort';
  readonly input: Rel;
  readonly keys: readonly {
    readonly expr: Scalar;
    readonly descending: boolean;
    readonly nullsFirst: boolean;
  }[];
}

export interface Limit extends RelBase {
  readonly kind: 'limit';
  readonly input: Rel;
  readonly count: bigint;
}

/** Aggregate functions of `summarize` (see `Aggregate`). */
export type AggFn =
  | 'count'
  | 'countif'
  | 'dcount'
  | 'dcountif'
  | 'sum'
  | 'sumif'
  | 'min'
  | 'max'
  | 'avg'
  | 'take_any'
  | 'make_set'
  | 'make_set_if'
  | 'make_list'
  | 'make_list_if'
  | 'make_bag'
  | 'make_bag_if';

/**
 * One aggregate of a group. `args` are the KQL arguments (the `_if` forms end with the
 * predicate); `limit` caps the elements of make_set/make_list/make_bag. Nulls are ignored.
 */
export interface AggCall {
  readonly fn: AggFn;
  readonly args: readonly Scalar[];
  readonly type: KqlType;
  readonly limit?: bigint;
}

export type AggOutput =
  | { readonly name: string; readonly kind: 'agg'; readonly agg: AggCall }
  /** The value of `expr` in the row chosen by `picks[pick]` (arg_max / arg_min). */
  | { readonly name: string; readonly kind: 'pick'; readonly pick: number; readonly expr: Scalar };

/**
 * `summarize`: one row per distinct tuple of `keys` (null keys form a group); exactly one row
 * when there are no keys, even on empty input. Output: the keys, then `outputs`. Empty groups'
 * defaults: 0 for counts and sums, `[]` for make_*, null otherwise (NaN for avg where the
 * engine can hold it).
 */
export interface Aggregate extends RelBase {
  readonly kind: 'aggregate';
  readonly input: Rel;
  readonly keys: readonly { readonly name: string; readonly expr: Scalar }[];
  /**
   * arg_max / arg_min: each pick chooses one row per group, the one with the largest
   * (`max`) or smallest `by`, skipping nulls (any row when every `by` is null).
   */
  readonly picks: readonly { readonly by: Scalar; readonly max: boolean }[];
  readonly outputs: readonly AggOutput[];
}

/**
 * `union`: the rows of every input (duplicates kept). The binder has projected every input to
 * exactly `columns` (names and types, in order), so the printer unions positionally.
 */
export interface Union extends RelBase {
  readonly kind: 'union';
  readonly inputs: readonly Rel[];
}

/** Constant rows (`datatable`, `print`): each row holds one scalar per column, no column refs. */
export interface Values extends RelBase {
  readonly kind: 'values';
  readonly rows: readonly (readonly Scalar[])[];
}

/**
 * One element of a `parse` pattern (SEMANTICS §13). `literal` text matches itself; `regex` is a
 * KQL (RE2) regular expression (kind=regex); `skip` is `*`; `capture` is a column: `any` text or
 * an `integer` (`-?\d+`, the long/int shape of kind=regex). `lazy` captures and skips stop at the
 * first place where the rest of the pattern matches.
 */
export type ParsePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: string }
  | { readonly kind: 'skip'; readonly lazy: boolean }
  | { readonly kind: 'capture'; readonly shape: 'any' | 'integer'; readonly lazy: boolean };

/**
 * The matching half of `parse`: the input columns, then one string column per capture of
 * `parts` (named by `captures`, in order; `''` when the pattern does not match or the group does
 * not take part), then the bool column `matched`. The pattern matches the whole of `source`
 * when `anchored`, else anywhere in it (a search). `dotAll`: skips and `any` captures cross line
 * breaks. The binder converts typed columns and drops the helper columns in a projection above.
 */
export interface Parse extends RelBase {
  readonly kind: 'parse';
  readonly input: Rel;
  /** The string column of `input` parsed. */
  readonly source: string;
  readonly parts: readonly ParsePart[];
  readonly anchored: boolean;
  readonly dotAll: boolean;
  readonly caseInsensitive: boolean;
  readonly captures: readonly string[];
  readonly matched: string;
}

/**
 * A function computed over an ordered window of rows (`Window`). `row_number`: 1, 2, … in the
 * window's order; `stable_row_number`: a number unique within the relation that is the same each
 * time the relation is evaluated (no order asked; printers number by every column where the engine
 * may evaluate a shared relation twice); `prev` / `next`: the value of `expr` `offset` rows before
 * / after in the window's order, `default` (or null, `''` for strings) past the edge; `cumsum`: the
 * sum of `expr` over the window's rows up to and including this one (nulls count as 0);
 * `session` (row_window_session): the value of the datetime `expr` at the start of the row's
 * session. A row starts a session when it is the first, when the previous row's `expr` is null,
 * when `expr` is at least the session's start plus `maxFromFirst` or the previous row's `expr`
 * plus `maxBetween` (both constant timespans), or when `restart` (a bool) is true; a null `expr`
 * gives null. A window with a `session` output has only that output, no partition and one order
 * key whose values are distinct (a row number), as the session start of a row depends on the
 * session start of the row before.
 */
export type WindowFn =
  | { readonly kind: 'row_number' }
  | { readonly kind: 'stable_row_number' }
  | {
      readonly kind: 'prev' | 'next';
      readonly expr: Scalar;
      readonly offset: bigint;
      readonly default?: Scalar;
    }
  | { readonly kind: 'cumsum'; readonly expr: Scalar }
  | {
      readonly kind: 'session';
      readonly expr: ColumnRef;
      readonly maxFromFirst: Literal;
      readonly maxBetween: Literal;
      readonly restart?: ColumnRef;
    };

/**
 * The input's rows and columns, followed by one column per `outputs` entry, each computed by a
 * window function over the rows of the same `partitionBy` values (every row when empty), in the
 * order of `orderBy`. Every scalar of a window (partition and order keys, function arguments) is a
 * column reference of `input`: the binder computes expressions in a projection below.
 */
export interface Window extends RelBase {
  readonly kind: 'window';
  readonly input: Rel;
  readonly partitionBy: readonly Scalar[];
  readonly orderBy: Sort['keys'];
  readonly outputs: readonly {
    readonly name: string;
    readonly fn: WindowFn;
    readonly type: KqlType;
  }[];
}

/** A whole query: named relations (tabular `let`s, in dependency order) and the result. */
export interface Plan {
  /** `materialized`: `materialize()`, computed once (PostgreSQL `AS MATERIALIZED`). */
  readonly ctes: readonly {
    readonly name: string;
    readonly rel: Rel;
    readonly materialized?: boolean;
  }[];
  readonly root: Rel;
}
