import { InputError, quoteValue } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

// The timer limit lives with the timers; re-exported here for the parsers that name it.
export { MAX_TIMER_MS } from '../time/long-timer.js';

/** Default upper bound of a duration input when its parser names none: 30 days. */
export const DEFAULT_MAX_DURATION_MS = 30 * 86_400_000;

/** Options of parseDuration. */
export interface DurationOptions {
  /** Largest accepted value in ms (documented per input); defaults to DEFAULT_MAX_DURATION_MS. */
  maxMs?: number;
}

/**
 * Parses a duration such as `90s`, `15m`, `1h30m` or `0` into milliseconds.
 * Units: ms, s, m, h, d. A bare `0` is accepted; other bare numbers are refused because
 * `30` could mean seconds or minutes. Values above `maxMs` (default 30 days) are refused with
 * the maximum in the message: a 99999999-day wait is a typo, and would overflow dates and timers.
 */
export function parseDuration(input: string, raw: string, options: DurationOptions = {}): number {
  const maxMs = options.maxMs ?? DEFAULT_MAX_DURATION_MS;
  const text = raw.trim();
  if (text === '0') return 0;
  if (!DURATION.test(text)) {
    throw new InputError(input, `${quoteValue(raw)} is not a duration`, exampleUpTo(maxMs));
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  // A thousand-digit amount sums to Infinity, which is neither safe nor below any maximum.
  if (!Number.isSafeInteger(total) || total > maxMs) {
    throw new InputError(
      input,
      `${quoteValue(raw)} is longer than the maximum of ${formatDuration(maxMs)}`,
      exampleUpTo(maxMs),
    );
  }
  return total;
}

const EXAMPLES = [
  ['`90s`', 90_000],
  ['`15m`', 900_000],
  ['`1h30m`', 5_400_000],
] as const;

/** Valid examples for an input whose maximum is `maxMs`: the usual ones that fit, and the maximum. */
function exampleUpTo(maxMs: number): string {
  const fitting = EXAMPLES.filter(([, ms]) => ms <= maxMs).map(([text]) => text);
  if (fitting.length === EXAMPLES.length) {
    return `\`90s\`, \`15m\` or \`1h30m\` (at most \`${formatDuration(maxMs)}\`)`;
  }
  return [...fitting, `\`${formatDuration(maxMs)}\``].join(' or ');
}

/** Formats milliseconds as a compact duration (`1h30m`, `45s`, `0s`), the inverse of parseDuration. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return ms <= 0 ? '0s' : `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
