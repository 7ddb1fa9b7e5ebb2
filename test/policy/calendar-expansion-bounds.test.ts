import { describe, expect, it } from '@jest/globals';
import { readCalendarBlocks } from '../../packages/core/src/policy/ical-calendar.js';
import { evaluateWindows, evaluationRange } from '../../packages/core/src/policy/window-policy.js';
import { at, policyOf } from './policy-fixtures.js';

const NOW = at('2026-11-27T00:00:00Z');

/** An iCalendar file of the given VEVENT bodies. */
function calendar(events: string[]): string {
  const body = events.map((lines, i) =>
    ['BEGIN:VEVENT', `UID:e${i}@hands-off.test`, 'DTSTAMP:20260101T000000Z', lines, 'END:VEVENT'].join(
      '\r\n',
    ),
  );
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//hands-off//test//EN',
    ...body,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

describe('iCalendar expansion stays bounded and never drops occurrences silently', () => {
  it('20,000 single events are read in seconds (no pass over every sibling per event)', async () => {
    const events = Array.from(
      { length: 20_000 },
      (_, i) => `SUMMARY:change ${i}\r\nDTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z`,
    );
    const started = performance.now();
    const blocks = await readCalendarBlocks(
      'calendars',
      'big.ics',
      calendar(events),
      'UTC',
      evaluationRange(NOW),
    );
    expect(blocks).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it('a minutely freeze since 1970 is refused, not expanded to 50,000 occurrences in 1970 and ignored', async () => {
    const text = calendar([
      'SUMMARY:always frozen\r\nDTSTART:19700101T000000Z\r\nDTEND:19700101T000100Z\r\nRRULE:FREQ=MINUTELY',
    ]);
    await expect(
      readCalendarBlocks('calendars', '.github/freeze.ics', text, 'UTC', evaluationRange(NOW)),
    ).rejects.toThrow(
      /^input `calendars`: file `.github\/freeze.ics`: event `always frozen` recurs more than 50000 times before 2027-12-05T00:00:00Z; give recurring events a later DTSTART or a coarser RRULE; example of a valid value: /,
    );
  });

  it('a daily rule since 1970 is still expanded into the evaluated year', async () => {
    const text = calendar([
      'SUMMARY:daily standup\r\nDTSTART:19700101T100000Z\r\nDTEND:19700101T110000Z\r\nRRULE:FREQ=DAILY',
    ]);
    const calendarBlocks = await readCalendarBlocks(
      'calendars',
      'daily.ics',
      text,
      'UTC',
      evaluationRange(NOW),
    );
    const result = evaluateWindows(policyOf({ timezone: 'UTC', calendarBlocks }), at('2026-11-27T10:30:00Z'));
    expect(result.blockers.map((b) => b.detail)).toEqual([expect.stringMatching(/^daily standup/)]);
  });

  it('a file whose events recur more than 500,000 times in all is refused within seconds, not hours', async () => {
    // Each event stays under the per-event bound; together they pass the per-file one.
    const events = Array.from(
      { length: 11 },
      (_, i) =>
        `SUMMARY:busy ${i}\r\nDTSTART:20260101T000000Z\r\nDTEND:20260101T000100Z\r\nRRULE:FREQ=MINUTELY;COUNT=46000`,
    );
    const started = performance.now();
    await expect(
      readCalendarBlocks('calendars', 'busy.ics', calendar(events), 'UTC', evaluationRange(NOW)),
    ).rejects.toThrow(/^input `calendars`: file `busy.ics`: its events recur more than 500000 times before /);
    expect(performance.now() - started).toBeLessThan(25_000);
  });
});
