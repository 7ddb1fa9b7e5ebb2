import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, ManualClock } from '@hands-off/core';
import { lockStateFile } from '../../packages/core/src/deploy/state-file-lock.js';
import {
  freshFleet,
  promotedV1,
  runStage as stage,
  servingAll,
  stopStageFleet,
  TUESDAY_10,
} from '../support/stage-fleet.js';

afterEach(stopStageFleet);

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

  it('a deploy refused before it began (the state file in use by another run) rolls back nothing: that run is not ours', async () => {
    const { workspace, f } = await promotedV1();
    const stateFile = join(workspace, '.hands-off', 'command-target.json');
    // Taken on the stage's clock, for a day: a live lock of another run, never stale.
    const lock = await lockStateFile(stateFile, 86_400_000, new ManualClock(TUESDAY_10));
    try {
      const run = await stage(workspace, f, { revision: 'v2' });
      expect(run.code).toBe(ExitCode.Error);
      expect(run.runtime.outputs.get('result')).toBe('failed');
      expect(run.runtime.outputs.get('phase')).toBe('one-box');
      expect(run.runtime.lines.some((l) => /^stage: rollback started$/.test(l.text))).toBe(false);
      expect(run.errors.at(-1)).toMatch(
        /^stage: failed at one-box: one-box: one-box-deploy: state file \S+ is in use by another run .*; nothing was changed$/,
      );
      expect(JSON.parse(run.runtime.outputs.get('deployment-ids') ?? '')).toEqual({});
    } finally {
      await lock.release();
    }
    expect(await servingAll(f)).toEqual(['v1', 'v1', 'v1', 'v1']);
  });

  it('dry-run prints each phase with its target, batches, signals and durations, and runs nothing', async () => {
    const { workspace, f: fleet } = await freshFleet();
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
    const { workspace, f: fleet } = await freshFleet();
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
