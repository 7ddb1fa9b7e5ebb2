import { recordDecision, inputsWithoutToken } from '../../decision-log/decision-log.js';
import { InputError, UnavailableError, describeError } from '../../errors.js';
import { nodeExec } from '../../deploy/node-exec.js';
import { parseAwsRegion, parseBoolean, parseEnum } from '../../inputs/parse-scalars.js';
import type { InputSpec } from '../../inputs/resolve-inputs.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { markdownTable } from '../../summary/markdown.js';
import { systemClock, systemSleep, type Clock } from '../../time/clock.js';
import { pollUntil } from '../../time/poll-until.js';
import { createCloudWatchClient, readAlarms } from '../../health/cloudwatch-alarms.js';
import type { Step } from '../run-step.js';
import { readStepInputs } from '../step-inputs.js';
import type { DeployTarget } from '../../deploy/deploy-target.js';
import {
  parseArtifactDigest,
  parseCodeDeployAlarms,
  parseCommandSettings,
  parseTiming,
  verifyArtifact,
} from '../deploy/deploy-inputs.js';
import { openDeploymentRecord } from '../deploy/deployment-record.js';
import {
  checkArtifactSignature,
  refusePolicyWithoutSignature,
  reportArtifactSignature,
  signatureEvidence,
  SIGNATURE_CHECK_INPUTS,
} from '../deploy/artifact-signature.js';
import { signatureInputsGiven } from '../../signature/verify-artifacts.js';
import { deployProgressLine, type DeployStepDeps } from '../deploy/deploy-step.js';
import {
  codeDeployRegion,
  codeDeployTargetFrom,
  commandTargetFrom,
  createCodeDeployClient,
  fastConfigOf,
} from '../deploy/deploy-targets.js';

/** Inputs of rollback, in action.yml order (after `config` and `environment`). */
export const ROLLBACK_INPUTS: readonly InputSpec[] = [
  { name: 'target', default: 'codedeploy', fromConfig: true },
  { name: 'application', default: '', fromConfig: true },
  { name: 'deployment-group', default: '', fromConfig: true },
  { name: 'aws-region', default: '', fromConfig: true },
  { name: 'deployment-id', default: '', fromConfig: false },
  { name: 'to', default: 'previous', fromConfig: false },
  { name: 'reason', default: '', fromConfig: false },
  { name: 'fast', default: 'true', fromConfig: true },
  { name: 'artifact', default: '', fromConfig: false },
  { name: 'digest', default: '', fromConfig: false },
  { name: 'alarms', default: '', fromConfig: true },
  { name: 'health-command', default: '', fromConfig: true },
  { name: 'timeout', default: '1h', fromConfig: true },
  { name: 'poll-interval', default: '10s', fromConfig: true },
  { name: 'hosts', default: '', fromConfig: true },
  { name: 'deploy-command', default: '', fromConfig: true },
  { name: 'state-file', default: '.hands-off/command-target.json', fromConfig: true },
  ...SIGNATURE_CHECK_INPUTS,
  { name: 'github-token', default: '', fromConfig: false },
  { name: 'mode', default: 'enforce', fromConfig: true },
];

/** Output names of rollback, as in action.yml. */
export const ROLLBACK_OUTPUTS = ['rollback-deployment-id', 'rolled-back-to', 'duration', 'status'] as const;

/**
 * rollback as a step: stops what is in flight, deploys the last good (or the given) revision fast,
 * follows it to the end with the health check, and says what was rolled back, from which revision
 * to which, why, and how long it took. Already at the target revision: a no-op that says so.
 */
