import { recordDecision, inputsWithoutToken } from '../../decision-log/decision-log.js';
import { HandsOffError, describeError } from '../../errors.js';
import { formatDuration } from '../../inputs/parse-duration.js';
import { parseEnum } from '../../inputs/parse-scalars.js';
import type { ResolvedInput } from '../../inputs/resolve-inputs.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { systemClock, systemSleep, type Clock } from '../../time/clock.js';
import type { ConfigPhase } from '../../config/config-file.js';
import type { Step } from '../run-step.js';
import { readStepInputs } from '../step-inputs.js';
import { bakeStep, type BakeStepDeps } from '../bake-and-watch/bake-step.js';
import { deployStep, type DeployStepDeps } from '../deploy/deploy-step.js';
import { openDeploymentRecord } from '../deploy/deployment-record.js';
import { checkArtifactSignature, reportArtifactSignature } from '../deploy/artifact-signature.js';
import { DEPLOY_INPUTS, verifyArtifact } from '../deploy/deploy-inputs.js';
import { rollbackStep } from '../rollback/rollback-step.js';
import { runWindowGuard } from '../window-guard/run-window-guard.js';
import { windowGuardStep, type WindowGuardStepDeps } from '../window-guard/window-guard-step.js';
import { phaseRuntime, type PhaseRecord } from './phase-runtime.js';
import {
  PhaseInputs,
  STAGE_INPUTS,
  STAGE_PHASES,
  planStage,
  sameTarget,
  type StagePhase,
  type StagePlan,
} from './stage-plan.js';
import {
  renderStagePlan,
  renderStageSummary,
  timelineLines,
  type PhaseSpan,
  type StageResult,
} from './stage-summary.js';

/** Collaborators of the stage: those of every step it runs (tests pass models and a manual clock). */
export type StageStepDeps = DeployStepDeps & BakeStepDeps & WindowGuardStepDeps;

/** State the post step reads after a cancel: what this run changed and whether it finished. */
export const STAGE_STATE = {
  main: 'stage-main',
  changed: 'stage-changed',
  finished: 'stage-finished',
} as const;

/** The deploy phases, in the order they change things; a rollback undoes them in reverse. */
const DEPLOY_PHASES = ['one-box', 'fleet'] as const;
type DeployPhase = (typeof DEPLOY_PHASES)[number];

/** How a phase ended, for the stage. */
interface PhaseEnd {
  ok: boolean;
  exitCode: ExitCode;
  /** One line: why it failed, or what it found. */
  detail: string;
}

/**
 * The whole safe stage as one step: guard (windows, alarms, runway, review), verify, one box, bake
 * the box, the fleet in batches, bake the fleet, promote. Every phase is the step of the same
 * name, run with the phase's block of the environment's config entry; a failure in a deploy or
 * bake phase rolls back what this run changed, by the rollback step.
 */
