import { expect } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, runStep, stageStep, type ExitCode } from '@hands-off/core';
import type { Exec } from '../../packages/core/src/deploy/node-exec.js';
import { startLocalFleet, type LocalFleet } from './local-fleet.js';
import { memoryRuntime, type MemoryRuntime } from './memory-runtime.js';
import { ROOT } from './run-action.js';

/** Tuesday 2026-12-08 10:00 in Europe/Berlin: inside `Mon-Thu 09:00-17:00`. */
export const TUESDAY_10 = Date.parse('2026-12-08T09:00:00Z');
const node = process.execPath;

/** What a test started, stopped by stopStageFleet in afterEach. */
const started: { fleet?: LocalFleet; server?: Server } = {};

export async function stopStageFleet(): Promise<void> {
  await started.fleet?.stop();
  started.fleet = undefined;
  const server = started.server;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  started.server = undefined;
}

/**
 * A health endpoint of the whole service: 500 while the last host of the fleet runs `v3` (a
 * release that only breaks under the fleet's load), else 200.
 */
export async function startServiceHealth(f: LocalFleet): Promise<string> {
  const server = createServer((_request, response) => {
    void f
      .serving(f.hosts.at(-1) ?? '')
      .then((revision) => response.writeHead(revision === 'v3' ? 500 : 200).end(revision));
  });
  started.server = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function yamlList(items: readonly string[], indent: string): string {
  return items.map((item) => `\n${indent}- ${JSON.stringify(item)}`).join('');
}

/** The environment's entry: the fleet, the one box's bake on its own host, the fleet's bake on the service. */
export function writeStageConfig(workspace: string, f: LocalFleet, serviceUrl: string, extra = ''): void {
  const [box] = f.hosts;
  writeFileSync(
    join(workspace, 'hands-off.yml'),
    `environments:
  production:
    timezone: Europe/Berlin
    allow: Mon-Thu 09:00-17:00
    deploy:
      target: command
      hosts:${yamlList(f.hosts, '        ')}
      deploy-command: ${JSON.stringify(`${node} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`)}
      timeout: 5m
    one-box:
      bake:
        duration: 10m
        poll-interval: 1m
        probes: GET http://${box}/ 200
    fleet:
      batch-size: 1
      min-healthy: 75%
      bake:
        duration: 30m
        poll-interval: 1m
        probes: GET ${serviceUrl} 200
${extra}`,
  );
}

export const fleetEnv = (f: LocalFleet, deployMs = 60) => ({
  PATH: process.env.PATH ?? '',
  FLEET_DIR: f.dir,
  FLEET_DEPLOY_MS: String(deployMs),
});

export interface StageRun {
  code: ExitCode;
  runtime: MemoryRuntime;
  errors: string[];
  /** The fewest hosts that answered 200 at any sample during the run. */
  minHealthy: number;
  /** Every revision each host was seen serving during the run, in order, without repeats. */
  seen: Map<string, string[]>;
}

/** Runs the stage in process on the fleet, sampling every host every 10 ms while it runs. */
export async function runStage(
  workspace: string,
  f: LocalFleet,
  inputs: Record<string, string>,
  options: { clock?: ManualClock; runtime?: MemoryRuntime; exec?: Exec; deployMs?: number } = {},
): Promise<StageRun> {
  const clock = options.clock ?? new ManualClock(TUESDAY_10);
  const runtime = options.runtime ?? memoryRuntime({ environment: 'production', ...inputs }, { workspace });
  let minHealthy = f.hosts.length;
  const seen = new Map<string, string[]>(f.hosts.map((h) => [h, []]));
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const revisions = await Promise.all(f.hosts.map((h) => f.serving(h)));
      minHealthy = Math.min(minHealthy, revisions.filter((r) => r !== 'down').length);
      revisions.forEach((revision, i) => {
        const list = seen.get(f.hosts[i] ?? '') ?? [];
        if (revision !== 'down' && list.at(-1) !== revision) list.push(revision);
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const code = await runStep(
    stageStep({
      clock,
      sleep: clock.sleep,
      commandEnv: fleetEnv(f, options.deployMs),
      waitPollMs: 60_000,
      ...(options.exec ? { exec: options.exec } : {}),
    }),
    runtime,
  );
  sampling = false;
  await sampler;
  const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
  return { code, runtime, errors, minHealthy, seen };
}

export async function servingAll(f: LocalFleet): Promise<string[]> {
  return Promise.all(f.hosts.map((h) => f.serving(h)));
}

/** A workspace whose four-host fleet already runs v1 through a promoted stage (v1 is the last good revision). */
export async function promotedV1(bad: string[] = ['v-bad']): Promise<{ workspace: string; f: LocalFleet }> {
  const fleet = await startLocalFleet(4, 'v0', bad);
  started.fleet = fleet;
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-'));
  writeStageConfig(workspace, fleet, await startServiceHealth(fleet));
  const first = await runStage(workspace, fleet, { revision: 'v1' });
  expect(first.errors).toEqual([]);
  expect(first.runtime.outputs.get('result')).toBe('promoted');
  return { workspace, f: fleet };
}

/** A fleet on v1 with no stage run yet, for tests that never deploy. */
export async function freshFleet(): Promise<{ workspace: string; f: LocalFleet }> {
  const fleet = await startLocalFleet(4, 'v1');
  started.fleet = fleet;
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-'));
  writeStageConfig(workspace, fleet, 'http://127.0.0.1:9/never');
  return { workspace, f: fleet };
}
