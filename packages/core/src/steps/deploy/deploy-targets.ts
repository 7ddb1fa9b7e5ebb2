import { isAbsolute, join } from 'node:path';
import { InputError } from '../../errors.js';
import type { Clock, Sleep } from '../../time/clock.js';
import {
  allAtOnceConfig,
  createCodeDeployTarget,
  type CodeDeploySender,
} from '../../deploy/codedeploy-target.js';
import { createCommandTarget } from '../../deploy/command-target.js';
import type { DeployTarget } from '../../deploy/deploy-target.js';
import type { FleetShare } from '../../deploy/fleet-batches.js';
import type { Exec } from '../../deploy/node-exec.js';
import type { CommandTargetSettings } from './deploy-inputs.js';

/** What a target needs from outside the step. */
export interface TargetDeps {
  clock: Clock;
  exec: Exec;
  workspace: string;
  /** Environment the commands of the command target start from. */
  commandEnv: Record<string, string>;
}

/** Builds the command target from its settings; the state file is workspace-relative. */
export function commandTargetFrom(
  settings: CommandTargetSettings,
  fleet: { oneBoxCount: number; batchSize: FleetShare; minHealthy: FleetShare },
  deps: TargetDeps,
): DeployTarget {
  return createCommandTarget({
    hosts: settings.hosts,
    deployCommand: settings.deployCommand,
    healthCommand: settings.healthCommand,
    oneBoxCount: fleet.oneBoxCount,
    batchSize: fleet.batchSize,
    minHealthy: fleet.minHealthy,
    stateFile: isAbsolute(settings.stateFile) ? settings.stateFile : join(deps.workspace, settings.stateFile),
    exec: deps.exec,
    clock: deps.clock,
    baseEnv: deps.commandEnv,
    cwd: deps.workspace,
  });
}

/** What the CodeDeploy target needs from the step. */
export interface CodeDeploySettings {
  application: string;
  deploymentGroup: string;
  deploymentConfig: string;
  alarms: readonly string[];
}

/** Collaborators of the CodeDeploy target. */
export interface CodeDeployDeps {
  clock: Clock;
  sleep: Sleep;
  /** Creates the client on first use; the AWS SDK loads only on this path. */
  client: () => Promise<CodeDeploySender>;
  onRetry: (line: string) => void;
  onDeploymentId?: (deploymentId: string) => void;
}

/**
 * The region of the CodeDeploy client: the `aws-region` input, else the job's AWS_REGION, else its
 * AWS_DEFAULT_REGION (the AWS CLI's variable, which GitLab jobs often set alone and the SDK for
 * JavaScript does not read). Empty when none is set: the SDK then looks in the AWS config file.
 */
export function codeDeployRegion(
  input: string,
  jobEnv: Readonly<Record<string, string | undefined>>,
): string {
  return input.trim() || jobEnv.AWS_REGION?.trim() || jobEnv.AWS_DEFAULT_REGION?.trim() || '';
}

/**
 * A CodeDeploy client in `region` (empty: the SDK's own sources) making one attempt per call: our
 * retry policy owns retries. With no region anywhere it throws an InputError naming `aws-region`
 * before any call; the SDK itself would fail only at the first call, as "Region is missing".
 */
export async function createCodeDeployClient(region: string): Promise<CodeDeploySender> {
  const { CodeDeployClient } = await import('@aws-sdk/client-codedeploy');
  const client = new CodeDeployClient({ ...(region ? { region } : {}), maxAttempts: 1 });
  try {
    await client.config.region();
  } catch (error) {
    throw new InputError(
      'aws-region',
      'is needed with `target: codedeploy`: no region in the input, AWS_REGION, AWS_DEFAULT_REGION or the AWS config file',
      '`aws-region: eu-west-1`',
      { cause: error },
    );
  }
  return client;
}

/** Builds the CodeDeploy target (EC2/on-prem, ECS, Lambda) for a group. */
export async function codeDeployTargetFrom(
  settings: CodeDeploySettings,
  deps: CodeDeployDeps,
): Promise<DeployTarget> {
  if (settings.application === '')
    throw new InputError('application', 'is required with `target: codedeploy`', '`shop`');
  if (settings.deploymentGroup === '') {
    throw new InputError('deployment-group', 'is required with `target: codedeploy`', '`shop-onebox`');
  }
  return createCodeDeployTarget({
    client: await deps.client(),
    application: settings.application,
    deploymentGroup: settings.deploymentGroup,
    deploymentConfig: settings.deploymentConfig || undefined,
    alarms: settings.alarms,
    clock: deps.clock,
    sleep: deps.sleep,
    onRetry: deps.onRetry,
    onDeploymentId: deps.onDeploymentId ? (id) => deps.onDeploymentId?.(id) : undefined,
  });
}

/** The all-at-once config of the group's compute platform, for a fast rollback. */
export async function fastConfigOf(settings: CodeDeploySettings, client: CodeDeploySender): Promise<string> {
  const { GetDeploymentGroupCommand } = await import('@aws-sdk/client-codedeploy');
  const group = await client.send(
    new GetDeploymentGroupCommand({
      applicationName: settings.application,
      deploymentGroupName: settings.deploymentGroup,
    }),
  );
  return allAtOnceConfig(group.deploymentGroupInfo?.computePlatform);
}
