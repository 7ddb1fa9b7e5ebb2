/**
 * Anomaly rules: `<signal> drops to zero` or `<signal> rises <k>x`, one per line of `anomaly`, where
 * `<signal>` is written as in `traffic` (`cloudwatch <Namespace> <MetricName> [<Dim>=<Value> ...]`
 * or `prometheus <counter selector>`), judged every poll against a baseline read from before the bake.
 *
 * How a rule is judged:
 *
 * - Windows. The baseline window is [bake start − `baseline`, bake start) (`baseline` defaults to
 *   `1h`; at least `5m`, at most `1d`). The current window is the last min(elapsed, 5m) of the bake.
 * - Counts. On CloudWatch a count is the Sum of the metric's per-minute datapoints (Period 60, one
 *   GetMetricData call per poll for all metrics), whole minutes only: the baseline holds the whole
 *   minutes inside [bake start − `baseline`, bake start); the current window holds the last whole
 *   minutes of the bake that ended at least 2 minutes ago (CloudWatch fills datapoints late; a
 *   minute read too early would look like a drop), at most 5, never the minute in which the bake
 *   started unless it started on the minute. Until such a minute exists the rule is NO_DATA
 *   ("no whole minute yet"). On Prometheus the windows are exact and a count is the
 *   counter's raw increase between the samples inside the window, summed over the selector's series
 *   and following resets, never extrapolated (so it can err low by up to one scrape interval per
 *   series).
 * - Rates. Both counts are compared as per-minute rates: baseline rate = baseline count / baseline
 *   minutes; current rate = current count / current-window minutes. The reading's value is the
 *   current rate per minute.
 * - `drops to zero`: BREACH when the baseline rate is at least 1/min (there was real traffic) and
 *   the current count is 0 over a current window of at least 2 minutes. A baseline rate below
 *   1/min is OK with "baseline below 1/min: a drop cannot be told from quiet". Anything else is OK,
 *   a count of 0 over a window shorter than 2 minutes included. Threshold shown as
 *   `> 0/min (baseline 40/min)`.
 * - `rises <k>x` (k a number above 1, e.g. `3x`, `1.5x`): BREACH when the current rate is above
 *   k × the baseline rate and the current window holds at least 10 events. Below 10 events in the
 *   current window a rise is noise: OK. A baseline of zero events with 10 or more in the current
 *   window is a breach. Threshold shown as `> 3 × 12.5/min (baseline)`.
 * - No data. No baseline data (no datapoint, or no series with two samples, in the baseline window)
 *   is NO_DATA, never OK, whatever the current window holds. For the current window the backends
 *   differ, because only one of them can tell "zero" from "nothing". CloudWatch omits the minutes
 *   in which a sparse metric recorded nothing, so once the baseline had data (the metric exists)
 *   no datapoint in the current window is a count of 0, for both conditions: a drop to zero, and
 *   no rise. Prometheus keeps the series of a live counter, so no series with two samples in the
 *   current window is NO_DATA, for both conditions (the target or the metric is gone, which a zero
 *   count cannot be told from): a missing series is never a drop there, nor proof of no rise.
 * - Bad numbers. A CloudWatch datapoint that is not a finite Sum ≥ 0 makes the rule ERROR; a NaN or
 *   infinite Prometheus sample makes that window NO_DATA (it is no count).
 */
import { InputError } from '../errors.js';
import { formatDuration, parseDuration } from '../inputs/parse-duration.js';
import { splitLines } from '../inputs/parse-scalars.js';
import type { SignalState } from './signal.js';
import { parseCloudWatchMetric, type CloudWatchMetric } from './sources/cloudwatch-metric.js';
import { parsePrometheusSelector } from './sources/prometheus-client.js';

/** A metric as `traffic` and `anomaly` write it: a CloudWatch metric or a Prometheus counter selector. */
export type MetricSignal =
  { backend: 'cloudwatch'; metric: CloudWatchMetric } | { backend: 'prometheus'; selector: string };

/** What a rule watches for. */
export type AnomalyCondition = { kind: 'drops-to-zero' } | { kind: 'rises'; factor: number };

