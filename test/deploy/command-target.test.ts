import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, systemClock } from '@hands-off/core';
import { parseCommandLine } from '../../packages/core/src/deploy/command-line.js';
import {
  createCommandTarget,
  type CommandTargetOptions,
} from '../../packages/core/src/deploy/command-target.js';
import type { DeploymentProgress, DeployRequest } from '../../packages/core/src/deploy/deploy-target.js';
import { parseFleetShare, planFleetBatches } from '../../packages/core/src/deploy/fleet-batches.js';
import { nodeExec, type Exec } from '../../packages/core/src/deploy/node-exec.js';
import { hostStateFile, startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { ROOT } from '../support/run-action.js';

let fleet: LocalFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

function target(f: LocalFleet, overrides: Partial<CommandTargetOptions> = {}) {
  const calls: string[] = [];
  const exec: Exec = async (file, args, options) => {
    calls.push(
      `${args.at(-1)?.split('/').pop()} ${options.env.HANDS_OFF_HOST} ${options.env.HANDS_OFF_REVISION}`,
    );
    return nodeExec(file, args, options);
  };
  const options: CommandTargetOptions = {
    hosts: f.hosts,
    deployCommand: parseCommandLine(
      'deploy-command',
      `${JSON.stringify(process.execPath)} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`,
    ),
    healthCommand: parseCommandLine(
      'health-command',
      `${JSON.stringify(process.execPath)} ${join(ROOT, 'test/support/fleet-health.mjs')}`,
    ),
    oneBoxCount: 1,
    batchSize: { percent: 33 },
    minHealthy: { percent: 66 },
    stateFile: join(mkdtempSync(join(tmpdir(), 'cmd-state-')), 'command-target.json'),
    exec,
    clock: systemClock,
    baseEnv: { PATH: process.env.PATH ?? '', FLEET_DIR: f.dir, FLEET_DEPLOY_MS: '120' },
    ...overrides,
  };
  return { target: createCommandTarget(options), calls, options };
}

const request = (revision: string, stage: DeployRequest['stage'] = 'one-box'): DeployRequest => ({
  revision,
  stage,
  timeoutMs: 30_000,
  pollIntervalMs: 1000,
  autoRollback: true,
});

const progress: DeploymentProgress[] = [];
const onProgress = (p: DeploymentProgress) => void progress.push(p);

describe('command target against a real local fleet', () => {
  it('one-box deploys v2 to exactly one host, runs the health command, and records it', async () => {
    fleet = await startLocalFleet(4);
    const { target: t, options } = target(fleet);
    const result = await t.deploy(request('v2'), onProgress);
    expect(result).toMatchObject({ status: 'Succeeded', revision: 'v2', previousRevision: '' });
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v2', 'v1', 'v1', 'v1']);
    const state = JSON.parse(readFileSync(options.stateFile, 'utf8'));
    expect(state.hosts[fleet.hosts[0] as string].revision).toBe('v2');
    expect(state.deployments).toEqual([
      expect.objectContaining({ revision: 'v2', stage: 'one-box', status: 'Succeeded' }),
    ]);
  });

  it('fleet batches never leave fewer than min-healthy hosts serving (sampled during the deployment)', async () => {
    fleet = await startLocalFleet(6);
    const { target: t, options } = target(fleet, { batchSize: { percent: 50 }, minHealthy: { percent: 66 } });
    // Slow deploys, so the sampler sees each batch down even on a loaded machine.
    options.baseEnv.FLEET_DEPLOY_MS = '400';
    await t.deploy(request('v2'), onProgress);
    let sampling = true;
    const samples: number[] = [];
    const sampler = (async () => {
      while (sampling) {
        samples.push(await fleet!.healthyCount());
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const result = await t.deploy(request('v2', 'fleet'), onProgress);
    sampling = false;
    await sampler;
    expect(result.status).toBe('Succeeded');
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(Array(6).fill('v2'));
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4); // ⌈66% of 6⌉
    expect(Math.min(...samples)).toBeLessThan(6); // hosts really were taken down
  });

  it('a failing health command fails the deployment and rolls the host back to v1', async () => {
    fleet = await startLocalFleet(3, 'v1', ['v2']);
    const { target: t } = target(fleet);
    await t.deploy(request('v1'), onProgress); // v1 is known good
    const result = await t.deploy(request('v2'), onProgress);
    expect(result.status).toBe('Failed');
    expect(result.errorCode).toBe('HEALTH_CHECK_FAILED');
    expect(result.rollbackDeploymentId).toMatch(/-rollback$/);
    expect(result.detail).toMatch(
      /^HEALTH_CHECK_FAILED: 127\.0\.0\.1:\d+: fleet-health: .* answered 500 .* rolled back to v1 in \d+ s$/,
    );
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v1');
  });

  it('rollback returns to the last good revision, and a second rollback is a no-op that says so', async () => {
    fleet = await startLocalFleet(2);
    const { target: t } = target(fleet, { oneBoxCount: 2 });
    await t.deploy(request('v1'), onProgress);
    await t.deploy(request('v2'), onProgress);
    const back = await t.rollback(
      { to: 'previous', deploymentId: '', reason: 'bake unhealthy', timeoutMs: 30_000, pollIntervalMs: 1000 },
      onProgress,
    );
    expect(back).toMatchObject({
      status: 'Succeeded',
      rolledBackTo: 'v1',
      rolledBackFrom: 'v2',
      noop: false,
    });
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1']);
    const again = await t.rollback(
      { to: 'v1', deploymentId: '', reason: '', timeoutMs: 30_000, pollIntervalMs: 1000 },
      onProgress,
    );
    expect(again).toMatchObject({
      noop: true,
      status: 'Succeeded',
      detail: 'every host already runs v1: nothing to roll back',
    });
  });

  it('a re-run of the same deployment attaches to it and runs nothing', async () => {
    fleet = await startLocalFleet(2);
    const { target: t, calls } = target(fleet);
    const first = await t.deploy(request('v2'), onProgress);
    const ran = calls.length;
    const second = await t.deploy(request('v2'), onProgress);
    expect(second).toMatchObject({ status: 'Succeeded', deploymentId: first.deploymentId });
    expect(second.detail).toMatch(/^already deployed by/);
    expect(calls.length).toBe(ran);
  });

  it('passes host and revision only through the environment', async () => {
    fleet = await startLocalFleet(1);
    const { target: t, calls } = target(fleet);
    await t.deploy(request('v2'), onProgress);
    expect(calls).toEqual([`fleet-deploy.mjs ${fleet.hosts[0]} v2`, `fleet-health.mjs ${fleet.hosts[0]} v2`]);
  });

  it('a deploy command that fails stops the rollout before the next batch', async () => {
    fleet = await startLocalFleet(4);
    const { target: t } = target(fleet, {
      oneBoxCount: 1,
      batchSize: { count: 1 },
      minHealthy: { count: 3 },
    });
    const result = await t.deploy(request('unbuildable', 'fleet'), onProgress);
    expect(result).toMatchObject({ status: 'Failed', errorCode: 'DEPLOY_COMMAND_FAILED' });
    expect(result.detail).toMatch(/cannot be installed/);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1', 'v1', 'v1']);
  });
});

describe('planFleetBatches', () => {
  it('covers every host once and never takes more than fleet − min-healthy down at a time (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 99 }),
        (fleetSize, oneBox, batchPercent, minPercent) => {
          const hosts = Array.from({ length: fleetSize }, (_, i) => `h${i}`).slice(
            Math.min(oneBox, fleetSize),
          );
          const keep = Math.ceil((minPercent / 100) * fleetSize);
          if (hosts.length === 0) {
            // Every host is in the one box: nothing is left to plan, whatever the shares.
            expect(
              planFleetBatches(hosts, fleetSize, { percent: batchPercent }, { percent: minPercent }),
            ).toEqual([]);
            return;
          }
          if (fleetSize - keep < 1) {
            expect(() =>
              planFleetBatches(hosts, fleetSize, { percent: batchPercent }, { percent: minPercent }),
            ).toThrow(InputError);
            return;
          }
          const batches = planFleetBatches(
            hosts,
            fleetSize,
            { percent: batchPercent },
            { percent: minPercent },
          );
          expect(batches.flat()).toEqual(hosts);
          for (const batch of batches) {
            expect(batch.length).toBeGreaterThan(0);
            expect(fleetSize - batch.length).toBeGreaterThanOrEqual(keep);
          }
        },
      ),
    );
  });

  it('parses shares and refuses nonsense with one line', () => {
    expect(parseFleetShare('batch-size', '33%', '`33%`')).toEqual({ percent: 33 });
    expect(parseFleetShare('batch-size', '2', '`33%`')).toEqual({ count: 2 });
    expect(() => parseFleetShare('batch-size', '120%', '`33%`')).toThrow(
      /^input `batch-size`: `120%` is more than 100%/,
    );
    expect(() => parseFleetShare('min-healthy', 'most', '`66%`')).toThrow(/^input `min-healthy`: /);
  });
});

