import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeploymentCommand, StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { ExitCode, ManualClock, deployStep, rollbackStep, runStep } from '@hands-off/core';
import type { Exec } from '../../packages/core/src/deploy/node-exec.js';
import { CodeDeployModel, s3Revision, type SeededDeployment } from '../support/codedeploy-model.js';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { memoryRuntime } from '../support/memory-runtime.js';
import { ROOT } from '../support/run-action.js';

const START = Date.parse('2026-11-23T10:00:00Z');
const ok = (name: string): SeededDeployment => ({ revision: s3Revision(name), status: 'Succeeded' });
const CODEDEPLOY = {
  target: 'codedeploy',
  application: 'shop',
  'deployment-group': 'shop-onebox',
  'poll-interval': '10s',
};

describe('one-box-deploy and rollback on CodeDeploy (stateful model of the API)', () => {
  it('deploys, follows the deployment to Succeeded with a progress line per poll, and reports every output', async () => {
    const clock = new ManualClock(START);
    const model = new CodeDeployModel({ clock });
    model.seed([ok('v1')]);
    const runtime = memoryRuntime({ ...CODEDEPLOY, revision: 's3://shop-artifacts/app/v2.zip' });
    const code = await runStep(
      deployStep({ clock, sleep: clock.sleep, codeDeploy: async () => model.client }),
      runtime,
    );
    expect(code).toBe(ExitCode.Ok);
    expect(runtime.outputs.get('status')).toBe('Succeeded');
    expect(runtime.outputs.get('previous-revision')).toBe('s3://shop-artifacts/app/v1.zip');
    expect(runtime.getState('deployment-id')).toBe(runtime.outputs.get('deployment-id'));
    expect(
      runtime.lines.filter((l) => /^deploy d-\S+ (Created|Queued|InProgress|Succeeded) · /.test(l.text))
        .length,
    ).toBeGreaterThan(2);
  });

  it('a deployment stopped on alarm is followed through its rollback, and the step fails naming both', async () => {
    const clock = new ManualClock(START);
    const model = new CodeDeployModel({ clock });
    model.seed([ok('v1')]);
    model.script({ kind: 'alarm', alarm: 'shop-onebox-faults' });
    const runtime = memoryRuntime({
      ...CODEDEPLOY,
      revision: 's3://shop-artifacts/app/v2.zip',
      alarms: 'shop-onebox-faults',
    });
    const code = await runStep(
      deployStep({ clock, sleep: clock.sleep, codeDeploy: async () => model.client }),
      runtime,
    );
    expect(code).toBe(ExitCode.Refused);
    expect(runtime.outputs.get('status')).toBe('Stopped');
    expect(runtime.outputs.get('rollback-deployment-id')).toMatch(/^d-/);
    expect(runtime.lines.find((l) => l.level === 'error')?.text).toMatch(
      /ALARM_ACTIVE.*rolled back to s3:\/\/shop-artifacts\/app\/v1\.zip/,
    );
  });

  it('the post step after a cancel stops the in-flight deployment with rollback and follows the rollback', async () => {
    const clock = new ManualClock(START);
    const model = new CodeDeployModel({ clock });
    model.seed([ok('v1')]);
    model.script({ kind: 'hang' });
    const created = await model.client.send(
      new CreateDeploymentCommand({
        applicationName: 'shop',
        deploymentGroupName: 'shop-onebox',
        revision: s3Revision('v2'),
        autoRollbackConfiguration: {
          enabled: true,
          events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
        },
      }),
    );
    // What the main run left: it started the deployment and was cancelled before it finished.
    const runtime = memoryRuntime({ ...CODEDEPLOY, revision: 's3://shop-artifacts/app/v2.zip' });
    runtime.saveState('phase', 'main');
    runtime.saveState('deployment-id', created.deploymentId as string);
    const code = await runStep(
      deployStep({ clock, sleep: clock.sleep, codeDeploy: async () => model.client }),
      runtime,
    );
    expect(code).toBe(ExitCode.Ok); // a post step warns, it does not fail the job again
    const stops = model.mock.commandCalls(StopDeploymentCommand).map((c) => c.args[0].input);
    expect(stops).toEqual([{ deploymentId: created.deploymentId, autoRollbackEnabled: true }]);
    expect(runtime.lines.map((l) => l.text).join('\n')).toMatch(
      /one-box-deploy \(post\): rollback Succeeded: .*s3:\/\/shop-artifacts\/app\/v1\.zip/,
    );
  });

  it('after a CodeDeploy rollback the alarms get a short check: passing once they clear, failing if they do not', async () => {
    const alarmReads = (states: string[]) => {
      let read = 0;
      return async () =>
        ({
          send: async () => ({
            MetricAlarms: [
              { AlarmName: 'shop-onebox-faults', StateValue: states[Math.min(read++, states.length - 1)] },
            ],
          }),
        }) as never;
    };
    const rollBack = async (states: string[]) => {
      const clock = new ManualClock(START);
      const model = new CodeDeployModel({ clock });
      model.seed([ok('v1'), { revision: s3Revision('v2'), status: 'Failed', code: 'ALARM_ACTIVE' }]);
      const runtime = memoryRuntime({
        ...CODEDEPLOY,
        alarms: 'shop-onebox-faults',
        reason: 'bake unhealthy',
      });
      const code = await runStep(
        rollbackStep({
          clock,
          sleep: clock.sleep,
          codeDeploy: async () => model.client,
          cloudWatch: alarmReads(states),
        }),
        runtime,
      );
      return { code, runtime };
    };
    const clears = await rollBack(['ALARM', 'ALARM', 'OK']);
    expect(clears.code).toBe(ExitCode.Ok);
    expect(
      clears.runtime.lines.filter((l) => /alarm check: still firing: shop-onebox-faults/.test(l.text)),
    ).toHaveLength(2);
    expect(clears.runtime.lines.some((l) => /alarm check: all clear/.test(l.text))).toBe(true);

    const stuck = await rollBack(['ALARM']);
    expect(stuck.code).toBe(ExitCode.Refused);
    expect(stuck.runtime.outputs.get('status')).toBe('Succeeded'); // the rollback deployment itself succeeded
    expect(stuck.runtime.lines.find((l) => l.level === 'error')?.text).toMatch(
      /^rollback: rolled back to s3:\/\/shop-artifacts\/app\/v1\.zip in \d+ s, but shop-onebox-faults after 300 s$/,
    );
  });

  it('rollback `to: previous` returns to the newest successful revision other than the newest deployment', async () => {
    const clock = new ManualClock(START);
    const model = new CodeDeployModel({ clock });
    model.seed([
      ok('v1'),
      ok('v2'),
      { revision: s3Revision('v3'), status: 'Failed', code: 'HEALTH_CONSTRAINTS' },
    ]);
    const runtime = memoryRuntime({ ...CODEDEPLOY, reason: 'bake unhealthy' });
    const code = await runStep(
      rollbackStep({ clock, sleep: clock.sleep, codeDeploy: async () => model.client }),
      runtime,
    );
    expect(code).toBe(ExitCode.Ok);
    expect(runtime.outputs.get('rolled-back-to')).toBe('s3://shop-artifacts/app/v2.zip');
    expect(model.created().at(-1)?.deploymentConfigName).toMatch(/AllAtOnce$/); // fast
  });
});

