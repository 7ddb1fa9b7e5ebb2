import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, ManualClock, runStep, windowGuardStep, type CloudWatchSender } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

const CONFIG = `
defaults:
  timezone: Europe/Berlin
overrides:
  actors: [alice]
environments:
  staging:
    allow: |
      Mon-Fri 08:00-18:00
  production:
    extends: staging
    allow:
      - Mon-Thu 09:00-17:00
    deny:
      - Fri 14:00-24:00
`;

function workspaceWithConfig(text = CONFIG, path = '.github/hands-off.yml'): string {
  const runtime = memoryRuntime();
  mkdirSync(join(runtime.context.workspace, '.github'), { recursive: true });
  writeFileSync(join(runtime.context.workspace, path), text);
  return runtime.context.workspace;
}

/** A CloudWatch stand-in returning fixed alarm states. */
function alarmsStub(states: Record<string, string>): () => Promise<CloudWatchSender> {
  return async () => ({
    send: (async () => ({
      MetricAlarms: Object.entries(states).map(([AlarmName, StateValue]) => ({
        AlarmName,
        StateValue,
        StateReason: 'test',
        StateUpdatedTimestamp: new Date('2026-11-01T00:00:00Z'),
      })),
    })) as unknown as CloudWatchSender['send'],
  });
}

