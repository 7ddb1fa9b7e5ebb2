import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { expandCronFreeze, parseCronFreeze } from '../../packages/core/src/policy/cron-freeze.js';
import { mergeIntervals, clipIntervals, type Interval } from '../../packages/core/src/policy/interval-set.js';
import { ZoneTimeline } from '../../packages/core/src/policy/zone-timeline.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The DST shift of each zone: Lord Howe moves its clock by 30 minutes, the others by an hour. */
const ZONES = { 'Australia/Lord_Howe': 30, 'Pacific/Chatham': 60, 'America/St_Johns': 60 } as const;
type Zone = keyof typeof ZONES;

/** Offset changes of `zone` in 2025-2029, from luxon alone (hourly scan, then bisection). */
function transitions(zone: Zone): number[] {
  const z = IANAZone.create(zone);
  const out: number[] = [];
  for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2030, 0, 1); t += HOUR) {
    if (z.offset(t) === z.offset(t + HOUR)) continue;
    let lo = t;
    let hi = t + HOUR;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (z.offset(mid) === z.offset(t)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}
const TRANSITIONS = Object.fromEntries(Object.keys(ZONES).map((z) => [z, transitions(z as Zone)])) as Record<
  Zone,
  number[]
>;

/** A cron of one minute, one hour and a set of weekdays (or `*`), with its fields for the oracle. */
function cronOf(minute: number, hour: number, days: number[] | null) {
  return {
    text: `${minute} ${hour} * * ${days === null ? '*' : days.join(',')}`,
    matches: (wall: Date): boolean =>
      wall.getUTCMinutes() === minute &&
      wall.getUTCHours() === hour &&
      (days === null || days.includes(wall.getUTCDay())),
  };
}
type Cron = ReturnType<typeof cronOf>;

/** Cron fields; most hours sit next to the local hour of the DST change, so gaps and folds are hit. */
const cronArb = fc.record({
  minute: fc.oneof(fc.constantFrom(0, 15, 30, 45), fc.integer({ min: 0, max: 59 })),
  hour: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -1, max: 1 }).map((delta) => ({ delta })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 23 }).map((hour) => ({ hour })) },
  ),
  days: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 })),
});

/** Near the change, the cron also fires on the weekday of the change. */
function toCron(
  fields: typeof cronArb extends fc.Arbitrary<infer T> ? T : never,
  change: { hour: number; weekday: number },
): Cron {
  if ('hour' in fields.hour) return cronOf(fields.minute, fields.hour.hour, fields.days);
  const days = fields.days === null ? null : [...new Set([...fields.days, change.weekday])];
  return cronOf(fields.minute, (change.hour + fields.hour.delta + 24) % 24, days);
}

/**
 * The documented rule, by brute force over every minute with luxon's offsets: a cron wall time
 * fires at the first instant the wall clock shows it or a later time; at each wall time an end
 * closes a running freeze, then a start opens one. Returns the periods and, for each, the
 * wall-clock minutes from its start's wall time to its end's.
 */
function oracle(zone: Zone, start: Cron, end: Cron, range: Interval) {
  const z = IANAZone.create(zone);
  const periods: { start: number; end: number; ordinary: number }[] = [];
  let open: { start: number; wall: number } | undefined;
  let maxWall = -Infinity;
  // Both crons fire at least weekly, so eight days earlier an end fire has set the state right.
  for (let t = range.start - 8 * DAY; t < range.end; t += MINUTE) {
    const wall = t + z.offset(t) * MINUTE;
    const first = maxWall === -Infinity ? wall : maxWall + MINUTE;
    for (let w = first; w <= wall; w += MINUTE) {
      const date = new Date(w);
      if (open && end.matches(date)) {
        periods.push({ start: open.start, end: t, ordinary: w - open.wall });
        open = undefined;
      }
      if (!open && start.matches(date)) open = { start: t, wall: w };
    }
    maxWall = Math.max(maxWall, wall);
  }
  if (open) periods.push({ start: open.start, end: range.end, ordinary: Infinity });
  return periods;
}

const scenarioArb = fc.record({
  zone: fc.constantFrom(...(Object.keys(ZONES) as Zone[])),
  start: cronArb,
  end: cronArb,
  transition: fc.nat(),
  // Three days from up to two days before a DST change (so they include it), to the minute.
  shiftMinutes: fc.integer({ min: -2 * 24 * 60, max: 0 }),
});

