import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPublicHolidays } from '../../packages/core/src/policy/holidays/holiday-calendar.js';
import { readCalendarBlocks } from '../../packages/core/src/policy/ical-calendar.js';
import { evaluateWindows, evaluationRange } from '../../packages/core/src/policy/window-policy.js';
import { InputError } from '../../packages/core/src/errors.js';
import { ROOT } from '../support/run-action.js';
import { at, iso, policyOf } from './policy-fixtures.js';

describe('public holidays', () => {
  it('JP Golden Week 2026 closes each holiday, the substitute day included', async () => {
    const holidays = await listPublicHolidays('holidays', ['JP'], [2026]);
    const policy = policyOf({ timezone: 'Asia/Tokyo', allow: ['Mon-Fri 09:00-17:00'], holidays });
    for (const day of ['2026-04-29', '2026-05-04', '2026-05-05', '2026-05-06']) {
      const result = evaluateWindows(policy, at(`${day}T01:00:00Z`)); // 10:00 JST
      expect(result.open).toBe(false);
      expect(result.blockers.map((b) => b.kind)).toEqual(['holiday']);
    }
    const wednesday = evaluateWindows(policy, at('2026-05-06T01:00:00Z'));
    expect(wednesday.blockers[0]?.detail).toMatch(/substitute/i);
    expect(iso(wednesday.nextOpen)).toBe('2026-05-07T00:00:00Z'); // Thu 09:00 JST
  });

  it('JP equinox days come from the astronomical rule', async () => {
    const holidays = await listPublicHolidays('holidays', ['JP'], [2026]);
    expect(holidays.map((h) => h.date)).toEqual(expect.arrayContaining(['2026-03-20', '2026-09-23']));
  });

  it('US Thanksgiving closes the day; the Friday after is only an observance and stays open', async () => {
    const holidays = await listPublicHolidays('holidays', ['US'], [2026]);
    const policy = policyOf({ timezone: 'America/New_York', allow: ['Mon-Fri 09:00-17:00'], holidays });
    const thursday = evaluateWindows(policy, at('2026-11-26T15:00:00Z'));
    expect(thursday.open).toBe(false);
    expect(thursday.blockers[0]?.detail).toContain('Thanksgiving');
    expect(iso(thursday.nextOpen)).toBe('2026-11-27T14:00:00Z');
  });

  it("a state code adds that state's holidays (DE-BY has Epiphany, DE alone does not)", async () => {
    const bavaria = await listPublicHolidays('holidays', ['DE-BY'], [2026]);
    const germany = await listPublicHolidays('holidays', ['DE'], [2026]);
    expect(bavaria.map((h) => h.date)).toContain('2026-01-06');
    expect(germany.map((h) => h.date)).not.toContain('2026-01-06');
  });

  it.each(['XX', 'DE-ZZ', 'US-CA-QQ'])('refuses the unknown code %s naming the input', async (code) => {
    await expect(listPublicHolidays('holidays', [code], [2026])).rejects.toThrow(InputError);
    await expect(listPublicHolidays('holidays', [code], [2026])).rejects.toThrow(/^input `holidays`: /);
  });
});

describe('iCalendar BlackDays', () => {
  const text = readFileSync(join(ROOT, 'test/fixtures/blackdays.ics'), 'utf8');
  const zone = 'Europe/Berlin';
  const policyAt = async (now: number) =>
    policyOf({
      timezone: zone,
      calendarBlocks: await readCalendarBlocks(
        'calendars',
        'blackdays.ics',
        text,
        zone,
        evaluationRange(now),
      ),
    });

  it('a weekly RRULE event denies each occurrence [start, end) in its VTIMEZONE', async () => {
    const now = at('2026-11-13T14:30:00Z'); // Fri 15:30 CET
    const result = evaluateWindows(await policyAt(now), now);
    expect(result.open).toBe(false);
    expect(result.blockers).toEqual([
      { kind: 'calendar', detail: expect.stringContaining('Weekly release freeze') },
    ]);
    expect(iso(result.nextOpen)).toBe('2026-11-13T17:00:00Z'); // 18:00 CET
  });

  it('an EXDATE removes that occurrence', async () => {
    const now = at('2026-11-20T14:30:00Z');
    expect(evaluateWindows(await policyAt(now), now).open).toBe(true);
  });

  it('a RECURRENCE-ID override moves that occurrence', async () => {
    const moved = at('2026-12-04T08:30:00Z'); // 09:30 CET: the moved slot
    const original = at('2026-12-04T14:30:00Z'); // 15:30 CET: the original slot
    expect(evaluateWindows(await policyAt(moved), moved).blockers[0]?.detail).toContain('(moved)');
    expect(evaluateWindows(await policyAt(original), original).open).toBe(true);
  });

  it('an all-day event denies its local dates (DTEND exclusive)', async () => {
    const inside = at('2026-12-26T22:59:00Z'); // 23:59 CET on the 26th
    const after = at('2026-12-26T23:00:00Z'); // 00:00 CET on the 27th
    expect(evaluateWindows(await policyAt(inside), inside).open).toBe(false);
    expect(evaluateWindows(await policyAt(after), after).open).toBe(true);
    const christmasEve = at('2026-12-23T23:00:00Z');
    expect(evaluateWindows(await policyAt(christmasEve), christmasEve).blockers[0]?.detail).toContain(
      'Christmas',
    );
  });

  it('a UTC event denies exactly its instants', async () => {
    const before = at('2026-11-27T05:59:59Z');
    const inside = at('2026-11-27T06:00:00Z');
    expect(evaluateWindows(await policyAt(before), before).open).toBe(true);
    expect(evaluateWindows(await policyAt(inside), inside).open).toBe(false);
    expect(iso(evaluateWindows(await policyAt(inside), inside).nextOpen)).toBe('2026-11-28T06:00:00Z');
  });

  it('a monthly all-day RRULE without DTEND denies one whole day each month', async () => {
    const now = at('2027-01-31T12:00:00Z');
    const result = evaluateWindows(await policyAt(now), now);
    expect(result.blockers[0]?.detail).toContain('Month-end close');
    expect(iso(result.nextOpen)).toBe('2027-01-31T23:00:00Z');
  });

  it('refuses a file that is not iCalendar with one line naming the input', async () => {
    await expect(
      readCalendarBlocks('calendars', 'notes.txt', 'hello world', zone, evaluationRange(Date.now())),
    ).rejects.toThrow(/^input `calendars`: `notes.txt` is not an iCalendar file/);
  });
});

