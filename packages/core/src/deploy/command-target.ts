import { randomUUID } from 'node:crypto';
import type { Clock } from '../time/clock.js';
import { timeoutSignal } from '../time/long-timer.js';
import type { CommandLine } from './command-line.js';
import type {
  DeploymentOutcome,
  DeploymentProgress,
  DeployRequest,
  DeployTarget,
  RollbackOutcome,
  RollbackRequest,
} from './deploy-target.js';
import { planFleetBatches, type FleetShare } from './fleet-batches.js';
import {
  describeUnknownHosts,
  goodRevisionOf,
  hasEvidence,
  lastGoodRevision,
  loadHostHistory,
  recordedRevisionOf,
  saveHostHistory,
  type HostHistory,
} from './host-history.js';
import { lockStateFile } from './state-file-lock.js';
import type { Exec } from './node-exec.js';

/** Options of the command target. */
export interface CommandTargetOptions {
  hosts: string[];
  deployCommand: CommandLine;
  healthCommand: CommandLine | undefined;
  oneBoxCount: number;
  batchSize: FleetShare;
  minHealthy: FleetShare;
  /** Path of the state file holding which revision each host runs. */
  stateFile: string;
  exec: Exec;
  clock: Clock;
  /** Environment the commands start from (PATH and the like); HANDS_OFF_HOST and HANDS_OFF_REVISION are added. */
  baseEnv: Record<string, string>;
  cwd?: string;
}

/** A host's step failed: which, and how. */
interface HostFailure {
  host: string;
  code: 'DEPLOY_COMMAND_FAILED' | 'HEALTH_CHECK_FAILED' | 'TIMEOUT' | 'CANCELLED';
  detail: string;
}

/**
 * The `command` target: deploys by running `deploy-command` once per host, then `health-command`
 * once per host, with HANDS_OFF_HOST and HANDS_OFF_REVISION in the environment (never pasted into a
 * command line). `one-box` deploys the first `one-box-count` hosts; `fleet` deploys the rest in
 * batches that keep `min-healthy` of the fleet serving. On a failure it stops, and with
 * auto-rollback returns the hosts it changed to the last good revision. The state file remembers
 * each host's revision and every deployment, so `rollback` knows "last good".
 */
