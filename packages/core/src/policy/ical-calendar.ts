import { IANAZone } from 'luxon';
import type ICALModule from 'ical.js';
import { InputError, quoteValue } from '../errors.js';
import {
  IcalLineError,
  parseIcalComponents,
  unescapeText,
  type IcalComponent,
} from './ical-content-lines.js';
import {
  readDateTime,
  readDuration,
  readRdates,
  type IcalDateTime,
  type IcalDuration,
  type IcalRdate,
} from './ical-values.js';
import type { Interval } from './interval-set.js';
import { formatUtc } from '../time/format-utc.js';
import { ZoneTimeline } from './zone-timeline.js';

/** One occurrence of a calendar event, as denied instants. */
export interface CalendarBlock extends Interval {
  summary: string;
}

type ICAL = typeof ICALModule;
type IcalTimezone = InstanceType<ICAL['Timezone']>;

/** Bounds the expansion of one recurring event (a daily rule over decades stays well inside). */
const MAX_OCCURRENCES = 50_000;
/**
 * Bounds the expansion of a whole file: ical.js takes about 12 µs an RRULE instance here, so a file
 * of minutely rules would otherwise run for hours. 500,000 is about 6 s.
 */
const MAX_FILE_OCCURRENCES = 500_000;
const DAY_MS = 86_400_000;
const EXAMPLE = 'a path to a `.ics` file exported from a calendar';

/**
 * Parses an iCalendar file and returns every event occurrence overlapping `range`.
 *
 * The recurrence set is built as RFC 5545 3.8.5 defines it: DTSTART, the RRULE instances
 * (expanded by ical.js on the event's wall clock), RDATE dates, date-times and periods, minus
 * EXDATE; a RECURRENCE-ID component replaces its instance; `STATUS:CANCELLED` events and
 * instances deny nothing. Timed events deny [start, end): a TZID that names an IANA zone uses
 * the IANA data (a file's VTIMEZONE may stop years ago), other TZIDs their VTIMEZONE, floating
 * times the policy zone; a local time in a DST gap or fold reads as RFC 5545 3.3.5 says.
 * All-day events deny their local dates in `zone`. Anything invalid is refused with the line.
 */
export async function readCalendarBlocks(
  input: string,
  path: string,
  text: string,
  zone: string,
  range: Interval,
): Promise<CalendarBlock[]> {
  let calendars: IcalComponent[];
  try {
    calendars = parseIcalComponents(text);
  } catch (error) {
    if (!(error instanceof IcalLineError)) throw error;
    throw new InputError(
      input,
      `${quoteValue(path)} is not an iCalendar file (line ${error.line}: ${error.message})`,
      EXAMPLE,
      { cause: error },
    );
  }
  // Loaded lazily: only runs with `calendars` pay for the recurrence engine.
  const ICAL = (await import('ical.js')).default;
  const counter = { file: 0 };
  try {
    const zones = new CalendarZones(ICAL, zone, calendars, text);
    const events = calendars.flatMap((c) => c.components.filter((v) => v.name === 'VEVENT'));
    const overrides = new Map<string, IcalComponent[]>();
    const masters: IcalComponent[] = [];
    const masterUids = new Set<string>();
    for (const event of events) {
      const uid = valueOf(event, 'UID') ?? `line ${event.line}`;
      if (valueOf(event, 'RECURRENCE-ID') !== undefined) {
        overrides.set(uid, [...(overrides.get(uid) ?? []), event]);
      } else {
        masters.push(event);
        masterUids.add(uid);
      }
    }
    const blocks: CalendarBlock[] = [];
    const add = (occurrence: Occurrence): void => {
      for (const interval of occurrence.intervals) {
        if (interval.end > interval.start && interval.end > range.start && interval.start < range.end) {
          blocks.push({ ...interval, summary: occurrence.summary });
        }
      }
    };
    for (const master of masters) {
      const uid = valueOf(master, 'UID') ?? `line ${master.line}`;
      let occurrences = expandEvent(ICAL, master, zones, range, { input, path, counter });
      // A master's overrides apply once, to the first master with that UID.
      const own = overrides.get(uid) ?? [];
      overrides.delete(uid);
      for (const override of own) {
        const property = override.properties.find((p) => p.name === 'RECURRENCE-ID')!;
        const id = readDateTime(property);
        // THISANDFUTURE would reshape later instances too; keeping them denies more (fail safe).
        if (property.params.get('RANGE')?.toUpperCase() !== 'THISANDFUTURE') {
          occurrences = occurrences.filter((o) => !o.matches(id, zones, property.line));
        }
        if (!isCancelled(override)) {
          for (const o of expandEvent(ICAL, override, zones, range, { input, path, counter })) add(o);
        }
      }
      if (!isCancelled(master)) for (const o of occurrences) add(o);
    }
    // Overrides whose series is not in the file stand on their own.
    for (const orphans of overrides.values()) {
      for (const event of orphans) {
        if (isCancelled(event)) continue;
        for (const o of expandEvent(ICAL, event, zones, range, { input, path, counter })) add(o);
      }
    }
    return blocks;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const where = error instanceof IcalLineError ? ` line ${error.line}` : '';
    const message = (error as Error).message?.split('\n')[0] ?? String(error);
    throw new InputError(input, `file ${quoteValue(path)}${where}: ${message}`, EXAMPLE, { cause: error });
  }
}

