import { lunisolarDates, type FestivalMoment } from './hindu-lunisolar.js';

/**
 * The compulsory holidays of India's central government offices (Department of Personnel and
 * Training, one list a year) that date-holidays' `IN` data lacks: all follow a lunar calendar.
 * Its data has the fixed dates only (Republic Day, Independence Day, Gandhi Jayanti, Good
 * Friday, Christmas, and Ambedkar Jayanti, which the central list does not make compulsory).
 */

/** Hindu, Jain, Buddhist and Sikh festivals: amanta month (0 = Chaitra), tithi, moment of the day. */
const LUNISOLAR: readonly [name: string, month: number, tithi: number, moment: FestivalMoment][] = [
  ['Mahavir Jayanti', 0, 13, 'sunrise'],
  ['Buddha Purnima', 1, 15, 'sunrise'],
  ['Dussehra (Vijaya Dashami)', 6, 10, 'afternoon'],
  ['Diwali (Deepavali)', 6, 30, 'evening'],
  ["Guru Nanak's Birthday", 7, 15, 'sunrise'],
];

/**
 * Islamic holidays as date-holidays rules. Their day depends on sighting the new moon in India,
 * which usually comes a day after the calculated calendar date-holidays uses; the government's
 * list marks them "subject to change". Both days deny (fail safe).
 */
export const INDIA_ISLAMIC_RULES: readonly [rule: string, name: string][] = [
  ['1 Shawwal', 'Id-ul-Fitr'],
  ['10 Dhu al-Hijjah', 'Id-ul-Zuha (Bakrid)'],
  ['10 Muharram', 'Muharram'],
  ['12 Rabi al-awwal', "Milad-un-Nabi (Prophet Mohammad's Birthday)"],
];

/** Name suffix of the second day of a moon-sighted holiday. */
export const SIGHTING_DAY_NOTE = ' (or this day, by the sighting of the moon)';

/** The lunisolar compulsory holidays of `year`, computed. */
export function indiaLunisolarHolidays(year: number): { date: string; name: string }[] {
  return LUNISOLAR.flatMap(([name, month, tithi, moment]) =>
    lunisolarDates(year, month, tithi, moment).map((date) => ({ date, name })),
  );
}