export function createCommandTarget(options: CommandTargetOptions): DeployTarget {
  /** Why a signal stopped a host: the job's cancel, or the step's own deadline. */
  let cancel: AbortSignal | undefined;
  const stopCode = (): 'CANCELLED' | 'TIMEOUT' => (cancel?.aborted ? 'CANCELLED' : 'TIMEOUT');
  const run = async (
    host: string,
    revision: string,
    command: CommandLine,
    signal: AbortSignal,
  ): Promise<{ ok: boolean; output: string }> => {
    try {
      const result = await options.exec(command.file, command.args, {
        env: { ...options.baseEnv, HANDS_OFF_HOST: host, HANDS_OFF_REVISION: revision },
        signal,
        cwd: options.cwd,
      });
      return { ok: result.exitCode === 0, output: lastLine(result.output) || `exit code ${result.exitCode}` };
    } catch (error) {
      // An Exec that throws (a command that cannot start) is a failed command like any other:
      // the deployment fails and rolls back, instead of ending as a crash with the state InProgress.
      return {
        ok: false,
        output: `cannot start ${command.file}: ${lastLine(String((error as Error)?.message ?? error))}`,
      };
    }
  };

  /** Deploys `revision` to `hosts` batch by batch; stops at the first failing host. */
  const rollOut = async (
    id: string,
    revision: string,
    batches: string[][],
    history: HostHistory,
    onProgress: (progress: DeploymentProgress) => void,
    signal: AbortSignal,
  ): Promise<{ changed: string[]; failure: HostFailure | undefined }> => {
    const total = batches.flat().length;
    const counts = { pending: total, inProgress: 0, succeeded: 0, failed: 0, skipped: 0 };
    const changed: string[] = [];
    const report = (status: string): void => onProgress({ deploymentId: id, status, ...counts });
    report('InProgress');
    for (const batch of batches) {
      counts.pending -= batch.length;
      counts.inProgress = batch.length;
      // A host that a recorded deployment of `revision` already finished (a re-run after the job
      // died) is not deployed again; its health is still checked.
      const deployed = new Set(batch.filter((host) => hasEvidence(history, host, revision)));
      // Before touching a host, record that its revision is no longer known, with what it ran
      // before: if the job dies now, a later run sees it as unknown (never as a revision) and can
      // give it back the recorded one.
      for (const host of batch) {
        if (deployed.has(host)) continue;
        history.hosts[host] = {
          revision: null,
          deploying: revision,
          from: recordedRevisionOf(history, host),
          deploymentId: id,
          at: new Date(options.clock.now()).toISOString(),
        };
      }
      await saveHostHistory(options.stateFile, history);
      report('InProgress');
      const results = await Promise.all(
        batch.map(async (host): Promise<HostFailure | undefined> => {
          if (signal.aborted) return { host, code: stopCode(), detail: 'stopped before it started' };
          changed.push(host);
          if (!deployed.has(host)) {
            const result = await run(host, revision, options.deployCommand, signal);
            if (!result.ok) {
              return {
                host,
                code: signal.aborted ? stopCode() : 'DEPLOY_COMMAND_FAILED',
                detail: signal.aborted
                  ? `${stopCode() === 'CANCELLED' ? 'cancelled' : 'timed out'}: ${result.output}`
                  : result.output,
              };
            }
            history.hosts[host] = {
              revision,
              deploymentId: id,
              at: new Date(options.clock.now()).toISOString(),
            };
          }
          if (options.healthCommand) {
            const healthy = await run(host, revision, options.healthCommand, signal);
            if (!healthy.ok) {
              return {
                host,
                code: signal.aborted ? stopCode() : 'HEALTH_CHECK_FAILED',
                detail: signal.aborted
                  ? `${stopCode() === 'CANCELLED' ? 'cancelled' : 'timed out'}: ${healthy.output}`
                  : healthy.output,
              };
            }
          }
          return undefined;
        }),
      );
      const failures = results.filter((r): r is HostFailure => r !== undefined);
      counts.inProgress = 0;
      counts.failed += failures.length;
      counts.succeeded += batch.length - failures.length;
      if (failures.length > 0) {
        counts.skipped = counts.pending;
        counts.pending = 0;
        report('Failed');
        return { changed, failure: failures[0] };
      }
      report('InProgress');
    }
    report('Succeeded');
    return { changed, failure: undefined };
  };

  return {
    name: `command (${options.hosts.length} hosts)`,

    async deploy(request, onProgress, outerSignal) {
      // The deployment and its automatic rollback each have `timeout`.
      const lock = await lockStateFile(options.stateFile, 2 * request.timeoutMs, options.clock);
      try {
        return await deployLocked(request, onProgress, outerSignal);
      } finally {
        await lock.release();
      }
    },

    async rollback(request: RollbackRequest, onProgress, outerSignal): Promise<RollbackOutcome> {
      const lock = await lockStateFile(options.stateFile, request.timeoutMs, options.clock);
      try {
        return await rollbackLocked(request, onProgress, outerSignal);
      } finally {
        await lock.release();
      }
    },
  };

  async function deployLocked(
    request: DeployRequest,
    onProgress: (progress: DeploymentProgress) => void,
    outerSignal: AbortSignal | undefined,
  ): Promise<DeploymentOutcome> {
    cancel = outerSignal;
    const started = options.clock.now();
    const history = await loadLockedHistory(options.stateFile);
    const oneBox = options.hosts.slice(0, options.oneBoxCount);
    const rest = options.hosts.slice(options.oneBoxCount);
    const batches =
      request.stage === 'one-box'
        ? [oneBox]
        : planFleetBatches(rest, options.hosts.length, options.batchSize, options.minHealthy);
    const targets = batches.flat();
    // The targets' last good revision, as recorded (for an unknown host, the one before the
    // interrupted deployment); never a placeholder, never a value no deployment recorded.
    const previousRevision =
      targets.map((host) => goodRevisionOf(history, host)).find((r) => r !== '' && r !== request.revision) ||
      lastGoodRevision(history, request.revision);
    const id = `cmd-${randomUUID().slice(0, 8)}`;
    // Idempotent: when every target host already runs the revision after a successful deployment, attach.
    const done = history.deployments.findLast(
      (d) => d.revision === request.revision && d.status === 'Succeeded',
    );
    if (done && targets.every((host) => hasEvidence(history, host, request.revision))) {
      return outcome(
        done.id,
        'Succeeded',
        request.revision,
        previousRevision,
        '',
        '',
        `already deployed by ${done.id}; nothing to do`,
        options.clock.now() - started,
      );
    }
    const signal = withDeadline(request.timeoutMs, outerSignal);
    // Written before anything runs, so a job killed mid-deploy leaves a trace for rollback.
    const inFlight = record(id, request.revision, request.stage, 'InProgress', targets, options.clock.now());
    history.deployments.push(inFlight);
    await saveHostHistory(options.stateFile, history);
    const { changed, failure } = await rollOut(id, request.revision, batches, history, onProgress, signal);
    history.deployments.splice(history.deployments.indexOf(inFlight), 1);
    if (!failure) {
      history.deployments.push(
        record(id, request.revision, request.stage, 'Succeeded', targets, options.clock.now()),
      );
      await saveHostHistory(options.stateFile, history);
      return outcome(
        id,
        'Succeeded',
        request.revision,
        previousRevision,
        '',
        '',
        `${request.revision} on ${targets.length} host(s)`,
        options.clock.now() - started,
      );
    }
    const status = failure.code === 'TIMEOUT' || failure.code === 'CANCELLED' ? 'Stopped' : 'Failed';
    history.deployments.push(
      record(id, request.revision, request.stage, status, changed, options.clock.now()),
    );
    let rollbackId = '';
    let rolledBack = '';
    if (request.autoRollback && previousRevision) {
      rollbackId = `${id}-rollback`;
      // The rollback must run even when the deployment was stopped for time or by a cancel.
      const rollback = await rollOut(
        rollbackId,
        previousRevision,
        [changed],
        history,
        onProgress,
        timeoutSignal(request.timeoutMs),
      );
      history.deployments.push(
        record(
          rollbackId,
          previousRevision,
          'rollback',
          rollback.failure ? 'Failed' : 'Succeeded',
          changed,
          options.clock.now(),
        ),
      );
      rolledBack = rollback.failure
        ? ` — rollback to ${previousRevision} FAILED on ${rollback.failure.host}: ${rollback.failure.detail}`
        : ` — rolled back to ${previousRevision} in ${Math.round((options.clock.now() - started) / 1000)} s`;
    } else if (request.autoRollback) {
      rolledBack = ' — no earlier revision is known, so nothing was rolled back';
    }
    await saveHostHistory(options.stateFile, history);
    return outcome(
      id,
      status,
      request.revision,
      previousRevision,
      rollbackId,
      failure.code,
      `${failure.code}: ${failure.host}: ${failure.detail}${rolledBack}`,
      options.clock.now() - started,
    );
  }

  async function rollbackLocked(
    request: RollbackRequest,
    onProgress: (progress: DeploymentProgress) => void,
    outerSignal: AbortSignal | undefined,
  ): Promise<RollbackOutcome> {
    cancel = outerSignal;
    const started = options.clock.now();
    const history = await loadLockedHistory(options.stateFile);
    const newest = history.deployments.findLast((d) => d.stage !== 'rollback');
    const from = newest?.revision ?? '';
    const to = request.to === 'previous' ? lastGoodRevision(history, from) : request.to;
    if (to === '') {
      const unknown = describeUnknownHosts(history, options.hosts);
      return {
        rollbackDeploymentId: '',
        rolledBackTo: '',
        rolledBackFrom: from,
        status: 'Failed',
        noop: false,
        detail:
          `no deployment in the state file ${options.stateFile} succeeded with another revision than ${from || 'the newest'}` +
          `${unknown ? `; unknown hosts: ${unknown}` : ''}; give \`to\` explicitly (a revision you know is good)`,
        durationMs: 0,
      };
    }
    // A no-op needs evidence for every listed host: a host the state file does not know (a lost
    // file, a renamed host) or knows only as unknown (a killed deployment) gets `to` as well.
    const stale = options.hosts.filter((host) => !hasEvidence(history, host, to));
    if (stale.length === 0) {
      return {
        rollbackDeploymentId: '',
        rolledBackTo: to,
        rolledBackFrom: from,
        status: 'Succeeded',
        noop: true,
        detail: `every host already runs ${to}: nothing to roll back`,
        durationMs: options.clock.now() - started,
      };
    }
    const id = `cmd-${randomUUID().slice(0, 8)}-rollback`;
    // Fast: every stale host at once, as CodeDeploy's AllAtOnce configs do.
    const { failure } = await rollOut(
      id,
      to,
      [stale],
      history,
      onProgress,
      withDeadline(request.timeoutMs, outerSignal),
    );
    const status = failure ? 'Failed' : 'Succeeded';
    history.deployments.push(record(id, to, 'rollback', status, stale, options.clock.now()));
    await saveHostHistory(options.stateFile, history);
    return {
      rollbackDeploymentId: id,
      rolledBackTo: to,
      rolledBackFrom: from,
      status,
      noop: false,
      detail: failure
        ? `${failure.code}: ${failure.host}: ${failure.detail}`
        : `${stale.length} host(s) back on ${to} (${request.reason || 'no reason given'})`,
      durationMs: options.clock.now() - started,
    };
  }
}

