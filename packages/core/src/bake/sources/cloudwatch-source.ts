import type {
  DescribeAlarmHistoryCommandOutput,
  GetMetricDataCommandOutput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { describeError } from '../../errors.js';
import type { AlarmSelectors } from '../../health/alarm-selector.js';
import { ALARM_READ_RETRY, readAlarms, type CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import type { Clock, Sleep } from '../../time/clock.js';
import { retry } from '../../time/retry.js';
import { sourceErrorId } from '../bake-state.js';
import type { PollWindow, SignalReading, SignalSource } from '../signal.js';
import type { CloudWatchMetric } from './cloudwatch-metric.js';

/** Options of the CloudWatch source. */
export interface CloudWatchSourceOptions {
  client: CloudWatchSender;
  alarms: AlarmSelectors;
  /** The `traffic` metric, when it is a CloudWatch one. */
  traffic: CloudWatchMetric | undefined;
  clock: Clock;
  sleep: Sleep;
  onRetry?: (line: string) => void;
}

/** Metric period for traffic sums: one minute, the resolution of standard request metrics. */
const TRAFFIC_PERIOD_S = 60;
const MINUTE_MS = 60_000;

/**
 * CloudWatch signals: each selected alarm (metric or composite) is a signal — ALARM is a breach,
 * INSUFFICIENT_DATA no data — and a transition to ALARM in the alarm history since the previous
 * poll is a breach too, even if the alarm is OK again. With a CloudWatch `traffic` metric, its Sum
 * since the bake started is the traffic count. Per poll: one DescribeAlarms per 100 names (pages
 * followed), one paged DescribeAlarmHistory for all alarms, one GetMetricData for all metrics.
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
      if (options.traffic)
        readings.push(await pollTraffic(options, options.traffic, window, retryDeps(signal), signal));
      return readings;
    },
  };
}

async function pollAlarms(
  options: CloudWatchSourceOptions,
  window: PollWindow,
  deps: { clock: Clock; sleep: Sleep; signal?: AbortSignal; onRetry?: (line: string) => void },
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
  deps: { clock: Clock; sleep: Sleep; signal?: AbortSignal; onRetry?: (line: string) => void },
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

/**
 * Requests since the bake started. CloudWatch rounds a query's start down to the period, so the
 * start is rounded UP to the next whole minute instead: the partial minute in which the bake
 * began is left out, and no request from before the bake is ever counted (a slight undercount).
 */
async function pollTraffic(
  options: CloudWatchSourceOptions,
  metric: CloudWatchMetric,
  window: PollWindow,
  deps: { clock: Clock; sleep: Sleep; signal?: AbortSignal; onRetry?: (line: string) => void },
  signal: AbortSignal | undefined,
): Promise<SignalReading> {
  const base = { id: 'traffic', kind: 'traffic' as const, readAt: window.to };
  const start = Math.ceil(window.bakeStart / MINUTE_MS) * MINUTE_MS;
  if (window.to <= start) {
    return { ...base, state: 'NO_DATA', detail: 'no whole minute since the bake started yet' };
  }
  const query: MetricDataQuery = {
    Id: 'traffic',
    MetricStat: {
      Metric: { Namespace: metric.namespace, MetricName: metric.metricName, Dimensions: metric.dimensions },
      Period: TRAFFIC_PERIOD_S,
      Stat: 'Sum',
    },
    ReturnData: true,
  };
  try {
    const { GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
    const values: number[] = [];
    let nextToken: string | undefined;
    do {
      const page: GetMetricDataCommandOutput = await retry(
        'GetMetricData',
        () =>
          options.client.send(
            new GetMetricDataCommand({
              MetricDataQueries: [query],
              StartTime: new Date(start),
              EndTime: new Date(window.to),
              NextToken: nextToken,
            }),
            { abortSignal: signal },
          ),
        ALARM_READ_RETRY,
        deps,
      );
      for (const result of page.MetricDataResults ?? []) {
        if (result.Id !== 'traffic') continue;
        (result.Timestamps ?? []).forEach((timestamp, i) => {
          if (timestamp.getTime() >= start) values.push(result.Values?.[i] ?? Number.NaN);
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    if (values.length === 0) {
      return { ...base, state: 'NO_DATA', detail: `${metric.text}: no datapoints since the bake started` };
    }
    if (values.some((v) => !Number.isFinite(v) || v < 0)) {
      return {
        ...base,
        state: 'ERROR',
        detail: `${metric.text}: malformed datapoints (${values.join(', ')})`,
      };
    }
    const total = values.reduce((sum, v) => sum + v, 0);
    return {
      ...base,
      state: 'OK',
      value: total,
      detail: `${metric.text}: Sum ${total} since the bake started`,
    };
  } catch (error) {
    return { ...base, state: 'ERROR', detail: `${metric.text}: ${describeError(error)}` };
  }
}
