import { InputError, quoteValue } from '../../errors.js';
import { HOLIDAY_CODE_EXAMPLE, parseHolidayCode, type HolidayType } from './holiday-code.js';

/** A public holiday: its local date and name. */
export interface PublicHoliday {
  /** `YYYY-MM-DD`, the holiday's date in its country. */
  date: string;
  name: string;
  /** The code that produced it (`JP`, `DE-BY`), without `+types`. */
  region: string;
  /** Its date-holidays type: `public` unless the code asked for more (`IN+optional`). */
  type?: HolidayType;
}

const EXAMPLE = HOLIDAY_CODE_EXAMPLE;
const DAY_MS = 86_400_000;

/**
 * Holidays of `regions` (`holidays` entries, see parseHolidayCode) in the given years, from the
 * maintained date-holidays data. By default only type `public` counts; `IN+optional` adds the
 * optional days, and so on. For `IN` the central government's compulsory lunar-calendar
 * holidays, which the data lacks, are added (india-central-holidays.ts).
 */
export async function listPublicHolidays(
  input: string,
  regions: readonly string[],
  years: readonly number[],
): Promise<PublicHoliday[]> {
  if (regions.length === 0) return [];
  // Loaded lazily: the holiday rules and data are the largest part of the bundle.
  const Holidays = (await import('date-holidays')).default;
  const out: PublicHoliday[] = [];
  for (const entry of regions) {
    const { region, country, state, area, types } = parseHolidayCode(input, entry);
    const probe = new Holidays();
    const countries = probe.getCountries('en');
    if (!countries[country]) {
      throw new InputError(input, `${quoteValue(region)} is not a known country code`, EXAMPLE);
    }
    if (state !== undefined && !probe.getStates(country, 'en')?.[state]) {
      throw new InputError(
        input,
        `${quoteValue(region)}: ${quoteValue(state)} is not a state of ${country}`,
        EXAMPLE,
      );
    }
    if (area !== undefined && state !== undefined && !probe.getRegions(country, state, 'en')?.[area]) {
      throw new InputError(
        input,
        `${quoteValue(region)}: ${quoteValue(area)} is not a region of ${country}-${state}`,
        EXAMPLE,
      );
    }
    const calendar = new Holidays(country, state ?? '', area ?? '', { languages: ['en'] });
    const india = country === 'IN' ? await import('./india-central-holidays.js') : undefined;
    const sighted = new Set<string>();
    for (const [rule, name] of india?.INDIA_ISLAMIC_RULES ?? []) {
      calendar.setHoliday(rule, { name: { en: name }, type: 'public' });
      sighted.add(name);
    }
    for (const year of years) {
      for (const holiday of calendar.getHolidays(year) || []) {
        const type = holiday.type as HolidayType;
        if (!types.includes(type)) continue;
        const date = holiday.date.slice(0, 10);
        out.push({ date, name: holiday.name, region, type });
        if (sighted.has(holiday.name)) {
          const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
          out.push({ date: next, name: `${holiday.name}${india!.SIGHTING_DAY_NOTE}`, region, type });
        }
      }
      for (const holiday of india?.indiaLunisolarHolidays(year) ?? []) {
        out.push({ ...holiday, region, type: 'public' });
      }
    }
  }
  return out;
}
