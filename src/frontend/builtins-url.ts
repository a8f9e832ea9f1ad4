/**
 * parse_url / parseurl (`Q/parse-url-function.md`): the parts of an absolute URL
 * `scheme://[username:password@]host[:port][/path][?query][#fragment]`.
 *
 * Only a property read straight off the call is computed (`parse_url(u).Host`, or
 * `parse_url(u)['Host']`), for the properties whose value the sources agree on: Scheme, Host,
 * Port, Username, Password and Fragment, each a dynamic string. The whole bag is refused, and so
 * are `Path` and `Query Parameters`: the doc's example gives `"Path":"this/is/a/path"` for
 * `…:1234/this/is/a/path`, while output of the engine quoted in microsoft/Kusto-Query-Language
 * issue #112 keeps the leading slash (`"Path":"/forum/questions/"`); and how query parameters
 * with a repeated key, no `=` or percent-escapes are read is not documented.
 *
 * What the doc does not state, taken from the outputs quoted in issue #112 (marked
 * `confidence: medium` in the conformance cases): a text without `scheme://` (`mailto:x@y`)
 * gives every property empty; a username is taken only with a password (`user:password@`),
 * else the `user@` stays in Host; host and port split at the last `:` of the authority
 * (`[2001:db8::7]` gives Host `[2001:db8:` and Port `7]`). A scheme is RFC 3986's
 * (a letter, then letters, digits, `+`, `-`, `.`).
 */
import { Codes } from '../diagnostics.js';
import type { Scalar } from '../ir/nodes.js';
import {
  STR,
  call,
  expectType,
  stringLiteral,
  toStringScalar,
  type Builtin,
  type BuiltinContext,
} from './builtins-core.js';

export const PARSE_URL_NAMES: ReadonlySet<string> = new Set(['parse_url', 'parseurl']);

/** The properties of parse_url's bag, in the doc's order. */
const PROPERTIES = [
  'Scheme',
  'Host',
  'Port',
  'Path',
  'Username',
  'Password',
  'Query Parameters',
  'Fragment',
] as const;

const COMPUTED = new Set<string>(['Scheme', 'Host', 'Port', 'Username', 'Password', 'Fragment']);

const SCHEME = '[A-Za-z][A-Za-z0-9+.-]*';

const long = (value: bigint): Scalar => ({ kind: 'literal', type: 'long', value });

/** extract(re, group, s): '' when the text does not match. */
function extract(re: string, group: number, s: Scalar): Scalar {
  return call('extract', [stringLiteral(re), long(BigInt(group)), s], 'string');
}

/** The text of one computed property of parse_url(url). */
function partText(url: Scalar, key: string): Scalar {
  const userinfo = `[^:/?#@]*:[^/?#@]*@`;
  switch (key) {
    case 'Scheme':
      return extract(`^(${SCHEME})://`, 1, url);
    case 'Username':
      return extract(`^${SCHEME}://([^:/?#@]*):[^/?#@]*@`, 1, url);
    case 'Password':
      return extract(`^${SCHEME}://[^:/?#@]*:([^/?#@]*)@`, 1, url);
    case 'Fragment':
      return extract(`(?s)^${SCHEME}://[^#]*#(.*)`, 1, url);
    default: {
      // Host and Port: the authority after `username:password@`, split at its last ':'.
      const authority = extract(`^${SCHEME}://([^/?#]*)`, 1, url);
      const info = extract(`^${SCHEME}://(${userinfo})`, 1, url);
      const hostPort = call('substring', [authority, call('strlen', [info], 'long')], 'string');
      if (key === 'Port') return extract(`:([^:]*)$`, 1, hostPort);
      return call(
        'replace_regex',
        [hostPort, stringLiteral(':[^:]*$'), stringLiteral('')],
        'string',
      );
    }
  }
}

/**
 * `parse_url(url).key`: a dynamic string, as Kusto's binder types the property of a bag. Built
 * as a one-pair bag read at its key, so that each dialect prints it as it prints any bag.
 */
export function parseUrlProperty(
  args: readonly Scalar[],
  key: string,
  ctx: BuiltinContext,
): Scalar {
  expectType(ctx, args, 0, STR, 'parse_url');
  const url = toStringScalar(args[0] as Scalar);
  // A key the bag does not have reads as null, as on any bag (keys are case-sensitive).
  if (!(PROPERTIES as readonly string[]).includes(key)) {
    return { kind: 'literal', type: 'dynamic', value: null };
  }
  if (!COMPUTED.has(key)) {
    const why =
      key === 'Path'
        ? "the doc's example and the engine output quoted in Kusto-Query-Language issue #112 disagree on its leading '/'"
        : 'how Kusto reads a repeated key, a key without =, or an escape is not documented';
    const shown = key === 'Path' ? '.Path' : "['Query Parameters']";
    return ctx.fail(
      Codes.unsupportedFunction,
      `parse_url(…)${shown} is not supported: ${why}; Scheme, Host, Port, Username, Password and Fragment are`,
    );
  }
  const bag = call('bag_pack', [stringLiteral(key), partText(url, key)], 'dynamic');
  return { kind: 'path', target: bag, steps: [key], type: 'dynamic' };
}

/** parse_url(url) other than with a property read straight off it: refused. */
const parseUrl: Builtin = {
  minArgs: 1,
  maxArgs: 1,
  lower(args, ctx) {
    expectType(ctx, args, 0, STR, 'parse_url');
    return ctx.fail(
      Codes.unsupportedFunction,
      "parse_url() is supported only with a property read off the call (parse_url(u).Host): its bag's Path and 'Query Parameters' are not computed",
    );
  },
};

export const URL_BUILTINS: readonly (readonly [string, Builtin])[] = [
  ['parse_url', parseUrl],
  ['parseurl', parseUrl],
];
