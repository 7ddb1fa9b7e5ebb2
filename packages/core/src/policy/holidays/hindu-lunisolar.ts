import { J2000Century } from 'astronomia/base';
import { DateToJDE, JDEToDate } from 'astronomia/julian';
import { newMoon } from 'astronomia/moonphase';
import { position } from 'astronomia/moonposition';
import { apparentLongitude } from 'astronomia/solar';

/**
 * Dates of Hindu, Jain, Buddhist and Sikh festivals that follow the lunisolar calendar, computed
 * from the Sun and the Moon as Indian almanacs (panchang) do: amanta months from new moon to new
 * moon, named by the sidereal sign (Lahiri ayanamsa) the Sun is in at the new moon that starts
 * them (a second new moon in one sign starts a leap month, which holds no festivals); a tithi is
 * each 12° of the Moon's elongation from the Sun; a festival falls on the civil day (India
 * Standard Time) on which its tithi prevails at its moment of the day, seen from New Delhi.
 *
 * date-holidays has no Hindu calendar: its `IN` data stops at fixed-date holidays.
 */

/** Month of the amanta calendar, 0 = Chaitra ... 11 = Phalguna. */
export type LunarMonth = number;
/** The moment of the day at which a festival's tithi must prevail. */
export type FestivalMoment = 'sunrise' | 'afternoon' | 'evening';

const DEG = Math.PI / 180;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const IST_MS = 330 * MINUTE_MS;
const NEW_DELHI = { latitude: 28.6139, longitude: 77.209 };
const SYNODIC_YEARS = 29.530588 / 365.25;

const degrees = (radians: number): number => (((radians / DEG) % 360) + 360) % 360;
const jde = (instant: number): number => DateToJDE(new Date(instant));
const sunLongitude = (instant: number): number => degrees(apparentLongitude(J2000Century(jde(instant))));
/** The Moon's elongation east of the Sun, 0-360°. */
const elongation = (instant: number): number =>
  (((degrees(position(jde(instant)).lon) - sunLongitude(instant)) % 360) + 360) % 360;
/** Lahiri ayanamsa: 23.853° at J2000, growing 50.29" a year. */
const ayanamsa = (instant: number): number =>
  23.853 + ((instant - Date.UTC(2000, 0, 1)) / (365.25 * DAY_MS)) * 0.013968;
const siderealSign = (instant: number): number =>
  Math.floor((((sunLongitude(instant) - ayanamsa(instant)) % 360) + 360) / 30) % 12;

/** Sunrise and sunset at New Delhi on an IST civil date (UTC midnight of its fields), within ~2 min. */
function daylight(dateWall: number): { rise: number; set: number } {
  const year = new Date(dateWall).getUTCFullYear();
  const dayOfYear = (dateWall - Date.UTC(year, 0, 0)) / DAY_MS;
  const b = (360 / 365) * (dayOfYear - 81) * DEG;
  const declination = 23.44 * Math.sin(b) * DEG;
  const equationOfTime = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
  const latitude = NEW_DELHI.latitude * DEG;
  const hourAngle =
    Math.acos(
      (Math.sin(-0.833 * DEG) - Math.sin(latitude) * Math.sin(declination)) /
        (Math.cos(latitude) * Math.cos(declination)),
    ) / DEG;
  const noonUtcMinutes = 720 - 4 * NEW_DELHI.longitude - equationOfTime;
  // Delhi's solar noon is near 06:50 UTC, so sunrise and sunset fall on the same UTC date.
  return {
    rise: dateWall + (noonUtcMinutes - 4 * hourAngle) * MINUTE_MS,
    set: dateWall + (noonUtcMinutes + 4 * hourAngle) * MINUTE_MS,
  };
}

function momentOf(day: { rise: number; set: number }, moment: FestivalMoment): number {
  if (moment === 'sunrise') return day.rise;
  // Aparahna, the fourth fifth of daylight, from its start (Vijayadashami).
  if (moment === 'afternoon') return day.rise + 0.6 * (day.set - day.rise);
  // Pradosh: about an hour after sunset (Lakshmi Puja on Diwali).
  return day.set + 60 * MINUTE_MS;
}

/**
 * The IST civil dates (`YYYY-MM-DD`) in `year` of tithi `tithi` (1-30; 15 is the full moon, 30
 * the new moon) of the regular (not leap) amanta month `month`: the first day on which the
 * tithi, or a later one of that month, prevails at `moment`.
 */
export function lunisolarDates(
  year: number,
  month: LunarMonth,
  tithi: number,
  moment: FestivalMoment,
): string[] {
  const newMoons: number[] = [];
  for (let y = year - 0.2, n = 0; n < 17; n++, y += SYNODIC_YEARS) {
    newMoons.push(JDEToDate(newMoon(y)).getTime());
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < newMoons.length; i++) {
    const start = newMoons[i] as number;
    const end = newMoons[i + 1] as number;
    const sign = siderealSign(start);
    if (siderealSign(end) === sign || (sign + 1) % 12 !== month) continue;
    const firstDay = Math.floor((start + IST_MS) / DAY_MS) * DAY_MS;
    for (let day = firstDay; day < firstDay + 32 * DAY_MS; day += DAY_MS) {
      const at = momentOf(daylight(day), moment);
      if (at <= start) continue;
      const current = at >= end ? 31 : Math.floor(elongation(at) / 12) + 1;
      if (current < tithi) continue;
      const date = new Date(day).toISOString().slice(0, 10);
      if (date.startsWith(`${year}-`)) out.push(date);
      break;
    }
  }
  return out;
}
