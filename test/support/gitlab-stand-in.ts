import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A merge request as the stand-in keeps it. */
export interface StandInMergeRequest {
  iid: number;
  description: string | null;
  author: string;
  sha: string;
  targetBranch: string;
  state: 'opened' | 'merged' | 'closed';
  diffs: { old_path: string; new_path: string }[];
  approvedBy: string[];
}

export interface GitLabCall {
  method: string;
  path: string;
  token: string;
  body: Record<string, unknown>;
}

/** The project's state, which tests set up and read back. */
export interface StandInProject {
  mergeRequests: Map<number, StandInMergeRequest>;
  notes: { id: number; iid: number; body: string; author: string; system: boolean }[];
  /** Statuses by commit, oldest first. */
  statuses: Map<string, { id: number; name: string; status: string; description: string }[]>;
  /** Which merge requests a commit came in through. */
  commitMergeRequests: Map<string, number[]>;
  /** File text by `<ref>:<path>`. */
  files: Map<string, string>;
}

export interface GitLabStandIn {
  /** CI_API_V4_URL. */
  apiUrl: string;
  calls: GitLabCall[];
  project: StandInProject;
  /** Tokens it accepts (`PRIVATE-TOKEN`) and whose user they are. */
  tokens: Map<string, string>;
  failWith(status: number | undefined): void;
  stop(): Promise<void>;
}

/** The project access token the stand-in knows; its bot user writes the notes. */
export const PROJECT_TOKEN = 'glpat-standInProjectToken0123456789';
export const PROJECT_BOT = 'project_42_bot_1a2b3c';
export const PROJECT_ID = '42';

/**
 * Speaks the real paths and shapes of GitLab's REST API v4 for merge requests, their diffs, notes
 * and approvals, commit statuses, raw repository files and commits/:sha/merge_requests, reached
 * through CI_API_V4_URL as in a GitLab job. Lists are paged with `per_page`/`page` and an
 * X-Next-Page header; an unknown token gets 401.
 */
