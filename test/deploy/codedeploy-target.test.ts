import { describe, expect, it } from '@jest/globals';
import {
  CreateDeploymentCommand,
  StopDeploymentCommand,
  type RevisionLocation,
} from '@aws-sdk/client-codedeploy';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../packages/core/src/time/clock.js';
import { InputError } from '../../packages/core/src/errors.js';
import type {
  DeployRequest,
  DeploymentProgress,
  RollbackRequest,
} from '../../packages/core/src/deploy/deploy-target.js';
import {
  allAtOnceConfig,
  createCodeDeployTarget,
  type CodeDeployTargetOptions,
} from '../../packages/core/src/deploy/codedeploy-target.js';
import {
  describeRevision,
  parseCodeDeployRevision,
} from '../../packages/core/src/deploy/codedeploy-revision.js';
import {
  CodeDeployModel,
  s3Revision,
  type CodeDeployModelOptions,
  type SeededDeployment,
} from '../support/codedeploy-model.js';

const START = Date.parse('2026-11-20T10:00:00Z');
const V1 = 's3://shop-artifacts/app/v1.zip';
const V2 = 's3://shop-artifacts/app/v2.zip';
const V3 = 's3://shop-artifacts/app/v3.zip';
const ok = (name: string): SeededDeployment => ({ revision: s3Revision(name), status: 'Succeeded' });
const failed = (name: string): SeededDeployment => ({ revision: s3Revision(name), status: 'Failed' });

function setup(model: Partial<CodeDeployModelOptions> = {}, target: Partial<CodeDeployTargetOptions> = {}) {
  const clock = new ManualClock(START);
  const cd = new CodeDeployModel({ clock, ...model });
  const retries: string[] = [];
  const progress: DeploymentProgress[] = [];
  const codedeploy = createCodeDeployTarget({
    client: cd.client,
    application: 'shop',
    deploymentGroup: 'shop-onebox',
    clock,
    sleep: clock.sleep,
    random: () => 0.5,
    onRetry: (line) => retries.push(line),
    ...target,
  });
  const statuses = (): string[] =>
    progress.map((p) => `${p.deploymentId}:${p.status}`).filter((line, i, all) => line !== all[i - 1]);
  return {
    clock,
    cd,
    codedeploy,
    retries,
    progress,
    statuses,
    onProgress: (p: DeploymentProgress) => progress.push(p),
  };
}

function deployRequest(overrides: Partial<DeployRequest> = {}): DeployRequest {
  return {
    revision: V3,
    stage: 'one-box',
    timeoutMs: 600_000,
    pollIntervalMs: 10_000,
    autoRollback: true,
    ...overrides,
  };
}

function rollbackRequest(overrides: Partial<RollbackRequest> = {}): RollbackRequest {
  return {
    to: 'previous',
    deploymentId: '',
    reason: 'bake verdict unhealthy',
    timeoutMs: 600_000,
    pollIntervalMs: 10_000,
    ...overrides,
  };
}

