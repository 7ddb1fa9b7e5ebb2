import {
  boundErrorText,
  CancelledError,
  retry,
  UnavailableError,
  type Clock,
  type RetryPolicy,
  type Sleep,
} from '@hands-off/core';

/** Longest one request to GitLab may take: a hung connection fails the attempt, not the sweep. */
export const GITLAB_REQUEST_TIMEOUT_MS = 30_000;
/** Largest page GitLab's list endpoints serve. */
export const GITLAB_PER_PAGE = 100;
/** Largest answer read: a config or calendar file (core refuses configs over 4 MB) with room to spare. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** GitLab's own message in an error line is cut here: it explains, the line stays short. */
const MAX_MESSAGE_CHARS = 300;

/**
 * How a GitLab request that may pass on its own is repeated: a few attempts within a minute. A
 * scheduled sweep runs again minutes later, so a longer wait buys nothing.
 */
export const GITLAB_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  deadlineMs: 60_000,
  isRetryable: isRetryableGitLabError,
};

/** A request GitLab refused or did not answer: the HTTP status, absent when no answer came. */
export class GitLabApiError extends UnavailableError {
  readonly status: number | undefined;

  constructor(message: string, status: number | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GitLabApiError';
    this.status = status;
  }
}

/** 5xx, 429, timeouts and refused or reset connections may pass; any other answer is GitLab's final word. */
export function isRetryableGitLabError(error: unknown): boolean {
  if (!(error instanceof GitLabApiError)) return false;
  return error.status === undefined || error.status >= 500 || error.status === 429;
}

/** An answer with a 2xx status. */
export interface GitLabAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export interface GitLabClientOptions {
  /** CI_API_V4_URL, e.g. `https://gitlab.com/api/v4`. */
  apiUrl: string;
  /** Sent as `PRIVATE-TOKEN`; never logged (the caller registers it as a secret). */
  token: string;
  clock: Clock;
  sleep: Sleep;
  requestTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  random?: () => number;
  /** Aborts every request in flight: the sweep is shutting down. */
  signal?: AbortSignal;
  /** A line for each retried attempt. */
  onRetry?: (line: string) => void;
}

/**
 * GitLab's REST API v4 through the global fetch: a `PRIVATE-TOKEN` header, a timeout per request,
 * JSON bodies, lists read page by page (`per_page`/`page`, X-Next-Page). Paths are relative to the
 * API root (`/projects/42/deployments`). `send` makes one attempt; `get` and the lists repeat
 * transient failures, which is safe because a GET changes nothing.
 */
export class GitLabClient {
  /** HTTP requests sent so far, every attempt counted. */
  requests = 0;
  private readonly options: GitLabClientOptions;
  private readonly apiUrl: string;

  constructor(options: GitLabClientOptions) {
    this.options = options;
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
  }

  /** One attempt: the 2xx answer, or a GitLabApiError with GitLab's status and message. */
  async send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<GitLabAnswer> {
    const { signal } = this.options;
    const what = `GitLab API ${method} ${path.replace(/\?.*$/, '')}`;
    if (signal?.aborted) throw new CancelledError(`${what}: cancelled`);
    const timeoutMs = this.options.requestTimeoutMs ?? GITLAB_REQUEST_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    this.requests++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: {
          'PRIVATE-TOKEN': this.options.token,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await readBody(response, what);
    } catch (error) {
      if (error instanceof GitLabApiError) throw error;
      if (signal?.aborted) throw new CancelledError(`${what}: cancelled`, { cause: error });
      const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : describeFetchFailure(error);
      throw new GitLabApiError(`${what} failed: ${why}`, undefined, { cause: error });
    }
    if (response.status < 200 || response.status > 299) {
      throw new GitLabApiError(
        `${what} answered ${response.status}${gitLabMessage(text)}${hintFor(response.status)}`,
        response.status,
      );
    }
    return { status: response.status, headers: response.headers, body: text };
  }

  /** A GET, repeated on transient failures. */
  get(path: string): Promise<GitLabAnswer> {
    return retry(`GET ${path.replace(/\?.*$/, '')}`, () => this.send('GET', path), this.retryPolicy, {
      clock: this.options.clock,
      sleep: this.options.sleep,
      signal: this.options.signal,
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
    });
  }

  /** A GET whose answer is JSON. */
  async getJson<T>(path: string): Promise<T> {
    return parseJson<T>(await this.get(path), path);
  }

  /** One attempt at a GET whose answer is JSON: for reads inside a caller's own retry loop. */
  async sendGetJson<T>(path: string): Promise<T> {
    return parseJson<T>(await this.send('GET', path), path);
  }

  /**
   * The pages of a list, in GitLab's order, until X-Next-Page is empty or `maxPages` were read. A
   * caller that found what it looked for stops early and reads no further page.
   */
  async *pages<T>(path: string, maxPages: number): AsyncGenerator<T[]> {
    const joiner = path.includes('?') ? '&' : '?';
    for (let page = 1, read = 0; page > 0 && read < maxPages; read++) {
      const answer = await this.get(`${path}${joiner}per_page=${GITLAB_PER_PAGE}&page=${page}`);
      const items = parseJson<unknown>(answer, path);
      if (!Array.isArray(items)) {
        throw new GitLabApiError(`GitLab API GET ${path.replace(/\?.*$/, '')} did not answer a list`, 200);
      }
      yield items as T[];
      page = Number(answer.headers.get('x-next-page') || 0);
    }
  }

  /** Every item of a list (at most `maxPages` pages of 100). */
  async listAll<T>(path: string, maxPages: number): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(path, maxPages)) items.push(...page);
    return items;
  }

  private get retryPolicy(): RetryPolicy {
    return this.options.retryPolicy ?? GITLAB_RETRY;
  }
}

/** `/projects/<id or URL-encoded path>`. */
export function projectApiPath(project: string): string {
  return `/projects/${encodeURIComponent(project)}`;
}

async function readBody(response: Response, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new GitLabApiError(
      `${what} answered ${declared} bytes, more than ${MAX_BODY_BYTES}`,
      response.status,
    );
  }
  const text = await response.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new GitLabApiError(`${what} answered more than ${MAX_BODY_BYTES} bytes`, response.status);
  }
  return text;
}

function parseJson<T>(answer: GitLabAnswer, path: string): T {
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    throw new GitLabApiError(
      `GitLab API GET ${path.replace(/\?.*$/, '')} answered ${answer.status} with a body that is not JSON`,
      answer.status,
    );
  }
}

/** `: <GitLab's message>` from an error body (`{"message": …}` or Grape's `{"error": …}`), when it has one. */
function gitLabMessage(text: string): string {
  let message: unknown;
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    message = body.message ?? body.error;
  } catch {
    return '';
  }
  if (message === undefined || message === null) return '';
  const shown = typeof message === 'string' ? message : JSON.stringify(message);
  return `: ${boundErrorText(shown, MAX_MESSAGE_CHARS)}`;
}

function hintFor(status: number): string {
  if (status === 401) return ' (the token is not accepted: expired, revoked or mistyped?)';
  if (status === 403) return ' (the token lacks the `api` scope or its user the role this needs)';
  return '';
}

/** Node's fetch says `fetch failed` and keeps the reason (ECONNREFUSED, a reset) in its cause. */
function describeFetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  const message = error instanceof Error ? error.message : String(error);
  return detail === '' ? message : `${message} (${detail})`;
}
