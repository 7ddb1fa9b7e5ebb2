import { parseMinApprovals, parseStatusContext } from '../../checklist/review-inputs.js';
import { InputError } from '../../errors.js';
import { parseAlarmSelectors, type AlarmSelectors } from '../../health/alarm-selector.js';
import { parseDuration } from '../../inputs/parse-duration.js';
import { parseInstant } from '../../inputs/parse-instant.js';
import {
  parseAwsRegion,
  parseBoolean,
  parseEnum,
  parseList,
  splitLines,
} from '../../inputs/parse-scalars.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import { parseDenyRule, type DenyRule } from '../../policy/deny-rule.js';
import { formatHolidayCode, parseHolidayCode } from '../../policy/holidays/holiday-code.js';
import { parseWeeklyWindow, type WeeklyWindow } from '../../policy/weekly-window.js';
import { parseTimezone } from '../../policy/zone-timeline.js';

/** Inputs of window-guard, in action.yml order. `config` and `environment` are read before these. */
export const WINDOW_GUARD_INPUTS: readonly InputSpec[] = [
  { name: 'timezone', default: 'UTC', fromConfig: true },
  { name: 'allow', default: '', fromConfig: true },
  { name: 'deny', default: '', fromConfig: true },
  { name: 'holidays', default: '', fromConfig: true },
  { name: 'calendars', default: '', fromConfig: true },
  { name: 'alarms', default: '', fromConfig: true },
  { name: 'alarm-missing-data', default: 'block', fromConfig: true },
  { name: 'aws-region', default: '', fromConfig: true },
  { name: 'override-reason', default: '', fromConfig: false },
  { name: 'at', default: '', fromConfig: false },
  { name: 'wait', default: '0', fromConfig: true },
  { name: 'runway', default: '0', fromConfig: true },
  { name: 'mode', default: 'enforce', fromConfig: true },
  { name: 'require-reviewed', default: 'false', fromConfig: true },
  { name: 'min-approvals', default: '1', fromConfig: true },
  { name: 'status-context', default: 'hands-off/checklist', fromConfig: true },
  { name: 'github-token', default: '', fromConfig: false },
];

/** Typed options of window-guard, parsed from its inputs. */
export interface WindowGuardOptions {
  timezone: string;
  allow: WeeklyWindow[];
  deny: DenyRule[];
  /** Canonical holiday codes (`DE-BY`, `US+optional`), syntax checked; the data checks them on load. */
  holidays: string[];
  calendars: string[];
  alarms: AlarmSelectors;
  alarmMissingData: 'block' | 'ignore';
  awsRegion: string;
  overrideReason: string;
  /** What-if instant; undefined means now. */
  at: number | undefined;
  waitMs: number;
  /** How long the windows must stay open from the start (the stage's worst case); 0 = no check. */
  runwayMs: number;
  mode: 'enforce' | 'dry-run';
  /** One more blocker: the job's commit must have come in through a reviewed change request. */
  requireReviewed: boolean;
  minApprovals: number;
  statusContext: string;
}

/**
 * Longest `wait` (7 days, documented in action.yml): longer than any CI job may run (GitHub's
 * self-hosted limit is 5 days), and a bound on the calendar range a waiting guard loads.
 */
export const WINDOW_GUARD_MAX_WAIT_MS = 7 * 86_400_000;

/**
 * Longest `runway` (7 days, documented in action.yml): no stage runs longer, and a bound on the
 * calendar range the guard loads.
 */
export const WINDOW_GUARD_MAX_RUNWAY_MS = 7 * 86_400_000;

/** Parses the resolved inputs; the first bad value throws an InputError naming it. */
export function parseWindowGuardInputs(inputs: Record<string, ResolvedInput>): WindowGuardOptions {
  const value = (name: string): string => inputs[name]?.value ?? '';
  const timezone = parseTimezone('timezone', value('timezone'));
  const holidays = parseList(value('holidays')).map((code) =>
    formatHolidayCode(parseHolidayCode('holidays', code)),
  );
  const awsRegion = parseAwsRegion(value('aws-region'));
  const at = value('at').trim() === '' ? undefined : parseInstant('at', value('at'));
  const waitMs = parseDuration('wait', value('wait'), { maxMs: WINDOW_GUARD_MAX_WAIT_MS });
  if (at !== undefined && waitMs > 0) {
    throw new InputError(
      'wait',
      'cannot wait when `at` asks about another instant',
      '`0` (or leave `at` empty)',
    );
  }
  const runwayMs = parseDuration('runway', value('runway'), { maxMs: WINDOW_GUARD_MAX_RUNWAY_MS });
  return {
    timezone,
    allow: splitLines(value('allow')).map((line) => parseWeeklyWindow('allow', line)),
    deny: splitLines(value('deny')).map((line) => parseDenyRule('deny', line, timezone)),
    holidays,
    calendars: parseList(value('calendars')),
    alarms: parseAlarmSelectors('alarms', value('alarms')),
    alarmMissingData: parseEnum('alarm-missing-data', value('alarm-missing-data'), [
      'block',
      'ignore',
    ] as const),
    awsRegion,
    overrideReason: value('override-reason').trim(),
    at,
    waitMs,
    runwayMs,
    mode: parseEnum('mode', value('mode'), ['enforce', 'dry-run'] as const),
    requireReviewed: parseBoolean('require-reviewed', value('require-reviewed')),
    minApprovals: parseMinApprovals(value('min-approvals')),
    statusContext: parseStatusContext(value('status-context')),
  };
}