/** Bad values by input, each wrong by construction; `base` makes every other input valid. */
const noise = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() !== '' && !s.trim().startsWith('#'));
const COMMAND = {
  target: 'command',
  hosts: 'app-1\napp-2\napp-3',
  'deploy-command': './deploy.sh',
  revision: 'v2',
};
const DEPLOY_BAD: Record<string, { values: fc.Arbitrary<string>; base?: Record<string, string> }> = {
  target: { values: noise.filter((s) => !['codedeploy', 'command'].includes(s.trim())) },
  revision: { values: fc.constantFrom('', ' ', 'v2\nv3') },
  application: {
    values: fc.constant(''),
    base: { target: 'codedeploy', 'deployment-group': 'g', revision: 's3://b/k.zip' },
  },
  'deployment-group': {
    values: fc.constant(''),
    base: { target: 'codedeploy', application: 'a', revision: 's3://b/k.zip' },
  },
  'aws-region': {
    values: fc.constantFrom('mars-1', 'eu-west', 'EU-WEST-1', 'eu west 1'),
    base: { target: 'codedeploy', application: 'a', 'deployment-group': 'g', revision: 's3://b/k.zip' },
  },
  stage: { values: noise.filter((s) => !['one-box', 'fleet'].includes(s.trim())) },
  alarms: {
    values: fc
      .integer({ min: 11, max: 30 })
      .map((n) => Array.from({ length: n }, (_, i) => `a${i}`).join('\n')),
  },
  'auto-rollback': { values: noise.filter((s) => !/^(true|yes|on|1|false|no|off|0)$/i.test(s.trim())) },
  timeout: { values: fc.constantFrom('0', 'soon', '10') },
  'poll-interval': { values: fc.constantFrom('500ms', 'often', '0') },
  digest: {
    values: fc.constantFrom('sha256:abc', 'md5:00', 'x'.repeat(64)),
    base: { artifact: 'build/a.zip' },
  },
  artifact: { values: fc.constant('build/a.zip') },
  hosts: { values: fc.constantFrom('', 'app 1', 'a\na', 'bad/host') },
  'deploy-command': { values: fc.constantFrom('', './d.sh | tee x', './d.sh && x', 'ssh $HOST') },
  'health-command': { values: fc.constantFrom('./h.sh > out', 'curl $HANDS_OFF_HOST') },
  'one-box-count': { values: fc.constantFrom('0', 'one', '3', '-1') },
  'batch-size': { values: fc.constantFrom('150%', 'half', '-2') },
  'min-healthy': { values: fc.constantFrom('101%', 'most') },
  mode: { values: noise.filter((s) => !['enforce', 'dry-run'].includes(s.trim())) },
};