/** One line of `anomaly`, parsed. */
export interface AnomalyRule {
  /** `anomaly:<line>`: the signal id, stable across polls and jobs. */
  id: string;
  /** The line as written (trimmed). */
  text: string;
  signal: MetricSignal;
  condition: AnomalyCondition;
}

/** An anomaly rule on a CloudWatch metric. */
export type CloudWatchAnomalyRule = AnomalyRule & {
  signal: Extract<MetricSignal, { backend: 'cloudwatch' }>;
};

/** An anomaly rule on a Prometheus counter. */
export type PrometheusAnomalyRule = AnomalyRule & {
  signal: Extract<MetricSignal, { backend: 'prometheus' }>;
};

/** True for rules read from CloudWatch. */
export function isCloudWatchAnomalyRule(rule: AnomalyRule): rule is CloudWatchAnomalyRule {
  return rule.signal.backend === 'cloudwatch';
}

/** True for rules read from Prometheus. */
export function isPrometheusAnomalyRule(rule: AnomalyRule): rule is PrometheusAnomalyRule {
  return rule.signal.backend === 'prometheus';
}

/** Default `baseline`: the hour before the bake. */
export const DEFAULT_BASELINE_MS = 3_600_000;
/** Shortest `baseline`: a shorter one is too few minutes to say what normal is. */
export const MIN_BASELINE_MS = 5 * 60_000;
/**
 * Longest `baseline`: the baseline is read again as raw samples (Prometheus) or per-minute
 * datapoints (CloudWatch, which keeps 1-minute data for 15 days only), so a day bounds the cost.
 */
export const MAX_BASELINE_MS = 86_400_000;
/** The current window is the last this-long of the bake (or all of it while it is shorter). */
export const CURRENT_WINDOW_MS = 5 * 60_000;
/** Below this many events in the current window a rise is noise. */
export const RISE_NOISE_FLOOR = 10;
/** Below this baseline rate (events per minute) a drop to zero cannot be told from quiet. */
export const DROP_MIN_BASELINE_RATE = 1;
/** A drop to zero needs the current window to be at least this many minutes without an event. */
export const DROP_MIN_WINDOW_MINUTES = 2;
/** At most this many rules: with `traffic` they stay far below GetMetricData's 500 queries per call. */
export const MAX_ANOMALY_RULES = 100;

const MINUTE_MS = 60_000;
const EXAMPLE =
  '`cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/shop/50dc6c495c0c9188 rises 3x` ' +
  'or `prometheus http_requests_total{job="shop"} drops to zero`';
const DROPS = /^([\s\S]*?)\s+drops\s+to\s+zero$/;
const RISES = /^([\s\S]*?)\s+rises\s+(\S+)$/;

/** Parses `anomaly`: one rule per line (`#` lines are comments); each malformed line is an InputError naming `input`. */
export function parseAnomalyRules(input: string, raw: string): AnomalyRule[] {
  const rules: AnomalyRule[] = [];
  const seen = new Set<string>();
  for (const line of splitLines(raw)) {
    const rule = parseAnomalyLine(input, line);
    // Two readings under one id would hide one of them in the verdict.
    if (seen.has(rule.id)) throw new InputError(input, `\`${line}\` is given twice`, EXAMPLE);
    seen.add(rule.id);
    rules.push(rule);
  }
  if (rules.length > MAX_ANOMALY_RULES) {
    throw new InputError(
      input,
      `${rules.length} rules given, at most ${MAX_ANOMALY_RULES} are read per poll`,
      EXAMPLE,
    );
  }
  return rules;
}

function parseAnomalyLine(input: string, line: string): AnomalyRule {
  let signalText: string;
  let condition: AnomalyCondition;
  const drops = DROPS.exec(line);
  const rises = drops ? null : RISES.exec(line);
  if (drops) {
    signalText = drops[1] as string;
    condition = { kind: 'drops-to-zero' };
  } else if (rises) {
    signalText = rises[1] as string;
    const factorText = rises[2] as string;
    const factor = /^\d+(?:\.\d+)?x$/.test(factorText) ? Number(factorText.slice(0, -1)) : Number.NaN;
    if (!(factor > 1) || !Number.isFinite(factor)) {
      throw new InputError(
        input,
        `\`${line}\`: \`${factorText}\` is not a factor above 1 such as \`3x\` or \`1.5x\``,
        EXAMPLE,
      );
    }
    condition = { kind: 'rises', factor };
  } else {
    throw new InputError(input, `\`${line}\` does not end with \`drops to zero\` or \`rises <k>x\``, EXAMPLE);
  }
  return { id: `anomaly:${line}`, text: line, signal: parseSignal(input, line, signalText), condition };
}

