import { appendFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { formatUtc } from '../time/format-utc.js';
import type { JobContext } from '../runtime/runtime.js';
import { redactDeep } from '../secrets/redact.js';
import { VERSION } from '../version.js';

/** Where an input's effective value came from. */
export type InputSource = 'input' | 'config' | 'default';

/**
 * One step's record in the decision log: what it was asked, what it saw and why it decided.
 * Several steps of a job append to the same file, one JSON object per line.
 */
export interface DecisionRecord {
  step: string;
  version: string;
  startedAt: string;
  finishedAt: string;
  platform: string;
  actor: string;
  verdict: string;
  reason: string;
  exitCode: number;
  inputs: Record<string, { value: string; source: InputSource }>;
  /** Step-specific evidence: window evaluation, alarm states with timestamps, polls. */
  observations: Record<string, unknown>;
}

/** The inputs a deploy step's record keeps: all but `github-token`, never written even redacted. */
export function inputsWithoutToken<T>(inputs: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== 'github-token'));
}

/** File name of the decision log inside the job's output directory. */
export const DECISION_LOG_FILE = 'decision-log.jsonl';

/**
 * Appends a record to `<dir>/decision-log.jsonl` and returns the file's path. The record is redacted
 * first (every registered secret, URL credentials, `token=` values): the log is kept as an artifact
 * and read by people who must not learn a credential from it, whatever a step put in the record.
 */
export async function appendDecisionRecord(dir: string, record: DecisionRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, DECISION_LOG_FILE);
  await appendFile(path, `${JSON.stringify(redactDeep(record))}\n`, 'utf8');
  return path;
}

/** A step's run as its record names it; times are epoch milliseconds. */
export interface DecisionRun {
  step: string;
  startedAt: number;
  finishedAt: number;
}

/**
 * Appends a step's record to the job's decision log with the header every record carries (the
 * step, hands-off's version, start and end in UTC, the platform and who ran it) and returns the
 * log's path.
 */
export async function recordDecision(
  runtime: { readonly context: Pick<JobContext, 'outputDir' | 'platform' | 'actor'> },
  run: DecisionRun,
  outcome: Pick<DecisionRecord, 'verdict' | 'reason' | 'exitCode' | 'inputs' | 'observations'>,
): Promise<string> {
  return appendDecisionRecord(runtime.context.outputDir, {
    step: run.step,
    version: VERSION,
    startedAt: formatUtc(run.startedAt),
    finishedAt: formatUtc(run.finishedAt),
    platform: runtime.context.platform,
    actor: runtime.context.actor,
    ...outcome,
  });
}

/**
 * The decision log's path as a step's output shows it: relative to the workspace when inside it,
 * so a later job, or an artifact of this one, finds it at the same path.
 */
export function shownDecisionLogPath(workspace: string, path: string): string {
  return path.startsWith(`${workspace}/`) ? relative(workspace, path) : path;
}
