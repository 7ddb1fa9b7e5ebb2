import { formatDuration } from '../inputs/parse-duration.js';
import { expandCronFreeze } from './cron-freeze.js';
import { denyRuleInstants, type DenyRule } from './deny-rule.js';
import type { PublicHoliday } from './holidays/holiday-calendar.js';
import type { CalendarBlock } from './ical-calendar.js';
import { contains, mergeIntervals, subtractIntervals, clipIntervals, type Interval } from './interval-set.js';
import { expandWeeklyWindow, type WeeklyWindow } from './weekly-window.js';
import { ZoneTimeline, formatLocal } from './zone-timeline.js';

const DAY_MS = 86_400_000;
/** How far ahead `next-open` is searched: a year, as the contract says. */
export const NEXT_OPEN_HORIZON_MS = 365 * DAY_MS;
/** Periods reach this far back so one already running at `now` is seen whole. */
const LOOKBACK_MS = 8 * DAY_MS;

/** Why a guard is closed, in the `blockers` output: `{kind, detail}`. */
export interface Blocker {
  kind:
    | 'outside-window'
    | 'deny'
    | 'holiday'
    | 'calendar'
    | 'freeze'
    | 'gitlab-deploy-freeze'
    | 'alarm'
    | 'alarm-no-data'
    | 'alarm-not-found'
    | 'alarm-unreadable'
    | 'override-refused'
    | 'not-reviewed'
    | 'review-unreadable'
    | 'runway';
  detail: string;
}

/** A time-based policy: weekly allow windows minus deny periods, all in one zone. */
export interface WindowPolicy {
  timezone: string;
  /** Empty means always allowed. */
  allow: readonly WeeklyWindow[];
  deny: readonly DenyRule[];
  holidays: readonly PublicHoliday[];
  calendarBlocks: readonly CalendarBlock[];
  /**
   * How long the windows must stay open from the instant a stage starts (its worst case), in ms.
   * 0 or undefined: no check, an open instant is enough.
   */
  runwayMs?: number;
}

/** A denied span with the reason it is denied. */
interface DenyBlock extends Interval {
  blocker: Blocker;
}

/** The time-based answer at one instant. */
export interface WindowEvaluation {
  /** Open by the windows, and for the runway from now (alarms are evaluated separately). */
  open: boolean;
  /** Why it is closed now; empty when open. */
  blockers: Blocker[];
  /** Earliest instant >= now within a year from which the windows stay open for the runway; undefined if none. */
  nextOpen: number | undefined;
  /**
   * End of the open period containing now (also when it is too short for the runway); undefined
   * when no open period contains now or it lasts beyond a year.
   */
  closesAt: number | undefined;
  /** Open periods from now to seven days ahead, for the summary's picture of the week. */
  weekAhead: Interval[];
}

/** The instants the policy cannot tell about without loading them: years of holidays, the calendar range. */
export function evaluationRange(now: number): Interval {
  return { start: now - LOOKBACK_MS, end: now + NEXT_OPEN_HORIZON_MS + LOOKBACK_MS };
}

/** Evaluates the windows of `policy` at `now`. Pure: same inputs, same answer, in any machine zone. */
export function evaluateWindows(policy: WindowPolicy, now: number): WindowEvaluation {
  const range = evaluationRange(now);
  const timeline = new ZoneTimeline(policy.timezone);
  const denies = denyBlocks(policy, timeline, range);
  const allowed =
    policy.allow.length === 0
      ? [range]
      : mergeIntervals(policy.allow.flatMap((window) => expandWeeklyWindow(window, timeline, range)));
  const open = clipIntervals(subtractIntervals(allowed, denies), range);

  const runway = policy.runwayMs ?? 0;
  const current = open.find((interval) => contains(interval, now));
  const horizon = now + NEXT_OPEN_HORIZON_MS;
  const closesAt = current && current.end <= horizon ? current.end : undefined;
  // Open beyond the horizon counts as long enough, like an undefined closesAt.
  const openNow = current !== undefined && (closesAt === undefined || closesAt - now >= runway);
  // The usable starts of an open period are [start, end - runway]; a period running off the
  // evaluated range has an unknown end, long enough for any runway.
  const nextOpen = openNow
    ? now
    : open
        .map((interval) => ({ from: Math.max(interval.start, now), end: interval.end }))
        .find(({ from, end }) => from < end && from <= horizon && (end - from >= runway || end >= range.end))
        ?.from;

  const blockers: Blocker[] = [];
  if (current && !openNow) {
    blockers.push({
      kind: 'runway',
      detail:
        `the window closes at ${formatLocal(current.end, policy.timezone)} (in ${formatDuration(current.end - now)}); ` +
        `the stage needs ${formatDuration(runway)} (runway)`,
    });
  } else if (!current) {
    if (!allowed.some((interval) => contains(interval, now))) {
      blockers.push({
        kind: 'outside-window',
        detail: `outside the allowed windows (${policy.allow.map((w) => w.text).join('; ')}) in ${policy.timezone}`,
      });
    }
    const seen = new Set<string>();
    for (const block of denies) {
      const key = `${block.blocker.kind}:${block.blocker.detail}`;
      if (contains(block, now) && !seen.has(key)) {
        seen.add(key);
        blockers.push(block.blocker);
      }
    }
  }
  return {
    open: openNow,
    blockers,
    nextOpen,
    closesAt,
    weekAhead: clipIntervals(open, { start: now, end: now + 7 * DAY_MS }),
  };
}

function denyBlocks(policy: WindowPolicy, timeline: ZoneTimeline, range: Interval): DenyBlock[] {
  const zone = policy.timezone;
  const out: DenyBlock[] = [];
  const push = (intervals: Interval[], blocker: Blocker): void => {
    for (const interval of intervals) {
      if (interval.end > range.start && interval.start < range.end) out.push({ ...interval, blocker });
    }
  };
  for (const rule of policy.deny) {
    if (rule.kind === 'weekly') {
      push(expandWeeklyWindow(rule.window, timeline, range), {
        kind: 'deny',
        detail: `deny ${rule.text} (${zone})`,
      });
    } else if (rule.kind === 'freeze') {
      for (const period of expandCronFreeze(rule.freeze, timeline, range)) {
        push([period], {
          kind: 'freeze',
          detail: `${rule.text} (${zone}): frozen until ${formatLocal(period.end, zone)}`,
        });
      }
    } else {
      push(denyRuleInstants(rule, timeline), { kind: 'deny', detail: `deny ${rule.text} (${zone})` });
    }
  }
  for (const holiday of policy.holidays) {
    const [y, m, d] = holiday.date.split('-').map(Number) as [number, number, number];
    const wall = Date.UTC(y, m - 1, d);
    // The whole local day as one block, like a deny date (see denyRuleInstants).
    push([{ start: timeline.firstInstantReaching(wall), end: timeline.lastInstantReaching(wall + DAY_MS) }], {
      kind: 'holiday',
      detail: `${holiday.name} (${holiday.region} ${holiday.type ?? 'public'} holiday, ${holiday.date})`,
    });
  }
  for (const block of policy.calendarBlocks) {
    push([block], { kind: 'calendar', detail: `${block.summary} (until ${formatLocal(block.end, zone)})` });
  }
  return out;
}
