import type { HolidaysTypes } from 'date-holidays';
import { InputError, quoteValue } from '../../errors.js';
import { HOLIDAY_CODE_EXAMPLE, HOLIDAY_TYPES, parseHolidayCode, type HolidayType } from './holiday-code.js';
import { applyUsFederalList } from './us-federal-holidays.js';

/** A public holiday: its local date and name. */
export interface PublicHoliday {
  /** `YYYY-MM-DD`, the holiday's date in its country. */
  date: string;
  name: string;
  /** The code that produced it (`JP`, `DE-BY`), without `+types`. */
  region: string;
  /** Its date-holidays type: `public` unless the code asked for more (`US+optional`). */
  type?: HolidayType;
}

const EXAMPLE = HOLIDAY_CODE_EXAMPLE;
const DAY_MS = 86_400_000;

/**
 * Holidays of `regions` (`holidays` entries, see parseHolidayCode) in the given years, from the
 * maintained date-holidays data. By default only type `public` counts; `US+optional` adds the
 * optional days, and so on; a type the code's data does not have is refused. Where the data's
 * `public` days differ from the official list, they are corrected: for `IN` the central
 * government's compulsory lunar-calendar holidays are added (india-central-holidays.ts), for
 * `US` every observed day of a federal holiday is public (us-federal-holidays.ts).
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
    // Own entries only: a code never resolves to an Object.prototype member (`toString`).
    const has = (names: object | undefined, name: string): boolean =>
      names !== undefined && Object.hasOwn(names, name);
    if (!has(probe.getCountries('en'), country)) {
      throw new InputError(input, `${quoteValue(region)} is not a known country code`, EXAMPLE);
    }
    if (state !== undefined && !has(probe.getStates(country, 'en'), state)) {
      throw new InputError(
        input,
        `${quoteValue(region)}: ${quoteValue(state)} is not a state of ${country}`,
        EXAMPLE,
      );
    }
    if (area !== undefined && state !== undefined && !has(probe.getRegions(country, state, 'en'), area)) {
      throw new InputError(
        input,
        `${quoteValue(region)}: ${quoteValue(area)} is not a region of ${country}-${state}`,
        EXAMPLE,
      );
    }
    const calendar = new Holidays(country, state ?? '', area ?? '', { languages: ['en'] });
    if (country === 'US') applyUsFederalList(calendar);
    // A `+type` the data never gives this code would add nothing: refused, never silently ignored.
    // (The typings declare rules as a bare class; at run time each is its options, with `type`.)
    const offered = new Set<string>(
      calendar.getRules().map((rule) => (rule as unknown as HolidaysTypes.HolidayRule).type ?? 'public'),
    );
    const missing = types.find((type) => type !== 'public' && !offered.has(type));
    if (missing !== undefined) {
      const available = HOLIDAY_TYPES.filter((type) => type === 'public' || offered.has(type));
      throw new InputError(
        input,
        `${quoteValue(entry.trim())}: the holiday data of ${region} has no ${missing} days (it has: ${available.join(', ')})`,
        EXAMPLE,
      );
    }
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
