import { CronExpressionParser } from 'cron-parser';

/**
 * A 5-field cron expression reduced to the wall-clock fields it matches. cron-parser only
 * parses it (names, ranges, steps, `L`, `#`); matching runs here on wall-clock days and minutes,
 * with no zone at all, because cron-parser's own search in a zone throws "loop limit exceeded"
 * or skips days in zones whose DST shift is not a whole hour (Australia/Lord_Howe). Zones are
 * applied afterwards, one fire at a time (see `ZoneTimeline.firstInstantReaching`).
 */
export interface WallClockCron {
  /** Minutes of the day (hour * 60 + minute) the expression fires at, ascending. */
  readonly minutesOfDay: readonly number[];
  /** True when the expression fires on this calendar date (month 1-12). */
  matchesDate(year: number, month: number, day: number): boolean;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Nine years: a 29 February rule skips 2100, so two fires can lie eight years apart. */
export const CRON_SEARCH_DAYS = 9 * 366;

/** Parses a 5-field cron expression; throws cron-parser's error for an invalid one. */
export function parseWallClockCron(expression: string): WallClockCron {
  if (/\bH\b/i.test(expression)) {
    // cron-parser picks a random value for `H` on each parse: a freeze would move every run.
    throw new Error('`H` (a hashed, random value) is not supported in a freeze');
  }
  const { fields } = CronExpressionParser.parse(expression, { tz: 'UTC' });
  // cron-parser types each field's values as literal unions; plain numbers (and `5L` strings) here.
  const values = (field: { values: readonly unknown[] }): (number | string)[] =>
    field.values as (number | string)[];
  const minutes = values(fields.minute) as number[];
  const minutesOfDay = (values(fields.hour) as number[]).flatMap((h) => minutes.map((m) => h * 60 + m));
  minutesOfDay.sort((a, b) => a - b);
  const months = new Set<number>(values(fields.month) as number[]);
  const domWildcard = fields.dayOfMonth.isWildcard;
  const dowWildcard = fields.dayOfWeek.isWildcard;
  const domDays = new Set(values(fields.dayOfMonth).filter((v): v is number => typeof v === 'number'));
  const domLast = fields.dayOfMonth.hasLastChar;
  const dowValues = values(fields.dayOfWeek);
  const dowDays = new Set(dowValues.filter((v): v is number => typeof v === 'number').map((v) => v % 7));
  // `5L`: the last Friday of the month.
  const dowLast = new Set(
    dowValues.filter((v): v is string => typeof v === 'string').map((v) => Number(v.charAt(0)) % 7),
  );
  const nth = fields.dayOfWeek.nthDay;
  return {
    minutesOfDay,
    matchesDate(year, month, day) {
      if (!months.has(month)) return false;
      const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      const dom = domDays.has(day) || (domLast && day === daysInMonth);
      const dow =
        (dowDays.has(weekday) && (nth <= 0 || Math.ceil(day / 7) === nth)) ||
        (dowLast.has(weekday) && day + 7 > daysInMonth);
      // Vixie cron (and cron-parser): when both day fields are restricted, either may match.
      if (!domWildcard && !dowWildcard) return dom || dow;
      if (!domWildcard) return dom;
      if (!dowWildcard) return dow;
      return true;
    },
  };
}

function dateMatches(cron: WallClockCron, dayIndex: number): boolean {
  const date = new Date(dayIndex * DAY_MS);
  return cron.matchesDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * The first wall-clock time (wall-clock milliseconds, see ZoneTimeline) the expression matches
 * after `wall` (or at it, when `inclusive`); undefined when none within CRON_SEARCH_DAYS.
 */
export function nextWallFire(cron: WallClockCron, wall: number, inclusive: boolean): number | undefined {
  const firstDay = Math.floor(wall / DAY_MS);
  for (let day = firstDay; day <= firstDay + CRON_SEARCH_DAYS; day++) {
    if (!dateMatches(cron, day)) continue;
    for (const minute of cron.minutesOfDay) {
      const fire = day * DAY_MS + minute * MINUTE_MS;
      if (fire > wall || (inclusive && fire === wall)) return fire;
    }
  }
  return undefined;
}

/** The last wall-clock time the expression matches at or before `wall`; undefined when none within CRON_SEARCH_DAYS. */
export function previousWallFire(cron: WallClockCron, wall: number): number | undefined {
  const lastDay = Math.floor(wall / DAY_MS);
  for (let day = lastDay; day >= lastDay - CRON_SEARCH_DAYS; day--) {
    if (!dateMatches(cron, day)) continue;
    for (let i = cron.minutesOfDay.length - 1; i >= 0; i--) {
      const fire = day * DAY_MS + (cron.minutesOfDay[i] as number) * MINUTE_MS;
      if (fire <= wall) return fire;
    }
  }
  return undefined;
}
