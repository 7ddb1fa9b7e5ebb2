import { DateTime, IANAZone } from 'luxon';
import type { Interval } from './interval-set.js';
import { InputError, quoteValue } from '../errors.js';

const HOUR = 3_600_000;
const SAMPLE_STEP = 6 * HOUR;
/** UTC offsets in use lie within ±14 h; 15 h of margin covers any zone. */
const OFFSET_MARGIN = 15 * HOUR;
/** Longer than any jump of a zone's clock (Pacific/Apia skipped a whole day in 2011). */
const SEARCH_MS = 48 * HOUR;

/** A stretch of instants during which a zone keeps one UTC offset. */
interface OffsetSegment {
  start: number;
  end: number;
  offsetMs: number;
}

/**
 * Wall-clock time of one IANA zone, mapped exactly onto instants. A "wall-clock millisecond"
 * is the zone's local date and time written as if it were UTC (Date.UTC of the local fields).
 *
 * Local ranges map to instants offset segment by offset segment, which gives the semantics the
 * README documents: local times skipped by a DST jump are never inside a range, and local times
 * that repeat are inside it both times.
 */
export class ZoneTimeline {
  readonly zone: string;
  private readonly iana: IANAZone;
  private readonly segmentCache = new Map<number, OffsetSegment[]>();

  constructor(zone: string) {
    this.zone = zone;
    this.iana = IANAZone.create(zone);
  }

  /** UTC offset of the zone at `instant`, in milliseconds. */
  offsetAt(instant: number): number {
    return this.iana.offset(instant) * 60_000;
  }

  /** The zone's wall-clock reading of `instant`. */
  toWallClock(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /** Every instant whose wall-clock reading lies in [wallStart, wallEnd): zero, one or two intervals. */
  wallRangeToInstants(wallStart: number, wallEnd: number): Interval[] {
    if (wallEnd <= wallStart) return [];
    const out: Interval[] = [];
    for (const segment of this.segmentsBetween(wallStart - OFFSET_MARGIN, wallEnd + OFFSET_MARGIN)) {
      const start = Math.max(wallStart - segment.offsetMs, segment.start);
      const end = Math.min(wallEnd - segment.offsetMs, segment.end);
      if (end > start) out.push({ start, end });
    }
    return out;
  }

  /**
   * The first instant at which the wall clock reads `wall` or later. A wall time skipped by a
   * DST jump resolves to the instant the jump ends; one that repeats resolves to its first
   * occurrence. Cron freezes fire here, and intervals start here.
   */
  firstInstantReaching(wall: number): number {
    return this.wallRangeToInstants(wall, wall + SEARCH_MS)[0]?.start ?? wall - this.offsetAt(wall);
  }

  /**
   * The first instant from which the wall clock never again reads before `wall`. A skipped
   * wall time resolves to the instant the jump ends; one that repeats resolves to its second
   * occurrence. Intervals end here, so a range that ends inside a repeated hour covers it twice.
   */
  lastInstantReaching(wall: number): number {
    return this.wallRangeToInstants(wall - SEARCH_MS, wall).at(-1)?.end ?? wall - this.offsetAt(wall);
  }

  /**
   * The instant of a local date-time as RFC 5545 (3.3.5) reads it: a skipped time takes the
   * offset in force before the jump (so 02:30 on a spring-forward night is 03:30 after it); a
   * repeated time is its first occurrence.
   */
  rfc5545Instant(wall: number): number {
    const first = this.firstInstantReaching(wall);
    if (this.toWallClock(first) === wall) return first;
    // Skipped: the offset just before the jump.
    return wall - this.offsetAt(first - 1);
  }

  /** Offset segments covering [from, to), found by sampling and bisecting each change. */
  private segmentsBetween(from: number, to: number): OffsetSegment[] {
    const out: OffsetSegment[] = [];
    // Segments are computed per whole day so repeated look-ups over a year stay cheap.
    const DAY = 24 * HOUR;
    for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
      for (const segment of this.daySegments(day)) {
        const last = out.at(-1);
        if (last !== undefined && last.offsetMs === segment.offsetMs && last.end === segment.start) {
          last.end = segment.end;
        } else {
          out.push({ ...segment });
        }
      }
    }
    return out;
  }

  private daySegments(dayStart: number): OffsetSegment[] {
    const cached = this.segmentCache.get(dayStart);
    if (cached) return cached;
    const dayEnd = dayStart + 24 * HOUR;
    const segments: OffsetSegment[] = [];
    let segmentStart = dayStart;
    let offset = this.offsetAt(dayStart);
    for (let t = dayStart + SAMPLE_STEP; t <= dayEnd; t += SAMPLE_STEP) {
      const probe = t === dayEnd ? dayEnd - 1 : t;
      const next = this.offsetAt(probe);
      if (next === offset) continue;
      // Bisect to the first instant (to the millisecond) with the new offset.
      let lo = t - SAMPLE_STEP;
      let hi = probe;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      segments.push({ start: segmentStart, end: hi, offsetMs: offset });
      segmentStart = hi;
      offset = next;
    }
    segments.push({ start: segmentStart, end: dayEnd, offsetMs: offset });
    this.segmentCache.set(dayStart, segments);
    return segments;
  }
}

/** Checks an IANA zone name for the input `input`, returning the canonical spelling. */
export function parseTimezone(input: string, raw: string): string {
  const text = raw.trim();
  if (text === '' || !IANAZone.isValidZone(text) || /^[+-]|^utc[+-]/i.test(text)) {
    throw new InputError(
      input,
      `${quoteValue(raw)} is not an IANA time zone`,
      '`Europe/Berlin`, `America/New_York` or `UTC`',
    );
  }
  return text === 'utc' ? 'UTC' : text;
}

/** Wall-clock milliseconds of a calendar date at 00:00. */
export function wallDate(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/** Formats an instant as local `YYYY-MM-DD HH:mm` in `zone`, with the zone's abbreviation. */
export function formatLocal(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZZZ');
}
