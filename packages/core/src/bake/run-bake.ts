import { formatDuration } from '../inputs/parse-duration.js';
import type { Logger } from '../runtime/runtime.js';
import type { Clock, Sleep } from '../time/clock.js';
import { pollUntil } from '../time/poll-until.js';
import { applyPoll, newBakeState, sourceErrorId, type BakeState, type SourcedReading } from './bake-state.js';
import { decideBake, type BakeDecision, type BakeRules } from './bake-verdict.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import type { SignalReading, SignalSource } from './signal.js';
import { describeError } from '../errors.js';
import { redactText } from '../secrets/redact.js';

/** Options of one bake run. */
export interface BakeRunOptions extends BakeRules {
  pollIntervalMs: number;
  /** Checkpoint file: resume from it and save to it every poll. */
  checkpoint: string;
  /** Hash of the bake-defining inputs, stored in the checkpoint. */
  fingerprint: string;
  /** With a checkpoint: stop this job after this long and leave the bake `baking` (0 = until it ends). */
  runForMs: number;
}

/** Collaborators of the bake loop. */
export interface BakeDeps {
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  signal?: AbortSignal;
}

/** How a bake run ended. */
export interface BakeResult extends BakeDecision {
  state: BakeState;
  /** Every poll's readings, for the decision log. */
  polls: { at: number; readings: SourcedReading[] }[];
  cancelled: boolean;
  /** The bake was already decided in the checkpoint; nothing was polled. */
  fromCheckpoint: boolean;
}

/**
 * Bakes: polls every source at once, immediately and then every poll interval, folds the
 * readings into the state, decides, prints one progress line per poll, saves the checkpoint, and
 * ends at the first final verdict, at max-duration, at the end of this job's slice, or on cancel.
 */
export async function runBake(
  sources: readonly SignalSource[],
  options: BakeRunOptions,
  deps: BakeDeps,
): Promise<BakeResult> {
  const saved = options.checkpoint
    ? await loadCheckpoint(options.checkpoint, options.fingerprint, options, deps.clock.now())
    : undefined;
  if (saved?.final) {
    deps.log.info(
      `bake: already decided in ${options.checkpoint}: ${saved.final.verdict}: ${saved.final.reason}`,
    );
    return { ...saved.final, state: saved.state, polls: [], cancelled: false, fromCheckpoint: true };
  }
  let state = saved?.state ?? newBakeState(deps.clock.now());
  if (saved) {
    deps.log.info(
      `bake: resuming from ${options.checkpoint}: started ${new Date(state.startedAt).toISOString()}, ` +
        `${state.polls} polls so far; reading what happened since ${new Date(state.lastPollAt).toISOString()}`,
    );
  }
  const polls: BakeResult['polls'] = [];
  let decision: BakeDecision = decideBake(state, options, deps.clock.now());

  const now = deps.clock.now();
  const bakeEnd = state.startedAt + options.maxDurationMs;
  const sliceEnd = options.runForMs > 0 ? now + options.runForMs : Infinity;
  const outcome = await pollUntil(
    async () => {
      const at = deps.clock.now();
      const window = {
        bakeStart: state.startedAt,
        from: state.lastPollAt,
        to: Math.max(at, state.lastPollAt),
      };
      const readings = (
        await Promise.all(sources.map((source) => pollSource(source, window, deps.signal)))
      ).flat();
      state = applyPoll(state, readings, window.to);
      polls.push({ at: window.to, readings });
      decision = decideBake(state, options, deps.clock.now());
      deps.log.info(bakeProgressLine(state, options, deps.clock.now()));
      if (options.checkpoint) await save(options, state, decision);
      return decision.verdict === 'baking'
        ? { done: false, value: decision }
        : { done: true, value: decision };
    },
    {
      clock: deps.clock,
      sleep: deps.sleep,
      intervalMs: options.pollIntervalMs,
      timeoutMs: Math.max(0, Math.min(bakeEnd, sliceEnd) - now),
      signal: deps.signal,
    },
  );

  if (outcome.state === 'aborted') {
    // A breach seen before the cancel is never lost.
    const breach = state.breaches[0];
    const cancelled: BakeDecision = breach
      ? { verdict: 'unhealthy', reason: `cancelled after a breach: ${breach.id}: ${breach.detail}` }
      : { verdict: 'inconclusive', reason: 'cancelled' };
    // A cancelled job slice (a timeout, a concurrency cancel) must not end a long bake: the state,
    // breaches included, is saved undecided, and the next job continues it.
    if (options.checkpoint) await save(options, state, { verdict: 'baking', reason: 'cancelled job' });
    return { ...cancelled, state, polls, cancelled: true, fromCheckpoint: false };
  }
  if (
    outcome.state === 'timeout' &&
    decision.verdict === 'baking' &&
    Math.min(bakeEnd, sliceEnd) === bakeEnd
  ) {
    // The loop spent max-duration by its own count while the clock says less: it jumped back.
    decision = {
      verdict: 'inconclusive',
      reason: `max-duration reached by the job's timer, but the clock disagrees: ${decision.reason}`,
    };
    if (options.checkpoint) await save(options, state, decision);
  }
  return { ...decision, state, polls, cancelled: false, fromCheckpoint: false };
}

