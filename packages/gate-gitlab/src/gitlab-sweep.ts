/*
 * GitLab facts this sweep relies on (GitLab REST API v4, Premium's deployment approvals):
 * - GET /projects/:id/deployments takes `status` (created, running, success, failed, canceled,
 *   blocked), `environment`, `order_by` (id, iid, created_at, updated_at, finished_at) and `sort`;
 *   `order_by=finished_at` is accepted only with a finished status (success, failed, canceled) or a
 *   finished_after/finished_before filter, else 400. There is no `sha` filter. Listed deployments
 *   carry id, iid, ref, sha, status, created_at, updated_at, user, environment {name} and
 *   deployable (the job, with its finished_at); the deployment's own finished_at is not shown.
 *   (docs: doc/api/deployments.md "List project deployments"; lib/api/entities/deployment.rb;
 *   gitlab-org/gitlab MR 105017 and MR 261289 on DeploymentsFinder's order/status rules.)
 * - GET /projects/:id/deployments/:deployment_id also shows `approvals` ([{user {username}, status
 *   approved|rejected, created_at, comment}]) and `pending_approval_count`.
 * - POST /projects/:id/deployments/:deployment_id/approval with `status` (approved|rejected),
 *   optional `comment` and `represented_as` (which approval rule to act for, when the user is in
 *   several) answers 201 with the approval. Refusals are 400 with `{"message": …}` from
 *   Deployments::ApprovalService: "You cannot approve your own deployment…" (the user who started
 *   the pipeline, unless the protected environment allows the triggerer to approve), "This
 *   deployment is not waiting for approvals." (no longer blocked or already approved enough),
 *   "You don't have permission to approve this deployment…". The same user answering the same
 *   status again gets its existing approval back; a different status replaces it. The comment is
 *   at most 255 characters (ee/app/models/deployments/approval.rb); a longer one is refused with
 *   400 `{"message": ["Comment is too long (maximum is 255 characters)"]}`. A rejection
 *   drops the job (the deployment fails); with no approval rules, enough approvals enqueue the job;
 *   with approval rules the job stays manual and someone runs it.
 *   (docs: doc/api/deployments.md "Approve or reject a blocked deployment",
 *   doc/ci/environments/deployment_approvals.md "Allow self-approval";
 *   source: ee/app/services/deployments/approval_service.rb, ee/lib/ee/api/deployments.rb.)
 * - GET /projects/:id/repository/files/:file_path/raw?ref=<sha> answers the file's bytes; 404 when
 *   the file (or ref) does not exist. Lists are paged with `per_page` (≤ 100) and `page`; the
 *   X-Next-Page header is empty on the last page. `PRIVATE-TOKEN` carries the token.
 */
import {
  CancelledError,
  decideGate,
  describeError,
  gateComment,
  recordGateAnswer,
  gateDeps,
  redactingLogger,
  forEachBounded,
  type GateCollaboratorOverrides,
  registerSecret,
  retry,
  type GateDecision,
  type GateDeps,
  type GateSettings,
  type RetryPolicy,
} from '@hands-off/core';
import { gitlabPlatform } from '@hands-off/runtime-cli';
import { GITLAB_RETRY, GitLabClient, projectApiPath } from './gitlab-api.js';
import type { GitLabGateConfig } from './gitlab-gate-config.js';
import { gitlabGateRepository, type GitLabDeploymentPayload } from './gitlab-gate-repository.js';

/**
 * Longest comment GitLab keeps with a deployment approval (Deployments::Approval validates `comment`
 * to 255 characters; a longer one is refused with 400 and nothing is recorded).
 */
export const GITLAB_APPROVAL_COMMENT_MAX_CHARS = 255;
/** Deployments decided at once: enough for a few hundred per sweep, few enough for GitLab's rate limits. */
export const GITLAB_SWEEP_CONCURRENCY = 4;
/** Most pages of blocked deployments read per project and environment (10,000 deployments). */
const MAX_BLOCKED_PAGES = 100;

