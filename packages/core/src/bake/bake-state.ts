import type { SignalKind, SignalReading, SignalState } from './signal.js';

/** What the bake remembers of one signal across polls (and across jobs, through the checkpoint). */
export interface SignalTrack {
  id: string;
  kind: SignalKind;
  /** The source that reports it, so a source-wide failure marks its signals as errors. */
  source: string;
  lastState: SignalState;
  lastValue: number | undefined;
  threshold: string | undefined;
  lastDetail: string;
  lastReadAt: number;
  consecutiveBreaches: number;
  consecutiveErrors: number;
  /** Polls in which the signal breached, in all. */
  breachPolls: number;
}

/** A breaching reading, kept so a breach seen before a cancel or a resume is never lost. */
export interface BreachRecord {
  id: string;
  detail: string;
  value: number | undefined;
  at: number;
}

/** One point of the bake's history, for the summary chart. */
export interface BakePoint {
  at: number;
  traffic: number | undefined;
  breaching: number;
}

/** The whole state of a bake: enough to decide, to resume in another job, and to explain. */
export interface BakeState {
  startedAt: number;
  /** End of the last poll's window: the next poll reads history from here. */
  lastPollAt: number;
  /** When the first poll ran (right at the start): lets a resumed bake check its recorded start. */
  firstPollAt?: number;
  polls: number;
  tracks: Record<string, SignalTrack>;
  /** Requests counted since the bake started; undefined while unknown. */
  traffic: number | undefined;
  breaches: BreachRecord[];
  points: BakePoint[];
}

/** A reading tagged with the source that produced it. */
export type SourcedReading = SignalReading & { source: string };

/** Id of the reading a source gives when it failed as a whole (its signals are unknown or all unread). */
export function sourceErrorId(source: string): string {
  return `source:${source}`;
}

const MAX_BREACH_RECORDS = 100;
const MAX_POINTS = 240;

/** A fresh bake started at `now`. */
export function newBakeState(now: number): BakeState {
  return {
    startedAt: now,
    lastPollAt: now,
    polls: 0,
    tracks: {},
    traffic: undefined,
    breaches: [],
    points: [],
  };
}

/**
 * Folds one poll's readings into the state. Signals known from earlier polls that a source did
 * not report this time count as errors when their source failed, and as no data otherwise: a
 * signal that vanished is never taken as healthy.
 */
export function applyPoll(previous: BakeState, readings: readonly SourcedReading[], now: number): BakeState {
  const state: BakeState = structuredClone(previous);
  state.polls += 1;
  state.lastPollAt = Math.max(now, previous.lastPollAt);
  if (state.polls === 1) state.firstPollAt = now;
  const failedSources = new Map<string, string>();
  for (const reading of readings) {
    if (reading.id === sourceErrorId(reading.source)) failedSources.set(reading.source, reading.detail);
  }
  // A source that answers again clears its earlier source-wide failure.
  for (const source of new Set(readings.map((r) => r.source))) {
    if (!failedSources.has(source)) delete state.tracks[sourceErrorId(source)];
  }
  const seen = new Set<string>();
  for (const reading of readings) {
    seen.add(reading.id);
    record(state, reading);
    if (reading.kind === 'traffic' && reading.state === 'OK' && reading.value !== undefined) {
      state.traffic = reading.value;
    }
  }
  for (const track of Object.values(state.tracks)) {
    if (seen.has(track.id)) continue;
    const failure = failedSources.get(track.source);
    record(state, {
      id: track.id,
      kind: track.kind,
      source: track.source,
      state: failure !== undefined ? 'ERROR' : 'NO_DATA',
      detail: failure ?? 'not reported by its source this poll',
      readAt: now,
      threshold: track.threshold,
    });
  }
  const breaching = Object.values(state.tracks).filter((t) => t.lastState === 'BREACH').length;
  state.points.push({ at: now, traffic: state.traffic, breaching });
  if (state.points.length > MAX_POINTS) state.points = thin(state.points);
  return state;
}

function record(state: BakeState, reading: SourcedReading): void {
  // Ids come from user-given names (alarms, probes, rules): own entries only, so an alarm named
  // `toString` or `__proto__` is a signal like any other, never a member of Object.prototype.
  const known = Object.hasOwn(state.tracks, reading.id) ? state.tracks[reading.id] : undefined;
  const track: SignalTrack = known ?? {
    id: reading.id,
    kind: reading.kind,
    source: reading.source,
    lastState: 'NO_DATA',
    lastValue: undefined,
    threshold: reading.threshold,
    lastDetail: '',
    lastReadAt: reading.readAt,
    consecutiveBreaches: 0,
    consecutiveErrors: 0,
    breachPolls: 0,
  };
  track.lastState = reading.state;
  track.lastValue = reading.value;
  track.threshold = reading.threshold ?? track.threshold;
  track.lastDetail = reading.detail;
  track.lastReadAt = reading.readAt;
  track.consecutiveBreaches = reading.state === 'BREACH' ? track.consecutiveBreaches + 1 : 0;
  // An error neither proves nor clears a breach; it only counts towards error-limit.
  track.consecutiveErrors = reading.state === 'ERROR' ? track.consecutiveErrors + 1 : 0;
  if (reading.state === 'BREACH') {
    track.breachPolls += 1;
    if (state.breaches.length < MAX_BREACH_RECORDS) {
      state.breaches.push({
        id: reading.id,
        detail: reading.detail,
        value: reading.value,
        at: reading.readAt,
      });
    }
  }
  // Defined, not assigned: assigning to `__proto__` would replace the prototype instead.
  Object.defineProperty(state.tracks, reading.id, {
    value: track,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Halves the history, keeping every point with a breach, so long bakes keep a bounded chart. */
function thin(points: BakePoint[]): BakePoint[] {
  return points.filter(
    (point, index) => index % 2 === 0 || point.breaching > 0 || index === points.length - 1,
  );
}
