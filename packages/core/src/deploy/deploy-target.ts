/** Final states of a deployment, in CodeDeploy's names for every target. */
export type DeploymentStatus = 'Succeeded' | 'Failed' | 'Stopped';

/** One progress report while a deployment runs (one line per poll in the log). */
export interface DeploymentProgress {
  deploymentId: string;
  /** The target's own status word: `Created`, `InProgress`, `Baking`, `Succeeded`, ... */
  status: string;
  pending: number;
  inProgress: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

/** What to deploy, and where in the stage. */
export interface DeployRequest {
  revision: string;
  /** `one-box`: the first box(es) only; `fleet`: the rest, in batches keeping capacity. */
  stage: 'one-box' | 'fleet';
  /** Overall budget; the deployment is stopped (with rollback) when it runs out. */
  timeoutMs: number;
  pollIntervalMs: number;
  autoRollback: boolean;
}

/** How a deployment ended, including a rollback the target ran on its own. */
export interface DeploymentOutcome {
  deploymentId: string;
  status: DeploymentStatus;
  revision: string;
  /** The revision the target ran before (last known good); empty when unknown. */
  previousRevision: string;
  /** Set when the target rolled back (CodeDeploy's rollbackInfo, or the command target's own rollback). */
  rollbackDeploymentId: string;
  /** Why it failed or stopped (`ALARM_ACTIVE`, `HEALTH_CHECK_FAILED`, `TIMEOUT`, ...); empty on success. */
  errorCode: string;
  /** One line saying what happened. */
  detail: string;
  durationMs: number;
}

/** A rollback: stop what is in flight, deploy the last good revision, follow it to the end. */
export interface RollbackRequest {
  /** `previous`, or an explicit revision. */
  to: string;
  /** An in-flight deployment to stop first; empty when none. */
  deploymentId: string;
  reason: string;
  timeoutMs: number;
  pollIntervalMs: number;
}

/** How a rollback ended. */
export interface RollbackOutcome {
  rollbackDeploymentId: string;
  /** The revision now deployed. */
  rolledBackTo: string;
  /** The revision rolled back from; empty when unknown. */
  rolledBackFrom: string;
  status: DeploymentStatus;
  /** True when the environment already ran the target revision: nothing was deployed. */
  noop: boolean;
  detail: string;
  durationMs: number;
}

/**
 * Where changes go: CodeDeploy (EC2/on-prem, ECS, Lambda) or any hosts reached by commands. One
 * interface in core; the one-box-deploy and rollback steps stay thin over it.
 */
export interface DeployTarget {
  /** For logs: `codedeploy shop/shop-onebox`, `command (3 hosts)`. */
  readonly name: string;
  deploy(
    request: DeployRequest,
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<DeploymentOutcome>;
  rollback(
    request: RollbackRequest,
    onProgress: (progress: DeploymentProgress) => void,
    signal?: AbortSignal,
  ): Promise<RollbackOutcome>;
}
