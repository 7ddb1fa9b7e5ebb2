import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, InputError } from '../errors.js';
import { FILE_LIMITS, InputFileProblem, readInputFile } from '../files/input-file.js';
import { redactDeep } from '../secrets/redact.js';
import type { BakeState } from './bake-state.js';
import { decideBake, type BakeDecision, type BakeRules } from './bake-verdict.js';

/** What a checkpoint file holds: the bake's state, which bake it is, and its verdict once final. */
export interface Checkpoint {
  version: 1;
  /** Hash of the inputs that define the bake: a checkpoint never continues a different bake. */
  fingerprint: string;
  state: BakeState;
  final: BakeDecision | null;
}

/**
 * How long after its max-duration a bake may still be resumed: scheduled slices run late, but a
 * checkpoint older than this belongs to another day's deployment.
 */
export const CHECKPOINT_RESUME_SLACK_MS = 86_400_000;
/** The first poll starts right after the bake does; this allows for a slow start of the job. */
const FIRST_POLL_TOLERANCE_MS = 10_000;
/** Clock skew tolerated between the machine that wrote a checkpoint and the one reading it. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Reads a checkpoint; undefined when the file does not exist yet (the first job of a bake). Every
 * field is checked, and so is what the fields claim: the bake started no later than now and no
 * earlier than max-duration (plus a day) ago, its polls lie between its start and its last poll,
 * and a recorded final verdict is the one the recorded state gives. A refusal names the file and
 * the field; a tampered or corrupt file never makes a bake healthy sooner.
 */
export async function loadCheckpoint(
  path: string,
  fingerprint: string,
  rules: BakeRules,
  now: number,
): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readInputFile(path, FILE_LIMITS.checkpoint);
  } catch (error) {
    if (error instanceof InputFileProblem && error.kind === 'missing') return undefined;
    const why = error instanceof InputFileProblem ? error.message : 'cannot be read';
    throw new ConfigError(`checkpoint ${path} ${why}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`checkpoint ${path} is not valid JSON; delete it to start a new bake`, {
      cause: error,
    });
  }
  const checkpoint = validateCheckpoint(path, data);
  if (checkpoint.fingerprint !== fingerprint) {
    throw new InputError(
      'checkpoint',
      `\`${path}\` belongs to a bake with other inputs (signals, duration or limits changed)`,
      'a new path per bake, e.g. `.hands-off/bake-${{ github.sha }}.json`',
    );
  }
  checkClaims(path, checkpoint, rules, now);
  return checkpoint;
}

const STATES = ['OK', 'BREACH', 'NO_DATA', 'ERROR'];
const FINAL_VERDICTS = ['healthy', 'unhealthy', 'inconclusive'];

/** Checks the shape of every field; returns the checkpoint with prototype-free track keys. */
export function validateCheckpoint(path: string, data: unknown): Checkpoint {
  const bad = (field: string, problem: string): never => {
    throw new ConfigError(`checkpoint ${path}: \`${field}\` ${problem}; delete it to start a new bake`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  const time = (v: unknown, field: string): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : bad(field, 'is not a time in ms');
  const count = (v: unknown, field: string): number =>
    Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : bad(field, 'is not a count');
  const text = (v: unknown, field: string): string => (typeof v === 'string' ? v : bad(field, 'is not text'));
  const optionalNumber = (v: unknown, field: string): void => {
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isFinite(v))) {
      bad(field, 'is not a number');
    }
  };

  if (!isObject(data)) return bad('(top level)', 'is not an object');
  if (data.version !== 1) bad('version', 'is not 1');
  text(data.fingerprint, 'fingerprint');
  if (!isObject(data.state)) bad('state', 'is not an object');
  const state = data.state as Record<string, unknown>;
  time(state.startedAt, 'state.startedAt');
  time(state.lastPollAt, 'state.lastPollAt');
  if (state.firstPollAt !== undefined) time(state.firstPollAt, 'state.firstPollAt');
  count(state.polls, 'state.polls');
  optionalNumber(state.traffic, 'state.traffic');
  if (!isObject(state.tracks)) bad('state.tracks', 'is not an object');
  const tracks = Object.create(null) as Record<string, unknown>;
  for (const [id, track] of Object.entries(state.tracks as Record<string, unknown>)) {
    const field = `state.tracks.${id}`;
    if (!isObject(track)) return bad(field, 'is not an object');
    if (track.id !== id) bad(`${field}.id`, 'does not match its key');
    text(track.kind, `${field}.kind`);
    text(track.source, `${field}.source`);
    if (!STATES.includes(track.lastState as string))
      bad(`${field}.lastState`, `is not one of ${STATES.join(', ')}`);
    optionalNumber(track.lastValue, `${field}.lastValue`);
    if (track.threshold !== undefined && track.threshold !== null)
      text(track.threshold, `${field}.threshold`);
    text(track.lastDetail, `${field}.lastDetail`);
    time(track.lastReadAt, `${field}.lastReadAt`);
    count(track.consecutiveBreaches, `${field}.consecutiveBreaches`);
    count(track.consecutiveErrors, `${field}.consecutiveErrors`);
    count(track.breachPolls, `${field}.breachPolls`);
    tracks[id] = track;
  }
  if (!Array.isArray(state.breaches)) bad('state.breaches', 'is not a list');
  (state.breaches as unknown[]).forEach((breach, i) => {
    if (!isObject(breach)) return bad(`state.breaches[${i}]`, 'is not an object');
    text(breach.id, `state.breaches[${i}].id`);
    text(breach.detail, `state.breaches[${i}].detail`);
    optionalNumber(breach.value, `state.breaches[${i}].value`);
    time(breach.at, `state.breaches[${i}].at`);
  });
  if (!Array.isArray(state.points)) bad('state.points', 'is not a list');
  (state.points as unknown[]).forEach((point, i) => {
    if (!isObject(point)) return bad(`state.points[${i}]`, 'is not an object');
    time(point.at, `state.points[${i}].at`);
    optionalNumber(point.traffic, `state.points[${i}].traffic`);
    count(point.breaching, `state.points[${i}].breaching`);
  });
  if (data.final !== null) {
    if (!isObject(data.final) || !FINAL_VERDICTS.includes(data.final.verdict as string)) {
      bad('final', `is not null or {verdict: ${FINAL_VERDICTS.join(' | ')}, reason}`);
    }
    text((data.final as Record<string, unknown>).reason, 'final.reason');
  }
  return {
    ...(data as unknown as Checkpoint),
    state: { ...(state as unknown as BakeState), tracks } as BakeState,
  };
}

