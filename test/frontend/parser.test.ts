import { describe, expect, it } from 'vitest';
import { CompileError, formatDiagnostic } from '../../src/diagnostics.js';
import type { Span } from '../../src/diagnostics.js';
import { parseQuery } from '../../src/frontend/parser.js';
import { operatorSexpr, querySexpr } from './sexpr.js';

const query = (text: string): string => querySexpr(parseQuery({ name: 'q', text }));

function parseError(text: string): string {
  try {
    parseQuery({ name: 'q', text });
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map(formatDiagnostic).join('\n');
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('parser: queries', () => {
  it.each([
    ['T', 'T'],
    ['T | where x > 1', '(| T (where (> x 1)))'],
    ['T | filter x', '(| T (where x))'],
    ['T | where a | where b', '(| T (where a) (where b))'],
    [
      'T | extend a = 1, b = x + 1, strlen(s)',
      '(| T (extend (= a 1) (= b (+ x 1)) (call strlen s)))',
    ],
    ['T | extend (a, b) = f(x)', '(| T (extend (= (a b) (call f x))))'],
    ["T | extend ['my col'] = 1", '(| T (extend (= my col 1)))'],
    ['T | project a, b = c, tostring(d)', '(| T (project a (= b c) (call tostring d)))'],
    ['T | project-away a, b*, *c', '(| T (project-away a b* *c))'],
    ['T | project-keep a*, Col1', '(| T (project-keep a* Col1))'],
    [
      "T | project-rename NewName = OldName, B = ['old b']",
      '(| T (project-rename (NewName OldName) (B old b)))',
    ],
    ['T | project-reorder b, a* asc, c desc', '(| T (project-reorder b (a* asc) (c desc)))'],
    ['T | summarize count() by x', '(| T (summarize ((call count)) (by x)))'],
    [
      'T | summarize n = count(), dcount(u) by bin(TimeGenerated, 1h), y',
      '(| T (summarize ((= n (call count)) (call dcount u)) (by (call bin TimeGenerated (timespan 36000000000)) y)))',
    ],
    ['T | summarize by x, y', '(| T (summarize () (by x y)))'],
    ['T | summarize make_set(x)', '(| T (summarize ((call make_set x))))'],
    ['T | summarize hint.shufflekey = x count() by x', '(| T (summarize ((call count)) (by x)))'],
    [
      'T | summarize (t, v) = arg_max(t, v) by k',
      '(| T (summarize ((= (t v) (call arg_max t v))) (by k)))',
    ],
    ['T | distinct a, b', '(| T (distinct a b))'],
    ['T | distinct *', '(| T (distinct *))'],
    ['T | join (U) on a', '(| T (join innerunique U (on a)))'],
    ['T | join kind=inner (U | where x) on a, b', '(| T (join inner (| U (where x)) (on a b)))'],
    [
      'T | join kind=leftouter hint.strategy=broadcast U on $left.a == $right.b',
      '(| T (join leftouter hint.strategy=broadcast U (on (== a b))))',
    ],
    [
      'T | join kind=anti (U) on $right.b == $left.a and c',
      '(| T (join leftanti U (on (== a b) c)))',
    ],
    [
      'T | join kind=leftsemi (U) on $left.a == $right.b, $left.c == $right.d',
      '(| T (join leftsemi U (on (== a b) (== c d))))',
    ],
    ['T | join kind=innerunique U on a', '(| T (join innerunique U (on a)))'],
    ['T | lookup (U) on a', '(| T (lookup leftouter U (on a)))'],
    ['T | lookup kind=inner U on $left.a == $right.b', '(| T (lookup inner U (on (== a b))))'],
    ['T | union U, (V | where x)', '(| T (union kind=outer U (| V (where x))))'],
    [
      'T | union kind=inner withsource=Src isfuzzy=true U',
      '(| T (union kind=inner withsource=Src isfuzzy U))',
    ],
    ['union T, U | where x', '(| (union kind=outer T U) (where x))'],
    ['union (T | take 1), U', '(union kind=outer (| T (take 1)) U)'],
    ['union withsource=TableName T, U', '(union kind=outer withsource=TableName T U)'],
    ['T | mv-expand x', '(| T (mv-expand x))'],
    ['T | mvexpand x', '(| T (mvexpand x))'],
    [
      'T | mv-expand bagexpansion=array with_itemindex=i a = x to typeof(string), y limit 10',
      '(| T (mv-expand array index=i (to (= a x) string) y (limit 10)))',
    ],
    ['T | mv-expand kind=array x', '(| T (mv-expand array x))'],
    ['T | mv-apply x on (where x > 1)', '(| T (mv-apply x (on (where (> x 1)))))'],
    [
      'T | mv-apply with_itemindex=i x to typeof(long) on (top 1 by x | project x)',
      '(| T (mv-apply index=i (to x long) (on (top 1 (x desc)) (project x))))',
    ],
    [
      'T | mv-apply e = x limit 5 on (summarize sum(e))',
      '(| T (mv-apply (= e x) (limit 5) (on (summarize ((call sum e))))))',
    ],
    ['T | parse s with * "a=" a " b=" b:long', '(| T (parse simple s * "a=" a " b=" b:long))'],
    [
      'T | parse kind=regex flags=Ui s with "x" y:string',
      '(| T (parse regex flags=Ui s "x" y:string))',
    ],
    [
      'T | parse-where kind=relaxed s with "[" d "]" *',
      '(| T (parse-where relaxed s "[" d "]" *))',
    ],
    ['T | sort by a', '(| T (sort (a desc)))'],
    ['T | sort by a asc, b desc nulls first', '(| T (sort (a asc) (b desc nulls-first)))'],
    ['T | order by a asc nulls last', '(| T (sort (a asc nulls-last)))'],
    ['T | top 10 by x', '(| T (top 10 (x desc)))'],
    ['T | top 5 by x asc nulls first', '(| T (top 5 (x asc nulls-first)))'],
    ['T | take 10', '(| T (take 10))'],
    ['T | limit 5', '(| T (take 5))'],
    ['T | count', '(| T (count))'],
    ['T | serialize', '(| T (serialize))'],
    ['T | serialize n = row_number()', '(| T (serialize (= n (call row_number))))'],
    ['T | as X', '(| T (as X))'],
    ['T | as hint.materialized=true X', '(| T (as X))'],
    ['T | invoke f(1)', '(| T (invoke (call f 1)))'],
    ['T | evaluate bag_unpack(d)', '(| T (evaluate (call bag_unpack d)))'],
    [
      'T | evaluate hint.distribution=per_node autocluster()',
      '(| T (evaluate (call autocluster)))',
    ],
    ['T | partition by k (top 1 by t)', '(| T (partition k ((top 1 (t desc)))))'],
    [
      'T | partition hint.strategy=native by k { T | take 1 }',
      '(| T (partition k (| T (take 1))))',
    ],
    [
      'T | make-series n = count() on t from ago(1d) to now() step 1h by k | where x',
      '(| T (unsupported make-series) (where x))',
    ],
    ['T | render timechart', '(| T (unsupported render))'],
    ['T | getschema', '(| T (unsupported getschema))'],
    ['T | sample 10', '(| T (unsupported sample))'],
    ['T | top-nested 3 of a by count()', '(| T (unsupported top-nested))'],
    ['T | fork (where a) (where b)', '(| T (unsupported fork))'],
    ['search "a"', '(unsupported search)'],
    ['search in (T) x == 1 | take 1', '(| (unsupported search) (take 1))'],
    ['find where x == 1 | count', '(| (unsupported find) (count))'],
    ['T | where search == 1', '(| T (where (== search 1)))'],
    ['datatable(a:long, b:string) [1, "x", 2, "y"]', '(datatable (a:long b:string) 1 "x" 2 "y")'],
    ['datatable(a:long) [1, 2,]', '(datatable (a:long) 1 2)'],
    ['print x = 1, 2', '(print (= x 1) 2)'],
    ["print 'a'", '(print "a")'],
    ['range x from 1 to 10 step 1', '(range x 1 10 1)'],
    [
      'range t from ago(1d) to now() step 1h | extend y = t',
      '(| (range t (call ago (timespan 864000000000)) (call now) (timespan 36000000000)) (extend (= y t)))',
    ],
    ['(T | where x) | take 1', '(| (paren (| T (where x))) (take 1))'],
    ['(T)', '(paren T)'],
    ['table("T") | take 1', '(| (call table "T") (take 1))'],
    ['materialize(T | take 1) | count', '(| (call materialize (tabular (| T (take 1)))) (count))'],
    ['f(1) | take 1', '(| (call f 1) (take 1))'],
    [
      'externaldata(a:string, b:long) [h@"https://x/y.csv", "z"] with (format="csv", ignoreFirstRecord=true) | where a',
      '(| (externaldata (a:string b:long) "https://x/y.csv" "z" format=csv ignoreFirstRecord=true) (where a))',
    ],
    ['let x = 1; T | where a > x', '(let x 1); (| T (where (> a x)))'],
    ["let x = 1; let y = 'a'; T", '(let x 1); (let y "a"); T'],
    ['let T2 = T | where a; T2', '(let T2 (| T (where a))); T2'],
    ['let T2 = materialize(T | where a); T2', '(let-materialize T2 (| T (where a))); T2'],
    ['let T2 = materialize(T); T2', '(let-materialize T2 T); T2'],
    ['let t = T; t', '(let t T); t'],
    ['let T2 = (T | where a); T2', '(let T2 (paren (| T (where a)))); T2'],
    ['let u = union T, U; u', '(let u (union kind=outer T U)); u'],
    ['let d = datatable(a:long) [1]; d', '(let d (datatable (a:long) 1)); d'],
    ['let r = range x from 1 to 3 step 1; r', '(let r (range x 1 3 1)); r'],
    [
      'let l = dynamic(["a", "b"]); T | where x in (l)',
      '(let l (dynamic ["a","b"])); (| T (where (in x l)))',
    ],
    ['let f = (a:string) { a }; T', '(fn f (a:string) a); T'],
    [
      "let f = (a:string, T:(*), b:long = 5) { T | where x == a | take b }; f('x', T)",
      '(fn f (a:string T:(*) b:long=5) (| T (where (== x a)) (take b))); (call f "x" T)',
    ],
    [
      'let f = (t:(a:string, b:long)) { t | project a }; f(T)',
      '(fn f (t:(a:string b:long)) (| t (project a))); (call f T)',
    ],
    ['let f = () { let y = 2; T | take y }; f()', '(fn f () (let y 2) (| T (take y))); (call f)'],
    [
      'let f = (x:long) { let y = x * 2; y + 1 }; print f(1)',
      '(fn f (x:long) (let y (* x 2)) (+ y 1)); (print (call f 1))',
    ],
    ['let v = view () { T }; v', '(fn v () T); v'],
    ['set querytrace; T', 'T'],
    ['T;', 'T'],
    [';T;;', 'T'],
    ['T | where x in (dynamic(["a"]))', '(| T (where (in x (dynamic ["a"]))))'],
    [
      'T | where Timestamp > ago(1d) and Timestamp between (ago(2d) .. now())',
      '(| T (where (and (> Timestamp (call ago (timespan 864000000000))) (between Timestamp (call ago (timespan 1728000000000)) (call now)))))',
    ],
    ['T | where s contains "a" "b"', '(| T (where (contains s "ab")))'],
    [
      'T | extend x = iff(a, b, c) | project x',
      '(| T (extend (= x (call iff a b c))) (project x))',
    ],
    ['T | where not(isempty(x))', '(| T (where (call not (call isempty x))))'],
    ["T | project-away ['a b']", '(| T (project-away a b))'],
  ])('%s', (input, expected) => {
    expect(query(input)).toBe(expected);
  });
});

/** The first real rule rule2sql must compile (AWS KMS key policy without MFA). */
const FIRST_RULE = [
  'let check_actions = AWSCloudTrail',
  '| where EventName in ("CreateKey", "PutKeyPolicy") and isempty(ErrorCode) and isempty(ErrorMessage)',
  "| extend state=parse_json(parse_json(replace_string(tostring(parse_json(RequestParameters)['policy']),'\\\\\"','\"')).['Statement'])",
  '| mv-expand state',
  "| extend Action= tostring(parse_json(state.['Action'][0])), Effect=tostring(parse_json(state.['Effect'])),",
  "Principal=tostring(parse_json(state.['Principal']))",
  '| where Action in ("kms:Encrypt", "kms:*") and (Effect == \'Allow\') and (Principal has "*")',
  '| distinct AwsEventId;',
  'AWSCloudTrail',
  '| where EventName in ("CreateKey", "PutKeyPolicy") and isempty(ErrorCode) and isempty(ErrorMessage)',
  '| extend UserIdentityArn = iif(isempty(UserIdentityArn), tostring(parse_json(Resources)[0].ARN), UserIdentityArn)',
  "| extend UserName = tostring(split(UserIdentityArn, '/')[-1])",
  '| extend AccountName = case( UserIdentityPrincipalid == "Anonymous", "Anonymous", isempty(UserIdentityUserName), UserName, UserIdentityUserName)',
  '| extend AccountName = iif(AccountName contains "@", tostring(split(AccountName, \'@\', 0)[0]), AccountName),',
  'AccountUPNSuffix = iif(AccountName contains "@", tostring(split(AccountName, \'@\', 1)[0]), "")',
  '| join kind=inner (check_actions) on AwsEventId',
  '| extend timestamp = TimeGenerated',
  '| project-away AwsEventId1',
].join('\n');

describe('parser: the AWS KMS rule', () => {
  const q = parseQuery({ name: 'rule', text: FIRST_RULE });

  it('has one let holding a query', () => {
    expect(q.lets.map((l) => `${l.name.name}:${l.value.kind}`)).toEqual(['check_actions:query']);
  });

  it('parses the let pipeline', () => {
    const v = q.lets[0]?.value;
    expect(v?.kind === 'query' ? v.query.operators.map(operatorSexpr) : []).toEqual([
      '(where (and (and (in EventName "CreateKey" "PutKeyPolicy") (call isempty ErrorCode)) (call isempty ErrorMessage)))',
      '(extend (= state (call parse_json (. (call parse_json (call replace_string (call tostring (. (call parse_json RequestParameters) "policy")) "\\\\\\"" "\\"")) "Statement"))))',
      '(mv-expand state)',
      '(extend (= Action (call tostring (call parse_json ([] (. state "Action") 0)))) (= Effect (call tostring (call parse_json (. state "Effect")))) (= Principal (call tostring (call parse_json (. state "Principal")))))',
      '(where (and (and (in Action "kms:Encrypt" "kms:*") (paren (== Effect "Allow"))) (paren (has Principal "*"))))',
      '(distinct AwsEventId)',
    ]);
  });

  it('parses the body pipeline', () => {
    expect(q.body.source.kind).toBe('table');
    expect(q.body.operators.map(operatorSexpr)).toEqual([
      '(where (and (and (in EventName "CreateKey" "PutKeyPolicy") (call isempty ErrorCode)) (call isempty ErrorMessage)))',
      '(extend (= UserIdentityArn (call iif (call isempty UserIdentityArn) (call tostring (. ([] (call parse_json Resources) 0) "ARN")) UserIdentityArn)))',
      '(extend (= UserName (call tostring ([] (call split UserIdentityArn "/") (- 1)))))',
      '(extend (= AccountName (call case (== UserIdentityPrincipalid "Anonymous") "Anonymous" (call isempty UserIdentityUserName) UserName UserIdentityUserName)))',
      '(extend (= AccountName (call iif (contains AccountName "@") (call tostring ([] (call split AccountName "@" 0) 0)) AccountName)) (= AccountUPNSuffix (call iif (contains AccountName "@") (call tostring ([] (call split AccountName "@" 1) 0)) "")))',
      '(join inner check_actions (on AwsEventId))',
      '(extend (= timestamp TimeGenerated))',
      '(project-away AwsEventId1)',
    ]);
  });
});

/** Every node that carries a span, in pre-order, as `kind: text`. */
function spans(node: unknown, text: string, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const x of node) spans(x, text, out);
  } else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const span = o['span'] as Span | undefined;
    const kind = o['kind'];
    if (span !== undefined && typeof kind === 'string') {
      out.push(`${kind}: ${text.slice(span.start, span.end)}`);
    }
    for (const [k, v] of Object.entries(o)) {
      // A dynamic literal's `value` is plain data, not syntax.
      if (k !== 'span' && !(kind === 'dynamic' && k === 'value')) spans(v, text, out);
    }
  }
  return out;
}

