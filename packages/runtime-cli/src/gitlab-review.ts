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

type Environment = Readonly<Record<string, string | undefined>>;

/** Longest a single API request may take before the step gives up on it. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Largest page GitLab's list endpoints serve. */
const PER_PAGE = 100;
/** Most pages read from one list (10,000 items): a bound, not a limit anyone meets. */
const MAX_PAGES = 100;

interface MergeRequestPayload {
  iid: number;
  description?: string | null;
  author?: { username?: string } | null;
  sha: string;
  target_branch: string;
  state: string;
  web_url?: string;
}

/**
 * The review platform on GitLab: merge requests, their diffs, notes, approvals and commit statuses
 * through the REST API at CI_API_V4_URL, with a project or group access token (`PRIVATE-TOKEN`;
 * CI_JOB_TOKEN cannot write notes or statuses). Lists are read page by page (X-Next-Page).
 */
export async function gitlabReviewAccess(
  token: string,
  env: Environment,
  signal: AbortSignal,
): Promise<ReviewAccess> {
  const api = (env.CI_API_V4_URL ?? '').replace(/\/+$/, '');
  const project = env.CI_PROJECT_ID ?? '';
  if (api === '' || project === '') {
    throw new InputError(
      'github-token',
      'cannot be used: CI_API_V4_URL and CI_PROJECT_ID are not set, so there is no project to read merge requests from',
      'run the step in a GitLab CI job',
    );
  }
  return {
    platform: gitlabPlatform(api, encodeURIComponent(project), token, signal),
    event: gitlabEvent(env),
  };
}

/** The pipeline's source in the step's terms: a merge request pipeline names its merge request. */
export function gitlabEvent(env: Environment): ReviewEvent {
  const source = env.CI_PIPELINE_SOURCE ?? '';
  const iid = Number(env.CI_MERGE_REQUEST_IID ?? '');
  if (source === 'merge_request_event' && Number.isSafeInteger(iid) && iid > 0) {
    return { kind: 'change-request', name: source, number: iid };
  }
  return {
    kind: 'other',
    name: source,
    why: `the ${source || 'unknown'} pipeline has no merge request (use \`rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"\`)`,
  };
}

/**
 * The review platform of one project: `api` is CI_API_V4_URL without a trailing slash, `project`
 * the project's id or URL-encoded path (`acme%2Fshop`).
 */