describe('cron freezes against a brute-force minute oracle', () => {
  it('in Lord Howe, Chatham and St Johns the freeze intervals equal the oracle, never throw and never outlast an ordinary freeze plus the shift', () => {
    fc.assert(
      fc.property(scenarioArb, ({ zone, start: startFields, end: endFields, transition, shiftMinutes }) => {
        const changes = TRANSITIONS[zone];
        const change = changes[transition % changes.length] as number;
        // The local hour just before the change: the skipped or repeated hour starts in it.
        const before = new Date(change - MINUTE + IANAZone.create(zone).offset(change - MINUTE) * MINUTE);
        const local = { hour: before.getUTCHours(), weekday: before.getUTCDay() };
        const start = toCron(startFields, local);
        const end = toCron(endFields, local);
        const from = change + shiftMinutes * MINUTE;
        const range = { start: from, end: from + 3 * DAY };
        const freeze = parseCronFreeze('deny', `freeze ${start.text} .. ${end.text}`);
        const actual = mergeIntervals(
          clipIntervals(expandCronFreeze(freeze, new ZoneTimeline(zone), range), range),
        );
        const expected = oracle(zone, start, end, range);
        expect(actual).toEqual(mergeIntervals(clipIntervals(expected, range)));
        for (const period of expected) {
          expect(period.end - period.start).toBeLessThanOrEqual(period.ordinary + ZONES[zone] * MINUTE);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('cron freezes in every IANA zone', () => {
  it('a nightly 22:00..06:00 freeze expands over 2026 in each zone without throwing, one period a night of 8 h ± the shift', () => {
    const range = { start: Date.UTC(2026, 0, 1), end: Date.UTC(2027, 0, 1) };
    const freeze = parseCronFreeze('deny', 'freeze 0 22 * * * .. 0 6 * * *');
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const periods = expandCronFreeze(freeze, new ZoneTimeline(zone), range);
      expect({ zone, nights: periods.length >= 365 && periods.length <= 367 }).toEqual({
        zone,
        nights: true,
      });
      for (const period of periods) {
        // Antarctica/Troll moves its clock by two hours, the most of any zone.
        const hours = (period.end - period.start) / HOUR;
        if (hours < 6 || hours > 10)
          throw new Error(`${zone}: a ${hours} h freeze from ${new Date(period.start).toISOString()}`);
      }
    }
  });
});

describe('cron fires in skipped and repeated local times', () => {
  const periodsOf = (line: string, zone: string, from: string, days: number): string[] => {
    const start = Date.parse(from);
    return expandCronFreeze(parseCronFreeze('deny', line), new ZoneTimeline(zone), {
      start,
      end: start + days * DAY,
    }).map(
      (p) =>
        `${DateTime.fromMillis(p.start, { zone }).toFormat('yyyy-LL-dd HH:mm ZZ')} ${(p.end - p.start) / MINUTE}m`,
    );
  };

  it('America/St_Johns: `45 2 * * 0 .. 45 3 * * 0` on the spring-forward Sunday runs from the jump (03:00) to 03:45', () => {
    expect(
      periodsOf('freeze 45 2 * * 0 .. 45 3 * * 0', 'America/St_Johns', '2026-03-07T00:00:00Z', 9),
    ).toEqual(['2026-03-08 03:00 -02:30 45m', '2026-03-15 02:45 -02:30 60m']);
  });

  it('America/New_York: a start in the repeated hour fires once, at its first occurrence; the freeze gains the hour', () => {
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST.
    expect(
      periodsOf('freeze 30 1 * * 0 .. 30 2 * * 0', 'America/New_York', '2026-10-31T00:00:00Z', 2),
    ).toEqual(['2026-11-01 01:30 -04:00 120m']);
  });

  it('Pacific/Chatham: a freeze starting in the skipped 02:45-03:45 hour starts when the jump ends', () => {
    // 2026-09-27: 02:45 (+12:45) jumps to 03:45 (+13:45).
    expect(periodsOf('freeze 0 3 * * 0 .. 0 4 * * 0', 'Pacific/Chatham', '2026-09-26T00:00:00Z', 2)).toEqual([
      '2026-09-27 03:45 +13:45 15m',
    ]);
  });
});