describe('parser: spans', () => {
  it('slices each node of a query back to its text', () => {
    const text = `let n = 5;\nT | where x !has 'a' and y[0].z > -n\n| summarize c = count() by bin(t, 1h)`;
    expect(spans(parseQuery({ name: 'q', text }), text)).toEqual([
      'let: let n = 5',
      'number: 5',
      "pipeline: T | where x !has 'a' and y[0].z > -n\n| summarize c = count() by bin(t, 1h)",
      'table: T',
      "where: where x !has 'a' and y[0].z > -n",
      "binary: x !has 'a' and y[0].z > -n",
      "binary: x !has 'a'",
      'name: x',
      "string: 'a'",
      'binary: y[0].z > -n',
      'member: y[0].z',
      'index: y[0]',
      'name: y',
      'number: 0',
      'unary: -n',
      'name: n',
      'summarize: summarize c = count() by bin(t, 1h)',
      'call: count()',
      'call: bin(t, 1h)',
      'name: t',
      'timespan: 1h',
    ]);
  });

  it('covers operators, join sides and conditions', () => {
    const text = `T | join kind=leftouter (U | take 1) on $left.a == $right.b | project-away c*`;
    const q = parseQuery({ name: 'q', text });
    const join = q.body.operators[0];
    expect(join?.kind).toBe('join');
    if (join?.kind !== 'join') return;
    const slice = (s: Span): string => text.slice(s.start, s.end);
    expect(slice(join.span)).toBe('join kind=leftouter (U | take 1) on $left.a == $right.b');
    expect(join.kindSpan === undefined ? '' : slice(join.kindSpan)).toBe('kind=leftouter');
    expect(slice(join.right.span)).toBe('U | take 1');
    const cond = join.on[0];
    expect(cond === undefined ? '' : slice(cond.span)).toBe('$left.a == $right.b');
    if (cond?.kind === 'pair') {
      expect([slice(cond.left.span), slice(cond.right.span)]).toEqual(['a', 'b']);
    }
    const away = q.body.operators[1];
    expect(away?.kind === 'project-away' ? away.columns.map((c) => slice(c.span)) : []).toEqual([
      'c*',
    ]);
  });

  it('keeps adjacent string literals in one span', () => {
    const text = `print "a" 'b'`;
    expect(spans(parseQuery({ name: 'q', text }), text)).toContain(`string: "a" 'b'`);
  });
});