describe('codedeploy target deploy', () => {
  it('deploy follows a deployment Created → InProgress → Succeeded and reads previousRevision from the group', async () => {
    const { cd, codedeploy, onProgress, progress } = setup();
    cd.seed([ok('v1'), ok('v2')]);
    const outcome = await codedeploy.deploy(deployRequest(), onProgress);
    expect(outcome).toMatchObject({
      status: 'Succeeded',
      revision: V3,
      previousRevision: V2,
      errorCode: '',
      rollbackDeploymentId: '',
    });
    expect(progress.map((p) => p.status).filter((s, i, all) => s !== all[i - 1])).toEqual([
      'Created',
      'InProgress',
      'Succeeded',
    ]);
    expect(progress.at(-1)).toMatchObject({ succeeded: 1, failed: 0, pending: 0 });
    expect(cd.created()).toEqual([
      expect.objectContaining({
        revision: s3Revision('v3'),
        autoRollbackConfiguration: {
          enabled: true,
          events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
        },
      }),
    ]);
    expect(cd.created()[0]).not.toHaveProperty('overrideAlarmConfiguration');
    expect(outcome.durationMs).toBe(30_000);
  });

  it('deploy reports Baking on ECS and sends an AppSpec file as content', async () => {
    const appspec = 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n';
    const revision = await parseCodeDeployRevision('revision', 'deploy/appspec.yaml', async () => appspec);
    const { cd, codedeploy, onProgress, progress } = setup(
      { computePlatform: 'ECS' },
      { revision, deploymentConfig: 'CodeDeployDefault.ECSCanary10Percent5Minutes' },
    );
    const outcome = await codedeploy.deploy(deployRequest({ revision: 'deploy/appspec.yaml' }), onProgress);
    expect(outcome.status).toBe('Succeeded');
    expect(progress.map((p) => p.status)).toContain('Baking');
    expect(cd.created()[0]).toMatchObject({
      deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appspec } },
    });
  });

  it('deploy stopped on alarm follows the rollback to its end and names ALARM_ACTIVE and the revision rolled back to', async () => {
    const { cd, codedeploy, onProgress, statuses } = setup({}, { alarms: ['shop-onebox-faults'] });
    cd.seed([ok('v1'), ok('v2')]);
    cd.script({ kind: 'alarm', alarm: 'shop-onebox-faults' });
    const outcome = await codedeploy.deploy(deployRequest(), onProgress);
    expect(cd.created()[0]).toMatchObject({
      overrideAlarmConfiguration: { enabled: true, alarms: [{ name: 'shop-onebox-faults' }] },
    });
    expect(outcome).toMatchObject({ status: 'Stopped', errorCode: 'ALARM_ACTIVE' });
    expect(outcome.rollbackDeploymentId).not.toBe('');
    expect(outcome.detail).toMatch(
      /^ALARM_ACTIVE: .*shop-onebox-faults — rolled back to s3:\/\/shop-artifacts\/app\/v2\.zip in 30 s$/,
    );
    // The rollback deployment was followed to its end, poll by poll.
    expect(statuses().at(-1)).toBe(`${outcome.rollbackDeploymentId}:Succeeded`);
  });

  it('deploy that fails reports the error code and the rollback, and without auto-rollback says there was none', async () => {
    const { cd, codedeploy, onProgress } = setup();
    cd.seed([ok('v1'), ok('v2')]);
    cd.script(
      { kind: 'fail', code: 'HEALTH_CONSTRAINTS' },
      { kind: 'fail', code: 'HOOK_EXECUTION_FAILURE', message: 'ValidateService failed' },
    );
    const outcome = await codedeploy.deploy(deployRequest(), onProgress);
    expect(outcome).toMatchObject({ status: 'Failed', errorCode: 'HEALTH_CONSTRAINTS' });
    expect(outcome.detail).toMatch(
      /^HEALTH_CONSTRAINTS: .* — rolled back to s3:\/\/shop-artifacts\/app\/v2\.zip in 30 s$/,
    );

    const second = await codedeploy.deploy(deployRequest({ autoRollback: false }), onProgress);
    expect(second).toMatchObject({
      status: 'Failed',
      errorCode: 'HOOK_EXECUTION_FAILURE',
      rollbackDeploymentId: '',
    });
    expect(second.detail).toBe('HOOK_EXECUTION_FAILURE: ValidateService failed — no rollback');
    expect(cd.created()[1]).not.toHaveProperty('autoRollbackConfiguration');
  });

  it('deploy out of time stops with rollback, waits for Stopped and the rollback deployment, and reports TIMEOUT', async () => {
    const { cd, codedeploy, onProgress, statuses } = setup();
    cd.seed([ok('v1'), ok('v2')]);
    cd.script({ kind: 'hang' });
    const outcome = await codedeploy.deploy(deployRequest({ timeoutMs: 60_000 }), onProgress);
    const stops = cd.mock.commandCalls(StopDeploymentCommand);
    expect(stops.map((c) => c.args[0].input)).toEqual([
      { deploymentId: outcome.deploymentId, autoRollbackEnabled: true },
    ]);
    expect(outcome).toMatchObject({ status: 'Stopped', errorCode: 'TIMEOUT' });
    expect(outcome.rollbackDeploymentId).not.toBe('');
    expect(outcome.detail).toMatch(
      /^TIMEOUT: deployment d-\d+ did not finish within 60 s; stopped — rolled back to s3:\/\/shop-artifacts\/app\/v2\.zip in 30 s$/,
    );
    // The stop is asynchronous: one more InProgress read before Stopped.
    expect(statuses()).toEqual(
      expect.arrayContaining([
        `${outcome.deploymentId}:Stopped`,
        `${outcome.rollbackDeploymentId}:Succeeded`,
      ]),
    );
  });

  it('deploy whose late stop meets DeploymentAlreadyCompletedException reports the real end', async () => {
    const { cd, codedeploy, onProgress } = setup();
    cd.seed([ok('v1'), ok('v2')]);
    cd.script({ kind: 'finish-before-stop' });
    const outcome = await codedeploy.deploy(deployRequest({ timeoutMs: 60_000 }), onProgress);
    expect(cd.mock.commandCalls(StopDeploymentCommand)).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'Succeeded', errorCode: '', rollbackDeploymentId: '' });
    expect(outcome.detail).toMatch(
      /^the deployment ended before the stop landed: deployment d-\d+ of .*v3\.zip succeeded/,
    );
  });

  it('deploy re-run attaches to the same revision in flight or succeeded, and retries a failed one', async () => {
    // In flight: a deployment of v3 started by an earlier run of the job.
    const inFlight = setup();
    inFlight.cd.seed([ok('v2')]);
    const earlier = await inFlight.cd.client.send(
      new CreateDeploymentCommand({
        applicationName: 'shop',
        deploymentGroupName: 'shop-onebox',
        revision: s3Revision('v3'),
      }),
    );
    inFlight.clock.advance(6_000);
    const attached = await inFlight.codedeploy.deploy(deployRequest(), inFlight.onProgress);
    expect(attached).toMatchObject({
      deploymentId: earlier.deploymentId,
      status: 'Succeeded',
      previousRevision: V2,
    });
    expect(inFlight.cd.mock.commandCalls(CreateDeploymentCommand)).toHaveLength(1);

    const succeeded = setup();
    const [, v3] = succeeded.cd.seed([ok('v1'), ok('v3')]);
    const again = await succeeded.codedeploy.deploy(deployRequest(), succeeded.onProgress);
    expect(again).toMatchObject({ deploymentId: v3, status: 'Succeeded', previousRevision: V1 });
    expect(succeeded.cd.created()).toHaveLength(0);

    const retried = setup();
    const [, v3failed] = retried.cd.seed([ok('v2'), failed('v3')]);
    const fresh = await retried.codedeploy.deploy(deployRequest(), retried.onProgress);
    expect(fresh.deploymentId).not.toBe(v3failed);
    expect(fresh).toMatchObject({ status: 'Succeeded', previousRevision: V2 });
    expect(retried.cd.created()).toHaveLength(1);
  });

  it('deploy retries throttled calls and logs each retry', async () => {
    const { cd, codedeploy, onProgress, retries } = setup();
    cd.seed([ok('v2')]);
    cd.throttle(3);
    const outcome = await codedeploy.deploy(deployRequest(), onProgress);
    expect(outcome.status).toBe('Succeeded');
    expect(retries).toHaveLength(3);
    expect(retries[0]).toMatch(
      /^GetDeploymentGroup: attempt 1\/6 failed \(ThrottlingException: Rate exceeded\); retrying in \d+ ms$/,
    );
  });

  it('createCodeDeployTarget refuses more than 10 alarms before any call, suggesting a composite alarm', () => {
    const clock = new ManualClock(START);
    const cd = new CodeDeployModel({ clock });
    const alarms = Array.from({ length: 11 }, (_, i) => `alarm-${i}`);
    const make = () =>
      createCodeDeployTarget({
        client: cd.client,
        application: 'shop',
        deploymentGroup: 'g',
        alarms,
        clock,
        sleep: clock.sleep,
      });
    expect(make).toThrow(InputError);
    expect(make).toThrow(/^input `alarms`: 11 alarms given, CodeDeploy takes at most 10 .*composite alarm/);
    expect(cd.mock.calls()).toHaveLength(0);
  });
});

