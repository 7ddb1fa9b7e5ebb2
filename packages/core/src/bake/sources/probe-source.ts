import { InputError, describeError, redactSecrets } from '../../errors.js';
import { redactText } from '../../secrets/redact.js';
import { formatDuration, parseDuration } from '../../inputs/parse-duration.js';
import { splitLines } from '../../inputs/parse-scalars.js';
import type { Clock } from '../../time/clock.js';
import type { Fetch, PollWindow, SignalReading, SignalSource } from '../signal.js';
import { abortable } from '../../time/abortable.js';
import { timeoutSignal } from '../../time/long-timer.js';
import { readBoundedBody, type StreamedBody } from '../../files/bounded-body.js';

/** HTTP methods a probe may use. */
export const PROBE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** One of PROBE_METHODS. */
export type ProbeMethod = (typeof PROBE_METHODS)[number];

/** One synthetic request of the `probes` input: `GET https://api.example.com/health 200 <800ms`. */
export interface Probe {
  method: ProbeMethod;
  /** The URL as written (validated: http or https, no credentials). */
  url: string;
  /** The status that counts as healthy; any other, redirects included, is a breach. */
  status: number;
  /** Slower responses are a breach; undefined when the line sets no bound. */
  latencyBoundMs?: number;
}

/**
 * The fetch a probe needs: the shared Fetch, plus `redirect` so a 302 is judged as a 302, and the body
 * stream so at most BODY_CAP_BYTES are read. The global fetch fits; so does any plain Fetch stub.
 */
export type ProbeFetch = (
  url: string,
  init?: NonNullable<Parameters<Fetch>[1]> & { redirect?: 'manual' },
) => Promise<Awaited<ReturnType<Fetch>> & StreamedBody>;

/** Collaborators and limits of the probe source. */
export interface ProbeSourceOptions {
  probes: readonly Probe[];
  fetch: ProbeFetch;
  clock: Clock;
  /** Upper bound on any one request (ms), whatever the probe's latency bound. */
  timeoutMs?: number;
}

/** Request timeout of a probe without a latency bound. */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/**
 * Longest latency bound: the bound is also the request's timeout, and a probe that may hang for
 * more than an hour is no health check.
 */
export const MAX_PROBE_LATENCY_MS = 3_600_000;

/** Grace beyond a latency bound before giving up, so a slow answer is measured rather than cut short. */
const BOUND_GRACE_MS = 1000;

/** At most this much of a body is read: enough to free the connection, never a large download per poll. */
export const BODY_CAP_BYTES = 64 * 1024;

const EXAMPLE = '`GET https://api.example.com/health 200 <800ms`';
const STATUS = /^[1-5]\d\d$/;

/** Parses the `probes` input: one `<METHOD> <URL> <STATUS> [<LATENCY-BOUND>]` per line. */
export function parseProbes(input: string, raw: string): Probe[] {
  const probes: Probe[] = [];
  const seen = new Map<string, string>();
  for (const line of splitLines(raw)) {
    const probe = parseProbeLine(input, line);
    const id = probeSignalId(probe);
    // The signal id must be unique: two readings under one id would hide one of them in the verdict.
    const earlier = seen.get(id);
    if (earlier === `${probe.method} ${probe.url}`) fail(input, line, `repeats \`${id.slice(6)}\``);
    if (earlier !== undefined) {
      fail(
        input,
        line,
        `shows as \`${id.slice(6)}\` like an earlier probe once credentials are hidden; make the URLs differ elsewhere`,
      );
    }
    seen.set(id, `${probe.method} ${probe.url}`);
    probes.push(probe);
  }
  return probes;
}

