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

  it('wait returns at once, closed with next-open, when the next opening lies beyond the wait', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T08:00:00Z'));
    const runtime = memoryRuntime({ allow: 'Fri 12:00-13:00', wait: '30m' });
    const step = windowGuardStep({ clock, sleep: clock.sleep, waitPollMs: 5 * 60_000 });
    expect(await runStep(step, runtime)).toBe(ExitCode.Refused);
    expect(clock.now()).toBe(Date.parse('2026-11-27T08:00:00Z'));
    expect(runtime.outputs.get('next-open')).toBe('2026-11-27T12:00:00Z');
    expect(runtime.lines.map((l) => l.text)).toContain(
      'window-guard: closed; not waiting: the next opening, Fri 2026-11-27 12:00 UTC (2026-11-27T12:00:00Z), ' +
        'comes after the 30m wait would end',
    );
  });

  it('wait stops as soon as the windows close again with the next opening beyond the wait', async () => {
    // Opens 09:00-09:10 while an alarm fires; after 09:10 the next opening is a week away.
    const clock = new ManualClock(Date.parse('2026-11-27T08:50:00Z'));
    const runtime = memoryRuntime({ allow: 'Fri 09:00-09:10', wait: '2h', alarms: 'shop-5xx' });
    const step = windowGuardStep({
      clock,
      sleep: clock.sleep,
      waitPollMs: 5 * 60_000,
      cloudWatch: alarmsStub({ 'shop-5xx': 'ALARM' }),
    });
    expect(await runStep(step, runtime)).toBe(ExitCode.Refused);
    expect(clock.now()).toBe(Date.parse('2026-11-27T09:10:00Z'));
    expect(runtime.outputs.get('next-open')).toBe('2026-12-04T09:00:00Z');
    expect(runtime.lines.some((l) => /stopped waiting: the next opening/.test(l.text))).toBe(true);
  });

  it('a guard with no opening within a year returns at once, even with the longest wait', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T08:00:00Z'));
    const runtime = memoryRuntime({ deny: '2020-01-01..2060-01-01', wait: '7d' });
    const step = windowGuardStep({ clock, sleep: clock.sleep });
    expect(await runStep(step, runtime)).toBe(ExitCode.Refused);
    expect(clock.now()).toBe(Date.parse('2026-11-27T08:00:00Z'));
    expect(runtime.outputs.get('next-open')).toBe('');
    expect(runtime.outputs.get('reason')).toMatch(/no open window within a year/);
  });

  it.each([
    ['8d', '`8d` is longer than the maximum of 7d'],
    ['99999999d', '`99999999d` is longer than the maximum of 7d'],
  ])(
    'wait %s is refused with one line naming the 7d maximum, before anything is evaluated',
    async (wait, problem) => {
      const clock = new ManualClock(Date.parse('2026-11-27T08:00:00Z'));
      const runtime = memoryRuntime({ deny: '2020-01-01..2060-01-01', wait });
      const step = windowGuardStep({ clock, sleep: clock.sleep });
      expect(await runStep(step, runtime)).toBe(ExitCode.Error);
      expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
        `window-guard: input \`wait\`: ${problem}; example of a valid value: \`90s\`, \`15m\` or \`1h30m\` (at most \`7d\`)`,
      ]);
      expect(clock.now()).toBe(Date.parse('2026-11-27T08:00:00Z'));
      expect(runtime.outputs.size).toBe(0);
    },
  );

  it('runway closes a guard whose window ends too soon, and a wait follows the next start with the runway ahead', async () => {
    // Friday 2026-11-27 09:30 UTC: the window closes in 30m, the stage needs 1h30m.
    const closed = memoryRuntime({
      allow: 'Fri 09:00-10:00\nFri 11:00-13:00',
      at: '2026-11-27T09:30:00Z',
      runway: '1h30m',
    });
    expect(await runStep(windowGuardStep(), closed)).toBe(ExitCode.Refused);
    expect(closed.outputs.get('open')).toBe('false');
    expect(JSON.parse(closed.outputs.get('blockers') as string)).toEqual([
      {
        kind: 'runway',
        detail: 'the window closes at Fri 2026-11-27 10:00 UTC (in 30m); the stage needs 1h30m (runway)',
      },
    ]);
    expect(closed.outputs.get('reason')).toMatch(
      /^closed: .*needs 1h30m \(runway\); next open Fri 2026-11-27 11:00 UTC/,
    );
    expect(closed.outputs.get('next-open')).toBe('2026-11-27T11:00:00Z');
    expect(closed.outputs.get('closes-at')).toBe('');

    const clock = new ManualClock(Date.parse('2026-11-27T09:30:00Z'));
    const waiting = memoryRuntime({ allow: 'Fri 09:00-10:00\nFri 11:00-13:00', runway: '1h30m', wait: '2h' });
    const step = windowGuardStep({ clock, sleep: clock.sleep, waitPollMs: 10 * 60_000 });
    expect(await runStep(step, waiting)).toBe(ExitCode.Ok);
    expect(clock.now()).toBe(Date.parse('2026-11-27T11:00:00Z'));
    expect(waiting.outputs.get('closes-at')).toBe('2026-11-27T13:00:00Z');

    const tooLate = memoryRuntime({ allow: 'Fri 09:00-10:00\nFri 11:00-13:00', runway: '1h30m', wait: '1h' });
    const lateClock = new ManualClock(Date.parse('2026-11-27T09:30:00Z'));
    expect(await runStep(windowGuardStep({ clock: lateClock, sleep: lateClock.sleep }), tooLate)).toBe(
      ExitCode.Refused,
    );
    expect(lateClock.now()).toBe(Date.parse('2026-11-27T09:30:00Z'));
    expect(tooLate.lines.map((l) => l.text)).toContain(
      'window-guard: closed; not waiting: the next opening with the 1h30m runway, Fri 2026-11-27 11:00 UTC ' +
        '(2026-11-27T11:00:00Z), comes after the 1h wait would end',
    );
  });

  it.each([
    ['8d', '`8d` is longer than the maximum of 7d'],
    ['soon', '`soon` is not a duration'],
  ])('runway %s is refused with one line naming `runway`, exit 1', async (runway, problem) => {
    const runtime = memoryRuntime({ allow: 'Fri 09:00-10:00', at: '2026-11-27T09:30:00Z', runway });
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Error);
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      `window-guard: input \`runway\`: ${problem}; example of a valid value: \`90s\`, \`15m\` or \`1h30m\` (at most \`7d\`)`,
    ]);
    expect(runtime.outputs.size).toBe(0);
  });

  it('dry-run never waits, even when the window opens within the wait', async () => {
    const clock = new ManualClock(Date.parse('2026-11-27T08:50:00Z'));
    const runtime = memoryRuntime({ allow: 'Fri 09:00-10:00', wait: '15m', mode: 'dry-run' });
    const step = windowGuardStep({ clock, sleep: clock.sleep, waitPollMs: 60_000 });
    expect(await runStep(step, runtime)).toBe(ExitCode.Ok);
    expect(clock.now()).toBe(Date.parse('2026-11-27T08:50:00Z'));
    expect(runtime.outputs.get('open')).toBe('false');
    expect(runtime.lines.map((l) => l.text)).toContain(
      'window-guard: closed; dry-run does not wait (wait 15m ignored)',
    );
  });

  it('dry-run with wait from the config, unreadable alarms and the next opening 1d22h away returns at once', async () => {
    // Issue 9: `--mode dry-run` sat for the config's 15 minutes.
    const workspace = workspaceWithConfig(
      'defaults:\n  wait: 15m\n  allow: Sun 08:00-18:00\n  alarms: shop-5xx\n',
    );
    const clock = new ManualClock(Date.parse('2026-11-27T10:00:00Z')); // Friday; opens Sunday 08:00
    const runtime = memoryRuntime({ mode: 'dry-run' }, { workspace });
    const denied = async () => ({
      send: (async () => {
        throw Object.assign(new Error('not authorized to perform cloudwatch:DescribeAlarms'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      }) as unknown as CloudWatchSender['send'],
    });
    const step = windowGuardStep({ clock, sleep: clock.sleep, cloudWatch: denied });
    expect(await runStep(step, runtime)).toBe(ExitCode.Ok);
    expect(clock.now()).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(runtime.outputs.get('next-open')).toBe('2026-11-29T08:00:00Z');
    expect(
      JSON.parse(runtime.outputs.get('blockers') as string).map((b: { kind: string }) => b.kind),
    ).toEqual(['outside-window', 'alarm-unreadable']);
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
    // Open windows but a firing alarm, whatever the real date is: the wait is certain to be running.
    const runtime = memoryRuntime({ alarms: 'shop-5xx', wait: '6h' });
    setTimeout(() => runtime.controller.abort(), 50);
    const started = Date.now();
    const step = windowGuardStep({ waitPollMs: 60_000, cloudWatch: alarmsStub({ 'shop-5xx': 'ALARM' }) });
    const code = await runStep(step, runtime);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(code).toBe(ExitCode.Refused);
    expect(runtime.outputs.get('open')).toBe('false');
    expect(runtime.outputs.get('reason')).toMatch(/cancelled/);
  });
});