/** The sweep's collaborators, with knobs for tests and operators. */
export interface GitLabSweepCollaborators extends GateCollaboratorOverrides {
  concurrency?: number;
  requestTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  random?: () => number;
}

/** What one sweep found and did. */
export interface GitLabSweepSummary {
  /** Projects whose blocked deployments were listed. */
  projects: number;
  /** Blocked deployments found, each decided once. */
  blocked: number;
  /** Approvals and rejections GitLab recorded from this sweep. */
  approved: number;
  rejected: number;
  /** Decisions to wait: nothing sent, the next sweep decides again. */
  waited: number;
  /** Decided, but not answered: no longer blocked, or the gate's user had answered already. */
  skipped: number;
  /** Lists that could not be read, decisions that failed, answers GitLab refused or did not take. */
  errors: number;
  /** HTTP requests the sweep made to the GitLab API (the review reads for `require-reviewed` aside). */
  apiCalls: number;
}

/** A blocked deployment of one project. */
interface BlockedDeployment {
  project: string;
  /** The project's path, for messages and the gate request. */
  projectPath: string;
  id: number;
  iid: number;
  environment: string;
  sha: string;
}

/** What became of one blocked deployment. */
interface Outcome {
  result: 'approved' | 'rejected' | 'waited' | 'skipped' | 'failed';
  /** Why nothing was sent although the decision was approve or reject. */
  notSentBecause?: string;
  error?: string;
}

/** The deployment as GET /projects/:id/deployments/:deployment_id shows it (the fields the answer reads). */
interface DeploymentWithApprovals {
  status: string;
  approvals?: { user?: { username?: string } | null; status?: string }[] | null;
}

/**
 * Decides every deployment blocked on a protected environment's required approval in the
 * configured projects (of the configured environments, when some are named) by the gate rules in
 * the config at its commit, and answers GitLab as the token's user: an approve decision is sent as
 * `approved`, a reject as `rejected` (with approvalComment as the comment), a wait sends nothing and the
 * next sweep decides again. The sweep keeps no state; GitLab's list of blocked deployments is the
 * queue.
 *
 * Idempotent and fail safe:
 * - just before each POST, also before each retry, the deployment is read again: it is answered
 *   only while still `blocked` and not yet answered the same way by the gate's user, so an answer
 *   whose reply was lost (a timeout after GitLab recorded it) is never sent twice, and two sweeps
 *   that overlap cannot both answer;
 * - 5xx, 429, timeouts and refused connections are retried a few times with jittered backoff; a
 *   4xx answer (self-approval refused, not waiting any more, no permission) is logged with GitLab's
 *   message and counted as an error, never retried;
 * - only an approve decision is ever sent as `approved`: a failure to decide, read or send sends
 *   nothing, and an earlier rejection by the gate is never turned into an approval.
 * Each decision is logged as one JSON line through `collaborators.log`; the token never is.
 */
