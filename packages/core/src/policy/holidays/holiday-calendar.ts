import { InputError, quoteValue } from '../../errors.js';

/** A public holiday: its local date and name. */
export interface PublicHoliday {
  /** `YYYY-MM-DD`, the holiday's date in its country. */
  date: string;
  name: string;
  /** The code that produced it (`JP`, `DE-BY`). */
  region: string;
}

const EXAMPLE = '`US`, `JP` or `DE-BY` (country, optionally `-` state)';

/**
 * Public holidays of `regions` in the given years, from the maintained date-holidays data.
 * Only holidays of type `public` count (not bank, school, optional or observance days).
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
  for (const region of regions) {
    const [country = '', state, area] = region.toUpperCase().split('-');
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
    for (const year of years) {
      for (const holiday of calendar.getHolidays(year) || []) {
        if (holiday.type !== 'public') continue;
        out.push({ date: holiday.date.slice(0, 10), name: holiday.name, region });
      }
    }
  }
  return out;
}
