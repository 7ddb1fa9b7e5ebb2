import type { CloudWatchClient, DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import { InputError, UnavailableError, describeError } from '../errors.js';
import type { Clock, Sleep } from '../time/clock.js';
import { isTransientError, retry, type RetryPolicy } from '../time/retry.js';
import type { AlarmSelectors } from './alarm-selector.js';

/** The state of one CloudWatch alarm as read now. */
export interface AlarmObservation {
  name: string;
  type: 'metric' | 'composite';
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason: string;
  /** ISO time of the last state change; old values are normal and prove nothing about data flow. */
  stateUpdatedAt: string;
  /** Metric alarms only; `notBreaching`/`ignore` can hide missing data behind OK. */
  treatMissingData: string;
}

/** What reading the selected alarms found. */
export interface AlarmReading {
  alarms: AlarmObservation[];
  /** Names asked for that do not exist, and prefixes that matched nothing. */
  notFound: string[];
  /** API calls made (pages included). */
  calls: number;
}

/** The part of the CloudWatch client this module uses, so tests can pass a stub or a moto-backed client. */
export type CloudWatchSender = Pick<CloudWatchClient, 'send'>;

/** Collaborators for reading alarms. */
export interface AlarmReadDeps {
  client: CloudWatchSender;
  clock: Clock;
  sleep: Sleep;
  signal?: AbortSignal;
  onRetry?: (line: string) => void;
}

/** Retry policy for alarm reads: a few quick attempts inside 20 s, so a guard answers promptly. */
export const ALARM_READ_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  deadlineMs: 20_000,
  isRetryable: isTransientError,
};

/** DescribeAlarms takes at most 100 names per call. */
const NAMES_PER_CALL = 100;

/** Creates a CloudWatch client; the SDK is imported only here, on paths that read alarms. */
export async function createCloudWatchClient(region: string): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  // Our retry policy owns retries (one deadline, one log line per attempt), so the SDK makes one attempt.
  return new CloudWatchClient({ ...(region ? { region } : {}), maxAttempts: 1 });
}

/**
 * Reads the current state of the selected metric and composite alarms: one call per 100 names,
 * one paged call chain per prefix. Throws UnavailableError when CloudWatch cannot be read.
 */
export async function readAlarms(selectors: AlarmSelectors, deps: AlarmReadDeps): Promise<AlarmReading> {
  const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
  const found = new Map<string, AlarmObservation>();
  const notFound: string[] = [];
  let calls = 0;

  const describe = async (request: { AlarmNames?: string[]; AlarmNamePrefix?: string }): Promise<number> => {
    let matched = 0;
    let nextToken: string | undefined;
    do {
      const page: DescribeAlarmsCommandOutput = await retry(
        'DescribeAlarms',
        () =>
          deps.client.send(
            new DescribeAlarmsCommand({
              ...request,
              // Without AlarmTypes, composite alarms are silently left out.
              AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
              MaxRecords: 100,
              NextToken: nextToken,
            }),
            { abortSignal: deps.signal },
          ),
        ALARM_READ_RETRY,
        { clock: deps.clock, sleep: deps.sleep, signal: deps.signal, onRetry: deps.onRetry },
      ).catch((error: unknown) => {
        throw toReadError(error);
      });
      calls++;
      for (const alarm of page.MetricAlarms ?? []) {
        matched++;
        found.set(alarm.AlarmName ?? '', observe(alarm, 'metric', alarm.TreatMissingData ?? 'missing'));
      }
      for (const alarm of page.CompositeAlarms ?? []) {
        matched++;
        found.set(alarm.AlarmName ?? '', observe(alarm, 'composite', ''));
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return matched;
  };

  for (let i = 0; i < selectors.names.length; i += NAMES_PER_CALL) {
    await describe({ AlarmNames: selectors.names.slice(i, i + NAMES_PER_CALL) });
  }
  for (const name of selectors.names) if (!found.has(name)) notFound.push(name);
  for (const prefix of selectors.prefixes) {
    if ((await describe({ AlarmNamePrefix: prefix })) === 0) notFound.push(`prefix:${prefix}`);
  }
  return { alarms: [...found.values()].sort((a, b) => a.name.localeCompare(b.name)), notFound, calls };
}

function observe(
  alarm: { AlarmName?: string; StateValue?: string; StateReason?: string; StateUpdatedTimestamp?: Date },
  type: AlarmObservation['type'],
  treatMissingData: string,
): AlarmObservation {
  const state =
    alarm.StateValue === 'OK' || alarm.StateValue === 'ALARM' ? alarm.StateValue : 'INSUFFICIENT_DATA';
  return {
    name: alarm.AlarmName ?? '',
    type,
    state,
    reason: alarm.StateReason ?? '',
    stateUpdatedAt: alarm.StateUpdatedTimestamp?.toISOString() ?? '',
    treatMissingData,
  };
}

function toReadError(error: unknown): Error {
  const message = describeError(error);
  if (/region is missing/i.test(message)) {
    return new InputError('aws-region', 'no AWS region is set (nor AWS_REGION)', '`eu-central-1`', {
      cause: error,
    });
  }
  return new UnavailableError(`cannot read CloudWatch alarms: ${message}`, { cause: error });
}
