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
  /** The injected fault it got instead of (or, `hang-after-handling`, after) being handled. */
  fault?: StandInFault['answer'];
}

/** A deployment's status as GitLab names it. */
export type StandInDeploymentStatus =
  'created' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'blocked';

/** One approval or rejection of a deployment. */
export interface StandInDeploymentApproval {
  user: string;
  status: 'approved' | 'rejected';
  comment: string | null;
  createdAt: string;
}

/** A deployment as the stand-in keeps it (GitLab Premium: protected environments with required approvals). */
export interface StandInDeployment {
  id: number;
  iid: number;
  environment: string;
  sha: string;
  ref: string;
  status: StandInDeploymentStatus;
  /** Who started the pipeline: GitLab refuses their approval (no self-approval by default). */
  user: string;
  createdAt: string;
  updatedAt: string;
  /** When the deployment finished (GitLab's `finished_at` column, which `order_by=finished_at` sorts by). */
  finishedAt: string | null;
  /** When its job finished: `deployable.finished_at`; null while it has not. */
  jobFinishedAt: string | null;
  /** The protected environment's required approval count. */
  requiredApprovals: number;
  approvals: StandInDeploymentApproval[];
}

/**
 * A fault the stand-in gives the next `times` requests matching `method` and `path` (the path
 * under /api/v4, decoded, without the query): a status with GitLab's error body, `hang` (never
 * answers), or `hang-after-handling` (does what was asked, then never answers: a reply lost after
 * GitLab recorded the request).
 */
export interface StandInFault {
  method?: string;
  path: RegExp;
  answer: number | 'hang' | 'hang-after-handling';
  times: number;
  /** The `message` of a status answer; `{token}` is replaced by the request's PRIVATE-TOKEN (an echoing proxy). */
  message?: string;
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
  /** Deployments by id. */
  deployments: Map<number, StandInDeployment>;
}

export interface GitLabStandIn {
  /** CI_API_V4_URL. */
  apiUrl: string;
  calls: GitLabCall[];
  project: StandInProject;
  /** Tokens it accepts (`PRIVATE-TOKEN`) and whose user they are. */
  tokens: Map<string, string>;
  failWith(status: number | undefined): void;
  /** Adds a fault for the next matching requests (see StandInFault). */
  inject(fault: StandInFault): void;
  /** Adds a deployment; id, iid and timestamps are filled in unless given. */
  addDeployment(
    deployment: Pick<StandInDeployment, 'environment' | 'sha' | 'status'> & Partial<StandInDeployment>,
  ): StandInDeployment;
  stop(): Promise<void>;
}

/** The project access token the stand-in knows; its bot user writes the notes. */
export const PROJECT_TOKEN = 'glpat-standInProjectToken0123456789';
export const PROJECT_BOT = 'project_42_bot_1a2b3c';
export const PROJECT_ID = '42';
/** The project's path: API paths may name the project by it, URL-encoded (`acme%2Fshop`). */
export const PROJECT_PATH = 'acme/shop';
/** The user who started the deployment pipelines (the gate may not approve as them). */
export const PIPELINE_USER = 'release-manager';

