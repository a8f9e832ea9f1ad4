/** Printers of the postgres backend for the scalar functions of `ScalarFn`. */
import type { FnPrinter, ScalarFnTable } from './base.js';

const refuse =
  (what: string): FnPrinter =>
  (_args, call, p) =>
    p.fail(`${what}()`, call.span);

export const POSTGRES_SCALAR_FUNCTIONS: ScalarFnTable = {
  indexof: refuse('indexof'),
  replace_regex: refuse('replace_regex'),
  extract: refuse('extract'),
  extract_all: refuse('extract_all'),
  indexof_regex: refuse('indexof_regex'),
  countof: refuse('countof'),
  reverse: refuse('reverse'),
  url_decode: refuse('url_decode'),
  base64_decode_tostring: refuse('base64_decode_tostring'),
  strcat_array: refuse('strcat_array'),
  gettype: refuse('gettype'),
  bag_keys: refuse('bag_keys'),
  set_has_element: refuse('set_has_element'),
  array_index_of: refuse('array_index_of'),
  pack_array: refuse('pack_array'),
  bag_pack: refuse('bag_pack'),
  array_concat: refuse('array_concat'),
  array_slice: refuse('array_slice'),
  abs: refuse('abs'),
  round: refuse('round'),
  bin: refuse('bin'),
  startof: refuse('startof'),
  datepart: refuse('datepart'),
  datetime_diff: refuse('datetime_diff'),
  datetime_add: refuse('datetime_add'),
  format_datetime: refuse('format_datetime'),
  totimespan: refuse('totimespan'),
  parse_ipv4: refuse('parse_ipv4'),
  ipv4_is_private: refuse('ipv4_is_private'),
  ipv4_is_in_range: refuse('ipv4_is_in_range'),
  ipv4_compare: refuse('ipv4_compare'),
};
