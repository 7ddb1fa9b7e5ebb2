import { verify } from '@octokit/webhooks-methods';
import type { ExpiringKeySet } from './expiring-key-set.js';

/** Largest webhook body read: a `deployment_protection_rule` payload is a few KB; GitHub caps payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** One HTTP delivery as received, independent of the server that received it. */
export interface WebhookDelivery {
  /** Header names in lower case (Node's http and Lambda function URLs both give them so). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body exactly as sent: the signature covers these bytes. */
  body: Buffer;
}

/** A deployment waiting on the gate's rule: what the webhook names, checked against the callback URL. */
export interface WaitingDeployment {
  owner: string;
  repo: string;
  /** The workflow run whose job waits; the decision is POSTed to this run. */
  runId: number;
  environment: string;
  /** The commit deployed: the config, the review and the previous wave are read at it. */
  sha: string;
  /** GitHub's deployment id, when known (the webhook names it; a sweep does not need it). */
  deploymentId?: number;
  installationId: number;
}

/** The HTTP answer to one delivery, and the waiting deployment to decide once it has been sent. */
export interface WebhookAnswer {
  status: number;
  /** A short plain-text line: GitHub shows it in the delivery's log. */
  body: string;
  accepted?: WaitingDeployment;
}

/** What checking a delivery needs. */
export interface WebhookCheck {
  secret: string;
  /** The GitHub API the gate talks to (`https://api.github.com`, `https://ghe.example.com/api/v3`). */
  apiUrl: string;
  /** Delivery ids already accepted: a replayed delivery changes nothing. */
  deliveries: ExpiringKeySet;
  maxBytes?: number;
}

/** Characters a webhook's environment name may hold: GitHub allows at most 255. */
const MAX_ENVIRONMENT_CHARS = 255;
/** A commit id: SHA-1 (40 hex) or SHA-256 (64 hex). */
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** `X-GitHub-Delivery` is a GUID; anything bounded and printable is kept as the dedup key. */
const DELIVERY_ID = /^[\x21-\x7e]{1,100}$/;

/**
 * Checks one webhook delivery and says how to answer it, before anything else happens:
 * - a body over the limit is 413, unread beyond it;
 * - the `X-Hub-Signature-256` HMAC of the raw body must match the secret (compared in constant
 *   time) before a byte of it is parsed: anything unsigned or signed otherwise is 401;
 * - a delivery id seen before is answered 200 `duplicate` and nothing else happens (GitHub
 *   redelivers, and an attacker may replay a captured delivery);
 * - other events, and `deployment_protection_rule` actions other than `requested`, are 202 and ignored;
 * - the `deployment_callback_url` must be this API's review endpoint for the payload's own
 *   repository (400 otherwise): the decision is POSTed there, and a run id taken from anywhere
 *   else could make the gate answer for another repository's run.
 * An accepted request is answered 202 at once; the decision runs after the answer has been sent.
 */
export async function checkWebhookDelivery(
  delivery: WebhookDelivery,
  check: WebhookCheck,
): Promise<WebhookAnswer> {
  const maxBytes = check.maxBytes ?? MAX_WEBHOOK_BYTES;
  if (delivery.body.length > maxBytes) return { status: 413, body: `payload larger than ${maxBytes} bytes` };
  const signature = header(delivery, 'x-hub-signature-256');
  if (signature === '' || delivery.body.length === 0) return { status: 401, body: 'missing signature' };
  // The HMAC is computed over the text as UTF-8: a body that is not valid UTF-8 cannot match.
  const text = delivery.body.toString('utf8');
  if (!(await verify(check.secret, text, signature)))
    return { status: 401, body: 'signature does not match' };

  const deliveryId = header(delivery, 'x-github-delivery');
  if (!DELIVERY_ID.test(deliveryId)) return { status: 400, body: 'missing or malformed X-GitHub-Delivery' };
  if (!check.deliveries.addIfAbsent(deliveryId)) return { status: 200, body: 'duplicate delivery, ignored' };

  const event = header(delivery, 'x-github-event');
  if (event === 'ping') return { status: 200, body: 'pong' };
  if (event !== 'deployment_protection_rule')
    return { status: 202, body: `event ${printable(event)} ignored` };
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return { status: 400, body: 'payload is not JSON' };
  }
  const action = field(payload, 'action');
  if (action !== 'requested') return { status: 202, body: `action ${printable(String(action))} ignored` };
  const parsed = waitingDeploymentOf(payload, check.apiUrl);
  if (typeof parsed === 'string') return { status: 400, body: parsed };
  return { status: 202, body: 'accepted', accepted: parsed };
}

/** The waiting deployment a `requested` payload names, or why it cannot be trusted. */
function waitingDeploymentOf(payload: unknown, apiUrl: string): WaitingDeployment | string {
  const environment = field(payload, 'environment');
  if (typeof environment !== 'string' || environment === '' || environment.length > MAX_ENVIRONMENT_CHARS) {
    return 'payload has no valid environment';
  }
  const fullName = field(payload, 'repository', 'full_name');
  const [owner = '', repo = '', ...rest] = typeof fullName === 'string' ? fullName.split('/') : [];
  if (owner === '' || repo === '' || rest.length > 0) return 'payload has no valid repository.full_name';
  const sha = field(payload, 'deployment', 'sha');
  if (typeof sha !== 'string' || !COMMIT_SHA.test(sha)) return 'payload has no valid deployment.sha';
  const deploymentId = field(payload, 'deployment', 'id');
  if (!isPositiveInteger(deploymentId)) return 'payload has no valid deployment.id';
  const installationId = field(payload, 'installation', 'id');
  if (!isPositiveInteger(installationId)) return 'payload has no valid installation.id';
  const callback = field(payload, 'deployment_callback_url');
  const runId = typeof callback === 'string' ? runIdOfCallback(callback, apiUrl, owner, repo) : undefined;
  if (runId === undefined) {
    return `deployment_callback_url is not ${apiUrl}/repos/${owner}/${repo}/actions/runs/<run id>/deployment_protection_rule`;
  }
  return { owner, repo, runId, environment, sha, deploymentId, installationId };
}

/**
 * The run id in `/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule` under
 * the configured API URL (same scheme, host, port and path prefix), for this repository only.
 */
export function runIdOfCallback(
  callback: string,
  apiUrl: string,
  owner: string,
  repo: string,
): number | undefined {
  let url: URL;
  let api: URL;
  try {
    url = new URL(callback);
    api = new URL(apiUrl);
  } catch {
    return undefined;
  }
  if (url.origin !== api.origin || url.search !== '' || url.hash !== '' || url.username || url.password) {
    return undefined;
  }
  const prefix = api.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(`${prefix}/`)) return undefined;
  const match =
    /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/([1-9]\d{0,18})\/deployment_protection_rule$/.exec(
      url.pathname.slice(prefix.length),
    );
  if (!match) return undefined;
  // GitHub treats owner and repository names case-insensitively.
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (!same(match[1] ?? '', owner) || !same(match[2] ?? '', repo)) return undefined;
  const runId = Number(match[3]);
  return Number.isSafeInteger(runId) ? runId : undefined;
}

function header(delivery: WebhookDelivery, name: string): string {
  const value = delivery.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** A header or payload value as an answer may show it: short, printable. */
function printable(text: string): string {
  return JSON.stringify(text.slice(0, 60));
}
