import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@hands-off/core';
import { parseCommandLine } from '../../packages/core/src/deploy/command-line.js';
import {
  createCommandTarget,
  type CommandTargetOptions,
} from '../../packages/core/src/deploy/command-target.js';
import type {
  DeploymentOutcome,
  DeployRequest,
  RollbackOutcome,
} from '../../packages/core/src/deploy/deploy-target.js';
import { loadHostHistory, type HostHistory } from '../../packages/core/src/deploy/host-history.js';
import { nodeExec, type Exec } from '../../packages/core/src/deploy/node-exec.js';
import { hostStateFile, startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { NODE24, ROOT } from '../support/run-action.js';

/** A pid above Linux's pid_max (2^22): no process has it, as after a kill -9 of the lock's owner. */
const DEAD_PID = 2 ** 22 + 4321;
const DEPLOY_SCRIPT = join(ROOT, 'test/support/fleet-deploy.mjs');
const HEALTH_SCRIPT = join(ROOT, 'test/support/fleet-health.mjs');
const RESOLVE_HOOK = join(ROOT, 'scripts/ts-resolve-hook.mjs');

const request = (revision: string, stage: DeployRequest['stage'] = 'one-box'): DeployRequest => ({
  revision,
  stage,
  timeoutMs: 20_000,
  pollIntervalMs: 1000,
  autoRollback: true,
});
const rollbackTo = (to: string) => ({
  to,
  deploymentId: '',
  reason: 'test',
  timeoutMs: 20_000,
  pollIntervalMs: 1000,
});

/** What a host's own file says it runs (what the deploy command left there). */
function onHost(fleet: LocalFleet, host: string): { revision: string; deploying: boolean } {
  return JSON.parse(readFileSync(hostStateFile(fleet.dir, host), 'utf8')) as {
    revision: string;
    deploying: boolean;
  };
}

/**
 * The command target as a separate process (Node 24 running the TypeScript sources), deploying
 * with the real fleet scripts, so a test can kill -9 it mid-deploy as a runner that lost the job
 * would. It leads its own process group: the kill takes its deploy command down with it.
 */
function deployInChild(fleet: LocalFleet, stateFile: string, revision: string) {
  const src = (path: string) => JSON.stringify(join(ROOT, 'packages/core/src', path));
  const script = `
    import { createCommandTarget } from ${src('deploy/command-target.ts')};
    import { parseCommandLine } from ${src('deploy/command-line.ts')};
    import { nodeExec } from ${src('deploy/node-exec.ts')};
    const target = createCommandTarget({
      hosts: JSON.parse(process.env.HOSTS),
      deployCommand: parseCommandLine('deploy-command', process.env.DEPLOY),
      healthCommand: parseCommandLine('health-command', process.env.HEALTH),
      oneBoxCount: 1,
      batchSize: { percent: 33 },
      minHealthy: { percent: 66 },
      stateFile: process.env.STATE,
      exec: nodeExec,
      clock: { now: () => Date.now() },
      baseEnv: { PATH: process.env.PATH, FLEET_DIR: process.env.FLEET_DIR, FLEET_DEPLOY_MS: '20000' },
    });
    const outcome = await target.deploy(
      { revision: process.env.REVISION, stage: 'one-box', timeoutMs: 60000, pollIntervalMs: 1000, autoRollback: true },
      () => {},
    );
    console.log(JSON.stringify(outcome));
  `;
  return spawn(NODE24, ['--no-warnings', '--import', RESOLVE_HOOK, '--input-type=module', '-e', script], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOSTS: JSON.stringify(fleet.hosts),
      DEPLOY: `${JSON.stringify(process.execPath)} ${DEPLOY_SCRIPT}`,
      HEALTH: `${JSON.stringify(process.execPath)} ${HEALTH_SCRIPT}`,
      STATE: stateFile,
      FLEET_DIR: fleet.dir,
      REVISION: revision,
    },
  });
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('command target after a real kill -9 of the process running it', () => {
  let fleet: LocalFleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  it('the killed box is unknown (never a revision); a failing re-run and a rollback give it the recorded v1, never a placeholder', async () => {
    fleet = await startLocalFleet(3, 'v1', ['v2']);
    const f = fleet;
    const [box] = f.hosts as [string];
    const calls: string[] = [];
    const exec: Exec = async (file, args, options) => {
      calls.push(
        `${args.at(-1)?.split('/').pop()} ${options.env.HANDS_OFF_HOST} ${options.env.HANDS_OFF_REVISION}`,
      );
      return nodeExec(file, args, options);
    };
    const stateFile = join(mkdtempSync(join(tmpdir(), 'cmd-kill-')), 'command-target.json');
    const options: CommandTargetOptions = {
      hosts: f.hosts,
      deployCommand: parseCommandLine(
        'deploy-command',
        `${JSON.stringify(process.execPath)} ${DEPLOY_SCRIPT}`,
      ),
      healthCommand: parseCommandLine(
        'health-command',
        `${JSON.stringify(process.execPath)} ${HEALTH_SCRIPT}`,
      ),
      oneBoxCount: 1,
      batchSize: { percent: 50 },
      minHealthy: { percent: 50 },
      stateFile,
      exec,
      clock: systemClock,
      baseEnv: { PATH: process.env.PATH ?? '', FLEET_DIR: f.dir, FLEET_DEPLOY_MS: '50' },
    };
    // v1 everywhere, recorded.
    expect((await createCommandTarget(options).deploy(request('v1'), () => {})).status).toBe('Succeeded');
    expect((await createCommandTarget(options).deploy(request('v1', 'fleet'), () => {})).status).toBe(
      'Succeeded',
    );

    const child = deployInChild(f, stateFile, 'v2');
    let childOut = '';
    child.stdout?.on('data', (chunk: Buffer) => (childOut += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (childOut += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Mid-deploy: the box's deploy command has taken it down to install v2.
    await waitFor(`the box deploying v2 (${childOut})`, () => onHost(f, box).deploying);
    process.kill(-(child.pid as number), 'SIGKILL');
    expect(await closed).toBeNull();

    const killed = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      hosts: Record<string, unknown>;
      deployments: { id: string; revision: string; status: string }[];
    };
    const interrupted = killed.deployments.at(-1);
    expect(interrupted).toMatchObject({ revision: 'v2', status: 'InProgress' });
    // Structural: no revision, what was being deployed, what it ran before, and by which deployment.
    expect(killed.hosts[box]).toEqual({
      revision: null,
      deploying: 'v2',
      from: 'v1',
      deploymentId: interrupted?.id,
      at: expect.any(String),
    });
    expect(existsSync(`${stateFile}.lock`)).toBe(true); // left behind by the dead run

    // The re-run takes over the dead run's lock; v2 fails its health check and is rolled back.
    const rerun = await createCommandTarget(options).deploy(request('v2'), () => {});
    expect(rerun).toMatchObject({
      status: 'Failed',
      errorCode: 'HEALTH_CHECK_FAILED',
      previousRevision: 'v1',
    });
    expect(rerun.detail).toMatch(/rolled back to v1/);
    expect(await f.serving(box)).toBe('v1');

    const back = await createCommandTarget(options).rollback(rollbackTo('previous'), () => {});
    expect(back).toMatchObject({ status: 'Succeeded', rolledBackTo: 'v1' });
    expect(await Promise.all(f.hosts.map((h) => f.serving(h)))).toEqual(['v1', 'v1', 'v1']);

    // Nothing but recorded revisions was ever handed to a command.
    expect(calls.map((c) => c.split(' ')[2]).filter((r) => r !== 'v1' && r !== 'v2')).toEqual([]);
    const after = readFileSync(stateFile, 'utf8');
    expect(after).not.toMatch(/unknown \(deploying/);
    const settled = JSON.parse(after) as {
      deployments: { id: string; status: string; interrupted?: boolean }[];
    };
    expect(settled.deployments.find((d) => d.id === interrupted?.id)).toMatchObject({
      status: 'Stopped',
      interrupted: true,
    });
    expect(settled.deployments.map((d) => d.status)).not.toContain('InProgress');
  }, 40_000);
});

// ---------------------------------------------------------------------------------------------
// Property: random interleavings of crashes (a run that dies mid-way, its lock left behind, its
// in-flight deploy command finished or not), re-runs and rollbacks on a real local fleet.

const HOSTS = 3;
const REVISIONS = ['v1', 'v2', 'v3', 'bad'] as const;
type Orphan = 'none' | 'done' | 'half';
type Op =
  | {
      kind: 'deploy';
      stage: 'one-box' | 'fleet';
      revision: string;
      crashAt: number | null;
      orphan: Orphan;
    }
  | { kind: 'rollback'; to: string; crashAt: number | null; orphan: Orphan };

// Two runs in three die, mostly early (a one-box run makes 2 to 4 command calls).
const crash = fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 3 });
const orphan = fc.constantFrom<Orphan>('none', 'done', 'half');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('deploy' as const),
    stage: fc.constantFrom('one-box' as const, 'fleet' as const),
    revision: fc.constantFrom(...REVISIONS),
    crashAt: crash,
    orphan,
  }),
  fc.record({
    kind: fc.constant('rollback' as const),
    to: fc.constantFrom('previous', 'v1', 'v2'),
    crashAt: crash,
    orphan,
  }),
);

