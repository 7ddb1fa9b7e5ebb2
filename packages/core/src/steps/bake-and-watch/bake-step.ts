import { isAbsolute, join } from 'node:path';
import { recordDecision, shownDecisionLogPath } from '../../decision-log/decision-log.js';
import { createCloudWatchClient, type CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import { formatUtc } from '../../time/format-utc.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { systemClock, systemSleep, type Clock, type Sleep } from '../../time/clock.js';
import { runBake, type BakeResult } from '../../bake/run-bake.js';
import type { Fetch } from '../../bake/signal.js';
import type { Step } from '../run-step.js';
import { readStepInputs } from '../step-inputs.js';
import { BAKE_INPUTS, bakeFingerprint, parseBakeInputs } from './bake-inputs.js';
import { createBakeSources } from './bake-sources.js';
import { renderBakeSummary } from './bake-summary.js';

/** Overridable collaborators (tests pass a manual clock, a faulty fetch, a stubbed CloudWatch). */
export interface BakeStepDeps {
  clock?: Clock;
  sleep?: Sleep;
  fetch?: Fetch;
  cloudWatch?: () => Promise<CloudWatchSender>;
}

/** Output names of bake-and-watch, as in action.yml. */
export const BAKE_OUTPUTS = ['verdict', 'reason', 'traffic', 'elapsed', 'decision-log'] as const;

/** Polls kept in one decision record; a 12-hour bake at 15 s would otherwise write thousands. */
const MAX_LOGGED_POLLS = 1000;

/** bake-and-watch as a step: inputs -> sources -> the bake -> outputs, summary, decision log, exit code. */
export function bakeStep(deps: BakeStepDeps = {}): Step {
  return {
    name: 'bake-and-watch',
    async run(runtime: Runtime): Promise<ExitCode> {
      const clock = deps.clock ?? systemClock;
      const sleep = deps.sleep ?? systemSleep;
      const startedAt = clock.now();
      const { workspace } = runtime.context;
      const { config, inputs } = await readStepInputs(runtime, BAKE_INPUTS);
      const options = parseBakeInputs(inputs);
      if (options.checkpoint !== '' && !isAbsolute(options.checkpoint)) {
        options.checkpoint = join(workspace, options.checkpoint);
      }
      const sources = await createBakeSources(options, {
        clock,
        sleep,
        fetch: deps.fetch ?? (globalThis.fetch as unknown as Fetch),
        cloudWatch: deps.cloudWatch ?? (() => createCloudWatchClient(options.awsRegion)),
        onRetry: (line) => runtime.log.warning(line),
      });
      runtime.log.info(
        `bake-and-watch: watching ${sources.map((s) => s.name).join(', ')} for ${Math.round(options.durationMs / 1000)}s ` +
          `(at most ${Math.round(options.maxDurationMs / 1000)}s), polling every ${Math.round(options.pollIntervalMs / 1000)}s`,
      );

      const result = await runBake(
        sources,
        {
          ...options,
          minTraffic: options.minTraffic,
          fingerprint: bakeFingerprint(options),
        },
        { clock, sleep, log: runtime.log, signal: runtime.cancelSignal },
      );

      const exitCode = exitCodeOf(result, options.mode);
      announce(runtime, result, options.mode);
      const logPath = await recordDecision(
        runtime,
        { step: 'bake-and-watch', startedAt: startedAt, finishedAt: clock.now() },
        {
          verdict: result.verdict,
          reason: result.reason,
          exitCode,
          inputs: {
            config: { value: config.path, source: runtime.getInput('config') ? 'input' : 'default' },
            environment: { value: config.environment, source: config.environment ? 'input' : 'default' },
            ...inputs,
          },
          observations: {
            bakeStartedAt: formatUtc(result.state.startedAt),
            cancelled: result.cancelled,
            fromCheckpoint: result.fromCheckpoint,
            traffic: result.state.traffic ?? null,
            signals: result.state.tracks,
            breaches: result.state.breaches.map((b) => ({ ...b, at: formatUtc(b.at) })),
            polls: result.polls.slice(-MAX_LOGGED_POLLS).map((poll) => ({
              at: formatUtc(poll.at),
              readings: poll.readings.map((r) => ({
                id: r.id,
                state: r.state,
                value: r.value ?? null,
                readAt: formatUtc(r.readAt),
                detail: r.detail,
              })),
            })),
          },
        },
      );
      const elapsed = Math.max(0, result.state.lastPollAt - result.state.startedAt);
      runtime.setOutput('verdict', result.verdict);
      runtime.setOutput('reason', result.reason);
      runtime.setOutput('traffic', options.traffic === undefined ? '' : String(result.state.traffic ?? 0));
      runtime.setOutput('elapsed', String(Math.floor(elapsed / 1000)));
      runtime.setOutput('decision-log', shownDecisionLogPath(workspace, logPath));
      await runtime.writeSummary(renderBakeSummary(result, options.mode, options.minTraffic));
      return exitCode;
    },
  };
}

/** healthy -> 0; not decided (a checkpoint slice ended) -> 3; a cancel -> 2; otherwise 2, or 0 in dry-run. */
function exitCodeOf(result: BakeResult, mode: 'enforce' | 'dry-run'): ExitCode {
  if (result.verdict === 'healthy') return ExitCode.Ok;
  if (result.verdict === 'baking') return ExitCode.Pending;
  if (result.cancelled) return ExitCode.Refused;
  return mode === 'dry-run' ? ExitCode.Ok : ExitCode.Refused;
}

function announce(runtime: Runtime, result: BakeResult, mode: 'enforce' | 'dry-run'): void {
  const line = `bake-and-watch: ${result.verdict}: ${result.reason}`;
  if (result.verdict === 'healthy') runtime.log.info(line);
  else if (result.verdict === 'baking')
    runtime.log.warning(`${line} (checkpoint saved; a later job continues this bake)`);
  else if (mode === 'dry-run' && !result.cancelled) runtime.log.warning(`${line} (dry-run, not enforced)`);
  else runtime.log.error(line);
}
