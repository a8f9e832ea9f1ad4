/**
 * Constant datetime and timespan expressions at KQL's own precision. SQL engines store
 * microseconds, so a literal finer than that (`datetime(2024-01-01 00:00:00.0000001)`, `1tick`)
 * cannot reach the generated SQL; a comparison or an addition made only of literals can still be
 * computed here, exactly, in 100-nanosecond ticks (datetime.md, timespan.md), and bound as its
 * result. Anything else keeps the microsecond refusal (KQL3004) at the fine literal.
 */
import type * as ast from './ast.js';
import { parseDatetimeTicks } from './datetime.js';

/** A constant datetime (ticks since the Unix epoch) or timespan (ticks). */
export interface ConstantTime {
  readonly type: 'datetime' | 'timespan';
  readonly ticks: bigint;
  /** Whether a literal of the expression is finer than a microsecond. */
  readonly fine: boolean;
}

const TICKS_PER_SECOND = 10_000_000n;
/** KQL's datetime range: 0001-01-01 to 9999-12-31 23:59:59.9999999 (datetime.md). */
const MIN_DATETIME = -62_135_596_800n * TICKS_PER_SECOND;
const MAX_DATETIME = 253_402_300_800n * TICKS_PER_SECOND - 1n;

/** The value of `e` when it is made only of datetime and timespan literals, `+`, `-` and `()`. */
export function constantTime(e: ast.Expr): ConstantTime | undefined {
  switch (e.kind) {
    case 'datetime': {
      const ticks = parseDatetimeTicks(e.text);
      return ticks === undefined
        ? undefined
        : { type: 'datetime', ticks, fine: ticks % 10n !== 0n };
    }
    case 'timespan':
      return { type: 'timespan', ticks: e.ticks, fine: e.ticks % 10n !== 0n };
    case 'paren':
      return constantTime(e.expr);
    case 'unary': {
      const operand = constantTime(e.operand);
      if (operand?.type !== 'timespan' || e.op === 'not') return undefined;
      return e.op === '-' ? { ...operand, ticks: -operand.ticks } : operand;
    }
    case 'binary': {
      if (e.op !== '+' && e.op !== '-') return undefined;
      const l = constantTime(e.left);
      const r = constantTime(e.right);
      return l === undefined || r === undefined ? undefined : addTimes(e.op, l, r);
    }
    default:
      return undefined;
  }
}

function addTimes(op: '+' | '-', l: ConstantTime, r: ConstantTime): ConstantTime | undefined {
  const fine = l.fine || r.fine;
  const ticks = op === '+' ? l.ticks + r.ticks : l.ticks - r.ticks;
  let type: ConstantTime['type'];
  if (l.type === 'timespan' && r.type === 'timespan') type = 'timespan';
  else if (l.type === 'datetime' && r.type === 'datetime' && op === '-') type = 'timespan';
  else if (l.type === 'datetime' && r.type === 'timespan') type = 'datetime';
  else if (l.type === 'timespan' && r.type === 'datetime' && op === '+') type = 'datetime';
  else return undefined;
  // Out of range is left to the ordinary binding, which refuses or computes it as it would.
  if (type === 'datetime' && (ticks < MIN_DATETIME || ticks > MAX_DATETIME)) return undefined;
  return { type, ticks, fine };
}

/** `l op r` for two constants of one type, as KQL compares them. */
export function compareTimes(
  op: '==' | '!=' | '<' | '<=' | '>' | '>=',
  l: ConstantTime,
  r: ConstantTime,
): boolean {
  switch (op) {
    case '==':
      return l.ticks === r.ticks;
    case '!=':
      return l.ticks !== r.ticks;
    case '<':
      return l.ticks < r.ticks;
    case '<=':
      return l.ticks <= r.ticks;
    case '>':
      return l.ticks > r.ticks;
    case '>=':
      return l.ticks >= r.ticks;
  }
}