function parseProbeLine(input: string, line: string): Probe {
  const parts = line.split(/\s+/);
  if (parts.length < 3 || parts.length > 4) {
    fail(
      input,
      line,
      `has ${parts.length} part${parts.length === 1 ? '' : 's'}, expected method, URL, status and an optional latency bound`,
    );
  }
  const [methodText, urlText, statusText, boundText] = parts as [string, string, string, string | undefined];

  const method = methodText.toUpperCase();
  if (!isProbeMethod(method)) {
    fail(input, line, `\`${methodText}\` is not one of ${PROBE_METHODS.join(', ')}`);
  }

  let url: URL;
  try {
    url = new URL(urlText);
  } catch (error) {
    fail(input, line, `\`${redactText(urlText)}\` is not a URL`, error);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(input, line, `\`${redactText(urlText)}\` is not an http or https URL`);
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in the URL would be printed in every progress line and reason.
    fail(input, line, 'the URL carries credentials; probes must not hold secrets');
  }

  if (!STATUS.test(statusText)) {
    fail(input, line, `\`${statusText}\` is not an HTTP status (100-599)`);
  }
  const status = Number(statusText);

  if (boundText === undefined) return { method, url: urlText, status };
  if (!boundText.startsWith('<')) {
    fail(input, line, `\`${boundText}\` is not a latency bound (\`<\` then a duration)`);
  }
  let latencyBoundMs: number;
  try {
    latencyBoundMs = parseDuration(input, boundText.slice(1), { maxMs: MAX_PROBE_LATENCY_MS });
  } catch (error) {
    fail(
      input,
      line,
      /^(?:\d+(?:ms|s|m|h|d))+$/.test(boundText.slice(1))
        ? `\`${boundText}\` is longer than the longest latency bound, <${formatDuration(MAX_PROBE_LATENCY_MS)}`
        : `\`${boundText}\` is not a latency bound (\`<\` then a duration such as 800ms or 2s)`,
      error,
    );
  }
  if (latencyBoundMs <= 0) fail(input, line, `\`${boundText}\` is not a positive latency bound`);
  return { method, url: urlText, status, latencyBoundMs };
}

function isProbeMethod(text: string): text is ProbeMethod {
  return (PROBE_METHODS as readonly string[]).includes(text);
}

