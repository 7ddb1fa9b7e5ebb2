import { DateTime } from 'luxon';
import { HandsOffError, describeError } from '../../errors.js';
import { noAlarmsSelected } from '../../health/alarm-selector.js';
import { readAlarms, type AlarmReading, type CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import { formatDuration } from '../../inputs/parse-duration.js';
import { listPublicHolidays } from '../../policy/holidays/holiday-calendar.js';
import { readCalendarBlocks, type CalendarBlock } from '../../policy/ical-calendar.js';
import {
  evaluateWindows,
  evaluationRange,
  type Blocker,
  type WindowEvaluation,
  type WindowPolicy,
} from '../../policy/window-policy.js';
import { formatLocal } from '../../policy/zone-timeline.js';
import { formatUtc } from '../../time/format-utc.js';
import type { Logger } from '../../runtime/runtime.js';
import type { Clock, Sleep } from '../../time/clock.js';
import { pollUntil } from '../../time/poll-until.js';
import type { WindowGuardOptions } from './window-guard-inputs.js';

/** Who is running the guard and what the platform and config file say about overrides. */
export interface WindowGuardContext {
  actor: string;
  /** GitLab's CI_DEPLOY_FREEZE was set for this pipeline. */
  deployFreeze: boolean;
  /** `overrides.actors` from the config file. */
  overrideActors: readonly string[];
}

/** Collaborators, injected so tests pin time and talk to a real or stubbed CloudWatch. */
export interface WindowGuardDeps {
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  signal?: AbortSignal;
  readTextFile: (path: string) => Promise<string>;
  /** Creates the CloudWatch client on first use. */
  cloudWatch: () => Promise<CloudWatchSender>;
  /** How often a waiting guard re-checks and prints progress. */
  waitPollMs?: number;
  /**
   * With `require-reviewed`: whether the job's commit came in through a reviewed change request;
   * a blocker when not. Asked once: a review does not change while the guard waits.
   */
  checkReviewed?: () => Promise<Blocker | undefined>;
}

/** The emergency override as recorded. */
export interface OverrideRecord {
  actor: string;
  reason: string;
  at: string;
  accepted: boolean;
}

/** Everything the guard decided and saw. */
export interface WindowGuardResult {
  open: boolean;
  reason: string;
  blockers: Blocker[];
  nextOpen: number | undefined;
  closesAt: number | undefined;
  overridden: boolean;
  override: OverrideRecord | undefined;
  evaluatedAt: number;
  timezone: string;
  windows: WindowEvaluation;
  alarms: AlarmReading | undefined;
  alarmError: string;
  waitedMs: number;
  cancelled: boolean;
}

const DEFAULT_WAIT_POLL_MS = 60_000;

/**
 * Decides whether a deployment may start: inside the allowed windows, outside every deny
 * period, with no blocker alarm firing; or opened by an accepted emergency override.
 * With `waitMs`, a closed guard waits for the next open instant, re-checking alarms.
 */
export async function runWindowGuard(
  options: WindowGuardOptions,
  context: WindowGuardContext,
  deps: WindowGuardDeps,
): Promise<WindowGuardResult> {
  const startedAt = deps.clock.now();
  const policy = await loadPolicy(options, deps, options.at ?? startedAt);
  const reviewBlocker = options.requireReviewed ? await reviewBlockerOf(deps) : undefined;
  const evaluate = (now: number, waitedMs: number) =>
    evaluateOnce(options, policy, context, deps, now, waitedMs, reviewBlocker);
  let result = await evaluate(options.at ?? startedAt, 0);
  if (result.open || options.waitMs === 0) return result;
  if (options.mode === 'dry-run') {
    // A dry-run reports and never blocks, and holding the job for `wait` would block it.
    deps.log.info(
      `window-guard: closed; dry-run does not wait (wait ${formatDuration(options.waitMs)} ignored)`,
    );
    return result;
  }
  const deadline = startedAt + options.waitMs;
  const hopeless = whyWaitingCannotOpen(result, deadline, options);
  if (hopeless !== undefined) {
    deps.log.info(`window-guard: closed; not waiting: ${hopeless}`);
    return result;
  }

  const pollMs = deps.waitPollMs ?? DEFAULT_WAIT_POLL_MS;
  deps.log.info(
    `window-guard: closed; waiting up to ${formatDuration(options.waitMs)} for the next open instant`,
  );
  const outcome = await pollUntil(
    async (poll) => {
      const now = deps.clock.now();
      if (poll > 1) result = await evaluate(now, now - startedAt);
      if (result.open) return { done: true, value: result };
      // The windows may have closed again while alarms blocked: stop once waiting cannot help.
      const hopelessNow = whyWaitingCannotOpen(result, deadline, options);
      if (hopelessNow !== undefined) {
        deps.log.info(`window-guard: stopped waiting: ${hopelessNow}`);
        return { done: true, value: result };
      }
      const next = result.nextOpen;
      deps.log.info(
        `window-guard: waited ${formatDuration(now - startedAt)}/${formatDuration(options.waitMs)} · closed: ` +
          `${result.blockers.map((b) => b.kind).join(', ')}` +
          (next !== undefined && next > now ? ` · next open in ${formatDuration(next - now)}` : ''),
      );
      return {
        done: false,
        value: result,
        nextDelayMs: next !== undefined && next > now ? next - now : pollMs,
      };
    },
    {
      clock: deps.clock,
      sleep: deps.sleep,
      intervalMs: pollMs,
      timeoutMs: options.waitMs,
      signal: deps.signal,
    },
  );
  const waitedMs = deps.clock.now() - startedAt;
  if (outcome.state === 'aborted') {
    return {
      ...outcome.value,
      waitedMs,
      cancelled: true,
      reason: `closed: cancelled while waiting; ${outcome.value.reason}`,
    };
  }
  return { ...outcome.value, waitedMs };
}

/**
 * Why waiting until `deadline` cannot open a closed guard, or undefined when it may. Only alarms
 * and the clock change during a wait: the windows, the calendars, the override and GitLab's
 * deploy freeze are fixed for the run, so a guard whose next opening lies beyond the wait (or
 * beyond the year searched) returns at once instead of holding the job for nothing. With a
 * `runway`, the next opening is the next start with the runway ahead, as `nextOpen` is.
 */
function whyWaitingCannotOpen(
  result: WindowGuardResult,
  deadline: number,
  options: Pick<WindowGuardOptions, 'waitMs' | 'runwayMs'>,
): string | undefined {
  if (result.override?.accepted === false) return 'the emergency override was refused';
  if (result.blockers.some((b) => b.kind === 'gitlab-deploy-freeze')) {
    return 'the GitLab deploy freeze (CI_DEPLOY_FREEZE) holds for the whole pipeline';
  }
  if (result.windows.open) return undefined;
  const runway = options.runwayMs > 0 ? ` with the ${formatDuration(options.runwayMs)} runway` : '';
  if (result.nextOpen === undefined) return `no open window${runway} within a year`;
  if (result.nextOpen > deadline) {
    return (
      `the next opening${runway}, ${formatLocal(result.nextOpen, result.timezone)} (${formatUtc(result.nextOpen)}), ` +
      `comes after the ${formatDuration(options.waitMs)} wait would end`
    );
  }
  return undefined;
}

/** Loads holidays and calendars for the range the evaluation needs. */
async function loadPolicy(
  options: WindowGuardOptions,
  deps: WindowGuardDeps,
  now: number,
): Promise<WindowPolicy> {
  // A wait may last up to `waitMs`, and a start then needs `runwayMs` ahead: the loaded range covers both.
  const range = evaluationRange(now);
  range.end += options.waitMs + options.runwayMs;
  const firstYear = DateTime.fromMillis(range.start, { zone: options.timezone }).year;
  const lastYear = DateTime.fromMillis(range.end, { zone: options.timezone }).year;
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
  const holidays = await listPublicHolidays('holidays', options.holidays, years);
  const calendarBlocks: CalendarBlock[] = [];
  for (const path of options.calendars) {
    const text = await deps.readTextFile(path);
    calendarBlocks.push(...(await readCalendarBlocks('calendars', path, text, options.timezone, range)));
  }
  return {
    timezone: options.timezone,
    allow: options.allow,
    deny: options.deny,
    holidays,
    calendarBlocks,
    runwayMs: options.runwayMs,
  };
}

async function evaluateOnce(
  options: WindowGuardOptions,
  policy: WindowPolicy,
  context: WindowGuardContext,
  deps: WindowGuardDeps,
  now: number,
  waitedMs: number,
  reviewBlocker: Blocker | undefined,
): Promise<WindowGuardResult> {
  const windows = evaluateWindows(policy, now);
  const blockers = [...windows.blockers];
  if (reviewBlocker) blockers.push(reviewBlocker);
  if (context.deployFreeze) {
    blockers.push({
      kind: 'gitlab-deploy-freeze',
      detail: 'CI_DEPLOY_FREEZE is set: a GitLab deploy freeze is active',
    });
  }

  let alarms: AlarmReading | undefined;
  let alarmError = '';
  if (!noAlarmsSelected(options.alarms)) {
    try {
      alarms = await readAlarms(options.alarms, {
        client: await deps.cloudWatch(),
        clock: deps.clock,
        sleep: deps.sleep,
        signal: deps.signal,
        onRetry: (line) => deps.log.warning(line),
      });
      blockers.push(...alarmBlockers(alarms, options.alarmMissingData));
    } catch (error) {
      if (error instanceof HandsOffError && error.code === 'INPUT') throw error;
      alarmError = describeError(error);
      // Fail safe: alarms that cannot be read block, whatever the windows say.
      blockers.push({ kind: 'alarm-unreadable', detail: alarmError });
    }
  }

  let override: OverrideRecord | undefined;
  if (options.overrideReason !== '') {
    const accepted = context.actor !== '' && context.overrideActors.includes(context.actor);
    override = {
      actor: context.actor || '(unknown)',
      reason: options.overrideReason,
      at: formatUtc(now),
      accepted,
    };
    if (!accepted) {
      blockers.push({
        kind: 'override-refused',
        detail:
          `override refused: actor \`${override.actor}\` is not listed in the config's overrides.actors` +
          (context.overrideActors.length ? ` (${context.overrideActors.join(', ')})` : ' (none listed)'),
      });
    }
  }

  const overridden = override?.accepted === true;
  const open = overridden || blockers.length === 0;
  return {
    open,
    reason: describeDecision(open, overridden, blockers, windows, options, override, alarms, now),
    blockers,
    nextOpen: windows.nextOpen,
    closesAt: open && !overridden ? windows.closesAt : undefined,
    overridden,
    override,
    evaluatedAt: now,
    timezone: options.timezone,
    windows,
    alarms,
    alarmError,
    waitedMs,
    cancelled: false,
  };
}

/** Fail safe: a review that cannot be read blocks, like an alarm that cannot be read. */
async function reviewBlockerOf(deps: WindowGuardDeps): Promise<Blocker | undefined> {
  if (deps.checkReviewed === undefined) {
    return {
      kind: 'review-unreadable',
      detail: 'require-reviewed is set but this run cannot reach a review platform',
    };
  }
  try {
    return await deps.checkReviewed();
  } catch (error) {
    if (error instanceof HandsOffError && error.code === 'INPUT') throw error;
    return {
      kind: 'review-unreadable',
      detail: `the review of the commit cannot be read: ${describeError(error)}`,
    };
  }
}

function alarmBlockers(reading: AlarmReading, missingData: 'block' | 'ignore'): Blocker[] {
  const out: Blocker[] = [];
  for (const alarm of reading.alarms) {
    if (alarm.state === 'ALARM') {
      out.push({
        kind: 'alarm',
        detail: `${alarm.name} is in ALARM since ${alarm.stateUpdatedAt}: ${alarm.reason}`,
      });
    } else if (alarm.state === 'INSUFFICIENT_DATA' && missingData === 'block') {
      out.push({
        kind: 'alarm-no-data',
        detail: `${alarm.name} is INSUFFICIENT_DATA (alarm-missing-data: block)`,
      });
    }
  }
  for (const name of reading.notFound) {
    out.push({ kind: 'alarm-not-found', detail: `${name} matches no CloudWatch alarm` });
  }
  return out;
}

function describeDecision(
  open: boolean,
  overridden: boolean,
  blockers: Blocker[],
  windows: WindowEvaluation,
  options: WindowGuardOptions,
  override: OverrideRecord | undefined,
  alarms: AlarmReading | undefined,
  now: number,
): string {
  const zone = options.timezone;
  const alarmPart = alarms ? `; ${alarms.alarms.length} alarm(s) read, none blocking` : '';
  if (overridden && override) {
    const ignored = blockers.length ? ` despite ${blockers.map((b) => b.kind).join(', ')}` : '';
    return `OPEN BY EMERGENCY OVERRIDE by ${override.actor}${ignored}: ${override.reason}`;
  }
  if (open) {
    const until = windows.closesAt !== undefined ? ` until ${formatLocal(windows.closesAt, zone)}` : '';
    return `open at ${formatLocal(now, zone)}${until}${alarmPart}`;
  }
  const first = blockers[0]?.detail ?? 'closed';
  const more = blockers.length > 1 ? ` (+${blockers.length - 1} more)` : '';
  const next =
    windows.nextOpen === undefined
      ? '; no open window within a year'
      : windows.nextOpen > now
        ? `; next open ${formatLocal(windows.nextOpen, zone)} (${formatUtc(windows.nextOpen)})`
        : '';
  return `closed: ${first}${more}${next}`;
}
