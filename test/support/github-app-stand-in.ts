import { createHmac, generateKeyPairSync, randomUUID, verify as verifySignature } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGitHubStandIn, type GitHubCall, type GitHubStandIn } from './github-stand-in.js';

/** A workflow run as the stand-in keeps it: its commit and the environments its jobs wait for. */
export interface StandInRun {
  id: number;
  headSha: string;
  /** `waiting` while any environment waits; `in_progress` once all have been answered. */
  status: 'waiting' | 'in_progress' | 'completed';
  /** Environment name → its state on this run. */
  environments: Map<string, 'waiting' | 'approved' | 'rejected'>;
}

/** A deployment with its statuses, oldest first (GitHub lists both newest first). */
export interface StandInDeployment {
  id: number;
  environment: string;
  sha: string;
  statuses: { state: string; createdAt: string }[];
}

/** An answer the App sent through POST …/deployment_protection_rule. */
export interface ProtectionReview {
  runId: number;
  environment: string;
  state: string;
  comment: string;
}

/** An installation of the App and the repositories (`owner/name`) it covers. */
export interface StandInInstallation {
  id: number;
  account: string;
  repositories: string[];
}

/** What to do to the next requests whose `METHOD path` matches. */
export interface Fault {
  match: RegExp;
  /** How many matching requests it applies to. */
  times: number;
  /**
   * `status`: answer with `status` (a 5xx) and do nothing. `hang`: never answer. `apply-then-hang`:
   * do what the request asks (a review is recorded), then never answer, as when a reply is lost.
   */
  kind: 'status' | 'hang' | 'apply-then-hang';
  status?: number;
}

/** A loopback stand-in for the GitHub API as a GitHub App sees it. */
export interface GitHubAppStandIn {
  url: string;
  appId: string;
  /** The App's private key (PEM, PKCS#1 as GitHub hands it out). */
  privateKey: string;
  owner: string;
  repo: string;
  /** Every request, in order (the App's and the review platform's). */
  calls: GitHubCall[];
  /** The pull requests, reviews, statuses and files of `owner/repo` (the review stand-in's state). */
  review: GitHubStandIn;
  installations: StandInInstallation[];
  runs: Map<number, StandInRun>;
  deployments: StandInDeployment[];
  /** Environments of `owner/repo` whose custom protection rules include this App. */
  guardedEnvironments: Set<string>;
  /** Answers GitHub took. */
  reviews: ProtectionReview[];
  /** Answers refused because the environment was not waiting (any is a bug in the gate). */
  refusedReviews: ProtectionReview[];
  /** Adds a run waiting for `environments` at `headSha`. */
  addWaitingRun(id: number, headSha: string, environments: string[]): void;
  inject(fault: Fault): void;
  /** The `deployment_protection_rule` payload GitHub sends for one waiting environment. */
  protectionRulePayload(options: {
    runId: number;
    environment: string;
    sha: string;
    deploymentId?: number;
    installationId?: number;
    action?: string;
    callbackUrl?: string;
  }): Record<string, unknown>;
  stop(): Promise<void>;
}

/** The App's installation in these tests. */
export const INSTALLATION_ID = 4242;

/**
 * Speaks the GitHub REST API of a GitHub App acting as a custom deployment protection rule, with
 * the documented paths and shapes:
 * - as the App (a JWT that must verify with the App's public key, RS256, `iss` = app id, not
 *   expired; 401 otherwise): GET /app/installations and POST /app/installations/{id}/access_tokens;
 * - as an installation (a token issued above; 401 otherwise): GET /installation/repositories,
 *   GET /repos/{o}/{r}/deployments (filters `environment`, `sha`), …/deployments/{id}/statuses,
 *   …/actions/runs?status=, …/actions/runs/{id}/pending_deployments,
 *   POST …/actions/runs/{id}/deployment_protection_rule (204; 422 when the environment is no longer
 *   waiting, recorded in `refusedReviews`), GET …/environments/{env}/deployment_protection_rules;
 * - everything else (contents, pull requests, reviews, comments, statuses) is passed to the review
 *   stand-in of test/support/github-stand-in.ts, which accepts the installation tokens issued here.
 * Lists are paged with `per_page` / `page` and a Link header, newest first where GitHub's are.
 */