describe('codedeploy target rollback', () => {
  it('rollback of an in-flight deployment stops it with rollback and follows the rollback CodeDeploy starts', async () => {
    const { cd, codedeploy, onProgress } = setup();
    cd.seed([ok('v1'), ok('v2')]);
    cd.script({ kind: 'hang' });
    const { deploymentId } = await cd.client.send(
      new CreateDeploymentCommand({
        applicationName: 'shop',
        deploymentGroupName: 'shop-onebox',
        revision: s3Revision('v3'),
      }),
    );
    const outcome = await codedeploy.rollback(rollbackRequest({ deploymentId: deploymentId! }), onProgress);
    expect(cd.mock.commandCalls(StopDeploymentCommand).map((c) => c.args[0].input)).toEqual([
      { deploymentId, autoRollbackEnabled: true },
    ]);
    expect(outcome).toMatchObject({ status: 'Succeeded', rolledBackTo: V2, rolledBackFrom: V3, noop: false });
    expect(
      cd.deployments.get(outcome.rollbackDeploymentId)?.rollbackInfo?.rollbackTriggeringDeploymentId,
    ).toBe(deploymentId);
    expect(outcome.detail).toMatch(
      /^stopped d-\d+ \(bake verdict unhealthy\) — rolled back to .*v2\.zip in 30 s$/,
    );
    expect(cd.mock.commandCalls(CreateDeploymentCommand)).toHaveLength(1);
  });

  it.each([
    ['the newest failed: the one before it', [ok('v1'), ok('v2'), failed('v3')], V2, V3],
    ['the newest succeeded: the successful one before it', [ok('v1'), ok('v2'), ok('v3')], V2, V3],
    ['failures in between are skipped', [ok('v1'), failed('v2'), failed('v4'), ok('v3')], V1, V3],
  ])(
    'rollback to previous picks the newest successful deployment other than the newest (%s)',
    async (_, history, to, from) => {
      const { cd, codedeploy, onProgress } = setup({ pageSize: 1 });
      cd.seed(history);
      const outcome = await codedeploy.rollback(rollbackRequest(), onProgress);
      expect(outcome).toMatchObject({
        status: 'Succeeded',
        rolledBackTo: to,
        rolledBackFrom: from,
        noop: false,
      });
      expect(cd.created()).toEqual([
        expect.objectContaining({
          revision: expect.objectContaining({
            s3Location: expect.objectContaining({ key: to.slice('s3://shop-artifacts/'.length) }),
          }),
        }),
      ]);
      // A firing alarm from the bad revision must not stop the fix.
      expect(cd.created()[0]).toMatchObject({ overrideAlarmConfiguration: { enabled: false } });
    },
  );

  it('rollback is a no-op when the group already runs the target revision', async () => {
    const explicit = setup();
    explicit.cd.seed([ok('v1'), ok('v2')]);
    const outcome = await explicit.codedeploy.rollback(rollbackRequest({ to: V2 }), explicit.onProgress);
    expect(outcome).toMatchObject({
      noop: true,
      status: 'Succeeded',
      rolledBackTo: V2,
      rollbackDeploymentId: '',
    });
    expect(outcome.detail).toMatch(/already runs s3:\/\/shop-artifacts\/app\/v2\.zip .*nothing to roll back/);
    expect(explicit.cd.created()).toHaveLength(0);

    // After CodeDeploy's own rollback of v3 the newest deployment is v2 again: `previous` is v2, nothing to do.
    const afterAutoRollback = setup();
    afterAutoRollback.cd.seed([
      ok('v1'),
      ok('v2'),
      { revision: s3Revision('v3'), status: 'Stopped', code: 'ALARM_ACTIVE' },
      ok('v2'),
    ]);
    const previous = await afterAutoRollback.codedeploy.rollback(
      rollbackRequest(),
      afterAutoRollback.onProgress,
    );
    expect(previous).toMatchObject({ noop: true, rolledBackTo: V2 });
    expect(afterAutoRollback.cd.created()).toHaveLength(0);
  });

  it('rollback to previous without any earlier success refuses with an InputError naming `to`', async () => {
    const { cd, codedeploy, onProgress } = setup();
    cd.seed([ok('v1')]);
    await expect(codedeploy.rollback(rollbackRequest(), onProgress)).rejects.toThrow(
      /^input `to`: `previous`: shop-onebox has no successful deployment before d-\d+/,
    );
  });

  it('allAtOnceConfig names the all-at-once config of each compute platform', () => {
    expect(allAtOnceConfig('Server')).toBe('CodeDeployDefault.AllAtOnce');
    expect(allAtOnceConfig('Lambda')).toBe('CodeDeployDefault.LambdaAllAtOnce');
    expect(allAtOnceConfig('ECS')).toBe('CodeDeployDefault.ECSAllAtOnce');
  });
});

