import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../packages/core/src/errors.js';
import { readCalendarBlocks } from '../../packages/core/src/policy/ical-calendar.js';
import { evaluateWindows, evaluationRange } from '../../packages/core/src/policy/window-policy.js';
import { at, iso, policyOf } from './policy-fixtures.js';

const NOW = at('2026-06-01T00:00:00Z');

/** An iCalendar file of the given lines between BEGIN:VCALENDAR and END:VCALENDAR. */
function ics(...lines: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//hands-off//test//EN',
    ...lines,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A VEVENT with a UID and DTSTAMP around the given property lines. */
function vevent(uid: string, ...lines: string[]): string[] {
  return ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'];
}

async function blocks(text: string, zone = 'UTC') {
  return readCalendarBlocks('calendars', 'team.ics', text, zone, evaluationRange(NOW));
}

/** Open or closed at each instant, under a policy made of the calendar alone. */
async function openAt(text: string, instants: string[], zone = 'UTC'): Promise<boolean[]> {
  const policy = policyOf({ timezone: zone, calendarBlocks: await blocks(text, zone) });
  return instants.map((instant) => evaluateWindows(policy, at(instant)).open);
}

async function refusal(text: string): Promise<string> {
  const error = await blocks(text).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('iCalendar forms RFC 5545 allows', () => {
  it('RDATE;VALUE=PERIOD denies each period, given by end or by duration (it crashed: convertToZone)', async () => {
    const text = ics(
      ...vevent(
        'p',
        'SUMMARY:Maintenance',
        'DTSTART:20260610T100000Z',
        'DTEND:20260610T110000Z',
        'RDATE;VALUE=PERIOD:20260612T080000Z/20260612T120000Z,20260614T090000Z/PT2H',
      ),
    );
    expect(
      await openAt(text, [
        '2026-06-10T10:30:00Z',
        '2026-06-12T11:59:00Z',
        '2026-06-12T12:00:00Z',
        '2026-06-14T10:59:00Z',
        '2026-06-14T11:00:00Z',
      ]),
    ).toEqual([false, false, true, false, true]);
  });

  it('a set made of DTSTART and RDATEs denies DTSTART too (RFC 5545 3.8.5.2)', async () => {
    const text = ics(
      ...vevent(
        'r',
        'SUMMARY:Release train',
        'DTSTART;TZID=Europe/Berlin:20260610T100000',
        'DTEND;TZID=Europe/Berlin:20260610T120000',
        'RDATE;TZID=Europe/Berlin:20260617T100000,20260624T100000',
      ),
    );
    expect(
      await openAt(text, [
        '2026-06-10T08:30:00Z',
        '2026-06-17T08:30:00Z',
        '2026-06-24T09:59:00Z',
        '2026-06-24T10:00:00Z',
      ]),
    ).toEqual([false, false, false, true]);
  });

  it('a VTIMEZONE without TZID is ignored, not a crash ("Neither a timezone nor a name was passed")', async () => {
    const text = ics(
      'BEGIN:VTIMEZONE',
      'BEGIN:STANDARD',
      'DTSTART:19701025T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent('v', 'SUMMARY:Audit', 'DTSTART:20260610T100000Z', 'DTEND:20260610T110000Z'),
    );
    expect(await openAt(text, ['2026-06-10T10:30:00Z'])).toEqual([false]);
  });

  it('DTSTART:20190101 without VALUE=DATE (common in exports) is an all-day date', async () => {
    const text = ics(...vevent('d', 'SUMMARY:New year', 'DTSTART:20190101', 'RRULE:FREQ=YEARLY'));
    const policy = policyOf({
      timezone: 'Europe/Berlin',
      calendarBlocks: await blocks(text, 'Europe/Berlin'),
    });
    const result = evaluateWindows(policy, at('2027-01-01T12:00:00Z'));
    expect(result.blockers[0]?.detail).toMatch(/^New year/);
    expect(iso(result.nextOpen)).toBe('2027-01-01T23:00:00Z'); // 2 Jan 00:00 CET
  });

  it('a TZID naming an IANA zone uses the IANA rules, not a VTIMEZONE whose rules stop in 2020', async () => {
    const text = ics(
      'BEGIN:VTIMEZONE',
      'TZID:America/New_York',
      'BEGIN:DAYLIGHT',
      'DTSTART:20070311T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU;UNTIL=20200308T070000Z',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20071104T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU;UNTIL=20201101T060000Z',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'END:VTIMEZONE',
      ...vevent(
        'ny',
        'SUMMARY:Board meeting',
        'DTSTART;TZID=America/New_York:20260701T100000',
        'DTEND;TZID=America/New_York:20260701T110000',
      ),
    );
    // 10:00 EDT is 14:00Z; the stale VTIMEZONE says EST (15:00Z).
    expect(
      await openAt(text, ['2026-07-01T13:59:00Z', '2026-07-01T14:00:00Z', '2026-07-01T15:00:00Z']),
    ).toEqual([true, false, true]);
  });

  it('a TZID that is not an IANA name uses its VTIMEZONE', async () => {
    const text = ics(
      'BEGIN:VTIMEZONE',
      'TZID:W. Europe Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16010101T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010101T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      ...vevent(
        'w',
        'SUMMARY:Outlook freeze',
        'DTSTART;TZID=W. Europe Standard Time:20260701T100000',
        'DTEND;TZID=W. Europe Standard Time:20260701T110000',
      ),
    );
    expect(
      await openAt(text, ['2026-07-01T07:59:00Z', '2026-07-01T08:00:00Z', '2026-07-01T09:00:00Z']),
    ).toEqual([true, false, true]);
  });

  it('an RRULE UNTIL in UTC includes its last instance of a zoned series', async () => {
    const text = ics(
      ...vevent(
        'u',
        'SUMMARY:Daily freeze',
        'DTSTART;TZID=Europe/Berlin:20260601T100000',
        'DTEND;TZID=Europe/Berlin:20260601T110000',
        'RRULE:FREQ=DAILY;UNTIL=20260603T080000Z',
      ),
    );
    expect(await openAt(text, ['2026-06-03T08:30:00Z', '2026-06-04T08:30:00Z'])).toEqual([false, true]);
  });
});

describe('cancelled events deny nothing (RFC 5545 3.8.1.11)', () => {
  it('a VEVENT with STATUS:CANCELLED does not deny', async () => {
    const text = ics(
      ...vevent(
        'c',
        'SUMMARY:Called off',
        'STATUS:CANCELLED',
        'DTSTART:20260610T100000Z',
        'DTEND:20260610T110000Z',
      ),
    );
    expect(await blocks(text)).toEqual([]);
  });

  it('an overridden instance with STATUS:CANCELLED is open; the other instances still deny', async () => {
    const text = ics(
      ...vevent(
        'weekly',
        'SUMMARY:Weekly freeze',
        'DTSTART;TZID=Europe/Berlin:20260605T150000',
        'DTEND;TZID=Europe/Berlin:20260605T180000',
        'RRULE:FREQ=WEEKLY;COUNT=4',
      ),
      ...vevent(
        'weekly',
        'SUMMARY:Weekly freeze',
        'RECURRENCE-ID;TZID=Europe/Berlin:20260612T150000',
        'STATUS:CANCELLED',
        'DTSTART;TZID=Europe/Berlin:20260612T150000',
        'DTEND;TZID=Europe/Berlin:20260612T180000',
      ),
    );
    expect(
      await openAt(text, ['2026-06-05T14:00:00Z', '2026-06-12T14:00:00Z', '2026-06-19T14:00:00Z']),
    ).toEqual([false, true, false]);
  });
});

describe('invalid iCalendar is refused with the file, the line and the property', () => {
  it('a DTSTART that is not a date', async () => {
    const text = ics(...vevent('b', 'SUMMARY:x', 'DTSTART:2019-13-45'));
    expect(await refusal(text)).toMatch(
      /^input `calendars`: file `team.ics` line 8: DTSTART `2019-13-45` is not a date \(YYYYMMDD\) or date-time/,
    );
  });

  it('a DTSTART with a month 13', async () => {
    const text = ics(...vevent('b', 'SUMMARY:x', 'DTSTART:20191345T100000Z'));
    expect(await refusal(text)).toMatch(
      /^input `calendars`: file `team.ics` line 8: DTSTART `20191345T100000Z` is not a valid date/,
    );
  });

  it('a VEVENT without DTSTART', async () => {
    expect(await refusal(ics(...vevent('n', 'SUMMARY:x')))).toMatch(
      /^input `calendars`: file `team.ics` line 4: VEVENT has no DTSTART/,
    );
  });

  it('a TZID with neither an IANA name nor a VTIMEZONE', async () => {
    const text = ics(
      ...vevent('t', 'SUMMARY:x', 'DTSTART;TZID=Mars/Olympus:20260610T100000', 'DURATION:PT1H'),
    );
    expect(await refusal(text)).toMatch(
      /line 8: TZID `Mars\/Olympus` is neither an IANA time zone nor the TZID of a VTIMEZONE/,
    );
  });

  it('a bad RDATE period and a bad RRULE', async () => {
    const period = ics(...vevent('p', 'DTSTART:20260610T100000Z', 'RDATE;VALUE=PERIOD:20260612T080000Z'));
    expect(await refusal(period)).toMatch(/line 8: RDATE `20260612T080000Z` is not a period/);
    const rule = ics(...vevent('r', 'DTSTART:20260610T100000Z', 'RRULE:FREQ=SOMETIMES'));
    expect(await refusal(rule)).toMatch(/line 8: RRULE `FREQ=SOMETIMES` is not a recurrence rule/);
  });
});