export function stageStep(deps: StageStepDeps = {}): Step {
  return {
    name: 'stage',
    async run(runtime: Runtime): Promise<ExitCode> {
      if (runtime.getState(STAGE_STATE.main) === 'true') return runPost(runtime, deps);
      const clock = deps.clock ?? systemClock;
      const startedAt = clock.now();
      const { config, inputs } = await readStepInputs(runtime, STAGE_INPUTS);
      const mode = parseEnum('mode', inputs.mode?.value.trim() ?? '', ['enforce', 'dry-run'] as const);
      const token = inputs['github-token']?.value.trim() ?? '';
      if (token) runtime.setSecret(token);
      const plan = await planStage(runtime, inputs, config.environment);
      if (mode === 'dry-run') return dryRun(runtime, plan, deps, clock);
      runtime.saveState(STAGE_STATE.main, 'true');
      const run = new StageRun(runtime, deps, clock, plan, new PhaseInputs(runtime, inputs));
      const result = await run.execute(token);
      const exitCode = exitCodeOf(result.result);
      const finishedAt = clock.now();
      // After a cancel mid-change the post step still has to roll back: only a settled run is finished.
      if (!result.leftForPost) runtime.saveState(STAGE_STATE.finished, 'true');
      await recordDecision(
        runtime,
        { step: 'stage', startedAt, finishedAt },
        {
          verdict: result.result,
          reason: result.reason,
          exitCode,
          inputs: inputsWithoutToken(stageInputsRecord(runtime, config.path, inputs)),
          observations: {
            phase: result.phase,
            revision: plan.revision,
            previousRevision: run.previousRevision,
            deploymentIds: run.deploymentIds,
            runwayMs: plan.runwayMs,
            timeline: run.spans.map((s) => ({ ...s })),
          },
        },
      );
      const line = `stage: ${result.result} at ${result.phase}: ${result.reason}`;
      if (exitCode === ExitCode.Ok) runtime.log.info(line);
      else runtime.log.error(line);
      for (const text of timelineLines(run.spans, plan.guard.timezone)) runtime.log.info(text);
      runtime.setOutput('result', result.result);
      runtime.setOutput('phase', result.phase);
      runtime.setOutput('revision', plan.revision);
      runtime.setOutput('previous-revision', run.previousRevision);
      runtime.setOutput('deployment-ids', JSON.stringify(run.deploymentIds));
      runtime.setOutput('duration', String(Math.round((finishedAt - startedAt) / 1000)));
      await runtime.writeSummary(
        renderStageSummary({
          plan,
          result: result.result,
          phase: result.phase,
          reason: result.reason,
          spans: run.spans,
          previousRevision: run.previousRevision,
          details: run.details,
        }),
      );
      return exitCode;
    },
  };
}

function exitCodeOf(result: StageResult): ExitCode {
  if (result === 'promoted') return ExitCode.Ok;
  if (result === 'failed') return ExitCode.Error;
  return ExitCode.Refused;
}

function stageInputsRecord(
  runtime: Runtime,
  configPath: string,
  inputs: Record<string, ResolvedInput>,
): Record<string, ResolvedInput> {
  return {
    config: { value: configPath, source: runtime.getInput('config') ? 'input' : 'default' },
    environment: { value: runtime.getInput('environment'), source: 'input' },
    ...inputs,
  };
}

/** One run of the stage: the phases in order, and the rollback when one of them fails. */
class StageRun {
  readonly spans: PhaseSpan[] = [];
  readonly details: { title: string; markdown: string }[] = [];
  readonly deploymentIds: Record<string, string> = {};
  previousRevision = '';
  /** Deploy phases that started changing things, in order. */
  private readonly changed: DeployPhase[] = [];

  private readonly runtime: Runtime;
  private readonly deps: StageStepDeps;
  private readonly clock: Clock;
  private readonly plan: StagePlan;
  private readonly inputs: PhaseInputs;

  constructor(runtime: Runtime, deps: StageStepDeps, clock: Clock, plan: StagePlan, inputs: PhaseInputs) {
    this.runtime = runtime;
    this.deps = deps;
    this.clock = clock;
    this.plan = plan;
    this.inputs = inputs;
  }

