import { vectorSelectors } from './promql-selectors.js';
import { CancelledError, InputError, describeError } from '../../errors.js';
import { formatDuration } from '../../inputs/parse-duration.js';
import { splitLines } from '../../inputs/parse-scalars.js';
import {
  DEFAULT_BASELINE_MS,
  judgeAnomaly,
  prometheusAnomalyWindows,
  type PrometheusAnomalyRule,
  type TimeRange,
  type WindowCount,
} from '../anomaly-rule.js';
import type { PollWindow, SignalReading, SignalSource } from '../signal.js';
import {
  createPrometheusClient,
  formatSeries,
  parseHttpBaseUrl,
  parsePrometheusSelector,
  type HttpReadOptions,
  type PrometheusClient,
  type PrometheusSeries,
} from './prometheus-client.js';

/** What `traffic: prometheus <selector>` asks for: the counter whose increase proves traffic. */
export interface PrometheusTraffic {
  /** A counter selector such as `http_requests_total{job="shop", code!~"5.."}`. */
  selector: string;
}

/** Options of the Prometheus signal source. */
export interface PrometheusSourceOptions extends HttpReadOptions {
  /** Base URL of the Prometheus HTTP API (see parsePrometheusUrl). */
  url: string;
  /** PromQL expressions with alerting-rule semantics: any returned series is a breach. */
  rules: string[];
  /** The traffic counter, when `traffic` names a Prometheus selector. */
  traffic?: PrometheusTraffic;
  /** Resolution at which rules are evaluated across the window; default 15 s (a typical rule interval). */
  evaluationStepMs?: number;
  /** Anomaly rules on Prometheus counters (see anomaly-rule.ts). */
  anomaly?: PrometheusAnomalyRule[];
  /** How far before the bake the anomaly baseline reaches; DEFAULT_BASELINE_MS when not given. */
  baselineMs?: number;
}

/** Default rule evaluation step: Prometheus' default evaluation interval. */
export const DEFAULT_EVALUATION_STEP_MS = 15_000;
/** Prometheus refuses a range query of more than 11,000 points per series; stay well under it. */
export const MAX_RANGE_POINTS = 10_000;

/** The threshold a rule reading is judged against, for reasons. */
const ANY_SERIES = 'any series';

/**
 * Creates the `prometheus` signal source: one `prometheus:<expr>` reading per rule, evaluated over
 * the whole poll window, one `traffic` reading when a traffic selector is given, and one
 * `anomaly:<line>` reading per anomaly rule.
 * poll() never throws for a read failure (each affected signal reads ERROR); it rejects only with
 * CancelledError when its signal aborts.
 */
export function createPrometheusSource(options: PrometheusSourceOptions): SignalSource {
  const client = createPrometheusClient(options);
  const stepMs = positive(options.evaluationStepMs, DEFAULT_EVALUATION_STEP_MS);
  const baselineMs = positive(options.baselineMs, DEFAULT_BASELINE_MS);
  // The baseline lies wholly before the bake and does not change: read it once per rule.
  const baselines = new Map<string, WindowCount>();
  return {
    name: 'prometheus',
    async poll(window, signal) {
      if (signal?.aborted) throw new CancelledError();
      const reads: Array<Promise<SignalReading>> = options.rules.map((expr) =>
        readRule(client, expr, window, stepMs, options, signal),
      );
      if (options.traffic) reads.push(readTraffic(client, options.traffic, window, options, signal));
      for (const rule of options.anomaly ?? []) {
        reads.push(readAnomaly(client, rule, window, baselineMs, baselines, options, signal));
      }
      const readings = await Promise.all(reads);
      // A read cut short by the abort is not evidence of anything: report the cancel, not ERROR readings.
      if (signal?.aborted) throw new CancelledError();
      return readings;
    },
  };
}

/**
 * The instants a rule is evaluated at: `to`, `to - step`, ... down to no earlier than `from`, so the
 * last poll instant is always included and consecutive polls leave no gap longer than one step.
 * The step grows when needed so a long window (a resumed checkpoint, a clock jump) stays under
 * MAX_RANGE_POINTS. A window that runs backwards (clock jumped back) is evaluated at `to` only.
 */
export function ruleEvaluationRange(
  window: Pick<PollWindow, 'from' | 'to'>,
  evaluationStepMs: number,
): { startMs: number; endMs: number; stepMs: number; points: number } {
  const endMs = Math.round(window.to);
  const span = Math.max(0, endMs - Math.round(window.from));
  const stepMs = Math.max(Math.ceil(evaluationStepMs), Math.ceil(span / (MAX_RANGE_POINTS - 1)), 1);
  const intervals = Math.floor(span / stepMs);
  return { startMs: endMs - intervals * stepMs, endMs, stepMs, points: intervals + 1 };
}