describe('every one-box-deploy input, fuzzed', () => {
  it.each(Object.keys(DEPLOY_BAD))(
    'a bad `%s` gives one line naming it, exit 1, and nothing is run or called',
    async (input) => {
      const spec = DEPLOY_BAD[input] as (typeof DEPLOY_BAD)[string];
      await fc.assert(
        fc.asyncProperty(spec.values, async (value) => {
          const calls: string[] = [];
          const exec: Exec = async (file) => {
            calls.push(file);
            return { exitCode: 0, output: '' };
          };
          const runtime = memoryRuntime({ ...COMMAND, ...spec.base, [input]: value });
          const step = deployStep({
            exec,
            codeDeploy: async () => (calls.push('codedeploy'), { send: async () => ({}) }) as never,
          });
          const code = await runStep(step, runtime);
          const errors = runtime.lines.filter((l) => l.level === 'error');
          expect(code).toBe(ExitCode.Error);
          expect(errors).toHaveLength(1);
          expect(errors[0]?.text).toMatch(
            /^one-box-deploy: input `[a-z-]+`: .+; example of a valid value: .+/,
          );
          const named =
            input === 'artifact'
              ? '(artifact|digest)'
              : input === 'min-healthy' && value === '101%'
                ? 'min-healthy'
                : input;
          expect(errors[0]?.text).toMatch(new RegExp(`input \`${named}\``));
          expect(calls).toEqual([]);
        }),
        { numRuns: 15 },
      );
    },
  );
});

describe('rollback inputs', () => {
  it.each([
    ['target', 'git'],
    ['to', 'v1\nv2'],
    ['fast', 'quickly'],
    ['timeout', 'forever'],
    ['timeout', '25d'],
    ['timeout', '99999999d'],
    ['poll-interval', '1ms'],
    ['poll-interval', '25d'],
    ['hosts', ''],
    ['hosts', '-oProxyCommand=evil'],
    ['deploy-command', './d.sh\n./e.sh'],
    ['deploy-command', `./d.sh ${'x'.repeat(100_000)}`],
    ['deploy-command', './r.sh; reboot'],
    ['mode', 'maybe'],
    ['digest', 'sha1:00'],
    ['aws-region', 'moon-1'],
  ])('a bad `%s` (%j) gives one line naming it, exit 1, nothing run', async (input, value) => {
    const calls: string[] = [];
    const exec: Exec = async (file) => (calls.push(file), { exitCode: 0, output: '' });
    const runtime = memoryRuntime({
      target: 'command',
      hosts: 'app-1',
      'deploy-command': './d.sh',
      artifact: input === 'digest' ? 'a.zip' : '',
      [input]: value,
    });
    expect(await runStep(rollbackStep({ exec }), runtime)).toBe(ExitCode.Error);
    const errors = runtime.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.text).toMatch(new RegExp(`^rollback: input \`${input}\`: `));
    expect(calls).toEqual([]);
  });
});

