import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';

/** Credentials moto accepts; any value works. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** A CloudWatch client for `endpoint` (moto, or a dead port), one attempt per call. */
export function cloudWatchAt(endpoint: string): CloudWatchClient {
  return new CloudWatchClient({
    region: 'us-east-1',
    endpoint,
    credentials: MOTO_CREDENTIALS,
    maxAttempts: 1,
  });
}

/** Creates metric alarms, a few at a time: moto is single-process and the machine has two cores. */
export async function putAlarms(client: CloudWatchClient, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 10) {
    await Promise.all(
      names.slice(i, i + 10).map((name) =>
        client.send(
          new PutMetricAlarmCommand({
            AlarmName: name,
            Namespace: 'HandsOff/Test',
            MetricName: 'Errors',
            Statistic: 'Sum',
            Period: 60,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'breaching',
          }),
        ),
      ),
    );
  }
}

/** Sets an alarm's state, as SetAlarmState does for testing alarm actions. */
export async function setAlarmState(
  client: CloudWatchClient,
  name: string,
  state: StateValue,
): Promise<void> {
  await client.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `test set ${state}` }),
  );
}

/**
 * Creates alarms in the given states. Every state is set explicitly: moto starts alarms in OK,
 * AWS in INSUFFICIENT_DATA, and a test must not pass only because of moto's choice.
 */
export async function alarmsIn(client: CloudWatchClient, states: Record<string, StateValue>): Promise<void> {
  await putAlarms(client, Object.keys(states));
  for (const [name, state] of Object.entries(states)) await setAlarmState(client, name, state);
}
