import { isAbsolute, join } from 'node:path';
import { recordDecision, inputsWithoutToken, shownDecisionLogPath } from '../../decision-log/decision-log.js';
import type { ResolvedConfig } from '../../config/config-file.js';
import { InputError, quoteValue } from '../../errors.js';
import type { Blocker } from '../../policy/window-policy.js';
import { FILE_LIMITS, InputFileProblem, readInputFile } from '../../files/input-file.js';
import { createCloudWatchClient, type CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import { formatUtc } from '../../time/format-utc.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { systemClock, systemSleep, type Clock, type Sleep } from '../../time/clock.js';
import type { Step } from '../run-step.js';
import { readStepInputs } from '../step-inputs.js';
import { runWindowGuard, type WindowGuardResult } from './run-window-guard.js';
import {
  WINDOW_GUARD_INPUTS,
  parseWindowGuardInputs,
  type WindowGuardOptions,
} from './window-guard-inputs.js';
import { renderWindowGuardSummary } from './window-guard-summary.js';

/** Overridable collaborators of the step (tests pass a manual clock). */
export interface WindowGuardStepDeps {
  clock?: Clock;
  sleep?: Sleep;
  cloudWatch?: () => Promise<CloudWatchSender>;
  waitPollMs?: number;
}

/** Output names of window-guard, as in action.yml. */
export const WINDOW_GUARD_OUTPUTS = [
  'open',
  'reason',
  'next-open',
  'closes-at',
  'blockers',
  'overridden',
  'decision-log',
] as const;

/** window-guard as a step: inputs -> config -> core decision -> outputs, summary, decision log, exit code. */
export function windowGuardStep(deps: WindowGuardStepDeps = {}): Step {
  return {
    name: 'window-guard',
    async run(runtime: Runtime): Promise<ExitCode> {
      const clock = deps.clock ?? systemClock;
      const startedAt = clock.now();
      const { workspace } = runtime.context;
      const { config, inputs } = await readStepInputs(runtime, WINDOW_GUARD_INPUTS);
      const options = parseWindowGuardInputs(inputs);
      if (config.path) {
        runtime.log.info(
          `window-guard: config ${config.path}${config.environment ? ` · environment ${config.environment}` : ''}`,
        );
      }

      const checkReviewed = options.requireReviewed ? reviewCheckOf(runtime, config, options) : undefined;
      let client: Promise<CloudWatchSender> | undefined;
      const result = await runWindowGuard(
        options,
        {
          actor: runtime.context.actor,
          deployFreeze: runtime.context.deployFreeze,
          overrideActors: config.overrideActors,
        },
        {
          clock,
          sleep: deps.sleep ?? systemSleep,
          log: runtime.log,
          signal: runtime.cancelSignal,
          waitPollMs: deps.waitPollMs,
          readTextFile: (path) => readCalendarFile(workspace, path),
          cloudWatch: () => (client ??= deps.cloudWatch?.() ?? createCloudWatchClient(options.awsRegion)),
          checkReviewed,
        },
      );

      await runtime.group('window-guard: policy and evidence', async () =>
        logEvidence(runtime, options, result),
      );
      announce(runtime, result, options.mode);
      const exitCode = result.open || options.mode === 'dry-run' ? ExitCode.Ok : ExitCode.Refused;
      const logPath = await recordDecision(
        runtime,
        { step: 'window-guard', startedAt: startedAt, finishedAt: clock.now() },
        {
          verdict: result.overridden ? 'overridden' : result.open ? 'open' : 'closed',
          reason: result.reason,
          exitCode,
          inputs: {
            ...inputsWithoutToken(inputs),
            config: { value: config.path, source: 'input' },
            environment: { value: config.environment, source: 'input' },
          },
          observations: {
            evaluatedAt: formatUtc(result.evaluatedAt),
            timezone: result.timezone,
            mode: options.mode,
            blockers: result.blockers,
            nextOpen: result.nextOpen === undefined ? null : formatUtc(result.nextOpen),
            closesAt: result.closesAt === undefined ? null : formatUtc(result.closesAt),
            override: result.override ?? null,
            alarms: result.alarms ?? null,
            alarmError: result.alarmError || null,
            waitedMs: result.waitedMs,
            cancelled: result.cancelled,
            weekAhead: result.windows.weekAhead.map((p) => ({
              start: formatUtc(p.start),
              end: formatUtc(p.end),
            })),
          },
        },
      );

      runtime.setOutput('open', String(result.open));
      runtime.setOutput('reason', result.reason);
      runtime.setOutput('next-open', result.nextOpen === undefined ? '' : formatUtc(result.nextOpen));
      runtime.setOutput('closes-at', result.closesAt === undefined ? '' : formatUtc(result.closesAt));
      runtime.setOutput('blockers', JSON.stringify(result.blockers));
      runtime.setOutput('overridden', String(result.overridden));
      runtime.setOutput('decision-log', shownDecisionLogPath(workspace, logPath));
      await runtime.writeSummary(renderWindowGuardSummary(result, options.mode));
      return result.cancelled ? ExitCode.Refused : exitCode;
    },
  };
}

/**
 * Reads one file of `calendars` from the workspace: a FIFO, a device or a directory is refused
 * before any byte is read (it would hang the step or never end), and so is a file over
 * FILE_LIMITS.calendar (parsing one costs several times its size in memory).
 */
async function readCalendarFile(workspace: string, path: string): Promise<string> {
  try {
    return await readInputFile(isAbsolute(path) ? path : join(workspace, path), FILE_LIMITS.calendar);
  } catch (error) {
    const problem = error instanceof InputFileProblem ? error.message : 'cannot be read';
    throw new InputError('calendars', `file ${quoteValue(path)} ${problem}`, '`.github/blackdays.ics`', {
      cause: error,
    });
  }
}

/** The details behind the verdict, for the collapsible log group. */
function logEvidence(runtime: Runtime, options: WindowGuardOptions, result: WindowGuardResult): void {
  const line = (text: string): void => runtime.log.info(text);
  line(
    `evaluated at ${formatUtc(result.evaluatedAt)} in ${options.timezone}${options.at !== undefined ? ' (what-if `at`)' : ''}`,
  );
  line(`allow: ${options.allow.map((w) => w.text).join('; ') || 'always'}`);
  line(`deny: ${options.deny.map((d) => d.text).join('; ') || 'none'}`);
  if (options.holidays.length) line(`holidays: ${options.holidays.join(', ')}`);
  if (options.calendars.length) line(`calendars: ${options.calendars.join(', ')}`);
  for (const alarm of result.alarms?.alarms ?? []) {
    line(`alarm ${alarm.name} (${alarm.type}): ${alarm.state} since ${alarm.stateUpdatedAt || 'unknown'}`);
  }
  if (result.alarmError) line(`alarms unreadable: ${result.alarmError}`);
  for (const blocker of result.blockers) line(`blocker ${blocker.kind}: ${blocker.detail}`);
  const periods = result.windows.weekAhead.map((p) => `${formatUtc(p.start)}..${formatUtc(p.end)}`);
  line(`open periods in the next 7 days (UTC): ${periods.join(', ') || 'none'}`);
}

function announce(runtime: Runtime, result: WindowGuardResult, mode: 'enforce' | 'dry-run'): void {
  if (result.overridden && result.override) {
    runtime.log.warning(
      `window-guard: EMERGENCY OVERRIDE by ${result.override.actor} at ${result.override.at}: ` +
        `"${result.override.reason}"; ignored blockers: ${result.blockers.map((b) => b.detail).join(' | ') || 'none'}`,
    );
    return;
  }
  if (result.open) {
    runtime.log.info(`window-guard: ${result.reason}`);
  } else if (mode === 'dry-run') {
    runtime.log.warning(`window-guard (dry-run, not enforced): ${result.reason}`);
  } else {
    runtime.log.error(`window-guard: ${result.reason}`);
  }
}

/**
 * `require-reviewed`: the same check as code-review-checklist's verify mode, on the job's commit,
 * with the checklist, `min-approvals` and `status-context` of this guard's config entry. Bad input
 * (no token, no platform, no commit) fails before anything is evaluated.
 */
function reviewCheckOf(
  runtime: Runtime,
  config: ResolvedConfig,
  options: WindowGuardOptions,
): () => Promise<Blocker | undefined> {
  const token = runtime.getInput('github-token');
  if (token === '') {
    throw new InputError(
      'github-token',
      'is empty: require-reviewed reads the pull request the commit came in through',
      '`${{ github.token }}`',
    );
  }
  const commit = runtime.context.build?.commit ?? '';
  if (runtime.reviewAccess === undefined || commit === '') {
    throw new InputError(
      'require-reviewed',
      'needs a CI job on GitHub or GitLab that names its commit; this run has none',
      '`false` outside CI',
    );
  }
  const reviewAccess = runtime.reviewAccess.bind(runtime);
  return async () => {
    // Loaded only when asked: the Markdown parser and the API client cost start-up time.
    const [{ checkReviewedCommit }, { checklistOf }] = await Promise.all([
      import('../../checklist/reviewed-commit.js'),
      import('../../checklist/checklist-model.js'),
    ]);
    const { platform } = await reviewAccess(token);
    const verdict = await checkReviewedCommit(platform, commit, {
      checklist: checklistOf(config),
      statusContext: options.statusContext,
      minApprovals: options.minApprovals,
    });
    runtime.log.info(`window-guard: ${verdict.reviewed ? 'reviewed' : 'not reviewed'}: ${verdict.reason}`);
    return verdict.reviewed ? undefined : { kind: 'not-reviewed', detail: verdict.reason };
  };
}