describe('parseCommandLine', () => {
  it('splits with quotes and never uses a shell', () => {
    expect(parseCommandLine('deploy-command', `./deploy.sh --note "two words" 'x y'`)).toMatchObject({
      file: './deploy.sh',
      args: ['--note', 'two words', 'x y'],
    });
  });

  it.each([
    './a.sh | tee log',
    './a.sh && rm -rf /',
    './a.sh > out',
    'ssh $HOST deploy',
    'ls *.zip',
    '',
    './a.sh\n./b.sh',
    `./a.sh ${'x'.repeat(100_000)}`,
  ])('refuses %j with one line naming the input', (text) => {
    expect(() => parseCommandLine('deploy-command', text)).toThrow(/^input `deploy-command`: /);
  });
});

/** A state file as today's code leaves it when the job is killed -9 while v2 deploys to the box. */
function killedMidDeploy(stateFile: string, box: string, others: string[]): void {
  const at = '2026-12-01T10:00:00.000Z';
  writeFileSync(
    stateFile,
    JSON.stringify({
      version: 1,
      hosts: {
        [box]: { revision: 'unknown (deploying v2)', at },
        ...Object.fromEntries(others.map((host) => [host, { revision: 'v1', at }])),
      },
      deployments: [
        { id: 'cmd-1', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: [box, ...others], at },
        { id: 'cmd-2', revision: 'v2', stage: 'one-box', status: 'InProgress', hosts: [box], at },
      ],
    }),
  );
}

