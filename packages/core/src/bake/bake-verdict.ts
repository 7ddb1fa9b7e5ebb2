import { formatDuration } from '../inputs/parse-duration.js';
import type { BakeState, SignalTrack } from './bake-state.js';

/** The outcome of a bake. `baking` means not decided yet. */
export type BakeVerdict = 'healthy' | 'unhealthy' | 'inconclusive' | 'baking';

/** How the bake decides: the public inputs, parsed. */
export interface BakeRules {
  durationMs: number;
  maxDurationMs: number;
  breachLimit: number;
  errorLimit: number;
  noData: 'extend' | 'fail' | 'ignore';
  /** Required request count; undefined without `traffic`. */
  minTraffic: number | undefined;
}

/** A verdict with the one line that explains it. */
export interface BakeDecision {
  verdict: BakeVerdict;
  reason: string;
}

/**
 * Decides the bake at `now`, from its state alone (pure: the same state gives the same answer).
 * `healthy` needs duration elapsed, min-traffic met, no signal breaching, and every signal with
 * data at its last poll (unless `no-data: ignore`); a breach or error streak reaching its limit
 * is `unhealthy` at once; max-duration without the evidence is `inconclusive`.
 */
export function decideBake(state: BakeState, rules: BakeRules, now: number): BakeDecision {
  const tracks = Object.values(state.tracks).sort((a, b) => a.id.localeCompare(b.id));
  for (const track of tracks) {
    if (track.consecutiveBreaches >= rules.breachLimit) {
      const polls = rules.breachLimit > 1 ? ` for ${track.consecutiveBreaches} consecutive polls` : '';
      return { verdict: 'unhealthy', reason: `${track.id} breached${polls}: ${describe(track)}` };
    }
  }
  for (const track of tracks) {
    if (track.consecutiveErrors >= rules.errorLimit) {
      return {
        verdict: 'unhealthy',
        reason: `${track.id} could not be read ${track.consecutiveErrors} times in a row (error-limit ${rules.errorLimit}): ${track.lastDetail}`,
      };
    }
  }
  const elapsed = Math.max(0, now - state.startedAt);
  if (elapsed < rules.durationMs) {
    return {
      verdict: 'baking',
      reason: `baking ${formatDuration(elapsed)}/${formatDuration(rules.durationMs)}`,
    };
  }

  const holds: string[] = [];
  if (rules.minTraffic !== undefined && (state.traffic ?? 0) < rules.minTraffic) {
    holds.push(`traffic ${state.traffic ?? 'unknown'}/${rules.minTraffic}`);
  }
  const noData = tracks.filter((t) => t.lastState === 'NO_DATA');
  if (noData.length > 0 && rules.noData === 'fail') {
    return {
      verdict: 'inconclusive',
      reason: `${noData[0]?.id} had no data when the bake's duration ended: ${noData[0]?.lastDetail}`,
    };
  }
  if (rules.noData === 'extend') holds.push(...noData.map((t) => `${t.id} has no data (${t.lastDetail})`));
  holds.push(
    ...tracks.filter((t) => t.lastState === 'ERROR').map((t) => `${t.id} unreadable (${t.lastDetail})`),
  );
  holds.push(
    ...tracks.filter((t) => t.lastState === 'BREACH').map((t) => `${t.id} breaching: ${describe(t)}`),
  );
  if (tracks.length === 0 && rules.minTraffic === undefined) holds.push('no signal was read');

  if (holds.length === 0) {
    const traffic = rules.minTraffic !== undefined ? `; traffic ${state.traffic}/${rules.minTraffic}` : '';
    return {
      verdict: 'healthy',
      reason: `baked ${formatDuration(elapsed)}${traffic}; ${tracks.length} signal(s) clean at the last poll, none breached`,
    };
  }
  const more = holds.length > 1 ? ` (+${holds.length - 1} more)` : '';
  if (elapsed >= rules.maxDurationMs) {
    return {
      verdict: 'inconclusive',
      reason: `max-duration ${formatDuration(rules.maxDurationMs)} reached without the evidence: ${holds[0]}${more}`,
    };
  }
  return {
    verdict: 'baking',
    reason: `extending past ${formatDuration(rules.durationMs)}: ${holds[0]}${more}`,
  };
}

/** `<detail> (value <v>, threshold <t>)` for reasons. */
function describe(track: SignalTrack): string {
  // A probe's detail already says what it answered and what was expected (or how slow it was).
  if (track.kind === 'probe') return track.lastDetail;
  const value = track.lastValue !== undefined ? `value ${track.lastValue}` : '';
  const threshold = track.threshold ? `threshold ${track.threshold}` : '';
  const numbers = [value, threshold].filter(Boolean).join(', ');
  return numbers ? `${track.lastDetail} (${numbers})` : track.lastDetail;
}
