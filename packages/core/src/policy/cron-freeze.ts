import { CronExpressionParser } from 'cron-parser';
import { InputError } from '../errors.js';
import type { Interval } from './interval-set.js';

/** A GitLab-style deploy freeze: from each fire of `start` until the next fire of `end`. */
export interface CronFreeze {
  text: string;
  start: string;
  end: string;
}

const EXAMPLE = '`freeze 0 18 * * 5 .. 0 8 * * 1` (Friday 18:00 until Monday 08:00)';
/** Far more freeze periods than a year can hold; stops a runaway expression. */
const MAX_PERIODS = 5000;

/** Parses `freeze <cron> .. <cron>` for the input `input`, checking both expressions. */
export function parseCronFreeze(input: string, line: string, zone: string): CronFreeze {
  const body = line.trim().replace(/^freeze\s+/i, '');
  const parts = body.split(/\s+\.\.\s+/);
  if (parts.length !== 2) {
    throw new InputError(input, `\`${line}\` needs a start and an end cron separated by \` .. \``, EXAMPLE);
  }
  const [start, end] = parts.map((p) => p.trim()) as [string, string];
  for (const expression of [start, end]) {
    if (expression.split(/\s+/).length !== 5) {
      throw new InputError(
        input,
        `\`${expression}\` in \`${line}\` is not a 5-field cron expression`,
        EXAMPLE,
      );
    }
    try {
      CronExpressionParser.parse(expression, { tz: zone, currentDate: new Date(0) }).next();
    } catch (error) {
      throw new InputError(
        input,
        `\`${expression}\` in \`${line}\` is not a valid cron expression (${(error as Error).message})`,
        EXAMPLE,
        { cause: error },
      );
    }
  }
  return { text: line.trim(), start, end };
}

/** The freeze periods that overlap `range`, including one already in force at its start. */
export function expandCronFreeze(freeze: CronFreeze, zone: string, range: Interval): Interval[] {
  const out: Interval[] = [];
  const endAfter = (instant: number): number =>
    CronExpressionParser.parse(freeze.end, { tz: zone, currentDate: new Date(instant) })
      .next()
      .getTime();
  const starts = CronExpressionParser.parse(freeze.start, {
    tz: zone,
    currentDate: new Date(range.start + 1),
  });
  let cursor: number;
  try {
    const previous = starts.prev().getTime();
    const end = endAfter(previous);
    if (end > range.start) out.push({ start: previous, end });
    cursor = Math.max(range.start, end);
  } catch {
    cursor = range.start; // no earlier start: nothing in force
  }
  for (let n = 0; n < MAX_PERIODS; n++) {
    const next = CronExpressionParser.parse(freeze.start, { tz: zone, currentDate: new Date(cursor - 1) });
    let start: number;
    try {
      start = next.next().getTime();
    } catch {
      break;
    }
    if (start >= range.end) break;
    const end = endAfter(start);
    out.push({ start, end });
    cursor = end;
  }
  return out;
}
