import { describe, expect, it } from '@jest/globals';
import { evaluateWindows } from '../../packages/core/src/policy/window-policy.js';
import { at, iso, policyOf } from './policy-fixtures.js';

const MINUTE = 60_000;

/** Every minute in [from, to) at which the policy is closed, as [first, last] runs. */
function closedRuns(policy: ReturnType<typeof policyOf>, from: string, to: string): string[] {
  const runs: string[] = [];
  let runStart: number | undefined;
  for (let t = at(from); t <= at(to); t += MINUTE) {
    const closed = t < at(to) && !evaluateWindows(policy, t).open;
    if (closed && runStart === undefined) runStart = t;
    if (!closed && runStart !== undefined) {
      runs.push(`${iso(runStart)}..${iso(t)}`);
      runStart = undefined;
    }
  }
  return runs;
}

describe('a local ISO deny interval is one unbroken block across DST changes', () => {
  it('America/New_York: 2026-11-01T01:30/2026-11-01T03:00 spans the repeated hour with no open hole', () => {
    // 02:00 EDT falls back to 01:00 EST at 06:00Z: local 01:30 first happens at 05:30Z (EDT).
    const policy = policyOf({ timezone: 'America/New_York', deny: ['2026-11-01T01:30/2026-11-01T03:00'] });
    expect(closedRuns(policy, '2026-11-01T05:00:00Z', '2026-11-01T08:30:00Z')).toEqual([
      '2026-11-01T05:30:00Z..2026-11-01T08:00:00Z', // 01:30 EDT .. 03:00 EST
    ]);
  });

  it('an end inside the repeated hour resolves to its second occurrence', () => {
    const policy = policyOf({ timezone: 'America/New_York', deny: ['2026-11-01T00:30/2026-11-01T01:30'] });
    const result = evaluateWindows(policy, at('2026-11-01T04:30:00Z')); // 00:30 EDT
    expect(result.open).toBe(false);
    expect(iso(result.nextOpen)).toBe('2026-11-01T06:30:00Z'); // 01:30 EST
  });

  it('a start and an end inside the skipped hour resolve to the instant the jump ends', () => {
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
    const policy = policyOf({ timezone: 'America/New_York', deny: ['2026-03-08T02:30/2026-03-08T04:00'] });
    expect(closedRuns(policy, '2026-03-08T06:00:00Z', '2026-03-08T09:00:00Z')).toEqual([
      '2026-03-08T07:00:00Z..2026-03-08T08:00:00Z', // 03:00 EDT .. 04:00 EDT
    ]);
    const empty = policyOf({ timezone: 'America/New_York', deny: ['2026-03-08T02:10/2026-03-08T02:50'] });
    expect(closedRuns(empty, '2026-03-08T06:00:00Z', '2026-03-08T09:00:00Z')).toEqual([]);
  });

  it('Australia/Lord_Howe: an interval starting in the repeated half hour covers it both times', () => {
    // 2026-04-05: 02:00 (+11) falls back to 01:30 (+10:30) at 15:00Z on 04-04.
    const policy = policyOf({ timezone: 'Australia/Lord_Howe', deny: ['2026-04-05T01:45/2026-04-05T02:15'] });
    expect(closedRuns(policy, '2026-04-04T14:00:00Z', '2026-04-04T16:30:00Z')).toEqual([
      '2026-04-04T14:45:00Z..2026-04-04T15:45:00Z', // 01:45 (+11) .. 02:15 (+10:30)
    ]);
  });
});
