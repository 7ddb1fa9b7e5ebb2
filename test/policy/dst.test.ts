import { describe, expect, it } from '@jest/globals';
import { evaluateWindows } from '../../packages/core/src/policy/window-policy.js';
import { at, iso, policyOf } from './policy-fixtures.js';

const open = (policy: ReturnType<typeof policyOf>, instant: string): boolean =>
  evaluateWindows(policy, at(instant)).open;

describe('weekly windows across DST transitions', () => {
  describe('America/New_York', () => {
    const zone = 'America/New_York';

    it('a window made only of skipped local times (spring forward) is never inside', () => {
      // 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
      const policy = policyOf({ timezone: zone, allow: ['Sun 02:00-03:00'] });
      const result = evaluateWindows(policy, at('2026-03-08T06:00:00Z'));
      expect(result.open).toBe(false);
      // The next Sunday 02:00 EDT is 06:00Z.
      expect(iso(result.nextOpen)).toBe('2026-03-15T06:00:00Z');
    });

    it('a window straddling the skipped hour is inside only for its existing part', () => {
      const policy = policyOf({ timezone: zone, allow: ['Sun 02:30-03:30'] });
      const result = evaluateWindows(policy, at('2026-03-08T06:00:00Z'));
      expect(iso(result.nextOpen)).toBe('2026-03-08T07:00:00Z'); // 03:00 EDT
      expect(open(policy, '2026-03-08T07:29:59Z')).toBe(true);
      expect(open(policy, '2026-03-08T07:30:00Z')).toBe(false); // 03:30 EDT
      expect(evaluateWindows(policy, at('2026-03-08T07:10:00Z')).closesAt).toBe(at('2026-03-08T07:30:00Z'));
    });

    it('repeated local times (fall back) are inside both times', () => {
      // 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00Z.
      const policy = policyOf({ timezone: zone, allow: ['Sun 01:00-01:30'] });
      expect(open(policy, '2026-11-01T05:15:00Z')).toBe(true); // 01:15 EDT
      expect(open(policy, '2026-11-01T05:45:00Z')).toBe(false); // 01:45 EDT
      expect(open(policy, '2026-11-01T06:15:00Z')).toBe(true); // 01:15 EST
      expect(iso(evaluateWindows(policy, at('2026-11-01T05:45:00Z')).nextOpen)).toBe('2026-11-01T06:00:00Z');
      expect(iso(evaluateWindows(policy, at('2026-11-01T05:15:00Z')).closesAt)).toBe('2026-11-01T05:30:00Z');
    });

    it('an ordinary business-hours window keeps its local hours on both sides of the change', () => {
      const policy = policyOf({ timezone: zone, allow: ['Mon-Fri 09:00-17:00'] });
      expect(iso(evaluateWindows(policy, at('2026-03-07T12:00:00Z')).nextOpen)).toBe('2026-03-09T13:00:00Z');
      expect(iso(evaluateWindows(policy, at('2026-10-31T12:00:00Z')).nextOpen)).toBe('2026-11-02T14:00:00Z');
    });
  });

  describe('Europe/London', () => {
    const zone = 'Europe/London';

    it('the skipped hour on 2026-03-29 is never inside', () => {
      // 01:00 GMT jumps to 02:00 BST at 01:00Z.
      const policy = policyOf({ timezone: zone, allow: ['Sun 01:00-02:00'] });
      expect(open(policy, '2026-03-29T00:59:59Z')).toBe(false);
      expect(open(policy, '2026-03-29T01:00:00Z')).toBe(false);
      expect(iso(evaluateWindows(policy, at('2026-03-28T12:00:00Z')).nextOpen)).toBe('2026-04-05T00:00:00Z');
    });

    it('the repeated hour on 2026-10-25 makes a one-hour window last two hours', () => {
      // 02:00 BST falls back to 01:00 GMT at 01:00Z.
      const policy = policyOf({ timezone: zone, allow: ['Sun 01:00-02:00'] });
      const result = evaluateWindows(policy, at('2026-10-25T00:30:00Z'));
      expect(result.open).toBe(true);
      expect(iso(result.closesAt)).toBe('2026-10-25T02:00:00Z');
      expect(open(policy, '2026-10-25T01:30:00Z')).toBe(true);
      expect(open(policy, '2026-10-25T02:00:00Z')).toBe(false);
    });
  });

  describe('Australia/Sydney', () => {
    const zone = 'Australia/Sydney';

    it('the repeated hour on 2026-04-05 is inside both times', () => {
      // 03:00 AEDT falls back to 02:00 AEST at 16:00Z on 04-04.
      const policy = policyOf({ timezone: zone, allow: ['Sun 02:00-03:00'] });
      const result = evaluateWindows(policy, at('2026-04-04T15:30:00Z'));
      expect(result.open).toBe(true);
      expect(iso(result.closesAt)).toBe('2026-04-04T17:00:00Z');
    });

    it('the skipped hour on 2026-10-04 is never inside', () => {
      // 02:00 AEST jumps to 03:00 AEDT at 16:00Z on 10-03.
      const policy = policyOf({ timezone: zone, allow: ['Sun 02:00-03:00'] });
      const result = evaluateWindows(policy, at('2026-10-03T12:00:00Z'));
      expect(result.open).toBe(false);
      // Next Sunday 02:00 AEDT is 15:00Z on Saturday 10-10.
      expect(iso(result.nextOpen)).toBe('2026-10-10T15:00:00Z');
    });
  });

  it('a deny date covers the whole local day, 23 or 25 hours long on DST days', () => {
    const policy = policyOf({ timezone: 'America/New_York', deny: ['2026-11-01'] });
    const result = evaluateWindows(policy, at('2026-11-01T12:00:00Z'));
    expect(result.open).toBe(false);
    // Local midnight 2026-11-02 EST is 05:00Z: the day lasted 25 hours (from 04:00Z).
    expect(iso(result.nextOpen)).toBe('2026-11-02T05:00:00Z');
    expect(open(policy, '2026-11-01T03:59:59Z')).toBe(true);
    expect(open(policy, '2026-11-01T04:00:00Z')).toBe(false);
  });
});