/** One instance of an event: what it denies, and how to tell whether EXDATE or RECURRENCE-ID names it. */
interface Occurrence {
  intervals: Interval[];
  summary: string;
  matches(id: IcalDateTime, zones: CalendarZones, line: number): boolean;
}

interface ExpandContext {
  input: string;
  path: string;
  counter: { file: number };
}

/** The occurrences of one VEVENT that may overlap `range`, EXDATEs removed. */
function expandEvent(
  ICAL: ICAL,
  event: IcalComponent,
  zones: CalendarZones,
  range: Interval,
  context: ExpandContext,
): Occurrence[] {
  const dtstart = event.properties.find((p) => p.name === 'DTSTART');
  if (!dtstart) throw new IcalLineError(event.line, 'VEVENT has no DTSTART');
  const start = readDateTime(dtstart);
  const summary = unescapeText(valueOf(event, 'SUMMARY') ?? '') || '(untitled event)';
  const length = eventLength(event, start, zones);

  const occurrenceAt = (at: IcalDateTime, own?: IcalRdate): Occurrence => {
    let intervals: Interval[];
    if (at.isDate) {
      const days = own?.duration?.days ?? length.days;
      intervals = [zones.dateBlock(at.wall, at.wall + days * DAY_MS)];
    } else {
      const from = zones.instant(at, dtstart.line);
      let to: number;
      if (own?.end) to = zones.instant(own.end, dtstart.line);
      else if (own?.duration) to = zones.durationEnd(at, own.duration, dtstart.line);
      else if (length.exactMs !== undefined) to = from + length.exactMs;
      else to = zones.durationEnd(at, length.duration, dtstart.line);
      intervals = [{ start: from, end: to }];
    }
    return {
      intervals,
      summary,
      matches: (id, z, line) =>
        id.isDate || at.isDate
          ? Math.floor(id.wall / DAY_MS) === Math.floor(at.wall / DAY_MS)
          : z.instant(id, line) === z.instant(at, dtstart.line),
    };
  };

  // Instances far outside the range are counted but never converted.
  const spanMs = length.days * DAY_MS + (length.exactMs ?? length.duration.ms) + 3 * DAY_MS;
  const near = (wall: number): boolean => wall + spanMs >= range.start && wall <= range.end + 2 * DAY_MS;
  const out: Occurrence[] = [occurrenceAt(start)];
  for (const rrule of event.properties.filter((p) => p.name === 'RRULE')) {
    const { walls, beyond } = ruleInstances(ICAL, rrule, start, zones);
    let count = 0;
    for (const wall of walls) {
      // Stopping early would silently drop the occurrences that matter (the ones in the range):
      // fail safe and refuse the file instead.
      if (++count > MAX_OCCURRENCES) {
        throw tooManyOccurrences(
          context.input,
          context.path,
          `event ${quoteValue(summary)} recurs more than ${MAX_OCCURRENCES}`,
          range,
        );
      }
      if (++context.counter.file > MAX_FILE_OCCURRENCES) {
        throw tooManyOccurrences(
          context.input,
          context.path,
          `its events recur more than ${MAX_FILE_OCCURRENCES}`,
          range,
        );
      }
      if (beyond(wall) || wall > range.end + 2 * DAY_MS) break;
      if (wall !== start.wall && near(wall)) out.push(occurrenceAt({ ...start, wall }));
    }
  }
  for (const rdate of event.properties.filter((p) => p.name === 'RDATE')) {
    for (const value of readRdates(rdate)) {
      if (value.start.isDate !== start.isDate) {
        throw new IcalLineError(
          rdate.line,
          `RDATE must be a ${start.isDate ? 'date' : 'date-time'} like DTSTART`,
        );
      }
      if (near(value.start.wall)) out.push(occurrenceAt(value.start, value));
    }
  }
  const excluded = event.properties
    .filter((p) => p.name === 'EXDATE')
    .flatMap((p) => p.value.split(',').map((v) => ({ id: readDateTime(p, v), line: p.line })));
  if (excluded.length === 0) return out;
  return out.filter((o) => !excluded.some(({ id, line }) => o.matches(id, zones, line)));
}