describe('parseCodeDeployRevision', () => {
  const noFiles = async (path: string): Promise<string> => {
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };

  it.each<[string, RevisionLocation]>([
    [
      V1,
      { revisionType: 'S3', s3Location: { bucket: 'shop-artifacts', key: 'app/v1.zip', bundleType: 'zip' } },
    ],
    [
      's3://b-1/a/b.tar',
      { revisionType: 'S3', s3Location: { bucket: 'b-1', key: 'a/b.tar', bundleType: 'tar' } },
    ],
    [
      's3://b-1/a/b.tgz?version=3HL4kqt',
      {
        revisionType: 'S3',
        s3Location: { bucket: 'b-1', key: 'a/b.tgz', bundleType: 'tgz', version: '3HL4kqt' },
      },
    ],
    [
      's3://b-1/a/b.tar.gz?version=7&etag=abc123',
      {
        revisionType: 'S3',
        s3Location: { bucket: 'b-1', key: 'a/b.tar.gz', bundleType: 'tgz', version: '7', eTag: 'abc123' },
      },
    ],
    [
      'github:acme/shop@0123456789abcdef0123456789abcdef01234567',
      {
        revisionType: 'GitHub',
        gitHubLocation: { repository: 'acme/shop', commitId: '0123456789abcdef0123456789abcdef01234567' },
      },
    ],
  ])('parseCodeDeployRevision reads %s and describeRevision gives it back', async (raw, expected) => {
    const location = await parseCodeDeployRevision('revision', raw, noFiles);
    expect(location).toEqual(expected);
    expect(describeRevision(location)).toBe(raw);
  });

  it('parseCodeDeployRevision sends a YAML or JSON AppSpec file as content with its sha256', async () => {
    const json = '{"version":0.0,"Resources":[{"myLambda":{"Type":"AWS::Lambda::Function"}}]}';
    const location = await parseCodeDeployRevision('revision', 'deploy/appspec.json', async () => json);
    expect(location).toEqual({
      revisionType: 'AppSpecContent',
      appSpecContent: { content: json, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(describeRevision(location)).toMatch(/^appspec sha256:[0-9a-f]{12}$/);
  });

  it.each([
    ['', /is empty/],
    ['http://shop-artifacts/app/v1.zip', /is not an S3 bundle URL/],
    ['s3://shop-artifacts/app/v1.rar', /must end in \.zip, \.tar, \.tgz or \.tar\.gz/],
    ['s3://Shop_Artifacts/app/v1.zip', /no valid bucket name/],
    ['s3://shop-artifacts', /no object key/],
    ['s3://shop-artifacts/v1.zip?branch=main', /unknown parameter "branch"/],
    ['github:acme/shop@main', /is not github:owner\/repo@<40-hex commit sha>/],
    ['deploy/appspec.yaml', /cannot read AppSpec file "deploy\/appspec.yaml" \(ENOENT/],
  ])('parseCodeDeployRevision refuses %j', async (raw, problem) => {
    const refusal = parseCodeDeployRevision('revision', raw, noFiles);
    await expect(refusal).rejects.toThrow(InputError);
    await expect(refusal).rejects.toThrow(problem);
  });

  it('parseCodeDeployRevision refuses an AppSpec without Resources or that is not YAML', async () => {
    await expect(parseCodeDeployRevision('revision', 'a.yml', async () => 'version: 0.0\n')).rejects.toThrow(
      /no `Resources` section/,
    );
    await expect(parseCodeDeployRevision('revision', 'a.yml', async () => 'a: [\n')).rejects.toThrow(
      /neither YAML nor JSON/,
    );
  });

  it('parseCodeDeployRevision answers anything invalid with one line starting "input `revision`:"', async () => {
    const anything = fc.oneof(
      fc.string(),
      fc.string().map((s) => `s3://${s}`),
      fc.string().map((s) => `github:${s}`),
      fc.string().map((s) => `${s}.yaml`),
      fc.string().map((s) => `s3://shop-artifacts/app.zip?${s}`),
    );
    await fc.assert(
      fc.asyncProperty(anything, async (raw) => {
        try {
          const location = await parseCodeDeployRevision('revision', raw, noFiles);
          // Only a well-formed S3 URL or GitHub commit can pass without a file.
          expect(describeRevision(location)).toMatch(/^(s3:\/\/|github:)/);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const message = (error as InputError).message;
          expect(message.startsWith('input `revision`: ')).toBe(true);
          expect(message).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [
      'a FIFO',
      (path: string) => execFileSync('mkfifo', [path]),
      /AppSpec file ".*appspec\.yaml" is not a regular file \(a FIFO\)/,
    ],
    [
      'a file over 1 MiB',
      (path: string) => writeFileSync(path, `Resources: []\n#${'x'.repeat(1024 * 1024)}\n`),
      /AppSpec file ".*appspec\.yaml" is larger than the 1 MiB limit/,
    ],
  ])(
    'parseCodeDeployRevision refuses %s as the AppSpec file at once, with one line',
    async (_kind, make, problem) => {
      const path = join(mkdtempSync(join(tmpdir(), 'appspec-')), 'appspec.yaml');
      make(path);
      try {
        // Bounded: before, a FIFO blocked the read forever.
        const refusal = Promise.race([
          parseCodeDeployRevision('revision', path),
          new Promise((_resolve, reject) =>
            setTimeout(() => reject(new Error('still reading after 3 s')), 3000),
          ),
        ]);
        await expect(refusal).rejects.toThrow(InputError);
        await expect(refusal).rejects.toThrow(problem);
        await expect(refusal).rejects.toThrow(/^input `revision`: [^\n]+$/);
      } finally {
        // A reader still blocked on the FIFO (the old behaviour) gets its end of file.
        try {
          closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
        } catch {
          // ENXIO: nobody is reading it, as it should be.
        }
      }
    },
  );
});
