import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { evaluateWindows, type WindowPolicy } from '../../packages/core/src/policy/window-policy.js';
import { at, iso, policyOf } from './policy-fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BERLIN = 'Europe/Berlin';
const OFFICE = policyOf({ timezone: BERLIN, allow: ['Mon-Thu 09:00-17:00'] });

function withRunway(policy: WindowPolicy, runwayMs: number | undefined): WindowPolicy {
  return runwayMs === undefined ? policy : { ...policy, runwayMs };
}

describe('runway: the windows must stay open for the stage', () => {
  it('at 16:30 with a 1h runway the office window is closed by `runway`, next open 09:00 the next day', () => {
    // Tuesday 2026-11-24 16:30 CET.
    const result = evaluateWindows(withRunway(OFFICE, HOUR), at('2026-11-24T15:30:00Z'));
    expect(result.open).toBe(false);
    expect(result.blockers).toEqual([
      {
        kind: 'runway',
        detail: 'the window closes at Tue 2026-11-24 17:00 GMT+1 (in 30m); the stage needs 1h (runway)',
      },
    ]);
    expect(iso(result.nextOpen)).toBe('2026-11-25T08:00:00Z');
    // The real end of the period the guard is in, though too short.
    expect(iso(result.closesAt)).toBe('2026-11-24T16:00:00Z');
    // The picture of the week keeps the real open periods.
    expect(result.weekAhead[0]).toEqual({
      start: at('2026-11-24T15:30:00Z'),
      end: at('2026-11-24T16:00:00Z'),
    });
  });

  it('on Thursday at 16:30 the next start with the runway ahead is Monday 09:00', () => {
    const result = evaluateWindows(withRunway(OFFICE, 70 * MINUTE), at('2026-11-26T15:30:00Z'));
    expect(result.open).toBe(false);
    expect(result.blockers[0]?.detail).toBe(
      'the window closes at Thu 2026-11-26 17:00 GMT+1 (in 30m); the stage needs 1h10m (runway)',
    );
    expect(iso(result.nextOpen)).toBe('2026-11-30T08:00:00Z');
  });

  it('at 15:00 with a 1h runway it is open until 17:00; at 16:00 exactly the runway still fits', () => {
    const at15 = evaluateWindows(withRunway(OFFICE, HOUR), at('2026-11-24T14:00:00Z'));
    expect(at15).toMatchObject({ open: true, blockers: [], nextOpen: at('2026-11-24T14:00:00Z') });
    expect(iso(at15.closesAt)).toBe('2026-11-24T16:00:00Z');
    const at16 = evaluateWindows(withRunway(OFFICE, HOUR), at('2026-11-24T15:00:00Z'));
    expect(at16.open).toBe(true);
    const justAfter = evaluateWindows(withRunway(OFFICE, HOUR), at('2026-11-24T15:00:00Z') + 1);
    expect(justAfter.open).toBe(false);
    expect(justAfter.blockers.map((b) => b.kind)).toEqual(['runway']);
  });

  it('outside the windows the blockers are the usual ones and next-open skips a period too short', () => {
    // Saturday; Monday's period is cut to 09:00-09:30 by a deny, too short for 1h.
    const policy = withRunway(
      policyOf({ timezone: BERLIN, allow: ['Mon-Thu 09:00-17:00'], deny: ['Mon 09:30-24:00'] }),
      HOUR,
    );
    const result = evaluateWindows(policy, at('2026-11-28T10:00:00Z'));
    expect(result.blockers.map((b) => b.kind)).toEqual(['outside-window']);
    expect(iso(result.nextOpen)).toBe('2026-12-01T08:00:00Z');
    expect(
      iso(evaluateWindows({ ...policy, runwayMs: 30 * MINUTE }, at('2026-11-28T10:00:00Z')).nextOpen),
    ).toBe('2026-11-30T08:00:00Z');
  });

  it('an always-open policy (no allow) is open for any runway up to the longest', () => {
    const result = evaluateWindows(
      withRunway(policyOf({ timezone: BERLIN }), 7 * 24 * HOUR),
      at('2026-11-24T15:30:00Z'),
    );
    expect(result).toMatchObject({ open: true, blockers: [], closesAt: undefined });
  });

  describe('across a DST change in Europe/Berlin (real elapsed time, not wall-clock time)', () => {
    const NIGHT = policyOf({ timezone: BERLIN, allow: ['Sun 00:00-06:00'] });

    it('spring forward: Sun 00:00-06:00 on 2026-03-29 lasts 5h, so a 5h runway at 00:30 does not fit', () => {
      const now = at('2026-03-28T23:30:00Z'); // 00:30 CET; the window ends 06:00 CEST = 04:00Z
      const tight = evaluateWindows(withRunway(NIGHT, 5 * HOUR), now);
      expect(tight.open).toBe(false);
      expect(tight.blockers).toEqual([
        {
          kind: 'runway',
          detail: 'the window closes at Sun 2026-03-29 06:00 GMT+2 (in 4h30m); the stage needs 5h (runway)',
        },
      ]);
      // Next Sunday is a whole 6h: 00:00 CEST = 22:00Z the day before.
      expect(iso(tight.nextOpen)).toBe('2026-04-04T22:00:00Z');
      const fits = evaluateWindows(withRunway(NIGHT, 4 * HOUR + 30 * MINUTE), now);
      expect(fits.open).toBe(true);
      expect(iso(fits.closesAt)).toBe('2026-03-29T04:00:00Z');
    });

    it('fall back: Sun 00:00-06:00 on 2026-10-25 lasts 7h, so a 6h30m runway fits from its start', () => {
      const saturday = at('2026-10-24T21:00:00Z'); // Sat 23:00 CEST
      const runway = 6 * HOUR + 30 * MINUTE;
      const before = evaluateWindows(withRunway(NIGHT, runway), saturday);
      expect(before.blockers.map((b) => b.kind)).toEqual(['outside-window']);
      expect(iso(before.nextOpen)).toBe('2026-10-24T22:00:00Z');
      const atStart = evaluateWindows(withRunway(NIGHT, runway), at('2026-10-24T22:00:00Z'));
      expect(atStart.open).toBe(true);
      expect(iso(atStart.closesAt)).toBe('2026-10-25T05:00:00Z');
      // Half an hour later only 6h30m are left: still enough; a minute later, not.
      expect(evaluateWindows(withRunway(NIGHT, runway), at('2026-10-24T22:30:00Z')).open).toBe(true);
      expect(evaluateWindows(withRunway(NIGHT, runway), at('2026-10-24T22:31:00Z')).open).toBe(false);
      // Every other Sunday night lasts 6h (the spring one 5h): from March, the fall-back night is the first that fits.
      expect(iso(evaluateWindows(withRunway(NIGHT, runway), at('2026-03-28T22:00:00Z')).nextOpen)).toBe(
        '2026-10-24T22:00:00Z',
      );
    });
  });
});