export function rollbackStep(deps: DeployStepDeps = {}): Step {
  return {
    name: 'rollback',
    async run(runtime: Runtime): Promise<ExitCode> {
      const clock = deps.clock ?? systemClock;
      const startedAt = clock.now();
      const { workspace } = runtime.context;
      const { config, inputs } = await readStepInputs(runtime, ROLLBACK_INPUTS);
      refusePolicyWithoutSignature(inputs);
      const value = (name: string): string => (inputs[name]?.value ?? '').trim();
      const target = parseEnum('target', value('target'), ['codedeploy', 'command'] as const);
      const to = value('to') || 'previous';
      if (/[\r\n]/.test(to)) throw new InputError('to', 'must be one line', '`previous` or `v1`');
      parseBoolean('fast', value('fast'));
      const { timeoutMs, pollIntervalMs } = parseTiming(value('timeout'), value('poll-interval'));
      const alarms = parseCodeDeployAlarms(inputs.alarms?.value ?? '');
      const mode = parseEnum('mode', value('mode'), ['enforce', 'dry-run'] as const);
      const { artifact, digest } = parseArtifactDigest(
        value('artifact'),
        value('digest'),
        signatureInputsGiven(value),
      );
      const region = codeDeployRegion(parseAwsRegion(value('aws-region')), deps.commandEnv ?? {});
      if (value('github-token')) runtime.setSecret(value('github-token'));
      const settings = target === 'command' ? parseCommandSettings(inputs, true) : undefined;
      // Every input is checked before the first API call (GetDeploymentGroup for `fast`).
      if (target === 'codedeploy') {
        if (!/^[^\r\n]+$/.test(value('application')))
          throw new InputError('application', 'is required with `target: codedeploy`', '`shop`');
        if (!/^[^\r\n]+$/.test(value('deployment-group')))
          throw new InputError('deployment-group', 'is required with `target: codedeploy`', '`shop-onebox`');
      }
      if (artifact && digest) await verifyArtifact(artifact, digest);
      // A rollback goes back to a build whose integrity is verified, by the same verifier as a deploy.
      const signature = await checkArtifactSignature(value, config, {
        workspace,
        artifact,
        revision: to,
        revisionInput: 'to',
        lastGood: to === 'previous',
      });
      const refused = await reportArtifactSignature(runtime, 'rollback', signature, {
        startedAt,
        clock,
        inputs,
      });
      if (refused !== undefined) return refused;
      const signed = signatureEvidence(signature);
      const reason = value('reason');
      const where = settings
        ? `${settings.hosts.length} host(s)`
        : `${value('application')}/${value('deployment-group')}`;
      if (mode === 'dry-run') {
        runtime.log.info(
          `rollback (dry-run, nothing changed): would return ${where} to ${to}${reason ? ` (${reason})` : ''}`,
        );
        runtime.setOutput('status', '');
        return ExitCode.Ok;
      }
      let deployTarget: DeployTarget;
      if (settings) {
        deployTarget = commandTargetFrom(
          settings,
          { oneBoxCount: 1, batchSize: { percent: 100 }, minHealthy: { count: 0 } },
          { clock, exec: deps.exec ?? nodeExec, workspace, commandEnv: deps.commandEnv ?? {} },
        );
      } else {
        const cd = {
          application: value('application'),
          deploymentGroup: value('deployment-group'),
          deploymentConfig: '',
          alarms,
        };
        const client = await (deps.codeDeploy ?? createCodeDeployClient)(region);
        // Fast: the platform's all-at-once config (AllAtOnce, LambdaAllAtOnce or ECSAllAtOnce).
        if (parseBoolean('fast', value('fast'))) {
          try {
            cd.deploymentConfig = await fastConfigOf(cd, client);
          } catch (error) {
            throw new UnavailableError(
              `CodeDeploy GetDeploymentGroup ${cd.application}/${cd.deploymentGroup} failed: ${describeError(error)}`,
              { cause: error },
            );
          }
        }
        deployTarget = await codeDeployTargetFrom(cd, {
          clock,
          sleep: deps.sleep ?? systemSleep,
          client: async () => client,
          onRetry: (line) => runtime.log.warning(line),
        });
      }
      runtime.log.info(
        `rollback: returning ${deployTarget.name} to ${to}${reason ? ` because ${reason}` : ''}`,
      );
      const record = await openDeploymentRecord(runtime, 'rollback', value('github-token'), {
        environment: config.environment || 'production',
        revision: to,
        description: `hands-off rollback to ${to}${reason ? `: ${reason}` : ''}`,
      });
      const outcome = await deployTarget.rollback(
        { to, deploymentId: value('deployment-id'), reason, timeoutMs, pollIntervalMs },
        (progress) => runtime.log.info(deployProgressLine(progress)),
        runtime.cancelSignal,
      );
      // The short check after a CodeDeploy rollback: the selected alarms must clear (they were
      // likely raised by the bad revision and take a few evaluation periods to return to OK).
      let check = '';
      if (!settings && outcome.status === 'Succeeded' && !outcome.noop && alarms.length > 0) {
        check = await alarmsStillFiring(
          alarms,
          region,
          Math.min(ALARM_CHECK_MS, timeoutMs),
          pollIntervalMs,
          runtime,
          deps,
          clock,
        );
      }
      const exitCode = outcome.status === 'Succeeded' && check === '' ? ExitCode.Ok : ExitCode.Refused;
      await record.finish(
        outcome.status === 'Succeeded',
        outcome.noop ? `no-op: ${outcome.detail}` : outcome.detail,
      );
      const line = check
        ? `rollback: rolled back to ${outcome.rolledBackTo} in ${Math.round(outcome.durationMs / 1000)} s, but ${check}`
        : outcome.noop
          ? `rollback: no-op: ${outcome.detail}`
          : `rollback: ${outcome.status}: from ${outcome.rolledBackFrom || 'unknown'} to ${outcome.rolledBackTo} in ${Math.round(outcome.durationMs / 1000)} s: ${outcome.detail}`;
      if (exitCode === ExitCode.Ok) runtime.log.info(line);
      else runtime.log.error(line);
      await recordDecision(
        runtime,
        { step: 'rollback', startedAt: startedAt, finishedAt: clock.now() },
        {
          verdict: outcome.noop ? 'noop' : outcome.status,
          reason: outcome.detail,
          exitCode,
          inputs: inputsWithoutToken(inputs),
          observations: {
            target: deployTarget.name,
            outcome,
            why: reason,
            ...(signed ? { signature: signed } : {}),
          },
        },
      );
      runtime.setOutput('rollback-deployment-id', outcome.rollbackDeploymentId);
      runtime.setOutput('rolled-back-to', outcome.rolledBackTo);
      runtime.setOutput('duration', String(Math.round(outcome.durationMs / 1000)));
      runtime.setOutput('status', outcome.status);
      await runtime.writeSummary(
        [
          `## rollback: ${outcome.noop ? '⚪ nothing to do' : outcome.status === 'Succeeded' ? '🟢 rolled back' : '🔴 failed'}`,
          `**${line}**`,
          markdownTable(
            ['', ''],
            [
              ['Why', reason || '—'],
              ['From', outcome.rolledBackFrom || '—'],
              ['To', outcome.rolledBackTo || '—'],
              ['Rollback deployment', outcome.rollbackDeploymentId || '—'],
              ['Took', `${Math.round(outcome.durationMs / 1000)} s`],
              ...(signed ? [['Signed by', `${signed.signers.join(', ')} (${signed.artifact})`]] : []),
            ],
          ),
        ].join('\n\n') + '\n',
      );
      return exitCode;
    },
  };
}

