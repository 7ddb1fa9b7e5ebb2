import { IANAZone } from 'luxon';
import type ICALModule from 'ical.js';
import { InputError, quoteValue } from '../errors.js';
import type { Interval } from './interval-set.js';
import { ZoneTimeline, formatUtc } from './zone-timeline.js';

/** One occurrence of a calendar event, as denied instants. */
export interface CalendarBlock extends Interval {
  summary: string;
}

type ICAL = typeof ICALModule;
type IcalTime = InstanceType<ICAL['Time']>;
type IcalEvent = InstanceType<ICAL['Event']>;

/** Bounds the expansion of one recurring event (a daily rule over decades stays well inside). */
const MAX_OCCURRENCES = 50_000;
/**
 * Bounds the expansion of a whole file: ical.js takes about 12 µs an occurrence here, so a file
 * of minutely rules would otherwise run for hours. 500,000 is about 6 s.
 */
const MAX_FILE_OCCURRENCES = 500_000;
const DAY_MS = 86_400_000;
const EXAMPLE = 'a path to a `.ics` file exported from a calendar';

/**
 * Parses an iCalendar file and returns every event occurrence overlapping `range`:
 * timed events deny [start, end); all-day events deny their local dates in `zone`.
 * RRULE, RDATE, EXDATE and RECURRENCE-ID overrides are honoured through ical.js.
 */
export async function readCalendarBlocks(
  input: string,
  path: string,
  text: string,
  zone: string,
  range: Interval,
): Promise<CalendarBlock[]> {
  // Loaded lazily: only runs with `calendars` pay for the iCalendar parser.
  const ICAL = (await import('ical.js')).default;
  let root: InstanceType<ICAL['Component']>;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new InputError(
      input,
      `${quoteValue(path)} is not an iCalendar file (${(error as Error).message.split('\n')[0]})`,
      EXAMPLE,
      { cause: error },
    );
  }
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const policyTimeline = new ZoneTimeline(zone);
  const timelines = new Map<string, ZoneTimeline>([[zone, policyTimeline]]);
  const toInstants = (startTime: IcalTime, endTime: IcalTime): Interval[] => {
    if (startTime.isDate) {
      return policyTimeline.wallRangeToInstants(wallOf(startTime), wallOf(endTime));
    }
    const tzid = startTime.zone?.tzid ?? 'floating';
    if (tzid === 'UTC' || (tzid !== 'floating' && ICAL.TimezoneService.has(tzid))) {
      return [{ start: startTime.toUnixTime() * 1000, end: endTime.toUnixTime() * 1000 }];
    }
    // Floating times, and TZIDs without a VTIMEZONE, are wall-clock times of a zone we know.
    const named = (startTime as unknown as { timezone?: string }).timezone;
    const local = named && IANAZone.isValidZone(named) ? named : zone;
    let timeline = timelines.get(local);
    if (!timeline) timelines.set(local, (timeline = new ZoneTimeline(local)));
    return timeline.wallRangeToInstants(wallOf(startTime), wallOf(endTime));
  };

  // `exceptions: []` stops each Event from scanning every sibling for overrides (quadratic: a
  // 2 MB calendar took 23 s); overrides are related once, through `masters`, below.
  const events = root
    .getAllSubcomponents('vevent')
    .map((vevent) => new ICAL.Event(vevent, { exceptions: [] }));
  const masters = new Map<string, IcalEvent>();
  for (const event of events) if (!event.isRecurrenceException()) masters.set(event.uid, event);
  for (const event of events) {
    if (event.isRecurrenceException()) masters.get(event.uid)?.relateException(event);
  }

  const blocks: CalendarBlock[] = [];
  let fileOccurrences = 0;
  for (const event of events) {
    if (event.isRecurrenceException() && masters.has(event.uid)) continue;
    const add = (start: IcalTime, end: IcalTime, source: IcalEvent = event): void => {
      const summary = source.summary || '(untitled event)';
      for (const interval of toInstants(start, end)) {
        if (interval.end > range.start && interval.start < range.end) blocks.push({ ...interval, summary });
      }
    };
    if (!event.isRecurring()) {
      add(event.startDate, endOf(event.startDate, event.endDate, ICAL));
      continue;
    }
    const iterator = event.iterator();
    let occurrences = 0;
    for (let next = iterator.next(); next; next = iterator.next()) {
      // Stopping early would silently drop the occurrences that matter (the ones in the range):
      // fail safe and refuse the file instead.
      if (++occurrences > MAX_OCCURRENCES) {
        const name = event.summary || event.uid || '(untitled event)';
        throw tooManyOccurrences(
          input,
          path,
          `event ${quoteValue(name)} recurs more than ${MAX_OCCURRENCES}`,
          range,
        );
      }
      if (++fileOccurrences > MAX_FILE_OCCURRENCES) {
        throw tooManyOccurrences(input, path, `its events recur more than ${MAX_FILE_OCCURRENCES}`, range);
      }
      const occurrence = event.getOccurrenceDetails(next);
      if (occurrence.startDate.toUnixTime() * 1000 > range.end + DAY_MS) break;
      // An overridden occurrence (RECURRENCE-ID) carries its own times and summary.
      add(occurrence.startDate, endOf(occurrence.startDate, occurrence.endDate, ICAL), occurrence.item);
    }
  }
  return blocks;
}

function tooManyOccurrences(input: string, path: string, what: string, range: Interval): InputError {
  return new InputError(
    input,
    `file ${quoteValue(path)}: ${what} times before ${formatUtc(range.end)}; ` +
      'give recurring events a later DTSTART or a coarser RRULE',
    EXAMPLE,
  );
}

/** All-day events without DTEND last one day (RFC 5545 3.6.1). */
function endOf(start: IcalTime, end: IcalTime | null | undefined, ICAL: ICAL): IcalTime {
  if (end && end.compare(start) > 0) return end;
  if (start.isDate) {
    const next = start.clone();
    next.addDuration(ICAL.Duration.fromData({ days: 1 }));
    return next;
  }
  return start;
}

function wallOf(time: IcalTime): number {
  return Date.UTC(
    time.year,
    time.month - 1,
    time.day,
    time.isDate ? 0 : time.hour,
    time.isDate ? 0 : time.minute,
    time.isDate ? 0 : time.second,
  );
}
