/**
 * A stateful model of the AWS CodeDeploy API behind aws-sdk-client-mock, following the documented
 * behaviour, for the CodeDeploy target's tests.
 *
 * What it models:
 * - CreateDeployment → Created → Queued → InProgress → (Baking on ECS and Lambda) → Succeeded, by
 *   the time on an injected clock since the deployment was created (see `phases`).
 * - Scripted fates per created deployment (`script`): fail (Failed + errorInformation), stop on
 *   alarm (Stopped + ALARM_ACTIVE), hang (stays InProgress until stopped), or finish just before a
 *   stop lands (StopDeployment then answers DeploymentAlreadyCompletedException).
 * - Automatic rollback: a failed or stopped deployment with autoRollbackConfiguration enabled (or
 *   stopped with autoRollbackEnabled) gets rollbackInfo.rollbackDeploymentId pointing to a NEW
 *   deployment of the group's last successful revision, which carries
 *   rollbackInfo.rollbackTriggeringDeploymentId and runs to Succeeded; without a last successful
 *   revision, rollbackInfo.rollbackMessage says so.
 * - StopDeployment is asynchronous: the deployment stays as it was and becomes Stopped
 *   (MANUAL_STOP) on the `stopReads`-th GetDeployment after the call; on a finished deployment it
 *   throws DeploymentAlreadyCompletedException.
 * - ListDeployments newest first, filtered by includeOnlyStatuses, paged by `pageSize` with nextToken;
 *   GetDeploymentGroup with lastSuccessfulDeployment and computePlatform; GetDeployment and
 *   BatchGetDeployments.
 * - `throttle(n)`: the next n calls, whatever the command, answer ThrottlingException.
 *
 * What it does NOT model: several deployment groups or applications (one group only); the limit of
 * one deployment in flight per group (DeploymentLimitExceededException); per-instance targets
 * (ListDeploymentTargets); blue/green, ContinueDeployment and traffic shifting; alarm evaluation
 * (an alarm stop is scripted, not computed from alarms); validation errors on bad input; deployment
 * configs (all deployments take the same time); eventual consistency of reads other than the stop.
 */
import {
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  CreateDeploymentCommand,
  DeploymentAlreadyCompletedException,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  ThrottlingException,
  type CreateDeploymentInput,
  type DeploymentInfo,
  type ErrorInformation,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Clock } from '../../packages/core/src/time/clock.js';

/** How a created deployment ends. */
export type Fate =
  | { kind: 'succeed' }
  | { kind: 'fail'; code?: string; message?: string }
  | { kind: 'alarm'; alarm?: string }
  | { kind: 'hang' }
  | { kind: 'finish-before-stop' };

/** A finished deployment placed in the history before a test starts, oldest first. */
export interface SeededDeployment {
  revision: RevisionLocation;
  status: 'Succeeded' | 'Failed' | 'Stopped';
  code?: string;
}

/** Milliseconds after creation at which a deployment reaches each phase. */
export interface Phases {
  queuedAt: number;
  inProgressAt: number;
  /** ECS and Lambda only: Baking between bakingAt and endAt. */
  bakingAt: number;
  endAt: number;
  /** When a failing or alarm-stopped deployment ends. */
  failAt: number;
}

interface ModelDeployment {
  id: string;
  revision: RevisionLocation;
  createdAt: number;
  fate: Fate;
  autoRollback: boolean;
  status: string;
  completedAt?: number;
  errorInformation?: ErrorInformation;
  rollbackInfo?: DeploymentInfo['rollbackInfo'];
  previousRevision?: RevisionLocation;
  stop?: { readsLeft: number; autoRollback: boolean };
  input?: CreateDeploymentInput;
}