/**
 * An Exec that plays the fleet's scripts in-process (fast): deploy writes the host's file, health
 * asks the host over HTTP. At call number `crashAt` the run "dies": that call and every later one
 * never return (so nothing more is recorded), and the command in flight may have finished on the
 * host (`done`), left it half-deployed (`half`) or not touched it (`none`).
 */
function playedExec(
  fleet: LocalFleet,
  plan: { crashAt: number | null; orphan: Orphan },
  log: [string, string, string][],
) {
  let calls = 0;
  let dead = false;
  let died: () => void = () => undefined;
  const death = new Promise<'crashed'>((resolve) => (died = () => resolve('crashed')));
  const write = (host: string, state: { revision: string; deploying: boolean }) =>
    writeFileSync(hostStateFile(fleet.dir, host), JSON.stringify(state));
  const exec: Exec = async (file, _args, options) => {
    const host = options.env.HANDS_OFF_HOST as string;
    const revision = options.env.HANDS_OFF_REVISION as string;
    log.push([file, host, revision]);
    if (dead) return new Promise(() => undefined);
    if (plan.crashAt !== null && calls++ === plan.crashAt) {
      dead = true;
      if (file === 'deploy' && plan.orphan !== 'none')
        write(host, { revision, deploying: plan.orphan === 'half' });
      died();
      return new Promise(() => undefined);
    }
    if (file === 'deploy') {
      write(host, { revision, deploying: false });
      return { exitCode: 0, output: `${host} now runs ${revision}` };
    }
    const serving = await fleet.serving(host);
    return serving === revision
      ? { exitCode: 0, output: 'healthy' }
      : { exitCode: 1, output: `${host} serves ${serving}, expected ${revision}` };
  };
  return { exec, death };
}

