import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_MAX_DURATION_MS, InputError, formatDuration, parseDuration } from '@hands-off/core';

const DAY = 86_400_000;

/** The message of what `fn` throws (fails the test when it does not throw). */
function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['250ms', 250],
    ['0', 0],
  ])('parses %s', (text, ms) => {
    expect(parseDuration('wait', text)).toBe(ms);
  });

  it.each(['', '30', '1.5h', '-5m', '5 m', '1x', 'h', '1h-30m'])(
    'refuses %j with one line naming the input',
    (text) => {
      expect(() => parseDuration('wait', text)).toThrow(InputError);
      try {
        parseDuration('wait', text);
      } catch (error) {
        expect((error as Error).message).toMatch(/^input `wait`: .*example of a valid value: /);
        expect((error as Error).message).not.toContain('\n');
      }
    },
  );

  it('round-trips formatDuration for whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (seconds) => {
        const options = { maxMs: Number.MAX_SAFE_INTEGER };
        expect(parseDuration('wait', formatDuration(seconds * 1000), options)).toBe(seconds * 1000);
      }),
    );
  });

  it('accepts up to 30 days when the caller names no maximum, and refuses 30d1s', () => {
    expect(DEFAULT_MAX_DURATION_MS).toBe(30 * DAY);
    expect(parseDuration('duration', '30d')).toBe(30 * DAY);
    expect(thrownMessage(() => parseDuration('duration', '30d1s'))).toBe(
      'input `duration`: `30d1s` is longer than the maximum of 30d; ' +
        'example of a valid value: `90s`, `15m` or `1h30m` (at most `30d`)',
    );
  });

  it("refuses a value above the caller's maxMs, naming the input, the maximum and a valid example", () => {
    expect(parseDuration('wait', '7d', { maxMs: 7 * DAY })).toBe(7 * DAY);
    expect(thrownMessage(() => parseDuration('wait', '8d', { maxMs: 7 * DAY }))).toBe(
      'input `wait`: `8d` is longer than the maximum of 7d; ' +
        'example of a valid value: `90s`, `15m` or `1h30m` (at most `7d`)',
    );
    // A small maximum only offers examples that fit it.
    expect(thrownMessage(() => parseDuration('interval', '5m', { maxMs: 60_000 }))).toMatch(
      /; example of a valid value: `1m`$/,
    );
  });

  it.each([
    ['99999999d', '99999999d'],
    ['a 400-digit amount', `${'9'.repeat(400)}d`],
    ['5000 parts', '1d'.repeat(5000)],
  ])('refuses %s with a short InputError, never a RangeError or a value above the maximum', (_, text) => {
    const message = thrownMessage(() => parseDuration('timeout', text));
    expect(message).toMatch(
      /^input `timeout`: `[0-9d]+…?` (\(\d+ chars\) )?is longer than the maximum of 30d; /,
    );
    expect(message.length).toBeLessThan(400);
  });

  it('any text gives a value within maxMs or an InputError naming the input, never anything else', () => {
    const durationLike = fc
      .array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.constantFrom('ms', 's', 'm', 'h', 'd')), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.map(([n, unit]) => `${n}${unit}`).join(''));
    fc.assert(
      fc.property(
        fc.oneof(durationLike, fc.string({ maxLength: 40 })),
        fc.integer({ min: 1, max: 60 * DAY }),
        (text, maxMs) => {
          let value: number;
          try {
            value = parseDuration('poll-interval', text, { maxMs });
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            expect((error as InputError).input).toBe('poll-interval');
            expect((error as Error).message).toMatch(/^input `poll-interval`: /);
            return;
          }
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(maxMs);
        },
      ),
      { numRuns: 500 },
    );
  });
});
