import {
  appendDecisionRecord,
  redactDeep,
  VERSION,
  type DecisionRecord,
  type GateDecision,
  type Logger,
} from '@hands-off/core';
import type { WaitingDeployment } from './webhook-request.js';

/** What the gate did with one waiting deployment. */
export interface GateAnswerRecord {
  waiting: WaitingDeployment;
  /** Absent when the decision itself failed (then `error` says why). */
  decision?: GateDecision;
  /** What was sent to GitHub: `approved`, `rejected`, or nothing (a wait, a skip, a failure). */
  sent: 'approved' | 'rejected' | 'none';
  /** Why nothing was sent although the decision was approve or reject (no longer waiting, an error). */
  notSentBecause?: string;
  error?: string;
  startedAt: number;
  finishedAt: number;
}

/** Writes one record per decision: a JSON log line, and a line in `<logDir>/decision-log.jsonl` when set. */
export type DecisionRecorder = (record: GateAnswerRecord) => Promise<void>;

/**
 * The gate's decision as the decision-log record every step writes (step `gate`): the verdict and
 * its reason on top, the repository, run, environment, commit, each rule's finding and whether an
 * answer was sent under `observations`. Redacted like every record.
 */
export function gateDecisionRecord(record: GateAnswerRecord): DecisionRecord {
  const { waiting, decision } = record;
  return redactDeep({
    step: 'gate',
    version: VERSION,
    startedAt: utc(record.startedAt),
    finishedAt: utc(record.finishedAt),
    platform: 'github',
    actor: '',
    verdict: decision?.verdict ?? 'error',
    reason: decision?.reason ?? record.error ?? '',
    exitCode: 0,
    inputs: {},
    observations: {
      repository: `${waiting.owner}/${waiting.repo}`,
      runId: waiting.runId,
      environment: waiting.environment,
      sha: waiting.sha,
      ...(waiting.deploymentId === undefined ? {} : { deploymentId: waiting.deploymentId }),
      installationId: waiting.installationId,
      checks: decision?.checks ?? [],
      decidedAt: decision === undefined ? undefined : utc(decision.decidedAt),
      ...(decision?.recheckAt === undefined ? {} : { recheckAt: utc(decision.recheckAt) }),
      configPath: decision?.configPath ?? '',
      sent: record.sent,
      ...(record.notSentBecause === undefined ? {} : { notSentBecause: record.notSentBecause }),
      ...(record.error === undefined ? {} : { error: record.error }),
    },
  });
}

/**
 * A recorder that logs each record as one JSON line through `log` and, with `logDir`, appends it to
 * `<logDir>/decision-log.jsonl`. A failed append is logged, never thrown: the answer was already
 * sent, and the log line holds the same record.
 */
export function createDecisionRecorder(log: Logger, logDir?: string): DecisionRecorder {
  return async (answer) => {
    const record = gateDecisionRecord(answer);
    log.info(JSON.stringify(record));
    if (logDir === undefined || logDir === '') return;
    try {
      await appendDecisionRecord(logDir, record);
    } catch (error) {
      log.error(
        `cannot append to the decision log in ${logDir}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

/** ISO 8601 UTC without milliseconds, as every decision record stamps instants (`2026-12-02T09:00:00Z`). */
function utc(instant: number): string {
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
