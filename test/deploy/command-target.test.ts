import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
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

  it.each(['./a.sh | tee log', './a.sh && rm -rf /', './a.sh > out', 'ssh $HOST deploy', 'ls *.zip', ''])(
    'refuses %j with one line naming the input',
    (text) => {
      expect(() => parseCommandLine('deploy-command', text)).toThrow(/^input `deploy-command`: /);
    },
  );
});
