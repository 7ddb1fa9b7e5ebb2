import { describe, expect, it } from '@jest/globals';
import { listPublicHolidays } from '../../packages/core/src/policy/holidays/holiday-calendar.js';

const DAY_MS = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The `n`th (1-based; -1 = last) `weekday` (0 = Sunday) of a month, as epoch ms. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n === -1) {
    const last = Date.UTC(year, month + 1, 0);
    return last - ((new Date(last).getUTCDay() - weekday + 7) % 7) * DAY_MS;
  }
  const first = Date.UTC(year, month, 1);
  return first + (((weekday - new Date(first).getUTCDay() + 7) % 7) + 7 * (n - 1)) * DAY_MS;
}

/**
 * The federal holidays of 5 U.S.C. 6103 in `year`, each with its OPM observed day: Friday before
 * one on a Saturday, Monday after one on a Sunday.
 */
function federalHolidays(year: number): string[] {
  const fixed = [
    [0, 1],
    [5, 19],
    [6, 4],
    [10, 11],
    [11, 25],
  ].map(([month, day]) => Date.UTC(year, month as number, day));
  const observed = fixed.map((ms) => {
    const weekday = new Date(ms).getUTCDay();
    return weekday === 6 ? ms - DAY_MS : weekday === 0 ? ms + DAY_MS : ms;
  });
  const floating = [
    nthWeekday(year, 0, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 1, 1, 3), // Washington's Birthday
    nthWeekday(year, 4, 1, -1), // Memorial Day
    nthWeekday(year, 8, 1, 1), // Labor Day
    nthWeekday(year, 9, 1, 2), // Columbus Day
    nthWeekday(year, 10, 4, 4), // Thanksgiving Day
  ];
  return [...fixed, ...observed, ...floating].map(isoDate);
}

/** Sorted distinct dates of the default holidays of `code` in `years`, within those years. */
async function defaultDates(code: string, years: number[]): Promise<string[]> {
  const holidays = await listPublicHolidays('holidays', [code], years);
  return [...new Set(holidays.map((holiday) => holiday.date))].sort();
}

describe('the default of each tested code is its official public list', () => {
  it('US: every federal holiday and its observed day (OPM), 2023-2032, and nothing else', async () => {
    const within = (date: string): boolean => date >= '2023-01-01' && date <= '2032-12-31';
    const years = Array.from({ length: 12 }, (_, i) => 2022 + i);
    const expected = [...new Set(years.flatMap(federalHolidays))].filter(within).sort();
    expect((await defaultDates('US', years)).filter(within)).toEqual(expected);
    // Veterans Day on a Saturday and on a Sunday: the data types those substitutes `bank`.
    expect(expected).toEqual(expect.arrayContaining(['2028-11-10', '2029-11-12']));
  });

  it('JP 2026: the Cabinet Office list of national holidays, substitute and citizens’ holidays included', async () => {
    expect(await defaultDates('JP', [2026])).toEqual([
      '2026-01-01',
      '2026-01-12',
      '2026-02-11',
      '2026-02-23',
      '2026-03-20',
      '2026-04-29',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
      '2026-07-20',
      '2026-08-11',
      '2026-09-21',
      '2026-09-22',
      '2026-09-23',
      '2026-10-12',
      '2026-11-03',
      '2026-11-23',
    ]);
  });

  const GERMANY_2026 = [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-01',
    '2026-05-14',
    '2026-05-25',
    '2026-10-03',
    '2026-12-25',
    '2026-12-26',
  ];

  it('DE 2026: the nine nationwide holidays', async () => {
    expect(await defaultDates('DE', [2026])).toEqual(GERMANY_2026);
  });

  it('DE-BY 2026: plus Epiphany, Corpus Christi, All Saints; DE-BY-KATH plus Assumption', async () => {
    const bavaria = [...GERMANY_2026, '2026-01-06', '2026-06-04', '2026-11-01'].sort();
    expect(await defaultDates('DE-BY', [2026])).toEqual(bavaria);
    expect(await defaultDates('DE-BY-KATH', [2026])).toEqual([...bavaria, '2026-08-15'].sort());
  });
});
