import { InputError, quoteValue } from '../../errors.js';
import { InputFileProblem } from '../../files/input-file.js';
import { parseDuration } from '../../inputs/parse-duration.js';
import { sha256File } from '../../signature/digests.js';
import { signatureInputsGiven } from '../../signature/verify-artifacts.js';
import { SIGNATURE_CHECK_INPUTS } from './artifact-signature.js';
import {
  parseAwsRegion,
  parseBoolean,
  parseCount,
  parseEnum,
  splitLines,
} from '../../inputs/parse-scalars.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import { parseCommandLine, type CommandLine } from '../../deploy/command-line.js';
import { parseFleetShare, type FleetShare } from '../../deploy/fleet-batches.js';

/** Inputs of one-box-deploy, in action.yml order (after `config` and `environment`). */
export const DEPLOY_INPUTS: readonly InputSpec[] = [
  { name: 'target', default: 'codedeploy', fromConfig: true },
  { name: 'application', default: '', fromConfig: true },
  { name: 'deployment-group', default: '', fromConfig: true },
  { name: 'aws-region', default: '', fromConfig: true },
  { name: 'revision', default: '', fromConfig: false },
  { name: 'deployment-config', default: '', fromConfig: true },
  { name: 'stage', default: 'one-box', fromConfig: false },
  { name: 'alarms', default: '', fromConfig: true },
  { name: 'auto-rollback', default: 'true', fromConfig: true },
  { name: 'timeout', default: '1h', fromConfig: true },
  { name: 'poll-interval', default: '10s', fromConfig: true },
  { name: 'artifact', default: '', fromConfig: false },
  { name: 'digest', default: '', fromConfig: false },
  { name: 'hosts', default: '', fromConfig: true },
  { name: 'deploy-command', default: '', fromConfig: true },
  { name: 'health-command', default: '', fromConfig: true },
  { name: 'one-box-count', default: '1', fromConfig: true },
  { name: 'batch-size', default: '33%', fromConfig: true },
  { name: 'min-healthy', default: '66%', fromConfig: true },
  { name: 'state-file', default: '.hands-off/command-target.json', fromConfig: true },
  ...SIGNATURE_CHECK_INPUTS,
  { name: 'github-token', default: '', fromConfig: false },
  { name: 'mode', default: 'enforce', fromConfig: true },
];

/** Settings shared by one-box-deploy and rollback for the `command` target. */
export interface CommandTargetSettings {
  hosts: string[];
  deployCommand: CommandLine;
  healthCommand: CommandLine | undefined;
  stateFile: string;
}

/** Typed options of one-box-deploy. */
export interface DeployOptions {
  target: 'codedeploy' | 'command';
  application: string;
  deploymentGroup: string;
  /** The `aws-region` input; empty means the job's AWS_REGION or AWS_DEFAULT_REGION (see codeDeployRegion). */
  awsRegion: string;
  revision: string;
  deploymentConfig: string;
  stage: 'one-box' | 'fleet';
  alarms: string[];
  autoRollback: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  artifact: string;
  digest: string;
  command: CommandTargetSettings | undefined;
  oneBoxCount: number;
  batchSize: FleetShare;
  minHealthy: FleetShare;
  githubToken: string;
  mode: 'enforce' | 'dry-run';
}

/** A host name or address; never starting with `-`, so a host can never read as a flag to a command. */
const HOST = /^[A-Za-z0-9.:_[\]][A-Za-z0-9.:_[\]-]{0,254}$/;

/** Parses the inputs of one-box-deploy; the first bad value throws an InputError naming it. */
export function parseDeployInputs(inputs: Record<string, ResolvedInput>): DeployOptions {
  const value = (name: string): string => (inputs[name]?.value ?? '').trim();
  const target = parseEnum('target', value('target'), ['codedeploy', 'command'] as const);
  const revision = value('revision');
  if (revision === '') {
    throw new InputError(
      'revision',
      'is required: what to deploy',
      target === 'command' ? '`v2` or `${{ github.sha }}`' : '`s3://shop-builds/shop-v2.zip`',
    );
  }
  if (/[\r\n]/.test(revision)) throw new InputError('revision', 'must be one line', '`v2`');
  const alarms = parseCodeDeployAlarms(inputs.alarms?.value ?? '');
  const { timeoutMs, pollIntervalMs } = parseTiming(value('timeout'), value('poll-interval'));
  const { artifact, digest } = parseArtifactDigest(
    value('artifact'),
    value('digest'),
    signatureInputsGiven(value),
  );
  const options: DeployOptions = {
    target,
    application: value('application'),
    deploymentGroup: value('deployment-group'),
    awsRegion: parseAwsRegion(value('aws-region')),
    revision,
    deploymentConfig: value('deployment-config'),
    stage: parseEnum('stage', value('stage'), ['one-box', 'fleet'] as const),
    alarms,
    autoRollback: parseBoolean('auto-rollback', value('auto-rollback')),
    timeoutMs,
    pollIntervalMs,
    artifact,
    digest,
    command: undefined,
    oneBoxCount: parseCount('one-box-count', value('one-box-count'), { max: 99_999, example: '`1`' }),
    batchSize: parseFleetShare('batch-size', value('batch-size'), '`33%` or `2`'),
    minHealthy: parseFleetShare('min-healthy', value('min-healthy'), '`66%` or `4`'),
    githubToken: value('github-token'),
    mode: parseEnum('mode', value('mode'), ['enforce', 'dry-run'] as const),
  };
  if (target === 'codedeploy') {
    if (options.application === '')
      throw new InputError('application', 'is required with `target: codedeploy`', '`shop`');
    if (options.deploymentGroup === '')
      throw new InputError('deployment-group', 'is required with `target: codedeploy`', '`shop-onebox`');
  } else {
    options.command = parseCommandSettings(inputs, true);
    if (
      options.oneBoxCount >= options.command.hosts.length &&
      options.stage === 'one-box' &&
      options.command.hosts.length > 1
    ) {
      throw new InputError(
        'one-box-count',
        `${options.oneBoxCount} is the whole fleet of ${options.command.hosts.length}: one box is a small part of it`,
        '`1`',
      );
    }
  }
  return options;
}