describe('GitLab-style cron freezes', () => {
  const zone = 'Europe/Berlin';
  const policy = policyOf({ timezone: zone, deny: ['freeze 0 18 * * 5 .. 0 8 * * 1'] });

  it('a freeze from Friday 18:00 to Monday 08:00 spans the weekend', () => {
    expect(evaluateWindows(policy, at('2026-11-20T16:59:00Z')).open).toBe(true); // Fri 17:59 CET
    const friday = evaluateWindows(policy, at('2026-11-20T17:00:00Z')); // Fri 18:00 CET
    expect(friday.open).toBe(false);
    expect(friday.blockers[0]?.kind).toBe('freeze');
    const sunday = evaluateWindows(policy, at('2026-11-22T12:00:00Z'));
    expect(sunday.open).toBe(false);
    expect(iso(sunday.nextOpen)).toBe('2026-11-23T07:00:00Z'); // Mon 08:00 CET
    expect(evaluateWindows(policy, at('2026-11-23T07:00:00Z')).open).toBe(true);
  });

  it('a freeze across the spring DST weekend ends at 08:00 local summer time', () => {
    const saturday = evaluateWindows(policy, at('2026-03-28T12:00:00Z'));
    expect(iso(saturday.nextOpen)).toBe('2026-03-30T06:00:00Z'); // Mon 08:00 CEST
  });

  it('a freeze that started before the evaluation range is still in force', () => {
    const yearly = policyOf({ timezone: zone, deny: ['freeze 0 0 1 12 * .. 0 0 10 1 *'] });
    const result = evaluateWindows(yearly, at('2026-12-28T12:00:00Z'));
    expect(result.open).toBe(false);
    expect(iso(result.nextOpen)).toBe('2027-01-09T23:00:00Z'); // 10 Jan 00:00 CET
  });
});

describe('deny lines of every kind', () => {
  const zone = 'Europe/Berlin';

  it('an inclusive date range, a local ISO interval, an offset ISO interval and late Friday', () => {
    const policy = policyOf({
      timezone: zone,
      deny: [
        '2026-12-20..2027-01-04',
        '2026-12-10T18:00/2026-12-12T08:00',
        '2026-12-15T10:00:00Z/2026-12-15T12:00:00Z',
        'Fri 14:00-24:00',
      ],
    });
    expect(iso(evaluateWindows(policy, at('2026-12-25T12:00:00Z')).nextOpen)).toBe('2027-01-04T23:00:00Z');
    expect(iso(evaluateWindows(policy, at('2026-12-11T12:00:00Z')).nextOpen)).toBe('2026-12-12T07:00:00Z');
    expect(iso(evaluateWindows(policy, at('2026-12-15T11:00:00Z')).nextOpen)).toBe('2026-12-15T12:00:00Z');
    const lateFriday = evaluateWindows(policy, at('2026-11-27T13:30:00Z')); // 14:30 CET
    expect(lateFriday.blockers[0]?.detail).toContain('Fri 14:00-24:00');
    expect(iso(lateFriday.nextOpen)).toBe('2026-11-27T23:00:00Z');
  });

  it('deny wins over allow', () => {
    const policy = policyOf({ timezone: zone, allow: ['Mon-Fri 00:00-24:00'], deny: ['Fri 14:00-24:00'] });
    expect(evaluateWindows(policy, at('2026-11-27T14:00:00Z')).open).toBe(false);
    expect(iso(evaluateWindows(policy, at('2026-11-27T14:00:00Z')).nextOpen)).toBe('2026-11-29T23:00:00Z');
  });

  it('a policy that never opens reports no next-open within a year', () => {
    const policy = policyOf({ timezone: zone, deny: ['2026-01-01..2028-01-01'] });
    const result = evaluateWindows(policy, at('2026-06-01T00:00:00Z'));
    expect(result.open).toBe(false);
    expect(result.nextOpen).toBeUndefined();
  });
});