/**
 * Speaks the real paths and shapes of GitLab's REST API v4 for merge requests, their diffs, notes
 * and approvals, commit statuses, raw repository files and commits/:sha/merge_requests, reached
 * through CI_API_V4_URL as in a GitLab job. Lists are paged with `per_page`/`page` and an
 * X-Next-Page header; an unknown token gets 401.
 *
 * Deployments (GitLab Premium's deployment approvals) follow GitLab's own rules: the list filters by
 * `status` and `environment` and sorts by `order_by`/`sort` (`finished_at` only with a finished
 * `status`, else 400); one deployment shows its `approvals` and `pending_approval_count`; POST
 * .../approval is refused with 400 and GitLab's message when the deployment is not waiting for
 * approvals or the approver started it, or with a comment over 255 characters, repeats an
 * identical answer without change, and otherwise records it: a rejection drops the job (the deployment becomes `failed`), enough approvals start
 * it (`running`).
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
    deployments: new Map(),
  };
  const faults: StandInFault[] = [];
  let nextDeploymentId = 700;
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

  const deploymentListShape = (deployment: StandInDeployment) => ({
    id: deployment.id,
    iid: deployment.iid,
    ref: deployment.ref,
    sha: deployment.sha,
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    status: deployment.status,
    user: { id: 11, username: deployment.user },
    environment: { id: 9, name: deployment.environment },
    // The deployment's job; a blocked deployment's job waits as a manual one.
    deployable: {
      id: deployment.id + 10_000,
      name: `deploy-${deployment.environment}`,
      status: deployment.status === 'blocked' ? 'manual' : deployment.status,
      finished_at: deployment.jobFinishedAt,
    },
  });
  const pendingApprovals = (deployment: StandInDeployment) =>
    deployment.status === 'blocked' ? deployment.requiredApprovals - deployment.approvals.length : 0;
  const deploymentShape = (deployment: StandInDeployment) => ({
    ...deploymentListShape(deployment),
    pending_approval_count: pendingApprovals(deployment),
    approvals: deployment.approvals.map((approval) => ({
      user: { username: approval.user },
      status: approval.status,
      created_at: approval.createdAt,
      comment: approval.comment,
    })),
  });
  const deploymentOrder: Record<string, (d: StandInDeployment) => string | number> = {
    id: (d) => d.id,
    iid: (d) => d.iid,
    created_at: (d) => d.createdAt,
    updated_at: (d) => d.updatedAt,
    finished_at: (d) => d.finishedAt ?? '',
  };

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
      // The project named by its URL-encoded path is the same project as by its id.
      const path = decodeURIComponent(
        url.pathname.replace(`/projects/${encodeURIComponent(PROJECT_PATH)}`, `/projects/${PROJECT_ID}`),
      );
      const fault = faults.find(
        (candidate) =>
          candidate.times > 0 &&
          (candidate.method === undefined || candidate.method === call.method) &&
          candidate.path.test(path.replace(/^\/api\/v4/, '')),
      );
      if (fault !== undefined) {
        fault.times--;
        call.fault = fault.answer;
        if (fault.answer === 'hang') return;
        if (typeof fault.answer === 'number') {
          const message = fault.message?.replaceAll('{token}', call.token) ?? `${fault.answer} Server Error`;
          return json(fault.answer, { message });
        }
        // `hang-after-handling`: below, the request is handled, and its answer is never written.
        response.writeHead = (() => response) as unknown as typeof response.writeHead;
        response.end = (() => response) as unknown as typeof response.end;
      }
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
      if (call.method === 'GET' && path === prefix) {
        return json(200, {
          id: Number(PROJECT_ID),
          path_with_namespace: PROJECT_PATH,
          web_url: `https://gitlab.example.com/${PROJECT_PATH}`,
        });
      }
      if (call.method === 'GET' && path === `${prefix}/deployments`) {
        const status = url.searchParams.get('status');
        const environment = url.searchParams.get('environment');
        const orderBy = url.searchParams.get('order_by') ?? 'id';
        const sort = url.searchParams.get('sort') ?? 'asc';
        const order = deploymentOrder[orderBy];
        if (order === undefined) return json(400, { error: 'order_by does not have a valid value' });
        if (sort !== 'asc' && sort !== 'desc')
          return json(400, { error: 'sort does not have a valid value' });
        // GitLab's DeploymentsFinder sorts by finished_at only among finished deployments.
        if (orderBy === 'finished_at' && !['success', 'failed', 'canceled'].includes(status ?? '')) {
          return json(400, { message: '400 Bad request - order_by=finished_at needs a finished status' });
        }
        const found = [...project.deployments.values()]
          .filter((deployment) => status === null || deployment.status === status)
          .filter((deployment) => environment === null || deployment.environment === environment)
          .sort((a, b) => {
            const [x, y] = [order(a), order(b)];
            const compared = x < y ? -1 : x > y ? 1 : a.id - b.id;
            return sort === 'asc' ? compared : -compared;
          });
        return list(found.map(deploymentListShape));
      }
      if ((match = new RegExp(`^${prefix}/deployments/(\\d+)$`).exec(path))) {
        const deployment = project.deployments.get(Number(match[1]));
        if (!deployment || call.method !== 'GET') return notFound();
        return json(200, deploymentShape(deployment));
      }
      if (
        call.method === 'POST' &&
        (match = new RegExp(`^${prefix}/deployments/(\\d+)/approval$`).exec(path))
      ) {
        const deployment = project.deployments.get(Number(match[1]));
        if (!deployment) return json(404, { message: '404 Deployment Not Found' });
        const status = call.body.status;
        if (status !== 'approved' && status !== 'rejected') {
          return json(400, { error: 'status does not have a valid value' });
        }
        // The checks and messages of GitLab's Deployments::ApprovalService, in its order.
        if (deployment.user === user && status === 'approved') {
          return json(400, {
            message:
              'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.',
          });
        }
        if (pendingApprovals(deployment) <= 0) {
          return json(400, { message: 'This deployment is not waiting for approvals.' });
        }
        const comment = typeof call.body.comment === 'string' ? call.body.comment : null;
        // Deployments::Approval validates the comment's length; the service answers its messages.
        if (comment !== null && Array.from(comment).length > 255) {
          return json(400, { message: ['Comment is too long (maximum is 255 characters)'] });
        }
        const now = new Date().toISOString();
        let approval = deployment.approvals.find((given) => given.user === user);
        if (approval === undefined) {
          approval = { user, status, comment, createdAt: now };
          deployment.approvals.push(approval);
        } else if (approval.status !== status) {
          approval.status = status;
          approval.comment = comment;
        }
        if (approval.status === 'rejected') {
          deployment.status = 'failed';
          deployment.finishedAt = now;
        } else if (deployment.approvals.length >= deployment.requiredApprovals) {
          deployment.status = 'running';
        }
        deployment.updatedAt = now;
        return json(201, {
          user: { username: approval.user },
          status: approval.status,
          created_at: approval.createdAt,
          comment: approval.comment,
        });
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
    inject: (fault) => void faults.push({ ...fault }),
    addDeployment: (given) => {
      const id = given.id ?? nextDeploymentId++;
      const now = new Date().toISOString();
      const deployment: StandInDeployment = {
        id,
        iid: id - 600,
        ref: 'main',
        user: PIPELINE_USER,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        jobFinishedAt: null,
        requiredApprovals: 1,
        approvals: [],
        ...given,
      };
      project.deployments.set(id, deployment);
      return deployment;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
