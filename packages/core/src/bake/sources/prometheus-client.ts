import { CancelledError, InputError, UnavailableError, describeError } from '../../errors.js';
import type { Clock, Sleep } from '../../time/clock.js';
import { isTransientError, retry, type RetryPolicy } from '../../time/retry.js';
import type { Fetch } from '../signal.js';
import { abortable } from '../../time/abortable.js';
import { timeoutSignal } from '../../time/long-timer.js';
import {
  readBoundedBody,
  type BodyOverLimit,
  type BodyWithin,
  type StreamedBody,
} from '../../files/bounded-body.js';
import { formatBytes } from '../../files/input-file.js';
import { isRecord } from '../../json-record.js';

/**
 * An answer from the Prometheus or Alertmanager HTTP API that could not be used: an HTTP error,
 * a body that is not what the API documents, or a transport fault. `retryable` says whether it may
 * pass on its own; `$metadata.httpStatusCode` lets the shared isTransientError classify it too.
 */
export class PrometheusApiError extends UnavailableError {
  /** The HTTP status, when an answer arrived. */
  readonly httpStatus: number | undefined;
  /** Prometheus' `errorType` (`bad_data`, `execution`, `timeout`, ...), when the body had one. */
  readonly errorType: string | undefined;
  /** True for 5xx, 429, timeouts and connection faults; false for 4xx and unusable bodies. */
  readonly retryable: boolean;
  readonly $metadata: { httpStatusCode?: number };

  constructor(
    message: string,
    details: { httpStatus?: number; errorType?: string; retryable: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrometheusApiError';
    this.httpStatus = details.httpStatus;
    this.errorType = details.errorType;
    this.retryable = details.retryable;
    this.$metadata = details.httpStatus === undefined ? {} : { httpStatusCode: details.httpStatus };
  }
}

/**
 * Retry classification for these APIs. Our own errors carry the decision (a 400 `bad_data` parse
 * error never passes on its own, a 503 may); anything else is a transport fault judged by the
 * shared predicate. The shared one alone would also retry a 400 whose message quotes a metric
 * named `throttled_...`, since it matches throttling by message text.
 */
export function isPrometheusRetryable(error: unknown): boolean {
  if (error instanceof CancelledError) return false;
  if (error instanceof PrometheusApiError) return error.retryable;
  return isTransientError(error);
}

/**
 * Retry policy for Prometheus and Alertmanager reads: a few quick attempts well inside one default
 * poll interval (15 s), so a flaky answer is retried but a dead server becomes an ERROR reading
 * promptly and the bake's `error-limit` decides.
 */
export const PROMETHEUS_READ_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 2000,
  deadlineMs: 8000,
  isRetryable: isPrometheusRetryable,
};

/** Default bound on one HTTP attempt, so a server that accepts and never answers cannot hang a poll. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Largest body read from Prometheus or Alertmanager (decoded bytes): 4 MiB. What a bake asks for
 * is much smaller: a rule's firing series over one poll window, a few thousand matching alerts,
 * or raw counter samples (~25 bytes each as JSON), where 4 MiB is ~170,000 samples, e.g. 100
 * series over 7 hours of 15 s scrapes for `traffic`, or a 1 h anomaly baseline of ~700 series.
 * A larger answer means a query that selects far more than it should; it is an ERROR reading,
 * never parsed. Why not more: every streamed byte costs memory until V8's next full collection
 * (see readBoundedBody), and measured with the built CLI against 150 MB answers (bench/
 * prometheus-bodies.ts, rule + traffic + alertmanager, 1 s polls) the bake peaked at ~140 MB with
 * 4 MiB, ~160 MB with 8 MiB and ~178 MB with 16 MiB; the target is under 150 MB.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The fetch these reads need: the shared Fetch, whose answer may offer its body stream and headers. */
export type HttpReadFetch = (
  url: string,
  init?: Parameters<Fetch>[1],
) => Promise<Awaited<ReturnType<Fetch>> & StreamedBody>;

/** Collaborators and settings for HTTP reads against Prometheus or Alertmanager. */
export interface HttpReadOptions {
  /** The global fetch in production; a faulting fake in tests. Any plain Fetch fits. */
  fetch: HttpReadFetch;
  clock: Clock;
  sleep: Sleep;
  /** Defaults to PROMETHEUS_READ_RETRY. */
  retryPolicy?: RetryPolicy;
  /** Bound on each attempt (ms); defaults to DEFAULT_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** Extra request headers, e.g. `Authorization` for a hosted Prometheus. */
  headers?: Record<string, string>;
  /** Called before each retry with a one-line description. */
  onRetry?: (line: string) => void;
  /** Jitter source for retries; Math.random by default. */
  random?: () => number;
  /** Largest body read (bytes); defaults to MAX_BODY_BYTES. Tests lower it. */
  maxBodyBytes?: number;
}