/** Parses `hosts`, `deploy-command`, `health-command` and `state-file` for the command target. */
export function parseCommandSettings(
  inputs: Record<string, ResolvedInput>,
  needDeployCommand: boolean,
): CommandTargetSettings {
  const value = (name: string): string => (inputs[name]?.value ?? '').trim();
  const hosts = splitLines(inputs.hosts?.value ?? '');
  if (hosts.length === 0)
    throw new InputError(
      'hosts',
      'is required with `target: command`: one host per line',
      '`app-1.internal`',
    );
  for (const host of hosts) {
    if (!HOST.test(host))
      throw new InputError(
        'hosts',
        `${quoteValue(host)} is not a host name or address${host.startsWith('-') ? ' (it starts with `-`)' : ''}`,
        '`app-1.internal` or `10.0.0.5:8080`',
      );
  }
  if (new Set(hosts).size !== hosts.length)
    throw new InputError('hosts', 'lists a host twice', '`app-1.internal`');
  if (needDeployCommand && value('deploy-command') === '') {
    throw new InputError(
      'deploy-command',
      'is required with `target: command`',
      '`./scripts/deploy.sh` (it reads HANDS_OFF_HOST and HANDS_OFF_REVISION)',
    );
  }
  return {
    hosts,
    deployCommand: parseCommandLine('deploy-command', value('deploy-command') || 'true'),
    healthCommand:
      value('health-command') === ''
        ? undefined
        : parseCommandLine('health-command', value('health-command')),
    stateFile: value('state-file') || '.hands-off/command-target.json',
  };
}

/** `alarms` for CodeDeploy: one per line, at most 10 (its limit per deployment or group). */
export function parseCodeDeployAlarms(raw: string): string[] {
  const alarms = splitLines(raw);
  if (alarms.length > 10) {
    throw new InputError(
      'alarms',
      `${alarms.length} alarms given; CodeDeploy takes at most 10 per deployment: combine them in a composite alarm`,
      '`shop-onebox-composite`',
    );
  }
  return alarms;
}

/** Longest `timeout` of a deployment or rollback: a week (far beyond CodeDeploy's own limits). */
export const DEPLOY_MAX_TIMEOUT_MS = 7 * 86_400_000;
/** Longest `poll-interval`: an hour between status reads. */
export const MAX_POLL_INTERVAL_MS = 3_600_000;

/**
 * `timeout` and `poll-interval` of a deployment or rollback: a budget above 0 and at most a week,
 * polls 1 s to 1 h apart. Both stay far below Node's timer limit, so no deadline fires at once.
 */
export function parseTiming(
  timeout: string,
  pollInterval: string,
): { timeoutMs: number; pollIntervalMs: number } {
  const timeoutMs = parseDuration('timeout', timeout, { maxMs: DEPLOY_MAX_TIMEOUT_MS });
  const pollIntervalMs = parseDuration('poll-interval', pollInterval, { maxMs: MAX_POLL_INTERVAL_MS });
  if (timeoutMs <= 0) throw new InputError('timeout', 'must be longer than 0', '`1h`');
  if (pollIntervalMs < 1000) throw new InputError('poll-interval', 'is shorter than 1s', '`10s`');
  return { timeoutMs, pollIntervalMs };
}

/** `artifact` and `digest`: both or neither; the digest normalised to bare lower-case hex. */
export function parseArtifactDigest(
  artifact: string,
  rawDigest: string,
  signed = false,
): { artifact: string; digest: string } {
  const digest = parseDigest(rawDigest);
  // With a signature the artifact's digest comes from the signed statement; `digest` may be added.
  if (signed && digest === '') return { artifact, digest };
  if ((artifact === '') !== (digest === '')) {
    throw new InputError(
      artifact === '' ? 'artifact' : 'digest',
      'is needed with the other: the artifact is checked against its digest',
      '`artifact: build/shop.zip` with `digest: sha256:<hex>`',
    );
  }
  return { artifact, digest };
}

/** `sha256:<hex>` or bare hex, normalised to bare lower-case hex. */
function parseDigest(raw: string): string {
  if (raw === '') return '';
  const hex = raw.replace(/^sha256:/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new InputError(
      'digest',
      `\`${raw}\` is not a sha256 digest`,
      '`sha256:` followed by 64 hex digits',
    );
  }
  return hex;
}

/**
 * Checks the artifact against its digest before any API call. A mismatch is refused with one line
 * naming both digests: a deploy never ships bytes other than the ones that were built and signed.
 */
export async function verifyArtifact(artifact: string, digest: string): Promise<void> {
  let actual: string;
  try {
    actual = await sha256File(artifact);
  } catch (error) {
    const why = error instanceof InputFileProblem ? error.message : 'cannot be read';
    throw new InputError('artifact', `${quoteValue(artifact)} ${why}`, '`build/shop.zip`, a regular file', {
      cause: error,
    });
  }
  if (actual !== digest) {
    throw new InputError(
      'digest',
      `the artifact \`${artifact}\` has sha256:${actual}, not sha256:${digest}`,
      'the digest recorded when the artifact was built (`sha256:<hex>`)',
    );
  }
}