  async execute(
    token: string,
  ): Promise<{ result: StageResult; phase: StagePhase; reason: string; leftForPost?: boolean }> {
    for (const [name, run] of [
      ['guard', () => this.guard()],
      ['verify', () => this.verify()],
    ] as const) {
      const end = await this.phase(name, run);
      if (end.ok) continue;
      // Cancelled before anything changed: nothing for the post step to do.
      if (this.runtime.cancelSignal.aborted) {
        return { result: 'failed', phase: name, reason: `cancelled: ${end.detail}` };
      }
      return {
        result: end.exitCode === ExitCode.Error ? 'failed' : 'blocked',
        phase: name,
        reason: end.detail,
      };
    }
    const record = await openDeploymentRecord(this.runtime, 'stage', token, {
      environment: this.plan.environment || 'production',
      revision: this.plan.revision,
      description: `hands-off stage: ${this.plan.revision}`,
    });
    const steps: [StagePhase, () => Promise<PhaseEnd>][] = [
      ['one-box', () => this.deploy('one-box')],
      ['bake-one-box', () => this.bake('one-box.bake')],
      ['fleet', () => this.deploy('fleet')],
      ['bake-fleet', () => this.bake('fleet.bake')],
    ];
    for (const [name, run] of steps) {
      const end = await this.phase(name, run);
      if (end.ok) continue;
      const reason = `${name}: ${end.detail}`;
      if (this.runtime.cancelSignal.aborted) {
        // The runner kills a cancelled job within seconds: the post step (GitLab: after_script)
        // rolls back, with time of its own, from the state this run saved.
        await record.finish(false, `cancelled during ${name}`);
        return {
          result: 'failed',
          phase: name,
          reason:
            this.changed.length > 0
              ? `cancelled; the post step rolls back (${reason})`
              : `cancelled before anything changed (${reason})`,
          leftForPost: this.changed.length > 0,
        };
      }
      if (this.startedDeployments().length === 0) {
        // Refused before any deployment began (bad input, a state file in use by another run):
        // nothing of this run to roll back, and another run's deployment is not ours to touch.
        await record.finish(false, reason);
        return { result: 'failed', phase: name, reason: `${reason}; nothing was changed` };
      }
      const rolledBack = await this.phase('rollback', () => this.rollback(reason));
      await record.finish(false, `${reason}; ${rolledBack.ok ? 'rolled back' : 'rollback failed'}`);
      return rolledBack.ok
        ? { result: 'rolled-back', phase: name, reason: `${reason}; rolled back: ${rolledBack.detail}` }
        : {
            result: 'failed',
            phase: name,
            reason: `${reason}; the rollback failed too: ${rolledBack.detail}`,
          };
    }
    if (this.runtime.cancelSignal.aborted) {
      // Cancelled after the fleet's bake: nothing is promoted on a cancelled run; the post step rolls back.
      await record.finish(false, 'cancelled before promote');
      return { result: 'failed', phase: 'promote', reason: 'cancelled before promote', leftForPost: true };
    }
    const promote = await this.phase('promote', async () => {
      await record.finish(true, `promoted ${this.plan.revision}`);
      return {
        ok: true,
        exitCode: ExitCode.Ok,
        detail: `${this.plan.revision} is the last good revision of ${this.plan.environment || 'the environment'}`,
      };
    });
    return { result: 'promoted', phase: 'promote', reason: promote.detail };
  }

  /** Runs one phase in its log group, with a progress line at each end and its span on the timeline. */
  private async phase(name: StagePhase, run: () => Promise<PhaseEnd>): Promise<PhaseEnd> {
    const index = STAGE_PHASES.indexOf(name as (typeof STAGE_PHASES)[number]);
    const label = index >= 0 ? `${index + 1}/${STAGE_PHASES.length} ${name}` : name;
    // A cancelled run starts no further phase (the rollback runs in the post step, with time of its own).
    if (this.runtime.cancelSignal.aborted) {
      this.runtime.log.warning(`stage: ${label} not started: the job was cancelled`);
      return { ok: false, exitCode: ExitCode.Refused, detail: `the job was cancelled before ${name}` };
    }
    const startedAt = this.clock.now();
    this.runtime.log.info(`stage: ${label} started`);
    let end: PhaseEnd;
    try {
      end = await this.runtime.group(`stage: ${label}`, run);
    } catch (error) {
      // A phase that throws (a step's own error line is already logged) ends the stage safely.
      end = { ok: false, exitCode: ExitCode.Error, detail: describeError(error) };
    }
    const finishedAt = this.clock.now();
    this.spans.push({ phase: name, startedAt, finishedAt, ok: end.ok, detail: end.detail });
    this.runtime.log.info(
      `stage: ${label} ${end.ok ? 'done' : 'FAILED'} in ${formatDuration(Math.max(0, finishedAt - startedAt)) || '0s'}: ${end.detail}`,
    );
    return end;
  }

