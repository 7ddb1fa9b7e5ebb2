import { InputError, quoteValue } from '../../errors.js';

/** Holiday types of the date-holidays data, in the order the README lists them. */
export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;
/** One date-holidays holiday type. */
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

/** A `holidays` entry: a country (and optionally a state and region) and the types that deny. */
export interface HolidayCode {
  /** `IN`, `DE-BY`, `DE-BY-KATH` (upper case). */
  region: string;
  country: string;
  state?: string;
  area?: string;
  /** Always `public`, then any added with `+`. */
  types: HolidayType[];
}

// State and region codes of the data run to 10 characters (`DE-BY-KATH`, `BR-GO-GOIANIA`).
const REGION = /^[A-Za-z]{2}(-[A-Za-z0-9]{1,10}){0,2}$/;
/** Example of valid `holidays` entries, for error lines. */
export const HOLIDAY_CODE_EXAMPLE =
  '`US`, `DE-BY` or `US+optional` (a country, optionally `-` state, then `+` more types)';

/**
 * Parses one `holidays` entry: `CC`, `CC-STATE` or `CC-STATE-REGION`, optionally followed by
 * `+type` for each holiday type to deny besides `public` (`US+optional`, `DE-BY+bank+school`).
 * The one place this syntax is read; names are checked against the data later.
 */
export function parseHolidayCode(input: string, raw: string): HolidayCode {
  const [regionText = '', ...extra] = raw.trim().split('+');
  if (!REGION.test(regionText)) {
    throw new InputError(input, `${quoteValue(raw)} is not a country or region code`, HOLIDAY_CODE_EXAMPLE);
  }
  const types: HolidayType[] = ['public'];
  for (const text of extra) {
    const type = text.trim().toLowerCase();
    if (!(HOLIDAY_TYPES as readonly string[]).includes(type)) {
      throw new InputError(
        input,
        `${quoteValue(text)} in ${quoteValue(raw)} is not a holiday type (${HOLIDAY_TYPES.join(', ')})`,
        HOLIDAY_CODE_EXAMPLE,
      );
    }
    if (!types.includes(type as HolidayType)) types.push(type as HolidayType);
  }
  const region = regionText.toUpperCase();
  const [country = '', state, area] = region.split('-');
  return { region, country, ...(state ? { state } : {}), ...(area ? { area } : {}), types };
}

/** The canonical text of a parsed code, `US+optional`: what the step logs and lists load. */
export function formatHolidayCode(code: HolidayCode): string {
  return [code.region, ...code.types.filter((type) => type !== 'public')].join('+');
}