/**
 * GETs `url` and parses its JSON body, retrying transient faults. Returns the parsed body of a
 * 2xx answer; throws PrometheusApiError (with the HTTP status and the server's own message when
 * there is one) for anything else, and CancelledError when `signal` aborts.
 * `describeBody` turns an error body into one line (Prometheus and Alertmanager shape them differently).
 */
export async function getJson(
  url: string,
  what: string,
  options: HttpReadOptions,
  signal?: AbortSignal,
  describeBody: (
    body: unknown,
  ) => { message: string; errorType?: string } | undefined = describePrometheusError,
): Promise<unknown> {
  if (signal?.aborted) throw new CancelledError();
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const attempt = async (): Promise<unknown> => {
    const timeout = timeoutSignal(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let status: number;
    let body: BodyWithin | BodyOverLimit;
    try {
      // Raced against the signal as well: a fetch (or a body) that ignores its signal must not hang the poll.
      const response = await abortable(
        options.fetch(url, {
          method: 'GET',
          headers: { Accept: 'application/json', ...options.headers },
          signal: combined,
        }),
        combined,
      );
      status = response.status;
      body = await readBoundedBody(response, maxBytes, combined);
    } catch (error) {
      if (signal?.aborted) throw new CancelledError('cancelled', { cause: error });
      if (timeout.aborted) {
        throw new PrometheusApiError(
          `${what}: no answer within ${timeoutMs} ms`,
          { retryable: true },
          { cause: error },
        );
      }
      throw new PrometheusApiError(
        `${what}: request failed: ${describeChain(error)}`,
        { retryable: isTransientError(error) },
        { cause: error },
      );
    }
    if (body.overLimit) throw bodyTooLarge(what, status, body, maxBytes);
    return parseAnswer(what, status, body.text, describeBody);
  };
  return retry(what, attempt, options.retryPolicy ?? PROMETHEUS_READ_RETRY, {
    clock: options.clock,
    sleep: options.sleep,
    signal,
    onRetry: options.onRetry,
    random: options.random,
  });
}

/**
 * An answer over the body limit. A 2xx is not retried: the same query gives the same answer, and
 * the next poll asks again anyway. An oversized 5xx or 429 keeps its status' classification.
 */
function bodyTooLarge(
  what: string,
  status: number,
  body: BodyOverLimit,
  maxBytes: number,
): PrometheusApiError {
  const how =
    body.declaredBytes === undefined
      ? `read stopped at ${formatBytes(body.readBytes)}`
      : `Content-Length ${formatBytes(body.declaredBytes)}, not read`;
  return new PrometheusApiError(
    `${what}: HTTP ${status} body exceeds the ${formatBytes(maxBytes)} limit (${how})`,
    { httpStatus: status, retryable: status >= 500 || status === 429 },
  );
}

function parseAnswer(
  what: string,
  status: number,
  text: string,
  describeBody: (body: unknown) => { message: string; errorType?: string } | undefined,
): unknown {
  let body: unknown;
  let parseError: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    parseError = error;
  }
  const ok = status >= 200 && status < 300;
  if (!ok) {
    const described = parseError === undefined ? describeBody(body) : undefined;
    const errorType = described?.errorType;
    const message = described?.message ?? snippet(text);
    throw new PrometheusApiError(
      `${what}: HTTP ${status}${errorType ? ` (${errorType})` : ''}${message ? `: ${message}` : ''}`,
      { httpStatus: status, retryable: status >= 500 || status === 429, ...(errorType ? { errorType } : {}) },
    );
  }
  if (parseError !== undefined) {
    // A 200 that is not JSON usually comes from a proxy or a login page: retrying will not help.
    throw new PrometheusApiError(
      `${what}: HTTP ${status} with a body that is not JSON: ${snippet(text) || '(empty)'}`,
      { httpStatus: status, retryable: false },
      { cause: parseError },
    );
  }
  return body;
}

/** Prometheus error bodies: `{"status":"error","errorType":"bad_data","error":"..."}`. */
function describePrometheusError(body: unknown): { message: string; errorType?: string } | undefined {
  if (!isRecord(body) || typeof body.error !== 'string') return undefined;
  return {
    message: oneLine(body.error),
    ...(typeof body.errorType === 'string' ? { errorType: body.errorType } : {}),
  };
}

/** A time series as returned by a query: its labels and its samples as [epoch ms, value]. */
export interface PrometheusSeries {
  labels: Record<string, string>;
  /** Values may be NaN or ±Infinity (Prometheus sends `"NaN"`, `"+Inf"`, `"-Inf"`): callers decide. */
  samples: Array<[number, number]>;
}

