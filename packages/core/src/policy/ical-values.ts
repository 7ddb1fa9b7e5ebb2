import { quoteValue } from '../errors.js';
import { IcalLineError, type IcalProperty } from './ical-content-lines.js';

/**
 * A DATE or DATE-TIME value (RFC 5545 3.3.4, 3.3.5). `wall` is its local date and time written
 * as if it were UTC (Date.UTC of the fields); `utc` marks a `Z` time, `tzid` a zoned one.
 */
export interface IcalDateTime {
  wall: number;
  isDate: boolean;
  utc: boolean;
  tzid?: string;
}

/** A DURATION value (RFC 5545 3.3.6): nominal days (weeks included) and an exact time part. */
export interface IcalDuration {
  days: number;
  ms: number;
}

/** An RDATE value: a start, and for a PERIOD its own end or duration. */
export interface IcalRdate {
  start: IcalDateTime;
  end?: IcalDateTime;
  duration?: IcalDuration;
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;
const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Reads one date or date-time of `property`. A bare `YYYYMMDD` without `VALUE=DATE` is read as a
 * date: common in real exports, and unambiguous.
 */
export function readDateTime(property: IcalProperty, text: string = property.value): IcalDateTime {
  const value = text.trim();
  const declared = property.params.get('VALUE')?.toUpperCase();
  const date = DATE.exec(value);
  if (date && declared !== 'DATE-TIME') {
    const [y, m, d] = date.slice(1, 4).map(Number) as [number, number, number];
    return { wall: checkedWall(property, value, y, m, d, 0, 0, 0), isDate: true, utc: false };
  }
  const dateTime = DATE_TIME.exec(value);
  if (dateTime && declared !== 'DATE') {
    const [y, mo, d, h, mi, s] = dateTime.slice(1, 7).map(Number) as number[];
    // A leap second (60) is read as 59 (RFC 5545 3.3.12 allows it; Date.UTC would roll over).
    const wall = checkedWall(property, value, y!, mo!, d!, h!, mi!, Math.min(s!, 59));
    const utc = dateTime[7] === 'Z';
    const tzid = utc ? undefined : property.params.get('TZID');
    return { wall, isDate: false, utc, ...(tzid ? { tzid } : {}) };
  }
  throw new IcalLineError(
    property.line,
    `${property.name} ${quoteValue(value)} is not a ${declared === 'DATE' ? 'date (YYYYMMDD)' : 'date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, optionally ending in Z)'}`,
  );
}

/** Reads a DURATION value of `property` (`PT1H`, `P1D`, `P2W`); negative durations are refused. */
export function readDuration(property: IcalProperty, text: string = property.value): IcalDuration {
  const value = text.trim();
  const match = DURATION.exec(value);
  if (!match || !/\d/.test(value) || /T$/.test(value)) {
    throw new IcalLineError(
      property.line,
      `${property.name} ${quoteValue(value)} is not a duration (PT1H, P1D, P2W)`,
    );
  }
  if (match[1] === '-') {
    throw new IcalLineError(property.line, `${property.name} ${quoteValue(value)} is negative`);
  }
  const n = (i: number): number => Number(match[i] ?? 0);
  return { days: n(2) * 7 + n(3), ms: ((n(4) * 60 + n(5)) * 60 + n(6)) * 1000 };
}

/** Reads every value of an RDATE (dates, date-times or periods, RFC 5545 3.8.5.2). */
export function readRdates(property: IcalProperty): IcalRdate[] {
  const periods = property.params.get('VALUE')?.toUpperCase() === 'PERIOD';
  return property.value.split(',').map((part) => {
    if (!periods) return { start: readDateTime(property, part) };
    const [from, to, ...rest] = part.split('/');
    if (to === undefined || rest.length > 0) {
      throw new IcalLineError(
        property.line,
        `${property.name} ${quoteValue(part)} is not a period (start/end or start/duration)`,
      );
    }
    const start = readDateTime(property, from);
    if (start.isDate) {
      throw new IcalLineError(
        property.line,
        `${property.name} ${quoteValue(part)}: a period starts at a date-time`,
      );
    }
    if (/^[+-]?P/.test(to.trim())) return { start, duration: readDuration(property, to) };
    return { start, end: readDateTime(property, to) };
  });
}

function checkedWall(
  property: IcalProperty,
  text: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wall);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) {
    throw new IcalLineError(
      property.line,
      `${property.name} ${quoteValue(text)} is not a valid date or time`,
    );
  }
  return wall;
}
