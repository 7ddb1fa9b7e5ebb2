import { DateTime } from 'luxon';
import { InputError, quoteValue } from '../errors.js';
import { parseCronFreeze, type CronFreeze } from './cron-freeze.js';
import type { Interval } from './interval-set.js';
import { looksLikeWeeklyWindow, parseWeeklyWindow, type WeeklyWindow } from './weekly-window.js';
import type { ZoneTimeline } from './zone-timeline.js';

/** An instant given with its offset, or a wall-clock time of the policy zone. */
type Endpoint = { instant: number } | { wall: number };

/** One `deny` line, parsed. */
export type DenyRule =
  | { kind: 'dates'; text: string; firstWall: number; endWall: number }
  | { kind: 'interval'; text: string; start: Endpoint; end: Endpoint }
  | { kind: 'weekly'; text: string; window: WeeklyWindow }
  | { kind: 'freeze'; text: string; freeze: CronFreeze };

const EXAMPLE =
  '`2026-11-27`, `2026-12-20..2027-01-04`, `2026-12-24T18:00/2026-12-27T08:00`, `Fri 14:00-24:00` or `freeze 0 18 * * 5 .. 0 8 * * 1`';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;
const DAY_MS = 86_400_000;

/**
 * Parses one `deny` line: a date, an inclusive date range, an ISO interval, a weekly window or a
 * freeze. Every kind is zone-independent until expanded, so `_zone` is unused (kept for callers).
 */
export function parseDenyRule(input: string, line: string, _zone?: string): DenyRule {
  const text = line.trim();
  if (/^freeze\b/i.test(text)) return { kind: 'freeze', text, freeze: parseCronFreeze(input, text) };
  if (text.includes('..')) {
    const [first, last, ...rest] = text.split('..').map((s) => s.trim());
    if (rest.length > 0 || first === undefined || last === undefined) {
      throw new InputError(input, `${quoteValue(line)} is not a date range`, EXAMPLE);
    }
    const firstWall = parseDate(input, line, first);
    const lastWall = parseDate(input, line, last);
    if (lastWall < firstWall)
      throw new InputError(input, `${quoteValue(line)} ends before it starts`, EXAMPLE);
    return { kind: 'dates', text, firstWall, endWall: lastWall + DAY_MS };
  }
  if (text.includes('/')) {
    const [first, last, ...rest] = text.split('/').map((s) => s.trim());
    if (rest.length > 0 || first === undefined || last === undefined) {
      throw new InputError(input, `${quoteValue(line)} is not an ISO interval`, EXAMPLE);
    }
    const start = parseEndpoint(input, line, first);
    const end = parseEndpoint(input, line, last);
    if ('instant' in start && 'instant' in end && end.instant <= start.instant) {
      throw new InputError(input, `${quoteValue(line)} ends before it starts`, EXAMPLE);
    }
    if ('wall' in start && 'wall' in end && end.wall <= start.wall) {
      throw new InputError(input, `${quoteValue(line)} ends before it starts`, EXAMPLE);
    }
    return { kind: 'interval', text, start, end };
  }
  if (DATE.test(text)) {
    const firstWall = parseDate(input, line, text);
    return { kind: 'dates', text, firstWall, endWall: firstWall + DAY_MS };
  }
  if (looksLikeWeeklyWindow(text)) return { kind: 'weekly', text, window: parseWeeklyWindow(input, text) };
  throw new InputError(
    input,
    `${quoteValue(line)} is not a date, date range, ISO interval, weekly window or freeze`,
    EXAMPLE,
  );
}

function parseDate(input: string, line: string, text: string): number {
  const match = DATE.exec(text);
  const [y, m, d] = match ? match.slice(1).map(Number) : [];
  if (!match || !DateTime.fromObject({ year: y, month: m, day: d }, { zone: 'UTC' }).isValid) {
    throw new InputError(
      input,
      `${quoteValue(text)} in ${quoteValue(line)} is not a calendar date (YYYY-MM-DD)`,
      EXAMPLE,
    );
  }
  return Date.UTC(y as number, (m as number) - 1, d as number);
}

function parseEndpoint(input: string, line: string, text: string): Endpoint {
  const match = DATE_TIME.exec(text);
  if (!match) {
    throw new InputError(
      input,
      `${quoteValue(text)} in ${quoteValue(line)} is not a date and time (YYYY-MM-DDTHH:MM)`,
      EXAMPLE,
    );
  }
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((v) => Number(v ?? 0)) as number[];
  const offset = match[7];
  const valid = DateTime.fromObject(
    { year: y, month: mo, day: d, hour: h, minute: mi, second: s },
    { zone: 'UTC' },
  ).isValid;
  if (!valid)
    throw new InputError(
      input,
      `${quoteValue(text)} in ${quoteValue(line)} is not a valid date and time`,
      EXAMPLE,
    );
  const wall = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  if (offset === undefined) return { wall };
  const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
  const [oh, om] = offset === 'Z' ? [0, 0] : offset.slice(1).split(':').map(Number);
  return { instant: wall - sign * ((oh as number) * 60 + (om as number)) * 60_000 };
}

/**
 * The instants a date-based or interval rule denies: one unbroken block between two instants.
 * A local start resolves to the first instant the clock reaches it (a skipped time: when the
 * jump ends; a repeated time: its first occurrence); a local end to the instant from which the
 * clock never reads before it again (a repeated time: its second occurrence). So a block that
 * starts or ends inside a repeated hour covers every instant whose local time it names, with no
 * hole. Weekly and freeze rules expand with their own modules.
 */
export function denyRuleInstants(
  rule: Extract<DenyRule, { kind: 'dates' | 'interval' }>,
  timeline: ZoneTimeline,
): Interval[] {
  const [start, end]: [Endpoint, Endpoint] =
    rule.kind === 'dates' ? [{ wall: rule.firstWall }, { wall: rule.endWall }] : [rule.start, rule.end];
  const from = 'instant' in start ? start.instant : timeline.firstInstantReaching(start.wall);
  const to = 'instant' in end ? end.instant : timeline.lastInstantReaching(end.wall);
  return to > from ? [{ start: from, end: to }] : [];
}
