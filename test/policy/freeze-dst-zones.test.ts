import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { expandCronFreeze, parseCronFreeze } from '../../packages/core/src/policy/cron-freeze.js';
import { ZoneTimeline } from '../../packages/core/src/policy/zone-timeline.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function freezes(line: string, zone: string, from: string, days: number) {
  const start = DateTime.fromISO(from, { zone: 'UTC' }).toMillis();
  return expandCronFreeze(parseCronFreeze('deny', line), new ZoneTimeline(zone), {
    start,
    end: start + days * DAY,
  });
}

/** Local wall-clock text of an instant, for readable expectations. */
function local(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm ZZ");
}

describe('cron freezes in zones whose DST shift is not a whole hour', () => {
  it('Australia/Lord_Howe: a nightly freeze 22:00..06:00 expands on every day of a year (cron-parser threw "loop limit exceeded")', () => {
    const periods = freezes(
      'freeze 0 22 * * * .. 0 6 * * *',
      'Australia/Lord_Howe',
      '2026-01-01T00:00:00Z',
      365,
    );
    expect(periods.length).toBeGreaterThanOrEqual(365);
    for (const period of periods) {
      // 8 hours, or 8 ± 0.5 h on the two DST nights.
      expect([7.5, 8, 8.5]).toContain((period.end - period.start) / HOUR);
      expect(local(period.start, 'Australia/Lord_Howe')).toMatch(/T22:00 /);
    }
  });

  it('Australia/Lord_Howe: `0 9 * * * .. 0 10 * * *` freezes 09:00-10:00 on each day of the week after DST ends (it was missed)', () => {
    // DST ends on Sunday 2026-04-05 at 02:00 local (the clock goes back to 01:30).
    const periods = freezes(
      'freeze 0 9 * * * .. 0 10 * * *',
      'Australia/Lord_Howe',
      '2026-04-04T12:00:00Z',
      7,
    );
    expect(
      periods.map((p) => `${local(p.start, 'Australia/Lord_Howe')} ${(p.end - p.start) / 60_000}m`),
    ).toEqual([
      '2026-04-05T09:00 +10:30 60m',
      '2026-04-06T09:00 +10:30 60m',
      '2026-04-07T09:00 +10:30 60m',
      '2026-04-08T09:00 +10:30 60m',
      '2026-04-09T09:00 +10:30 60m',
      '2026-04-10T09:00 +10:30 60m',
      '2026-04-11T09:00 +10:30 60m',
    ]);
  });

  it('America/St_Johns: a one-hour Sunday freeze starting in the skipped hour lasts at most an hour (it lasted seven days)', () => {
    // Spring forward on Sunday 2026-03-08: 02:00 local becomes 03:00, so 02:45 does not exist.
    const periods = freezes(
      'freeze 45 2 * * 0 .. 45 3 * * 0',
      'America/St_Johns',
      '2026-03-01T12:00:00Z',
      14,
    );
    for (const period of periods) expect(period.end - period.start).toBeLessThanOrEqual(HOUR);
    expect(periods.length).toBeGreaterThanOrEqual(2);
  });

  it.each(['America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham'])(
    '%s: no freeze period ever lasts longer than on an ordinary day plus the DST shift',
    (zone) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 23 }),
          fc.constantFrom(0, 15, 30, 45),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 0, max: 6 }),
          fc.integer({ min: 0, max: 3 * 365 }),
          (hour, minute, length, weekday, offsetDays) => {
            const endHour = (hour + length) % 24;
            const line = `freeze ${minute} ${hour} * * ${weekday} .. ${minute} ${endHour} * * *`;
            const start = DateTime.fromISO('2025-01-01T00:00:00Z').toMillis() + offsetDays * DAY;
            const periods = expandCronFreeze(parseCronFreeze('deny', line), new ZoneTimeline(zone), {
              start,
              end: start + 21 * DAY,
            });
            expect(periods.length).toBeGreaterThanOrEqual(2);
            for (const period of periods) {
              expect(period.end).toBeGreaterThan(period.start);
              expect(period.end - period.start).toBeLessThanOrEqual(length * HOUR + HOUR);
            }
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
