import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { ManualClock, systemClock, systemSleep, type CloudWatchSender } from '@hands-off/core';
import { parseAlarmSelectors } from '../../packages/core/src/health/alarm-selector.js';
import { runBake, type BakeRunOptions } from '../../packages/core/src/bake/run-bake.js';
import { createCloudWatchSource } from '../../packages/core/src/bake/sources/cloudwatch-source.js';
import { parseCloudWatchMetric } from '../../packages/core/src/bake/sources/cloudwatch-metric.js';
import { isCloudWatchAnomalyRule, parseAnomalyRules } from '../../packages/core/src/bake/anomaly-rule.js';
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

  describe('anomaly rules against datapoints put before and during the bake', () => {
    const minute = 60_000;
    const dims = [{ Name: 'LoadBalancer', Value: 'app/shop/1' }];
    /** Minute boundaries in the recent past: CloudWatch (and moto) take datapoints up to two weeks old. */
    const recentBakeStart = () => Math.floor(Date.now() / minute) * minute - 10 * minute;
    /** Puts `perMinute(i)` at 5 s into each minute i of [from, to) (minutes relative to the bake start). */
    const putPerMinute = async (
      metricName: string,
      bakeStart: number,
      from: number,
      to: number,
      perMinute: (i: number) => number,
    ) => {
      const data = [];
      for (let i = from; i < to; i++) {
        const value = perMinute(i);
        if (value > 0)
          data.push({
            MetricName: metricName,
            Dimensions: dims,
            Value: value,
            Timestamp: new Date(bakeStart + i * minute + 5_000),
          });
      }
      await admin.send(new PutMetricDataCommand({ Namespace: 'Shop', MetricData: data }));
    };
    /** A CloudWatch client that records every GetMetricData call's input. */
    const recording = () => {
      const client = cloudWatchAt(moto.url);
      const calls: GetMetricDataCommand['input'][] = [];
      const sender: CloudWatchSender = {
        send: (async (command: unknown, options?: unknown) => {
          if (command instanceof GetMetricDataCommand) calls.push(command.input);
          return (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
        }) as CloudWatchSender['send'],
      };
      return { sender, calls };
    };
    const bakeWith = async (
      bakeStart: number,
      anomaly: string,
      overrides: Partial<BakeRunOptions>,
      traffic?: string,
    ) => {
      const clock = new ManualClock(bakeStart);
      const { sender, calls } = recording();
      const source = createCloudWatchSource({
        client: sender,
        alarms: parseAlarmSelectors('alarms', ''),
        traffic: traffic === undefined ? undefined : parseCloudWatchMetric('traffic', traffic),
        anomaly: parseAnomalyRules('anomaly', anomaly).filter(isCloudWatchAnomalyRule),
        baselineMs: 60 * minute,
        clock,
        sleep: clock.sleep,
      });
      const result = await runBake([source], rules({ pollIntervalMs: minute, ...overrides }), {
        clock,
        sleep: clock.sleep,
        log: quiet,
      });
      return { result, calls, clock };
    };

    it('a 5xx count 4x its baseline breaches a `rises 3x` rule at the first settled whole minute', async () => {
      const bakeStart = recentBakeStart();
      await putPerMinute('Errors5xx', bakeStart, -60, 0, () => 5);
      await putPerMinute('Errors5xx', bakeStart, 0, 10, () => 20);
      const rule = 'cloudwatch Shop Errors5xx LoadBalancer=app/shop/1 rises 3x';
      const { result, clock } = await bakeWith(bakeStart, rule, {
        durationMs: 8 * minute,
        maxDurationMs: 10 * minute,
      });
      expect(result.verdict).toBe('unhealthy');
      // Until minute 0 has settled for 2 minutes (late data) there is no whole minute to judge.
      for (const poll of result.polls.slice(0, 3)) {
        expect(poll.readings[0]).toMatchObject({
          state: 'NO_DATA',
          detail: expect.stringMatching(/^no whole minute yet/),
        });
      }
      expect(clock.now()).toBe(bakeStart + 3 * minute);
      expect(result.reason).toBe(
        `anomaly:${rule} breached: 20/min over the last 1m (20 events), above 3 × the baseline 5/min (300 events over 1h) ` +
          '(value 20, threshold > 3 × 5/min (baseline))',
      );
    });

    it('a steady count stays OK and the bake is healthy; traffic never counts the baseline', async () => {
      const bakeStart = recentBakeStart();
      await putPerMinute('Requests', bakeStart, -60, 10, () => 40);
      await putPerMinute('Errors', bakeStart, -60, 10, (i) => (i % 2 === 0 ? 4 : 6));
      const { result, calls } = await bakeWith(
        bakeStart,
        'cloudwatch Shop Errors LoadBalancer=app/shop/1 rises 3x\ncloudwatch Shop Requests LoadBalancer=app/shop/1 drops to zero',
        { durationMs: 6 * minute, maxDurationMs: 8 * minute, minTraffic: 200 },
        'cloudwatch Shop Requests LoadBalancer=app/shop/1',
      );
      expect(result.verdict).toBe('healthy');
      expect(result.state.traffic).toBe(6 * 40);
      const tracks = result.state.tracks;
      expect(tracks['anomaly:cloudwatch Shop Errors LoadBalancer=app/shop/1 rises 3x']).toMatchObject({
        lastState: 'OK',
        // The last poll, at 6m, reads minutes 0 to 3 (2 minutes behind for late data): 4 + 6 + 4 + 6.
        lastValue: 5,
        threshold: '> 3 × 5/min (baseline)',
        breachPolls: 0,
      });
      expect(tracks['anomaly:cloudwatch Shop Requests LoadBalancer=app/shop/1 drops to zero']).toMatchObject({
        lastState: 'OK',
        lastValue: 40,
        threshold: '> 0/min (baseline 40/min)',
      });
      // One GetMetricData call per poll (none at the bake start: nothing whole to read yet), one
      // query per distinct metric; from 3m on, when the rules have a settled minute, over
      // [baseline start, now], before that traffic alone over [bake start, now].
      expect(calls).toHaveLength(result.polls.length - 1);
      for (const [i, call] of calls.entries()) {
        const rulesRead = i >= 2;
        expect(call.StartTime).toEqual(new Date(rulesRead ? bakeStart - 60 * minute : bakeStart));
        expect(call.EndTime).toEqual(new Date(bakeStart + (i + 1) * minute));
        expect(
          call.MetricDataQueries?.map((q) => [
            q.Id,
            q.MetricStat?.Metric?.MetricName,
            q.MetricStat?.Period,
            q.MetricStat?.Stat,
          ]),
        ).toEqual([['traffic', 'Requests', 60, 'Sum'], ...(rulesRead ? [['m1', 'Errors', 60, 'Sum']] : [])]);
      }
    });

    it('traffic that drops to zero mid-bake breaches `drops to zero` once 2 minutes without any are in the window', async () => {
      const bakeStart = recentBakeStart();
      await putPerMinute('Hits', bakeStart, -60, 2, () => 40);
      const rule = 'cloudwatch Shop Hits LoadBalancer=app/shop/1 drops to zero';
      const rise = 'cloudwatch Shop Hits LoadBalancer=app/shop/1 rises 3x';
      const { result, clock } = await bakeWith(bakeStart, `${rule}\n${rise}`, {
        durationMs: 10 * minute,
        maxDurationMs: 10 * minute,
      });
      expect(result.verdict).toBe('unhealthy');
      // Minutes 0 and 1 had traffic; the 5-minute window [2m, 7m) is the first without any, read
      // 2 minutes after it ends (late data).
      expect(clock.now()).toBe(bakeStart + 9 * minute);
      // The same missing datapoints are no rise: CloudWatch omits the minutes without any hit.
      expect(result.state.tracks[`anomaly:${rise}`]).toMatchObject({ lastState: 'OK', lastValue: 0 });
      expect(result.reason).toMatch(
        /^anomaly:cloudwatch Shop Hits LoadBalancer=app\/shop\/1 drops to zero breached: no events over the last 5m, after a baseline 40\/min \(2400 events over 1h\)/,
      );
    });

    it('a metric without datapoints before the bake is NO_DATA, never OK: the bake ends inconclusive', async () => {
      const bakeStart = recentBakeStart();
      await putPerMinute('NewMetric', bakeStart, 0, 10, () => 3);
      const rule = 'cloudwatch Shop NewMetric LoadBalancer=app/shop/1 rises 2x';
      const { result } = await bakeWith(bakeStart, rule, {
        durationMs: 3 * minute,
        maxDurationMs: 4 * minute,
      });
      expect(result.verdict).toBe('inconclusive');
      expect(result.state.tracks[`anomaly:${rule}`]).toMatchObject({
        lastState: 'NO_DATA',
        lastDetail: 'no baseline: no datapoints in the 1h before the bake',
      });
      expect(result.polls.flatMap((p) => p.readings).filter((r) => r.state === 'OK')).toEqual([]);
    });
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

describe('CloudWatch anomaly rules under faults (a scripted CloudWatch)', () => {
  const MINUTE = 60_000;
  const T0 = Date.UTC(2026, 10, 23, 10, 0);
  type Answer = 'ok' | 'throttle' | 'http500' | 'refused' | 'nan' | 'negative' | 'forbidden' | 'empty';
  const FAULTS: Answer[] = ['throttle', 'http500', 'refused', 'nan', 'negative', 'forbidden', 'empty'];
  const RULES = 'cloudwatch Shop Errors rises 3x\ncloudwatch Shop Requests drops to zero';

  /** Answers each GetMetricData call per the next entry of `script`; `ok` is 10 a minute for every metric. */
  function scripted(script: Answer[]): CloudWatchSender {
    let call = 0;
    return {
      send: (async (command: {
        input: { MetricDataQueries?: { Id: string }[]; StartTime?: Date; EndTime?: Date };
      }) => {
        const answer = script[call++ % script.length] as Answer;
        const { MetricDataQueries = [], StartTime, EndTime } = command.input;
        const start = StartTime?.getTime() ?? 0;
        const minutes = Array.from(
          { length: ((EndTime?.getTime() ?? 0) - start) / MINUTE },
          (_, i) => new Date(start + i * MINUTE),
        );
        const results = (value: number, extra: object = {}) => ({
          MetricDataResults: MetricDataQueries.map(({ Id }) => ({
            Id,
            Timestamps: minutes,
            Values: minutes.map(() => value),
            ...extra,
          })),
        });
        switch (answer) {
          case 'throttle':
            throw Object.assign(new Error('Rate exceeded'), {
              name: 'Throttling',
              $metadata: { httpStatusCode: 400 },
            });
          case 'http500':
            throw Object.assign(new Error('InternalFailure'), {
              name: 'InternalFailure',
              $metadata: { httpStatusCode: 500 },
            });
          case 'refused':
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
          case 'nan':
            return results(Number.NaN);
          case 'negative':
            return results(-10);
          case 'forbidden':
            return {
              MetricDataResults: MetricDataQueries.map(({ Id }) => ({
                Id,
                StatusCode: 'Forbidden',
                Messages: [{ Code: 'Forbidden', Value: 'not authorized to read Shop' }],
                Timestamps: [],
                Values: [],
              })),
            };
          case 'empty':
            return {};
          case 'ok':
            return results(10, { StatusCode: 'Complete' });
        }
      }) as unknown as CloudWatchSender['send'],
    };
  }
  const sourceOf = (script: Answer[], clock: ManualClock) =>
    createCloudWatchSource({
      client: scripted(script),
      alarms: parseAlarmSelectors('alarms', ''),
      traffic: undefined,
      anomaly: parseAnomalyRules('anomaly', RULES).filter(isCloudWatchAnomalyRule),
      baselineMs: 30 * MINUTE,
      clock,
      sleep: clock.sleep,
    });

  it.each([
    [
      'forbidden',
      'ERROR',
      /GetMetricData answered Forbidden for cloudwatch Shop Errors: not authorized to read Shop/,
    ],
    ['nan', 'ERROR', /malformed datapoints \(NaN/],
    ['negative', 'ERROR', /malformed datapoints \(-10/],
    ['empty', 'NO_DATA', /^no baseline: no datapoints in the 30m before the bake$/],
  ] as Array<[Answer, string, RegExp]>)('%s: every rule reads %s', async (answer, state, detail) => {
    const clock = new ManualClock(T0 + 3 * MINUTE);
    const readings = await sourceOf([answer], clock).poll({ bakeStart: T0, from: T0, to: clock.now() });
    expect(readings).toHaveLength(2);
    expect(readings[0]).toMatchObject({ id: 'anomaly:cloudwatch Shop Errors rises 3x', state });
    for (const reading of readings) {
      expect(reading.state).toBe(state);
      if (answer !== 'forbidden') expect(reading.detail).toMatch(detail);
    }
    expect(readings[0]?.detail).toMatch(detail);
  });

  it('no faulted answer reads OK, and a bake fed only faults is never healthy (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 10 }),
        async (script) => {
          const clock = new ManualClock(T0);
          const result = await runBake(
            [sourceOf(script, clock)],
            rules({ durationMs: 4 * MINUTE, maxDurationMs: 8 * MINUTE, pollIntervalMs: MINUTE }),
            { clock, sleep: clock.sleep, log: quiet },
          );
          expect(result.polls.flatMap((p) => p.readings).filter((r) => r.state === 'OK')).toEqual([]);
          expect(result.verdict).not.toBe('healthy');
        },
      ),
      { numRuns: 100 },
    );
    // The same bake with good answers is healthy, so the property can fail.
    const clock = new ManualClock(T0);
    const good = await runBake(
      [sourceOf(['ok'], clock)],
      rules({ durationMs: 4 * MINUTE, maxDurationMs: 8 * MINUTE, pollIntervalMs: MINUTE }),
      { clock, sleep: clock.sleep, log: quiet },
    );
    expect(good.verdict).toBe('healthy');
  });
});