describe('rollback on CodeDeploy checks its inputs before any API call', () => {
  it.each([
    ['application', { application: '' }],
    ['deployment-group', { 'deployment-group': '' }],
    ['timeout', { timeout: '25d' }],
  ])('a missing or bad `%s` is one line, exit 1, and CodeDeploy is never called', async (input, bad) => {
    const clock = new ManualClock(START);
    const model = new CodeDeployModel({ clock });
    model.seed([ok('v1'), ok('v2')]);
    const runtime = memoryRuntime({ ...CODEDEPLOY, ...bad });
    const code = await runStep(
      rollbackStep({ clock, sleep: clock.sleep, codeDeploy: async () => model.client }),
      runtime,
    );
    expect(code).toBe(ExitCode.Error);
    const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^rollback: input \\\`${input}\\\`: `));
    expect(model.mock.calls()).toHaveLength(0);
  });

  it('an AWS error reading the deployment group is one line naming the call, never "unexpected failure"', async () => {
    const runtime = memoryRuntime({ ...CODEDEPLOY });
    const failing = {
      send: async () => {
        throw Object.assign(new Error('No deployment group found for name: shop-onebox'), {
          name: 'DeploymentGroupDoesNotExistException',
        });
      },
    };
    const code = await runStep(rollbackStep({ codeDeploy: async () => failing as never }), runtime);
    expect(code).toBe(ExitCode.Error);
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      'rollback: CodeDeploy GetDeploymentGroup shop/shop-onebox failed: DeploymentGroupDoesNotExistException: No deployment group found for name: shop-onebox',
    ]);
  });
});

/** The variables the AWS SDK takes a region from, cleared for a test and put back after it. */
const REGION_SOURCES = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE'] as const;