describe('command target under random crashes, re-runs and rollbacks (property, real local fleet)', () => {
  let fleet: LocalFleet;
  beforeAll(async () => {
    fleet = await startLocalFleet(HOSTS, 'v1', ['bad']);
  });
  afterAll(async () => {
    await fleet.stop();
  });

  it('no host is ever given a revision no deployment recorded, and no Succeeded or no-op is reported while a host differs', async () => {
    const at = '2026-12-01T10:00:00.000Z';
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        const hosts = fleet.hosts;
        for (const host of hosts)
          writeFileSync(hostStateFile(fleet.dir, host), JSON.stringify({ revision: 'v1', deploying: false }));
        const stateFile = join(mkdtempSync(join(tmpdir(), 'cmd-prop-')), 'command-target.json');
        // Recorded start: v1 everywhere, by a Succeeded deployment.
        writeFileSync(
          stateFile,
          JSON.stringify({
            version: 1,
            hosts: Object.fromEntries(hosts.map((h) => [h, { revision: 'v1', deploymentId: 'seed', at }])),
            deployments: [{ id: 'seed', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts, at }],
          }),
        );
        const actual = () => hosts.map((h) => onHost(fleet, h));
        const runs = (o: { crashAt: number | null; orphan: Orphan }) => {
          const log: [string, string, string][] = [];
          const { exec, death } = playedExec(fleet, o, log);
          const target = createCommandTarget({
            hosts,
            deployCommand: parseCommandLine('deploy-command', 'deploy'),
            healthCommand: parseCommandLine('health-command', 'health'),
            oneBoxCount: 1,
            batchSize: { count: 1 },
            minHealthy: { count: 1 },
            stateFile,
            exec,
            clock: systemClock,
            baseEnv: {},
          });
          return { log, death, target };
        };
        for (const step of [...ops, { kind: 'rollback', to: 'v1', crashAt: null, orphan: 'none' } as Op]) {
          const before: HostHistory = await loadHostHistory(stateFile);
          const recordedBefore = new Set(before.deployments.map((d) => d.revision));
          const { log, death, target } = runs(step);
          const running =
            step.kind === 'deploy'
              ? target.deploy(request(step.revision, step.stage), () => undefined)
              : target.rollback(rollbackTo(step.to), () => undefined);
          const ended = await Promise.race([running, death]);
          const history = await loadHostHistory(stateFile); // always a valid file
          // What the record claims is what the hosts run: a known host is exactly there.
          hosts.forEach((host, i) => {
            const record = history.hosts[host];
            if (record && record.revision !== null) {
              expect({ host, ...actual()[i] }).toEqual({ host, revision: record.revision, deploying: false });
            }
          });
          if (ended === 'crashed') {
            // The run is dead: its lock stays behind, owned by a process that no longer exists.
            writeFileSync(
              `${stateFile}.lock`,
              JSON.stringify({
                pid: DEAD_PID,
                host: (await import('node:os')).hostname(),
                since: new Date().toISOString(),
                budgetMs: 40_000,
              }),
            );
            continue;
          }
          const given = new Set(log.map(([, , revision]) => revision));
          if (step.kind === 'deploy') {
            const outcome = ended as DeploymentOutcome;
            // Only the requested revision, or a previous one that a deployment had recorded.
            for (const revision of given) {
              if (revision !== step.revision) {
                expect(revision).toBe(outcome.previousRevision);
                expect(recordedBefore.has(revision)).toBe(true);
              }
            }
            const targets = step.stage === 'one-box' ? hosts.slice(0, 1) : hosts.slice(1);
            if (outcome.status === 'Succeeded') {
              for (const host of targets)
                expect({ host, ...onHost(fleet, host) }).toEqual({
                  host,
                  revision: step.revision,
                  deploying: false,
                });
            } else if (outcome.rollbackDeploymentId && !/FAILED/.test(outcome.detail)) {
              const touched = new Set(log.filter(([file]) => file === 'deploy').map(([, host]) => host));
              for (const host of touched)
                expect({ host, ...onHost(fleet, host) }).toEqual({
                  host,
                  revision: outcome.previousRevision,
                  deploying: false,
                });
            }
          } else {
            const outcome = ended as RollbackOutcome;
            if (step.to === 'previous' && outcome.rolledBackTo)
              expect(recordedBefore.has(outcome.rolledBackTo)).toBe(true);
            for (const revision of given) expect(revision).toBe(outcome.rolledBackTo);
            if (outcome.status === 'Succeeded') {
              // A no-op and a Succeeded rollback both claim every listed host runs `to`.
              expect(actual()).toEqual(
                hosts.map(() => ({ revision: outcome.rolledBackTo, deploying: false })),
              );
            }
            if (outcome.noop) expect(log).toEqual([]);
          }
        }
        // The closing explicit rollback to v1 always settles the fleet, whatever came before.
        expect(actual()).toEqual(hosts.map(() => ({ revision: 'v1', deploying: false })));
        expect(readFileSync(stateFile, 'utf8')).not.toMatch(/unknown \(deploying|"InProgress"/);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