/** How long each instance lasts: DTEND, DURATION, or the RFC 5545 3.6.1 defaults. */
function eventLength(
  event: IcalComponent,
  start: IcalDateTime,
  zones: CalendarZones,
): { days: number; exactMs?: number; duration: IcalDuration } {
  const dtend = event.properties.find((p) => p.name === 'DTEND');
  const duration = event.properties.find((p) => p.name === 'DURATION');
  if (dtend) {
    const end = readDateTime(dtend);
    if (end.isDate !== start.isDate) {
      throw new IcalLineError(
        dtend.line,
        `DTEND must be a ${start.isDate ? 'date' : 'date-time'} like DTSTART`,
      );
    }
    if (start.isDate) {
      const days = Math.round((end.wall - start.wall) / DAY_MS);
      if (days < 0) throw new IcalLineError(dtend.line, 'DTEND is before DTSTART');
      return { days, duration: { days, ms: 0 } };
    }
    // RFC 5545 3.8.5.3: every instance lasts the same exact time as the first.
    const exactMs = zones.instant(end, dtend.line) - zones.instant(start, dtend.line);
    if (exactMs < 0) throw new IcalLineError(dtend.line, 'DTEND is before DTSTART');
    return { days: 0, exactMs, duration: { days: 0, ms: exactMs } };
  }
  if (duration) {
    const d = readDuration(duration);
    return { days: d.days, duration: d };
  }
  // An all-day event without an end lasts its day; a timed one is an instant and denies nothing.
  return start.isDate ? { days: 1, duration: { days: 1, ms: 0 } } : { days: 0, duration: { days: 0, ms: 0 } };
}

/**
 * The wall-clock starts of an RRULE, expanded by ical.js on DTSTART's wall clock. UNTIL is
 * taken out and applied here, on instants: ical.js compares a zoned DTSTART with a UTC UNTIL
 * as if both were UTC.
 */
function ruleInstances(
  ICAL: ICAL,
  rrule: IcalComponent['properties'][number],
  start: IcalDateTime,
  zones: CalendarZones,
): { walls: Iterable<number>; beyond: (wall: number) => boolean } {
  const untilText = /(?:^|;)UNTIL=([^;]*)/i.exec(rrule.value)?.[1];
  const until =
    untilText === undefined
      ? undefined
      : readDateTime({ ...rrule, name: 'RRULE UNTIL', params: new Map() }, untilText);
  const ruleText = rrule.value.replace(/(^|;)UNTIL=[^;]*/i, '').replace(/^;/, '');
  let recur: InstanceType<ICAL['Recur']>;
  try {
    recur = ICAL.Recur.fromString(ruleText);
  } catch (error) {
    throw new IcalLineError(
      rrule.line,
      `RRULE ${quoteValue(rrule.value)} is not a recurrence rule (${(error as Error).message})`,
    );
  }
  if (!recur.freq) throw new IcalLineError(rrule.line, `RRULE ${quoteValue(rrule.value)} has no FREQ`);
  const fields = new Date(start.wall);
  const dtstart = new ICAL.Time(
    {
      year: fields.getUTCFullYear(),
      month: fields.getUTCMonth() + 1,
      day: fields.getUTCDate(),
      hour: fields.getUTCHours(),
      minute: fields.getUTCMinutes(),
      second: fields.getUTCSeconds(),
      isDate: start.isDate,
    },
    // Floating: RRULE instances are computed on the wall clock.
    ICAL.Timezone.localTimezone,
  );
  const beyond = (wall: number): boolean => {
    if (!until) return false;
    if (until.utc && !start.isDate) return zones.instant({ ...start, wall }, rrule.line) > until.wall;
    if (until.isDate && !start.isDate) return wall >= until.wall + DAY_MS;
    return wall > until.wall;
  };
  const walls = function* (): Generator<number> {
    const iterator = recur.iterator(dtstart);
    for (;;) {
      let next: InstanceType<ICAL['Time']> | null;
      try {
        next = iterator.next();
      } catch (error) {
        throw new IcalLineError(rrule.line, `RRULE ${quoteValue(rrule.value)}: ${(error as Error).message}`);
      }
      if (!next) return;
      yield Date.UTC(next.year, next.month - 1, next.day, next.hour, next.minute, next.second);
    }
  };
  return { walls: walls(), beyond };
}