  /** Runs a step as a phase and keeps its summary for the stage's details. */
  private async runStepAs(
    name: string,
    title: string,
    step: Step,
    configPhase: ConfigPhase | undefined,
    inputs: Record<string, string>,
  ): Promise<PhaseRun> {
    const run = await runInPhase(this.runtime, step, { name, configPhase, inputs });
    for (const markdown of run.record.summaries) this.details.push({ title, markdown });
    return run;
  }

  private async guard(): Promise<PhaseEnd> {
    const { exitCode, record, errors } = await this.runStepAs(
      'guard',
      'guard: window-guard',
      windowGuardStep(this.deps),
      undefined,
      this.inputs.guard(formatDuration(this.plan.runwayMs)),
    );
    const reason = record.outputs.get('reason') ?? errors.at(-1) ?? '';
    return { ok: exitCode === ExitCode.Ok, exitCode, detail: reason || `exit code ${exitCode}` };
  }

  private async verify(): Promise<PhaseEnd> {
    const startedAt = this.clock.now();
    const { workspace } = this.runtime.context;
    const oneBox = this.plan.oneBox;
    if (oneBox.artifact && oneBox.digest) await verifyArtifact(oneBox.artifact, oneBox.digest);
    // The one box's inputs, as its deploy step reads them: the trusted keys may come from the file.
    const { config, inputs } = await readStepInputs(
      phaseRuntime(this.runtime, {
        name: 'verify',
        configPhase: 'one-box',
        inputs: this.inputs.deploy('one-box'),
      }),
      DEPLOY_INPUTS,
    );
    const value = (name: string): string => (inputs[name]?.value ?? '').trim();
    const check = await checkArtifactSignature(value, config, {
      workspace,
      artifact: oneBox.artifact,
      revision: oneBox.revision,
      revisionInput: 'revision',
    });
    const refused = await reportArtifactSignature(this.runtime, 'stage', check, {
      startedAt,
      clock: this.clock,
      inputs: inputsWithoutToken(inputs),
    });
    if (refused !== undefined) {
      return {
        ok: false,
        exitCode: refused,
        detail: `${check.checked ? check.artifact : 'artifact'} not verified`,
      };
    }
    const detail = check.checked
      ? `${check.artifact} signed by ${check.verdict.signers.join(', ')}`
      : oneBox.digest
        ? `${oneBox.artifact} matches sha256:${oneBox.digest}; no signature asked`
        : 'no signature asked (no bundle or envelope, no require-signature)';
    return { ok: true, exitCode: ExitCode.Ok, detail };
  }

  private async deploy(phase: DeployPhase): Promise<PhaseEnd> {
    this.changed.push(phase);
    this.runtime.saveState(STAGE_STATE.changed, this.changed.join(','));
    const { exitCode, record, errors } = await this.runStepAs(
      phase,
      `${phase}: one-box-deploy`,
      deployStep(this.deps),
      phase,
      this.inputs.deploy(phase),
    );
    // The deployment's id as soon as it existed (saved for the post step), else its outcome's.
    const id = record.outputs.get('deployment-id') || record.state.get('deployment-id') || '';
    if (id) this.deploymentIds[phase] = id;
    const rollbackId = record.outputs.get('rollback-deployment-id') ?? '';
    if (rollbackId) this.deploymentIds[`${phase}-auto-rollback`] = rollbackId;
    const previous = record.outputs.get('previous-revision') ?? '';
    if (phase === 'one-box' && previous) this.previousRevision = previous;
    const status = record.outputs.get('status') ?? '';
    return {
      ok: exitCode === ExitCode.Ok,
      exitCode,
      detail:
        exitCode === ExitCode.Ok
          ? `${this.plan.revision} deployed (${id})`
          : (errors.at(-1) ?? `${status || 'error'} (exit code ${exitCode})`),
    };
  }