export async function sweepGitLab(
  config: GitLabGateConfig,
  collaborators: GitLabSweepCollaborators,
): Promise<GitLabSweepSummary> {
  registerSecret(config.token);
  const log = redactingLogger(collaborators.log);
  const deps = gateDeps(config.awsRegion, { ...collaborators, log });
  const settings: GateSettings = { allowedEndpoints: config.allowedEndpoints };
  const client = new GitLabClient({
    apiUrl: config.apiUrl,
    token: config.token,
    clock: deps.clock,
    sleep: deps.sleep,
    ...(collaborators.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: collaborators.requestTimeoutMs }),
    ...(collaborators.retryPolicy ? { retryPolicy: collaborators.retryPolicy } : {}),
    ...(collaborators.random ? { random: collaborators.random } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    onRetry: (line) => log.warning(line),
  });
  const summary: GitLabSweepSummary = {
    projects: 0,
    blocked: 0,
    approved: 0,
    rejected: 0,
    waited: 0,
    skipped: 0,
    errors: 0,
    apiCalls: 0,
  };
  const failed = (what: string, error: unknown): void => {
    summary.errors++;
    log.error(`gate sweep: ${what}: ${describeError(error)}`);
  };

  const blocked: BlockedDeployment[] = [];
  for (const project of config.projects) {
    if (deps.signal?.aborted) break;
    try {
      blocked.push(...(await listBlocked(client, project, config.environments)));
      summary.projects++;
    } catch (error) {
      failed(`cannot list the blocked deployments of project ${project}`, error);
    }
  }
  summary.blocked = blocked.length;

  const answerer = new ApprovalAnswerer(
    client,
    collaborators.retryPolicy ?? GITLAB_RETRY,
    collaborators.random,
    deps,
  );
  // The review platform wants a signal; without the sweep's own, one that never aborts.
  const reviewSignal = deps.signal ?? new AbortController().signal;
  await forEachBounded(blocked, collaborators.concurrency ?? GITLAB_SWEEP_CONCURRENCY, async (deployment) => {
    if (deps.signal?.aborted) return;
    const repository = gitlabGateRepository(
      client,
      deployment.project,
      gitlabPlatform(config.apiUrl, encodeURIComponent(deployment.project), config.token, reviewSignal),
    );
    const startedAt = deps.clock.now();
    let decision: GateDecision | undefined;
    let outcome: Outcome;
    try {
      decision = await decideGate(
        { repository: deployment.projectPath, environment: deployment.environment, sha: deployment.sha },
        repository,
        settings,
        deps,
      );
      outcome =
        decision.verdict === 'wait'
          ? { result: 'waited' }
          : await answerer.answer(deployment, decision.verdict, approvalComment(decision));
    } catch (error) {
      outcome = { result: 'failed', error: `cannot decide: ${describeError(error)}` };
    }
    if (outcome.result === 'failed') summary.errors++;
    else summary[outcome.result]++;
    if (outcome.error !== undefined) log.error(`${describeDeployment(deployment)}: ${outcome.error}`);
    await recordGateAnswer(
      {
        platform: 'gitlab',
        subject: {
          project: deployment.projectPath,
          deploymentId: deployment.id,
          deploymentIid: deployment.iid,
          environment: deployment.environment,
          sha: deployment.sha,
        },
        ...(decision === undefined ? {} : { decision }),
        sent: outcome.result === 'approved' || outcome.result === 'rejected' ? outcome.result : 'none',
        ...(outcome.notSentBecause === undefined ? {} : { notSentBecause: outcome.notSentBecause }),
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        startedAt,
        finishedAt: deps.clock.now(),
      },
      log,
      config.logDir,
    );
  });
  summary.apiCalls = client.requests;
  log.info(`gate sweep: ${JSON.stringify(summary)}`);
  return summary;
}

/** The project's blocked deployments, of `environments` only when some are named. */
async function listBlocked(
  client: GitLabClient,
  project: string,
  environments: readonly string[],
): Promise<BlockedDeployment[]> {
  const base = projectApiPath(project);
  const { path_with_namespace: projectPath } = await client.getJson<{ path_with_namespace?: string }>(base);
  const lists =
    environments.length === 0
      ? [`${base}/deployments?status=blocked&order_by=id&sort=asc`]
      : environments.map(
          (environment) =>
            `${base}/deployments?status=blocked&environment=${encodeURIComponent(environment)}&order_by=id&sort=asc`,
        );
  // A deployment leaving `blocked` while the pages are read shifts the later pages: one may be listed twice.
  const found = new Map<number, BlockedDeployment>();
  for (const list of lists) {
    for (const deployment of await client.listAll<GitLabDeploymentPayload>(list, MAX_BLOCKED_PAGES)) {
      const environment = deployment.environment?.name ?? '';
      if (deployment.status !== 'blocked' || environment === '' || !deployment.sha) continue;
      found.set(deployment.id, {
        project,
        projectPath: projectPath ?? project,
        id: deployment.id,
        iid: deployment.iid,
        environment,
        sha: deployment.sha,
      });
    }
  }
  return [...found.values()];
}