/** True when some selector has a sample in the rule's evaluation range (one instant query each, stopping at the first). */
async function anySeriesExists(
  client: PrometheusClient,
  selectors: readonly string[],
  range: { startMs: number; endMs: number },
  signal: AbortSignal | undefined,
): Promise<boolean> {
  // Look-back of at least 5 minutes (Prometheus' staleness window): a series scraped every
  // minute exists even when the bake's first window is a few seconds long.
  const lookbackMs = Math.max(5 * 60_000, Math.round(range.endMs - range.startMs));
  for (const selector of selectors) {
    const present = await client.query(
      `count(last_over_time(${selector}[${lookbackMs}ms]))`,
      range.endMs,
      signal,
    );
    // A count: a finite number above 0. Anything else (NaN, a malformed answer) is no evidence.
    if (present.some((series) => series.samples.some(([, value]) => Number.isFinite(value) && value > 0))) {
      return true;
    }
  }
  return false;
}

async function readRule(
  client: PrometheusClient,
  expr: string,
  window: PollWindow,
  evaluationStepMs: number,
  options: PrometheusSourceOptions,
  signal: AbortSignal | undefined,
): Promise<SignalReading> {
  const id = `prometheus:${expr}`;
  const range = ruleEvaluationRange(window, evaluationStepMs);
  try {
    const series = await client.queryRange(expr, range.startMs, range.endMs, range.stepMs, signal);
    const firing = series.filter((s) => s.samples.length > 0);
    const readAt = options.clock.now();
    if (firing.length === 0) {
      // Empty = not firing, but only with evidence that the rule watches something: when none of
      // its selectors has a series in the window (a typo in a metric name), it is NO_DATA.
      const selectors = vectorSelectors(expr);
      if (selectors.length > 0 && !(await anySeriesExists(client, selectors, range, signal))) {
        return {
          id,
          kind: 'prometheus',
          state: 'NO_DATA',
          detail: `no series of ${selectors.join(', ')} over ${describeRange(range)} (is a metric name misspelt?)`,
          readAt: options.clock.now(),
        };
      }
      return {
        id,
        kind: 'prometheus',
        state: 'OK',
        value: 0,
        threshold: ANY_SERIES,
        detail: `no series over ${describeRange(range)}`,
        readAt,
      };
    }
    const first = firing[0] as PrometheusSeries;
    const [at, value] = peak(first);
    return {
      id,
      kind: 'prometheus',
      state: 'BREACH',
      value: firing.length,
      threshold: ANY_SERIES,
      detail:
        `${firing.length} series returned over ${describeRange(range)}; ` +
        `${formatSeries(first.labels)} = ${formatValue(value)} at ${new Date(at).toISOString()}`,
      readAt,
    };
  } catch (error) {
    if (error instanceof CancelledError || signal?.aborted)
      throw new CancelledError('cancelled', { cause: error });
    return errorReading(id, 'prometheus', error, options);
  }
}

/**
 * Reads the traffic count: the requests a counter recorded between its scrapes since the bake
 * started. The issue sketched `sum(increase(<selector>[<elapsed>s]))`, but `increase` extrapolates
 * to the edges of its range and reads high early in a bake (measured: 40 requests read as 60 with
 * 1 s scrapes over 3 s), which could meet `min-traffic` without the traffic. So the raw samples in
 * the bake are read instead (`<selector>[<elapsed>ms]` at now, an instant query; Prometheus 2.x
 * includes a sample stamped exactly at the bake start, which only serves as the baseline) and each
 * series' increase is summed between consecutive samples, following counter resets (a restarted
 * instance starts again at 0). No earlier sample is in the range, and the requests served
 * before the first scrape after the bake start are missed: the count can only err low. A series
 * needs two samples to count; no series with two samples is NO_DATA, never 0.
 */
async function readTraffic(
  client: PrometheusClient,
  traffic: PrometheusTraffic,
  window: PollWindow,
  options: PrometheusSourceOptions,
  signal: AbortSignal | undefined,
): Promise<SignalReading> {
  const base = { id: 'traffic', kind: 'traffic' as const };
  const elapsedMs = window.to - window.bakeStart;
  if (elapsedMs <= 0) {
    return { ...base, state: 'NO_DATA', detail: 'the bake has just started', readAt: options.clock.now() };
  }
  try {
    const series = await client.querySamples(traffic.selector, window.bakeStart, window.to, signal);
    const readAt = options.clock.now();
    const counted = series.filter((s) => s.samples.length >= 2);
    if (counted.length === 0) {
      return {
        ...base,
        state: 'NO_DATA',
        detail: `${traffic.selector} has no two samples since the bake started`,
        readAt,
      };
    }
    const total = counted.reduce((sum, s) => sum + rawIncrease(s.samples.map(([, value]) => value)), 0);
    if (!Number.isFinite(total) || total < 0) {
      // NaN or ±Inf is no count at all; reporting it as OK (or as 0) would invent evidence.
      return {
        ...base,
        state: 'NO_DATA',
        detail: `${traffic.selector} gave ${formatValue(total)}, which is not a request count`,
        readAt,
      };
    }
    return {
      ...base,
      state: 'OK',
      value: total,
      detail: `${formatValue(total)} requests counted by ${traffic.selector} since the bake started (${counted.length} series)`,
      readAt,
    };
  } catch (error) {
    if (error instanceof CancelledError || signal?.aborted)
      throw new CancelledError('cancelled', { cause: error });
    return errorReading('traffic', 'traffic', error, options);
  }
}

