import type {
  CodeDeployClient,
  ComputePlatform,
  CreateDeploymentInput,
  DeploymentInfo,
  RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { CancelledError, InputError, UnavailableError, describeError } from '../errors.js';
import type { Clock, Sleep } from '../time/clock.js';
import { pollUntil, type PollResult } from '../time/poll-until.js';
import { isTransientError, retry, type RetryPolicy } from '../time/retry.js';
import {
  describeRevision,
  parseCodeDeployRevision,
  sameRevision,
  type RevisionReader,
} from './codedeploy-revision.js';
import type {
  DeployRequest,
  DeployTarget,
  DeploymentOutcome,
  DeploymentProgress,
  DeploymentStatus,
  RollbackOutcome,
  RollbackRequest,
} from './deploy-target.js';

/** The part of the CodeDeploy client this target uses, so tests can pass a mocked client. */
export type CodeDeploySender = Pick<CodeDeployClient, 'send'>;

/** Options of the CodeDeploy target: where to deploy and the collaborators, parsed by the adapter. */
export interface CodeDeployTargetOptions {
  client: CodeDeploySender;
  application: string;
  deploymentGroup: string;
  /** Sent as deploymentConfigName; empty or absent keeps the group's own config. */
  deploymentConfig?: string;
  /** Alarms guarding this deployment (at most 10), sent as overrideAlarmConfiguration. */
  alarms?: readonly string[];
  /** The parsed `revision` input; when absent, deploy() parses `request.revision`. */
  revision?: RevisionLocation;
  /** Reads AppSpec files named by `revision` or `to`; defaults to the file system. */
  readFile?: RevisionReader;
  clock: Clock;
  sleep: Sleep;
  onRetry?: (line: string) => void;
  /** Called once the deployment id exists (created or attached), so a step can save it as state at once. */
  onDeploymentId?: (deploymentId: string, attached: boolean) => void;
  /** Budget for a StopDeployment to land and its rollback deployment to appear; default 10 min. */
  stopTimeoutMs?: number;
  random?: () => number;
}

/** CodeDeploy takes at most 10 alarms per deployment group or override. */
export const MAX_CODEDEPLOY_ALARMS = 10;

/** Retry policy for CodeDeploy calls: throttling and 5xx pass within a minute; other errors do not. */
export const CODEDEPLOY_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  deadlineMs: 60_000,
  isRetryable: isTransientError,
};

/** Statuses of a deployment that has not ended. */
const IN_FLIGHT = new Set(['Created', 'Queued', 'InProgress', 'Baking', 'Ready']);
/** Statuses of a deployment that has ended. */
const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
/**
 * After a failed or stopped deployment, how long rollbackInfo may take to appear: CodeDeploy links
 * the rollback shortly after the status changes, not necessarily in the same read.
 */
const ROLLBACK_LINK_GRACE_MS = 60_000;

/** The platform's all-at-once deployment config, for a fast rollback (`fast: true`). */
export function allAtOnceConfig(computePlatform: ComputePlatform | string | undefined): string {
  if (computePlatform === 'Lambda') return 'CodeDeployDefault.LambdaAllAtOnce';
  if (computePlatform === 'ECS') return 'CodeDeployDefault.ECSAllAtOnce';
  return 'CodeDeployDefault.AllAtOnce';
}

/** A deployment that ran to its end (or not), as the polling loop last saw it. */
interface Followed {
  info: DeploymentInfo;
  state: PollResult<DeploymentInfo>['state'];
  ms: number;
}

/**
 * Creates the CodeDeploy deploy target (EC2/on-prem, ECS, Lambda): creates or attaches to a
 * deployment, follows it with our own polling loop, and follows the rollback CodeDeploy starts.
 * Refuses more than 10 alarms before any call.
 */