  private async bake(configPhase: 'one-box.bake' | 'fleet.bake'): Promise<PhaseEnd> {
    const name = configPhase === 'one-box.bake' ? 'bake-one-box' : 'bake-fleet';
    const { exitCode, record, errors } = await this.runStepAs(
      name,
      `${name}: bake-and-watch`,
      bakeStep(this.deps),
      configPhase,
      this.inputs.bake(),
    );
    const verdict = record.outputs.get('verdict') ?? '';
    const reason = record.outputs.get('reason') ?? errors.at(-1) ?? '';
    // Only `healthy` promotes: unhealthy, inconclusive, an unreadable signal or an error roll back.
    return {
      ok: exitCode === ExitCode.Ok && verdict === 'healthy',
      exitCode,
      detail: `${verdict || 'no verdict'}: ${reason}`,
    };
  }

  /**
   * The deploy phases that started a deployment: only they changed anything. One refused before it
   * began (bad input, a state file in use by another run) must not roll back someone else's.
   */
  private startedDeployments(): { phase: DeployPhase; inFlight: string }[] {
    return this.changed
      .filter((phase) => this.deploymentIds[phase] !== undefined)
      .map((phase) => ({ phase, inFlight: '' }));
  }

  /** Rolls back what this run changed: the fleet, then the one box, each target once. */
  private async rollback(reason: string): Promise<PhaseEnd> {
    return rollBackChanged(
      this.runtime,
      this.deps,
      this.plan,
      this.inputs,
      this.startedDeployments(),
      reason,
      (id, phase) => {
        if (id) this.deploymentIds[`${phase}-rollback`] = id;
      },
      (title, markdown) => this.details.push({ title, markdown }),
    );
  }
}

/** What a step run as a phase left: its exit code, outputs, summary and saved state, its error lines. */
interface PhaseRun {
  exitCode: ExitCode;
  record: PhaseRecord;
  errors: string[];
}

/**
 * Runs a step in a phase's runtime (see phaseRuntime), keeping its error lines for the stage's one
 * line; a step that throws is logged as runStep would, and ends with exit code 1.
 */
async function runInPhase(
  parent: Runtime,
  step: Step,
  phase: { name: string; configPhase?: ConfigPhase; inputs: Record<string, string> },
): Promise<PhaseRun> {
  const errors: string[] = [];
  const child = phaseRuntime(parent, phase);
  const log = child.log;
  const runtime: Runtime = {
    ...child,
    log: { ...log, error: (line) => (errors.push(line), log.error(line)) },
  };
  let exitCode: ExitCode;
  try {
    exitCode = await step.run(runtime);
  } catch (error) {
    const text = error instanceof HandsOffError ? error.message : describeError(error);
    runtime.log.error(`${step.name}: ${text}`);
    exitCode = ExitCode.Error;
  }
  return { exitCode, record: child.record, errors };
}

/**
 * Rolls back the deploy phases in `changed`, newest first, to the revision each target ran before
 * (`previous` by the target's own records: a revision that reached this environment through its
 * checks). The command target's one state file, or one CodeDeploy group, is rolled back once.
 */
async function rollBackChanged(
  runtime: Runtime,
  deps: StageStepDeps,
  plan: StagePlan,
  inputs: PhaseInputs,
  changed: { phase: DeployPhase; inFlight: string }[],
  reason: string,
  onRollbackId: (id: string, phase: DeployPhase) => void,
  onSummary: (title: string, markdown: string) => void,
): Promise<PhaseEnd> {
  const options = { 'one-box': plan.oneBox, fleet: plan.fleet };
  const done: DeployPhase[] = [];
  const lines: string[] = [];
  for (const { phase, inFlight } of [...changed].reverse()) {
    if (done.some((d) => sameTarget(options[d], options[phase]))) continue;
    done.push(phase);
    const { exitCode, record, errors } = await runInPhase(runtime, rollbackStep(deps), {
      name: `${phase}-rollback`,
      configPhase: phase,
      inputs: inputs.rollback('previous', reason, inFlight),
    });
    for (const markdown of record.summaries) onSummary(`rollback of ${phase}`, markdown);
    onRollbackId(record.outputs.get('rollback-deployment-id') ?? '', phase);
    if (exitCode !== ExitCode.Ok) {
      return { ok: false, exitCode, detail: `${phase}: ${errors.at(-1) ?? `exit code ${exitCode}`}` };
    }
    const to = record.outputs.get('rolled-back-to') ?? '';
    lines.push(`${phase} on ${to || 'the last good revision'}`);
  }
  return { ok: true, exitCode: ExitCode.Ok, detail: lines.join(', ') || 'nothing was changed' };
}

