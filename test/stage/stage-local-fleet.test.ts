import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, ManualClock, runStep, stageStep } from '@hands-off/core';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { memoryRuntime, type MemoryRuntime } from '../support/memory-runtime.js';
import { ROOT } from '../support/run-action.js';

// Tuesday 2026-12-08 10:00 in Europe/Berlin: inside `Mon-Thu 09:00-17:00`.
const TUESDAY_10 = Date.parse('2026-12-08T09:00:00Z');
const node = process.execPath;

let fleet: LocalFleet | undefined;
let probeServer: Server | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  await new Promise<void>((resolve) => (probeServer ? probeServer.close(() => resolve()) : resolve()));
  probeServer = undefined;
});

/**
 * A health endpoint of the whole service: 500 while the last host of the fleet runs `v3` (a
 * release that only breaks under the fleet's load), else 200.
 */
async function startServiceHealth(f: LocalFleet): Promise<string> {
  probeServer = createServer((_request, response) => {
    void f
      .serving(f.hosts.at(-1) ?? '')
      .then((revision) => response.writeHead(revision === 'v3' ? 500 : 200).end(revision));
  });
  await new Promise<void>((resolve) => probeServer?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(probeServer.address() as AddressInfo).port}/`;
}

function yamlList(items: readonly string[], indent: string): string {
  return items.map((item) => `\n${indent}- ${JSON.stringify(item)}`).join('');
}

/** The environment's entry: the fleet, the one box's bake on its own host, the fleet's bake on the service. */
function writeConfig(workspace: string, f: LocalFleet, serviceUrl: string, extra = ''): void {
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

const fleetEnv = (f: LocalFleet) => ({
  PATH: process.env.PATH ?? '',
  FLEET_DIR: f.dir,
  FLEET_DEPLOY_MS: '60',
});

interface StageRun {
  code: ExitCode;
  runtime: MemoryRuntime;
  errors: string[];
  /** The fewest hosts that answered 200 at any sample during the run. */
  minHealthy: number;
  /** Every revision each host was seen serving during the run, in order, without repeats. */
  seen: Map<string, string[]>;
}

async function stage(
  workspace: string,
  f: LocalFleet,
  inputs: Record<string, string>,
  options: { clock?: ManualClock; runtime?: MemoryRuntime } = {},
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
    stageStep({ clock, sleep: clock.sleep, commandEnv: fleetEnv(f), waitPollMs: 60_000 }),
    runtime,
  );
  sampling = false;
  await sampler;
  const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
  return { code, runtime, errors, minHealthy, seen };
}

async function servingAll(f: LocalFleet): Promise<string[]> {
  return Promise.all(f.hosts.map((h) => f.serving(h)));
}

/** A workspace whose fleet already runs v1 through a promoted stage (so v1 is the last good revision). */
async function promotedV1(bad: string[] = ['v-bad']): Promise<{ workspace: string; f: LocalFleet }> {
  fleet = await startLocalFleet(4, 'v0', bad);
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-'));
  writeConfig(workspace, fleet, await startServiceHealth(fleet));
  const first = await stage(workspace, fleet, { revision: 'v1' });
  expect(first.errors).toEqual([]);
  expect(first.runtime.outputs.get('result')).toBe('promoted');
  return { workspace, f: fleet };
}

describe('the stage (hands-off stage) on a local fleet', () => {
  it('a good revision is promoted: one box, its bake, the fleet in batches keeping min-healthy, the fleet bake', async () => {
    const { workspace, f } = await promotedV1();
    const run = await stage(workspace, f, { revision: 'v2' });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(ExitCode.Ok);
    expect(await servingAll(f)).toEqual(['v2', 'v2', 'v2', 'v2']);
    // min-healthy 75% of 4: at most one host out of service at any sampled moment.
    expect(run.minHealthy).toBeGreaterThanOrEqual(3);
    const out = Object.fromEntries(run.runtime.outputs);
    expect(out).toEqual(
      expect.objectContaining({
        result: 'promoted',
        phase: 'promote',
        revision: 'v2',
        'previous-revision': 'v1',
      }),
    );
    const ids = JSON.parse(out['deployment-ids'] ?? '') as Record<string, string>;
    expect(Object.keys(ids)).toEqual(['one-box', 'fleet']);
    // Both bakes ran their whole duration on the manual clock: 10m + 30m.
    expect(Number(out.duration)).toBeGreaterThanOrEqual(40 * 60);
    const order = run.runtime.lines
      .map((l) => /^stage: \d\/7 (\S+) started$/.exec(l.text)?.[1])
      .filter(Boolean);
    expect(order).toEqual(['guard', 'verify', 'one-box', 'bake-one-box', 'fleet', 'bake-fleet', 'promote']);
    const summary = run.runtime.summaries.join('\n');
    expect(summary).toMatch(/^## hands-off stage: 🟢 promoted · v2 → production/m);
    expect(summary).toMatch(/```mermaid\ngantt\n/);
    expect(summary).toMatch(/bake-fleet :done, p5, 2026-12-08 09:\d\d:\d\d, 2026-12-08 09:\d\d:\d\d/);
    expect(summary).toContain('<summary>bake-one-box: bake-and-watch</summary>');
    const records = readFileSync(join(workspace, 'hands-off', 'decision-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step: string; verdict: string });
    expect(records.slice(-5).map((r) => `${r.step}:${r.verdict}`)).toEqual([
      'one-box-deploy:Succeeded',
      'bake-and-watch:healthy',
      'one-box-deploy:Succeeded',
      'bake-and-watch:healthy',
      'stage:promoted',
    ]);
  });

  it('a bad revision fails the bake of the box: the box is rolled back, the rest of the fleet is never touched', async () => {
    const { workspace, f } = await promotedV1();
    const run = await stage(workspace, f, { revision: 'v-bad' });
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('result')).toBe('rolled-back');
    expect(run.runtime.outputs.get('phase')).toBe('bake-one-box');
    expect(await servingAll(f)).toEqual(['v1', 'v1', 'v1', 'v1']);
    for (const host of f.hosts.slice(1)) expect(run.seen.get(host)).toEqual(['v1']);
    const stageLine = run.errors.at(-1) ?? '';
    expect(stageLine).toMatch(
      /^stage: rolled-back at bake-one-box: bake-one-box: unhealthy: .*; rolled back: /,
    );
    expect(stageLine.split('\n')).toHaveLength(1);
    const ids = JSON.parse(run.runtime.outputs.get('deployment-ids') ?? '') as Record<string, string>;
    expect(ids['one-box-rollback']).toMatch(/^cmd-.*-rollback$/);
    expect(ids.fleet).toBeUndefined();
  });

  it('a failure in the fleet bake brings every host this run changed back to v1', async () => {
    const { workspace, f } = await promotedV1();
    const run = await stage(workspace, f, { revision: 'v3' });
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('result')).toBe('rolled-back');
    expect(run.runtime.outputs.get('phase')).toBe('bake-fleet');
    expect(await servingAll(f)).toEqual(['v1', 'v1', 'v1', 'v1']);
    // Every host did run v3 before: the rollback is what put them back.
    for (const host of f.hosts) expect(run.seen.get(host)).toEqual(['v1', 'v3', 'v1']);
    const ids = JSON.parse(run.runtime.outputs.get('deployment-ids') ?? '') as Record<string, string>;
    // One rollback for the one state file: the fleet's covers the box too.
    expect(Object.keys(ids)).toEqual(['one-box', 'fleet', 'fleet-rollback']);
  });

  it('a closed window blocks with exit 2 and nothing touched', async () => {
    const { workspace, f } = await promotedV1();
    const marker = join(workspace, 'hands-off', 'command-target-before.json');
    const state = readFileSync(join(workspace, '.hands-off', 'command-target.json'), 'utf8');
    writeFileSync(marker, state);
    // Friday 2026-12-11 10:00 in Berlin: outside Mon-Thu.
    const run = await stage(
      workspace,
      f,
      { revision: 'v2' },
      { clock: new ManualClock(Date.parse('2026-12-11T09:00:00Z')) },
    );
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('result')).toBe('blocked');
    expect(run.runtime.outputs.get('phase')).toBe('guard');
    expect(run.errors.at(-1)).toMatch(/^stage: blocked at guard: closed: outside the allowed windows/);
    expect(readFileSync(join(workspace, '.hands-off', 'command-target.json'), 'utf8')).toBe(state);
    expect(await servingAll(f)).toEqual(['v1', 'v1', 'v1', 'v1']);
  });

  it('a runway that does not fit (the window closes before the worst case ends) blocks with nothing touched', async () => {
    const { workspace, f } = await promotedV1();
    const state = readFileSync(join(workspace, '.hands-off', 'command-target.json'), 'utf8');
    // Tuesday 16:00 in Berlin: open until 17:00, but the stage's worst case is 1h30m.
    const run = await stage(
      workspace,
      f,
      { revision: 'v2' },
      { clock: new ManualClock(Date.parse('2026-12-08T15:00:00Z')) },
    );
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('result')).toBe('blocked');
    expect(run.errors.at(-1)).toMatch(
      /^stage: blocked at guard: closed: the window closes at Tue 2026-12-08 17:00 GMT\+1 \(in 1h\); the stage needs 1h30m \(runway\)/,
    );
    expect(readFileSync(join(workspace, '.hands-off', 'command-target.json'), 'utf8')).toBe(state);
    // An explicit, shorter runway fits.
    const short = await stage(
      workspace,
      f,
      { revision: 'v2', runway: '45m' },
      { clock: new ManualClock(Date.parse('2026-12-08T15:00:00Z')) },
    );
    expect(short.runtime.outputs.get('result')).toBe('promoted');
  });

  it('dry-run prints each phase with its target, batches, signals and durations, and runs nothing', async () => {
    fleet = await startLocalFleet(4, 'v1');
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-'));
    writeConfig(workspace, fleet, 'http://127.0.0.1:9/never');
    const run = await stage(workspace, fleet, { revision: 'v2', mode: 'dry-run' });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(ExitCode.Ok);
    const text = run.runtime.lines.map((l) => l.text).join('\n');
    expect(text).toContain('stage (dry-run, nothing changed): v2 to production');
    expect(text).toMatch(
      /guard +Mon-Thu 09:00-17:00 in Europe\/Berlin · runway 1h30m \(worst case\); open now until/,
    );
    expect(text).toMatch(/fleet +3 batch\(es\): \[\S+\] then \[\S+\] then \[\S+\] · timeout 5m/);
    expect(text).toMatch(/bake-fleet +1 probe\(s\) · 30m \(at most 1h\)/);
    expect(existsSync(join(workspace, '.hands-off', 'command-target.json'))).toBe(false);
    expect(run.runtime.outputs.get('phase')).toBe('plan');
    for (const host of fleet.hosts) expect(run.seen.get(host)).toEqual(['v1']);
  });

  it('a bad setting of a later phase fails before anything is touched: one line naming the phase, exit 1', async () => {
    fleet = await startLocalFleet(4, 'v1');
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-'));
    writeConfig(workspace, fleet, 'http://127.0.0.1:9/never');
    const text = readFileSync(join(workspace, 'hands-off.yml'), 'utf8').replace(
      'duration: 30m',
      'duration: 30m\n        max-duration: 10m',
    );
    writeFileSync(join(workspace, 'hands-off.yml'), text);
    const run = await stage(workspace, fleet, { revision: 'v2' });
    expect(run.code).toBe(ExitCode.Error);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /^stage: bake-fleet: input `max-duration`: `10m` is shorter than `duration` \(30m\); example of a valid value: `1h`$/,
    );
    expect(existsSync(join(workspace, '.hands-off', 'command-target.json'))).toBe(false);
  });
});