/** Options of the model. */
export interface CodeDeployModelOptions {
  clock: Clock;
  application?: string;
  deploymentGroup?: string;
  computePlatform?: 'Server' | 'ECS' | 'Lambda';
  instances?: number;
  pageSize?: number;
  stopReads?: number;
  phases?: Partial<Phases>;
  /**
   * Mock only this model's own client instead of every CodeDeployClient, so that two models (two
   * deployment groups, e.g. the one box and the fleet) can answer side by side.
   */
  ownClientOnly?: boolean;
  /** Start of the deployment ids (`d-` and nine digits by default); give two models different ones. */
  idPrefix?: string;
}

/** An S3 revision of the test bundle `name`: s3://shop-artifacts/app/<name>.zip. */
export function s3Revision(name: string): RevisionLocation {
  return {
    revisionType: 'S3',
    s3Location: { bucket: 'shop-artifacts', key: `app/${name}.zip`, bundleType: 'zip' },
  };
}

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/** The model; `mock` is the aws-sdk-client-mock stub (for commandCalls), `client` a client it answers. */
export class CodeDeployModel {
  readonly mock: AwsClientStub<CodeDeployClient>;
  readonly client = new CodeDeployClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  readonly deployments = new Map<string, ModelDeployment>();
  readonly application: string;
  readonly deploymentGroup: string;
  private readonly clock: Clock;
  private readonly phases: Phases;
  private readonly fates: Fate[] = [];
  private lastSuccessful: ModelDeployment | undefined;
  private throttled = 0;
  private counter = 0;

  private readonly options: CodeDeployModelOptions;

  // A plain field, not a parameter property: Node's type stripping (the benchmarks) cannot run those.
  constructor(options: CodeDeployModelOptions) {
    this.options = options;
    this.clock = options.clock;
    this.application = options.application ?? 'shop';
    this.deploymentGroup = options.deploymentGroup ?? 'shop-onebox';
    const baking = options.computePlatform === 'ECS' || options.computePlatform === 'Lambda';
    this.phases = {
      queuedAt: 2_000,
      inProgressAt: 5_000,
      bakingAt: 30_000,
      endAt: baking ? 45_000 : 30_000,
      failAt: 20_000,
      ...options.phases,
    };
    const stub = options.ownClientOnly ? mockClient(this.client) : mockClient(CodeDeployClient);
    this.mock = stub;
    stub
      .on(CreateDeploymentCommand)
      .callsFake((input: CreateDeploymentInput) => this.guard(() => this.create(input)));
    stub
      .on(GetDeploymentCommand)
      .callsFake((input: { deploymentId: string }) =>
        this.guard(() => ({ deploymentInfo: this.read(input.deploymentId) })),
      );
    stub
      .on(BatchGetDeploymentsCommand)
      .callsFake((input: { deploymentIds: string[] }) =>
        this.guard(() => ({ deploymentsInfo: input.deploymentIds.map((id) => this.read(id)) })),
      );
    stub
      .on(ListDeploymentsCommand)
      .callsFake((input: { includeOnlyStatuses?: string[]; nextToken?: string }) =>
        this.guard(() => this.list(input)),
      );
    stub.on(GetDeploymentGroupCommand).callsFake(() => this.guard(() => this.group()));
    stub
      .on(StopDeploymentCommand)
      .callsFake((input: { deploymentId: string; autoRollbackEnabled?: boolean }) =>
        this.guard(() => this.stop(input.deploymentId, input.autoRollbackEnabled ?? false)),
      );
  }

  /** How the next created deployments end, in order; unscripted ones succeed. */
  script(...fates: Fate[]): this {
    this.fates.push(...fates);
    return this;
  }

  /** The next `count` calls answer ThrottlingException. */
  throttle(count: number): this {
    this.throttled = count;
    return this;
  }

  /** Places finished deployments in the history (oldest first), ten minutes apart, ending before now. */
  seed(history: SeededDeployment[]): string[] {
    const now = this.clock.now();
    return history.map((entry, i) => {
      const createdAt = now - (history.length - i) * 600_000;
      const d = this.add(entry.revision, createdAt, { kind: 'succeed' }, false);
      d.status = entry.status;
      d.completedAt = createdAt + 60_000;
      if (entry.status === 'Succeeded') this.lastSuccessful = d;
      else
        d.errorInformation = {
          code: (entry.code ?? 'HEALTH_CONSTRAINTS') as ErrorInformation['code'],
          message: 'seeded failure',
        };
      return d.id;
    });
  }

