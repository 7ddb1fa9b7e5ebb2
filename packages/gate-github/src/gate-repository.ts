import type { GateRepository } from '@hands-off/core';
import { UnavailableError } from '@hands-off/core';
import { githubPlatform } from '@hands-off/runtime-github';
import { LRUCache } from 'lru-cache';
import { gitHubStatus, PER_PAGE, type Octokit } from './github-app.js';

/** A full commit id: what is read at it never changes. */
const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** Files read at commits; `null` records a file that does not exist at that commit. */
export type FilesAtCommits = LRUCache<string, { text: string | null }>;

/**
 * A cache of files read at a commit, for a gate's life: a file at a commit never changes, and every
 * sweep asks for the same config again while a deployment waits. Bounded by count and total size.
 */
export function filesAtCommitsCache(): FilesAtCommits {
  return new LRUCache<string, { text: string | null }>({
    max: 2_000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.text?.length ?? 1),
  });
}

/**
 * What the gate reads of one GitHub repository, as the App's installation:
 * - files at a commit through GET /repos/{o}/{r}/contents/{path}?ref= (404: no such file);
 * - the previous wave's deployment through GET /repos/{o}/{r}/deployments?environment=&sha=
 *   (GitHub lists them newest first) and each one's statuses (newest first as well);
 * - pull requests, reviews and statuses through the same review platform the actions use.
 */
export function githubGateRepository(
  octokit: Octokit,
  owner: string,
  repo: string,
  filesAtCommits: FilesAtCommits = filesAtCommitsCache(),
): GateRepository {
  const base = { owner, repo };
  const readFileAt = async (path: string, ref: string): Promise<string | undefined> => {
    let data: unknown;
    try {
      data = (await octokit.rest.repos.getContent({ ...base, path, ref })).data;
    } catch (error) {
      if (gitHubStatus(error) === 404) return undefined;
      throw error;
    }
    // A directory comes back as a list, a symlink or submodule with another type: not a file.
    const file = data as { type?: unknown; encoding?: unknown; content?: unknown };
    if (Array.isArray(data) || file.type !== 'file') return undefined;
    if (file.encoding !== 'base64' || typeof file.content !== 'string') {
      // GitHub serves files over 1 MB without content; no config file is that large.
      throw new UnavailableError(
        `GitHub API served ${path} at ${ref} without its content (larger than 1 MB?)`,
      );
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(file.content, 'base64'));
  };
  return {
    async readFile(path, ref) {
      if (!COMMIT_SHA.test(ref)) return readFileAt(path, ref);
      const key = `${owner}/${repo}@${ref}:${path}`.toLowerCase();
      const cached = filesAtCommits.get(key);
      if (cached !== undefined) return cached.text ?? undefined;
      const text = await readFileAt(path, ref);
      filesAtCommits.set(key, { text: text ?? null });
      return text;
    },
    async lastSuccessfulDeployment(environment, sha) {
      for await (const page of octokit.paginate.iterator(octokit.rest.repos.listDeployments, {
        ...base,
        environment,
        sha,
        per_page: PER_PAGE,
      })) {
        for (const deployment of page.data) {
          // The latest status decides: a success later marked inactive or failed no longer counts.
          const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
            ...base,
            deployment_id: deployment.id,
            per_page: 1,
          });
          const latest = statuses[0];
          if (latest?.state === 'success') {
            const succeededAt = Date.parse(latest.created_at);
            if (Number.isFinite(succeededAt)) return { id: String(deployment.id), succeededAt };
          }
        }
      }
      return undefined;
    },
    review: githubPlatform(octokit, owner, repo),
  };
}
