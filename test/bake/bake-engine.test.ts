import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, ManualClock } from '@hands-off/core';
import { runBake, type BakeRunOptions } from '../../packages/core/src/bake/run-bake.js';
import { bakeRunOptions, MINUTE, T0 } from '../support/bake-fixtures.js';
import type { SignalReading, SignalSource, SignalState } from '../../packages/core/src/bake/signal.js';

/** A source whose readings a script decides, poll by poll (the last entry repeats). */
function scripted(
  name: string,
  script: (poll: number, window: { from: number; to: number }) => Partial<SignalReading>[],
): SignalSource & { windows: { from: number; to: number }[] } {
  const windows: { from: number; to: number }[] = [];
  return {
    name,
    windows,
    async poll(window) {
      windows.push({ from: window.from, to: window.to });
      return script(windows.length, window).map((r) => ({
        id: `${name}:a`,
        kind: 'alarm',
        state: 'OK' as SignalState,
        detail: 'ok',
        readAt: window.to,
        ...r,
      }));
    },
  };
}

const logLines: string[] = [];
const log = {
  info: (l: string) => logLines.push(l),
  warning: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

const options = (overrides: Partial<BakeRunOptions> = {}) => bakeRunOptions(overrides);

describe('the bake loop and its verdict', () => {
  it('is healthy only once the duration has elapsed with every signal OK', async () => {
    const clock = new ManualClock(T0);
    const result = await runBake([scripted('cw', () => [{}])], options(), { clock, sleep: clock.sleep, log });
    expect(result.verdict).toBe('healthy');
    expect(clock.now() - T0).toBe(10 * MINUTE);
    expect(result.state.polls).toBe(11); // immediate first poll, then one a minute
    expect(result.reason).toMatch(/^baked 10m; 1 signal\(s\) clean/);
  });

  it('ends unhealthy at the first breaching poll, naming the signal, its value and threshold', async () => {
    const clock = new ManualClock(T0);
    const source = scripted('cw', (poll) => [
      poll === 4 ? { state: 'BREACH', value: 12, threshold: 'ALARM', detail: 'in ALARM' } : {},
    ]);
    const result = await runBake([source], options(), { clock, sleep: clock.sleep, log });
    expect(result.verdict).toBe('unhealthy');
    expect(clock.now() - T0).toBe(3 * MINUTE);
    expect(result.reason).toBe('cw:a breached: in ALARM (value 12, threshold ALARM)');
  });

  it('tolerates a blip below breach-limit, but never passes while a signal is breaching', async () => {
    const clock = new ManualClock(T0);
    // One breaching poll exactly when the duration ends (poll 3, at 2 minutes), then clean.
    const source = scripted('cw', (poll) => [poll === 3 ? { state: 'BREACH', detail: 'blip' } : {}]);
    const result = await runBake(
      [source],
      options({ breachLimit: 2, durationMs: 2 * MINUTE, maxDurationMs: 4 * MINUTE }),
      { clock, sleep: clock.sleep, log },
    );
    expect(result.verdict).toBe('healthy');
    expect(clock.now() - T0).toBe(3 * MINUTE); // not at 2 minutes, while it was breaching
    expect(result.state.breaches).toEqual([expect.objectContaining({ id: 'cw:a', detail: 'blip' })]);

    const stillBreaching = scripted('cw', (poll) => [poll % 2 ? { state: 'BREACH', detail: 'blip' } : {}]);
    const clock2 = new ManualClock(T0);
    const held = await runBake(
      [stillBreaching],
      options({ breachLimit: 2, durationMs: 2 * MINUTE, maxDurationMs: 2 * MINUTE }),
      { clock: clock2, sleep: clock2.sleep, log },
    );
    expect(held.verdict).toBe('inconclusive');
    expect(held.reason).toMatch(/^max-duration 2m reached without the evidence: cw:a breaching: blip/);
  });

  it('counts consecutive errors: unhealthy at error-limit, an error streak broken by a good read starts again', async () => {
    const clock = new ManualClock(T0);
    const broken = scripted('prom', () => [{ state: 'ERROR', detail: 'HTTP 503' }]);
    const result = await runBake([broken], options({ errorLimit: 3 }), { clock, sleep: clock.sleep, log });
    expect(result.verdict).toBe('unhealthy');
    expect(result.state.polls).toBe(3);
    expect(result.reason).toBe('prom:a could not be read 3 times in a row (error-limit 3): HTTP 503');

    const flaky = scripted('prom', (poll) => [poll % 3 === 0 ? {} : { state: 'ERROR', detail: 'HTTP 503' }]);
    const clock2 = new ManualClock(T0);
    const survived = await runBake([flaky], options({ errorLimit: 3, durationMs: 9 * MINUTE }), {
      clock: clock2,
      sleep: clock2.sleep,
      log,
    });
    expect(survived.verdict).toBe('healthy');
  });

  it('extends while traffic is short and is inconclusive at max-duration', async () => {
    const clock = new ManualClock(T0);
    const source = scripted('cw', (poll) => [{}, { id: 'traffic', kind: 'traffic', value: poll * 4 }]);
    const result = await runBake([source], options({ minTraffic: 100 }), { clock, sleep: clock.sleep, log });
    expect(result.verdict).toBe('inconclusive');
    expect(clock.now() - T0).toBe(20 * MINUTE);
    expect(result.reason).toBe('max-duration 20m reached without the evidence: traffic 84/100');
  });

  it('passes as soon as traffic is met after the duration', async () => {
    const clock = new ManualClock(T0);
    const source = scripted('cw', (poll) => [{}, { id: 'traffic', kind: 'traffic', value: poll * 8 }]);
    const result = await runBake([source], options({ minTraffic: 100 }), { clock, sleep: clock.sleep, log });
    expect(result.verdict).toBe('healthy');
    expect(result.state.traffic).toBe(104); // poll 13, at 12 minutes
    expect(clock.now() - T0).toBe(12 * MINUTE);
    expect(logLines.at(-1)).toMatch(/^bake 12m\/10m · traffic 104\/100 · alarms 0\/1 breaching$/);
  });

  it('no-data: extend holds the bake, fail ends it inconclusive at duration, ignore lets it pass', async () => {
    const noData = () => scripted('cw', () => [{ state: 'NO_DATA', detail: 'INSUFFICIENT_DATA' }]);
    const run = async (policy: 'extend' | 'fail' | 'ignore') => {
      const clock = new ManualClock(T0);
      const result = await runBake([noData()], options({ noData: policy }), {
        clock,
        sleep: clock.sleep,
        log,
      });
      return { verdict: result.verdict, minutes: (clock.now() - T0) / MINUTE };
    };
    expect(await run('extend')).toEqual({ verdict: 'inconclusive', minutes: 20 });
    expect(await run('fail')).toEqual({ verdict: 'inconclusive', minutes: 10 });
    expect(await run('ignore')).toEqual({ verdict: 'healthy', minutes: 10 });
  });

  it('min-traffic holds the bake even with no-data: ignore', async () => {
    const clock = new ManualClock(T0);
    const source = scripted('cw', () => [
      { state: 'NO_DATA', detail: 'none' },
      { id: 'traffic', kind: 'traffic', state: 'NO_DATA', detail: 'no datapoints' },
    ]);
    const result = await runBake([source], options({ noData: 'ignore', minTraffic: 1 }), {
      clock,
      sleep: clock.sleep,
      log,
    });
    expect(result.verdict).toBe('inconclusive');
  });

  it('a signal that stops being reported counts as no data, and as an error when its source fails', async () => {
    const clock = new ManualClock(T0);
    const source = scripted('cw', (poll) =>
      poll < 3 ? [{}] : [{ id: 'source:cw', state: 'ERROR', detail: 'ECONNREFUSED' }],
    );
    const result = await runBake([source], options({ errorLimit: 2 }), { clock, sleep: clock.sleep, log });
    expect(result.verdict).toBe('unhealthy');
    expect(result.reason).toMatch(/could not be read 2 times in a row .*ECONNREFUSED/);
  });

  it('a cancel mid-bake keeps a breach already seen (unhealthy), else is inconclusive "cancelled"', async () => {
    const controller = new AbortController();
    const clock = new ManualClock(T0);
    const sleep = async (ms: number, signal?: AbortSignal) => {
      if (clock.now() - T0 >= 3 * MINUTE) controller.abort();
      if (signal?.aborted) throw new CancelledError();
      clock.advance(ms);
    };
    const source = scripted('cw', (poll) => [poll === 2 ? { state: 'BREACH', detail: 'blip' } : {}]);
    const result = await runBake([source], options({ breachLimit: 3 }), {
      clock,
      sleep,
      log,
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect(result.verdict).toBe('unhealthy');
    expect(result.reason).toBe('cancelled after a breach: cw:a: blip');

    const controller2 = new AbortController();
    controller2.abort();
    const clean = await runBake([scripted('cw', () => [{}])], options(), {
      clock: new ManualClock(T0),
      sleep: new ManualClock(T0).sleep,
      log,
      signal: controller2.signal,
    });
    expect(clean).toMatchObject({ verdict: 'inconclusive', reason: 'cancelled', cancelled: true });
  });

  it('each poll reads the window since the previous one, so nothing between polls is skipped', async () => {
    const clock = new ManualClock(T0);
    const source = scripted('cw', () => [{}]);
    await runBake([source], options({ durationMs: 3 * MINUTE, maxDurationMs: 3 * MINUTE }), {
      clock,
      sleep: clock.sleep,
      log,
    });
    for (let i = 1; i < source.windows.length; i++) {
      expect(source.windows[i]?.from).toBe(source.windows[i - 1]?.to);
    }
    expect(source.windows[0]).toEqual({ from: T0, to: T0 });
  });

  it('a checkpointed bake stopped and resumed in slices gives the same verdict as one run', async () => {
    const script = (poll: number, window: { to: number }) => [
      {},
      { id: 'traffic', kind: 'traffic' as const, value: Math.floor((window.to - T0) / MINUTE) * 10 },
      ...(window.to - T0 === 7 * MINUTE
        ? [{ id: 'cw:b', state: 'BREACH' as const, detail: 'late blip' }]
        : [{ id: 'cw:b' }]),
    ];
    const whole = await (async () => {
      const clock = new ManualClock(T0);
      return runBake([scripted('cw', script)], options({ minTraffic: 50, breachLimit: 2 }), {
        clock,
        sleep: clock.sleep,
        log,
      });
    })();
    const checkpoint = join(mkdtempSync(join(tmpdir(), 'bake-')), 'bake.json');
    const clock = new ManualClock(T0);
    let slice = await runBake(
      [scripted('cw', script)],
      options({ minTraffic: 50, breachLimit: 2, checkpoint, runForMs: 3 * MINUTE }),
      { clock, sleep: clock.sleep, log },
    );
    let slices = 1;
    while (slice.verdict === 'baking') {
      slices++;
      slice = await runBake(
        [scripted('cw', script)],
        options({ minTraffic: 50, breachLimit: 2, checkpoint, runForMs: 3 * MINUTE }),
        { clock, sleep: clock.sleep, log },
      );
    }
    expect(slices).toBeGreaterThan(2);
    expect({ verdict: slice.verdict, reason: slice.reason }).toEqual({
      verdict: whole.verdict,
      reason: whole.reason,
    });
    expect(slice.state.breaches.map((b) => b.detail)).toEqual(['late blip']);
    const again = await runBake(
      [scripted('cw', () => [{ state: 'BREACH', detail: 'after the end' }])],
      options({ minTraffic: 50, breachLimit: 2, checkpoint }),
      { clock, sleep: clock.sleep, log },
    );
    expect(again).toMatchObject({ verdict: whole.verdict, fromCheckpoint: true });
  });

  it('a cancelled job slice keeps its breaches in the checkpoint but does not end the long bake', async () => {
    const checkpoint = join(mkdtempSync(join(tmpdir(), 'bake-')), 'bake.json');
    const controller = new AbortController();
    const clock = new ManualClock(T0);
    const sleep = async (ms: number, signal?: AbortSignal) => {
      if (clock.now() - T0 >= 2 * MINUTE) controller.abort();
      if (signal?.aborted) throw new CancelledError();
      clock.advance(ms);
    };
    const blipOnce = scripted('cw', (poll) => [poll === 2 ? { state: 'BREACH', detail: 'blip' } : {}]);
    const sliced = options({ checkpoint, breachLimit: 3, runForMs: 5 * MINUTE });
    const cancelled = await runBake([blipOnce], sliced, { clock, sleep, log, signal: controller.signal });
    expect(cancelled).toMatchObject({ verdict: 'unhealthy', cancelled: true });
    const next = await runBake(
      [scripted('cw', () => [{}])],
      { ...sliced, runForMs: 0 },
      { clock, sleep: clock.sleep, log },
    );
    expect(next.fromCheckpoint).toBe(false);
    expect(next.state.startedAt).toBe(T0);
    expect(next.state.breaches.map((b) => b.detail)).toEqual(['blip']);
    expect(next.verdict).toBe('healthy');
  });

  it('never reports healthy without evidence, whatever faults the sources return (property)', async () => {
    const reading = fc.oneof(
      fc.constant<Partial<SignalReading>>({ state: 'ERROR', detail: 'HTTP 500' }),
      fc.constant<Partial<SignalReading>>({ state: 'NO_DATA', detail: 'empty' }),
      fc.constant<Partial<SignalReading>>({ state: 'BREACH', detail: 'NaN' }),
      fc.constant<Partial<SignalReading>>({}),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(reading, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: -5, max: 30 }), { maxLength: 30 }),
        async (script, jumps) => {
          const clock = new ManualClock(T0);
          let poll = 0;
          const sleep = async (ms: number) => {
            // A clock that jumps: sometimes backwards, sometimes far ahead.
            clock.advance(ms + (jumps[poll % Math.max(1, jumps.length)] ?? 0) * MINUTE);
          };
          const source = scripted('cw', (n) => {
            poll = n;
            return [script[Math.min(n - 1, script.length - 1)] as Partial<SignalReading>];
          });
          const result = await runBake([source], options({ noData: 'extend' }), { clock, sleep, log });
          if (result.verdict === 'healthy') {
            // Healthy is allowed only if the last reading was OK and no breach ever happened.
            const last = script[Math.min(result.state.polls - 1, script.length - 1)];
            expect(last).toEqual({});
            expect(result.state.breaches).toEqual([]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
