import { describe, expect, it } from '@jest/globals';
import { ManualClock, isTransientError, retry, type RetryPolicy } from '@hands-off/core';

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  deadlineMs: 10_000,
  isRetryable: isTransientError,
};

describe('retry', () => {
  it('retries a transient error with jittered, capped backoff and returns the first success', async () => {
    const clock = new ManualClock(0);
    const waits: number[] = [];
    let attempts = 0;
    const result = await retry(
      'op',
      async () => {
        if (++attempts < 3) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
        return 'ok';
      },
      policy,
      { clock, sleep: async (ms) => void (waits.push(ms), clock.advance(ms)), random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([50, 100]); // half of 100, then half of 200
  });

  it('does not retry an error that will not pass (access denied)', async () => {
    let attempts = 0;
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      retry(
        'op',
        async () => {
          attempts++;
          throw denied;
        },
        policy,
        { clock: new ManualClock(0), sleep: async () => undefined },
      ),
    ).rejects.toBe(denied);
    expect(attempts).toBe(1);
  });

  it('stops at the deadline even with attempts left', async () => {
    const clock = new ManualClock(0);
    let attempts = 0;
    await expect(
      retry(
        'op',
        async () => {
          attempts++;
          clock.advance(4_000);
          throw Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } });
        },
        policy,
        { clock, sleep: clock.sleep, random: () => 1 },
      ),
    ).rejects.toThrow('x');
    expect(attempts).toBe(3); // 4 s + 4.1 s + 4.2 s passes 10 s before the fourth
  });
});

describe('isTransientError', () => {
  it.each([
    [{ $metadata: { httpStatusCode: 500 } }, true],
    [{ $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'ThrottlingException', message: 'Rate exceeded' }, true],
    [{ code: 'ECONNREFUSED' }, true],
    [{ message: 'AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9' }, true],
    [{ name: 'TimeoutError' }, true],
    [{ name: 'ValidationError', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'AccessDenied', message: 'ECONNREFUSED in text', $metadata: { httpStatusCode: 403 } }, false],
    ['a string', false],
  ])('%j -> %s', (error, expected) => {
    expect(isTransientError(error)).toBe(expected);
  });
});