describe('the CodeDeploy region: `aws-region`, else AWS_REGION, else AWS_DEFAULT_REGION', () => {
  const saved = Object.fromEntries(REGION_SOURCES.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of REGION_SOURCES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  /** No region anywhere the SDK looks: no variable, no profile, an AWS config file that does not exist. */
  const noRegionAnywhere = (): void => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = join(mkdtempSync(join(tmpdir(), 'no-aws-config-')), 'config');
  };

  it.each([
    ['one-box-deploy', () => deployStep({ commandEnv: {} }), { revision: 's3://shop-builds/shop-v2.zip' }],
    ['rollback', () => rollbackStep({ commandEnv: {} }), {}],
  ])(
    '%s with no region anywhere stops with one line naming `aws-region` and an example, exit 1, before any call',
    async (step, create, extra) => {
      noRegionAnywhere();
      const runtime = memoryRuntime({ ...CODEDEPLOY, ...extra });
      expect(await runStep(create(), runtime)).toBe(ExitCode.Error);
      const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
      expect(errors).toEqual([
        `${step}: input \`aws-region\`: is needed with \`target: codedeploy\`: no region in the input, AWS_REGION, ` +
          'AWS_DEFAULT_REGION or the AWS config file; example of a valid value: `aws-region: eu-west-1`',
      ]);
      expect(errors.join('\n')).not.toMatch(/unexpected failure|Region is missing/);
    },
  );

  it.each([
    [
      'the input',
      { 'aws-region': 'eu-west-1' },
      { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-2' },
      'eu-west-1',
    ],
    ['AWS_REGION', {}, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-2' }, 'us-east-1'],
    ['AWS_DEFAULT_REGION', {}, { AWS_DEFAULT_REGION: 'us-east-2' }, 'us-east-2'],
    ['nothing: the SDK’s own sources', {}, {}, ''],
  ])(
    'the client gets its region from %s, in one-box-deploy and rollback',
    async (_from, inputs, jobEnv, region) => {
      const clock = new ManualClock(START);
      const model = new CodeDeployModel({ clock });
      model.seed([ok('v1'), ok('v2')]);
      const regions: string[] = [];
      const codeDeploy = async (given: string) => (regions.push(given), model.client);
      const deploy = memoryRuntime({ ...CODEDEPLOY, ...inputs, revision: 's3://b/v3.zip', mode: 'dry-run' });
      expect(
        await runStep(deployStep({ clock, sleep: clock.sleep, codeDeploy, commandEnv: jobEnv }), deploy),
      ).toBe(ExitCode.Ok);
      const rollback = memoryRuntime({ ...CODEDEPLOY, ...inputs, fast: 'false' });
      expect(
        await runStep(rollbackStep({ clock, sleep: clock.sleep, codeDeploy, commandEnv: jobEnv }), rollback),
      ).toBe(ExitCode.Ok);
      expect(regions).toEqual([region, region]);
    },
  );

  it('a real client takes AWS_DEFAULT_REGION from the job, which the SDK itself does not read', async () => {
    noRegionAnywhere();
    const runtime = memoryRuntime({ ...CODEDEPLOY, revision: 's3://b/v2.zip', mode: 'dry-run' });
    const code = await runStep(deployStep({ commandEnv: { AWS_DEFAULT_REGION: 'eu-north-1' } }), runtime);
    expect(runtime.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
  });
});

describe('one-box-deploy with the command target: locks, commands that cannot start, artifacts that are no files', () => {
  let fleet: LocalFleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });
  const node = JSON.stringify(process.execPath);
  const fleetInputs = (f: LocalFleet) => ({
    target: 'command',
    hosts: f.hosts.join('\n'),
    'deploy-command': `${node} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`,
    'health-command': `${node} ${join(ROOT, 'test/support/fleet-health.mjs')}`,
  });
  const fleetEnv = (f: LocalFleet) => ({
    PATH: process.env.PATH ?? '',
    FLEET_DIR: f.dir,
    FLEET_DEPLOY_MS: '50',
  });

  it('a second run on a state file in use is refused with one line naming the owner, exit 1, nothing run', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-lock-'));
    mkdirSync(join(workspace, '.hands-off'));
    writeFileSync(
      join(workspace, '.hands-off/command-target.json.lock'),
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: new Date().toISOString(),
        budgetMs: 3_600_000,
      }),
    );
    const calls: string[] = [];
    const exec: Exec = async (file) => (calls.push(file), { exitCode: 0, output: '' });
    const runtime = memoryRuntime({ ...COMMAND }, { workspace });
    expect(await runStep(deployStep({ exec }), runtime)).toBe(ExitCode.Error);
    const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^one-box-deploy: state file \\S+command-target\\.json is in use by another run \\(pid ${process.pid} on `,
      ),
    );
    expect(calls).toEqual([]);
  });

  it('a health command that cannot start after v2 reached the host is a failed deployment: exit 2, rollback, outputs and state written', async () => {
    fleet = await startLocalFleet(2);
    const f = fleet;
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-spawn-'));
    const first = memoryRuntime({ ...fleetInputs(f), revision: 'v1' }, { workspace });
    expect(await runStep(deployStep({ commandEnv: fleetEnv(f) }), first)).toBe(ExitCode.Ok);
    // A program name longer than a path component: spawn throws ENAMETOOLONG.
    const runtime = memoryRuntime(
      { ...fleetInputs(f), revision: 'v2', 'health-command': 'h'.repeat(300) },
      { workspace },
    );
    expect(await runStep(deployStep({ commandEnv: fleetEnv(f) }), runtime)).toBe(ExitCode.Refused);
    const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^one-box-deploy: Failed: HEALTH_CHECK_FAILED: \S+: cannot start h+: .*ENAMETOOLONG/,
    );
    expect(errors[0]).not.toMatch(/unexpected failure/);
    expect(runtime.outputs.get('status')).toBe('Failed');
    expect(runtime.outputs.get('previous-revision')).toBe('v1');
    expect(runtime.outputs.get('rollback-deployment-id')).toMatch(/^cmd-.*-rollback$/);
    expect(await f.serving(f.hosts[0] as string)).toBe('v1');
    const state = JSON.parse(readFileSync(join(workspace, '.hands-off/command-target.json'), 'utf8')) as {
      deployments: { status: string }[];
    };
    expect(state.deployments.map((d) => d.status)).not.toContain('InProgress');
  });

  it.each([
    ['/dev/zero', () => '/dev/zero', 'a character device'],
    [
      'a FIFO',
      () => {
        const path = join(mkdtempSync(join(tmpdir(), 'artifact-')), 'shop.zip');
        execFileSync('mkfifo', [path]);
        return path;
      },
      'a FIFO',
    ],
  ])('`artifact: %s` is refused at once with one line, exit 1, nothing run', async (_name, make, kind) => {
    const artifact = make();
    const calls: string[] = [];
    const exec: Exec = async (file) => (calls.push(file), { exitCode: 0, output: '' });
    const runtime = memoryRuntime({ ...COMMAND, artifact, digest: `sha256:${'0'.repeat(64)}` });
    try {
      // Bounded: before, /dev/zero was hashed forever and a FIFO blocked.
      const code = await Promise.race([
        runStep(deployStep({ exec }), runtime),
        new Promise((resolve) => setTimeout(() => resolve('still hashing after 3 s'), 3000)),
      ]);
      expect(code).toBe(ExitCode.Error);
      expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
        `one-box-deploy: input \`artifact\`: \`${artifact}\` is not a regular file (${kind}); example of a valid value: \`build/shop.zip\`, a regular file`,
      ]);
      expect(calls).toEqual([]);
    } finally {
      try {
        closeSync(openSync(artifact, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO (nobody reads the FIFO) or /dev/zero: nothing to release.
      }
    }
  });
});
