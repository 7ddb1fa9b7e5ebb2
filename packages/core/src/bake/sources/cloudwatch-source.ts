import type {
  DescribeAlarmHistoryCommandOutput,
  GetMetricDataCommandOutput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { describeError } from '../../errors.js';
import type { AlarmSelectors } from '../../health/alarm-selector.js';
import { ALARM_READ_RETRY, readAlarms, type CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import type { Clock, Sleep } from '../../time/clock.js';
import { retry, type RetryDeps } from '../../time/retry.js';
import { sourceErrorId } from '../bake-state.js';
import type { PollWindow, SignalReading, SignalSource } from '../signal.js';
import {
  DEFAULT_BASELINE_MS,
  cloudWatchAnomalyWindows,
  judgeAnomaly,
  type CloudWatchAnomalyRule,
} from '../anomaly-rule.js';
import { formatDuration } from '../../inputs/parse-duration.js';
import type { CloudWatchMetric } from './cloudwatch-metric.js';

/** Options of the CloudWatch source. */
export interface CloudWatchSourceOptions {
  client: CloudWatchSender;
  alarms: AlarmSelectors;
  /** The `traffic` metric, when it is a CloudWatch one. */
  traffic: CloudWatchMetric | undefined;
  /** Anomaly rules on CloudWatch metrics (see anomaly-rule.ts). */
  anomaly?: CloudWatchAnomalyRule[];
  /** How far before the bake the anomaly baseline reaches; DEFAULT_BASELINE_MS when not given. */
  baselineMs?: number;
  clock: Clock;
  sleep: Sleep;
  onRetry?: (line: string) => void;
}

/** Metric period for traffic and anomaly sums: one minute, the resolution of standard request metrics. */
const METRIC_PERIOD_S = 60;
const MINUTE_MS = 60_000;

/**
 * CloudWatch signals: each selected alarm (metric or composite) is a signal — ALARM is a breach,
 * INSUFFICIENT_DATA no data — and a transition to ALARM in the alarm history since the previous
 * poll is a breach too, even if the alarm is OK again. With a CloudWatch `traffic` metric, its Sum
 * since the bake started is the traffic count; each anomaly rule is one `anomaly:<line>` signal.
 * Per poll: one DescribeAlarms per 100 names (pages followed), one paged DescribeAlarmHistory for
 * all alarms, one GetMetricData for all metrics (traffic and anomaly alike).
 */
export function createCloudWatchSource(options: CloudWatchSourceOptions): SignalSource {
  const name = 'cloudwatch';
  const retryDeps = (signal?: AbortSignal) => ({
    clock: options.clock,
    sleep: options.sleep,
    signal,
    onRetry: options.onRetry,
  });
  const watchesAlarms = options.alarms.names.length + options.alarms.prefixes.length > 0;

  return {
    name,
    async poll(window: PollWindow, signal?: AbortSignal): Promise<SignalReading[]> {
      const readings: SignalReading[] = [];
      if (watchesAlarms) readings.push(...(await pollAlarms(options, window, retryDeps(signal), signal)));
      if (options.traffic || (options.anomaly ?? []).length > 0)
        readings.push(...(await pollMetrics(options, window, retryDeps(signal), signal)));
      return readings;
    },
  };
}

async function pollAlarms(
  options: CloudWatchSourceOptions,
  window: PollWindow,
  deps: RetryDeps,
  signal: AbortSignal | undefined,
): Promise<SignalReading[]> {
  const readAt = window.to;
  let reading;
  try {
    reading = await readAlarms(options.alarms, { client: options.client, ...deps });
  } catch (error) {
    return [
      {
        id: sourceErrorId('cloudwatch'),
        kind: 'alarm',
        state: 'ERROR',
        detail: describeError(error),
        readAt,
      },
    ];
  }
  let alarmedBetweenPolls = new Map<string, string>();
  let historyError = '';
  if (window.to > window.from) {
    try {
      alarmedBetweenPolls = await readAlarmTransitions(options.client, window, deps, signal);
    } catch (error) {
      historyError = `alarm history unreadable, a breach between polls could be missed: ${describeError(error)}`;
    }
  }
  const readings: SignalReading[] = reading.alarms.map((alarm) => {
    const base = { id: `alarm:${alarm.name}`, kind: 'alarm' as const, threshold: 'ALARM', readAt };
    if (alarm.state === 'ALARM') {
      return { ...base, state: 'BREACH', detail: `${alarm.name} is in ALARM: ${alarm.reason}` };
    }
    const between = alarmedBetweenPolls.get(alarm.name);
    if (between !== undefined) {
      return {
        ...base,
        state: 'BREACH',
        detail: `${alarm.name} went to ALARM at ${between} between polls (now ${alarm.state})`,
      };
    }
    if (historyError) return { ...base, state: 'ERROR', detail: historyError };
    if (alarm.state === 'INSUFFICIENT_DATA') {
      return { ...base, state: 'NO_DATA', detail: `${alarm.name} is INSUFFICIENT_DATA` };
    }
    const hidden =
      alarm.treatMissingData === 'notBreaching' || alarm.treatMissingData === 'ignore'
        ? ` (TreatMissingData ${alarm.treatMissingData}: OK even when no data arrives)`
        : '';
    return { ...base, state: 'OK', detail: `${alarm.name} is OK${hidden}` };
  });
  for (const missing of reading.notFound) {
    readings.push({
      id: `alarm:${missing}`,
      kind: 'alarm',
      state: 'NO_DATA',
      detail: `${missing} matches no CloudWatch alarm`,
      readAt,
    });
  }
  return readings;
}

/** Alarms that went to ALARM within the window, with the first such time: one paged call for all alarms. */
async function readAlarmTransitions(
  client: CloudWatchSender,
  window: PollWindow,
  deps: RetryDeps,
  signal: AbortSignal | undefined,
): Promise<Map<string, string>> {
  const { DescribeAlarmHistoryCommand } = await import('@aws-sdk/client-cloudwatch');
  const alarmed = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page: DescribeAlarmHistoryCommandOutput = await retry(
      'DescribeAlarmHistory',
      () =>
        client.send(
          new DescribeAlarmHistoryCommand({
            StartDate: new Date(window.from),
            EndDate: new Date(window.to),
            HistoryItemType: 'StateUpdate',
            // Composite alarms' transitions are returned only when asked for.
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            MaxRecords: 100,
            NextToken: nextToken,
          }),
          { abortSignal: signal },
        ),
      ALARM_READ_RETRY,
      deps,
    );
    for (const item of page.AlarmHistoryItems ?? []) {
      if (!item.AlarmName || newStateOf(item.HistoryData, item.HistorySummary) !== 'ALARM') continue;
      const at = item.Timestamp?.toISOString() ?? 'an unknown time';
      const known = alarmed.get(item.AlarmName);
      if (known === undefined || at < known) alarmed.set(item.AlarmName, at);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return alarmed;
}

/** The state an alarm moved to, from the history item's JSON data, else its summary line. */
function newStateOf(data: string | undefined, summary: string | undefined): string {
  try {
    const parsed = JSON.parse(data ?? '') as { newState?: { stateValue?: string } };
    if (parsed.newState?.stateValue) return parsed.newState.stateValue;
  } catch {
    // fall through to the summary
  }
  return / to ALARM$/.exec(summary ?? '') ? 'ALARM' : '';
}

/** A metric read in the poll's GetMetricData call, with the per-minute Sums it returned. */
interface MetricRead {
  id: string;
  metric: CloudWatchMetric;
  /** [period start (epoch ms), Sum] */
  points: Array<[number, number]>;
  /** Set when CloudWatch answered `InternalError` or `Forbidden` for this query. */
  failure: string | undefined;
}

/**
 * Traffic and anomaly metrics, all in ONE GetMetricData call per poll (pages followed). A time
 * range is per call, not per query, so the call spans [the baseline's start, now] at Period 60,
 * one query per distinct metric, and the per-minute datapoints are split by timestamp into the
 * baseline, since-the-bake (traffic) and current windows.
 *
 * Traffic counts the datapoints since the bake started. CloudWatch rounds a query's start down
 * to the period, so traffic starts at the bake start rounded UP to the next whole minute: the
 * partial minute in which the bake began is left out, and no request from before the bake is ever
 * counted (a slight undercount). Anomaly rules are judged as anomaly-rule.ts documents.
 */
async function pollMetrics(
  options: CloudWatchSourceOptions,
  window: PollWindow,
  deps: RetryDeps,
  signal: AbortSignal | undefined,
): Promise<SignalReading[]> {
  const readAt = window.to;
  const traffic = options.traffic;
  const rules = options.anomaly ?? [];
  const trafficStart = Math.ceil(window.bakeStart / MINUTE_MS) * MINUTE_MS;
  const windows = cloudWatchAnomalyWindows(
    window.bakeStart,
    window.to,
    options.baselineMs ?? DEFAULT_BASELINE_MS,
  );
  const trafficDue = traffic !== undefined && window.to > trafficStart;
  const anomalyDue = rules.length > 0 && windows.current !== undefined;

  // One query per distinct metric: a metric watched by traffic and by rules is read once.
  const reads = new Map<string, MetricRead>();
  const readOf = (metric: CloudWatchMetric, id?: string): MetricRead => {
    const key = JSON.stringify([metric.namespace, metric.metricName, metric.dimensions]);
    let read = reads.get(key);
    if (!read) {
      read = { id: id ?? `m${reads.size}`, metric, points: [], failure: undefined };
      reads.set(key, read);
    }
    return read;
  };
  const trafficRead = trafficDue ? readOf(traffic, 'traffic') : undefined;
  const ruleReads = anomalyDue ? rules.map((rule) => readOf(rule.signal.metric)) : [];

  let readError: string | undefined;
  if (reads.size > 0) {
    const start = anomalyDue ? Math.min(windows.baseline.start, trafficStart) : trafficStart;
    try {
      await readMetrics(options, [...reads.values()], start, window.to, deps, signal);
    } catch (error) {
      readError = describeError(error);
    }
  }

  const readings: SignalReading[] = [];
  if (traffic) {
    const base = { id: 'traffic', kind: 'traffic' as const, readAt };
    if (!trafficRead) {
      readings.push({ ...base, state: 'NO_DATA', detail: 'no whole minute since the bake started yet' });
    } else if (readError !== undefined || trafficRead.failure !== undefined) {
      readings.push({
        ...base,
        state: 'ERROR',
        detail: `${traffic.text}: ${readError ?? trafficRead.failure}`,
      });
    } else {
      readings.push(trafficReading(traffic, pointsIn(trafficRead, trafficStart, Infinity), base));
    }
  }
  rules.forEach((rule, index) => {
    const base = { id: rule.id, kind: 'anomaly' as const, readAt };
    const read = ruleReads[index];
    if (!read || windows.current === undefined) {
      readings.push({
        ...base,
        state: 'NO_DATA',
        detail: 'no whole minute yet: the current window needs a whole minute of the bake',
      });
      return;
    }
    if (readError !== undefined || read.failure !== undefined) {
      readings.push({ ...base, state: 'ERROR', detail: readError ?? read.failure ?? '' });
      return;
    }
    const baseline = pointsIn(read, windows.baseline.start, windows.baseline.end);
    const current = pointsIn(read, windows.current.start, windows.current.end);
    const malformed = [...baseline, ...current].filter((v) => !Number.isFinite(v) || v < 0);
    if (malformed.length > 0) {
      readings.push({ ...base, state: 'ERROR', detail: `malformed datapoints (${malformed.join(', ')})` });
      return;
    }
    const sum = (values: number[]): number => values.reduce((total, v) => total + v, 0);
    const baselineMinutes = (windows.baseline.end - windows.baseline.start) / MINUTE_MS;
    const judgement = judgeAnomaly(
      rule.condition,
      baseline.length === 0
        ? { missing: `no datapoints in the ${formatDuration(baselineMinutes * MINUTE_MS)} before the bake` }
        : { count: sum(baseline), minutes: baselineMinutes },
      // CloudWatch omits the minutes in which a sparse metric recorded nothing: none is 0 events.
      { count: sum(current), minutes: (windows.current.end - windows.current.start) / MINUTE_MS },
    );
    readings.push({ ...base, ...judgement });
  });
  return readings;
}

/** The Sums of the datapoints whose period starts in [start, end). */
function pointsIn(read: MetricRead, start: number, end: number): number[] {
  return read.points.filter(([at]) => at >= start && at < end).map(([, value]) => value);
}

function trafficReading(
  metric: CloudWatchMetric,
  values: number[],
  base: { id: string; kind: 'traffic'; readAt: number },
): SignalReading {
  if (values.length === 0) {
    return { ...base, state: 'NO_DATA', detail: `${metric.text}: no datapoints since the bake started` };
  }
  if (values.some((v) => !Number.isFinite(v) || v < 0)) {
    return { ...base, state: 'ERROR', detail: `${metric.text}: malformed datapoints (${values.join(', ')})` };
  }
  const total = values.reduce((sum, v) => sum + v, 0);
  return {
    ...base,
    state: 'OK',
    value: total,
    detail: `${metric.text}: Sum ${total} since the bake started`,
  };
}

/** The one GetMetricData call of a poll (its pages followed), filling each read's points. */
async function readMetrics(
  options: CloudWatchSourceOptions,
  reads: MetricRead[],
  start: number,
  end: number,
  deps: RetryDeps,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
  const byId = new Map(reads.map((read) => [read.id, read]));
  const queries: MetricDataQuery[] = reads.map((read) => ({
    Id: read.id,
    MetricStat: {
      Metric: {
        Namespace: read.metric.namespace,
        MetricName: read.metric.metricName,
        Dimensions: read.metric.dimensions,
      },
      Period: METRIC_PERIOD_S,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
  let nextToken: string | undefined;
  do {
    const page: GetMetricDataCommandOutput = await retry(
      'GetMetricData',
      () =>
        options.client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(start),
            EndTime: new Date(end),
            NextToken: nextToken,
          }),
          { abortSignal: signal },
        ),
      ALARM_READ_RETRY,
      deps,
    );
    for (const result of page.MetricDataResults ?? []) {
      const read = result.Id === undefined ? undefined : byId.get(result.Id);
      if (!read) continue;
      if (result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden') {
        const messages = (result.Messages ?? []).map((m) => m.Value ?? m.Code).filter(Boolean);
        read.failure = `GetMetricData answered ${result.StatusCode} for ${read.metric.text}${messages.length ? `: ${messages.join('; ')}` : ''}`;
      }
      (result.Timestamps ?? []).forEach((timestamp, i) => {
        read.points.push([timestamp.getTime(), result.Values?.[i] ?? Number.NaN]);
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
}
