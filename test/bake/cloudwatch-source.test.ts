import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { ManualClock, systemClock, systemSleep, type CloudWatchSender } from '@hands-off/core';
import { parseAlarmSelectors } from '../../packages/core/src/health/alarm-selector.js';
import { runBake, type BakeRunOptions } from '../../packages/core/src/bake/run-bake.js';
import { createCloudWatchSource } from '../../packages/core/src/bake/sources/cloudwatch-source.js';
import { parseCloudWatchMetric } from '../../packages/core/src/bake/sources/cloudwatch-metric.js';
import { alarmsIn, cloudWatchAt, setAlarmState } from '../support/moto-cloudwatch.js';
import { startMoto, type MotoServer } from '../support/moto-server.js';

const quiet = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

function rules(overrides: Partial<BakeRunOptions> = {}): BakeRunOptions {
  return {
    durationMs: 8_000,
    maxDurationMs: 16_000,
    pollIntervalMs: 1_000,
    breachLimit: 1,
    errorLimit: 3,
    noData: 'extend',
    minTraffic: undefined,
    checkpoint: '',
    fingerprint: 'test',
    runForMs: 0,
    ...overrides,
  };
}

/** moto has no DescribeAlarmHistory (it answers HTML with a 500): answer it empty, pass the rest to moto. */
function withoutHistory(client: CloudWatchClient): CloudWatchSender {
  return {
    send: (async (command: unknown, options?: unknown) => {
      if (command instanceof DescribeAlarmHistoryCommand) return { AlarmHistoryItems: [] };
      return (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
    }) as CloudWatchSender['send'],
  };
}

describe('CloudWatch signals against a real CloudWatch API (moto)', () => {
  let moto: MotoServer;
  let admin: CloudWatchClient;

  beforeAll(async () => {
    moto = await startMoto();
    admin = cloudWatchAt(moto.url);
  }, 30_000);
  afterAll(async () => {
    admin?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => moto.reset());

  it('detects an alarm flipped to ALARM during a bake within one poll', async () => {
    await alarmsIn(admin, { 'shop-prod-5xx': 'OK', 'shop-prod-latency': 'OK' });
    const source = createCloudWatchSource({
      client: withoutHistory(cloudWatchAt(moto.url)),
      alarms: parseAlarmSelectors('alarms', 'prefix:shop-prod-'),
      traffic: undefined,
      clock: systemClock,
      sleep: systemSleep,
    });
    let flippedAt = 0;
    setTimeout(() => {
      flippedAt = Date.now();
      void setAlarmState(admin, 'shop-prod-latency', 'ALARM');
    }, 2_500);
    const result = await runBake([source], rules(), { clock: systemClock, sleep: systemSleep, log: quiet });
    const latency = Date.now() - flippedAt;
    expect(result.verdict).toBe('unhealthy');
    expect(result.reason).toMatch(/^alarm:shop-prod-latency breached: shop-prod-latency is in ALARM/);
    expect(latency).toBeLessThanOrEqual(1_000 + 1_000); // one poll interval, plus the read
  }, 20_000);

  it('counts PutMetricData datapoints since the bake started toward min-traffic, never those before', async () => {
    const minute = 60_000;
    const bakeStart = Math.floor(Date.now() / minute) * minute - 10 * minute;
    const metric = parseCloudWatchMetric('traffic', 'cloudwatch Shop RequestCount LoadBalancer=app/shop/1');
    const put = (value: number, at: number) =>
      admin.send(
        new PutMetricDataCommand({
          Namespace: 'Shop',
          MetricData: [
            {
              MetricName: 'RequestCount',
              Dimensions: metric.dimensions,
              Value: value,
              Timestamp: new Date(at),
            },
          ],
        }),
      );
    await put(1000, bakeStart - 2 * minute); // before the bake: must not count
    await put(40, bakeStart + 1 * minute + 5_000);
    await put(70, bakeStart + 3 * minute + 5_000);
    const bake = async (minTraffic: number) => {
      const clock = new ManualClock(bakeStart);
      const source = createCloudWatchSource({
        client: cloudWatchAt(moto.url),
        alarms: parseAlarmSelectors('alarms', ''),
        traffic: metric,
        clock,
        sleep: clock.sleep,
      });
      return runBake(
        [source],
        rules({ durationMs: 4 * minute, maxDurationMs: 6 * minute, pollIntervalMs: minute, minTraffic }),
        {
          clock,
          sleep: clock.sleep,
          log: quiet,
        },
      );
    };
    const met = await bake(100);
    expect(met.verdict).toBe('healthy');
    expect(met.state.traffic).toBe(110);
    const missed = await bake(500);
    expect(missed.verdict).toBe('inconclusive');
    expect(missed.reason).toMatch(/traffic 110\/500/);
  });

  it('is never healthy on missing data: INSUFFICIENT_DATA holds the bake to an inconclusive end', async () => {
    await alarmsIn(admin, { 'shop-prod-5xx': 'INSUFFICIENT_DATA' });
    const clock = new ManualClock(Date.now());
    const source = createCloudWatchSource({
      client: withoutHistory(cloudWatchAt(moto.url)),
      alarms: parseAlarmSelectors('alarms', 'shop-prod-5xx\nshop-prod-missing'),
      traffic: undefined,
      clock,
      sleep: clock.sleep,
    });
    const result = await runBake([source], rules(), { clock, sleep: clock.sleep, log: quiet });
    expect(result.verdict).toBe('inconclusive');
    expect(result.state.tracks['alarm:shop-prod-5xx']?.lastState).toBe('NO_DATA');
    expect(result.state.tracks['alarm:shop-prod-missing']?.lastDetail).toBe(
      'shop-prod-missing matches no CloudWatch alarm',
    );
  });
});

describe('alarm history and composite alarms (aws-sdk-client-mock: moto has neither)', () => {
  const T0 = Date.parse('2026-11-23T10:00:00Z');

  it('an ALARM→OK blip between two polls fails the bake, read from DescribeAlarmHistory', async () => {
    const client = new CloudWatchClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(DescribeAlarmsCommand).resolves({
      CompositeAlarms: [{ AlarmName: 'shop-health', StateValue: 'OK', StateUpdatedTimestamp: new Date(T0) }],
    });
    const historyAt = T0 + 90_000;
    mock.on(DescribeAlarmHistoryCommand).callsFake((input: { StartDate: Date; EndDate: Date }) => {
      const inside = input.StartDate.getTime() <= historyAt && historyAt < input.EndDate.getTime();
      const item = (state: string, at: number) => ({
        AlarmName: 'shop-health',
        AlarmType: 'CompositeAlarm',
        Timestamp: new Date(at),
        HistoryItemType: 'StateUpdate',
        HistorySummary: `Alarm updated from x to ${state}`,
        HistoryData: JSON.stringify({ newState: { stateValue: state } }),
      });
      return { AlarmHistoryItems: inside ? [item('ALARM', historyAt), item('OK', historyAt + 20_000)] : [] };
    });
    const clock = new ManualClock(T0);
    const source = createCloudWatchSource({
      client,
      alarms: parseAlarmSelectors('alarms', 'shop-health'),
      traffic: undefined,
      clock,
      sleep: clock.sleep,
    });
    const result = await runBake(
      [source],
      rules({ durationMs: 600_000, maxDurationMs: 600_000, pollIntervalMs: 60_000 }),
      {
        clock,
        sleep: clock.sleep,
        log: quiet,
      },
    );
    expect(result.verdict).toBe('unhealthy');
    expect(clock.now()).toBe(T0 + 120_000); // the poll whose window holds the blip
    expect(result.reason).toMatch(
      /shop-health went to ALARM at 2026-11-23T10:01:30.000Z between polls \(now OK\)/,
    );
    const historyCalls = mock.commandCalls(DescribeAlarmHistoryCommand).map((c) => c.args[0].input);
    expect(historyCalls[0]).toMatchObject({
      HistoryItemType: 'StateUpdate',
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
    expect(historyCalls[0]).not.toHaveProperty('AlarmName');
  });

  it('an unreadable history makes the alarms errors, never OK (a blip could be missed)', async () => {
    const client = new CloudWatchClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'a', StateValue: 'OK' }] });
    mock
      .on(DescribeAlarmHistoryCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      );
    const clock = new ManualClock(T0);
    const source = createCloudWatchSource({
      client,
      alarms: parseAlarmSelectors('alarms', 'a'),
      traffic: undefined,
      clock,
      sleep: clock.sleep,
    });
    const result = await runBake([source], rules({ errorLimit: 3 }), {
      clock,
      sleep: clock.sleep,
      log: quiet,
    });
    expect(result.verdict).toBe('unhealthy');
    expect(result.reason).toMatch(/alarm:a could not be read 3 times in a row .*alarm history unreadable/);
  });

  it('a composite alarm in ALARM is a breach like a metric alarm', async () => {
    const client = new CloudWatchClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(DescribeAlarmsCommand).resolves({
      CompositeAlarms: [{ AlarmName: 'shop-health', StateValue: 'ALARM', StateReason: 'child in ALARM' }],
    });
    mock.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [] });
    const clock = new ManualClock(T0);
    const source = createCloudWatchSource({
      client,
      alarms: parseAlarmSelectors('alarms', 'shop-health'),
      traffic: undefined,
      clock,
      sleep: clock.sleep,
    });
    const result = await runBake([source], rules(), { clock, sleep: clock.sleep, log: quiet });
    expect(result).toMatchObject({ verdict: 'unhealthy' });
    expect(mock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
