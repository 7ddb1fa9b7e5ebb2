import { describe, expect, it } from '@jest/globals';
import { ManualClock, pollUntil } from '@hands-off/core';

describe('pollUntil', () => {
  it('polls at once, then every interval, and lands the last poll on the deadline', async () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const result = await pollUntil(
      async () => {
        times.push(clock.now());
        return { done: false, value: times.length };
      },
      { clock, sleep: clock.sleep, intervalMs: 400, timeoutMs: 1000 },
    );
    expect(times).toEqual([0, 400, 800, 1000]);
    expect(result).toEqual({ state: 'timeout', value: 4, polls: 4 });
  });

  it('ends within its budget even when the clock jumps backwards at every pause', async () => {
    const clock = new ManualClock(1_000_000);
    const sleep = async (ms: number) => clock.advance(ms - 10 * ms); // goes back 9 × the pause
    const result = await pollUntil(async () => ({ done: false, value: null }), {
      clock,
      sleep,
      intervalMs: 100,
      timeoutMs: 1000,
    });
    expect(result.state).toBe('timeout');
    expect(result.polls).toBe(11);
  });

  it('returns aborted, with the last value, when the signal aborts', async () => {
    const controller = new AbortController();
    const clock = new ManualClock(0);
    const result = await pollUntil(
      async (poll) => {
        if (poll === 2) controller.abort();
        return { done: false, value: poll };
      },
      { clock, sleep: clock.sleep, intervalMs: 10, timeoutMs: 1000, signal: controller.signal },
    );
    expect(result).toEqual({ state: 'aborted', value: 2, polls: 2 });
  });
});