/** How long the alarms may take to clear after a rollback before the step fails. */
const ALARM_CHECK_MS = 5 * 60_000;

/** Polls the alarms until none is in ALARM; returns what is still firing at the end ('' when clear). */
async function alarmsStillFiring(
  alarms: readonly string[],
  region: string,
  budgetMs: number,
  pollIntervalMs: number,
  runtime: Runtime,
  deps: DeployStepDeps,
  clock: Clock,
): Promise<string> {
  const client = await (deps.cloudWatch ?? (() => createCloudWatchClient(region)))();
  const sleep = deps.sleep ?? systemSleep;
  const result = await pollUntil(
    async () => {
      let firing: string[];
      try {
        const reading = await readAlarms(
          { names: [...alarms], prefixes: [] },
          { client, clock, sleep, signal: runtime.cancelSignal },
        );
        firing = reading.alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
        if (reading.notFound.length) firing.push(...reading.notFound.map((n) => `${n} (not found)`));
      } catch (error) {
        firing = [`alarms unreadable (${describeError(error)})`];
      }
      runtime.log.info(
        `rollback: alarm check: ${firing.length === 0 ? 'all clear' : `still firing: ${firing.join(', ')}`}`,
      );
      return firing.length === 0 ? { done: true, value: '' } : { done: false, value: firing.join(', ') };
    },
    { clock, sleep, intervalMs: pollIntervalMs, timeoutMs: budgetMs, signal: runtime.cancelSignal },
  );
  return result.state === 'done' ? '' : `${result.value} after ${Math.round(budgetMs / 1000)} s`;
}