/** Checks what the fields claim against each other, the rules and the clock. */
function checkClaims(path: string, checkpoint: Checkpoint, rules: BakeRules, now: number): void {
  const bad = (field: string, problem: string): never => {
    throw new ConfigError(`checkpoint ${path}: \`${field}\` ${problem}; delete it to start a new bake`);
  };
  const { state } = checkpoint;
  if (state.startedAt > now + CLOCK_SKEW_MS) bad('state.startedAt', 'lies in the future');
  if (state.startedAt < now - rules.maxDurationMs - CHECKPOINT_RESUME_SLACK_MS) {
    bad('state.startedAt', 'lies before this bake could have started (more than max-duration + 1 day ago)');
  }
  if (state.lastPollAt < state.startedAt || state.lastPollAt > now + CLOCK_SKEW_MS) {
    bad('state.lastPollAt', 'is not between the start of the bake and now');
  }
  if (state.polls === 0 && (state.points.length > 0 || Object.keys(state.tracks).length > 0)) {
    bad('state.polls', 'is 0 but polls are recorded');
  }
  if (state.points.length > state.polls) bad('state.points', 'records more polls than `state.polls`');
  // The first poll runs right at the start, in the same job, on the same clock: the recorded start
  // must be that moment (an earlier start would make the bake healthy sooner).
  const untrimmed = state.points.length === state.polls;
  const firstPoll = state.firstPollAt ?? (untrimmed ? state.points[0]?.at : undefined);
  if (state.polls > 0) {
    if (firstPoll === undefined) bad('state.firstPollAt', 'is missing');
    else if (firstPoll < state.startedAt || firstPoll > state.startedAt + FIRST_POLL_TOLERANCE_MS) {
      bad('state.startedAt', 'does not match the time of the first poll');
    }
    if (untrimmed && state.points[0]?.at !== firstPoll)
      bad('state.firstPollAt', 'does not match the first point');
  }
  for (const [i, point] of state.points.entries()) {
    if (point.at < state.startedAt || point.at > state.lastPollAt)
      bad(`state.points[${i}].at`, 'is outside the bake');
  }
  if (checkpoint.final !== null) {
    const decided = decideBake(state, rules, state.lastPollAt);
    if (decided.verdict !== checkpoint.final.verdict) {
      bad('final', `says ${checkpoint.final.verdict}, but the recorded polls say ${decided.verdict}`);
    }
  }
}

/**
 * Writes a checkpoint atomically (temp file + rename), so a job killed mid-write leaves the last
 * good one. The file is a record that outlives the job (a cache, an artifact): like every other
 * sink it redacts, whatever its caller did: every registered secret and every credential-shaped
 * part (URL userinfo, `token=` parameters, `password=` pairs) in ids, details and reasons alike.
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  // The fingerprint is a hash the next slice compares as is; it cannot carry a credential.
  const redacted: Checkpoint = { ...redactDeep(checkpoint), fingerprint: checkpoint.fingerprint };
  await writeFile(temp, JSON.stringify(redacted));
  await rename(temp, path);
}
