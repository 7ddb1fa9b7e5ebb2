import { describeError, forEachBounded, type Logger } from '@hands-off/core';
import type { AnswerOutcome, DeploymentAnswerer } from './decide-and-answer.js';
import { PER_PAGE, type GitHubApp, type InstallationRepository, type Octokit } from './github-app.js';

/** Repositories swept at once: enough to finish a few hundred in minutes, few enough for GitHub's rate limits. */
export const SWEEP_CONCURRENCY = 4;

/** What one sweep found and did. */
export interface SweepSummary {
  repositories: number;
  /** Workflow runs in status `waiting`. */
  runs: number;
  /** Environments of those runs waiting on this App's rule, each decided once. */
  waiting: number;
  approved: number;
  rejected: number;
  waited: number;
  /** Lists that could not be read and decisions or answers that failed. */
  errors: number;
  /** HTTP requests to the GitHub API, token requests aside. */
  apiCalls: number;
}

/** Collaborators of a sweep. */
export interface SweepDeps {
  app: GitHubApp;
  answerer: Pick<DeploymentAnswerer, 'answer'>;
  log: Logger;
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Finds every deployment waiting on this App's rule from GitHub itself, so neither a restart nor a
 * lost webhook loses one, and decides each through the answerer. The sweep keeps no state:
 * installations (GET /app/installations) → their repositories (GET /installation/repositories) →
 * workflow runs in status `waiting` (GET /repos/{o}/{r}/actions/runs?status=waiting) → the run's
 * environments waiting for protection rules (GET …/actions/runs/{run_id}/pending_deployments) →
 * those whose enabled custom rules include this App (GET /repos/{o}/{r}/environments/{env}/
 * deployment_protection_rules, `custom_deployment_protection_rules[].app.id`). Every list is read
 * to its last page. The deployment's commit is the run's `head_sha`.
 *
 * The pending-deployments list does not say which rule an environment still waits on: an
 * environment this App already answered stays listed while a reviewer or a wait timer still holds
 * it. Such an environment is decided and answered again (GitHub's docs do not say how it takes a
 * repeated review; a refusal is logged as an error). That never approves what the rules reject:
 * only an approve decision is ever sent as `approved`.
 */
export async function sweepWaitingDeployments(deps: SweepDeps): Promise<SweepSummary> {
  const summary: SweepSummary = {
    repositories: 0,
    runs: 0,
    waiting: 0,
    approved: 0,
    rejected: 0,
    waited: 0,
    errors: 0,
    apiCalls: 0,
  };
  const count = (): void => void summary.apiCalls++;
  const failed = (what: string, error: unknown): void => {
    summary.errors++;
    deps.log.error(`sweep: ${what}: ${describeError(error)}`);
  };

  const targets: { installationId: number; repository: InstallationRepository }[] = [];
  let installations: Awaited<ReturnType<GitHubApp['listInstallations']>>;
  try {
    installations = await deps.app.listInstallations(count);
  } catch (error) {
    failed('cannot list the App installations', error);
    return summary;
  }
  for (const installation of installations) {
    if (deps.signal?.aborted) break;
    try {
      const repositories = await deps.app.listRepositories(installation.id, count);
      targets.push(...repositories.map((repository) => ({ installationId: installation.id, repository })));
    } catch (error) {
      failed(
        `cannot list the repositories of installation ${installation.id} (${installation.account})`,
        error,
      );
    }
  }
  summary.repositories = targets.length;

  const tally = (outcome: AnswerOutcome): void => {
    if (outcome.result === 'approved') summary.approved++;
    else if (outcome.result === 'rejected') summary.rejected++;
    else if (outcome.result === 'waited') summary.waited++;
    else if (outcome.result === 'failed') summary.errors++;
  };

  await forEachBounded(
    targets,
    deps.concurrency ?? SWEEP_CONCURRENCY,
    async ({ installationId, repository }) => {
      if (deps.signal?.aborted) return;
      const { owner, name } = repository;
      const where = `${owner}/${name}`;
      let octokit: Octokit;
      let runs: { id: number; head_sha: string }[];
      try {
        octokit = await deps.app.installationOctokit(installationId, count);
        runs = await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, {
          owner,
          repo: name,
          status: 'waiting',
          per_page: PER_PAGE,
        });
      } catch (error) {
        failed(`cannot list the waiting runs of ${where}`, error);
        return;
      }
      summary.runs += runs.length;
      const guarded = new Map<string, Promise<boolean>>();
      const guardedByThisApp = (environment: string): Promise<boolean> => {
        const key = environment.toLowerCase();
        let found = guarded.get(key);
        if (found === undefined) {
          found = appGuardsEnvironment(octokit, owner, name, environment, deps.app.appId);
          guarded.set(key, found);
        }
        return found;
      };
      for (const run of runs) {
        if (deps.signal?.aborted) return;
        let environments: string[];
        try {
          const { data } = await octokit.rest.actions.getPendingDeploymentsForRun({
            owner,
            repo: name,
            run_id: run.id,
          });
          environments = data.map((pending) => pending.environment.name ?? '').filter((env) => env !== '');
        } catch (error) {
          failed(`cannot list the pending deployments of ${where} run ${run.id}`, error);
          continue;
        }
        for (const environment of environments) {
          try {
            if (!(await guardedByThisApp(environment))) continue;
          } catch (error) {
            failed(`cannot read the protection rules of ${where} environment ${environment}`, error);
            continue;
          }
          summary.waiting++;
          tally(
            await deps.answerer.answer(
              { owner, repo: name, runId: run.id, environment, sha: run.head_sha, installationId },
              count,
            ),
          );
        }
      }
    },
  );
  deps.log.info(`sweep: ${JSON.stringify(summary)}`);
  return summary;
}

/** Whether one of the environment's enabled custom deployment protection rules is this App's. */
async function appGuardsEnvironment(
  octokit: Octokit,
  owner: string,
  repo: string,
  environment: string,
  appId: string,
): Promise<boolean> {
  const { data } = await octokit.request(
    'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
    { owner, repo, environment_name: environment },
  );
  return (data.custom_deployment_protection_rules ?? []).some(
    (rule) => rule.enabled && String(rule.app.id) === String(appId),
  );
}
