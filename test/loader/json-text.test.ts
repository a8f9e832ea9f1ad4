import { describe, expect, it } from 'vitest';
import {
  compactJson,
  JsonNumber,
  JsonObject,
  jsonPath,
  JsonSyntaxError,
  parseJsonText,
} from '../../src/loader/json-text.js';

describe('parseJsonText / compactJson', () => {
  it('keeps key order, including integer-like keys that JavaScript objects move first', () => {
    const text = '{ "b": 1, "10": 2, "a": { "2": true, "1": null } }';
    expect(compactJson(parseJsonText(text))).toBe('{"b":1,"10":2,"a":{"2":true,"1":null}}');
    // What JSON.parse + JSON.stringify would have produced instead:
    expect(JSON.stringify(JSON.parse(text))).toBe('{"10":2,"b":1,"a":{"1":null,"2":true}}');
  });

  it('keeps numbers as written', () => {
    const text = '[12345678901234567890, 1.0, -0, 2.50e+3]';
    expect(compactJson(parseJsonText(text))).toBe('[12345678901234567890,1.0,-0,2.50e+3]');
  });

  it('re-escapes strings minimally and keeps JSON-in-string text as a string', () => {
    const text = String.raw`{"policy": "{\n  \"Version\" : \"2012\"\n}", "u": "caf\u00e9 \/ x"}`;
    expect(compactJson(parseJsonText(text))).toBe(
      String.raw`{"policy":"{\n  \"Version\" : \"2012\"\n}","u":"café / x"}`,
    );
  });

  it('keeps duplicate keys when writing and reads the last one, as JSON.parse does', () => {
    const node = parseJsonText('{"k": 1, "k": 2}');
    expect(compactJson(node)).toBe('{"k":1,"k":2}');
    expect(node instanceof JsonObject && node.get('k')).toEqual(new JsonNumber('2'));
  });

  it('follows paths through objects and arrays', () => {
    const node = parseJsonText('{"a": {"items": [{"x": "first"}, {"x": "second"}]}}');
    expect(jsonPath(node, 'a', 'items', 1, 'x')).toBe('second');
    expect(jsonPath(node, 'a', 'items', 2, 'x')).toBeUndefined();
    expect(jsonPath(node, 'a', 0)).toBeUndefined();
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(compactJson(parseJsonText('\uFEFF{"a":[]}'))).toBe('{"a":[]}');
  });

  it.each([
    ['{"Records": [', 'unexpected end of input at line 1 column 14'],
    ['{"a": 1,\n  "b" 2}', "expected ':' at line 2 column 7"],
    ['{"a": tru}', 'unexpected token at line 1 column 7'],
    ['{"a": "x\ty"}', 'control character in string at line 1 column 9'],
    ['{"a": "\\q"}', 'invalid escape in string at line 1 column 7'],
    ['{"a": 1} x', 'unexpected text after the JSON value at line 1 column 10'],
    ['[01]', "expected ',' or ']' at line 1 column 3"],
    ['"open', 'unterminated string at line 1 column 1'],
  ])('reports %j with its position', (text, message) => {
    expect(() => parseJsonText(text)).toThrow(JsonSyntaxError);
    expect(() => parseJsonText(text)).toThrow(message);
  });

  it('rejects nesting deep enough to overflow the stack', () => {
    expect(() => parseJsonText('['.repeat(100_000))).toThrow(/nested too deeply/);
  });
});
