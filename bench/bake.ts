// bake-and-watch benchmarks, run by `npm run bench` under Node 24 (types stripped by Node itself):
//  (a) detection latency, from an alarm flip (moto) and from a Prometheus rule starting to fire,
//      to the verdict of the built CLI, p50/p95 over 20 trials with poll-interval 1s;
//  (b) CloudWatch API calls per poll for 250 alarms and 20 metric queries (traffic + 19 anomaly rules).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCloudWatchSource } from '../packages/core/src/bake/sources/cloudwatch-source.js';
import { parseCloudWatchMetric } from '../packages/core/src/bake/sources/cloudwatch-metric.js';
import { isCloudWatchAnomalyRule, parseAnomalyRules } from '../packages/core/src/bake/anomaly-rule.js';
import { parseAlarmSelectors } from '../packages/core/src/health/alarm-selector.js';
import { ManualClock } from '../packages/core/src/time/clock.js';
import { alarmsIn, cloudWatchAt, setAlarmState } from '../test/support/moto-cloudwatch.js';
import { startMotoHistoryProxy } from '../test/support/moto-history-proxy.js';
import { startMoto } from '../test/support/moto-server.js';
import { startPrometheusStack } from '../test/support/prometheus-stack.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const POLL_MS = 1000;
const TARGET_MS = POLL_MS + 1000;

/** Runs `hands-off bake-and-watch` and resolves when it has polled once, and again when it exits. */
function startBake(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'bake-and-watch', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HANDS_OFF_OUTPUT_DIR: mkdtempSync(join(tmpdir(), 'bench-')),
      ...env,
    },
  });
  let out = '';
  let polled: () => void = () => undefined;
  const firstPoll = new Promise<void>((resolve) => (polled = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (/^bake /m.test(out)) polled();
  });
  const exited = new Promise<{ at: number; code: number | null; out: string }>((resolve) =>
    child.on('close', (code) => resolve({ at: Date.now(), code, out })),
  );
  return { firstPoll, exited };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function report(what: string, latencies: number[]): void {
  const p95 = percentile(latencies, 95);
  console.log(
    `${what}: p50 ${percentile(latencies, 50)} ms, p95 ${p95} ms over ${latencies.length} trials ` +
      `(poll-interval 1s); target p95 <= ${TARGET_MS} ms: ${p95 <= TARGET_MS ? 'met' : 'MISSED'}`,
  );
}

async function alarmFlipLatency(): Promise<number[]> {
  const moto = await startMoto();
  const proxy = await startMotoHistoryProxy(moto.url);
  const admin = cloudWatchAt(moto.url);
  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      await moto.reset();
      await alarmsIn(admin, { 'bench-5xx': 'OK' });
      const bake = startBake(
        ['--duration', '60s', '--poll-interval', '1s', '--alarms', 'bench-5xx', '--aws-region', 'us-east-1'],
        {
          AWS_ENDPOINT_URL: proxy.url,
          AWS_ACCESS_KEY_ID: 'bench',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      );
      await bake.firstPoll;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * POLL_MS)); // anywhere in a poll interval
      const flippedAt = Date.now();
      await setAlarmState(admin, 'bench-5xx', 'ALARM');
      const done = await bake.exited;
      if (done.code !== 2) throw new Error(`expected unhealthy (exit 2), got ${done.code}: ${done.out}`);
      latencies.push(done.at - flippedAt);
    }
  } finally {
    admin.destroy();
    await proxy.stop();
    await moto.stop();
  }
  return latencies;
}