export async function startGitLabStandIn(): Promise<GitLabStandIn> {
  const calls: GitLabCall[] = [];
  let failure: number | undefined;
  let nextId = 5000;
  const project: StandInProject = {
    mergeRequests: new Map(),
    notes: [],
    statuses: new Map(),
    commitMergeRequests: new Map(),
    files: new Map(),
  };
  const tokens = new Map<string, string>([[PROJECT_TOKEN, PROJECT_BOT]]);
  const prefix = `/api/v4/projects/${PROJECT_ID}`;
  const mrShape = (mr: StandInMergeRequest) => ({
    id: mr.iid + 90_000,
    iid: mr.iid,
    project_id: Number(PROJECT_ID),
    description: mr.description,
    author: { username: mr.author },
    sha: mr.sha,
    target_branch: mr.targetBranch,
    state: mr.state,
    web_url: `https://gitlab.example.com/acme/shop/-/merge_requests/${mr.iid}`,
  });
  const noteShape = (note: StandInProject['notes'][number]) => ({
    id: note.id,
    body: note.body,
    author: { username: note.author },
    system: note.system,
    noteable_type: 'MergeRequest',
  });

  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '', 'http://stand-in');
      const call: GitLabCall = {
        method: request.method ?? '',
        path: request.url ?? '',
        token: String(request.headers['private-token'] ?? ''),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      calls.push(call);
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        void response
          .writeHead(status, { 'content-type': 'application/json', ...headers })
          .end(JSON.stringify(body));
      const list = (items: unknown[]) => {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 20) || 20);
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
        const more = page * perPage < items.length;
        json(200, items.slice((page - 1) * perPage, page * perPage), {
          'x-next-page': more ? String(page + 1) : '',
          'x-page': String(page),
          'x-per-page': String(perPage),
        });
      };
      const user = tokens.get(call.token);
      if (user === undefined) return json(401, { message: '401 Unauthorized' });
      if (failure !== undefined) return json(failure, { message: 'Server Error' });
      const path = decodeURIComponent(url.pathname);
      const notFound = () => json(404, { message: '404 Not found' });
      let match: RegExpExecArray | null;
      if (call.method === 'GET' && path === '/api/v4/user')
        return json(200, { id: 7, username: user, bot: true });
      if ((match = new RegExp(`^${prefix}/merge_requests/(\\d+)$`).exec(path))) {
        const mr = project.mergeRequests.get(Number(match[1]));
        if (!mr) return notFound();
        if (call.method === 'PUT' && typeof call.body.description === 'string')
          mr.description = call.body.description;
        return json(200, mrShape(mr));
      }
      if ((match = new RegExp(`^${prefix}/merge_requests/(\\d+)/diffs$`).exec(path))) {
        const mr = project.mergeRequests.get(Number(match[1]));
        return mr ? list(mr.diffs) : notFound();
      }
      if ((match = new RegExp(`^${prefix}/merge_requests/(\\d+)/approvals$`).exec(path))) {
        const mr = project.mergeRequests.get(Number(match[1]));
        if (!mr) return notFound();
        return json(200, {
          approved: mr.approvedBy.length > 0,
          approved_by: mr.approvedBy.map((username) => ({ user: { username } })),
        });
      }
      if ((match = new RegExp(`^${prefix}/merge_requests/(\\d+)/notes$`).exec(path))) {
        const iid = Number(match[1]);
        if (!project.mergeRequests.has(iid)) return notFound();
        if (call.method === 'POST') {
          const note = { id: nextId++, iid, body: String(call.body.body ?? ''), author: user, system: false };
          project.notes.push(note);
          return json(201, noteShape(note));
        }
        return list(project.notes.filter((note) => note.iid === iid).map(noteShape));
      }
      if ((match = new RegExp(`^${prefix}/merge_requests/(\\d+)/notes/(\\d+)$`).exec(path))) {
        const index = project.notes.findIndex((note) => note.id === Number(match![2]));
        const note = project.notes[index];
        if (!note) return notFound();
        if (call.method === 'PUT') note.body = String(call.body.body ?? '');
        if (call.method === 'DELETE') {
          project.notes.splice(index, 1);
          return void response.writeHead(204).end();
        }
        return json(200, noteShape(note));
      }
      if (call.method === 'POST' && (match = new RegExp(`^${prefix}/statuses/([0-9a-f]+)$`).exec(path))) {
        const state = String(call.body.state ?? '');
        if (!['pending', 'running', 'success', 'failed', 'canceled'].includes(state)) {
          return json(400, { message: 'state does not have a valid value' });
        }
        const status = {
          id: nextId++,
          name: String(call.body.name ?? 'default'),
          status: state,
          description: String(call.body.description ?? ''),
        };
        project.statuses.set(match[1]!, [...(project.statuses.get(match[1]!) ?? []), status]);
        return json(201, status);
      }
      if ((match = new RegExp(`^${prefix}/repository/commits/([^/]+)/statuses$`).exec(path))) {
        const name = url.searchParams.get('name');
        return list(
          (project.statuses.get(match[1]!) ?? []).filter((status) => !name || status.name === name),
        );
      }
      if ((match = new RegExp(`^${prefix}/repository/commits/([^/]+)/merge_requests$`).exec(path))) {
        return json(
          200,
          (project.commitMergeRequests.get(match[1]!) ?? [])
            .map((iid) => project.mergeRequests.get(iid))
            .filter((mr): mr is StandInMergeRequest => mr !== undefined)
            .map(mrShape),
        );
      }
      if ((match = new RegExp(`^${prefix}/repository/files/(.+)/raw$`).exec(path))) {
        const file = project.files.get(`${url.searchParams.get('ref') ?? ''}:${match[1]}`);
        if (file === undefined) return notFound();
        return void response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(file);
      }
      notFound();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`,
    calls,
    project,
    tokens,
    failWith: (status) => void (failure = status),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
