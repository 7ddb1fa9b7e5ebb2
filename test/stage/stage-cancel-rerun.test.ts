import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '@hands-off/core';
import type { Exec } from '../../packages/core/src/deploy/node-exec.js';
import { nodeExec } from '../../packages/core/src/deploy/node-exec.js';
import { memoryRuntime, type MemoryRuntime } from '../support/memory-runtime.js';
import { promotedV1, runStage, servingAll, stopStageFleet } from '../support/stage-fleet.js';

afterEach(stopStageFleet);

/** The command target's state file: no deployment left InProgress, every host known. */
function stateOf(workspace: string): {
  hosts: Record<string, { revision: string | null }>;
  deployments: { status: string }[];
} {
  return JSON.parse(readFileSync(join(workspace, '.hands-off', 'command-target.json'), 'utf8')) as never;
}

/** A runtime that is cancelled (SIGINT) the moment a log line matches `at`. */
function cancelledAt(workspace: string, revision: string, at: RegExp): MemoryRuntime {
  const runtime = memoryRuntime({ environment: 'production', revision }, { workspace });
  const info = runtime.log.info;
  runtime.log.info = (line) => {
    info(line);
    if (at.test(line)) runtime.controller.abort();
  };
  return runtime;
}

/** The post run of the same job: the main run's saved state, the same inputs. */
function postOf(workspace: string, revision: string, main: MemoryRuntime): MemoryRuntime {
  const post = memoryRuntime({ environment: 'production', revision }, { workspace });
  post.getState = (name) => main.getState(name);
  return post;
}

/** Counts deploy-command runs (the fleet's deploy script), whatever the phase. */
function countingExec(): { exec: Exec; deploys: () => number } {
  let deploys = 0;
  return {
    exec: (file, args, options) => {
      if (args.some((a) => a.endsWith('fleet-deploy.mjs'))) deploys++;
      return nodeExec(file, args, options);
    },
    deploys: () => deploys,
  };
}

// Where a cancel lands: right as the phase starts, or while a host's deploy command runs.
const CANCEL_POINTS: [string, RegExp, string[]][] = [
  ['guard', /^stage: 1\/7 guard started$/, []],
  ['verify', /^stage: 2\/7 verify started$/, []],
  ['one-box (deploy command running)', /^deploy cmd-\S+ InProgress · pending 0 · in progress 1/, ['one-box']],
  ['bake-one-box', /^stage: 4\/7 bake-one-box started$/, ['one-box']],
  [
    'fleet (second batch running)',
    /^deploy cmd-\S+ InProgress · pending 1 · in progress 1 · succeeded 1/,
    ['one-box', 'fleet'],
  ],
  ['bake-fleet', /^stage: 6\/7 bake-fleet started$/, ['one-box', 'fleet']],
];

describe('the stage cancelled (SIGINT) in each phase, then its post step', () => {
  it.each(CANCEL_POINTS)(
    'cancelled in %s: the post step leaves every host on v1, nothing in flight; a re-run then promotes',
    async (_phase, at, changed) => {
      const { workspace, f } = await promotedV1();
      const main = cancelledAt(workspace, 'v2', at);
      const run = await runStage(workspace, f, { revision: 'v2' }, { runtime: main, deployMs: 150 });
      expect(run.code).not.toBe(ExitCode.Ok);
      expect(main.getState('stage-changed')).toBe(changed.join(','));
      expect(main.getState('stage-finished')).toBe(changed.length === 0 ? 'true' : '');

      const post = postOf(workspace, 'v2', main);
      await runStage(workspace, f, { revision: 'v2' }, { runtime: post });
      const said = post.lines.map((l) => l.text).join('\n');
      if (changed.length === 0)
        expect(said).toMatch(/stage \(post\): the stage (finished|was cancelled before it changed anything)/);
      else expect(said).toMatch(/stage \(post\): rollback done: /);
      expect(await servingAll(f)).toEqual(['v1', 'v1', 'v1', 'v1']);
      const state = stateOf(workspace);
      expect(state.deployments.filter((d) => d.status === 'InProgress')).toEqual([]);
      expect(Object.values(state.hosts).map((h) => h.revision)).toEqual(['v1', 'v1', 'v1', 'v1']);

      // A re-run of the same job after the cancel: no stale lock, no unknown host; it promotes.
      const again = await runStage(workspace, f, { revision: 'v2' });
      expect(again.errors).toEqual([]);
      expect(again.runtime.outputs.get('result')).toBe('promoted');
      expect(await servingAll(f)).toEqual(['v2', 'v2', 'v2', 'v2']);
    },
  );
});

describe('re-runs', () => {
  it('a re-run of a promoted stage deploys nothing twice: no deploy command runs, the bakes run again, promoted', async () => {
    const { workspace, f } = await promotedV1();
    expect((await runStage(workspace, f, { revision: 'v2' })).runtime.outputs.get('result')).toBe('promoted');
    const counting = countingExec();
    const again = await runStage(workspace, f, { revision: 'v2' }, { exec: counting.exec });
    expect(again.errors).toEqual([]);
    expect(again.runtime.outputs.get('result')).toBe('promoted');
    expect(counting.deploys()).toBe(0);
    for (const host of f.hosts) expect(again.seen.get(host)).toEqual(['v2']);
    expect(
      again.runtime.lines.filter((l) => /already deployed by cmd-\S+; nothing to do/.test(l.text)),
    ).toHaveLength(2);
  });

  it('a re-run after a failed bake fails again the same way (the box only), and a re-run with a good revision promotes', async () => {
    const { workspace, f } = await promotedV1();
    const first = await runStage(workspace, f, { revision: 'v-bad' });
    expect(first.runtime.outputs.get('result')).toBe('rolled-back');
    const counting = countingExec();
    const again = await runStage(workspace, f, { revision: 'v-bad' }, { exec: counting.exec });
    expect(again.runtime.outputs.get('result')).toBe('rolled-back');
    expect(again.runtime.outputs.get('phase')).toBe('bake-one-box');
    // The box is deployed once and rolled back once; the rest of the fleet never.
    expect(counting.deploys()).toBe(2);
    for (const host of f.hosts.slice(1)) expect(again.seen.get(host)).toEqual(['v1']);
    const good = await runStage(workspace, f, { revision: 'v2' });
    expect(good.runtime.outputs.get('result')).toBe('promoted');
    expect(good.runtime.outputs.get('previous-revision')).toBe('v1');
  });

  it('a re-run after a failed fleet bake rolls the fleet back again and leaves no host unaccounted for', async () => {
    const { workspace, f } = await promotedV1();
    expect((await runStage(workspace, f, { revision: 'v3' })).runtime.outputs.get('result')).toBe(
      'rolled-back',
    );
    const again = await runStage(workspace, f, { revision: 'v3' });
    expect(again.runtime.outputs.get('result')).toBe('rolled-back');
    expect(await servingAll(f)).toEqual(['v1', 'v1', 'v1', 'v1']);
    expect(Object.values(stateOf(workspace).hosts).map((h) => h.revision)).toEqual(['v1', 'v1', 'v1', 'v1']);
  });
});
