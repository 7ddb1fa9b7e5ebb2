import { InputError, quoteValue } from '../errors.js';
import type { Interval } from './interval-set.js';
import { nextWallFire, parseWallClockCron, previousWallFire, type WallClockCron } from './wall-clock-cron.js';
import type { ZoneTimeline } from './zone-timeline.js';

/**
 * A GitLab-style deploy freeze: from each fire of `start` until the next fire of `end`.
 *
 * Both crons run on the zone's wall clock. A fire whose wall time is skipped by a DST jump
 * happens at the first instant after the jump; one whose wall time repeats happens once, at
 * its first occurrence (`ZoneTimeline.firstInstantReaching`). A period ends at the first end
 * fire whose wall time is later than its start's, so a freeze never lasts longer than on an
 * ordinary day plus the DST shift, and one whose start and end both fall in a skipped hour
 * is empty that day.
 */
export interface CronFreeze {
  text: string;
  start: string;
  end: string;
  startCron: WallClockCron;
  endCron: WallClockCron;
}

const EXAMPLE = '`freeze 0 18 * * 5 .. 0 8 * * 1` (Friday 18:00 until Monday 08:00)';
/**
 * Bounds the periods expanded for one evaluation (an hourly freeze over the evaluated year and
 * a half is about 9,200). Past it the rest of the range counts as frozen: fail safe.
 */
const MAX_PERIODS = 20_000;

/** Parses `freeze <cron> .. <cron>` for the input `input`, checking both expressions. */
export function parseCronFreeze(input: string, line: string): CronFreeze {
  const body = line.trim().replace(/^freeze\s+/i, '');
  const parts = body.split(/\s+\.\.\s+/);
  if (parts.length !== 2) {
    throw new InputError(
      input,
      `${quoteValue(line)} needs a start and an end cron separated by \` .. \``,
      EXAMPLE,
    );
  }
  const [start, end] = parts.map((p) => p.trim()) as [string, string];
  const parsed: WallClockCron[] = [];
  for (const expression of [start, end]) {
    if (expression.split(/\s+/).length !== 5) {
      throw new InputError(
        input,
        `${quoteValue(expression)} in ${quoteValue(line)} is not a 5-field cron expression`,
        EXAMPLE,
      );
    }
    try {
      parsed.push(parseWallClockCron(expression));
    } catch (error) {
      throw new InputError(
        input,
        `${quoteValue(expression)} in ${quoteValue(line)} is not a valid cron expression (${(error as Error).message})`,
        EXAMPLE,
        { cause: error },
      );
    }
  }
  const [startCron, endCron] = parsed as [WallClockCron, WallClockCron];
  return { text: line.trim(), start, end, startCron, endCron };
}

/** The freeze periods that overlap `range`, including one already in force at its start. */
export function expandCronFreeze(freeze: CronFreeze, timeline: ZoneTimeline, range: Interval): Interval[] {
  const out: Interval[] = [];
  // Any wall time the clock shows at range.start or earlier fires at or before range.start, so
  // the last start fire before it begins the period (if any) in force at range.start: from a
  // start fire on, the state no longer depends on what came before.
  const first = timeline.toWallClock(range.start) - 86_400_000;
  let startWall = previousWallFire(freeze.startCron, first) ?? nextWallFire(freeze.startCron, first, false);
  for (let n = 0; startWall !== undefined && n < MAX_PERIODS; n++) {
    const start = timeline.firstInstantReaching(startWall);
    if (start >= range.end) break;
    const endWall = nextWallFire(freeze.endCron, startWall, false);
    // An end that never comes within the search keeps the freeze for the whole range (fail safe).
    const end = endWall === undefined ? range.end : timeline.firstInstantReaching(endWall);
    if (end > start && end > range.start) out.push({ start, end });
    if (endWall === undefined) break;
    // A start at the very wall time of an end begins the next period there.
    startWall = nextWallFire(freeze.startCron, endWall, true);
  }
  if (out.length >= MAX_PERIODS && startWall !== undefined) {
    out.push({ start: timeline.firstInstantReaching(startWall), end: range.end });
  }
  return out;
}