  /** The inputs of every CreateDeployment call, in order. */
  created(): CreateDeploymentInput[] {
    return [...this.deployments.values()].flatMap((d) => (d.input ? [d.input] : []));
  }

  private guard<T>(answer: () => T): T {
    if (this.throttled > 0) {
      this.throttled--;
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    }
    this.tick();
    return answer();
  }

  private add(
    revision: RevisionLocation,
    createdAt: number,
    fate: Fate,
    autoRollback: boolean,
  ): ModelDeployment {
    const id = `${this.options.idPrefix ?? 'd-'}${String(++this.counter).padStart(9, '0')}`;
    const d: ModelDeployment = {
      id,
      revision,
      createdAt,
      fate,
      autoRollback,
      status: 'Created',
      previousRevision: this.lastSuccessful?.revision,
    };
    this.deployments.set(id, d);
    return d;
  }

  private create(input: CreateDeploymentInput): { deploymentId: string } {
    const d = this.add(
      input.revision ?? {},
      this.clock.now(),
      this.fates.shift() ?? { kind: 'succeed' },
      input.autoRollbackConfiguration?.enabled ?? false,
    );
    d.input = input;
    return { deploymentId: d.id };
  }

  /** Moves every deployment (rollbacks created on the way included) to its state at the clock's now. */
  private tick(): void {
    const now = this.clock.now();
    for (const d of [...this.deployments.values()]) this.evolve(d, now);
    // Rollbacks created during this tick start in the past (at the failure) and may have moved on.
    for (const d of [...this.deployments.values()]) this.evolve(d, now);
  }

  private evolve(d: ModelDeployment, now: number): void {
    if (FINAL.has(d.status) || d.stop) return;
    const p = this.phases;
    const age = now - d.createdAt;
    const failing = d.fate.kind === 'fail' || d.fate.kind === 'alarm';
    if (failing && age >= p.failAt) {
      const error: ErrorInformation =
        d.fate.kind === 'alarm'
          ? {
              code: 'ALARM_ACTIVE',
              message: `One or more alarms have been activated: ${d.fate.alarm ?? 'shop-onebox-faults'}`,
            }
          : {
              code: (d.fate.kind === 'fail'
                ? (d.fate.code ?? 'HEALTH_CONSTRAINTS')
                : 'INTERNAL_ERROR') as ErrorInformation['code'],
              message:
                d.fate.kind === 'fail'
                  ? (d.fate.message ??
                    'The overall deployment failed because too many individual instances failed deployment')
                  : '',
            };
      this.end(
        d,
        d.createdAt + p.failAt,
        d.fate.kind === 'alarm' ? 'Stopped' : 'Failed',
        error,
        d.autoRollback,
      );
      return;
    }
    const forever = d.fate.kind === 'hang' || d.fate.kind === 'finish-before-stop';
    if (!forever && !failing && age >= p.endAt) {
      this.end(d, d.createdAt + p.endAt, 'Succeeded');
      return;
    }
    const baking = this.options.computePlatform === 'ECS' || this.options.computePlatform === 'Lambda';
    d.status =
      baking && !forever && !failing && age >= p.bakingAt
        ? 'Baking'
        : age >= p.inProgressAt
          ? 'InProgress'
          : age >= p.queuedAt
            ? 'Queued'
            : 'Created';
  }

  private end(
    d: ModelDeployment,
    at: number,
    status: string,
    error?: ErrorInformation,
    rollback = false,
  ): void {
    d.status = status;
    d.completedAt = at;
    delete d.stop;
    if (error) d.errorInformation = error;
    if (status === 'Succeeded') {
      this.lastSuccessful = d;
      return;
    }
    if (!rollback) return;
    const good = this.lastSuccessful;
    if (!good) {
      d.rollbackInfo = { rollbackMessage: 'Automatic rollback skipped: no last successful revision' };
      return;
    }
    const r = this.add(good.revision, at, { kind: 'succeed' }, false);
    r.rollbackInfo = { rollbackTriggeringDeploymentId: d.id };
    d.rollbackInfo = { rollbackDeploymentId: r.id };
  }

