import { InputError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

/**
 * Parses a duration such as `90s`, `15m`, `1h30m` or `0` into milliseconds.
 * Units: ms, s, m, h, d. A bare `0` is accepted; other bare numbers are refused because
 * `30` could mean seconds or minutes.
 */
export function parseDuration(input: string, raw: string): number {
  const text = raw.trim();
  if (text === '0') return 0;
  if (!DURATION.test(text)) {
    throw new InputError(input, `\`${raw}\` is not a duration`, '`90s`, `15m` or `1h30m`');
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  if (!Number.isSafeInteger(total)) {
    throw new InputError(input, `\`${raw}\` is too long`, '`90s`, `15m` or `1h30m`');
  }
  return total;
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