/** Turns the file's local times into instants: IANA zones first, then the file's VTIMEZONEs. */
class CalendarZones {
  private readonly timelines = new Map<string, ZoneTimeline>();
  private readonly custom = new Map<string, IcalTimezone>();
  private readonly vtimezones = new Map<string, IcalComponent>();
  private readonly lines: string[];

  constructor(
    private readonly ICAL: ICAL,
    private readonly policyZone: string,
    calendars: IcalComponent[],
    text: string,
  ) {
    this.lines = text.split(/\r?\n/);
    for (const calendar of calendars) {
      for (const vtimezone of calendar.components.filter((c) => c.name === 'VTIMEZONE')) {
        const tzid = valueOf(vtimezone, 'TZID');
        // A VTIMEZONE without TZID cannot be referred to: nothing reads it.
        if (tzid) this.vtimezones.set(tzid, vtimezone);
      }
    }
  }

  /** The instant of a date-time (RFC 5545 3.3.5: a skipped time takes the earlier offset; a repeated one its first occurrence). */
  instant(value: IcalDateTime, line: number): number {
    if (value.utc) return value.wall;
    if (value.tzid === undefined) return this.timeline(this.policyZone).rfc5545Instant(value.wall);
    const iana = ianaZoneOf(value.tzid);
    if (iana) return this.timeline(iana).rfc5545Instant(value.wall);
    const fields = new Date(value.wall);
    const time = new this.ICAL.Time(
      {
        year: fields.getUTCFullYear(),
        month: fields.getUTCMonth() + 1,
        day: fields.getUTCDate(),
        hour: fields.getUTCHours(),
        minute: fields.getUTCMinutes(),
        second: fields.getUTCSeconds(),
        isDate: false,
      },
      this.vtimezone(value.tzid, line),
    );
    return time.toUnixTime() * 1000;
  }

  /** The end of an instance that lasts `duration`: nominal days on the wall clock, then exact time. */
  durationEnd(start: IcalDateTime, duration: IcalDuration, line: number): number {
    return this.instant({ ...start, wall: start.wall + duration.days * DAY_MS }, line) + duration.ms;
  }

  /** Local dates [firstWall, endWall) of the policy zone as one block, as a deny date range is. */
  dateBlock(firstWall: number, endWall: number): Interval {
    const timeline = this.timeline(this.policyZone);
    return { start: timeline.firstInstantReaching(firstWall), end: timeline.lastInstantReaching(endWall) };
  }

  private timeline(zone: string): ZoneTimeline {
    let timeline = this.timelines.get(zone);
    if (!timeline) this.timelines.set(zone, (timeline = new ZoneTimeline(zone)));
    return timeline;
  }

  private vtimezone(tzid: string, line: number): IcalTimezone {
    const cached = this.custom.get(tzid);
    if (cached) return cached;
    const component = this.vtimezones.get(tzid);
    if (!component) {
      throw new IcalLineError(
        line,
        `TZID ${quoteValue(tzid)} is neither an IANA time zone nor the TZID of a VTIMEZONE in the file`,
      );
    }
    const raw = this.lines.slice(component.line - 1, component.endLine).join('\r\n');
    let timezone: IcalTimezone;
    try {
      const root = new this.ICAL.Component(this.ICAL.parse(`BEGIN:VCALENDAR\r\n${raw}\r\nEND:VCALENDAR`));
      timezone = new this.ICAL.Timezone(root.getFirstSubcomponent('vtimezone')!);
    } catch (error) {
      throw new IcalLineError(component.line, `VTIMEZONE ${quoteValue(tzid)}: ${(error as Error).message}`);
    }
    this.custom.set(tzid, timezone);
    return timezone;
  }
}

/** The IANA zone a TZID names (`Europe/Berlin`, or a prefixed `/example.org/2020/Europe/Berlin`). */
function ianaZoneOf(tzid: string): string | undefined {
  const parts = tzid.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const name = parts.slice(i).join('/');
    if (IANAZone.isValidZone(name) && !/^[+-]|^utc[+-]/i.test(name)) return name;
  }
  return undefined;
}

function valueOf(component: IcalComponent, name: string): string | undefined {
  return component.properties.find((p) => p.name === name)?.value;
}

function isCancelled(component: IcalComponent): boolean {
  return valueOf(component, 'STATUS')?.trim().toUpperCase() === 'CANCELLED';
}

function tooManyOccurrences(input: string, path: string, what: string, range: Interval): InputError {
  return new InputError(
    input,
    `file ${quoteValue(path)}: ${what} times before ${formatUtc(range.end)}; ` +
      'give recurring events a later DTSTART or a coarser RRULE',
    EXAMPLE,
  );
}