/**
 * One poll of one source over `window`: a source that throws counts as an ERROR reading for it, and
 * ids and details are redacted as they enter the state.
 */
export async function pollSource(
  source: SignalSource,
  window: { bakeStart: number; from: number; to: number },
  signal: AbortSignal | undefined,
): Promise<SourcedReading[]> {
  let readings: SignalReading[];
  try {
    readings = await source.poll(window, signal);
  } catch (error) {
    // Sources report failures as ERROR readings; one that throws anyway fails safe the same way.
    readings = [
      {
        id: sourceErrorId(source.name),
        kind: 'alarm',
        state: 'ERROR',
        detail: describeError(error),
        readAt: window.to,
      },
    ];
  }
  // Redacted as they enter the state, as the checkpoint will hold them: a signal whose id carries
  // a secret keeps the same id when a later slice resumes from the (redacted) checkpoint.
  return readings.map((reading) => ({
    ...reading,
    id: redactText(reading.id),
    detail: redactText(reading.detail),
    source: source.name,
  }));
}

async function save(options: BakeRunOptions, state: BakeState, decision: BakeDecision): Promise<void> {
  const checkpoint: Checkpoint = {
    version: 1,
    fingerprint: options.fingerprint,
    state,
    final: decision.verdict === 'baking' ? null : decision,
  };
  await saveCheckpoint(options.checkpoint, checkpoint);
}

/** `bake 12m/60m · traffic 340/100 · alarm 0/5 breaching · probe 1/1 breaching · no data 1` */
export function bakeProgressLine(state: BakeState, rules: BakeRules, now: number): string {
  const parts = [
    `bake ${formatDuration(Math.max(0, now - state.startedAt))}/${formatDuration(rules.durationMs)}`,
  ];
  if (rules.minTraffic !== undefined) parts.push(`traffic ${state.traffic ?? '?'}/${rules.minTraffic}`);
  const byKind = new Map<string, { total: number; breaching: number }>();
  let noData = 0;
  let errors = 0;
  for (const track of Object.values(state.tracks)) {
    if (track.kind === 'traffic') continue;
    const entry = byKind.get(track.kind) ?? { total: 0, breaching: 0 };
    entry.total += 1;
    if (track.lastState === 'BREACH') entry.breaching += 1;
    if (track.lastState === 'NO_DATA') noData += 1;
    if (track.lastState === 'ERROR') errors += 1;
    byKind.set(track.kind, entry);
  }
  for (const [kind, { total, breaching }] of byKind) {
    parts.push(`${kind === 'anomaly' ? 'anomalies' : `${kind}s`} ${breaching}/${total} breaching`);
  }
  if (noData) parts.push(`no data ${noData}`);
  if (errors) parts.push(`errors ${errors}`);
  return parts.join(' · ');
}