/** The plan, printed and summarised; no phase runs, no API is called, no command runs. */
async function dryRun(
  runtime: Runtime,
  plan: StagePlan,
  deps: StageStepDeps,
  clock: Clock,
): Promise<ExitCode> {
  // The window part of the guard is pure (holiday data and calendar files are local): it says
  // whether the runway fits now. Alarms and the review are API calls: listed, not read.
  const window = await runWindowGuard(
    {
      ...plan.guard,
      alarms: { names: [], prefixes: [] },
      requireReviewed: false,
      waitMs: 0,
      mode: 'dry-run',
    },
    { actor: runtime.context.actor, deployFreeze: runtime.context.deployFreeze, overrideActors: [] },
    {
      clock,
      sleep: deps.sleep ?? systemSleep,
      log: { ...runtime.log, info: () => undefined },
      readTextFile: async () => {
        throw new Error('unreachable');
      },
      cloudWatch: async () => {
        throw new Error('dry-run reads no alarm');
      },
    },
  ).catch((error: unknown) => {
    if (error instanceof HandsOffError && error.code === 'INPUT') throw error;
    return undefined;
  });
  const { lines, markdown } = renderStagePlan(plan, window);
  for (const line of lines) runtime.log.info(line);
  runtime.setOutput('result', '');
  runtime.setOutput('phase', 'plan');
  runtime.setOutput('revision', plan.revision);
  runtime.setOutput('previous-revision', '');
  runtime.setOutput('deployment-ids', '{}');
  runtime.setOutput('duration', '0');
  await runtime.writeSummary(markdown);
  return ExitCode.Ok;
}

/**
 * The post run after a cancel (GitHub `post-if: cancelled()`, GitLab after_script): the main run
 * changed deploy phases and never finished. Each is stopped where in flight and rolled back.
 */
async function runPost(runtime: Runtime, deps: StageStepDeps): Promise<ExitCode> {
  if (runtime.getState(STAGE_STATE.finished) === 'true') {
    runtime.log.info('stage (post): the stage finished; nothing in flight');
    return ExitCode.Ok;
  }
  // A phase changed something only once its deployment existed (its id saved at once).
  const changed = runtime
    .getState(STAGE_STATE.changed)
    .split(',')
    .filter((p): p is DeployPhase => (DEPLOY_PHASES as readonly string[]).includes(p))
    .filter((phase) => runtime.getState(`${phase}-deployment-id`) !== '')
    .map((phase) => ({
      phase,
      inFlight:
        runtime.getState(`${phase}-finished`) === 'true' ? '' : runtime.getState(`${phase}-deployment-id`),
    }));
  if (changed.length === 0) {
    runtime.log.info('stage (post): the stage was cancelled before it changed anything');
    return ExitCode.Ok;
  }
  const { inputs } = await readStepInputs(runtime, STAGE_INPUTS);
  const plan = await planStage(runtime, inputs, runtime.getInput('environment'));
  runtime.log.warning(
    `stage (post): the job was cancelled after ${changed.map((c) => c.phase).join(', ')} began; rolling back`,
  );
  const end = await rollBackChanged(
    runtime,
    deps,
    plan,
    new PhaseInputs(runtime, inputs),
    changed,
    'job cancelled',
    () => undefined,
    () => undefined,
  );
  const line = `stage (post): rollback ${end.ok ? 'done' : 'FAILED'}: ${end.detail}`;
  // A post step warns rather than fails: the job's result is already decided by the cancel.
  if (end.ok) runtime.log.info(line);
  else runtime.log.warning(line);
  return ExitCode.Ok;
}