describe('parser: syntax errors', () => {
  it.each([
    [
      'AWSCloudTrail | where EventName ==',
      [
        'error KQL1003: expected an expression but found the end of the query',
        ' --> q:1:35',
        '  |',
        '1 | AWSCloudTrail | where EventName ==',
        '  |                                   ^',
      ],
    ],
    [
      "AWSCloudTrail\n| where EventName == 'x",
      [
        'error KQL1002: unterminated string literal',
        ' --> q:2:22',
        '  |',
        "2 | | where EventName == 'x",
        '  |                      ^~',
      ],
    ],
    [
      'T | frobnicate x',
      [
        "error KQL1003: expected a tabular operator but found 'frobnicate'",
        ' --> q:1:5',
        '  |',
        '1 | T | frobnicate x',
        '  |     ^~~~~~~~~~',
      ],
    ],
    [
      'T | where x in ("a", "b"',
      [
        "error KQL1003: expected ')' but found the end of the query",
        ' --> q:1:25',
        '  |',
        '1 | T | where x in ("a", "b"',
        '  |                         ^',
      ],
    ],
    [
      'T | where x > 3 years',
      [
        "error KQL1003: expected '|', ';' or the end of the query but found 'years'",
        ' --> q:1:17',
        '  |',
        '1 | T | where x > 3 years',
        '  |                 ^~~~~',
      ],
    ],
    [
      'T | order by a asc, desc',
      [
        "error KQL1003: expected a sort key (a column named like a keyword is written ['desc']) " +
          "but found 'desc'",
        ' --> q:1:21',
        '  |',
        '1 | T | order by a asc, desc',
        '  |                     ^~~~',
      ],
    ],
    [
      'union isfuzzy=T1 T2',
      [
        "error KQL1003: union isfuzzy must be true or false, not 'T1'",
        ' --> q:1:7',
        '  |',
        '1 | union isfuzzy=T1 T2',
        '  |       ^~~~~~~~~~',
      ],
    ],
    [
      'T | where a == 1 == b',
      [
        "error KQL1003: '==' cannot follow '==' without parentheses (comparisons do not chain)",
        ' --> q:1:18',
        '  |',
        '1 | T | where a == 1 == b',
        '  |                  ^~',
      ],
    ],
    [
      'T | extend = 1',
      [
        "error KQL1003: expected an expression but found '='",
        ' --> q:1:12',
        '  |',
        '1 | T | extend = 1',
        '  |            ^',
      ],
    ],
    [
      'let x = 1',
      [
        'error KQL1003: expected a tabular expression but found the end of the query',
        ' --> q:1:10',
        '  |',
        '1 | let x = 1',
        '  |          ^',
      ],
    ],
    [
      'let x = 1\nT',
      ["error KQL1003: expected ';' but found 'T'", ' --> q:2:1', '  |', '2 | T', '  | ^'],
    ],
    [
      'T | join kind=sideways (U) on a',
      [
        "error KQL1003: unknown join kind 'sideways'",
        ' --> q:1:10',
        '  |',
        '1 | T | join kind=sideways (U) on a',
        '  |          ^~~~~~~~~~~~~',
      ],
    ],
    [
      'T | join (U) on a > b',
      [
        "error KQL1003: expected a join condition: a column name or '$left.a == $right.b'",
        ' --> q:1:17',
        '  |',
        '1 | T | join (U) on a > b',
        '  |                 ^~~~~',
      ],
    ],
    [
      'T | join (U) a',
      [
        "error KQL1003: expected 'on' but found 'a'",
        ' --> q:1:14',
        '  |',
        '1 | T | join (U) a',
        '  |              ^',
      ],
    ],
    [
      'T | where t > timespan(1 fortnight)',
      [
        "error KQL1005: invalid timespan '1 fortnight'",
        ' --> q:1:24',
        '  |',
        '1 | T | where t > timespan(1 fortnight)',
        '  |                        ^~~~~~~~~~~',
      ],
    ],
    [
      'T | where x == 1 | sort x',
      [
        "error KQL1003: expected 'by' but found 'x'",
        ' --> q:1:25',
        '  |',
        '1 | T | where x == 1 | sort x',
        '  |                         ^',
      ],
    ],
    [
      'T | extend d = dynamic([1, 2)',
      [
        "error KQL1003: expected ']' but found ')'",
        ' --> q:1:29',
        '  |',
        '1 | T | extend d = dynamic([1, 2)',
        '  |                             ^',
      ],
    ],
    [
      'print x = dynamic({a: 1})',
      [
        "error KQL1003: expected a quoted property name but found 'a'",
        ' --> q:1:20',
        '  |',
        '1 | print x = dynamic({a: 1})',
        '  |                    ^',
      ],
    ],
    [
      'T | where a + * 2',
      [
        "error KQL1003: expected an expression but found '*'",
        ' --> q:1:15',
        '  |',
        '1 | T | where a + * 2',
        '  |               ^',
      ],
    ],
  ])('%s', (input, expected) => {
    expect(parseError(input)).toBe(expected.join('\n'));
  });

  it('points into the YAML file when the source has an origin', () => {
    const text = 'T\n| where x ==';
    const source = { name: 'rule.yaml', text, origin: { line: 10, column: 8, indent: 2 } };
    try {
      parseQuery(source);
      expect.fail('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      const d = e instanceof CompileError ? e.diagnostics[0] : undefined;
      expect(d?.code).toBe('KQL1003');
      expect(d === undefined ? '' : formatDiagnostic(d).split('\n')[1]).toBe(
        '  --> rule.yaml:11:15',
      );
    }
  });
});
