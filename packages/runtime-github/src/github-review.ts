import { readFile } from 'node:fs/promises';
import type { getOctokit } from '@actions/github';
import type {
  ChangeRequest,
  ChecklistDocument,
  CommentThread,
  ReviewAccess,
  ReviewEvent,
  ReviewPlatform,
  StatusState,
} from '@hands-off/core';
import { InputError, UnavailableError } from '@hands-off/core/errors';
import type { Environment } from './github-runtime.js';

/** Longest a single API request may take before the step gives up on it. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Largest event payload read (GitHub's own webhook payload limit is 25 MB). */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;
/** Who writes with the job's GITHUB_TOKEN, which may not ask GET /user. */
const ACTIONS_BOT = 'github-actions[bot]';
/** Largest page GitHub's list endpoints serve. */
const PER_PAGE = 100;
/** Most files GitHub lists for one pull request. */
const MAX_LISTED_FILES = 3000;

type Octokit = ReturnType<typeof getOctokit>;

interface PullPayload {
  number: number;
  body?: string | null;
  user?: { login?: string } | null;
  head: { sha: string };
  base: { ref: string };
  merged_at?: string | null;
  merged?: boolean;
  changed_files?: number;
  html_url?: string;
}

/**
 * The review platform on GitHub: pull requests, their files, comments, reviews and commit statuses
 * through the REST API at GITHUB_API_URL (GitHub Enterprise Server and the tests' stand-in alike),
 * every list read to its last page. The event is read from GITHUB_EVENT_PATH.
 */
export async function githubReviewAccess(
  token: string,
  env: Environment,
  signal: AbortSignal,
): Promise<ReviewAccess> {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    throw new InputError(
      'github-token',
      'cannot be used: GITHUB_REPOSITORY is not set, so there is no repository to read pull requests from',
      'run the step in a GitHub Actions workflow',
    );
  }
  const event = await readEvent(env);
  const octokit = await createOctokit(token, env, signal);
  return { platform: githubPlatform(octokit, owner, repo), event };
}