export async function startGitHubAppStandIn(owner = 'acme', repo = 'shop'): Promise<GitHubAppStandIn> {
  const review = await startGitHubStandIn(owner, repo);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = '31337';
  const calls: GitHubCall[] = [];
  const faults: Fault[] = [];
  const tokens = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const runs = new Map<number, StandInRun>();
  const deployments: StandInDeployment[] = [];
  const guardedEnvironments = new Set<string>();
  const reviews: ProtectionReview[] = [];
  const refusedReviews: ProtectionReview[] = [];
  const installations: StandInInstallation[] = [
    { id: INSTALLATION_ID, account: owner, repositories: [`${owner}/${repo}`] },
  ];
  let url = '';
  let nextToken = 1;
  const prefix = `/repos/${owner}/${repo}`;

  interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
  }
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
    status,
    body,
    headers,
  });
  const notFound = (): Answer =>
    json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  const paged = (
    path: string,
    query: URLSearchParams,
    items: unknown[],
    wrap?: (page: unknown[]) => unknown,
  ) => {
    const perPage = Math.min(100, Number(query.get('per_page') ?? 30) || 30);
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number): string => {
      const next = new URL(path, url);
      for (const [name, value] of query) next.searchParams.set(name, value);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return next.toString();
    };
    const slice = items.slice((page - 1) * perPage, page * perPage);
    return json(
      200,
      wrap ? wrap(slice) : slice,
      page < last ? { link: `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` } : {},
    );
  };

  const appJwtValid = (authorization: string): boolean => {
    const jwt = /^bearer (.+)$/i.exec(authorization)?.[1] ?? '';
    const [header = '', payload = '', signature = ''] = jwt.split('.');
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        iss?: unknown;
        exp?: number;
        iat?: number;
      };
      const now = Date.now() / 1000;
      return (
        head.alg === 'RS256' &&
        verifySignature(
          'RSA-SHA256',
          Buffer.from(`${header}.${payload}`),
          publicKey,
          Buffer.from(signature, 'base64url'),
        ) &&
        String(claims.iss) === appId &&
        typeof claims.exp === 'number' &&
        claims.exp > now &&
        typeof claims.iat === 'number' &&
        claims.iat <= now + 60
      );
    } catch {
      return false;
    }
  };

  const answer = async (call: GitHubCall, request: IncomingMessage): Promise<Answer> => {
    const parsed = new URL(call.path, 'http://stand-in');
    const path = parsed.pathname;
    const query = parsed.searchParams;
    const route = (method: string, pattern: RegExp): RegExpExecArray | undefined =>
      call.method === method ? (pattern.exec(path) ?? undefined) : undefined;
    let match: RegExpExecArray | undefined;

    if (path.startsWith('/app/')) {
      if (!appJwtValid(call.authorization)) {
        return json(401, {
          message: 'A JSON web token could not be decoded',
          documentation_url: 'https://docs.github.com/rest',
        });
      }
      if (route('GET', /^\/app\/installations$/)) {
        return paged(
          path,
          query,
          installations.map((installation) => ({
            id: installation.id,
            account: { login: installation.account, type: 'Organization' },
            app_id: Number(appId),
            target_type: 'Organization',
            repository_selection: 'selected',
          })),
        );
      }
      if ((match = route('POST', /^\/app\/installations\/(\d+)\/access_tokens$/))) {
        const id = Number(match[1]);
        if (!installations.some((installation) => installation.id === id)) return notFound();
        const token = `ghs_standInInstallation${id}x${nextToken++}${randomUUID().replaceAll('-', '')}`;
        tokens.set(token, id);
        review.tokens.set(token, null);
        return json(201, {
          token,
          expires_at: new Date(Date.now() + 3600_000).toISOString(),
          permissions: { actions: 'read', deployments: 'write', contents: 'read', pull_requests: 'read' },
          repository_selection: 'selected',
        });
      }
      return notFound();
    }

    const token = /^(?:token|bearer) (.+)$/i.exec(call.authorization)?.[1] ?? '';
    const installation = tokens.get(token);
    if (installation === undefined) {
      return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    if (route('GET', /^\/installation\/repositories$/)) {
      const names = installations.find((entry) => entry.id === installation)?.repositories ?? [];
      const repositories = names.map((fullName, index) => {
        const [login = '', name = ''] = fullName.split('/');
        return {
          id: 9000 + index,
          name,
          full_name: fullName,
          owner: { login, type: 'Organization' },
          private: true,
        };
      });
      return paged(path, query, repositories, (page) => ({
        total_count: repositories.length,
        repositories: page,
      }));
    }
    // Other repositories of the installation: no runs, nothing else.
    if (path.startsWith('/repos/') && !path.startsWith(`${prefix}/`)) {
      if (/^\/repos\/[^/]+\/[^/]+\/actions\/runs$/.test(path)) {
        return paged(path, query, [], (page) => ({ total_count: 0, workflow_runs: page }));
      }
      return notFound();
    }
    if (route('GET', new RegExp(`^${prefix}/deployments$`))) {
      const found = deployments
        .filter(
          (deployment) => !query.has('environment') || deployment.environment === query.get('environment'),
        )
        .filter((deployment) => !query.has('sha') || deployment.sha === query.get('sha'))
        .reverse()
        .map((deployment) => ({
          id: deployment.id,
          sha: deployment.sha,
          ref: 'main',
          task: 'deploy',
          environment: deployment.environment,
          created_at: deployment.statuses[0]?.createdAt ?? new Date(0).toISOString(),
          url: `${url}${prefix}/deployments/${deployment.id}`,
        }));
      return paged(path, query, found);
    }
    if ((match = route('GET', new RegExp(`^${prefix}/deployments/(\\d+)/statuses$`)))) {
      const deployment = deployments.find((entry) => entry.id === Number(match![1]));
      if (!deployment) return notFound();
      return paged(
        path,
        query,
        [...deployment.statuses].reverse().map((status, index) => ({
          id: deployment.id * 100 + index,
          state: status.state,
          created_at: status.createdAt,
          environment: deployment.environment,
        })),
      );
    }
    if (route('GET', new RegExp(`^${prefix}/actions/runs$`))) {
      const status = query.get('status');
      const found = [...runs.values()]
        .filter((run) => status === null || run.status === status)
        .sort((a, b) => b.id - a.id)
        .map((run) => ({
          id: run.id,
          name: 'deploy',
          head_sha: run.headSha,
          head_branch: 'main',
          status: run.status,
          conclusion: null,
          event: 'push',
          run_attempt: 1,
          html_url: `https://github.com/${owner}/${repo}/actions/runs/${run.id}`,
        }));
      return paged(path, query, found, (page) => ({ total_count: found.length, workflow_runs: page }));
    }
    if ((match = route('GET', new RegExp(`^${prefix}/actions/runs/(\\d+)/pending_deployments$`)))) {
      const run = runs.get(Number(match[1]));
      if (!run) return notFound();
      return json(
        200,
        [...run.environments]
          .filter(([, state]) => state === 'waiting')
          .map(([name], index) => ({
            environment: {
              id: 700 + index,
              node_id: `EN_${index}`,
              name,
              url: `${url}${prefix}/environments/${name}`,
              html_url: `https://github.com/${owner}/${repo}/deployments/activity_log?environments_filter=${name}`,
            },
            wait_timer: 0,
            wait_timer_started_at: null,
            current_user_can_approve: false,
            reviewers: [],
          })),
      );
    }
    if ((match = route('POST', new RegExp(`^${prefix}/actions/runs/(\\d+)/deployment_protection_rule$`)))) {
      const run = runs.get(Number(match[1]));
      if (!run) return notFound();
      const { environment_name: environment, state, comment } = call.body;
      if (
        typeof environment !== 'string' ||
        (state !== undefined && state !== 'approved' && state !== 'rejected')
      ) {
        return json(422, { message: 'Validation Failed' });
      }
      if (typeof comment === 'string' && comment.length > 1024) {
        return json(422, {
          message: 'Validation Failed',
          errors: [{ message: 'comment is too long (maximum is 1024 characters)' }],
        });
      }
      const entry: ProtectionReview = {
        runId: run.id,
        environment,
        state: String(state ?? ''),
        comment: String(comment ?? ''),
      };
      if (run.environments.get(environment) !== 'waiting' || !guardedEnvironments.has(environment)) {
        refusedReviews.push(entry);
        return json(422, {
          message: `No pending custom deployment protection rule for environment ${environment}`,
        });
      }
      if (state !== undefined) {
        run.environments.set(environment, state);
        reviews.push(entry);
        if ([...run.environments.values()].every((value) => value !== 'waiting')) run.status = 'in_progress';
      }
      return { status: 204 };
    }
    if ((match = route('GET', new RegExp(`^${prefix}/environments/([^/]+)/deployment_protection_rules$`)))) {
      const environment = decodeURIComponent(match[1]!);
      const rules = guardedEnvironments.has(environment)
        ? [
            {
              id: 3,
              node_id: 'CDPR_3',
              enabled: true,
              app: {
                id: Number(appId),
                slug: 'hands-off-gate',
                integration_url: `${url}/apps/hands-off-gate`,
                node_id: 'A_1',
              },
            },
          ]
        : [];
      return json(200, { total_count: rules.length, custom_deployment_protection_rules: rules });
    }
    // The review platform's paths, answered by the review stand-in; its links are rewritten to come back here.
    const forwarded = await fetch(`${review.url}${call.path}`, {
      method: call.method,
      headers: {
        authorization: call.authorization,
        accept: String(request.headers.accept ?? 'application/json'),
        ...(call.method === 'GET' ? {} : { 'content-type': 'application/json' }),
      },
      ...(call.method === 'GET' ? {} : { body: JSON.stringify(call.body) }),
    });
    const text = await forwarded.text();
    const headers: Record<string, string> = {
      'content-type': forwarded.headers.get('content-type') ?? 'application/json',
    };
    const link = forwarded.headers.get('link');
    if (link) headers.link = link.split(review.url).join(url);
    return { status: forwarded.status, body: text === '' ? undefined : { raw: text }, headers };
  };

  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const call: GitHubCall = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: String(request.headers.authorization ?? ''),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      calls.push(call);
      const fault = faults.find(
        (candidate) => candidate.times > 0 && candidate.match.test(`${call.method} ${call.path}`),
      );
      if (fault) fault.times--;
      if (fault?.kind === 'hang') return void hanging.add(response);
      if (fault?.kind === 'status') {
        return void response
          .writeHead(fault.status ?? 502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: 'Server Error' }));
      }
      answer(call, request).then(
        (result) => {
          if (fault?.kind === 'apply-then-hang') return void hanging.add(response);
          const { status, body, headers = {} } = result;
          if (body === undefined) return void response.writeHead(status, headers).end();
          const raw = (body as { raw?: unknown }).raw;
          response
            .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
            .end(typeof raw === 'string' ? raw : JSON.stringify(body));
        },
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    appId,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    owner,
    repo,
    calls,
    review,
    installations,
    runs,
    deployments,
    guardedEnvironments,
    reviews,
    refusedReviews,
    addWaitingRun(id, headSha, environments) {
      runs.set(id, {
        id,
        headSha,
        status: 'waiting',
        environments: new Map(environments.map((name) => [name, 'waiting' as const])),
      });
    },
    inject: (fault) => void faults.push({ ...fault }),
    protectionRulePayload(options) {
      const deploymentId = options.deploymentId ?? 777;
      return {
        action: options.action ?? 'requested',
        environment: options.environment,
        event: 'push',
        deployment_callback_url:
          options.callbackUrl ?? `${url}${prefix}/actions/runs/${options.runId}/deployment_protection_rule`,
        deployment: {
          id: deploymentId,
          url: `${url}${prefix}/deployments/${deploymentId}`,
          sha: options.sha,
          ref: 'main',
          task: 'deploy',
          environment: options.environment,
          creator: { login: 'github-actions[bot]', type: 'Bot' },
        },
        pull_requests: [],
        repository: { id: 9000, name: repo, full_name: `${owner}/${repo}`, owner: { login: owner } },
        installation: {
          id: options.installationId ?? INSTALLATION_ID,
          node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u',
        },
        sender: { login: 'octocat', type: 'User' },
      };
    },
    stop: async () => {
      for (const response of hanging) response.destroy();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await review.stop();
    },
  };
}

/** How a test sends a webhook delivery to the gate. */
export interface WebhookSend {
  secret: string;
  /** The body as sent; a payload object is serialised as GitHub does (compact JSON). */
  payload: Record<string, unknown> | string;
  event?: string;
  deliveryId?: string;
  /** Overrides the signature header: `null` sends none. */
  signature?: string | null;
  path?: string;
}

/** POSTs one signed delivery to the gate as GitHub does (X-GitHub-Event, X-GitHub-Delivery, X-Hub-Signature-256). */
export async function sendWebhook(
  gateUrl: string,
  send: WebhookSend,
): Promise<{ status: number; body: string }> {
  const body = typeof send.payload === 'string' ? send.payload : JSON.stringify(send.payload);
  const signature = send.signature === undefined ? signWebhook(send.secret, body) : send.signature;
  const response = await fetch(`${gateUrl}${send.path ?? '/webhook'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/stand-in',
      'x-github-event': send.event ?? 'deployment_protection_rule',
      'x-github-delivery': send.deliveryId ?? randomUUID(),
      ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
  });
  return { status: response.status, body: (await response.text()).trim() };
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, GitHub's X-Hub-Signature-256. */
export function signWebhook(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