function parseSignal(input: string, line: string, text: string): MetricSignal {
  if (/^cloudwatch\s/.test(text))
    return { backend: 'cloudwatch', metric: parseCloudWatchMetric(input, text, EXAMPLE) };
  if (/^prometheus\s/.test(text))
    return { backend: 'prometheus', selector: parsePrometheusSelector(input, text, EXAMPLE) };
  throw new InputError(
    input,
    `\`${line}\`: the signal starts with neither \`cloudwatch\` nor \`prometheus\``,
    EXAMPLE,
  );
}

/** A time span [start, end) in epoch ms. */
export interface TimeRange {
  start: number;
  end: number;
}

/** The windows of one poll: the baseline, and the current window (undefined while it would be empty). */
export interface AnomalyWindows {
  baseline: TimeRange;
  current: TimeRange | undefined;
}

/**
 * How far behind now the CloudWatch current window ends: datapoints keep arriving for minutes
 * (late data), and a minute read too early looks like a drop to zero that never happened.
 */
export const CLOUDWATCH_LATE_DATA_MS = 2 * 60_000;

/**
 * CloudWatch's windows at `now`: whole minutes only, since a per-minute datapoint covers its
 * minute whole. The baseline drops the partial minutes at both of its ends (so no minute of the
 * bake is in it); the current window is the last minutes of the bake that ended at least
 * CLOUDWATCH_LATE_DATA_MS ago, at most 5.
 */
export function cloudWatchAnomalyWindows(bakeStart: number, now: number, baselineMs: number): AnomalyWindows {
  const bakeMinute = ceilMinute(bakeStart);
  const baseline = { start: ceilMinute(bakeStart - baselineMs), end: floorMinute(bakeStart) };
  const end = floorMinute(now - CLOUDWATCH_LATE_DATA_MS);
  const start = Math.max(bakeMinute, end - CURRENT_WINDOW_MS);
  return { baseline, current: end - start >= MINUTE_MS ? { start, end } : undefined };
}

/** Prometheus' windows at `now`: exact, the current one (now − min(elapsed, 5m), now]. */
export function prometheusAnomalyWindows(bakeStart: number, now: number, baselineMs: number): AnomalyWindows {
  const baseline = { start: bakeStart - baselineMs, end: bakeStart };
  const span = Math.min(now - bakeStart, CURRENT_WINDOW_MS);
  return { baseline, current: span > 0 ? { start: now - span, end: now } : undefined };
}

/** What a window held: a count of events over its length in minutes, or why there is no count. */
export type WindowCount = { count: number; minutes: number } | { missing: string };

/** The judgement of one rule at one poll (ERROR is the sources' business: a read that failed). */
export interface AnomalyJudgement {
  state: Exclude<SignalState, 'ERROR'>;
  /** The current rate, events per minute. */
  value?: number;
  threshold: string;
  detail: string;
}

/** Judges one rule from its two windows; pure. See the top of this file for the rules. */
export function judgeAnomaly(
  condition: AnomalyCondition,
  baseline: WindowCount,
  current: WindowCount,
): AnomalyJudgement {
  return condition.kind === 'rises'
    ? judgeRise(condition.factor, baseline, current)
    : judgeDropToZero(baseline, current);
}