describe('window-guard step', () => {
  it('applies the config entry with extends; inputs override the file; sources are logged', async () => {
    const workspace = workspaceWithConfig();
    // Thursday 2026-11-26 17:30 CET: inside staging's window, outside production's.
    const production = memoryRuntime(
      { environment: 'production', at: '2026-11-26T16:30:00Z' },
      { workspace },
    );
    expect(await runStep(windowGuardStep(), production)).toBe(ExitCode.Refused);
    expect(production.outputs.get('open')).toBe('false');
    expect(production.outputs.get('next-open')).toBe('2026-11-30T08:00:00Z');
    const log = readFileSync(join(workspace, production.outputs.get('decision-log') as string), 'utf8')
      .trim()
      .split('\n');
    const record = JSON.parse(log.at(-1) as string);
    expect(record.inputs.timezone).toEqual({ value: 'Europe/Berlin', source: 'config' });
    expect(record.inputs.allow.source).toBe('config');

    const widened = memoryRuntime(
      { environment: 'production', at: '2026-11-26T16:30:00Z', allow: 'Mon-Fri 08:00-20:00' },
      { workspace },
    );
    expect(await runStep(windowGuardStep(), widened)).toBe(ExitCode.Ok);
    expect(widened.outputs.get('closes-at')).toBe('2026-11-26T19:00:00Z');
  });

  it('an emergency override by a listed actor opens despite windows and alarms, loudly and on record', async () => {
    const workspace = workspaceWithConfig();
    const runtime = memoryRuntime(
      {
        environment: 'production',
        at: '2026-11-27T15:00:00Z',
        alarms: 'shop-5xx',
        'override-reason': 'INC-42 hotfix',
      },
      { workspace, actor: 'alice' },
    );
    const step = windowGuardStep({ cloudWatch: alarmsStub({ 'shop-5xx': 'ALARM' }) });
    expect(await runStep(step, runtime)).toBe(ExitCode.Ok);
    expect(runtime.outputs.get('open')).toBe('true');
    expect(runtime.outputs.get('overridden')).toBe('true');
    expect(runtime.outputs.get('reason')).toMatch(
      /EMERGENCY OVERRIDE by alice despite .*alarm.*: INC-42 hotfix/,
    );
    expect(runtime.lines.some((l) => l.level === 'warning' && /EMERGENCY OVERRIDE/.test(l.text))).toBe(true);
    expect(runtime.summaries[0]).toContain('### Emergency override');
    const record = JSON.parse(
      readFileSync(join(workspace, runtime.outputs.get('decision-log') as string), 'utf8').trim(),
    );
    expect(record.verdict).toBe('overridden');
    expect(record.observations.override).toEqual({
      actor: 'alice',
      reason: 'INC-42 hotfix',
      at: '2026-11-27T15:00:00Z',
      accepted: true,
    });
  });

  it('an override by an actor not listed is refused and the guard stays closed', async () => {
    const workspace = workspaceWithConfig();
    const runtime = memoryRuntime(
      { environment: 'production', at: '2026-11-27T15:00:00Z', 'override-reason': 'let me' },
      { workspace, actor: 'mallory' },
    );
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Refused);
    expect(runtime.outputs.get('overridden')).toBe('false');
    const blockers = JSON.parse(runtime.outputs.get('blockers') as string) as {
      kind: string;
      detail: string;
    }[];
    expect(blockers.map((b) => b.kind)).toContain('override-refused');
    expect(blockers.find((b) => b.kind === 'override-refused')?.detail).toContain('mallory');
  });

  it('an override refused even inside an open window, so a mistaken request is seen', async () => {
    const runtime = memoryRuntime({ 'override-reason': 'just in case' }, { actor: 'bob' });
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Refused);
    expect(runtime.outputs.get('reason')).toMatch(/override refused: actor `bob`.*none listed/);
  });

  it('dry-run reports closed but exits 0', async () => {
    const runtime = memoryRuntime({ allow: 'Mon 09:00-10:00', at: '2026-11-27T15:00:00Z', mode: 'dry-run' });
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Ok);
    expect(runtime.outputs.get('open')).toBe('false');
    expect(runtime.summaries[0]).toContain('dry-run');
  });

  it('a GitLab deploy freeze (CI_DEPLOY_FREEZE) closes the guard when the job runs', async () => {
    const runtime = memoryRuntime({}, { deployFreeze: true, platform: 'gitlab' });
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Refused);
    expect(JSON.parse(runtime.outputs.get('blockers') as string)).toEqual([
      { kind: 'gitlab-deploy-freeze', detail: expect.stringContaining('CI_DEPLOY_FREEZE') },
    ]);
  });

  it('wait sleeps until the next open instant, printing progress, then opens', async () => {
    // Friday 2026-11-27 08:30 UTC; the window opens at 09:00.
    const clock = new ManualClock(Date.parse('2026-11-27T08:30:00Z'));
    const runtime = memoryRuntime({ allow: 'Fri 09:00-10:00', wait: '1h' });
    const step = windowGuardStep({ clock, sleep: clock.sleep, waitPollMs: 10 * 60_000 });
    expect(await runStep(step, runtime)).toBe(ExitCode.Ok);
    expect(clock.now()).toBe(Date.parse('2026-11-27T09:00:00Z'));
    expect(runtime.outputs.get('open')).toBe('true');
    const progress = runtime.lines.filter((l) => /waited .* closed/.test(l.text));
    expect(progress.length).toBeGreaterThanOrEqual(3); // every 10 minutes
    expect(progress[0]?.text).toMatch(/next open in 30m/);
  });

  it('wait gives up at its limit when the next open instant is later', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T08:00:00Z'));
    const runtime = memoryRuntime({ allow: 'Fri 12:00-13:00', wait: '30m' });
    const step = windowGuardStep({ clock, sleep: clock.sleep, waitPollMs: 5 * 60_000 });
    expect(await runStep(step, runtime)).toBe(ExitCode.Refused);
    expect(clock.now()).toBe(Date.parse('2026-11-27T08:30:00Z'));
    expect(runtime.outputs.get('next-open')).toBe('2026-11-27T12:00:00Z');
  });

  it('wait re-checks alarms before returning: open window, firing alarm, still closed', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T08:50:00Z'));
    const runtime = memoryRuntime({ allow: 'Fri 09:00-10:00', wait: '20m', alarms: 'shop-5xx' });
    const step = windowGuardStep({
      clock,
      sleep: clock.sleep,
      waitPollMs: 5 * 60_000,
      cloudWatch: alarmsStub({ 'shop-5xx': 'ALARM' }),
    });
    expect(await runStep(step, runtime)).toBe(ExitCode.Refused);
    expect(
      JSON.parse(runtime.outputs.get('blockers') as string).map((b: { kind: string }) => b.kind),
    ).toEqual(['alarm']);
  });

  it('a composite alarm in ALARM closes the guard like a metric alarm (moto has no composite alarms)', async () => {
    const runtime = memoryRuntime({ alarms: 'shop-health' });
    const requests: unknown[] = [];
    const client = async () => ({
      send: (async (command: { input: unknown }) => {
        requests.push(command.input);
        return {
          CompositeAlarms: [
            {
              AlarmName: 'shop-health',
              StateValue: 'ALARM',
              StateReason: 'child alarm shop-5xx in ALARM',
              StateUpdatedTimestamp: new Date('2026-11-23T07:00:00Z'),
            },
          ],
        };
      }) as unknown as CloudWatchSender['send'],
    });
    expect(await runStep(windowGuardStep({ cloudWatch: client }), runtime)).toBe(ExitCode.Refused);
    expect(requests).toEqual([expect.objectContaining({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })]);
    expect(JSON.parse(runtime.outputs.get('blockers') as string)).toEqual([
      {
        kind: 'alarm',
        detail: expect.stringMatching(/^shop-health is in ALARM since 2026-11-23T07:00:00.000Z/),
      },
    ]);
    expect(runtime.summaries[0]).toMatch(/\| shop-health \| composite \| ALARM \|/);
  });

  it('a cancel during wait stops at once, writes outputs and exits non-zero', async () => {
    // Closed whatever the real date is, so the wait is certain to be running when cancelled.
    const runtime = memoryRuntime({ deny: '2020-01-01..2060-01-01', wait: '6h' });
    setTimeout(() => runtime.controller.abort(), 50);
    const started = Date.now();
    const code = await runStep(windowGuardStep({ waitPollMs: 60_000 }), runtime);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code).toBe(ExitCode.Refused);
    expect(runtime.outputs.get('open')).toBe('false');
    expect(runtime.outputs.get('reason')).toMatch(/cancelled/);
  });
});