function fail(input: string, line: string, problem: string, cause?: unknown): never {
  throw new InputError(
    input,
    `line \`${redactText(line)}\` ${problem}`,
    EXAMPLE,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * The stable signal id of a probe: `probe:<METHOD> <URL>`, the URL's credentials hidden
 * (`?token=***`). The id is shown in every progress line, reason, summary and checkpoint, so it is
 * clean at the source; only patterns are used, never the masked values, so the id of a probe is the
 * same in every job that resumes its bake.
 */
export function probeSignalId(probe: Probe): string {
  return `probe:${probe.method} ${redactText(probe.url, [])}`;
}

/** The threshold shown in readings and reasons: `200 <800ms`, or `200` without a bound. */
export function probeThreshold(probe: Probe): string {
  return probe.latencyBoundMs === undefined
    ? String(probe.status)
    : `${probe.status} <${formatBound(probe.latencyBoundMs)}`;
}

/** A request's timeout: the latency bound plus 1 s, else 10 s; never above `capMs` when given. */
export function probeTimeoutMs(probe: Probe, capMs?: number): number {
  const own =
    probe.latencyBoundMs === undefined ? DEFAULT_PROBE_TIMEOUT_MS : probe.latencyBoundMs + BOUND_GRACE_MS;
  return capMs === undefined ? own : Math.min(own, capMs);
}

/**
 * The `probes` signal source: each poll sends every probe once, in parallel. The expected status within
 * the bound is OK (value: latency ms); a wrong status, a slow answer, a refused or dropped connection,
 * a DNS failure or a timeout is a BREACH; a poll cancelled through its signal reports ERROR, never OK.
 */
export function createProbeSource(options: ProbeSourceOptions): SignalSource {
  const { probes, fetch, clock, timeoutMs } = options;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new RangeError(`probe timeoutMs must be positive, got ${timeoutMs}`);
  }
  return {
    name: 'probes',
    async poll(_window: PollWindow, signal?: AbortSignal): Promise<SignalReading[]> {
      const readings = await Promise.all(
        probes.map(async (probe) => {
          try {
            return await runProbe(probe, {
              fetch,
              clock,
              timeoutMs: probeTimeoutMs(probe, timeoutMs),
              signal,
            });
          } catch (error) {
            // runProbe handles every failure it knows; this only keeps a bug from throwing out of poll().
            return reading(probe, clock, 'ERROR', `probe failed unexpectedly: ${describeError(error)}`);
          }
        }),
      );
      // A cancelled bake stops judging: an answer that arrived just before the cancel is not evidence
      // the bake may rely on, while a breach already seen is kept.
      if (signal?.aborted) {
        return readings.map((r) =>
          r.state === 'OK' ? { ...r, state: 'ERROR', detail: `cancelled: ${r.detail}` } : r,
        );
      }
      return readings;
    },
  };
}

interface RunDeps {
  fetch: ProbeFetch;
  clock: Clock;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

async function runProbe(probe: Probe, deps: RunDeps): Promise<SignalReading> {
  const { clock, signal } = deps;
  if (signal?.aborted) return reading(probe, clock, 'ERROR', 'cancelled before the request was sent');

  const timeout = timeoutSignal(deps.timeoutMs);
  const combined = signal === undefined ? timeout : AbortSignal.any([timeout, signal]);
  const started = clock.now();
  const elapsed = (): number => Math.max(0, Math.round(clock.now() - started));

  let status: number;
  try {
    // Racing the signal as well guards against an injected fetch that ignores it: a poll never hangs.
    const response = await abortable(
      deps.fetch(probe.url, { method: probe.method, redirect: 'manual', signal: combined }),
      combined,
    );
    status = response.status;
    // Read and dropped, so the connection is released; past the cap it is closed instead.
    await readBoundedBody(response, BODY_CAP_BYTES, combined);
  } catch (error) {
    if (signal?.aborted) return reading(probe, clock, 'ERROR', 'cancelled while waiting for the answer');
    const ms = elapsed();
    if (timeout.aborted) {
      return reading(
        probe,
        clock,
        'BREACH',
        `no answer within ${formatBound(deps.timeoutMs)} (timeout)${slowerThan(probe)}`,
        ms,
      );
    }
    return reading(probe, clock, 'BREACH', `request failed after ${ms}ms: ${describeFailure(error)}`);
  }

  const ms = elapsed();
  if (status !== probe.status) {
    return reading(
      probe,
      clock,
      'BREACH',
      `answered HTTP ${status}, expected ${probe.status} (in ${ms}ms)`,
      status,
    );
  }
  if (probe.latencyBoundMs !== undefined && ms >= probe.latencyBoundMs) {
    return reading(probe, clock, 'BREACH', `HTTP ${status} in ${ms}ms${slowerThan(probe)}`, ms);
  }
  return reading(probe, clock, 'OK', `HTTP ${status} in ${ms}ms`, ms);
}

function reading(
  probe: Probe,
  clock: Clock,
  state: SignalReading['state'],
  detail: string,
  value?: number,
): SignalReading {
  return {
    id: probeSignalId(probe),
    kind: 'probe',
    state,
    ...(value === undefined ? {} : { value }),
    threshold: probeThreshold(probe),
    detail: redactSecrets(detail),
    readAt: clock.now(),
  };
}

function slowerThan(probe: Probe): string {
  return probe.latencyBoundMs === undefined ? '' : `, slower than <${formatBound(probe.latencyBoundMs)}`;
}

/** Exact for any bound: `1500ms` stays `1500ms` where formatDuration would round it to `2s`. */
function formatBound(ms: number): string {
  return ms % 1000 === 0 ? formatDuration(ms) : `${ms}ms`;
}

/**
 * Names the root cause of a failed request: fetch reports `fetch failed` and keeps what happened
 * (`connect ECONNREFUSED`, `getaddrinfo ENOTFOUND`, `other side closed`) in its cause chain.
 */
function describeFailure(error: unknown): string {
  let deepest: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (deepest as { cause?: unknown } | null | undefined)?.cause;
    if (cause === undefined || cause === null) break;
    deepest = cause;
  }
  // Connecting to a name with several addresses fails with an AggregateError whose own message is empty.
  const inner = (deepest as { errors?: unknown } | null | undefined)?.errors;
  const first = Array.isArray(inner) && inner.length > 0 ? (inner[0] as unknown) : undefined;
  const text = describeErrorLike(deepest) || describeErrorLike(first) || describeErrorLike(error);
  const code = (deepest as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})`.trim() : text;
}

/**
 * One line for an error-like value. Duck-typed rather than `instanceof Error`, because errors raised by
 * Node's fetch can come from another realm (a VM context, a bundled copy) and must still read well.
 */
function describeErrorLike(value: unknown): string {
  if (value === undefined || value === null) return '';
  const { name, message } = value as { name?: unknown; message?: unknown };
  if (typeof message !== 'string') return String(value);
  const line = message.split('\n')[0] ?? '';
  if (line === '') return '';
  return typeof name === 'string' && name !== '' && name !== 'Error' ? `${name}: ${line}` : line;
}