export function gitlabPlatform(
  api: string,
  project: string,
  token: string,
  signal: AbortSignal,
): ReviewPlatform {
  // Paths below are the project's (`/merge_requests/…`) unless they start at the API root (`~/user`).
  const url = (path: string): string =>
    path.startsWith('~/') ? `${api}${path.slice(1)}` : `${api}/projects/${project}${path}`;
  const request = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const what = `${method} ${path.replace(/^~/, '').replace(/\?.*$/, '')}`;
    let response: Response;
    try {
      response = await fetch(url(path), {
        method,
        headers: {
          'PRIVATE-TOKEN': token,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
    } catch (error) {
      throw new UnavailableError(
        `GitLab API ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (response.ok) return response;
    await response.body?.cancel();
    const because =
      response.status === 401
        ? 'the token is not accepted (401 Unauthorized)'
        : response.status === 403
          ? '403: the token lacks the `api` scope or the Developer role (CI_JOB_TOKEN cannot write notes or statuses)'
          : `answered ${response.status}`;
    throw new UnavailableError(`GitLab API ${what} ${because}`, { cause: { status: response.status } });
  };
  const json = async <T>(path: string): Promise<T> => (await (await request('GET', path)).json()) as T;
  const all = async <T>(path: string): Promise<T[]> => {
    const items: T[] = [];
    for (let page = 1, pages = 0; page > 0 && pages < MAX_PAGES; pages++) {
      const joiner = path.includes('?') ? '&' : '?';
      const response = await request('GET', `${path}${joiner}per_page=${PER_PAGE}&page=${page}`);
      items.push(...((await response.json()) as T[]));
      page = Number(response.headers.get('x-next-page') || 0);
    }
    return items;
  };
  const toChangeRequest = (mr: MergeRequestPayload): ChangeRequest => ({
    number: mr.iid,
    author: mr.author?.username ?? '',
    headSha: mr.sha,
    baseRef: mr.target_branch,
    body: mr.description ?? '',
    merged: mr.state === 'merged',
    url: mr.web_url ?? '',
  });
  let identity: Promise<string> | undefined;
  const ownLogin = (): Promise<string> =>
    (identity ??= json<{ username: string }>('~/user').then((user) => user.username));
  const mergeRequest = (iid: number) => json<MergeRequestPayload>(`/merge_requests/${iid}`);
  return {
    name: 'GitLab',
    changeRequestNoun: 'merge request',
    statusGatesMerge: false,
    async changeRequest(iid) {
      return toChangeRequest(await mergeRequest(iid));
    },
    async changedFiles(iid) {
      const diffs = await all<{ new_path: string; old_path: string }>(`/merge_requests/${iid}/diffs`);
      // The paginated diffs endpoint lists every file, past the overflow limit of the MR page.
      return { paths: [...new Set(diffs.flatMap((diff) => [diff.new_path, diff.old_path]))], complete: true };
    },
    description(iid): ChecklistDocument {
      return {
        read: async () => (await mergeRequest(iid)).description ?? '',
        write: async (text) => {
          await request('PUT', `/merge_requests/${iid}`, { description: text });
        },
      };
    },
    comments(iid): CommentThread {
      const notes = `/merge_requests/${iid}/notes`;
      return {
        list: async () =>
          (
            await all<{ id: number; body: string; author?: { username?: string }; system?: boolean }>(
              `${notes}?sort=asc&order_by=created_at`,
            )
          )
            .filter((note) => !note.system)
            .map((note) => ({ id: note.id, author: note.author?.username ?? '', body: note.body })),
        ownIdentity: ownLogin,
        read: async (id) => (await json<{ body: string }>(`${notes}/${id}`)).body,
        create: async (text) => {
          await request('POST', notes, { body: text });
        },
        update: async (id, text) => {
          await request('PUT', `${notes}/${id}`, { body: text });
        },
        remove: async (id) => {
          await request('DELETE', `${notes}/${id}`);
        },
      };
    },
    async setStatus(sha, status) {
      await request('POST', `/statuses/${sha}`, {
        state: status.state === 'failure' || status.state === 'error' ? 'failed' : status.state,
        name: status.context,
        description: status.description.slice(0, 255),
      });
    },
    async latestStatus(sha, context) {
      const statuses = await all<{ id: number; name: string; status: string }>(
        `/repository/commits/${sha}/statuses?all=true&name=${encodeURIComponent(context)}`,
      );
      const newest = statuses.filter((status) => status.name === context).sort((a, b) => b.id - a.id)[0];
      if (newest === undefined) return undefined;
      const states: Record<string, StatusState> = {
        success: 'success',
        failed: 'failure',
        canceled: 'error',
        pending: 'pending',
        running: 'pending',
      };
      return states[newest.status] ?? 'error';
    },
    async readFile(ref, path) {
      try {
        const response = await request(
          'GET',
          `/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(ref)}`,
        );
        return await response.text();
      } catch (error) {
        if ((error as { cause?: { status?: number } }).cause?.status === 404) return undefined;
        throw error;
      }
    },
    async changeRequestsOfCommit(sha) {
      const found = await json<MergeRequestPayload[]>(`/repository/commits/${sha}/merge_requests`);
      return found.map(toChangeRequest);
    },
    async approvers(iid, author) {
      const approvals = await json<{ approved_by?: { user?: { username?: string } }[] }>(
        `/merge_requests/${iid}/approvals`,
      );
      return (approvals.approved_by ?? [])
        .map((entry) => entry.user?.username ?? '')
        .filter((login) => login !== '' && login !== author);
    },
    async mergeQueueMembers() {
      // Merge trains run merge request pipelines: each names its own merge request.
      return [];
    },
  };
}
