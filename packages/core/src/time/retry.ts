import type { Clock, Sleep } from './clock.js';
import { describeError } from '../errors.js';

/** How an operation is retried: which errors, how often, and the overall deadline. */
export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  /** First backoff; doubles per attempt up to maxDelayMs, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No attempt starts after this long from the first one. */
  deadlineMs: number;
  /** True when the error may pass on its own (throttling, 5xx, timeouts, refused connections). */
  isRetryable: (error: unknown) => boolean;
}

/** Collaborators of retry, injected so tests pin time and randomness. */
export interface RetryDeps {
  clock: Clock;
  sleep: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each backoff with a one-line description. */
  onRetry?: (line: string) => void;
}

/**
 * Runs `operation`, retrying retryable errors with capped, fully jittered exponential backoff
 * until it succeeds, the attempts run out or the deadline passes; then rethrows the last error.
 */
export async function retry<T>(
  what: string,
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<T> {
  const random = deps.random ?? Math.random;
  const deadline = deps.clock.now() + policy.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !policy.isRetryable(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const backoff = Math.round(random() * ceiling);
      if (deps.clock.now() + backoff >= deadline) throw error;
      deps.onRetry?.(
        `${what}: attempt ${attempt}/${policy.maxAttempts} failed (${describeError(error)}); retrying in ${backoff} ms`,
      );
      await deps.sleep(backoff, deps.signal);
    }
  }
}

const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'TimeoutError',
  'RequestTimeout',
]);
const THROTTLING = /throttl|rate exceeded|too many requests|slow ?down|requestlimitexceeded/i;
/** Connection faults by message: the SDK sometimes wraps them in an error without a `code`. */
const CONNECTION_FAULT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up/;

/**
 * Classifies an error from an AWS SDK call or an HTTP fetch: throttling, 5xx, timeouts and
 * connection faults are retryable; 4xx answers (access denied, validation) are not.
 */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    cause?: unknown;
  };
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (e.$retryable !== undefined) return true;
  if (THROTTLING.test(`${e.name ?? ''} ${e.message ?? ''}`)) return true;
  if (status === undefined && CONNECTION_FAULT.test(e.message ?? '')) return true;
  if ((e.code && RETRYABLE_CODES.has(e.code)) || (e.name && RETRYABLE_CODES.has(e.name))) return true;
  if (status === undefined && e.cause !== undefined && e.cause !== error) return isTransientError(e.cause);
  return false;
}