describe('command target state: killed runs, concurrent runs, evidence for a no-op', () => {
  const rollbackTo = (to: string) => ({
    to,
    deploymentId: '',
    reason: 'test',
    timeoutMs: 30_000,
    pollIntervalMs: 1000,
  });

  it('after a kill -9 mid-deploy, a re-run that fails rolls back to the recorded v1, never to the placeholder', async () => {
    fleet = await startLocalFleet(3, 'v1', ['v2']);
    const { target: t, calls, options } = target(fleet);
    killedMidDeploy(options.stateFile, fleet.hosts[0] as string, fleet.hosts.slice(1));
    const result = await t.deploy(request('v2'), onProgress);
    expect(result).toMatchObject({ status: 'Failed', previousRevision: 'v1' });
    expect(calls.filter((call) => /unknown/.test(call))).toEqual([]);
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v1');
    const back = await t.rollback(rollbackTo('previous'), onProgress);
    expect(back.rolledBackTo).toBe('v1');
    expect(calls.filter((call) => /unknown/.test(call))).toEqual([]);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1', 'v1']);
    expect(readFileSync(options.stateFile, 'utf8')).not.toMatch(/unknown \(deploying/);
  });

  it('a host left unknown by a killed run is never evidence for a no-op: rollback deploys `to` there', async () => {
    fleet = await startLocalFleet(2, 'v2');
    const { target: t, calls, options } = target(fleet, { oneBoxCount: 2 });
    killedMidDeploy(options.stateFile, fleet.hosts[0] as string, fleet.hosts.slice(1));
    const back = await t.rollback(rollbackTo('v1'), onProgress);
    expect(back).toMatchObject({ noop: false, status: 'Succeeded', rolledBackTo: 'v1' });
    expect(calls).toContain(`fleet-deploy.mjs ${fleet.hosts[0]} v1`);
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v1');
  });

  it('rollback with `to` and no state file (a cache miss) deploys `to` to every host instead of saying no-op', async () => {
    fleet = await startLocalFleet(2, 'v2');
    const { target: t } = target(fleet, { oneBoxCount: 2 });
    const back = await t.rollback(rollbackTo('v1'), onProgress);
    expect(back).toMatchObject({ noop: false, status: 'Succeeded' });
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1']);
  });

  it('a host the history does not name is rolled back too (no evidence, no no-op)', async () => {
    fleet = await startLocalFleet(2, 'v2');
    const { target: t, options } = target(fleet, { oneBoxCount: 2 });
    const at = '2026-12-01T10:00:00.000Z';
    writeFileSync(
      options.stateFile,
      JSON.stringify({
        version: 1,
        hosts: { [fleet.hosts[0] as string]: { revision: 'v1', at }, 'renamed-host': { revision: 'v1', at } },
        deployments: [{ id: 'cmd-1', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: [], at }],
      }),
    );
    const back = await t.rollback(rollbackTo('v1'), onProgress);
    expect(back.noop).toBe(false);
    expect(await fleet.serving(fleet.hosts[1] as string)).toBe('v1');
  });

  it.each([
    ['{"version":1,"hosts":[],"deployments":[]}', '`hosts` is not an object'],
    ['null', '`(top level)` is not an object'],
    ['{"version":1,"hosts":{},"deployments":[null]}', '`deployments[0]` is not an object'],
    [
      '{"version":1,"hosts":{"a":{"revision":5,"at":"x"}},"deployments":[]}',
      '`hosts.a` is not {revision, at}',
    ],
  ])('a state file %s is refused with one line naming the file and the field', async (text, problem) => {
    fleet = await startLocalFleet(1);
    const { target: t, calls, options } = target(fleet);
    writeFileSync(options.stateFile, text);
    await expect(t.rollback(rollbackTo('v1'), onProgress)).rejects.toThrow(
      `state file ${options.stateFile}: ${problem}`,
    );
    await expect(t.deploy(request('v2'), onProgress)).rejects.toThrow(problem);
    expect(calls).toEqual([]);
  });

  it('two runs at once on one state file: the second is refused with one line, no record is lost', async () => {
    fleet = await startLocalFleet(2);
    const { target: t, options } = target(fleet);
    const results = await Promise.allSettled([
      t.deploy(request('v2'), onProgress),
      t.deploy(request('v3'), onProgress),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(
      /is in use by another run \(pid \d+/,
    );
    const state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as {
      deployments: { status: string }[];
    };
    expect(state.deployments.map((d) => d.status)).toEqual(['Succeeded']);
  });

  it('a lock left by a run that died (its pid is gone) is taken over', async () => {
    fleet = await startLocalFleet(1);
    const { target: t, options } = target(fleet);
    writeFileSync(
      `${options.stateFile}.lock`,
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import('node:os')).hostname(),
        since: new Date().toISOString(),
        budgetMs: 60_000,
      }),
    );
    expect((await t.deploy(request('v2'), onProgress)).status).toBe('Succeeded');
  });

  it('a fleet re-run after a kill -9 does not deploy again the hosts that had finished', async () => {
    fleet = await startLocalFleet(3);
    const {
      target: t,
      calls,
      options,
    } = target(fleet, { batchSize: { count: 1 }, minHealthy: { count: 1 } });
    const [box, done, unknown] = fleet.hosts as [string, string, string];
    await t.deploy(request('v2'), onProgress); // the one box
    // The killed fleet run had finished `done` (it serves v2) and was deploying `unknown`.
    writeFileSync(hostStateFile(fleet.dir, done), JSON.stringify({ revision: 'v2', deploying: false }));
    const at = '2026-12-01T10:00:00.000Z';
    const state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as Record<string, unknown> & {
      deployments: unknown[];
    };
    state.hosts = {
      [box]: { revision: 'v2', at },
      [done]: { revision: 'v2', at },
      [unknown]: { revision: 'unknown (deploying v2)', at },
    };
    state.deployments.push({
      id: 'cmd-k',
      revision: 'v2',
      stage: 'fleet',
      status: 'InProgress',
      hosts: [done, unknown],
      at,
    });
    writeFileSync(options.stateFile, JSON.stringify(state));
    calls.length = 0;
    const rerun = await t.deploy(request('v2', 'fleet'), onProgress);
    expect(rerun.status).toBe('Succeeded');
    expect(calls).toEqual([
      `fleet-health.mjs ${done} v2`,
      `fleet-deploy.mjs ${unknown} v2`,
      `fleet-health.mjs ${unknown} v2`,
    ]);
  });

  it('a deploy command that cannot start is a failed deployment with rollback, not a crash', async () => {
    fleet = await startLocalFleet(1);
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'cmd-cwd-')), 'file');
    writeFileSync(notADirectory, '');
    const { target: t, options } = target(fleet, { cwd: notADirectory });
    const result = await t.deploy(request('v2'), onProgress);
    expect(result).toMatchObject({ status: 'Failed', errorCode: 'DEPLOY_COMMAND_FAILED' });
    const state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as {
      deployments: { status: string }[];
    };
    expect(state.deployments.map((d) => d.status)).not.toContain('InProgress');
  });

  it('a cancel is reported as cancelled, not as a timeout', async () => {
    fleet = await startLocalFleet(1);
    const { target: t } = target(fleet, {
      baseEnv: { PATH: process.env.PATH ?? '', FLEET_DIR: fleet.dir, FLEET_DEPLOY_MS: '3000' },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await t.deploy({ ...request('v2'), autoRollback: false }, onProgress, controller.signal);
    expect(result).toMatchObject({ status: 'Stopped', errorCode: 'CANCELLED' });
    expect(result.detail).toMatch(/^CANCELLED: .*cancelled/);
  });

  it('a symlinked state file stays a symlink: the state is written through it', async () => {
    fleet = await startLocalFleet(1);
    const dir = mkdtempSync(join(tmpdir(), 'cmd-link-'));
    const real = join(dir, 'real.json');
    writeFileSync(real, '{"version":1,"hosts":{},"deployments":[]}');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    const { target: t } = target(fleet, { stateFile: link });
    await t.deploy(request('v2'), onProgress);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/"Succeeded"/);
  });

  it('an unknown host from an old file gets back what it ran before the interrupted deployment, not the newest good revision of other hosts', async () => {
    fleet = await startLocalFleet(3, 'v1', ['v2']);
    const { target: t, calls, options } = target(fleet);
    const [box, a, b] = fleet.hosts as [string, string, string];
    for (const host of [a, b])
      writeFileSync(hostStateFile(fleet.dir, host), JSON.stringify({ revision: 'v3', deploying: false }));
    const at = '2026-12-01T10:00:00.000Z';
    writeFileSync(
      options.stateFile,
      JSON.stringify({
        version: 1,
        hosts: {
          [box]: { revision: 'unknown (deploying v2)', at },
          [a]: { revision: 'v3', at },
          [b]: { revision: 'v3', at },
        },
        deployments: [
          { id: 'cmd-1', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: [box, a, b], at },
          { id: 'cmd-2', revision: 'v3', stage: 'fleet', status: 'Succeeded', hosts: [a, b], at },
          { id: 'cmd-3', revision: 'v2', stage: 'one-box', status: 'InProgress', hosts: [box], at },
        ],
      }),
    );
    const rerun = await t.deploy(request('v2'), onProgress);
    expect(rerun).toMatchObject({ status: 'Failed', previousRevision: 'v1' });
    expect(calls).not.toContain(`fleet-deploy.mjs ${box} v3`);
    expect(await fleet.serving(box)).toBe('v1');
  });

  it('a fleet re-run deploys again a host whose record no deployment of the revision backs (no evidence, no skip)', async () => {
    fleet = await startLocalFleet(2);
    const {
      target: t,
      calls,
      options,
    } = target(fleet, { batchSize: { count: 1 }, minHealthy: { count: 1 } });
    const [box, other] = fleet.hosts as [string, string];
    const at = '2026-12-01T10:00:00.000Z';
    writeFileSync(
      options.stateFile,
      JSON.stringify({
        version: 1,
        // The record says v2 on `other`, but no deployment of v2 ever listed it.
        hosts: { [box]: { revision: 'v1', at }, [other]: { revision: 'v2', at } },
        deployments: [
          { id: 'cmd-1', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: [box, other], at },
          { id: 'cmd-2', revision: 'v2', stage: 'one-box', status: 'Succeeded', hosts: [box], at },
        ],
      }),
    );
    const rerun = await t.deploy(request('v2', 'fleet'), onProgress);
    expect(rerun).toMatchObject({ status: 'Succeeded', detail: 'v2 on 1 host(s)' });
    expect(calls).toContain(`fleet-deploy.mjs ${other} v2`);
    expect(await fleet.serving(other)).toBe('v2');
  });

  it('rollback is not a no-op when the file names every host on `to` but no deployment recorded them there', async () => {
    fleet = await startLocalFleet(2, 'v2');
    const { target: t, options } = target(fleet, { oneBoxCount: 2 });
    const at = '2026-12-01T10:00:00.000Z';
    writeFileSync(
      options.stateFile,
      JSON.stringify({
        version: 1,
        hosts: Object.fromEntries(fleet.hosts.map((host) => [host, { revision: 'v1', at }])),
        deployments: [{ id: 'cmd-1', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: [], at }],
      }),
    );
    const back = await t.rollback(rollbackTo('v1'), onProgress);
    expect(back).toMatchObject({ noop: false, status: 'Succeeded' });
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1']);
  });

  it('an Exec that throws (a command that cannot start) fails the deployment and rolls back, never a crash', async () => {
    fleet = await startLocalFleet(1);
    const { target: t, options } = target(fleet);
    await t.deploy(request('v1'), onProgress);
    const throwing = target(fleet, {
      stateFile: options.stateFile,
      exec: async (file, args, execOptions) => {
        // The health command of v2 cannot start, after v2 reached the host.
        if (args.at(-1)?.endsWith('fleet-health.mjs') && execOptions.env.HANDS_OFF_REVISION === 'v2')
          throw new Error('spawn ENAMETOOLONG');
        return nodeExec(file, args, execOptions);
      },
    });
    const result = await throwing.target.deploy(request('v2'), onProgress);
    expect(result).toMatchObject({
      status: 'Failed',
      errorCode: 'HEALTH_CHECK_FAILED',
      previousRevision: 'v1',
    });
    expect(result.detail).toMatch(/cannot start .*ENAMETOOLONG/);
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v1');
    const state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as {
      deployments: { status: string }[];
    };
    expect(state.deployments.map((d) => d.status)).toEqual(['Succeeded', 'Failed', 'Succeeded']);
  });

  it('a state file that is a dangling symlink is refused before any command runs', async () => {
    fleet = await startLocalFleet(1);
    const dir = mkdtempSync(join(tmpdir(), 'cmd-link-'));
    const link = join(dir, 'state.json');
    symlinkSync(join(dir, 'gone', 'state.json'), link);
    const { target: t, calls } = target(fleet, { stateFile: link });
    await expect(t.deploy(request('v2'), onProgress)).rejects.toThrow(
      `state file ${link} is a symlink to a file that does not exist`,
    );
    expect(calls).toEqual([]);
  });

  it("a run whose lock was taken over never removes its successor's lock when it ends", async () => {
    fleet = await startLocalFleet(1);
    const { target: t, options } = target(fleet);
    options.baseEnv.FLEET_DEPLOY_MS = '600';
    const running = t.deploy(request('v2'), onProgress);
    const lock = `${options.stateFile}.lock`;
    for (let i = 0; i < 100 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 10));
    // A successor judged this run stale and holds the lock now.
    const successor = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      budgetMs: 60_000,
      token: 'successor',
    });
    writeFileSync(lock, successor);
    expect((await running).status).toBe('Succeeded');
    expect(readFileSync(lock, 'utf8')).toBe(successor);
  });

  it('two runs taking over one stale lock at once: exactly one runs, the other is refused', async () => {
    fleet = await startLocalFleet(1);
    const { target: t, options } = target(fleet);
    writeFileSync(
      `${options.stateFile}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 777, host: hostname(), since: new Date().toISOString(), budgetMs: 1 }),
    );
    const results = await Promise.allSettled([
      t.deploy(request('v2'), onProgress),
      t.deploy(request('v3'), onProgress),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(
      /is in use by another run/,
    );
  });

  it('rollback to `previous` with nothing recorded as good stops and names the unknown hosts, deploying nothing', async () => {
    fleet = await startLocalFleet(2);
    const { target: t, calls, options } = target(fleet, { oneBoxCount: 2 });
    const [box] = fleet.hosts as [string];
    const at = '2026-12-01T10:00:00.000Z';
    // The very first deployment was killed on the box: no revision was ever recorded as good.
    writeFileSync(
      options.stateFile,
      JSON.stringify({
        version: 1,
        hosts: { [box]: { revision: null, deploying: 'v2', from: '', deploymentId: 'cmd-1', at } },
        deployments: [
          { id: 'cmd-1', revision: 'v2', stage: 'one-box', status: 'InProgress', hosts: [box], at },
        ],
      }),
    );
    const back = await t.rollback(rollbackTo('previous'), onProgress);
    expect(back).toMatchObject({ status: 'Failed', noop: false, rolledBackTo: '' });
    expect(back.detail).toBe(
      `no deployment in the state file ${options.stateFile} succeeded with another revision than v2; ` +
        `unknown hosts: ${box} (deploying v2); give \`to\` explicitly (a revision you know is good)`,
    );
    expect(calls).toEqual([]);
  });
});