/** Reads from the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`). */
export interface PrometheusClient {
  /** Instant query at `timeMs`; the result must be a vector (one sample per series). */
  query(expr: string, timeMs: number, signal?: AbortSignal): Promise<PrometheusSeries[]>;
  /** Raw samples of a selector in (startMs, endMs]: an instant query of `<selector>[<range>ms]` (a matrix). */
  querySamples(
    selector: string,
    startMs: number,
    endMs: number,
    signal?: AbortSignal,
  ): Promise<PrometheusSeries[]>;
  /** Range query at start, start+step, ... ≤ end; the result must be a matrix. */
  queryRange(
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
    signal?: AbortSignal,
  ): Promise<PrometheusSeries[]>;
}

/** Where Prometheus is, and how to read it. */
export interface PrometheusClientOptions extends HttpReadOptions {
  /** Base URL, e.g. `http://prometheus:9090` or `https://mimir.example.com/prometheus`. */
  url: string;
}

/** Creates a client for the Prometheus HTTP API; every answer is validated before it is returned. */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const base = options.url.replace(/\/+$/, '');
  return {
    async query(expr, timeMs, signal) {
      const params = new URLSearchParams({ query: expr, time: seconds(timeMs) });
      const body = await getJson(`${base}/api/v1/query?${params}`, 'Prometheus query', options, signal);
      return parseResult('Prometheus query', body, 'vector');
    },
    async querySamples(selector, startMs, endMs, signal) {
      const expr = `${selector}[${Math.max(1, Math.round(endMs - startMs))}ms]`;
      const params = new URLSearchParams({ query: expr, time: seconds(endMs) });
      const body = await getJson(`${base}/api/v1/query?${params}`, 'Prometheus query', options, signal);
      return parseResult('Prometheus query', body, 'matrix');
    },
    async queryRange(expr, startMs, endMs, stepMs, signal) {
      const params = new URLSearchParams({
        query: expr,
        start: seconds(startMs),
        end: seconds(endMs),
        step: seconds(stepMs),
      });
      const body = await getJson(
        `${base}/api/v1/query_range?${params}`,
        'Prometheus query_range',
        options,
        signal,
      );
      return parseResult('Prometheus query_range', body, 'matrix');
    },
  };
}

/** Epoch ms as the API's float seconds, to the millisecond. */
function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/**
 * Validates a success body and normalises its series. Anything off (status not `success`, another
 * resultType, a series without labels, a sample that is not [time, "number"]) is an error, so a
 * body we do not understand can never read as "no series" (OK).
 */
function parseResult(what: string, body: unknown, expected: 'vector' | 'matrix'): PrometheusSeries[] {
  const malformed = (problem: string): PrometheusApiError =>
    new PrometheusApiError(`${what}: unexpected answer: ${problem}`, { httpStatus: 200, retryable: false });
  if (!isRecord(body)) throw malformed('the body is not a JSON object');
  if (body.status === 'error') {
    const described = describePrometheusError(body);
    throw new PrometheusApiError(
      `${what}: status "error"${described?.errorType ? ` (${described.errorType})` : ''}: ${described?.message ?? 'no message'}`,
      {
        httpStatus: 200,
        retryable: false,
        ...(described?.errorType ? { errorType: described.errorType } : {}),
      },
    );
  }
  if (body.status !== 'success') throw malformed(`status is ${JSON.stringify(body.status)}, not "success"`);
  const data = body.data;
  if (!isRecord(data)) throw malformed('`data` is missing');
  if (data.resultType !== expected) {
    throw malformed(`resultType is ${JSON.stringify(data.resultType)}, expected "${expected}"`);
  }
  if (!Array.isArray(data.result)) throw malformed('`data.result` is not an array');
  return data.result.map((item: unknown, index): PrometheusSeries => {
    if (!isRecord(item) || !isRecord(item.metric))
      throw malformed(`series ${index} has no \`metric\` labels`);
    for (const [name, value] of Object.entries(item.metric)) {
      if (typeof value !== 'string') throw malformed(`series ${index} label ${name} is not a string`);
    }
    // fromEntries defines own properties: a label named `__proto__` is kept as a label.
    const labels = Object.fromEntries(Object.entries(item.metric)) as Record<string, string>;
    const raw = expected === 'vector' ? [item.value] : item.values;
    if (!Array.isArray(raw)) throw malformed(`series ${index} has no samples array`);
    const samples = raw.map((sample: unknown) => {
      const parsed = parseSample(sample);
      if (parsed === undefined)
        throw malformed(`series ${index} has a malformed sample ${JSON.stringify(sample)}`);
      return parsed;
    });
    return { labels, samples };
  });
}

