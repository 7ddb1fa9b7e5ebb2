import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../packages/core/src/errors.js';
import { listPublicHolidays } from '../../packages/core/src/policy/holidays/holiday-calendar.js';
import { formatHolidayCode, parseHolidayCode } from '../../packages/core/src/policy/holidays/holiday-code.js';
import { evaluateWindows } from '../../packages/core/src/policy/window-policy.js';
import { at, policyOf } from './policy-fixtures.js';

/**
 * The compulsory holidays of the Government of India's 2026 list for central government offices
 * (DoPT). Islamic dates are marked tentative there: they depend on the moon sighting.
 */
const GAZETTED_2026: [string, RegExp][] = [
  ['2026-01-26', /Republic Day/],
  ['2026-03-21', /Id-ul-Fitr/],
  ['2026-03-31', /Mahavir Jayanti/],
  ['2026-04-03', /Good Friday/],
  ['2026-05-01', /Buddha Purnima/],
  ['2026-05-27', /Id-ul-Zuha/],
  ['2026-06-26', /Muharram/],
  ['2026-08-15', /Independence Day/],
  ['2026-08-26', /Milad-un-Nabi/],
  ['2026-10-02', /Gandhi Jayanti/],
  ['2026-10-20', /Dussehra/],
  ['2026-11-08', /Diwali/],
  ['2026-11-24', /Guru Nanak/],
  ['2026-12-25', /Christmas/],
];

describe('India (IN): the central government compulsory holidays deny by default', () => {
  it.each(GAZETTED_2026)('%s (%s) closes the day in Asia/Kolkata', async (date, name) => {
    const holidays = await listPublicHolidays('holidays', ['IN'], [2026]);
    const policy = policyOf({ timezone: 'Asia/Kolkata', allow: ['Mon-Sun 00:00-24:00'], holidays });
    const result = evaluateWindows(policy, at(`${date}T06:30:00Z`)); // 12:00 IST
    expect(result.open).toBe(false);
    expect(result.blockers.map((b) => b.detail)).toContainEqual(expect.stringMatching(name));
  });

  it('the lunar Hindu, Jain, Buddhist and Sikh holidays fall exactly on the gazetted dates of 2024-2026', async () => {
    const holidays = await listPublicHolidays('holidays', ['IN'], [2024, 2025, 2026]);
    const lunisolar = holidays
      .filter((h) => /Mahavir|Buddha|Dussehra|Diwali|Guru Nanak/.test(h.name))
      .map((h) => h.date)
      .sort();
    expect(lunisolar).toEqual([
      // 2024 and 2025 from the published DoPT lists.
      '2024-04-21',
      '2024-05-23',
      '2024-10-12',
      '2024-10-31',
      '2024-11-15',
      '2025-04-10',
      '2025-05-12',
      '2025-10-02',
      '2025-10-20',
      '2025-11-05',
      '2026-03-31',
      '2026-05-01',
      '2026-10-20',
      '2026-11-08',
      '2026-11-24',
    ]);
  });

  it('an Islamic holiday denies the calculated day and the next: India sights the moon a day later most years', async () => {
    const holidays = await listPublicHolidays('holidays', ['IN'], [2026]);
    const fitr = holidays.filter((h) => h.name.startsWith('Id-ul-Fitr')).map((h) => h.date);
    // date-holidays calculates 2026-03-20; the government list says 2026-03-21 (tentative).
    expect(fitr).toEqual(['2026-03-20', '2026-03-21']);
  });

  it('a state code keeps the national list (IN-MH has Diwali too)', async () => {
    const holidays = await listPublicHolidays('holidays', ['IN-MH'], [2026]);
    expect(holidays.map((h) => h.date)).toEqual(expect.arrayContaining(['2026-11-08', '2026-01-26']));
  });
});

describe('holiday types per code: `CC+type`', () => {
  it('US stays open on the Friday after Thanksgiving (an observance); US+observance closes it', async () => {
    const plain = await listPublicHolidays('holidays', ['US'], [2026]);
    const more = await listPublicHolidays('holidays', ['US+observance'], [2026]);
    expect(plain.map((h) => h.date)).not.toContain('2026-11-27');
    expect(more.filter((h) => h.date === '2026-11-27').map((h) => h.type)).toEqual(['observance']);
    const policy = policyOf({ timezone: 'America/New_York', holidays: more });
    expect(evaluateWindows(policy, at('2026-11-27T15:00:00Z')).blockers[0]?.detail).toMatch(
      /\(US observance holiday, 2026-11-27\)$/,
    );
  });

  it('formatHolidayCode gives the canonical text: upper-case region, `+type`s in the order given, no `+public`', () => {
    expect(formatHolidayCode(parseHolidayCode('holidays', ' de-by+School+public+bank+school '))).toBe(
      'DE-BY+school+bank',
    );
  });

  it('parseHolidayCode accepts the long state and region codes of the data', () => {
    expect(parseHolidayCode('holidays', 'DE-BY-KATH')).toMatchObject({ state: 'BY', area: 'KATH' });
    expect(parseHolidayCode('holidays', 'BR-GO-GOIANIA')).toMatchObject({ state: 'GO', area: 'GOIANIA' });
  });

  it('parses case-insensitively and keeps public first', () => {
    expect(parseHolidayCode('holidays', 'de-by+BANK+school')).toEqual({
      region: 'DE-BY',
      country: 'DE',
      state: 'BY',
      types: ['public', 'bank', 'school'],
    });
  });

  it.each([
    [
      'IN+festival',
      /^input `holidays`: `festival` in `IN\+festival` is not a holiday type \(public, bank, school, optional, observance\); example of a valid value: /,
    ],
    ['India', /^input `holidays`: `India` is not a country or region code; /],
    ['IN+', /^input `holidays`: `` in `IN\+` is not a holiday type/],
  ])('refuses %s with one line naming the input', (raw, message) => {
    expect(() => parseHolidayCode('holidays', raw)).toThrow(InputError);
    expect(() => parseHolidayCode('holidays', raw)).toThrow(message);
  });
});