const ZONES = ['UTC', BERLIN, 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (half: number): string =>
  `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;
const windowArb = fc
  .record({
    first: fc.integer({ min: 0, max: 6 }),
    span: fc.integer({ min: 0, max: 3 }),
    start: fc.integer({ min: 0, max: 47 }),
    length: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ first, span, start, length }) => {
    const dayText = span === 0 ? DAYS[first] : `${DAYS[first]}-${DAYS[(first + span) % 7]}`;
    return `${dayText} ${hhmm(start)}-${hhmm(Math.min(48, start + length))}`;
  });
const EPOCH = Date.UTC(2026, 0, 1);
const scenarioArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  allow: fc.array(windowArb, { minLength: 0, maxLength: 3 }),
  deny: fc.array(windowArb, { minLength: 0, maxLength: 2 }),
  denyDates: fc.array(fc.integer({ min: 0, max: 420 }), { maxLength: 2 }),
  // Any minute of 2026 and early 2027, DST days included, and sometimes a few seconds off the minute.
  now: fc.tuple(fc.integer({ min: 0, max: 420 * 24 * 60 }), fc.constantFrom(0, 0, 0, 1, 29_999)),
  // Mostly within a day, where windows make a difference; up to the 7-day maximum.
  runwayMs: fc
    .oneof(fc.integer({ min: 0, max: 14 * 60 }), fc.integer({ min: 0, max: 7 * 24 * 60 }))
    .map((minutes) => minutes * MINUTE),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function scenario(s: Scenario): { policy: WindowPolicy; now: number } {
  const dates = s.denyDates.map((d) => new Date(EPOCH + d * 86_400_000).toISOString().slice(0, 10));
  return {
    policy: policyOf({ timezone: s.zone, allow: s.allow, deny: [...s.deny, ...dates] }),
    now: EPOCH + s.now[0] * MINUTE + s.now[1],
  };
}

describe('runway properties', () => {
  it('a runway of 0 gives exactly the answer without a runway', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { policy, now } = scenario(s);
        expect(evaluateWindows({ ...policy, runwayMs: 0 }, now)).toEqual(evaluateWindows(policy, now));
      }),
      { numRuns: 100 },
    );
  });

  it('open with runway R exactly when open without it and the period lasts R: closes-at is undefined or >= now + R', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { policy, now } = scenario(s);
        const plain = evaluateWindows(policy, now);
        const result = evaluateWindows({ ...policy, runwayMs: s.runwayMs }, now);
        if (result.open) {
          expect(result.blockers).toEqual([]);
          expect(result.nextOpen).toBe(now);
          if (result.closesAt !== undefined) expect(result.closesAt - now).toBeGreaterThanOrEqual(s.runwayMs);
        } else {
          expect(result.blockers.length).toBeGreaterThan(0);
        }
        const fits = plain.open && (plain.closesAt === undefined || plain.closesAt - now >= s.runwayMs);
        expect(result.open).toBe(fits);
        // The runway blocker comes exactly when the windows are open but too briefly.
        expect(result.blockers.some((b) => b.kind === 'runway')).toBe(plain.open && !fits);
        expect(result.closesAt).toBe(plain.closesAt);
        expect(result.weekAhead).toEqual(plain.weekAhead);
      }),
      { numRuns: 150 },
    );
  });

  it('next-open + R lies within its open period, next-open is open with R, and the minute before it is not', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { policy, now } = scenario(s);
        const result = evaluateWindows({ ...policy, runwayMs: s.runwayMs }, now);
        const next = result.nextOpen;
        if (next === undefined) return;
        expect(next).toBeGreaterThanOrEqual(now);
        const there = evaluateWindows(policy, next);
        expect(there.open).toBe(true);
        if (there.closesAt !== undefined) expect(next + s.runwayMs).toBeLessThanOrEqual(there.closesAt);
        expect(evaluateWindows({ ...policy, runwayMs: s.runwayMs }, next).open).toBe(true);
        // Nothing earlier after now: windows and offsets change on whole minutes.
        if (next - MINUTE > now) {
          expect(evaluateWindows({ ...policy, runwayMs: s.runwayMs }, next - MINUTE).open).toBe(false);
        }
        // A longer runway never starts earlier.
        const longer = evaluateWindows({ ...policy, runwayMs: s.runwayMs + HOUR }, now).nextOpen;
        if (longer !== undefined) expect(longer).toBeGreaterThanOrEqual(next);
      }),
      { numRuns: 100 },
    );
  });
});
