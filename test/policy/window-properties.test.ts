import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { evaluateWindows, type WindowPolicy } from '../../packages/core/src/policy/window-policy.js';
import { policyOf } from './policy-fixtures.js';

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MINUTE = 60_000;

/** A weekly window with its parts, so the oracle can judge instants without the code under test. */
const windowArb = fc
  .record({
    first: fc.integer({ min: 0, max: 6 }),
    span: fc.integer({ min: 0, max: 3 }),
    start: fc.integer({ min: 0, max: 47 }),
    length: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ first, span, start, length }) => {
    const end = Math.min(48, start + length);
    const hhmm = (half: number): string =>
      `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;
    const days = Array.from({ length: span + 1 }, (_, i) => (first + i) % 7);
    const dayText = span === 0 ? DAYS[first] : `${DAYS[first]}-${DAYS[(first + span) % 7]}`;
    return { text: `${dayText} ${hhmm(start)}-${hhmm(end)}`, days, start: start * 30, end: end * 30 };
  });

const scenarioArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  allow: fc.array(windowArb, { minLength: 0, maxLength: 3 }),
  denyWeekly: fc.array(windowArb, { minLength: 0, maxLength: 2 }),
  denyDates: fc.array(fc.integer({ min: 0, max: 420 }), { maxLength: 3 }),
  // Any minute of 2026 and early 2027, DST days included.
  nowMinute: fc.integer({ min: 0, max: 420 * 24 * 60 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
const EPOCH = Date.UTC(2026, 0, 1);

function dateText(dayOffset: number): string {
  return new Date(EPOCH + dayOffset * 86_400_000).toISOString().slice(0, 10);
}

function toPolicy(s: Scenario): WindowPolicy {
  return policyOf({
    timezone: s.zone,
    allow: s.allow.map((w) => w.text),
    deny: [...s.denyWeekly.map((w) => w.text), ...s.denyDates.map(dateText)],
  });
}

/** Independent judgement from luxon's local fields: the documented semantics, nothing shared. */
function oracleOpen(s: Scenario, instant: number): boolean {
  const t = DateTime.fromMillis(instant, { zone: s.zone });
  const weekday = t.weekday - 1;
  const minute = t.hour * 60 + t.minute;
  const inside = (w: { days: number[]; start: number; end: number }): boolean =>
    w.days.includes(weekday) && minute >= w.start && minute < w.end;
  if (s.allow.length > 0 && !s.allow.some(inside)) return false;
  if (s.denyWeekly.some(inside)) return false;
  return !s.denyDates.map(dateText).includes(t.toISODate() ?? '');
}

describe('window math properties', () => {
  it('agrees with an independent oracle at now, and next-open is open with nothing open before it', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const now = EPOCH + s.nowMinute * MINUTE;
        const result = evaluateWindows(toPolicy(s), now);
        expect(result.open).toBe(oracleOpen(s, now));
        if (result.open) {
          expect(result.nextOpen).toBe(now);
          return;
        }
        if (result.nextOpen === undefined) return;
        expect(result.nextOpen).toBeGreaterThan(now);
        expect(oracleOpen(s, result.nextOpen)).toBe(true);
        // Windows and zone offsets change on whole minutes: checking every minute is exhaustive.
        const firstMinute = Math.ceil(now / MINUTE) * MINUTE;
        for (let t = firstMinute; t < result.nextOpen; t += MINUTE) {
          if (oracleOpen(s, t)) throw new Error(`open at ${new Date(t).toISOString()} before next-open`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('closes-at ends the open period: open until just before it, closed at it', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const now = EPOCH + s.nowMinute * MINUTE;
        const result = evaluateWindows(toPolicy(s), now);
        if (!result.open || result.closesAt === undefined) return;
        expect(oracleOpen(s, result.closesAt)).toBe(false);
        expect(oracleOpen(s, result.closesAt - MINUTE)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