/**
 * Reads one anomaly rule: the counter's raw increase (as for traffic) over the baseline window
 * (an instant query at the bake start reaching `baseline` back) and over the current window (the
 * last min(elapsed, 5m), at now), judged by judgeAnomaly. A baseline with data is kept for the
 * next polls. No series with two samples in a window is no data for it, never a count of 0: a
 * counter whose series vanished cannot be told from one that stopped.
 */
async function readAnomaly(
  client: PrometheusClient,
  rule: PrometheusAnomalyRule,
  window: PollWindow,
  baselineMs: number,
  baselines: Map<string, WindowCount>,
  options: PrometheusSourceOptions,
  signal: AbortSignal | undefined,
): Promise<SignalReading> {
  const base = { id: rule.id, kind: 'anomaly' as const };
  const windows = prometheusAnomalyWindows(window.bakeStart, window.to, baselineMs);
  const current = windows.current;
  if (current === undefined) {
    return { ...base, state: 'NO_DATA', detail: 'the bake has just started', readAt: options.clock.now() };
  }
  const { selector } = rule.signal;
  const key = `${window.bakeStart}\u0000${rule.id}`;
  try {
    const countIn = async (range: TimeRange, what: string): Promise<WindowCount> => {
      const series = await client.querySamples(selector, range.start, range.end, signal);
      const counted = series.filter((s) => s.samples.length >= 2);
      if (counted.length === 0) return { missing: `${selector} has no two samples in the ${what}` };
      const total = counted.reduce((sum, s) => sum + rawIncrease(s.samples.map(([, value]) => value)), 0);
      if (!Number.isFinite(total) || total < 0) {
        return { missing: `${selector} gave ${formatValue(total)} in the ${what}, which is not a count` };
      }
      return { count: total, minutes: (range.end - range.start) / 60_000 };
    };
    const [baseline, now] = await Promise.all([
      baselines.get(key) ?? countIn(windows.baseline, `${formatDuration(baselineMs)} before the bake`),
      countIn(current, 'current window'),
    ]);
    if (!('missing' in baseline)) baselines.set(key, baseline);
    return { ...base, ...judgeAnomaly(rule.condition, baseline, now), readAt: options.clock.now() };
  } catch (error) {
    if (error instanceof CancelledError || signal?.aborted)
      throw new CancelledError('cancelled', { cause: error });
    return errorReading(rule.id, 'anomaly', error, options);
  }
}

/**
 * A counter's increase over consecutive samples: a drop is a reset, after which it counted from 0.
 * Any NaN or infinite sample makes the whole result NaN (no count), wherever it stands.
 */
export function rawIncrease(values: readonly number[]): number {
  if (values.some((value) => !Number.isFinite(value))) return Number.NaN;
  let total = 0;
  for (let i = 1; i < values.length; i++) {
    const previous = values[i - 1] as number;
    const current = values[i] as number;
    total += current >= previous ? current - previous : current;
  }
  return total;
}

function errorReading(
  id: string,
  kind: 'prometheus' | 'traffic' | 'anomaly',
  error: unknown,
  options: PrometheusSourceOptions,
): SignalReading {
  return { id, kind, state: 'ERROR', detail: describeError(error), readAt: options.clock.now() };
}

/** The sample that best explains a breach: the largest finite value, else the last one. */
function peak(series: PrometheusSeries): [number, number] {
  let best = series.samples[series.samples.length - 1] as [number, number];
  for (const sample of series.samples) {
    if (Number.isFinite(sample[1]) && !(sample[1] <= best[1])) best = sample;
  }
  return best;
}

function describeRange(range: { startMs: number; endMs: number; stepMs: number; points: number }): string {
  const start = new Date(range.startMs).toISOString();
  const end = new Date(range.endMs).toISOString();
  return range.points === 1
    ? `${end}`
    : `${start} → ${end} (${range.points} points, step ${range.stepMs / 1000}s)`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(6)));
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Parses `traffic: prometheus <counter selector>` (e.g. `prometheus http_requests_total{job="shop"}`).
 * Only the `prometheus` form is handled here; see parsePrometheusSelector.
 */
export function parsePrometheusTraffic(
  input: string,
  raw: string,
  example = '`prometheus http_requests_total{job="shop"}`',
): PrometheusTraffic {
  return { selector: parsePrometheusSelector(input, raw, example) };
}

/** Parses `prometheus-url`: an http(s) URL without credentials, query or fragment; returned without a trailing slash. */
export function parsePrometheusUrl(input: string, raw: string): string {
  return parseHttpBaseUrl(input, raw, '`http://prometheus.monitoring:9090`');
}

/** Parses `prometheus-rules`: one PromQL expression per line (`#` lines are comments). */
export function parsePrometheusRules(input: string, raw: string): string[] {
  const rules = splitLines(raw);
  if (rules.length === 0) {
    throw new InputError(
      input,
      'no PromQL expression given',
      '`sum(rate(http_requests_total{code=~"5.."}[5m])) > 1`',
    );
  }
  return rules;
}
