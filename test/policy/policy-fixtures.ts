import { DateTime } from 'luxon';
import { parseDenyRule } from '../../packages/core/src/policy/deny-rule.js';
import type { PublicHoliday } from '../../packages/core/src/policy/holidays/holiday-calendar.js';
import type { CalendarBlock } from '../../packages/core/src/policy/ical-calendar.js';
import { parseWeeklyWindow } from '../../packages/core/src/policy/weekly-window.js';
import type { WindowPolicy } from '../../packages/core/src/policy/window-policy.js';

/** Builds a policy from the same lines a user writes. */
export function policyOf(spec: {
  timezone: string;
  allow?: string[];
  deny?: string[];
  holidays?: PublicHoliday[];
  calendarBlocks?: CalendarBlock[];
}): WindowPolicy {
  return {
    timezone: spec.timezone,
    allow: (spec.allow ?? []).map((line) => parseWeeklyWindow('allow', line)),
    deny: (spec.deny ?? []).map((line) => parseDenyRule('deny', line, spec.timezone)),
    holidays: spec.holidays ?? [],
    calendarBlocks: spec.calendarBlocks ?? [],
  };
}

/** Epoch milliseconds of an ISO instant. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in test: ${iso}`);
  return ms;
}

/** ISO string of an instant, or undefined. */
export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A local wall-clock time in `zone` as an instant (luxon's choice for ambiguous times). */
export function local(text: string, zone: string): number {
  return DateTime.fromISO(text, { zone }).toMillis();
}