/**
 * Loads the state file under its lock. An InProgress record there belongs to a run that died (a
 * live one would hold the lock): it is settled as Stopped, so the file never claims a deployment
 * is still running.
 */
async function loadLockedHistory(stateFile: string): Promise<HostHistory> {
  const history = await loadHostHistory(stateFile);
  if (history.deployments.some((d) => d.status === 'InProgress')) {
    history.deployments = history.deployments.map((d) =>
      d.status === 'InProgress' ? { ...d, status: 'Stopped', interrupted: true } : d,
    );
    await saveHostHistory(stateFile, history);
  }
  return history;
}

function record(
  id: string,
  revision: string,
  stage: 'one-box' | 'fleet' | 'rollback',
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped',
  hosts: string[],
  at: number,
) {
  return { id, revision, stage, status, hosts: [...hosts], at: new Date(at).toISOString() };
}

function outcome(
  deploymentId: string,
  status: DeploymentOutcome['status'],
  revision: string,
  previousRevision: string,
  rollbackDeploymentId: string,
  errorCode: string,
  detail: string,
  durationMs: number,
): DeploymentOutcome {
  return {
    deploymentId,
    status,
    revision,
    previousRevision,
    rollbackDeploymentId,
    errorCode,
    detail,
    durationMs,
  };
}

function withDeadline(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const deadline = timeoutSignal(Math.max(1, timeoutMs));
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

function lastLine(output: string): string {
  return output.trim().split('\n').at(-1)?.trim() ?? '';
}