/** `drops to zero`: a baseline of at least 1/min, then no event over at least 2 minutes of the bake. */
export function judgeDropToZero(baseline: WindowCount, current: WindowCount): AnomalyJudgement {
  const base = usable(baseline);
  if (base === undefined) {
    return { state: 'NO_DATA', threshold: '> 0/min', detail: `no baseline: ${why(baseline, 'baseline')}` };
  }
  const baseRate = base.count / base.minutes;
  const threshold = `> 0/min (baseline ${rate(baseRate)})`;
  const now = usable(current);
  if (now === undefined) return { state: 'NO_DATA', threshold, detail: why(current, 'current window') };
  const nowRate = now.count / now.minutes;
  const value = round(nowRate);
  const baselineText = `baseline ${rate(baseRate)} (${count(base.count)} over ${minutes(base.minutes)})`;
  if (baseRate < DROP_MIN_BASELINE_RATE) {
    return {
      state: 'OK',
      value,
      threshold,
      detail: `baseline below 1/min: a drop cannot be told from quiet (${baselineText})`,
    };
  }
  if (now.count === 0 && now.minutes >= DROP_MIN_WINDOW_MINUTES) {
    return {
      state: 'BREACH',
      value,
      threshold,
      detail: `no events over the last ${minutes(now.minutes)}, after a ${baselineText}`,
    };
  }
  if (now.count === 0) {
    return {
      state: 'OK',
      value,
      threshold,
      detail: `no events over the last ${minutes(now.minutes)}: a drop needs ${DROP_MIN_WINDOW_MINUTES}m without any (${baselineText})`,
    };
  }
  return {
    state: 'OK',
    value,
    threshold,
    detail: `${rate(nowRate)} over the last ${minutes(now.minutes)} (${count(now.count)}), ${baselineText}`,
  };
}

/** `rises <k>x`: above k × the baseline rate, with at least 10 events in the current window. */
export function judgeRise(factor: number, baseline: WindowCount, current: WindowCount): AnomalyJudgement {
  const base = usable(baseline);
  if (base === undefined) {
    return {
      state: 'NO_DATA',
      threshold: `> ${factor} × baseline`,
      detail: `no baseline: ${why(baseline, 'baseline')}`,
    };
  }
  const baseRate = base.count / base.minutes;
  const threshold = `> ${factor} × ${rate(baseRate)} (baseline)`;
  const now = usable(current);
  if (now === undefined) return { state: 'NO_DATA', threshold, detail: why(current, 'current window') };
  const nowRate = now.count / now.minutes;
  const value = round(nowRate);
  const observed = `${rate(nowRate)} over the last ${minutes(now.minutes)} (${count(now.count)})`;
  const baselineText = `baseline ${rate(baseRate)} (${count(base.count)} over ${minutes(base.minutes)})`;
  if (nowRate > factor * baseRate && now.count >= RISE_NOISE_FLOOR) {
    return {
      state: 'BREACH',
      value,
      threshold,
      detail: `${observed}, above ${factor} × the ${baselineText}`,
    };
  }
  if (nowRate > factor * baseRate) {
    return {
      state: 'OK',
      value,
      threshold,
      detail: `${observed}: below the noise floor of ${RISE_NOISE_FLOOR} events, not a rise (${baselineText})`,
    };
  }
  return { state: 'OK', value, threshold, detail: `${observed}, within ${factor} × the ${baselineText}` };
}

/** A window that can be judged: a finite count ≥ 0 over a positive length; anything else has no data. */
function usable(window: WindowCount): { count: number; minutes: number } | undefined {
  if ('missing' in window) return undefined;
  const ok =
    Number.isFinite(window.count) &&
    window.count >= 0 &&
    Number.isFinite(window.minutes) &&
    window.minutes > 0;
  return ok ? window : undefined;
}

function why(window: WindowCount, what: string): string {
  return 'missing' in window
    ? window.missing
    : `the ${what} holds no count (${window.count} over ${window.minutes} min)`;
}

/** Four significant digits for small numbers, whole numbers from 100: `12.5`, `0.3333`, `1235`. */
function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(4));
}

function rate(perMinute: number): string {
  return `${round(perMinute)}/min`;
}

function count(events: number): string {
  return `${round(events)} event${events === 1 ? '' : 's'}`;
}

function minutes(value: number): string {
  return formatDuration(value * MINUTE_MS);
}

function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Parses `baseline`: a duration from 5m to 1d. */
export function parseBaseline(input: string, raw: string): number {
  const ms = parseDuration(input, raw);
  if (ms < MIN_BASELINE_MS) {
    throw new InputError(
      input,
      `\`${raw}\` is shorter than 5m: too few minutes to say what normal is`,
      '`1h`',
    );
  }
  if (ms > MAX_BASELINE_MS) {
    throw new InputError(input, `\`${raw}\` is longer than 1d`, '`1h` or `1d`');
  }
  return ms;
}
