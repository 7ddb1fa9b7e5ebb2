import {
  gateDecisionRecord as coreRecord,
  recordGateAnswer,
  type DecisionRecord,
  type GateAnswer,
  type Logger,
} from '@hands-off/core';
import type { WaitingDeployment } from './webhook-request.js';

/** What the gate did with one waiting deployment of a workflow run: core's answer, about `waiting`. */
export type GateAnswerRecord = Omit<GateAnswer, 'platform' | 'subject'> & { waiting: WaitingDeployment };

/** Writes one record per decision: a JSON log line, and a line in `<logDir>/decision-log.jsonl` when set. */
export type DecisionRecorder = (record: GateAnswerRecord) => Promise<void>;

/** The core record of a GitHub answer: the repository, run, environment, commit and ids under `observations`. */
export function gateDecisionRecord(record: GateAnswerRecord): DecisionRecord {
  return coreRecord(asGateAnswer(record));
}

/** A recorder through core's recordGateAnswer (a JSON log line, and the decision log with `logDir`). */
export function createDecisionRecorder(log: Logger, logDir?: string): DecisionRecorder {
  return (record) => recordGateAnswer(asGateAnswer(record), log, logDir);
}

function asGateAnswer({ waiting, ...rest }: GateAnswerRecord): GateAnswer {
  return {
    ...rest,
    platform: 'github',
    subject: {
      repository: `${waiting.owner}/${waiting.repo}`,
      runId: waiting.runId,
      environment: waiting.environment,
      sha: waiting.sha,
      ...(waiting.deploymentId === undefined ? {} : { deploymentId: waiting.deploymentId }),
      installationId: waiting.installationId,
    },
  };
}