async function createOctokit(token: string, env: Environment, signal: AbortSignal): Promise<Octokit> {
  const github = await import('@actions/github');
  const octokit = github.getOctokit(token, {
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    request: {
      // One request never hangs the job: a deadline each, and the job's cancel.
      fetch: (url: string | URL, init: RequestInit = {}) =>
        fetch(url, {
          ...init,
          signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        }),
    },
  });
  octokit.hook.error('request', (error, options) => {
    const status = (error as { status?: number }).status;
    const what = `${options.method} ${String(options.url)}`;
    const because =
      status === 401
        ? 'github-token is not accepted (401 Bad credentials)'
        : status === 403 || status === 404
          ? `${status}: the token may lack a permission (pull-requests: write, statuses: write, contents: read), or the resource does not exist`
          : status !== undefined
            ? `answered ${status}`
            : `failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new UnavailableError(`GitHub API ${what} ${because}`, { cause: error });
  });
  return octokit;
}

/** GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH, in the step's terms. */
export async function readEvent(env: Environment): Promise<ReviewEvent> {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const path = env.GITHUB_EVENT_PATH ?? '';
  if (path === '') return { kind: 'other', name, why: 'GITHUB_EVENT_PATH is not set (not a workflow run)' };
  let payload: Record<string, unknown>;
  try {
    const text = await readFile(path, 'utf8');
    if (Buffer.byteLength(text) > MAX_EVENT_BYTES) throw new Error('larger than 25 MiB');
    payload = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UnavailableError(
      `the event payload ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const number = (value: unknown): number | undefined =>
    typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
  const object = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (name === 'pull_request' || name === 'pull_request_target') {
    const pr = number(object(payload.pull_request).number) ?? number(payload.number);
    if (pr === undefined) throw new UnavailableError(`the ${name} payload names no pull request number`);
    return { kind: 'change-request', name, number: pr };
  }
  if (name === 'issue_comment' || name === 'pull_request_review' || name === 'pull_request_review_comment') {
    const issue = object(payload.issue);
    const pr = number(object(payload.pull_request).number) ?? number(issue.number);
    const onPullRequest = name !== 'issue_comment' || issue.pull_request !== undefined;
    if (pr === undefined || !onPullRequest) {
      return { kind: 'other', name, why: 'the comment is on an issue, not a pull request' };
    }
    return { kind: 'change-request', name, number: pr };
  }
  if (name === 'merge_group') {
    const group = object(payload.merge_group);
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    const headSha = text(group.head_sha);
    if (headSha === '') throw new UnavailableError('the merge_group payload names no head_sha');
    return {
      kind: 'merge-queue',
      name,
      headSha,
      headRef: text(group.head_ref),
      baseSha: text(group.base_sha),
      baseRef: text(group.base_ref).replace(/^refs\/heads\//, ''),
    };
  }
  return {
    kind: 'other',
    name,
    why: `the ${name || 'unknown'} event has no pull request (run on pull_request, pull_request_target, issue_comment or merge_group)`,
  };
}

/**
 * GitHub's pull requests, files, comments, reviews, statuses and contents of `owner/repo` through
 * `octokit`, whose error hook wraps each failure with GitHub's answer as the `cause` (a 404 is read
 * from there). Shared by the actions and the gate.
 */
export function githubPlatform(octokit: Octokit, owner: string, repo: string): ReviewPlatform {
  const base = { owner, repo };
  let identity: Promise<string> | undefined;
  /** The token's own login: GET /user, which GITHUB_TOKEN (an app installation) may not call. */
  const ownLogin = (): Promise<string> =>
    (identity ??= octokit.rest.users.getAuthenticated().then(
      (response) => response.data.login,
      (error: unknown) => {
        const cause = (error as { cause?: { status?: number } }).cause;
        if (cause?.status === 403 || cause?.status === 404) return ACTIONS_BOT;
        throw error;
      },
    ));
  const toChangeRequest = (pull: PullPayload): ChangeRequest => ({
    number: pull.number,
    author: pull.user?.login ?? '',
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    body: pull.body ?? '',
    merged: pull.merged === true || Boolean(pull.merged_at),
    url: pull.html_url ?? '',
  });
  const pull = async (number: number): Promise<PullPayload> =>
    (await octokit.rest.pulls.get({ ...base, pull_number: number })).data as PullPayload;
  return {
    name: 'GitHub',
    changeRequestNoun: 'pull request',
    statusGatesMerge: true,
    async changeRequest(number) {
      return toChangeRequest(await pull(number));
    },
    async changedFiles(number) {
      const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        ...base,
        pull_number: number,
        per_page: PER_PAGE,
      });
      // GitHub lists at most 3,000 files; the pull request says how many it changes.
      const complete =
        files.length < MAX_LISTED_FILES || ((await pull(number)).changed_files ?? Infinity) <= files.length;
      const paths = files.flatMap((file) => [
        file.filename,
        ...(file.previous_filename ? [file.previous_filename] : []),
      ]);
      return { paths: [...new Set(paths)], complete };
    },
    description(number): ChecklistDocument {
      return {
        read: async () => (await pull(number)).body ?? '',
        write: async (text) => {
          await octokit.rest.pulls.update({ ...base, pull_number: number, body: text });
        },
      };
    },
    comments(number): CommentThread {
      return {
        list: async () =>
          (
            await octokit.paginate(octokit.rest.issues.listComments, {
              ...base,
              issue_number: number,
              per_page: PER_PAGE,
            })
          ).map((comment) => ({
            id: comment.id,
            author: comment.user?.login ?? '',
            body: comment.body ?? '',
          })),
        ownIdentity: ownLogin,
        read: async (id) =>
          (await octokit.rest.issues.getComment({ ...base, comment_id: id })).data.body ?? '',
        create: async (text) => {
          await octokit.rest.issues.createComment({ ...base, issue_number: number, body: text });
        },
        update: async (id, text) => {
          await octokit.rest.issues.updateComment({ ...base, comment_id: id, body: text });
        },
        remove: async (id) => {
          await octokit.rest.issues.deleteComment({ ...base, comment_id: id });
        },
      };
    },
    async setStatus(sha, status) {
      await octokit.rest.repos.createCommitStatus({
        ...base,
        sha,
        state: status.state,
        context: status.context,
        description: status.description.slice(0, 140),
      });
    },
    async latestStatus(sha, context) {
      // Newest first: the first one with this context is the latest.
      for await (const page of octokit.paginate.iterator(octokit.rest.repos.listCommitStatusesForRef, {
        ...base,
        ref: sha,
        per_page: PER_PAGE,
      })) {
        const found = page.data.find((status) => status.context === context);
        if (found) return found.state as StatusState;
      }
      return undefined;
    },
    async readFile(ref, path) {
      try {
        const response = await octokit.rest.repos.getContent({
          ...base,
          path,
          ref,
          mediaType: { format: 'raw' },
        });
        // The raw media type comes back as text or as bytes, depending on the content type sent.
        const data: unknown = response.data;
        if (typeof data === 'string') return data;
        if (data instanceof ArrayBuffer) return new TextDecoder('utf-8', { fatal: true }).decode(data);
        throw new UnavailableError(`GitHub API answered ${path} at ${ref} with something other than a file`);
      } catch (error) {
        if ((error as { cause?: { status?: number } }).cause?.status === 404) return undefined;
        throw error;
      }
    },
    async changeRequestsOfCommit(sha) {
      const pulls = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
        ...base,
        commit_sha: sha,
        per_page: PER_PAGE,
      });
      return pulls.map((found) => toChangeRequest(found as unknown as PullPayload));
    },
    async approvers(number, author) {
      const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
        ...base,
        pull_number: number,
        per_page: PER_PAGE,
      });
      // A reviewer's latest verdict counts (a comment-only review changes none); a dismissed
      // approval reads DISMISSED, so it no longer counts.
      const latest = new Map<string, string>();
      for (const review of reviews) {
        const login = review.user?.login;
        if (!login || !['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(review.state)) continue;
        latest.set(login, review.state);
      }
      return [...latest]
        .filter(([login, state]) => state === 'APPROVED' && login !== author)
        .map(([login]) => login);
    },
    async mergeQueueMembers(event) {
      const numbers = new Set<number>();
      // `gh-readonly-queue/main/pr-123-<sha>`: the last pull request of the group.
      const fromRef = /\/pr-(\d+)-[0-9a-f]+$/.exec(event.headRef);
      if (fromRef?.[1]) numbers.add(Number(fromRef[1]));
      // The group's commits over its base: at most 250 are listed, far more than a group holds.
      for (let page = 1; event.baseSha !== '' && page <= 3; page++) {
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
          ...base,
          basehead: `${event.baseSha}...${event.headSha}`,
          per_page: PER_PAGE,
          page,
        });
        for (const { commit } of data.commits) {
          const title = commit.message.split('\n')[0] ?? '';
          // Merge commits (`Merge pull request #12 from …`) and squash commits (`Title (#12)`).
          const found = /^Merge pull request #(\d+) /.exec(title) ?? /\(#(\d+)\)$/.exec(title);
          if (found?.[1]) numbers.add(Number(found[1]));
        }
        if (data.commits.length < PER_PAGE) break;
      }
      return [...numbers];
    },
  };
}
