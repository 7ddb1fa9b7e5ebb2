import { UnavailableError, type GateRepository, type ReviewPlatform } from '@hands-off/core';
import { GitLabApiError, projectApiPath, type GitLabClient } from './gitlab-api.js';

/**
 * Pages of an environment's successful deployments searched for the commit, newest finished first:
 * the previous wave's deployment of a commit being promoted is among its latest 1,000.
 */
const MAX_SUCCESS_PAGES = 10;

/** A deployment as GET /projects/:id/deployments lists it (the fields the gate reads). */
export interface GitLabDeploymentPayload {
  id: number;
  iid: number;
  sha: string;
  ref: string;
  status: string;
  created_at: string;
  updated_at: string;
  user?: { username?: string } | null;
  environment?: { name?: string } | null;
  /** The deployment's job; null for a deployment created through the API. */
  deployable?: { id?: number; finished_at?: string | null } | null;
}

/**
 * What the gate reads of one GitLab project:
 * - a file at a commit through GET /projects/:id/repository/files/:file_path/raw?ref=<sha>
 *   (404: the file, or the commit, does not exist);
 * - the previous wave's deployment through GET /projects/:id/deployments?environment=<name>&
 *   status=success&order_by=finished_at&sort=desc, searched for the commit (the list has no `sha`
 *   filter). The deployment's own `finished_at` is not part of the API's answer, so the bake is
 *   taken to start when its job finished (`deployable.finished_at`: GitLab marks the deployment
 *   successful as the job succeeds, moments later), or at `updated_at` for a deployment created
 *   through the API without a job (its last change, the move to `success`, or later);
 * - merge requests, their approvals and statuses through `review` (the CLI's GitLab review platform).
 */
export function gitlabGateRepository(
  client: GitLabClient,
  project: string,
  review: ReviewPlatform,
): GateRepository {
  const base = projectApiPath(project);
  return {
    async readFile(path, ref) {
      try {
        const answer = await client.get(
          `${base}/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(ref)}`,
        );
        return answer.body;
      } catch (error) {
        if (error instanceof GitLabApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async lastSuccessfulDeployment(environment, sha) {
      const list =
        `${base}/deployments?environment=${encodeURIComponent(environment)}` +
        '&status=success&order_by=finished_at&sort=desc';
      for await (const page of client.pages<GitLabDeploymentPayload>(list, MAX_SUCCESS_PAGES)) {
        const found = page.find((deployment) => deployment.sha === sha && deployment.status === 'success');
        if (found === undefined) continue;
        const finished = found.deployable?.finished_at ?? found.updated_at;
        const succeededAt = Date.parse(finished ?? '');
        if (!Number.isFinite(succeededAt)) {
          // The newest success is the one that counts: an older one must not stand in for it.
          throw new UnavailableError(
            `GitLab deployment ${found.id} of ${environment} has no readable finish time (${JSON.stringify(finished)})`,
          );
        }
        return { id: String(found.id), succeededAt };
      }
      return undefined;
    },
    review,
  };
}
