import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ExitCode, ManualClock, bakeStep, runStep, type CloudWatchSender, type Fetch } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';
import { InputError } from '../../packages/core/src/errors.js';
import {
  CURRENT_WINDOW_MS,
  MAX_ANOMALY_RULES,
  RISE_NOISE_FLOOR,
  cloudWatchAnomalyWindows,
  CLOUDWATCH_LATE_DATA_MS,
  judgeAnomaly,
  judgeDropToZero,
  judgeRise,
  parseAnomalyRules,
  parseBaseline,
  prometheusAnomalyWindows,
  type AnomalyCondition,
  type WindowCount,
} from '../../packages/core/src/bake/anomaly-rule.js';
import { parseBakeInputs } from '../../packages/core/src/steps/bake-and-watch/bake-inputs.js';

const MINUTE = 60_000;
const T = Date.UTC(2026, 10, 23, 10, 0);

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseAnomalyRules', () => {
  it('reads `<signal> rises <k>x` and `<signal> drops to zero` for both backends', () => {
    const rules = parseAnomalyRules(
      'anomaly',
      [
        '# 5xx may not triple',
        'cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/shop/50dc6c495c0c9188 rises 3x',
        '',
        '  prometheus http_requests_total{job="shop", code=~"5.."} rises 1.5x  ',
        'prometheus http_requests_total{job="shop", note="it rises 2x"} drops to zero',
        'cloudwatch AWS/ApplicationELB RequestCount LoadBalancer=app/shop/1 drops to zero',
      ].join('\n'),
    );
    expect(rules).toEqual([
      {
        id: 'anomaly:cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/shop/50dc6c495c0c9188 rises 3x',
        text: 'cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/shop/50dc6c495c0c9188 rises 3x',
        signal: {
          backend: 'cloudwatch',
          metric: {
            text: 'cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/shop/50dc6c495c0c9188',
            namespace: 'AWS/ApplicationELB',
            metricName: 'HTTPCode_Target_5XX_Count',
            dimensions: [{ Name: 'LoadBalancer', Value: 'app/shop/50dc6c495c0c9188' }],
          },
        },
        condition: { kind: 'rises', factor: 3 },
      },
      {
        id: 'anomaly:prometheus http_requests_total{job="shop", code=~"5.."} rises 1.5x',
        text: 'prometheus http_requests_total{job="shop", code=~"5.."} rises 1.5x',
        signal: { backend: 'prometheus', selector: 'http_requests_total{job="shop", code=~"5.."}' },
        condition: { kind: 'rises', factor: 1.5 },
      },
      expect.objectContaining({
        signal: { backend: 'prometheus', selector: 'http_requests_total{job="shop", note="it rises 2x"}' },
        condition: { kind: 'drops-to-zero' },
      }),
      expect.objectContaining({
        signal: expect.objectContaining({ backend: 'cloudwatch' }),
        condition: { kind: 'drops-to-zero' },
      }),
    ]);
  });

  it('reads nothing from an empty or comment-only input', () => {
    expect(parseAnomalyRules('anomaly', '')).toEqual([]);
    expect(parseAnomalyRules('anomaly', '# later\n\n')).toEqual([]);
  });

  it.each([
    ['cloudwatch X Y rises 0.5x', /`0.5x` is not a factor above 1/],
    ['cloudwatch X Y rises 1x', /`1x` is not a factor above 1/],
    ['cloudwatch X Y rises 3', /`3` is not a factor above 1/],
    ['cloudwatch X Y rises x', /`x` is not a factor/],
    ['cloudwatch X Y rises -2x', /`-2x` is not a factor/],
    ['cloudwatch X Y rises 1e3x', /`1e3x` is not a factor/],
    ['cloudwatch X Y rises 3X', /`3X` is not a factor/],
    ['prometheus up falls', /does not end with `drops to zero` or `rises <k>x`/],
    ['prometheus up drops to 0', /does not end with/],
    ['cloudwatch X Y', /does not end with/],
    ['drops to zero', /does not end with/],
    ['datadog x drops to zero', /starts with neither `cloudwatch` nor `prometheus`/],
    ['Prometheus up drops to zero', /starts with neither/],
    ['cloudwatch X drops to zero', /is not `cloudwatch <Namespace> <MetricName>/],
    ['cloudwatch X Y Dim drops to zero', /`Dim` in .* is not a dimension/],
    ['prometheus rate(x_total[5m]) rises 2x', /is not a counter selector/],
    ['prometheus x_total[5m] drops to zero', /is not a counter selector/],
    ['prometheus {} rises 2x', /selects nothing/],
  ])('refuses `%s`, naming `anomaly`, with an example', (line, problem) => {
    const error = refusal(() => parseAnomalyRules('anomaly', `prometheus ok_total drops to zero\n${line}`));
    expect(error.input).toBe('anomaly');
    expect(error.message).toMatch(problem);
    expect(error.message).toMatch(/; example of a valid value: `cloudwatch AWS\/ApplicationELB .* rises 3x`/);
  });

  it('refuses a repeated rule (two readings under one id) and more rules than one poll reads', () => {
    expect(
      refusal(() => parseAnomalyRules('anomaly', 'prometheus a drops to zero\nprometheus a drops to zero'))
        .message,
    ).toMatch(/given twice/);
    const many = Array.from(
      { length: MAX_ANOMALY_RULES + 1 },
      (_, i) => `prometheus m${i}_total drops to zero`,
    );
    expect(refusal(() => parseAnomalyRules('anomaly', many.join('\n'))).message).toMatch(/at most 100/);
    expect(parseAnomalyRules('anomaly', many.slice(1).join('\n'))).toHaveLength(MAX_ANOMALY_RULES);
  });
});

describe('parseBaseline', () => {
  it('accepts 5m to 1d', () => {
    expect(parseBaseline('baseline', '5m')).toBe(5 * MINUTE);
    expect(parseBaseline('baseline', '1h')).toBe(60 * MINUTE);
    expect(parseBaseline('baseline', '1d')).toBe(1440 * MINUTE);
  });

  it.each(['4m59s', '0', '2d', '1d1s', 'an hour', '60'])('refuses `%s` naming `baseline`', (raw) => {
    expect(refusal(() => parseBaseline('baseline', raw)).input).toBe('baseline');
  });
});

describe('anomaly through parseBakeInputs', () => {
  const parse = (inputs: Record<string, string>) =>
    parseBakeInputs(
      Object.fromEntries(
        Object.entries({
          duration: '30m',
          baseline: '1h',
          'poll-interval': '15s',
          'breach-limit': '1',
          'error-limit': '3',
          'no-data': 'extend',
          mode: 'enforce',
          'run-for': '0',
          ...inputs,
        }).map(([k, value]) => [k, { value, source: 'input' as const }]),
      ),
    );

  it('a rule alone is something to watch; baseline is read', () => {
    const options = parse({ anomaly: 'cloudwatch Shop Errors rises 3x', baseline: '2h' });
    expect(options.anomaly.map((r) => r.id)).toEqual(['anomaly:cloudwatch Shop Errors rises 3x']);
    expect(options.baselineMs).toBe(120 * MINUTE);
  });

  it('a prometheus rule without prometheus-url is refused naming `prometheus-url`', () => {
    const error = refusal(() => parse({ anomaly: 'prometheus http_requests_total drops to zero' }));
    expect(error.input).toBe('prometheus-url');
    expect(error.message).toMatch(/anomaly rule/);
    expect(
      parse({ anomaly: 'prometheus http_requests_total drops to zero', 'prometheus-url': 'http://p:9090' })
        .anomaly,
    ).toHaveLength(1);
  });
});

const count = (n: number, minutes: number): WindowCount => ({ count: n, minutes });
const missing: WindowCount = { missing: 'no datapoints' };

describe('judgeDropToZero', () => {
  it('breaches on no events over ≥ 2 minutes after a baseline of ≥ 1/min', () => {
    expect(judgeDropToZero(count(2400, 60), count(0, 5))).toEqual({
      state: 'BREACH',
      value: 0,
      threshold: '> 0/min (baseline 40/min)',
      detail: 'no events over the last 5m, after a baseline 40/min (2400 events over 1h)',
    });
    expect(judgeDropToZero(count(60, 60), count(0, 2)).state).toBe('BREACH');
  });

  it('is OK with events, or with no events over less than 2 minutes', () => {
    expect(judgeDropToZero(count(2400, 60), count(3, 5))).toMatchObject({ state: 'OK', value: 0.6 });
    expect(judgeDropToZero(count(2400, 60), count(0, 1))).toMatchObject({
      state: 'OK',
      detail: expect.stringMatching(/a drop needs 2m without any/),
    });
  });

  it('is OK, saying why, when the baseline is below 1/min: a drop cannot be told from quiet', () => {
    const judged = judgeDropToZero(count(59, 60), count(0, 5));
    expect(judged.state).toBe('OK');
    expect(judged.detail).toMatch(/^baseline below 1\/min: a drop cannot be told from quiet/);
  });

  it('is NO_DATA without a baseline or without a current count', () => {
    expect(judgeDropToZero(missing, count(0, 5))).toMatchObject({
      state: 'NO_DATA',
      detail: 'no baseline: no datapoints',
    });
    expect(judgeDropToZero(count(2400, 60), { missing: 'no series' })).toMatchObject({
      state: 'NO_DATA',
      detail: 'no series',
    });
  });
});

describe('judgeRise', () => {
  it('breaches above k × the baseline rate with at least 10 events', () => {
    expect(judgeRise(3, count(750, 60), count(250, 5))).toEqual({
      state: 'BREACH',
      value: 50,
      threshold: '> 3 × 12.5/min (baseline)',
      detail: '50/min over the last 5m (250 events), above 3 × the baseline 12.5/min (750 events over 1h)',
    });
  });

  it('is OK at exactly k × (the rise must exceed it) and below', () => {
    expect(judgeRise(3, count(600, 60), count(150, 5)).state).toBe('OK');
    expect(judgeRise(1.5, count(600, 60), count(74, 5)).state).toBe('OK');
    expect(judgeRise(1.5, count(600, 60), count(76, 5)).state).toBe('BREACH');
  });

  it('treats fewer than 10 events in the current window as noise, whatever the ratio', () => {
    expect(judgeRise(3, count(6, 60), count(9, 5))).toMatchObject({
      state: 'OK',
      value: 1.8,
      detail: expect.stringMatching(/below the noise floor of 10 events/),
    });
    expect(judgeRise(3, count(6, 60), count(10, 5)).state).toBe('BREACH');
  });

  it('a zero baseline with 10 or more events is a breach; with fewer it is noise', () => {
    expect(judgeRise(3, count(0, 60), count(10, 5))).toMatchObject({
      state: 'BREACH',
      threshold: '> 3 × 0/min (baseline)',
    });
    expect(judgeRise(3, count(0, 60), count(9, 5)).state).toBe('OK');
  });

  it('is NO_DATA without a baseline or without a current count', () => {
    expect(judgeRise(3, missing, count(1000, 5)).state).toBe('NO_DATA');
    expect(judgeRise(3, count(600, 60), { missing: 'no series' }).state).toBe('NO_DATA');
  });
});

describe('judgeAnomaly (properties)', () => {
  const condition: fc.Arbitrary<AnomalyCondition> = fc.oneof(
    fc.constant<AnomalyCondition>({ kind: 'drops-to-zero' }),
    fc
      .double({ min: 1.01, max: 1000, noNaN: true })
      .map((factor): AnomalyCondition => ({ kind: 'rises', factor })),
  );
  const window: fc.Arbitrary<WindowCount> = fc.oneof(
    fc.record({ count: fc.nat({ max: 1_000_000 }), minutes: fc.integer({ min: 1, max: 1440 }) }),
    fc.record({
      count: fc.double({ min: 0, max: 1e6, noNaN: true }),
      minutes: fc.double({ min: 0.01, max: 1440, noNaN: true }),
    }),
    fc.constant<WindowCount>({ missing: 'none' }),
  );
  // What a baseline without data can look like: absent, or a count that is no count.
  const noBaseline: fc.Arbitrary<WindowCount> = fc.oneof(
    fc.constant<WindowCount>({ missing: 'no datapoints in the baseline window' }),
    fc.record({
      count: fc.constantFrom(Number.NaN, Infinity, -1),
      minutes: fc.integer({ min: 1, max: 60 }),
    }),
    fc.record({ count: fc.nat(), minutes: fc.constantFrom(0, -5, Number.NaN) }),
  );

  it('a baseline without data never yields OK (nor BREACH): always NO_DATA', () => {
    fc.assert(
      fc.property(condition, noBaseline, window, (rule, baseline, current) => {
        expect(judgeAnomaly(rule, baseline, current).state).toBe('NO_DATA');
      }),
      { numRuns: 500 },
    );
  });

  it('a breach always has its evidence: a rise above k × baseline with ≥ 10 events, or 0 events over ≥ 2m after ≥ 1/min', () => {
    fc.assert(
      fc.property(condition, window, window, (rule, baseline, current) => {
        const judged = judgeAnomaly(rule, baseline, current);
        if ('missing' in current) expect(judged.state).toBe('NO_DATA');
        if (judged.state !== 'BREACH') return;
        if ('missing' in baseline || 'missing' in current) throw new Error('breach without data');
        const baseRate = baseline.count / baseline.minutes;
        const nowRate = current.count / current.minutes;
        if (rule.kind === 'rises') {
          expect(current.count).toBeGreaterThanOrEqual(RISE_NOISE_FLOOR);
          expect(nowRate).toBeGreaterThan(rule.factor * baseRate);
        } else {
          expect(current.count).toBe(0);
          expect(current.minutes).toBeGreaterThanOrEqual(2);
          expect(baseRate).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('anomaly windows', () => {
  it('CloudWatch: whole minutes, 2 minutes behind now (late data); no current window before then', () => {
    const LAG = CLOUDWATCH_LATE_DATA_MS;
    expect(LAG).toBe(2 * MINUTE);
    expect(cloudWatchAnomalyWindows(T, T, 60 * MINUTE)).toEqual({
      baseline: { start: T - 60 * MINUTE, end: T },
      current: undefined,
    });
    // One whole minute of the bake has ended, but not 2 minutes before now: still too fresh.
    expect(cloudWatchAnomalyWindows(T, T + MINUTE, 60 * MINUTE).current).toBeUndefined();
    expect(cloudWatchAnomalyWindows(T, T + LAG + MINUTE - 1, 60 * MINUTE).current).toBeUndefined();
    expect(cloudWatchAnomalyWindows(T, T + LAG + MINUTE, 60 * MINUTE).current).toEqual({
      start: T,
      end: T + MINUTE,
    });
    expect(cloudWatchAnomalyWindows(T, T + LAG + 7.5 * MINUTE, 60 * MINUTE).current).toEqual({
      start: T + 2 * MINUTE,
      end: T + 7 * MINUTE,
    });
    // A bake that starts mid-minute: its partial minute is in neither window.
    expect(cloudWatchAnomalyWindows(T + 30_000, T + LAG + 2 * MINUTE - 1, 60 * MINUTE)).toEqual({
      baseline: { start: T - 59 * MINUTE, end: T },
      current: undefined,
    });
    expect(cloudWatchAnomalyWindows(T + 30_000, T + LAG + 2 * MINUTE, 60 * MINUTE).current).toEqual({
      start: T + MINUTE,
      end: T + 2 * MINUTE,
    });
  });

  it('CloudWatch: the baseline ends before the bake and the current window lies in it, 1 to 5 whole minutes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: T - 86_400_000, max: T }),
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.integer({ min: 5 * MINUTE, max: 86_400_000 }),
        (bakeStart, elapsed, baselineMs) => {
          const now = bakeStart + elapsed;
          const { baseline, current } = cloudWatchAnomalyWindows(bakeStart, now, baselineMs);
          expect(baseline.end).toBeLessThanOrEqual(bakeStart);
          expect(baseline.start).toBeGreaterThanOrEqual(bakeStart - baselineMs);
          expect(baseline.start % MINUTE).toBe(0);
          expect(baseline.end % MINUTE).toBe(0);
          const lastSettledMinute = Math.floor((now - CLOUDWATCH_LATE_DATA_MS) / MINUTE) * MINUTE;
          if (current === undefined) {
            expect(lastSettledMinute - Math.ceil(bakeStart / MINUTE) * MINUTE).toBeLessThan(MINUTE);
            return;
          }
          expect(current.start).toBeGreaterThanOrEqual(bakeStart);
          expect(current.end).toBeLessThanOrEqual(now);
          expect(current.start % MINUTE).toBe(0);
          expect(current.end % MINUTE).toBe(0);
          expect(current.end - current.start).toBeGreaterThanOrEqual(MINUTE);
          expect(current.end - current.start).toBeLessThanOrEqual(CURRENT_WINDOW_MS);
          // The last minute that ended at least the late-data lag ago is always in it.
          expect(current.end).toBe(lastSettledMinute);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('Prometheus: exact windows, the current one the last min(elapsed, 5m)', () => {
    expect(prometheusAnomalyWindows(T, T, 60 * MINUTE)).toEqual({
      baseline: { start: T - 60 * MINUTE, end: T },
      current: undefined,
    });
    expect(prometheusAnomalyWindows(T, T + 90_000, 60 * MINUTE).current).toEqual({
      start: T,
      end: T + 90_000,
    });
    expect(prometheusAnomalyWindows(T, T + 600_000, 60 * MINUTE).current).toEqual({
      start: T + 300_000,
      end: T + 600_000,
    });
    expect(prometheusAnomalyWindows(T, T - 5_000, 60 * MINUTE).current).toBeUndefined();
  });
});

describe('anomaly wired through the bake-and-watch step', () => {
  it('a Prometheus rule reaches the Prometheus source and its breach fails the bake', async () => {
    const clock = new ManualClock(T);
    const asked: string[] = [];
    const fetch: Fetch = async (url) => {
      const parsed = new URL(url);
      const timeMs = Math.round(Number(parsed.searchParams.get('time')) * 1000);
      asked.push(`${parsed.searchParams.get('query')} @${(timeMs - T) / 1000}s`);
      // 60 errors in the hour before the bake (1/min), 100 in its first 15 s.
      const increase = timeMs === T ? 60 : 100;
      const values = [
        [(timeMs - 10_000) / 1000, '5'],
        [timeMs / 1000, String(5 + increase)],
      ];
      return {
        status: 200,
        ok: true,
        text: async () =>
          JSON.stringify({
            status: 'success',
            data: { resultType: 'matrix', result: [{ metric: { job: 'shop' }, values }] },
          }),
      };
    };
    const runtime = memoryRuntime({
      duration: '10m',
      'poll-interval': '15s',
      anomaly: 'prometheus errors_total{job="shop"} rises 3x',
      'prometheus-url': 'http://prometheus.test:9090',
    });
    const code = await runStep(bakeStep({ clock, sleep: clock.sleep, fetch }), runtime);
    expect(code).toBe(ExitCode.Refused);
    expect(runtime.outputs.get('verdict')).toBe('unhealthy');
    expect(runtime.outputs.get('reason')).toMatch(
      /^anomaly:prometheus errors_total\{job="shop"\} rises 3x breached: 400\/min over the last 15s \(100 events\)/,
    );
    // The first poll, at the bake start, asks nothing; the second reads both windows.
    expect(asked).toEqual([
      'errors_total{job="shop"}[3600000ms] @0s',
      'errors_total{job="shop"}[15000ms] @15s',
    ]);
    expect(runtime.lines.map((l) => l.text)).toContain('bake 15s/10m · anomalies 1/1 breaching');
  });

  it('CloudWatch rules and traffic reach the CloudWatch source: one GetMetricData call per poll', async () => {
    const clock = new ManualClock(T);
    const calls: Array<{ ids: string[]; start: number; end: number }> = [];
    const cloudWatch = async (): Promise<CloudWatchSender> => ({
      send: (async (command: {
        input: { MetricDataQueries?: { Id: string }[]; StartTime?: Date; EndTime?: Date };
      }) => {
        const input = command.input;
        const ids = (input.MetricDataQueries ?? []).map((q) => q.Id);
        const start = input.StartTime?.getTime() ?? 0;
        const end = input.EndTime?.getTime() ?? 0;
        calls.push({ ids, start, end });
        // Every metric: 10 a minute, from the baseline's start to now.
        const minutes = Array.from({ length: (end - start) / MINUTE }, (_, i) => start + i * MINUTE);
        return {
          MetricDataResults: ids.map((Id) => ({
            Id,
            StatusCode: 'Complete',
            Timestamps: minutes.map((m) => new Date(m)),
            Values: minutes.map(() => 10),
          })),
        };
      }) as unknown as CloudWatchSender['send'],
    });
    const runtime = memoryRuntime({
      duration: '3m',
      'poll-interval': '1m',
      traffic: 'cloudwatch Shop Requests',
      'min-traffic': '20',
      anomaly: 'cloudwatch Shop Errors rises 3x\ncloudwatch Shop Requests drops to zero',
      baseline: '30m',
    });
    const code = await runStep(bakeStep({ clock, sleep: clock.sleep, cloudWatch }), runtime);
    expect(runtime.outputs.get('verdict')).toBe('healthy');
    expect(code).toBe(ExitCode.Ok);
    // Polls at 0, 1, 2 and 3 minutes, one call each at most; at 0 there is no whole minute to
    // read, and until a minute has settled for 2 minutes (late data) only traffic is asked for.
    expect(calls).toEqual([
      { ids: ['traffic'], start: T, end: T + MINUTE },
      { ids: ['traffic'], start: T, end: T + 2 * MINUTE },
      { ids: ['traffic', 'm1'], start: T - 30 * MINUTE, end: T + 3 * MINUTE },
    ]);
    expect(runtime.outputs.get('traffic')).toBe('30');
  });
});
