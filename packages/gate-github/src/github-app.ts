import { createAppAuth } from '@octokit/auth-app';
import { request } from '@octokit/request';
import type { getOctokit } from '@actions/github';
import { UnavailableError, describeError } from '@hands-off/core';

/** An Octokit with the REST methods and pagination, as `@actions/github` builds it. */
export type Octokit = ReturnType<typeof getOctokit>;

/** Longest a single GitHub API request may take before the gate gives up on it. */
export const GITHUB_REQUEST_TIMEOUT_MS = 30_000;
/** Largest page GitHub's list endpoints serve. */
export const PER_PAGE = 100;

/** How the gate reaches GitHub as its App. */
export interface GitHubAppOptions {
  appId: string;
  /** The App's private key (PEM): it signs the JWTs that installation tokens are asked for with. */
  privateKey: string;
  /** `https://api.github.com`, a GitHub Enterprise Server's `/api/v3`, or the tests' stand-in. */
  apiUrl: string;
  requestTimeoutMs?: number;
  /** Aborts every request in flight (the gate is shutting down). */
  signal?: AbortSignal;
}

/** Called once for each HTTP request an Octokit makes: the sweep counts its API calls with it. */
export type RequestCounter = () => void;

/** An installation of the App: an account whose repositories it may read and gate. */
export interface AppInstallation {
  id: number;
  account: string;
}

/** A repository an installation gives the App access to. */
export interface InstallationRepository {
  owner: string;
  name: string;
}

/** The gate's GitHub App: installation clients, and what it is installed on. */
export interface GitHubApp {
  readonly appId: string;
  /** An Octokit authenticated as `installationId` (its token comes from a cache until shortly before it expires). */
  installationOctokit(installationId: number, onRequest?: RequestCounter): Promise<Octokit>;
  /** Every installation of the App (GET /app/installations, all pages, as the App itself). */
  listInstallations(onRequest?: RequestCounter): Promise<AppInstallation[]>;
  /** Every repository of one installation (GET /installation/repositories, all pages). */
  listRepositories(installationId: number, onRequest?: RequestCounter): Promise<InstallationRepository[]>;
}

/**
 * The App as GitHub's docs describe it: a JWT signed with its private key (RS256, `iss` = app id)
 * authenticates it as the App; POST /app/installations/{id}/access_tokens exchanges that for an
 * installation token, which @octokit/auth-app caches until shortly before its hour is up. Every
 * request goes to `apiUrl` with a deadline and the gate's abort signal.
 */
export function createGitHubApp(options: GitHubAppOptions): GitHubApp {
  const baseUrl = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  const timedFetch =
    (onRequest?: RequestCounter) =>
    (url: string | URL, init: RequestInit = {}) => {
      onRequest?.();
      const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
      return fetch(url, {
        ...init,
        signal: AbortSignal.any(init.signal ? [init.signal, ...signals] : signals),
      });
    };
  const auth = createAppAuth({
    appId: options.appId,
    privateKey: options.privateKey,
    request: request.defaults({ baseUrl, request: { fetch: timedFetch() } }),
  });
  const octokitWith = async (token: string, onRequest?: RequestCounter): Promise<Octokit> => {
    const github = await import('@actions/github');
    const octokit = github.getOctokit(token, { baseUrl, request: { fetch: timedFetch(onRequest) } });
    octokit.hook.error('request', (error, requestOptions) => {
      throw gitHubError(`${requestOptions.method} ${String(requestOptions.url)}`, error);
    });
    return octokit;
  };
  const appOctokit = async (onRequest?: RequestCounter): Promise<Octokit> => {
    const { token } = await auth({ type: 'app' }).catch((error: unknown) => {
      throw gitHubError('signing the App JWT', error);
    });
    return octokitWith(token, onRequest);
  };
  const installationOctokit = async (
    installationId: number,
    onRequest?: RequestCounter,
  ): Promise<Octokit> => {
    const { token } = await auth({ type: 'installation', installationId }).catch((error: unknown) => {
      throw gitHubError(`POST /app/installations/${installationId}/access_tokens`, error);
    });
    return octokitWith(token, onRequest);
  };
  return {
    appId: options.appId,
    installationOctokit,
    async listInstallations(onRequest) {
      const octokit = await appOctokit(onRequest);
      const installations = await octokit.paginate(octokit.rest.apps.listInstallations, {
        per_page: PER_PAGE,
      });
      return installations.map((installation) => ({
        id: installation.id,
        account: accountName(installation.account),
      }));
    },
    async listRepositories(installationId, onRequest) {
      const octokit = await installationOctokit(installationId, onRequest);
      const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: PER_PAGE,
      });
      return repositories.map((repository) => ({ owner: repository.owner.login, name: repository.name }));
    },
  };
}

/** The HTTP status GitHub answered, when the error carries one (directly or as its cause). */
export function gitHubStatus(error: unknown): number | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth++) {
    const status = (current as { status?: unknown } | null)?.status;
    if (typeof status === 'number') return status;
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return undefined;
}

/**
 * True for failures that may pass on their own: 5xx, 429, and the timeouts and refused or reset
 * connections that Octokit reports as status 500. 4xx answers (a bad token, no permission, a request
 * GitHub refuses) are final.
 */
export function isRetryableGitHubError(error: unknown): boolean {
  const status = gitHubStatus(error);
  return status === undefined ? false : status >= 500 || status === 429;
}

/** One line naming the request and GitHub's answer; the original error stays as the cause. */
function gitHubError(what: string, error: unknown): UnavailableError {
  const status = gitHubStatus(error);
  const because =
    status === 401
      ? 'answered 401: the App is not accepted (wrong app id or private key, or a clock far off)'
      : status === 403 || status === 404
        ? `answered ${status}: the App may lack a permission (actions: read, deployments: read and write, contents: read, pull requests: read) or the resource does not exist`
        : status !== undefined && status !== 500
          ? `answered ${status}`
          : `failed: ${describeError(error)}`;
  return new UnavailableError(`GitHub API ${what} ${because}`, { cause: error });
}

function accountName(account: unknown): string {
  const value = account as { login?: unknown; slug?: unknown } | null;
  return typeof value?.login === 'string' ? value.login : typeof value?.slug === 'string' ? value.slug : '';
}
