/**
 * Tabular operators in the binder: output column names and types (KQL's naming rules, checked
 * against the official binder's behaviour described in SEMANTICS.md §5, §9–§10), and the
 * diagnostics of what is refused.
 */
import { describe, expect, it } from 'vitest';
import { planQuery, printPlan } from '../../src/compile.js';
import { CompileError } from '../../src/diagnostics.js';
import type { SchemaRegistry } from '../../src/schema.js';

const schemas: SchemaRegistry = new Map([
  [
    'T',
    {
      name: 'T',
      columns: [
        { name: 'a', type: 'long' },
        { name: 's', type: 'string' },
        { name: 'd', type: 'dynamic' },
        { name: 't', type: 'datetime' },
        { name: 'b', type: 'bool' },
        { name: 'i', type: 'int' },
        { name: 'r', type: 'real' },
      ],
    },
  ],
  [
    'U',
    {
      name: 'U',
      columns: [
        { name: 'a', type: 'string' },
        { name: 'z', type: 'long' },
        { name: 's', type: 'string' },
      ],
    },
  ],
]);

function columns(query: string): string {
  const plan = planQuery({ name: '<test>', text: query }, { schemas });
  return plan.root.columns.map((c) => `${c.name}:${c.type}`).join(', ');
}

function codes(query: string): string[] {
  try {
    planQuery({ name: '<test>', text: query }, { schemas });
    return [];
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
}

const ALL = 'a:long, s:string, d:dynamic, t:datetime, b:bool, i:int, r:real';

describe('output columns of tabular operators', () => {
  it.each([
    [
      'T | summarize count(), dcount(s), dcount(tolower(s)), sum(i), max(t), make_set(tostring(d.x)), avg(a), countif(b), sumif(a, b), take_any(s), make_list(s), count()',
      'count_:long, dcount_s:long, dcount_:long, sum_i:long, max_t:datetime, set_d_x:dynamic, avg_a:real, countif_b:long, sumif_a:long, s:string, list_s:dynamic, count_1:long',
    ],
    [
      'T | summarize countif(a > 1), max(a + 1), any(t), sum(r) by todatetime(t), tostring(d.x), tolower(s), a + 1, z = a',
      't:datetime, d_x:string, Column1:string, Column2:long, z:long, countif_:long, max_:long, any_t:datetime, sum_r:real',
    ],
    [
      'T | summarize arg_max(t, s, a), arg_min(a, *) by s',
      's:string, t:datetime, s1:string, a:long, a1:long, d:dynamic, t1:datetime, b:bool, i:int, r:real',
    ],
    [
      'T | summarize c = count(), L = arg_max(t, *) by todatetime(t), s',
      't:datetime, s:string, c:long, L:datetime, a:long, d:dynamic, b:bool, i:int, r:real',
    ],
    ['T | summarize arg_max(t + 1s, *)', `max_:datetime, ${ALL}`],
    [
      'T | summarize x = count() * 2, count() + 1, y = max(a) - min(a) by s',
      's:string, x:long, Column1:long, y:long',
    ],
    [
      'T | summarize max(a), max(a), count_ = count(), count()',
      'max_a:long, max_a1:long, count_:long, count_1:long',
    ],
    ['T | summarize by s, tolong(a)', 's:string, a:long'],
    ['T | count', 'Count:long'],
    [
      'T | project tostring(d.x), tolong(a), d.x.y, strlen(s)',
      'd_x:string, a:long, d_x_y:dynamic, strlen_s:long',
    ],
    ['T | extend tostring(s), d.x, a + 1', `${ALL}, d_x:dynamic, Column1:long`],
    [
      'T | project-rename n = s, m = a',
      'm:long, n:string, d:dynamic, t:datetime, b:bool, i:int, r:real',
    ],
    ['T | project-reorder r, t*', 'r:real, t:datetime, a:long, s:string, d:dynamic, b:bool, i:int'],
    ['T | project-reorder * asc', 'a:long, b:bool, d:dynamic, i:int, r:real, s:string, t:datetime'],
    ['T | project-keep *i*, a', 'a:long, i:int'],
    ['T | sort by a | project s', 's:string'],
    ['T | top 3 by t asc nulls last', ALL],
    [
      'T | mv-expand todynamic(s)',
      'a:long, s:dynamic, d:dynamic, t:datetime, b:bool, i:int, r:real',
    ],
    ['T | mv-expand x = d, d.y', `${ALL}, x:dynamic, d_y:dynamic`],
    [
      'T | mv-expand with_itemindex=i d to typeof(long), s = d',
      'a:long, s:dynamic, d:long, t:datetime, b:bool, i:int, r:real, i1:long',
    ],
    ['T | mvexpand kind=array d limit 3', ALL],
    [
      'union withsource=src T, (U | where z > 1)',
      'src:string, a_long:long, a_string:string, s:string, d:dynamic, t:datetime, b:bool, i:int, r:real, z:long',
    ],
    ['T | project s | union kind=inner (U | project z, s)', 's:string'],
  ])('%s', (query, expected) => {
    expect(columns(query)).toBe(expected);
  });
});

describe('refusals', () => {
  it.each([
    // make_list of dynamic values: whether arrays flatten (as in make_set) is not documented.
    ['T | summarize make_list(d)', 'KQL3001'],
    ['T | summarize make_bag(s)', 'KQL2005'],
    ['T | summarize take_any(*)', 'KQL3001'],
    ['T | summarize max(d)', 'KQL2005'],
    ['T | summarize sum(s)', 'KQL2005'],
    ['T | summarize a + 1', 'KQL2007'],
    ['T | sort by d', 'KQL2005'],
    ['T | sort by a | mv-expand d', 'KQL3001'],
    ['T | project-rename s = a', 'KQL2006'],
    // Kusto's binder (KS171): a new name that an input column has, even the one being renamed
    // or one renamed away in the same operator, or that another rename gives.
    ['T | project-rename s = s', 'KQL2006'],
    ['T | project-rename n = s, s = a', 'KQL2006'],
    ['T | project-rename n = s, n = a', 'KQL2006'],
    ['T | project-rename x = nope', 'KQL2004'],
    ['T | mv-expand s', 'KQL2005'],
    ['T | mv-expand d to typeof(datetime)', 'KQL3003'],
  ])('%s → %s', (query, code) => {
    const got =
      code === 'KQL3003'
        ? (() => {
            try {
              const plan = planQuery({ name: '<test>', text: query }, { schemas });
              return codesOfPrint(plan);
            } catch (e) {
              if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
              throw e;
            }
          })()
        : codes(query);
    expect(got).toEqual([code]);
  });
});

function codesOfPrint(plan: ReturnType<typeof planQuery>): string[] {
  try {
    printPlan(plan, 'sqlite');
    return [];
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
}

describe('project-rename of one column twice', () => {
  it("keeps the first new name, as Kusto's binder does", () => {
    expect(columns('T | project a, s | project-rename y = s, z = s')).toBe('a:long, y:string');
  });
});

// Valid KQL that is refused with the unsupported codes, and KQL that Kusto itself refuses,
// each at its place rather than as a syntax error or an exhausted stack.
describe('refusals with their construct', () => {
  it.each([
    // Kusto's aggregation functions rule2sql does not compute are unsupported, not "summarize
    // needs an aggregate"; a call that is no function at all is unknown.
    ['T | summarize percentile(a, 50)', 'KQL3002'],
    ['T | summarize x = stdev(r) by s', 'KQL3002'],
    ['T | summarize round(variance(r), 2)', 'KQL3002'],
    ['T | summarize count_distinct(s)', 'KQL3002'],
    ['T | summarize foo(a)', 'KQL2002'],
    ['T | summarize x = a + 1', 'KQL2007'],
    ['T | where * has "x"', 'KQL3001'],
    // A Kusto function rule2sql does not translate (src/frontend/kusto-names.ts) is unsupported;
    // a name Kusto does not know either is unknown.
    ['T | extend x = datetime_add("day", 1, t)', 'KQL3002'],
    ['T | extend x = unixtime_seconds_todatetime(a)', 'KQL3002'],
    ['T | extend x = datetime_addd("day", 1, t)', 'KQL2002'],
    // Whole numbers past a long: Kusto's binder says long, the engines disagree on the value.
    ['T | extend x = 9223372036854775808', 'KQL3004'],
    ['T | take 99999999999999999999', 'KQL3004'],
    ['T | extend x = int(2147483648)', 'KQL3004'],
    ['T | where * contains "x"', 'KQL3001'],
    ['T | extend g = guid(74be27de-1e4e-49d9-b579-fe0b331d3642)', 'KQL3002'],
    ['T | extend g = toguid(s)', 'KQL3002'],
    // user-defined-functions.md: recursion is not supported.
    ['let f = (x:long) { f(x) }; T | extend y = f(a)', 'KQL2007'],
    ['let f = (n:long) { T | where a > n | union f(n) }; f(1)', 'KQL2007'],
  ])('%s is %s', (query, code) => {
    expect(codes(query)).toEqual([code]);
  });

  it('a function called on its own result is no recursion', () => {
    expect(columns('let h = (x:long) { x + 1 }; T | project y = h(h(a))')).toBe('y:long');
  });
});

describe('whole-number literals at the ends of their range', () => {
  it('binds the largest long and, negated, the smallest', () => {
    expect(columns('T | project x = 9223372036854775807, y = -9223372036854775808')).toBe(
      'x:long, y:long',
    );
    expect(columns('T | project x = -int(2147483648)')).toBe('x:int');
  });
});