/** `[1700000000.123, "0.5"]` → [ms, value]; Prometheus spells infinities `+Inf`/`-Inf`, which Number() rejects. */
function parseSample(sample: unknown): [number, number] | undefined {
  if (!Array.isArray(sample) || sample.length !== 2) return undefined;
  const [time, text] = sample as [unknown, unknown];
  if (typeof time !== 'number' || !Number.isFinite(time) || typeof text !== 'string') return undefined;
  let value: number;
  if (text === 'NaN') value = Number.NaN;
  else if (text === '+Inf' || text === 'Inf') value = Number.POSITIVE_INFINITY;
  else if (text === '-Inf') value = Number.NEGATIVE_INFINITY;
  else if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text.trim())) value = Number(text);
  else return undefined;
  return [Math.round(time * 1000), value];
}

/** Formats labels as PromQL shows them: `{code="500", job="shop"}` (sorted, `__name__` first as a prefix). */
export function formatSeries(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((key) => `${key}=${JSON.stringify(rest[key])}`);
  return `${name ?? ''}{${pairs.join(', ')}}`;
}

/** A label matcher as PromQL and Alertmanager write it: `name op "value"`. */
export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Renders a matcher back to text with the value quoted, as the APIs accept it. */
export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}

const MATCHER =
  /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\\n]|\\.)*"|[^\s",{}=!~]+)\s*(?:,|\n|$)/;

/**
 * Scans `name op value` matchers separated by commas or newlines (values quoted, or bare words).
 * Returns undefined when the text is not such a list, so callers can throw their own InputError.
 */
export function scanLabelMatchers(text: string): LabelMatcher[] | undefined {
  const matchers: LabelMatcher[] = [];
  let rest = text.replace(/\r\n?/g, '\n').trim();
  while (rest !== '') {
    const match = MATCHER.exec(rest);
    if (!match) return undefined;
    const [whole, name, op, rawValue] = match as unknown as [string, string, LabelMatcher['op'], string];
    let value = rawValue;
    if (rawValue.startsWith('"')) {
      try {
        value = JSON.parse(rawValue) as string;
      } catch {
        return undefined;
      }
    }
    matchers.push({ name, op, value });
    rest = rest.slice(whole.length).trim();
  }
  return matchers.length > 0 ? matchers : undefined;
}

/**
 * Parses `prometheus <counter selector>` as `traffic` and `anomaly` write it and returns the
 * selector. It must be a metric name and/or `{matchers}` without a range, since the step adds the
 * range itself. Errors name `input` and show `example`.
 */
export function parsePrometheusSelector(input: string, raw: string, example: string): string {
  const match = /^prometheus\s+([\s\S]+)$/.exec(raw.trim());
  if (!match) {
    throw new InputError(
      input,
      `\`${raw}\` does not start with \`prometheus \` followed by a selector`,
      example,
    );
  }
  const selector = (match[1] as string).trim();
  const parts = /^([A-Za-z_:][A-Za-z0-9_:]*)?\s*(?:\{([\s\S]*)\})?$/.exec(selector);
  const name = parts?.[1];
  const inner = parts?.[2];
  const matchersOk = inner === undefined || inner.trim() === '' || scanLabelMatchers(inner) !== undefined;
  if (!parts || (name === undefined && inner === undefined) || !matchersOk) {
    throw new InputError(
      input,
      `\`${selector}\` is not a counter selector (a metric name and/or {label="value", ...}, no range)`,
      example,
    );
  }
  if (name === undefined && (inner === undefined || inner.trim() === '')) {
    throw new InputError(input, 'the selector `{}` selects nothing', example);
  }
  return selector;
}

/** `fetch failed (connect ECONNREFUSED 127.0.0.1:9090)`: undici hides the useful part in `cause`. */
function describeChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    const text = describeError(current);
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !text.includes(code) ? `${text} [${code}]` : text);
    // Not `instanceof Error`: errors from another realm (Node's own, under a test VM) have causes too.
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.join(': ');
}

function snippet(text: string): string {
  const line = oneLine(text);
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Shared URL check for the Prometheus and Alertmanager base URLs. */
export function parseHttpBaseUrl(input: string, raw: string, example: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(input, `\`${raw}\` is not a URL`, example);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(input, `\`${url.protocol}\` is not http or https`, example);
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the value: it holds a credential. fetch refuses such URLs anyway.
    throw new InputError(input, 'the URL must not contain credentials', example);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(
      input,
      `\`${raw}\` must not have a query or fragment: the step adds the API path`,
      example,
    );
  }
  return url.toString().replace(/\/+$/, '');
}
