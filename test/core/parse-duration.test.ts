import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError, formatDuration, parseDuration } from '@hands-off/core';

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
        expect(parseDuration('wait', formatDuration(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});
