export const id = 868;
export const ids = [868];
export const modules = {

/***/ 7868:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  INDIA_ISLAMIC_RULES: () => (/* binding */ INDIA_ISLAMIC_RULES),
  SIGHTING_DAY_NOTE: () => (/* binding */ SIGHTING_DAY_NOTE),
  indiaLunisolarHolidays: () => (/* binding */ indiaLunisolarHolidays)
});

// EXTERNAL MODULE: ./node_modules/astronomia/src/base.js
var base = __webpack_require__(9474);
// EXTERNAL MODULE: ./node_modules/astronomia/src/julian.js
var julian = __webpack_require__(26);
// EXTERNAL MODULE: ./node_modules/astronomia/src/moonphase.js
var moonphase = __webpack_require__(4324);
// EXTERNAL MODULE: ./node_modules/astronomia/src/moonposition.js
var moonposition = __webpack_require__(8861);
// EXTERNAL MODULE: ./node_modules/astronomia/src/solar.js
var solar = __webpack_require__(1630);
;// CONCATENATED MODULE: ./packages/core/src/policy/holidays/hindu-lunisolar.ts





const DEG = Math.PI / 180;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const IST_MS = 330 * MINUTE_MS;
const NEW_DELHI = { latitude: 28.6139, longitude: 77.209 };
const SYNODIC_YEARS = 29.530588 / 365.25;
const degrees = (radians) => (((radians / DEG) % 360) + 360) % 360;
const jde = (instant) => (0,julian/* DateToJDE */.xU)(new Date(instant));
const sunLongitude = (instant) => degrees((0,solar/* apparentLongitude */.Ri)((0,base/* J2000Century */.bR)(jde(instant))));
/** The Moon's elongation east of the Sun, 0-360°. */
const elongation = (instant) => (((degrees((0,moonposition/* position */.G1)(jde(instant)).lon) - sunLongitude(instant)) % 360) + 360) % 360;
/** Lahiri ayanamsa: 23.853° at J2000, growing 50.29" a year. */
const ayanamsa = (instant) => 23.853 + ((instant - Date.UTC(2000, 0, 1)) / (365.25 * DAY_MS)) * 0.013968;
const siderealSign = (instant) => Math.floor((((sunLongitude(instant) - ayanamsa(instant)) % 360) + 360) / 30) % 12;
/** Sunrise and sunset at New Delhi on an IST civil date (UTC midnight of its fields), within ~2 min. */
function daylight(dateWall) {
    const year = new Date(dateWall).getUTCFullYear();
    const dayOfYear = (dateWall - Date.UTC(year, 0, 0)) / DAY_MS;
    const b = (360 / 365) * (dayOfYear - 81) * DEG;
    const declination = 23.44 * Math.sin(b) * DEG;
    const equationOfTime = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
    const latitude = NEW_DELHI.latitude * DEG;
    const hourAngle = Math.acos((Math.sin(-0.833 * DEG) - Math.sin(latitude) * Math.sin(declination)) /
        (Math.cos(latitude) * Math.cos(declination))) / DEG;
    const noonUtcMinutes = 720 - 4 * NEW_DELHI.longitude - equationOfTime;
    // Delhi's solar noon is near 06:50 UTC, so sunrise and sunset fall on the same UTC date.
    return {
        rise: dateWall + (noonUtcMinutes - 4 * hourAngle) * MINUTE_MS,
        set: dateWall + (noonUtcMinutes + 4 * hourAngle) * MINUTE_MS,
    };
}
function momentOf(day, moment) {
    if (moment === 'sunrise')
        return day.rise;
    // Aparahna, the fourth fifth of daylight, from its start (Vijayadashami).
    if (moment === 'afternoon')
        return day.rise + 0.6 * (day.set - day.rise);
    // Pradosh: about an hour after sunset (Lakshmi Puja on Diwali).
    return day.set + 60 * MINUTE_MS;
}
/**
 * The IST civil dates (`YYYY-MM-DD`) in `year` of tithi `tithi` (1-30; 15 is the full moon, 30
 * the new moon) of the regular (not leap) amanta month `month`: the first day on which the
 * tithi, or a later one of that month, prevails at `moment`.
 */
function lunisolarDates(year, month, tithi, moment) {
    const newMoons = [];
    for (let y = year - 0.2, n = 0; n < 17; n++, y += SYNODIC_YEARS) {
        newMoons.push((0,julian/* JDEToDate */.R5)((0,moonphase/* newMoon */.S8)(y)).getTime());
    }
    const out = [];
    for (let i = 0; i + 1 < newMoons.length; i++) {
        const start = newMoons[i];
        const end = newMoons[i + 1];
        const sign = siderealSign(start);
        if (siderealSign(end) === sign || (sign + 1) % 12 !== month)
            continue;
        const firstDay = Math.floor((start + IST_MS) / DAY_MS) * DAY_MS;
        for (let day = firstDay; day < firstDay + 32 * DAY_MS; day += DAY_MS) {
            const at = momentOf(daylight(day), moment);
            if (at <= start)
                continue;
            const current = at >= end ? 31 : Math.floor(elongation(at) / 12) + 1;
            if (current < tithi)
                continue;
            const date = new Date(day).toISOString().slice(0, 10);
            if (date.startsWith(`${year}-`))
                out.push(date);
            break;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./packages/core/src/policy/holidays/india-central-holidays.ts

/**
 * The compulsory holidays of India's central government offices (Department of Personnel and
 * Training, one list a year) that date-holidays' `IN` data lacks: all follow a lunar calendar.
 * Its data has the fixed dates only (Republic Day, Independence Day, Gandhi Jayanti, Good
 * Friday, Christmas, and Ambedkar Jayanti, which the central list does not make compulsory).
 */
/** Hindu, Jain, Buddhist and Sikh festivals: amanta month (0 = Chaitra), tithi, moment of the day. */
const LUNISOLAR = [
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
const INDIA_ISLAMIC_RULES = [
    ['1 Shawwal', 'Id-ul-Fitr'],
    ['10 Dhu al-Hijjah', 'Id-ul-Zuha (Bakrid)'],
    ['10 Muharram', 'Muharram'],
    ['12 Rabi al-awwal', "Milad-un-Nabi (Prophet Mohammad's Birthday)"],
];
/** Name suffix of the second day of a moon-sighted holiday. */
const SIGHTING_DAY_NOTE = ' (or this day, by the sighting of the moon)';
/** The lunisolar compulsory holidays of `year`, computed. */
function indiaLunisolarHolidays(year) {
    return LUNISOLAR.flatMap(([name, month, tithi, moment]) => lunisolarDates(year, month, tithi, moment).map((date) => ({ date, name })));
}


/***/ })

};
