/**
 * Kusto's `hash(s)` of a string (`Q/hash-function.md`): XXH64 with seed 0 over the UTF-8 bytes of
 * the text, read as a signed long (the doc's `hash("World")` is 1846988464401551951). The hash
 * comes from the xxhash-wasm package; SQLite calls it as `kql_hash`, and the tests check the
 * PostgreSQL prelude's own XXH64 against it.
 */
import xxhash from 'xxhash-wasm';

const hasher = await xxhash();

export function kqlHash(s: string): bigint {
  return BigInt.asIntN(64, hasher.h64(s));
}
