import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  CancelledError,
  MAX_TIMER_MS,
  isTransientError,
  pollUntil,
  retry,
  systemClock,
  systemSleep,
} from '@hands-off/core';
import { setLongTimeout, timeoutSignal } from '../../packages/core/src/time/long-timer.js';

const DAY = 86_400_000;

/** Delays handed to setTimeout while the fake timers run: none may exceed what a Node timer holds. */
let delays: number[] = [];

beforeEach(() => {
  jest.useFakeTimers({ now: Date.parse('2026-11-27T00:00:00Z') });
  delays = [];
  const fakeSetTimeout = globalThis.setTimeout;
  jest.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return fakeSetTimeout(callback, ms);
  }) as typeof setTimeout);
});

afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
});

/** Advances fake time by `ms` and reports whether `promise` settled by then. */
async function settledAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('systemSleep beyond the 24.8-day timer limit', () => {
  it('a 50-day sleep waits 50 days of (fake) time, in chunks no longer than MAX_TIMER_MS', async () => {
    const sleep = systemSleep(50 * DAY);
    expect(await settledAfter(sleep, 50 * DAY - 1)).toBe(false);
    expect(await settledAfter(sleep, 1)).toBe(true);
    await sleep;
    expect(delays.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(50 * DAY);
  });

  it('a 50-day sleep is abortable in its second chunk, with CancelledError', async () => {
    const controller = new AbortController();
    const sleep = systemSleep(50 * DAY, controller.signal);
    const outcome = sleep.then(
      () => 'slept',
      (error: unknown) => error,
    );
    await jest.advanceTimersByTimeAsync(30 * DAY);
    controller.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
    expect(jest.getTimerCount()).toBe(0); // nothing left to keep the process alive
  });

  it('a sleep on an already aborted signal rejects at once without arming a timer', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(systemSleep(10 * DAY, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(delays).toEqual([]);
  });
});

describe('pollUntil and retry with delays past the timer limit', () => {
  it('a 25-day poll interval polls at 0, 25 and 50 days of fake time, not 1 ms apart', async () => {
    const times: number[] = [];
    const start = Date.now();
    const run = pollUntil(
      async () => {
        times.push(Date.now() - start);
        return { done: false, value: times.length };
      },
      { clock: systemClock, sleep: systemSleep, intervalMs: 25 * DAY, timeoutMs: 50 * DAY },
    );
    expect(await settledAfter(run, 1000)).toBe(false);
    expect(times).toEqual([0]);
    await jest.advanceTimersByTimeAsync(50 * DAY);
    expect(await run).toEqual({ state: 'timeout', value: 3, polls: 3 });
    expect(times).toEqual([0, 25 * DAY, 50 * DAY]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('a retry backoff of 26 days really waits 26 days before the next attempt', async () => {
    const attempts: number[] = [];
    const start = Date.now();
    const run = retry(
      'op',
      async () => {
        attempts.push(Date.now() - start);
        if (attempts.length === 1) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        return 'ok';
      },
      {
        maxAttempts: 2,
        baseDelayMs: 26 * DAY,
        maxDelayMs: 26 * DAY,
        deadlineMs: 60 * DAY,
        isRetryable: isTransientError,
      },
      { clock: systemClock, sleep: systemSleep, random: () => 1 },
    );
    expect(await settledAfter(run, 26 * DAY - 1)).toBe(false);
    expect(await settledAfter(run, 1)).toBe(true);
    expect(await run).toBe('ok');
    expect(attempts).toEqual([0, 26 * DAY]);
  });
});

describe('timeoutSignal beyond the timer limit', () => {
  it('a 30-day timeout signal aborts after 30 days of fake time with a TimeoutError, not after 1 ms', async () => {
    const signal = timeoutSignal(30 * DAY);
    await jest.advanceTimersByTimeAsync(30 * DAY - 1);
    expect(signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('a cleared long timeout never fires', async () => {
    let fired = false;
    const timer = setLongTimeout(() => (fired = true), 40 * DAY);
    await jest.advanceTimersByTimeAsync(30 * DAY);
    timer.clear();
    await jest.advanceTimersByTimeAsync(20 * DAY);
    expect(fired).toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });
});
