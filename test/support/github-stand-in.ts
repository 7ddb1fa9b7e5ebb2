import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in received. */
export interface GitHubCall {
  method: string;
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

/** A pull request as the stand-in keeps it (the fields GitHub's REST shapes need). */
export interface StandInPull {
  number: number;
  body: string | null;
  user: string;
  head: { sha: string; ref: string };
  base: { ref: string; sha: string };
  mergedAt: string | null;
  files: { filename: string; previous_filename?: string }[];
}

export interface StandInComment {
  id: number;
  issue: number;
  body: string;
  user: string;
}

export interface StandInStatus {
  id: number;
  state: string;
  context: string;
  description: string;
}

export interface StandInReview {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
}

/** The repository's state, which tests set up and read back (a person's edits are made here). */
export interface StandInRepository {
  pulls: Map<number, StandInPull>;
  comments: StandInComment[];
  /** Statuses by commit, oldest first (the API lists them newest first). */
  statuses: Map<string, StandInStatus[]>;
  reviews: Map<number, StandInReview[]>;
  /** Which pull requests a commit came in through (GET /commits/{sha}/pulls). */
  commitPulls: Map<string, number[]>;
  /** File text by `<ref>:<path>` (GET /contents/{path}?ref=). */
  files: Map<string, string>;
  /** Commit messages between `<base>...<head>` (GET /compare/{basehead}). */
  compare: Map<string, string[]>;
}

/** A loopback stand-in for the GitHub REST API. */
export interface GitHubStandIn {
  url: string;
  calls: GitHubCall[];
  repository: StandInRepository;
  /** Tokens it accepts and whose login they are; `null`: an installation token (GET /user is 403). */
  tokens: Map<string, string | null>;
  /** Answer every request with this status from now on (500 to test an outage). */
  failWith(status: number | undefined): void;
  /** Wait this long before answering each request (to interleave concurrent runs). */
  delay(ms: number): void;
  /** Calls `hook` with each request right before it is answered (a person acting at that moment). */
  beforeAnswer(hook: ((call: GitHubCall) => void) | undefined): void;
  stop(): Promise<void>;
}

/** The token the stand-in knows as the job's GITHUB_TOKEN (`github-actions[bot]`). */
export const ACTIONS_TOKEN = 'ghs_standInActionsToken0123456789';

/**
 * Speaks the real paths and response shapes of GitHub's REST API for deployments, pull requests,
 * their files, issue comments, reviews, commit statuses, contents, compare and
 * commits/{sha}/pulls, reached through GITHUB_API_URL exactly as on a runner. Lists are paged
 * with `per_page` (≤ 100, default 30) and `page`, and a Link header with `next` and `last`;
 * pull request files stop at 3,000 as on GitHub. An unknown token gets 401 Bad credentials.
 */
export async function startGitHubStandIn(owner = 'acme', name = 'shop'): Promise<GitHubStandIn> {
  const calls: GitHubCall[] = [];
  let failure: number | undefined;
  let delayMs = 0;
  let hookBeforeAnswer: ((call: GitHubCall) => void) | undefined;
  let nextId = 1000;
  const repository: StandInRepository = {
    pulls: new Map(),
    comments: [],
    statuses: new Map(),
    reviews: new Map(),
    commitPulls: new Map(),
    files: new Map(),
    compare: new Map(),
  };
  const tokens = new Map<string, string | null>([[ACTIONS_TOKEN, null]]);
  let url = '';
  const prefix = `/repos/${owner}/${name}`;

  const pullShape = (pull: StandInPull) => ({
    id: pull.number + 500_000,
    number: pull.number,
    state: pull.mergedAt ? 'closed' : 'open',
    title: `Pull request ${pull.number}`,
    body: pull.body,
    user: userShape(pull.user),
    head: { sha: pull.head.sha, ref: pull.head.ref, label: `${owner}:${pull.head.ref}` },
    base: { sha: pull.base.sha, ref: pull.base.ref, label: `${owner}:${pull.base.ref}` },
    merged_at: pull.mergedAt,
    merged: pull.mergedAt !== null,
    changed_files: pull.files.length,
    html_url: `https://github.com/${owner}/${name}/pull/${pull.number}`,
  });
  const commentShape = (comment: StandInComment) => ({
    id: comment.id,
    body: comment.body,
    user: userShape(comment.user),
    html_url: `https://github.com/${owner}/${name}/pull/${comment.issue}#issuecomment-${comment.id}`,
  });

  const handle = (request: IncomingMessage, response: ServerResponse, call: GitHubCall): void => {
    const query = new URL(call.path, 'http://stand-in').searchParams;
    const path = new URL(call.path, 'http://stand-in').pathname;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      void response
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        .end(JSON.stringify(body));
    const list = (items: unknown[]) => {
      const perPage = Math.min(100, Number(query.get('per_page') ?? 30) || 30);
      const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
      const last = Math.max(1, Math.ceil(items.length / perPage));
      const link = (n: number) => {
        const next = new URL(call.path, url);
        next.searchParams.set('page', String(n));
        next.searchParams.set('per_page', String(perPage));
        return next.toString();
      };
      const links: Record<string, string> =
        page < last ? { link: `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"` } : {};
      json(200, items.slice((page - 1) * perPage, page * perPage), links);
    };
    const token = /^(?:token|bearer) (.+)$/i.exec(call.authorization)?.[1] ?? '';
    if (!tokens.has(token)) {
      return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    if (failure !== undefined) return json(failure, { message: 'Server Error' });
    const route = (method: string, pattern: RegExp): RegExpExecArray | undefined =>
      call.method === method ? (pattern.exec(path) ?? undefined) : undefined;
    const notFound = () =>
      json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const pullOf = (value: string | undefined) => repository.pulls.get(Number(value));
    let match: RegExpExecArray | undefined;

    if (route('GET', /^\/user$/)) {
      const login = tokens.get(token);
      if (login === null) return json(403, { message: 'Resource not accessible by integration' });
      return json(200, userShape(login ?? ''));
    }
    if (route('POST', new RegExp(`^${prefix}/deployments$`))) {
      return json(201, { id: nextId++, ref: call.body.ref, environment: call.body.environment });
    }
    if (route('POST', new RegExp(`^${prefix}/deployments/\\d+/statuses$`))) {
      return json(201, { id: nextId++, state: call.body.state });
    }
    if ((match = route('GET', new RegExp(`^${prefix}/pulls/(\\d+)$`)))) {
      const pull = pullOf(match[1]);
      return pull ? json(200, pullShape(pull)) : notFound();
    }
    if ((match = route('PATCH', new RegExp(`^${prefix}/pulls/(\\d+)$`)))) {
      const pull = pullOf(match[1]);
      if (!pull) return notFound();
      if (typeof call.body.body === 'string') pull.body = call.body.body;
      return json(200, pullShape(pull));
    }
    if ((match = route('GET', new RegExp(`^${prefix}/pulls/(\\d+)/files$`)))) {
      const pull = pullOf(match[1]);
      if (!pull) return notFound();
      return list(
        pull.files.slice(0, 3000).map((file, index) => ({
          sha: `f${index}`,
          status: file.previous_filename ? 'renamed' : 'modified',
          ...file,
        })),
      );
    }
    if ((match = route('GET', new RegExp(`^${prefix}/pulls/(\\d+)/reviews$`)))) {
      if (!pullOf(match[1])) return notFound();
      return list(
        (repository.reviews.get(Number(match[1])) ?? []).map((review) => ({
          id: review.id,
          user: userShape(review.user),
          state: review.state,
          body: '',
        })),
      );
    }
    if ((match = route('GET', new RegExp(`^${prefix}/issues/(\\d+)/comments$`)))) {
      if (!pullOf(match[1])) return notFound();
      return list(
        repository.comments.filter((comment) => comment.issue === Number(match![1])).map(commentShape),
      );
    }
    if ((match = route('POST', new RegExp(`^${prefix}/issues/(\\d+)/comments$`)))) {
      if (!pullOf(match[1])) return notFound();
      const body = String(call.body.body ?? '');
      if (body.length > 65_536) {
        return json(422, {
          message: 'Validation Failed',
          errors: [{ message: 'body is too long (maximum is 65536 characters)' }],
        });
      }
      const comment = {
        id: nextId++,
        issue: Number(match[1]),
        body,
        user: tokens.get(token) ?? 'github-actions[bot]',
      };
      repository.comments.push(comment);
      return json(201, commentShape(comment));
    }
    if ((match = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path) ?? undefined)) {
      const index = repository.comments.findIndex((comment) => comment.id === Number(match![1]));
      const comment = repository.comments[index];
      if (!comment) return notFound();
      if (call.method === 'GET') return json(200, commentShape(comment));
      if (call.method === 'PATCH') {
        comment.body = String(call.body.body ?? '');
        return json(200, commentShape(comment));
      }
      if (call.method === 'DELETE') {
        repository.comments.splice(index, 1);
        return void response.writeHead(204).end();
      }
    }
    if ((match = route('POST', new RegExp(`^${prefix}/statuses/([0-9a-f]+)$`)))) {
      const state = String(call.body.state ?? '');
      if (!['pending', 'success', 'failure', 'error'].includes(state)) {
        return json(422, { message: 'Validation Failed' });
      }
      const description = String(call.body.description ?? '');
      if (description.length > 140)
        return json(422, { message: 'description is too long (maximum is 140 characters)' });
      const status = { id: nextId++, state, context: String(call.body.context ?? 'default'), description };
      const list = repository.statuses.get(match[1]!) ?? [];
      list.push(status);
      repository.statuses.set(match[1]!, list);
      return json(201, { ...status, url: `${url}${prefix}/statuses/${match[1]}` });
    }
    if ((match = route('GET', new RegExp(`^${prefix}/commits/([^/]+)/statuses$`)))) {
      return list([...(repository.statuses.get(match[1]!) ?? [])].reverse());
    }
    if ((match = route('GET', new RegExp(`^${prefix}/commits/([^/]+)/pulls$`)))) {
      return list(
        (repository.commitPulls.get(match[1]!) ?? [])
          .map((number) => repository.pulls.get(number))
          .filter((pull): pull is StandInPull => pull !== undefined)
          .map(pullShape),
      );
    }
    if ((match = route('GET', new RegExp(`^${prefix}/compare/([^/]+)$`)))) {
      const messages = repository.compare.get(decodeURIComponent(match[1]!));
      if (!messages) return notFound();
      const perPage = Math.min(100, Number(query.get('per_page') ?? 250) || 250);
      const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
      return json(200, {
        status: 'ahead',
        total_commits: messages.length,
        commits: messages
          .slice((page - 1) * perPage, page * perPage)
          .map((message, index) => ({ sha: `c${index}`, commit: { message } })),
      });
    }
    if ((match = route('GET', new RegExp(`^${prefix}/contents/(.+)$`)))) {
      const file = decodeURIComponent(match[1]!);
      const text = repository.files.get(`${query.get('ref') ?? 'main'}:${file}`);
      if (text === undefined) return notFound();
      if (/raw/.test(String(request.headers.accept ?? ''))) {
        return void response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
      }
      return json(200, {
        type: 'file',
        path: file,
        encoding: 'base64',
        content: Buffer.from(text).toString('base64'),
      });
    }
    notFound();
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
      const answer = () => {
        hookBeforeAnswer?.(call);
        handle(request, response, call);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    repository,
    tokens,
    failWith: (status) => void (failure = status),
    delay: (ms) => void (delayMs = ms),
    beforeAnswer: (hook) => void (hookBeforeAnswer = hook),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function userShape(login: string) {
  return { login, id: login.length * 7919, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}
