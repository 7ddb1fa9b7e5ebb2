import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ManualClock, type CloudWatchSender } from '@hands-off/core';
import { parseAlarmSelectors } from '../../packages/core/src/health/alarm-selector.js';
import { runBake } from '../../packages/core/src/bake/run-bake.js';
import { createCloudWatchSource } from '../../packages/core/src/bake/sources/cloudwatch-source.js';
import { parseCloudWatchMetric } from '../../packages/core/src/bake/sources/cloudwatch-metric.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0);

type Fault = 'ok' | 'throttle' | 'http500' | 'timeout' | 'refused' | 'malformed' | 'nan' | 'empty';
const FAULTS: Fault[] = ['throttle', 'http500', 'timeout', 'refused', 'malformed', 'nan', 'empty'];

/** A CloudWatch stand-in answering each call according to the next fault of a script. */
function faultyCloudWatch(script: Fault[]): CloudWatchSender {
  let call = 0;
  return {
    send: (async (command: { constructor: { name: string } }) => {
      const fault = script[call++ % script.length] as Fault;
      const action = command.constructor.name.replace(/Command$/, '');
      switch (fault) {
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
        case 'timeout':
          throw Object.assign(new Error('socket timeout'), { name: 'TimeoutError' });
        case 'refused':
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
        case 'malformed':
          throw Object.assign(new SyntaxError('Unexpected token < in JSON'), {
            $metadata: { httpStatusCode: 200 },
          });
        case 'nan':
          if (action === 'GetMetricData') {
            return {
              MetricDataResults: [
                { Id: 'traffic', Timestamps: [new Date(T0 + MINUTE)], Values: [Number.NaN] },
              ],
            };
          }
          return action === 'DescribeAlarms'
            ? { MetricAlarms: [{ AlarmName: 'shop-5xx' }] }
            : { AlarmHistoryItems: [] };
        case 'empty':
          return {};
        case 'ok':
          if (action === 'GetMetricData') {
            return {
              MetricDataResults: [{ Id: 'traffic', Timestamps: [new Date(T0 + MINUTE)], Values: [500] }],
            };
          }
          if (action === 'DescribeAlarms')
            return { MetricAlarms: [{ AlarmName: 'shop-5xx', StateValue: 'OK' }] };
          return { AlarmHistoryItems: [] };
      }
    }) as unknown as CloudWatchSender['send'],
  };
}

describe('the CloudWatch source under faults', () => {
  it('a faulted answer never reads OK, and a bake fed only faults is never healthy (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 12 }),
        async (script) => {
          const clock = new ManualClock(T0);
          const source = createCloudWatchSource({
            client: faultyCloudWatch(script),
            alarms: parseAlarmSelectors('alarms', 'shop-5xx'),
            traffic: parseCloudWatchMetric('traffic', 'cloudwatch Shop Requests'),
            clock,
            sleep: clock.sleep,
          });
          const readings = await source.poll({ bakeStart: T0, from: T0 + 2 * MINUTE, to: T0 + 3 * MINUTE });
          expect(readings.filter((r) => r.state === 'OK')).toEqual([]);

          const bakeClock = new ManualClock(T0);
          const bakeSource = createCloudWatchSource({
            client: faultyCloudWatch(script),
            alarms: parseAlarmSelectors('alarms', 'shop-5xx'),
            traffic: parseCloudWatchMetric('traffic', 'cloudwatch Shop Requests'),
            clock: bakeClock,
            sleep: bakeClock.sleep,
          });
          const result = await runBake(
            [bakeSource],
            {
              durationMs: 5 * MINUTE,
              maxDurationMs: 10 * MINUTE,
              pollIntervalMs: MINUTE,
              breachLimit: 1,
              errorLimit: 3,
              noData: 'extend',
              minTraffic: 1,
              checkpoint: '',
              fingerprint: 'faults',
              runForMs: 0,
            },
            {
              clock: bakeClock,
              sleep: bakeClock.sleep,
              log: { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} },
            },
          );
          expect(result.verdict).not.toBe('healthy');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the same bake is healthy when the answers are good (the property above can fail)', async () => {
    const clock = new ManualClock(T0);
    const source = createCloudWatchSource({
      client: faultyCloudWatch(['ok']),
      alarms: parseAlarmSelectors('alarms', 'shop-5xx'),
      traffic: parseCloudWatchMetric('traffic', 'cloudwatch Shop Requests'),
      clock,
      sleep: clock.sleep,
    });
    const result = await runBake(
      [source],
      {
        durationMs: 5 * MINUTE,
        maxDurationMs: 10 * MINUTE,
        pollIntervalMs: MINUTE,
        breachLimit: 1,
        errorLimit: 3,
        noData: 'extend',
        minTraffic: 1,
        checkpoint: '',
        fingerprint: 'faults',
        runForMs: 0,
      },
      {
        clock,
        sleep: clock.sleep,
        log: { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} },
      },
    );
    expect(result.verdict).toBe('healthy');
  });
});
