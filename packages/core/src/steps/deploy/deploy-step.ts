import { recordDecision, inputsWithoutToken, shownDecisionLogPath } from '../../decision-log/decision-log.js';
import type { DeploymentOutcome, DeploymentProgress, DeployTarget } from '../../deploy/deploy-target.js';
import { planFleetBatches } from '../../deploy/fleet-batches.js';
import { nodeExec, type Exec } from '../../deploy/node-exec.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { markdownTable } from '../../summary/markdown.js';
import { systemClock, systemSleep, type Clock, type Sleep } from '../../time/clock.js';
import type { CodeDeploySender } from '../../deploy/codedeploy-target.js';
import type { CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import type { Step } from '../run-step.js';
import { readStepInputs } from '../step-inputs.js';
import {
  DEPLOY_INPUTS,
  parseDeployInputs,
  verifyArtifact,
  type CommandTargetSettings,
  type DeployOptions,
} from './deploy-inputs.js';
import { openDeploymentRecord } from './deployment-record.js';
import {
  checkArtifactSignature,
  refusePolicyWithoutSignature,
  reportArtifactSignature,
  signatureEvidence,
  type ArtifactSignatureCheck,
} from './artifact-signature.js';
import {
  codeDeployRegion,
  codeDeployTargetFrom,
  commandTargetFrom,
  createCodeDeployClient,
} from './deploy-targets.js';

/** Collaborators of the deploy and rollback steps (tests pass their own). */
export interface DeployStepDeps {
  clock?: Clock;
  sleep?: Sleep;
  /** Creates the CodeDeploy client in a region, empty for the SDK's own (tests pass a model of the API). */
  codeDeploy?: (region: string) => Promise<CodeDeploySender>;
  /** Creates the CloudWatch client for rollback's alarm check. */
  cloudWatch?: () => Promise<CloudWatchSender>;
  exec?: Exec;
  /**
   * The job's environment, without the step's own inputs (the process environment in production):
   * the command target's commands start from it, and an empty `aws-region` falls back to its
   * AWS_REGION, then AWS_DEFAULT_REGION (core never reads process.env itself).
   */
  commandEnv?: Record<string, string>;
}

/** Output names of one-box-deploy, as in action.yml. */
export const DEPLOY_OUTPUTS = [
  'deployment-id',
  'status',
  'revision',
  'previous-revision',
  'rollback-deployment-id',
  'duration',
] as const;

/** State kept for the post step: it tells a cancelled run (deployment started, not finished) from a finished one. */
export const DEPLOY_STATE = { phase: 'phase', deploymentId: 'deployment-id', finished: 'finished' } as const;

async function createTarget(
  options: DeployOptions,
  runtime: Runtime,
  deps: DeployStepDeps,
  onDeploymentId?: (id: string) => void,
): Promise<DeployTarget> {
  if (options.target === 'codedeploy' || !options.command) {
    const region = codeDeployRegion(options.awsRegion, deps.commandEnv ?? {});
    return codeDeployTargetFrom(options, {
      clock: deps.clock ?? systemClock,
      sleep: deps.sleep ?? systemSleep,
      client: () => (deps.codeDeploy ?? createCodeDeployClient)(region),
      onRetry: (line) => runtime.log.warning(line),
      onDeploymentId,
    });
  }
  return commandTargetFrom(options.command, options, {
    clock: deps.clock ?? systemClock,
    exec: deps.exec ?? nodeExec,
    workspace: runtime.context.workspace,
    commandEnv: deps.commandEnv ?? {},
  });
}

/** One progress line per report: `deploy cmd-1a2b3c4d InProgress · pending 2 · in progress 1 · succeeded 1 · failed 0`. */
export function deployProgressLine(progress: DeploymentProgress): string {
  return (
    `deploy ${progress.deploymentId} ${progress.status} · pending ${progress.pending} · in progress ${progress.inProgress}` +
    ` · succeeded ${progress.succeeded} · failed ${progress.failed}${progress.skipped ? ` · skipped ${progress.skipped}` : ''}`
  );
}

/**
 * one-box-deploy as a step. The same bundle serves the action's `post` (post-if: cancelled()):
 * when the main run saved a deployment id but not `finished`, the post run stops and rolls back.
 */
export function deployStep(deps: DeployStepDeps = {}): Step {
  return {
    name: 'one-box-deploy',
    async run(runtime: Runtime): Promise<ExitCode> {
      if (runtime.getState(DEPLOY_STATE.phase) === 'main') return runPost(runtime, deps);
      runtime.saveState(DEPLOY_STATE.phase, 'main');
      const clock = deps.clock ?? systemClock;
      const startedAt = clock.now();
      const { config, inputs } = await readStepInputs(runtime, DEPLOY_INPUTS);
      const options = parseDeployInputs(inputs);
      refusePolicyWithoutSignature(inputs);
      if (options.githubToken) runtime.setSecret(options.githubToken);
      // Before any API call: the bytes must be the ones that were built, and signed when asked.
      if (options.artifact && options.digest) {
        await verifyArtifact(options.artifact, options.digest);
        runtime.log.info(`one-box-deploy: ${options.artifact} matches sha256:${options.digest}`);
      }
      const signature = await checkArtifactSignature((name) => (inputs[name]?.value ?? '').trim(), config, {
        workspace: runtime.context.workspace,
        artifact: options.artifact,
        revision: options.revision,
        revisionInput: 'revision',
      });
      const refused = await reportArtifactSignature(runtime, 'one-box-deploy', signature, {
        startedAt,
        clock,
        inputs,
      });
      if (refused !== undefined) return refused;
      let saved = '';
      const remember = (id: string): void => {
        if (id === saved) return;
        // As soon as the id exists: a cancel after this point must be able to stop it.
        saved = id;
        runtime.saveState(DEPLOY_STATE.deploymentId, id);
      };
      const target = await createTarget(options, runtime, deps, remember);

      if (options.mode === 'dry-run') {
        const plan = describePlan(options);
        runtime.log.info(`one-box-deploy (dry-run, nothing changed): ${plan}`);
        runtime.setOutput('status', '');
        runtime.setOutput('revision', options.revision);
        await runtime.writeSummary(`## one-box-deploy: dry-run\n\n**${plan}**\n`);
        return ExitCode.Ok;
      }

      const record = await openDeploymentRecord(runtime, 'one-box-deploy', options.githubToken, {
        environment: config.environment || 'production',
        revision: options.revision,
        description: `hands-off one-box-deploy (${options.stage}) of ${options.revision}`,
      });
      const outcome = await target.deploy(
        {
          revision: options.revision,
          stage: options.stage,
          timeoutMs: options.timeoutMs,
          pollIntervalMs: options.pollIntervalMs,
          autoRollback: options.autoRollback,
        },
        (progress) => {
          remember(progress.deploymentId);
          runtime.log.info(deployProgressLine(progress));
        },
        runtime.cancelSignal,
      );
      runtime.saveState(DEPLOY_STATE.finished, 'true');
      await record.finish(outcome.status === 'Succeeded', `${outcome.status}: ${outcome.detail}`);
      return finish(runtime, 'one-box-deploy', target, options, outcome, startedAt, clock, inputs, signature);
    },
  };
}

async function finish(
  runtime: Runtime,
  step: string,
  target: DeployTarget,
  options: DeployOptions,
  outcome: DeploymentOutcome,
  startedAt: number,
  clock: Clock,
  inputs: Record<string, { value: string; source: 'input' | 'config' | 'default' }>,
  signature: ArtifactSignatureCheck,
): Promise<ExitCode> {
  const exitCode = outcome.status === 'Succeeded' ? ExitCode.Ok : ExitCode.Refused;
  const signed = signatureEvidence(signature);
  const line = `${step}: ${outcome.status}: ${outcome.detail}`;
  if (exitCode === ExitCode.Ok) runtime.log.info(line);
  else runtime.log.error(line);
  const logPath = await recordDecision(
    runtime,
    { step, startedAt: startedAt, finishedAt: clock.now() },
    {
      verdict: outcome.status,
      reason: outcome.detail,
      exitCode,
      inputs: inputsWithoutToken(inputs),
      observations: { target: target.name, outcome, ...(signed ? { signature: signed } : {}) },
    },
  );
  runtime.setOutput('deployment-id', outcome.deploymentId);
  runtime.setOutput('status', outcome.status);
  runtime.setOutput('revision', outcome.revision);
  runtime.setOutput('previous-revision', outcome.previousRevision);
  runtime.setOutput('rollback-deployment-id', outcome.rollbackDeploymentId);
  runtime.setOutput('duration', String(Math.round(outcome.durationMs / 1000)));
  const workspace = runtime.context.workspace;
  runtime.log.debug(`decision log: ${shownDecisionLogPath(workspace, logPath)}`);
  await runtime.writeSummary(
    [
      `## ${step}: ${outcome.status === 'Succeeded' ? '🟢' : '🔴'} ${outcome.status}`,
      `**${outcome.detail}**`,
      markdownTable(
        ['', ''],
        [
          ['Target', target.name],
          ['Stage', options.stage],
          ['Revision', outcome.revision],
          ['Previous revision', outcome.previousRevision || '—'],
          ['Deployment', outcome.deploymentId],
          ['Rollback deployment', outcome.rollbackDeploymentId || '—'],
          ['Duration', `${Math.round(outcome.durationMs / 1000)} s`],
          ...(signed ? [['Signed by', `${signed.signers.join(', ')} (${signed.artifact})`]] : []),
        ],
      ),
    ].join('\n\n') + '\n',
  );
  return exitCode;
}

/** What a deployment would do, for dry-run. */
function describePlan(options: DeployOptions): string {
  if (!options.command) return `${options.revision} to ${options.application}/${options.deploymentGroup}`;
  const hosts = options.command.hosts;
  if (options.stage === 'one-box') {
    return `${options.revision} to the one box: ${hosts.slice(0, options.oneBoxCount).join(', ')}`;
  }
  return `${options.revision} to the fleet in ${describeFleetBatches(options.command, options)}`;
}

/** The fleet's batches of the command target as one line: `3 batch(es): [a] then [b] then [c]`. */
export function describeFleetBatches(
  command: CommandTargetSettings,
  fleet: Pick<DeployOptions, 'oneBoxCount' | 'batchSize' | 'minHealthy'>,
): string {
  const hosts = command.hosts;
  const batches = planFleetBatches(
    hosts.slice(fleet.oneBoxCount),
    hosts.length,
    fleet.batchSize,
    fleet.minHealthy,
  );
  return `${batches.length} batch(es): ${batches.map((b) => `[${b.join(', ')}]`).join(' then ')}`;
}

/**
 * The post run after a cancel: the main run started a deployment and never finished it. The
 * command target's own rollback runs inside the main run when the cancel aborts the commands;
 * this restores what may still be half-done, to the last good revision, and says so.
 */
async function runPost(runtime: Runtime, deps: DeployStepDeps): Promise<ExitCode> {
  const deploymentId = runtime.getState(DEPLOY_STATE.deploymentId);
  if (runtime.getState(DEPLOY_STATE.finished) === 'true' || deploymentId === '') {
    runtime.log.info('one-box-deploy (post): nothing in flight');
    return ExitCode.Ok;
  }
  const options = parseDeployInputs((await readStepInputs(runtime, DEPLOY_INPUTS)).inputs);
  const target = await createTarget(options, runtime, deps);
  runtime.log.warning(`one-box-deploy (post): the job was cancelled during ${deploymentId}; rolling back`);
  const outcome = await target.rollback(
    {
      to: 'previous',
      deploymentId,
      reason: 'job cancelled',
      timeoutMs: options.timeoutMs,
      pollIntervalMs: options.pollIntervalMs,
    },
    (progress) => runtime.log.info(deployProgressLine(progress)),
  );
  const line = `one-box-deploy (post): rollback ${outcome.status}: ${outcome.detail}`;
  // A post step warns rather than fails: the job's result is already decided by the cancel.
  if (outcome.status === 'Succeeded') runtime.log.info(line);
  else runtime.log.warning(line);
  return ExitCode.Ok;
}
