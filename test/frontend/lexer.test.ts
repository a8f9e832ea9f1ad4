import { describe, expect, it } from 'vitest';
import { CompileError, assertNever, formatDiagnostic } from '../../src/diagnostics.js';
import { tokenize } from '../../src/frontend/lexer.js';
import type { Token } from '../../src/frontend/tokens.js';

function show(t: Token): string {
  switch (t.kind) {
    case 'ident':
      return t.text;
    case 'op':
      return `<${t.text}>`;
    case 'string':
      return JSON.stringify(t.value);
    case 'number':
      return `${t.text}:${t.type}`;
    case 'timespan':
      return `${String(t.ticks)}t`;
    case 'raw':
      return `${t.type}(${t.text})`;
    case 'eof':
      return '';
    default:
      return assertNever(t);
  }
}

function lex(text: string): string {
  return tokenize({ name: 'q', text })
    .map(show)
    .filter((s) => s !== '')
    .join(' ');
}

function lexError(text: string): string {
  try {
    tokenize({ name: 'q', text });
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map(formatDiagnostic).join('\n');
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('lexer: names and operators', () => {
  it.each([
    ['T | where x', 'T <|> where x'],
    ['$left.a == $right.b', '$left <.> a <==> $right <.> b'],
    ['project-away a', 'project-away a'],
    ['mv-expand mv-apply mvexpand', 'mv-expand mv-apply mvexpand'],
    [
      'parse-where project-rename project-reorder project-keep',
      'parse-where project-rename project-reorder project-keep',
    ],
    ['make-series top-nested sample-distinct', 'make-series top-nested sample-distinct'],
    // Only operator names absorb a dash; anything else is a subtraction.
    ['a-b', 'a <-> b'],
    ['project-b', 'project <-> b'],
    ['x !contains y', 'x <!contains> y'],
    [
      '!has !has_cs !startswith !endswith_cs !hasprefix !hassuffix_cs',
      '<!has> <!has_cs> <!startswith> <!endswith_cs> <!hasprefix> <!hassuffix_cs>',
    ],
    ['in in~ !in !in~ !between', 'in <in~> <!in> <!in~> <!between>'],
    ['has_cs contains_cs has_any has_all', 'has_cs contains_cs has_any has_all'],
    ['matches regex', 'matches regex'],
    ['== != =~ !~ <= >= < > <> ..', '<==> <!=> <=~> <!~> <<=> <>=> <<> <>> <!=> <..>'],
    ['a=b', 'a <=> b'],
    [
      '+ - * / % ( ) [ ] { } , ; : .',
      '<+> <-> <*> </> <%> <(> <)> <[> <]> <{> <}> <,> <;> <:> <.>',
    ],
    ['=>', '<=>>'],
    ["['col name']", '<[> "col name" <]>'],
    ['Über_1 _x', 'Über_1 _x'],
    ['a // comment\nb', 'a b'],
    ['// only a comment', ''],
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });
});

describe('lexer: numbers and timespans', () => {
  it.each([
    ['1', '1:long'],
    ['1.5', '1.5:real'],
    ['1e5 1E+5 2.5e-3', '1e5:real 1E+5:real 2.5e-3:real'],
    ['0x1F', '0x1F:long'],
    ['1..10', '1:long <..> 10:long'],
    ['9223372036854775807', '9223372036854775807:long'],
    ['1d 2h 30m 10s', '864000000000t 72000000000t 18000000000t 100000000t'],
    ['100ms 10microsecond 1tick', '1000000t 100t 1t'],
    ['1.5h 0.5d', '54000000000t 432000000000t'],
    [
      '2days 1day 3hours 1hr 2hrs 5minutes 1min',
      '1728000000000t 864000000000t 108000000000t 36000000000t 72000000000t 3000000000t 600000000t',
    ],
    [
      '7seconds 1sec 250milliseconds 1millisecond 3microseconds 2ticks',
      '70000000t 10000000t 2500000t 10000t 30t 2t',
    ],
    ['500nanoseconds', '5t'],
    ['5mins 2secs', '3000000000t 20000000t'],
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });
});

describe('lexer: string literals', () => {
  it.each([
    [`'abc'`, 'abc'],
    [`"abc"`, 'abc'],
    [`'\\\\"'`, '\\"'],
    [`"\\\\\\""`, '\\"'],
    [`'don\\'t'`, "don't"],
    [`'say "hi"'`, 'say "hi"'],
    [`"it's"`, "it's"],
    [`"\\t\\n\\r"`, '\t\n\r'],
    [`"\\u0041\\u00e9"`, 'Aé'],
    [`@"C:\\temp\\new"`, 'C:\\temp\\new'],
    [`@'it''s'`, "it's"],
    [`@"say ""hi"""`, 'say "hi"'],
    [`h"secret"`, 'secret'],
    [`H'secret'`, 'secret'],
    [`h@'C:\\x'`, 'C:\\x'],
    ['```line1\nline2 \\n```', 'line1\nline2 \\n'],
    [`"ab" 'cd' @"\\e"`, 'abcd\\e'],
    [`"a" // comment\n  "b"`, 'ab'],
    [`''`, ''],
  ])('%s', (input, expected) => {
    const tokens = tokenize({ name: 'q', text: input });
    expect(tokens.map((t) => t.kind)).toEqual(['string', 'eof']);
    const t = tokens[0];
    expect(t?.kind === 'string' ? t.value : undefined).toBe(expected);
  });

  it('keeps the escaped form 2 characters long', () => {
    const t = tokenize({ name: 'q', text: `'\\\\"'` })[0];
    expect(t?.kind === 'string' ? t.value.length : -1).toBe(2);
    const v = tokenize({ name: 'q', text: `@"C:\\temp\\new"` })[0];
    expect(v?.kind === 'string' ? v.value.length : -1).toBe(11);
  });

  it('does not join a string to a name', () => {
    expect(lex(`"a" x "b"`)).toBe('"a" x "b"');
  });
});

describe('lexer: raw literal bodies', () => {
  it.each([
    ['datetime(2024-01-01T10:00:00Z)', 'datetime(2024-01-01T10:00:00Z)'],
    ['datetime( 2024-01-01 10:00 )', 'datetime(2024-01-01 10:00)'],
    ['timespan(1.02:03:04)', 'timespan(1.02:03:04)'],
    ['time(15 seconds)', 'time(15 seconds)'],
    ['guid(74be27de-1e4e-49d9-b579-fe0b331d3642)', 'guid(74be27de-1e4e-49d9-b579-fe0b331d3642)'],
    // Without parentheses these are type names.
    ['a:datetime', 'a <:> datetime'],
    ['typeof(datetime)', 'typeof <(> datetime <)>'],
  ])('%s', (input, expected) => {
    expect(lex(input)).toBe(expected);
  });
});

describe('lexer: spans', () => {
  it('slices every token back to its text', () => {
    const text = `T | where x !in~ ("a" 'b') and y > 1.5h // c\n| project-away @"q", ['c d']`;
    const slices = tokenize({ name: 'q', text }).map((t) => text.slice(t.span.start, t.span.end));
    expect(slices).toEqual([
      'T',
      '|',
      'where',
      'x',
      '!in~',
      '(',
      `"a" 'b'`,
      ')',
      'and',
      'y',
      '>',
      '1.5h',
      '|',
      'project-away',
      '@"q"',
      ',',
      '[',
      "'c d'",
      ']',
      '',
    ]);
  });
});

describe('lexer: errors', () => {
  it.each([
    [
      `T | where x == 'abc`,
      [
        'error KQL1002: unterminated string literal',
        ' --> q:1:16',
        '  |',
        "1 | T | where x == 'abc",
        '  |                ^~~~',
      ],
    ],
    [
      `print "a\nb"`,
      [
        'error KQL1002: unterminated string literal',
        ' --> q:1:7',
        '  |',
        '1 | print "a',
        '  |       ^~',
      ],
    ],
    [
      `print "a\\qb"`,
      [
        `error KQL1002: invalid escape '\\q' in a string literal (write '\\\\q' or use @"…")`,
        ' --> q:1:9',
        '  |',
        '1 | print "a\\qb"',
        '  |         ^~',
      ],
    ],
    [
      `print "\\u12"`,
      [
        'error KQL1002: invalid \\u escape: expected 4 hex digits',
        ' --> q:1:8',
        '  |',
        '1 | print "\\u12"',
        '  |        ^~',
      ],
    ],
    [
      'T | where # 1',
      [
        "error KQL1001: unexpected character '#'",
        ' --> q:1:11',
        '  |',
        '1 | T | where # 1',
        '  |           ^',
      ],
    ],
    [
      // A control character is named by its code point and shown as its control picture.
      'T | where x\u0000y',
      [
        'error KQL1001: unexpected character U+0000',
        ' --> q:1:12',
        '  |',
        '1 | T | where x\u2400y',
        '  |            ^',
      ],
    ],
    [
      'T | where \u200b',
      [
        'error KQL1001: unexpected character U+200B',
        ' --> q:1:11',
        '  |',
        '1 | T | where \u200b',
        '  |           ^',
      ],
    ],
    [
      'T | where x > 1abc',
      [
        "error KQL1004: invalid number '1abc': a timespan unit must be d, h, m, s, ms, microsecond or tick",
        ' --> q:1:15',
        '  |',
        '1 | T | where x > 1abc',
        '  |               ^~~~',
      ],
    ],
    [
      'x\n| extend y = ```abc',
      [
        'error KQL1002: unterminated string literal',
        ' --> q:2:14',
        '  |',
        '2 | | extend y = ```abc',
        '  |              ^~~~~~',
      ],
    ],
  ])('%s', (input, expected) => {
    expect(lexError(input)).toBe(expected.join('\n'));
  });
});