async function ruleFiringLatency(): Promise<number[]> {
  const stack = await startPrometheusStack();
  const latencies: number[] = [];
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const route = `bench${trial}`;
      // The error series must exist at 0 first: increase() needs a sample before the errors.
      stack.service.record(route, 500, 0);
      await stack.waitFor(
        `${route} scraped`,
        async () => (await stack.query(`http_requests_total{route="${route}"}`)).length > 0,
      );
      const rule = `sum(increase(http_requests_total{route="${route}",code="500"}[1m])) > 0`;
      const bake = startBake(
        [
          '--duration',
          '60s',
          '--poll-interval',
          '1s',
          '--prometheus-url',
          stack.prometheusUrl,
          '--prometheus-rules',
          rule,
        ],
        {},
      );
      await bake.firstPoll;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * POLL_MS));
      stack.service.record(route, 500, 5);
      // The rule starts to fire when Prometheus first returns its series: watch for it independently.
      let firingAt = 0;
      const giveUp = Date.now() + 15_000;
      while (firingAt === 0) {
        if ((await stack.query(rule)).length > 0) firingAt = Date.now();
        else if (Date.now() > giveUp) throw new Error(`rule never fired: ${rule}`);
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const done = await bake.exited;
      if (done.code !== 2) throw new Error(`expected unhealthy (exit 2), got ${done.code}: ${done.out}`);
      latencies.push(Math.max(0, done.at - firingAt));
    }
  } finally {
    await stack.stop();
  }
  return latencies;
}

async function callsPerPoll(): Promise<void> {
  const counts = new Map<string, number>();
  let queries = 0;
  const names = Array.from({ length: 250 }, (_, i) => `shop-alarm-${String(i).padStart(3, '0')}`);
  const client = {
    send: async (command: {
      constructor: { name: string };
      input: { AlarmNames?: string[]; MetricDataQueries?: { Id: string }[] };
    }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (name === 'DescribeAlarms') {
        return {
          MetricAlarms: (command.input.AlarmNames ?? []).map((AlarmName) => ({
            AlarmName,
            StateValue: 'OK',
          })),
        };
      }
      if (name === 'DescribeAlarmHistory') return { AlarmHistoryItems: [] };
      queries += command.input.MetricDataQueries?.length ?? 0;
      return {
        MetricDataResults: (command.input.MetricDataQueries ?? []).map(({ Id }) => ({
          Id,
          Timestamps: [new Date(Date.UTC(2026, 10, 23, 9, 30)), new Date(Date.UTC(2026, 10, 23, 10, 5))],
          Values: [120, 120],
        })),
      };
    },
  };
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 10, 10));
  const source = createCloudWatchSource({
    client: client as never,
    alarms: parseAlarmSelectors('alarms', names.join('\n')),
    traffic: parseCloudWatchMetric(
      'traffic',
      'cloudwatch AWS/ApplicationELB RequestCount LoadBalancer=app/shop/1',
    ),
    anomaly: parseAnomalyRules(
      'anomaly',
      Array.from(
        { length: 19 },
        (_, i) => `cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count TargetGroup=tg-${i} rises 3x`,
      ).join('\n'),
    ).filter(isCloudWatchAnomalyRule),
    clock,
    sleep: clock.sleep,
  });
  const readings = await source.poll({
    bakeStart: Date.UTC(2026, 10, 23, 10, 0),
    from: Date.UTC(2026, 10, 23, 10, 9),
    to: clock.now(),
  });
  const describe = counts.get('DescribeAlarms') ?? 0;
  const history = counts.get('DescribeAlarmHistory') ?? 0;
  const metrics = counts.get('GetMetricData') ?? 0;
  const met = describe <= 3 && history <= 1 && metrics <= 1;
  console.log(
    `API calls per poll, 250 alarms + 20 traffic/anomaly metrics (${readings.length} readings): DescribeAlarms ${describe}, ` +
      `DescribeAlarmHistory ${history}, GetMetricData ${metrics} (${queries} queries); target <= 3 + 1 + 1: ${met ? 'met' : 'MISSED'} ` +
      '(all metric queries of a poll go in the one GetMetricData call)',
  );
}

const only = process.env.BENCH_ONLY ?? '';
if (!only || only === 'calls') await callsPerPoll();
if (!only || only === 'cloudwatch')
  report('detection latency, CloudWatch alarm flip (moto) -> verdict', await alarmFlipLatency());
if (!only || only === 'prometheus') {
  report('detection latency, Prometheus rule starts firing -> verdict', await ruleFiringLatency());
}
