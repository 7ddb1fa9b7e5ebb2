import { InputError, quoteValue } from '../errors.js';
import type { Interval } from './interval-set.js';
import type { ZoneTimeline } from './zone-timeline.js';

/** Day names in ISO order: index 0 is Monday. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A weekly window such as `Mon-Thu 09:00-17:00`: these weekdays, this local time of day. */
export interface WeeklyWindow {
  /** The line as written, for reasons and summaries. */
  text: string;
  /** ISO weekday indexes, 0 = Monday. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight; end may be 1440 (`24:00`). */
  startMinute: number;
  endMinute: number;
}

const WINDOW =
  /^([A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?(?:\s*,\s*[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?)*)\s+(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;
const EXAMPLE = '`Mon-Thu 09:00-17:00`, `Mon,Wed 10:00-12:00` or `Fri 14:00-24:00`';

/** True when the line has the shape of a weekly window (used to tell deny line kinds apart). */
export function looksLikeWeeklyWindow(line: string): boolean {
  return /^[A-Za-z]{3}[\s,-]/.test(line.trim()) && !/^freeze\b/i.test(line.trim());
}

/** Parses one weekly window line for the input `input`. */
export function parseWeeklyWindow(input: string, line: string): WeeklyWindow {
  const text = line.trim();
  const match = WINDOW.exec(text);
  if (!match) {
    throw new InputError(
      input,
      `${quoteValue(line)} is not a weekly window (days, then HH:MM-HH:MM)`,
      EXAMPLE,
    );
  }
  const [, dayPart, sh, sm, eh, em] = match as unknown as [string, string, string, string, string, string];
  const days = new Set<number>();
  for (const item of dayPart.split(',')) {
    const [first, last] = item.split('-').map((name) => dayIndex(input, line, name.trim()));
    if (first === undefined) continue;
    // Ranges may wrap around the week: `Fri-Mon` is Fri, Sat, Sun, Mon.
    for (let d = first; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === (last ?? first)) break;
    }
  }
  const startMinute = clockMinute(input, line, sh, sm);
  const endMinute = clockMinute(input, line, eh, em);
  if (startMinute === 1440) {
    throw new InputError(input, `${quoteValue(line)} starts at 24:00`, EXAMPLE);
  }
  if (endMinute <= startMinute) {
    throw new InputError(
      input,
      `${quoteValue(line)} ends before it starts; a window cannot cross midnight, so write two lines`,
      '`Fri 22:00-24:00` and `Sat 00:00-06:00`',
    );
  }
  return { text, days, startMinute, endMinute };
}

function dayIndex(input: string, line: string, name: string): number {
  const index = DAY_NAMES.findIndex((d) => d.toLowerCase() === name.toLowerCase());
  if (index < 0) {
    throw new InputError(
      input,
      `${quoteValue(name)} in ${quoteValue(line)} is not a day (use ${DAY_NAMES.join(' ')})`,
      EXAMPLE,
    );
  }
  return index;
}

function clockMinute(input: string, line: string, hours: string, minutes: string): number {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 24 || m > 59 || (h === 24 && m !== 0)) {
    throw new InputError(
      input,
      `${quoteValue(`${hours}:${minutes}`)} in ${quoteValue(line)} is not a time of day`,
      EXAMPLE,
    );
  }
  return h * 60 + m;
}

const DAY_MS = 86_400_000;

/**
 * Every instant in [from, to) (extended to whole local days) inside the window: the local
 * weekday matches and the local time of day is in [start, end).
 */
export function expandWeeklyWindow(
  window: WeeklyWindow,
  timeline: ZoneTimeline,
  range: Interval,
): Interval[] {
  const out: Interval[] = [];
  const firstDay = Math.floor(timeline.toWallClock(range.start) / DAY_MS) - 1;
  const lastDay = Math.floor(timeline.toWallClock(range.end) / DAY_MS) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    // 1970-01-01 was a Thursday (ISO index 3).
    const weekday = (((day + 3) % 7) + 7) % 7;
    if (!window.days.has(weekday)) continue;
    const midnight = day * DAY_MS;
    out.push(
      ...timeline.wallRangeToInstants(
        midnight + window.startMinute * 60_000,
        midnight + window.endMinute * 60_000,
      ),
    );
  }
  return out;
}
