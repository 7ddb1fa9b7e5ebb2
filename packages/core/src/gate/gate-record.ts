import { appendDecisionRecord, type DecisionRecord } from '../decision-log/decision-log.js';
import { describeError } from '../errors.js';
import type { Logger } from '../runtime/runtime.js';
import { redactDeep } from '../secrets/redact.js';
import { formatUtc } from '../time/format-utc.js';
import { VERSION } from '../version.js';
import type { GateDecision } from './gate-types.js';

/** What a gate did with one waiting deployment, on either platform. */
export interface GateAnswer {
  platform: 'github' | 'gitlab';
  /** Which deployment: repository or project, run or deployment ids, environment, commit. */
  subject: Record<string, unknown>;
  /** Absent when the decision itself failed (then `error` says why). */
  decision?: GateDecision;
  /** What was sent to the platform: `approved`, `rejected`, or nothing (a wait, a skip, a failure). */
  sent: 'approved' | 'rejected' | 'none';
  /** Why nothing was sent although the decision was approve or reject (no longer waiting, an error). */
  notSentBecause?: string;
  error?: string;
  startedAt: number;
  finishedAt: number;
}

/**
 * The gate's decision as the decision-log record every step writes (step `gate`): the verdict and
 * its reason on top; the deployment, each rule's finding and whether an answer was sent under
 * `observations`. Redacted like every record.
 */
export function gateDecisionRecord(answer: GateAnswer): DecisionRecord {
  const { decision } = answer;
  return redactDeep({
    step: 'gate',
    version: VERSION,
    startedAt: formatUtc(answer.startedAt),
    finishedAt: formatUtc(answer.finishedAt),
    platform: answer.platform,
    actor: '',
    verdict: decision?.verdict ?? 'error',
    reason: decision?.reason ?? answer.error ?? '',
    exitCode: 0,
    inputs: {},
    observations: {
      ...answer.subject,
      checks: decision?.checks ?? [],
      decidedAt: decision === undefined ? undefined : formatUtc(decision.decidedAt),
      ...(decision?.recheckAt === undefined ? {} : { recheckAt: formatUtc(decision.recheckAt) }),
      configPath: decision?.configPath ?? '',
      sent: answer.sent,
      ...(answer.notSentBecause === undefined ? {} : { notSentBecause: answer.notSentBecause }),
      ...(answer.error === undefined ? {} : { error: answer.error }),
    },
  });
}

/**
 * Logs the record as one JSON line through `log` and, with `logDir`, appends it to
 * `<logDir>/decision-log.jsonl`. A failed append is logged, never thrown: the answer was already
 * sent, and the log line holds the same record.
 */
export async function recordGateAnswer(answer: GateAnswer, log: Logger, logDir?: string): Promise<void> {
  const record = gateDecisionRecord(answer);
  log.info(JSON.stringify(record));
  if (logDir === undefined || logDir === '') return;
  try {
    await appendDecisionRecord(logDir, record);
  } catch (error) {
    log.error(`cannot append to the decision log in ${logDir}: ${describeError(error)}`);
  }
}