  private read(id: string): DeploymentInfo {
    const d = this.deployments.get(id);
    if (!d)
      throw Object.assign(new Error(`Deployment ${id} does not exist`), {
        name: 'DeploymentDoesNotExistException',
      });
    if (d.stop && --d.stop.readsLeft <= 0) {
      this.end(
        d,
        this.clock.now(),
        'Stopped',
        {
          code: 'MANUAL_STOP' as ErrorInformation['code'],
          message: 'The deployment was stopped by the user',
        },
        d.stop.autoRollback,
      );
    }
    return this.info(d);
  }

  private info(d: ModelDeployment): DeploymentInfo {
    const n = this.options.instances ?? 1;
    const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
    if (d.status === 'Created' || d.status === 'Queued') overview.Pending = n;
    else if (d.status === 'InProgress') overview.InProgress = n;
    else if (d.status === 'Baking' || d.status === 'Succeeded') overview.Succeeded = n;
    else if (d.status === 'Failed') overview.Failed = n;
    else overview.Skipped = n;
    return {
      applicationName: this.application,
      deploymentGroupName: this.deploymentGroup,
      deploymentId: d.id,
      revision: d.revision,
      previousRevision: d.previousRevision,
      status: d.status as DeploymentInfo['status'],
      createTime: new Date(d.createdAt),
      ...(d.completedAt !== undefined ? { completeTime: new Date(d.completedAt) } : {}),
      deploymentOverview: overview,
      ...(d.errorInformation ? { errorInformation: d.errorInformation } : {}),
      ...(d.rollbackInfo ? { rollbackInfo: d.rollbackInfo } : {}),
      computePlatform: this.options.computePlatform ?? 'Server',
    };
  }

  private list(input: { includeOnlyStatuses?: string[]; nextToken?: string }): {
    deployments: string[];
    nextToken?: string;
  } {
    const newestFirst = [...this.deployments.values()]
      .filter((d) => !input.includeOnlyStatuses || input.includeOnlyStatuses.includes(d.status))
      .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
    const size = this.options.pageSize ?? 2;
    const from = Number(input.nextToken ?? '0');
    const page = newestFirst.slice(from, from + size).map((d) => d.id);
    return from + size < newestFirst.length
      ? { deployments: page, nextToken: String(from + size) }
      : { deployments: page };
  }

  private group(): object {
    const good = this.lastSuccessful;
    return {
      deploymentGroupInfo: {
        applicationName: this.application,
        deploymentGroupName: this.deploymentGroup,
        computePlatform: this.options.computePlatform ?? 'Server',
        ...(good
          ? {
              lastSuccessfulDeployment: {
                deploymentId: good.id,
                status: 'Succeeded',
                createTime: new Date(good.createdAt),
                endTime: new Date(good.completedAt ?? good.createdAt),
              },
            }
          : {}),
      },
    };
  }

  private stop(id: string, autoRollback: boolean): object {
    const d = this.deployments.get(id);
    if (!d)
      throw Object.assign(new Error(`Deployment ${id} does not exist`), {
        name: 'DeploymentDoesNotExistException',
      });
    if (d.fate.kind === 'finish-before-stop' && !FINAL.has(d.status))
      this.end(d, this.clock.now(), 'Succeeded');
    if (FINAL.has(d.status)) {
      throw new DeploymentAlreadyCompletedException({
        message: `Deployment ${id} has already completed`,
        $metadata: { httpStatusCode: 400 },
      });
    }
    d.stop ??= { readsLeft: this.options.stopReads ?? 2, autoRollback };
    return { status: 'Pending', statusMessage: 'Stopping deployment' };
  }
}