export function createCodeDeployTarget(options: CodeDeployTargetOptions): DeployTarget {
  const alarms = [...(options.alarms ?? [])];
  if (alarms.length > MAX_CODEDEPLOY_ALARMS) {
    throw new InputError(
      'alarms',
      `${alarms.length} alarms given, CodeDeploy takes at most ${MAX_CODEDEPLOY_ALARMS} per deployment; combine them into one composite alarm and name that`,
      'shop-onebox-composite',
    );
  }
  const { client, clock, sleep, application, deploymentGroup } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 600_000;
  const sdk = import('@aws-sdk/client-codedeploy');
  // Keep an unobserved rejection of the lazy import from crashing the process before first use.
  sdk.catch(() => undefined);

  const call = async <T>(
    what: string,
    send: (module: Awaited<typeof sdk>) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    const module = await sdk;
    try {
      return await retry(what, () => send(module), CODEDEPLOY_RETRY, {
        clock,
        sleep,
        signal,
        random: options.random,
        onRetry: options.onRetry,
      });
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      throw new UnavailableError(`CodeDeploy ${what} failed: ${describeError(error)}`, { cause: error });
    }
  };

  const getDeployment = async (deploymentId: string, signal?: AbortSignal): Promise<DeploymentInfo> => {
    const out = await call(
      `GetDeployment ${deploymentId}`,
      (m) => client.send(new m.GetDeploymentCommand({ deploymentId }), { abortSignal: signal }),
      signal,
    );
    if (!out.deploymentInfo)
      throw new UnavailableError(`CodeDeploy GetDeployment ${deploymentId} answered without deploymentInfo`);
    return out.deploymentInfo;
  };

  const getGroup = async (signal?: AbortSignal) =>
    (
      await call(
        'GetDeploymentGroup',
        (m) =>
          client.send(
            new m.GetDeploymentGroupCommand({
              applicationName: application,
              deploymentGroupName: deploymentGroup,
            }),
            { abortSignal: signal },
          ),
        signal,
      )
    ).deploymentGroupInfo ?? {};

  /** Deployment ids of the group, newest first, one page at a time until `want` says stop. */
  const listDeployments = async (
    statuses: Array<'Succeeded'> | undefined,
    want: (deploymentId: string) => boolean,
    signal?: AbortSignal,
  ): Promise<string | undefined> => {
    let nextToken: string | undefined;
    do {
      const page = await call(
        'ListDeployments',
        (m) =>
          client.send(
            new m.ListDeploymentsCommand({
              applicationName: application,
              deploymentGroupName: deploymentGroup,
              ...(statuses ? { includeOnlyStatuses: statuses } : {}),
              nextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      const found = (page.deployments ?? []).find(want);
      if (found) return found;
      nextToken = page.nextToken;
    } while (nextToken);
    return undefined;
  };

  const newestDeployment = async (signal?: AbortSignal): Promise<DeploymentInfo | undefined> => {
    const id = await listDeployments(undefined, () => true, signal);
    return id ? getDeployment(id, signal) : undefined;
  };

  const progressOf = (info: DeploymentInfo): DeploymentProgress => {
    const overview = info.deploymentOverview ?? {};
    return {
      deploymentId: info.deploymentId ?? '',
      status: info.status ?? 'Unknown',
      pending: overview.Pending ?? 0,
      inProgress: overview.InProgress ?? 0,
      succeeded: overview.Succeeded ?? 0,
      failed: overview.Failed ?? 0,
      skipped: overview.Skipped ?? 0,
    };
  };

  /** Follows one deployment until it ends, reporting each poll; our loop, not the SDK waiter. */
  const follow = async (
    deploymentId: string,
    timing: { pollIntervalMs: number; timeoutMs: number },
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<Followed> => {
    const started = clock.now();
    const result = await pollUntil<DeploymentInfo>(
      async () => {
        const info = await getDeployment(deploymentId, signal);
        onProgress(progressOf(info));
        return { done: FINAL.has(info.status ?? ''), value: info };
      },
      {
        clock,
        sleep,
        intervalMs: timing.pollIntervalMs,
        timeoutMs: timing.timeoutMs,
        signal,
        random: options.random,
      },
    );
    if (result.state === 'aborted')
      throw new CancelledError(`cancelled while following deployment ${deploymentId}`);
    return { info: result.value, state: result.state, ms: clock.now() - started };
  };

  /**
   * Reads a deployment until it has ended and, when a rollback is expected, until rollbackInfo
   * links the rollback deployment (or says why there is none), allowing a short grace period.
   */
  const settle = async (
    deploymentId: string,
    expectRollback: boolean,
    pollIntervalMs: number,
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<PollResult<DeploymentInfo>> => {
    let endedAt: number | undefined;
    const result = await pollUntil<DeploymentInfo>(
      async () => {
        const info = await getDeployment(deploymentId, signal);
        onProgress(progressOf(info));
        if (!FINAL.has(info.status ?? '')) return { done: false, value: info };
        const linked = !!info.rollbackInfo?.rollbackDeploymentId || !!info.rollbackInfo?.rollbackMessage;
        if (!expectRollback || info.status === 'Succeeded' || linked) return { done: true, value: info };
        endedAt ??= clock.now();
        return { done: clock.now() - endedAt >= ROLLBACK_LINK_GRACE_MS, value: info };
      },
      { clock, sleep, intervalMs: pollIntervalMs, timeoutMs: stopTimeoutMs, signal, random: options.random },
    );
    if (result.state === 'aborted')
      throw new CancelledError(`cancelled while stopping deployment ${deploymentId}`);
    return result;
  };

  /** StopDeployment with rollback; false when the deployment had already ended (a late stop is no error). */
  const stopWithRollback = async (deploymentId: string, signal?: AbortSignal): Promise<boolean> => {
    try {
      await call(
        `StopDeployment ${deploymentId}`,
        (m) =>
          client.send(new m.StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }), {
            abortSignal: signal,
          }),
        signal,
      );
      return true;
    } catch (error) {
      if (errorName(error) === 'DeploymentAlreadyCompletedException') return false;
      throw error;
    }
  };

  /** Describes the rollback linked from `info` after following it to its end: ` — rolled back to X in N s`. */
  const followRollback = async (
    info: DeploymentInfo,
    timing: { pollIntervalMs: number; timeoutMs: number },
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<{ rollbackDeploymentId: string; text: string; rolledBackTo: string; status: string }> => {
    const rollbackDeploymentId = info.rollbackInfo?.rollbackDeploymentId ?? '';
    if (!rollbackDeploymentId) {
      const why = info.rollbackInfo?.rollbackMessage;
      return {
        rollbackDeploymentId: '',
        text: ` — no rollback${why ? ` (${why})` : ''}`,
        rolledBackTo: '',
        status: '',
      };
    }
    const rollback = await follow(rollbackDeploymentId, timing, onProgress, signal);
    const to = describeRevision(rollback.info.revision);
    const seconds = Math.round(durationOf(rollback.info, rollback.ms) / 1000);
    if (rollback.info.status === 'Succeeded') {
      return {
        rollbackDeploymentId,
        text: ` — rolled back to ${to} in ${seconds} s`,
        rolledBackTo: to,
        status: 'Succeeded',
      };
    }
    const status = rollback.info.status ?? 'Unknown';
    const how =
      rollback.state === 'timeout'
        ? `still ${status} after ${seconds} s`
        : `ended ${status} after ${seconds} s`;
    return {
      rollbackDeploymentId,
      text: ` — rollback ${rollbackDeploymentId} to ${to} ${how}`,
      rolledBackTo: to,
      status,
    };
  };

  const createDeployment = async (
    input: Omit<CreateDeploymentInput, 'applicationName' | 'deploymentGroupName'>,
    signal?: AbortSignal,
  ): Promise<string> => {
    const out = await call(
      'CreateDeployment',
      (m) =>
        client.send(
          new m.CreateDeploymentCommand({
            applicationName: application,
            deploymentGroupName: deploymentGroup,
            ...(options.deploymentConfig ? { deploymentConfigName: options.deploymentConfig } : {}),
            ...input,
          }),
          { abortSignal: signal },
        ),
      signal,
    );
    if (!out.deploymentId)
      throw new UnavailableError('CodeDeploy CreateDeployment answered without a deploymentId');
    return out.deploymentId;
  };

  const deploy = async (
    request: DeployRequest,
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<DeploymentOutcome> => {
    const started = clock.now();
    const revision =
      options.revision ?? (await parseCodeDeployRevision('revision', request.revision, options.readFile));
    const revisionText = describeRevision(revision) || request.revision;
    // Last good is read before creating: once ours succeeds, the group's lastSuccessfulDeployment is ours.
    const group = await getGroup(signal);
    const lastGood = group.lastSuccessfulDeployment?.deploymentId;
    const lastGoodInfo = lastGood ? await getDeployment(lastGood, signal) : undefined;

    const newest = await newestDeployment(signal);
    const reusable =
      newest &&
      sameRevision(newest.revision, revision) &&
      (IN_FLIGHT.has(newest.status ?? '') || newest.status === 'Succeeded');
    let deploymentId: string;
    if (reusable && newest.deploymentId) {
      // A re-run of the same job: attach instead of deploying the same revision twice.
      deploymentId = newest.deploymentId;
    } else {
      deploymentId = await createDeployment(
        {
          revision,
          description: `hands-off one-box-deploy (${request.stage})`,
          ...(request.autoRollback
            ? {
                autoRollbackConfiguration: {
                  enabled: true,
                  events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
                },
              }
            : {}),
          ...(alarms.length > 0
            ? { overrideAlarmConfiguration: { enabled: true, alarms: alarms.map((name) => ({ name })) } }
            : {}),
        },
        signal,
      );
    }
    const attached = deploymentId === newest?.deploymentId;
    options.onDeploymentId?.(deploymentId, attached);
    // When attached to a deployment that already succeeded, the group's last good is that deployment itself.
    const previousRevision =
      lastGoodInfo && lastGood !== deploymentId
        ? describeRevision(lastGoodInfo.revision)
        : describeRevision(newest?.previousRevision);

    const outcome = (
      status: DeploymentStatus,
      errorCode: string,
      detail: string,
      rollbackDeploymentId = '',
    ): DeploymentOutcome => ({
      deploymentId,
      status,
      revision: revisionText,
      previousRevision,
      rollbackDeploymentId,
      errorCode,
      detail,
      durationMs: clock.now() - started,
    });
    const ended = async (
      info: DeploymentInfo,
      forcedCode?: string,
      prefix = '',
    ): Promise<DeploymentOutcome> => {
      if (info.status === 'Succeeded') {
        return outcome(
          'Succeeded',
          '',
          `${prefix}deployment ${deploymentId} of ${revisionText} succeeded in ${Math.round((clock.now() - started) / 1000)} s`,
        );
      }
      const status: DeploymentStatus = info.status === 'Stopped' ? 'Stopped' : 'Failed';
      const errorCode = forcedCode ?? info.errorInformation?.code ?? status.toUpperCase();
      const message = info.errorInformation?.message ?? `deployment ${deploymentId} ${status.toLowerCase()}`;
      const rollback = await followRollback(info, request, onProgress, signal);
      return outcome(
        status,
        errorCode,
        `${prefix}${errorCode}: ${oneLine(message)}${rollback.text}`,
        rollback.rollbackDeploymentId,
      );
    };

    const run = await follow(deploymentId, request, onProgress, signal);
    if (run.state === 'done') {
      const linked =
        !!run.info.rollbackInfo?.rollbackDeploymentId || !!run.info.rollbackInfo?.rollbackMessage;
      const info =
        request.autoRollback && run.info.status !== 'Succeeded' && !linked
          ? (await settle(deploymentId, true, request.pollIntervalMs, onProgress, signal)).value
          : run.info;
      return ended(info);
    }

    // Out of time: stop with rollback. StopDeployment only asks; the stop lands on a later read.
    const stopped = await stopWithRollback(deploymentId, signal);
    const settled = await settle(deploymentId, true, request.pollIntervalMs, onProgress, signal);
    if (!stopped) return ended(settled.value, undefined, 'the deployment ended before the stop landed: ');
    const limit = `${Math.round(request.timeoutMs / 1000)} s`;
    if (settled.state !== 'done') {
      const seen = settled.value.status ?? 'Unknown';
      return outcome(
        'Failed',
        'TIMEOUT',
        `TIMEOUT: deployment ${deploymentId} did not finish within ${limit}; stop requested but it is still ${seen}`,
      );
    }
    if (settled.value.status === 'Succeeded')
      return ended(settled.value, undefined, 'the deployment ended before the stop landed: ');
    const rollback = await followRollback(settled.value, request, onProgress, signal);
    return outcome(
      settled.value.status === 'Failed' ? 'Failed' : 'Stopped',
      'TIMEOUT',
      `TIMEOUT: deployment ${deploymentId} did not finish within ${limit}; stopped${rollback.text}`,
      rollback.rollbackDeploymentId,
    );
  };

  const rollback = async (
    request: RollbackRequest,
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<RollbackOutcome> => {
    const started = clock.now();
    const timing = { pollIntervalMs: request.pollIntervalMs, timeoutMs: request.timeoutMs };
    const why = request.reason ? ` (${oneLine(request.reason)})` : '';
    const seconds = (): number => Math.round((clock.now() - started) / 1000);

    if (request.deploymentId) {
      const current = await getDeployment(request.deploymentId, signal);
      if (IN_FLIGHT.has(current.status ?? '')) {
        const stopped = await stopWithRollback(request.deploymentId, signal);
        const settled = await settle(
          request.deploymentId,
          stopped,
          request.pollIntervalMs,
          onProgress,
          signal,
        );
        if (settled.value.rollbackInfo?.rollbackDeploymentId) {
          const followed = await followRollback(settled.value, timing, onProgress, signal);
          const status: DeploymentStatus =
            followed.status === 'Succeeded'
              ? 'Succeeded'
              : followed.status === 'Stopped'
                ? 'Stopped'
                : 'Failed';
          return {
            rollbackDeploymentId: followed.rollbackDeploymentId,
            rolledBackTo: followed.rolledBackTo,
            rolledBackFrom: describeRevision(current.revision),
            status,
            noop: false,
            detail: `stopped ${request.deploymentId}${why}${followed.text}`,
            durationMs: clock.now() - started,
          };
        }
        // No rollback from CodeDeploy (no earlier good revision, or the stop came too late): deploy `to` ourselves.
      }
    }

    const newest = await newestDeployment(signal);
    const target =
      request.to === 'previous'
        ? await previousRevision(newest, signal)
        : await parseCodeDeployRevision('to', request.to, options.readFile);
    const targetText = describeRevision(target);
    const from = describeRevision(newest?.revision);
    if (newest?.status === 'Succeeded' && sameRevision(newest.revision, target)) {
      return {
        rollbackDeploymentId: '',
        rolledBackTo: targetText,
        rolledBackFrom: from,
        status: 'Succeeded',
        noop: true,
        detail: `${deploymentGroup} already runs ${targetText} (deployment ${newest.deploymentId}): nothing to roll back`,
        durationMs: clock.now() - started,
      };
    }
    const rollbackDeploymentId = await createDeployment(
      {
        revision: target,
        description: `hands-off rollback${why}`.slice(0, 100),
        // An alarm still firing from the bad revision would stop the very deployment that fixes it.
        overrideAlarmConfiguration: { enabled: false },
        autoRollbackConfiguration: { enabled: false },
      },
      signal,
    );
    options.onDeploymentId?.(rollbackDeploymentId, false);
    const run = await follow(rollbackDeploymentId, timing, onProgress, signal);
    const status: DeploymentStatus =
      run.info.status === 'Succeeded' ? 'Succeeded' : run.info.status === 'Stopped' ? 'Stopped' : 'Failed';
    const ending =
      run.state === 'timeout'
        ? `still ${run.info.status ?? 'Unknown'} after ${seconds()} s`
        : status === 'Succeeded'
          ? `in ${seconds()} s`
          : `ended ${status}${run.info.errorInformation?.code ? ` (${run.info.errorInformation.code})` : ''} after ${seconds()} s`;
    return {
      rollbackDeploymentId,
      rolledBackTo: targetText,
      rolledBackFrom: from,
      status: run.state === 'timeout' ? 'Failed' : status,
      noop: false,
      detail: `rolled back ${deploymentGroup} from ${from || 'an unknown revision'} to ${targetText}${why} ${ending}`,
      durationMs: clock.now() - started,
    };
  };

  /** `previous`: the newest successful deployment other than the group's newest one, whatever that one's state. */
  const previousRevision = async (
    newest: DeploymentInfo | undefined,
    signal?: AbortSignal,
  ): Promise<RevisionLocation> => {
    const id = await listDeployments(
      ['Succeeded'],
      (candidate) => candidate !== newest?.deploymentId,
      signal,
    );
    const info = id ? await getDeployment(id, signal) : undefined;
    if (!info?.revision) {
      throw new InputError(
        'to',
        `\`previous\`: ${deploymentGroup} has no successful deployment before ${newest?.deploymentId ?? 'its newest'}; name the revision`,
        's3://my-bucket/app/v1.zip',
      );
    }
    return info.revision;
  };

  return { name: `codedeploy ${application}/${deploymentGroup}`, deploy, rollback };
}

/** CodeDeploy's own duration of a finished deployment when it has both times, else what we measured. */
function durationOf(info: DeploymentInfo, measuredMs: number): number {
  const start = info.createTime?.getTime();
  const end = info.completeTime?.getTime();
  return start !== undefined && end !== undefined && end >= start ? end - start : measuredMs;
}

function errorName(error: unknown): string {
  const cause = error instanceof UnavailableError ? error.cause : error;
  return typeof cause === 'object' && cause !== null ? String((cause as { name?: unknown }).name ?? '') : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