/** Sends one decision to GitLab, at most once, re-reading the deployment before every attempt. */
class ApprovalAnswerer {
  private readonly client: GitLabClient;
  private readonly policy: RetryPolicy;
  private readonly random: (() => number) | undefined;
  private readonly deps: GateDeps;
  /** The gate's own username (GET /user), read once per sweep when first needed. */
  private identity: Promise<string> | undefined;

  constructor(client: GitLabClient, policy: RetryPolicy, random: (() => number) | undefined, deps: GateDeps) {
    this.client = client;
    this.policy = policy;
    this.random = random;
    this.deps = deps;
  }

  /** Sends `verdict` with `comment`; never throws. */
  async answer(
    deployment: BlockedDeployment,
    verdict: 'approve' | 'reject',
    comment: string,
  ): Promise<Outcome> {
    const wanted = verdict === 'approve' ? 'approved' : 'rejected';
    const path = `${projectApiPath(deployment.project)}/deployments/${deployment.id}`;
    try {
      const own = await this.ownUsername();
      return await retry(
        `answering ${describeDeployment(deployment)}`,
        async (attempt): Promise<Outcome> => {
          if (this.deps.signal?.aborted) throw new CancelledError('the sweep is shutting down');
          const current = await this.client.sendGetJson<DeploymentWithApprovals>(path);
          const given = (current.approvals ?? []).find((approval) => approval.user?.username === own)?.status;
          if (given === wanted) {
            // After a failed attempt this is that attempt's answer, recorded although its reply was lost.
            return attempt > 1
              ? { result: wanted }
              : { result: 'skipped', notSentBecause: `the gate's user has ${given} it already` };
          }
          if (given === 'rejected') {
            return {
              result: 'skipped',
              notSentBecause: 'the gate rejected it before: a rejection is not taken back',
            };
          }
          if (current.status !== 'blocked') {
            return {
              result: 'skipped',
              notSentBecause: `GitLab no longer lists it as blocked (${current.status})`,
            };
          }
          await this.client.send('POST', `${path}/approval`, { status: wanted, comment });
          return { result: wanted };
        },
        this.policy,
        {
          clock: this.deps.clock,
          sleep: this.deps.sleep,
          signal: this.deps.signal,
          ...(this.random ? { random: this.random } : {}),
          onRetry: (line) => this.deps.log.warning(line),
        },
      );
    } catch (error) {
      const reason = `cannot send ${wanted}: ${describeError(error)}`;
      return { result: 'failed', error: reason, notSentBecause: reason };
    }
  }

  private ownUsername(): Promise<string> {
    this.identity ??= this.client.getJson<{ username?: string }>('/user').then((user) => {
      if (!user.username) throw new Error('GET /user answered no username');
      return user.username;
    });
    // A failed read is asked again by the next deployment rather than failing every one of them.
    this.identity.catch(() => (this.identity = undefined));
    return this.identity;
  }
}

/**
 * gateComment cut to what GitLab keeps: the verdict and the deciding reason come first, so they
 * survive the cut; every rule's finding is in the decision's log line.
 */
export function approvalComment(decision: GateDecision): string {
  // Counted in characters, as GitLab counts: a cut never splits a character.
  const characters = Array.from(gateComment(decision));
  if (characters.length <= GITLAB_APPROVAL_COMMENT_MAX_CHARS) return characters.join('');
  return `${characters.slice(0, GITLAB_APPROVAL_COMMENT_MAX_CHARS - 1).join('')}…`;
}

function describeDeployment(deployment: BlockedDeployment): string {
  return `${deployment.projectPath} deployment ${deployment.id} (#${deployment.iid}) to ${deployment.environment}`;
}
