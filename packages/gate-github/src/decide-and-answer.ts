import {
  CancelledError,
  decideGate,
  describeError,
  gateComment,
  GATE_COMMENT_MAX_CHARS,
  retry,
  type GateDecision,
  type GateDeps,
  type GateSettings,
  type RetryPolicy,
} from '@hands-off/core';
import type { DecisionRecorder } from './decision-record.js';
import { filesAtCommitsCache, githubGateRepository } from './gate-repository.js';
import { isRetryableGitHubError, type GitHubApp, type Octokit, type RequestCounter } from './github-app.js';
import type { WaitingDeployment } from './webhook-request.js';

/** How the review is retried: a few attempts within a minute, re-checking before each one. */
export const ANSWER_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  deadlineMs: 60_000,
  isRetryable: isRetryableGitHubError,
};

/** What happened to one waiting deployment. */
export interface AnswerOutcome {
  /**
   * `approved` / `rejected`: sent to GitHub. `waited`: the decision was wait, nothing sent.
   * `not-waiting`: GitHub no longer lists it as waiting, nothing sent. `in-progress`: another
   * webhook or sweep is deciding it right now. `failed`: the decision or the answer failed, nothing approved.
   */
  result: 'approved' | 'rejected' | 'waited' | 'not-waiting' | 'in-progress' | 'failed';
  reason: string;
}

/** Collaborators of the answerer. */
export interface AnswerDeps {
  app: Pick<GitHubApp, 'installationOctokit'>;
  settings: GateSettings;
  gate: GateDeps;
  record: DecisionRecorder;
  /** Core's decideGate unless a test injects another. */
  decide?: typeof decideGate;
  comment?: (decision: GateDecision) => string;
  retryPolicy?: RetryPolicy;
  random?: () => number;
}

/**
 * Decides waiting deployments and answers GitHub, at most once each and never by mistake:
 * - one decision at a time per (repository, run, environment) in this process, so a webhook and a
 *   sweep that find the same request do not both answer it;
 * - before every POST, also before each retry, GitHub's list of the run's pending deployments must
 *   still name the environment: an answer whose reply was lost (a timeout after GitHub recorded it)
 *   is never sent twice;
 * - 5xx, 429, timeouts and refused connections are retried a few times with jittered backoff; other
 *   refusals are final;
 * - nothing but an `approve` decision is ever sent as `approved`: a failure to decide, to read or
 *   to send sends nothing (the sweep asks again) and is logged;
 * - a `wait` sends nothing: GitHub allows only 10 status reports per deployment, fewer than the
 *   sweeps a long wait sees, so the wait's reason goes to the decision log instead.
 * Each decision is recorded once (a JSON log line, and the decision log file when configured).
 */
export class DeploymentAnswerer {
  private readonly deps: AnswerDeps;
  private readonly deciding = new Set<string>();
  /** The configs read at commits: a waiting deployment's config is read once, not at every sweep. */
  private readonly filesAtCommits = filesAtCommitsCache();

  constructor(deps: AnswerDeps) {
    this.deps = deps;
  }

  /** Decides `waiting` and answers GitHub when the decision is approve or reject; never throws. */
  async answer(waiting: WaitingDeployment, onRequest?: RequestCounter): Promise<AnswerOutcome> {
    const key = `${waiting.owner}/${waiting.repo}#${waiting.runId}@${waiting.environment}`.toLowerCase();
    if (this.deciding.has(key)) {
      this.deps.gate.log.debug(`${key}: already being decided, skipped`);
      return { result: 'in-progress', reason: 'already being decided' };
    }
    this.deciding.add(key);
    try {
      return await this.decideAndAnswer(waiting, onRequest);
    } finally {
      this.deciding.delete(key);
    }
  }

  private async decideAndAnswer(
    waiting: WaitingDeployment,
    onRequest?: RequestCounter,
  ): Promise<AnswerOutcome> {
    const { deps } = this;
    const startedAt = deps.gate.clock.now();
    const finish = async (
      outcome: AnswerOutcome,
      fields: { decision?: GateDecision; error?: string; notSentBecause?: string },
    ): Promise<AnswerOutcome> => {
      const sent = outcome.result === 'approved' || outcome.result === 'rejected' ? outcome.result : 'none';
      await deps.record({ waiting, sent, startedAt, finishedAt: deps.gate.clock.now(), ...fields });
      return outcome;
    };

    let octokit: Octokit;
    let decision: GateDecision;
    try {
      octokit = await deps.app.installationOctokit(waiting.installationId, onRequest);
      const repository = githubGateRepository(octokit, waiting.owner, waiting.repo, this.filesAtCommits);
      decision = await (deps.decide ?? decideGate)(
        {
          repository: `${waiting.owner}/${waiting.repo}`,
          environment: waiting.environment,
          sha: waiting.sha,
        },
        repository,
        deps.settings,
        deps.gate,
      );
    } catch (error) {
      const reason = `cannot decide: ${describeError(error)}`;
      deps.gate.log.error(`${describe(waiting)}: ${reason}`);
      return finish({ result: 'failed', reason }, { error: reason });
    }
    if (decision.verdict === 'wait')
      return finish({ result: 'waited', reason: decision.reason }, { decision });

    const state = decision.verdict === 'approve' ? 'approved' : 'rejected';
    const comment = (deps.comment ?? gateComment)(decision).slice(0, GATE_COMMENT_MAX_CHARS);
    try {
      const sent = await retry(
        `answering ${describe(waiting)}`,
        async () => {
          if (deps.gate.signal?.aborted) throw new CancelledError('the gate is shutting down');
          if (!(await isStillWaiting(octokit, waiting))) return false;
          await octokit.request(
            'POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
            {
              owner: waiting.owner,
              repo: waiting.repo,
              run_id: waiting.runId,
              environment_name: waiting.environment,
              state,
              comment,
            },
          );
          return true;
        },
        deps.retryPolicy ?? ANSWER_RETRY,
        {
          clock: deps.gate.clock,
          sleep: deps.gate.sleep,
          signal: deps.gate.signal,
          ...(deps.random ? { random: deps.random } : {}),
          onRetry: (line) => deps.gate.log.warning(line),
        },
      );
      if (!sent) {
        const reason = 'GitHub no longer lists it as waiting (answered already, or cancelled)';
        return finish({ result: 'not-waiting', reason }, { decision, notSentBecause: reason });
      }
      return finish({ result: state, reason: decision.reason }, { decision });
    } catch (error) {
      const reason = `cannot send ${state}: ${describeError(error)}`;
      deps.gate.log.error(`${describe(waiting)}: ${reason}`);
      return finish({ result: 'failed', reason }, { decision, error: reason, notSentBecause: reason });
    }
  }
}

/**
 * Whether GET /repos/{o}/{r}/actions/runs/{run_id}/pending_deployments ("deployment environments
 * for a workflow run that are waiting for protection rules to pass") still names the environment.
 */
export async function isStillWaiting(octokit: Octokit, waiting: WaitingDeployment): Promise<boolean> {
  const { data } = await octokit.rest.actions.getPendingDeploymentsForRun({
    owner: waiting.owner,
    repo: waiting.repo,
    run_id: waiting.runId,
  });
  // Environment names are case-insensitive on GitHub.
  const wanted = waiting.environment.toLowerCase();
  return data.some((pending) => pending.environment.name?.toLowerCase() === wanted);
}

function describe(waiting: WaitingDeployment): string {
  return `${waiting.owner}/${waiting.repo} run ${waiting.runId} environment ${waiting.environment}`;
}
