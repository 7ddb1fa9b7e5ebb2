import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runBake } from '../../packages/core/src/bake/run-bake.js';

import fc from 'fast-check';
import { CancelledError, InputError } from '../../packages/core/src/errors.js';
import { ManualClock, systemClock, systemSleep } from '../../packages/core/src/time/clock.js';
import type { RetryPolicy } from '../../packages/core/src/time/retry.js';
import type { Fetch, PollWindow, SignalReading, SignalSource } from '../../packages/core/src/bake/signal.js';
import { isPrometheusRetryable } from '../../packages/core/src/bake/sources/prometheus-client.js';
import {
  MAX_RANGE_POINTS,
  createPrometheusSource,
  parsePrometheusTraffic,
  parsePrometheusUrl,
  rawIncrease,
  ruleEvaluationRange,
  type PrometheusSourceOptions,
} from '../../packages/core/src/bake/sources/prometheus-source.js';
import {
  isPrometheusAnomalyRule,
  parseAnomalyRules,
  type PrometheusAnomalyRule,
} from '../../packages/core/src/bake/anomaly-rule.js';
import { FAULTS, fakeFetch, type Answer, type Fault } from '../support/fake-fetch.js';
import { startPrometheusStack, type PrometheusStack } from '../support/prometheus-stack.js';

const T = 1_795_000_000_000;
const WINDOW: PollWindow = { bakeStart: T - 600_000, from: T - 60_000, to: T };
const RULE = 'sum(rate(errors_total[5m])) > 1';
const QUICK_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 20,
  deadlineMs: 60_000,
  isRetryable: isPrometheusRetryable,
};

function fakeSource(
  answers: readonly Answer[],
  extra: Partial<PrometheusSourceOptions> = {},
): {
  poll: (window?: PollWindow, signal?: AbortSignal) => Promise<SignalReading[]>;
  calls: ReturnType<typeof fakeFetch>['calls'];
} {
  const { fetch, calls } = fakeFetch(answers);
  const clock = new ManualClock(T);
  const source = createPrometheusSource({
    url: 'http://prometheus.test:9090/',
    rules: [RULE],
    traffic: { selector: 'http_requests_total{job="shop"}' },
    fetch,
    clock,
    sleep: clock.sleep,
    retryPolicy: QUICK_RETRY,
    requestTimeoutMs: 20,
    random: () => 1,
    ...extra,
  });
  return { poll: (window = WINDOW, signal) => source.poll(window, signal), calls };
}

const byId = (readings: SignalReading[], id: string): SignalReading => {
  const found = readings.find((r) => r.id === id);
  if (!found) throw new Error(`no reading ${id} in ${JSON.stringify(readings)}`);
  return found;
};

describe('prometheus source with a faulting fake Prometheus', () => {
  it.each([
    ['http500', 'HTTP 500', 3],
    ['http503-timeout', 'HTTP 503 (timeout): query timed out', 3],
    ['http429', 'HTTP 429', 3],
    ['refused', 'ECONNREFUSED', 3],
    ['body-reset', 'ECONNRESET', 3],
    ['hang', 'no answer within 20 ms', 3],
    ['bad_data', 'HTTP 400 (bad_data): 1:8: parse error', 1],
    ['malformed', 'not JSON', 1],
    ['html', 'not JSON', 1],
    ['status-error', 'status "error" (execution): boom', 1],
    ['wrong-type', 'resultType is "scalar"', 1],
    ['no-data-field', '`data` is missing', 1],
    ['bad-sample', 'malformed sample', 1],
  ] as Array<[Fault, string, number]>)(
    '%s makes every signal ERROR (detail says why), retried only when transient',
    async (fault, why, attempts) => {
      const { poll, calls } = fakeSource([fault]);
      const readings = await poll();
      expect(readings.map((r) => [r.id, r.state])).toEqual([
        [`prometheus:${RULE}`, 'ERROR'],
        ['traffic', 'ERROR'],
      ]);
      for (const reading of readings) expect(reading.detail).toContain(why);
      // Two queries (rule + traffic), each tried `attempts` times.
      expect(calls).toHaveLength(2 * attempts);
    },
  );

  it('a rule with no series whose selectors match no series either is NO_DATA (a typo is not "clean"); empty traffic is NO_DATA', async () => {
    const readings = await fakeSource(['empty']).poll();
    expect(byId(readings, `prometheus:${RULE}`)).toMatchObject({ state: 'NO_DATA' });
    expect(byId(readings, `prometheus:${RULE}`).detail).toMatch(
      /^no series of .* \(is a metric name misspelt\?\)$/,
    );
    const traffic = byId(readings, 'traffic');
    expect(traffic.state).toBe('NO_DATA');
    expect(traffic.value).toBeUndefined();
  });

  it('a rule returning a series is a BREACH naming its labels; traffic reads the count', async () => {
    const readings = await fakeSource(['series']).poll();
    const rule = byId(readings, `prometheus:${RULE}`);
    expect(rule).toMatchObject({ state: 'BREACH', value: 1, threshold: 'any series' });
    expect(rule.detail).toContain('{route="/x"} = 42');
    expect(byId(readings, 'traffic')).toMatchObject({ state: 'OK', value: 42 });
  });

  it.each(['nan', 'inf'] as const)(
    'a %s sample is never OK: a rule series still fires (alerting semantics), traffic has no count',
    async (fault) => {
      const readings = await fakeSource([fault]).poll();
      const rule = byId(readings, `prometheus:${RULE}`);
      expect(rule.state).toBe('BREACH');
      expect(rule.detail).toMatch(fault === 'nan' ? /= NaN/ : /= \+Inf/);
      const traffic = byId(readings, 'traffic');
      expect(traffic.state).toBe('NO_DATA');
      expect(traffic.detail).toContain('not a request count');
    },
  );

  it('a transient fault followed by a good answer is retried and then read normally', async () => {
    const { poll, calls } = fakeSource(['http503-timeout', 'http503-timeout', 'empty', 'empty']);
    const readings = await poll();
    expect(calls.slice(0, 4).map((c) => c.answer)).toEqual([
      'http503-timeout',
      'http503-timeout',
      'empty',
      'empty',
    ]);
    // The rule's empty answer is followed by the look for its series, which finds none.
    expect(readings.map((r) => r.state).sort()).toEqual(['NO_DATA', 'NO_DATA']);
  });

  it('poll rejects with CancelledError when aborted mid-read, instead of reporting ERROR readings', async () => {
    const { poll } = fakeSource(['hang'], { requestTimeoutMs: 60_000 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = poll(WINDOW, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an already aborted signal makes no request', async () => {
    const { poll, calls } = fakeSource(['empty']);
    await expect(poll(WINDOW, AbortSignal.abort())).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toHaveLength(0);
  });

  it('asks query_range over the whole window ending at `to`, and the raw traffic samples since bake start at `to`', async () => {
    const { poll, calls } = fakeSource(['empty'], { evaluationStepMs: 15_000 });
    await poll({ bakeStart: T - 600_500, from: T - 60_000, to: T });
    const range = calls.find((c) => c.url.pathname === '/api/v1/query_range')?.url.searchParams;
    expect(range?.get('query')).toBe(RULE);
    expect(range?.get('end')).toBe(String(T / 1000));
    expect(range?.get('start')).toBe(String((T - 60_000) / 1000));
    expect(range?.get('step')).toBe('15');
    const instant = calls.filter(
      (c) => c.url.pathname === '/api/v1/query' && !c.url.searchParams.get('query')?.startsWith('count('),
    );
    expect(instant).toHaveLength(1);
    // A range selector, not increase(): the raw samples in (to − 600.5 s, to] = (bakeStart, to].
    expect(instant[0]?.url.searchParams.get('query')).toBe('http_requests_total{job="shop"}[600500ms]');
    expect(instant[0]?.url.searchParams.get('time')).toBe(String(T / 1000));
  });

  it('the traffic range ends at `to` and starts exactly at bake start, so no pre-bake sample is in it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: T - 400 * 86_400_000, max: T }),
        fc.integer({ min: 1, max: 30 * 86_400_000 }),
        async (bakeStart, elapsed) => {
          const { poll, calls } = fakeSource(['empty'], { rules: [] });
          const to = bakeStart + elapsed;
          await poll({ bakeStart, from: bakeStart, to });
          expect(calls).toHaveLength(1);
          const params = calls[0]?.url.searchParams;
          const match = /^http_requests_total\{job="shop"\}\[(\d+)ms\]$/.exec(params?.get('query') ?? '');
          expect(match).not.toBeNull();
          const timeMs = Math.round(Number(params?.get('time')) * 1000);
          expect(timeMs).toBe(to);
          expect(timeMs - Number(match?.[1])).toBe(bakeStart);
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each([
    ['0 (the bake has just started)', T],
    ['negative (the clock went back)', T - 5_000],
  ])('traffic with elapsed time %s reads NO_DATA without asking Prometheus', async (_what, to) => {
    const { poll, calls } = fakeSource(['series']);
    const readings = await poll({ bakeStart: T, from: T - 60_000, to });
    const traffic = byId(readings, 'traffic');
    expect(traffic).toMatchObject({ state: 'NO_DATA', detail: 'the bake has just started' });
    expect(traffic.value).toBeUndefined();
    // Only the rule was asked for.
    expect(calls.map((c) => c.url.pathname)).toEqual(['/api/v1/query_range']);
  });

  it('traffic sums every series with two samples, following a reset; a one-sample series counts nothing', async () => {
    // The fake answers 42 as 10 before and 10 after a reset in one series, 22 in another, and a
    // lone sample of 5000 in a third.
    const readings = await fakeSource(['series'], { rules: [] }).poll();
    expect(readings).toEqual([
      expect.objectContaining({
        id: 'traffic',
        state: 'OK',
        value: 42,
        detail: expect.stringContaining('(2 series)'),
      }),
    ]);
  });

  it.each([
    ['only one sample in each series', [[[T - 1_000, '5']], [[T, '9000']]]],
    ['no sample at all in a series', [[]]],
  ])('traffic with %s is NO_DATA, never a count of 0', async (_what, samples) => {
    const fetch: Fetch = async () => ({
      status: 200,
      ok: true,
      text: async () =>
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: samples.map((values, i) => ({
              metric: { instance: `i${i}` },
              values: values.map(([ms, v]) => [(ms as number) / 1000, v]),
            })),
          },
        }),
    });
    const readings = await fakeSource(['empty'], { rules: [], fetch }).poll();
    expect(readings).toEqual([
      expect.objectContaining({
        id: 'traffic',
        state: 'NO_DATA',
        detail: expect.stringContaining('no two samples'),
      }),
    ]);
    expect(readings[0]?.value).toBeUndefined();
  });
});

describe('anomaly rules (fake Prometheus)', () => {
  const BAKE = T - 600_000;
  const SELECTOR = 'http_requests_total{job="shop", code="500"}';
  const rule = (condition: string): PrometheusAnomalyRule =>
    parseAnomalyRules('anomaly', `prometheus ${SELECTOR} ${condition}`).filter(
      isPrometheusAnomalyRule,
    )[0] as PrometheusAnomalyRule;
  type Increase = number | 'none';

  /**
   * Answers raw-sample queries with one counter series rising by `baseline` when asked at the bake
   * start (the baseline window) and by `current` otherwise; `none` answers no series at all.
   */
  function counterFetch(increases: { baseline: Increase; current: Increase }): {
    fetch: Fetch;
    calls: URL[];
  } {
    const calls: URL[] = [];
    const fetch: Fetch = async (url) => {
      const parsed = new URL(url);
      calls.push(parsed);
      const timeMs = Math.round(Number(parsed.searchParams.get('time')) * 1000);
      const rangeMs = Number(/\[(\d+)ms\]$/.exec(parsed.searchParams.get('query') ?? '')?.[1]);
      const increase = timeMs === BAKE ? increases.baseline : increases.current;
      const result =
        increase === 'none'
          ? []
          : [
              {
                metric: { job: 'shop', code: '500' },
                values: [
                  [(timeMs - rangeMs + 1_000) / 1000, '1000'],
                  [timeMs / 1000, String(1000 + increase)],
                ],
              },
            ];
      return {
        status: 200,
        ok: true,
        text: async () => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }),
      };
    };
    return { fetch, calls };
  }

  const anomalySource = (
    rules: PrometheusAnomalyRule[],
    fetch: Fetch,
    extra: Partial<PrometheusSourceOptions> = {},
  ) => {
    const clock = new ManualClock(T);
    return createPrometheusSource({
      url: 'http://prometheus.test:9090',
      rules: [],
      anomaly: rules,
      fetch,
      clock,
      sleep: clock.sleep,
      retryPolicy: QUICK_RETRY,
      requestTimeoutMs: 20,
      ...extra,
    });
  };
  const at = (to: number): PollWindow => ({ bakeStart: BAKE, from: to - 15_000, to });

  it('a 5xx rate 5x its baseline breaches `rises 3x`; the baseline is read at the bake start, the current window at now', async () => {
    const rises = rule('rises 3x');
    const { fetch, calls } = counterFetch({ baseline: 600, current: 250 });
    const readings = await anomalySource([rises], fetch).poll(at(T));
    expect(readings).toEqual([
      {
        id: `anomaly:prometheus ${SELECTOR} rises 3x`,
        kind: 'anomaly',
        state: 'BREACH',
        value: 50,
        threshold: '> 3 × 10/min (baseline)',
        detail: '50/min over the last 5m (250 events), above 3 × the baseline 10/min (600 events over 1h)',
        readAt: T,
      },
    ]);
    const asked = calls.map((url) => [url.searchParams.get('query'), url.searchParams.get('time')]);
    expect(asked).toEqual(
      expect.arrayContaining([
        [`${SELECTOR}[3600000ms]`, String(BAKE / 1000)],
        [`${SELECTOR}[300000ms]`, String(T / 1000)],
      ]),
    );
    expect(asked).toHaveLength(2);
  });

  it('reads the baseline once per bake, and the current window as the whole bake while it is shorter than 5m', async () => {
    const { fetch, calls } = counterFetch({ baseline: 600, current: 30 });
    const source = anomalySource([rule('rises 3x')], fetch);
    const [early] = await source.poll(at(BAKE + 90_000));
    // 30 events over 1m30s: 20/min, within 3 × 10/min.
    expect(early).toMatchObject({ state: 'OK', value: 20 });
    await source.poll(at(BAKE + 105_000));
    expect(calls.map((url) => url.searchParams.get('query'))).toEqual([
      `${SELECTOR}[3600000ms]`,
      `${SELECTOR}[90000ms]`,
      `${SELECTOR}[105000ms]`,
    ]);
  });

  it('`drops to zero`: a flat counter over 5m after 10/min breaches; a vanished series is NO_DATA for both conditions', async () => {
    const drop = rule('drops to zero');
    const flat = await anomalySource([drop], counterFetch({ baseline: 600, current: 0 }).fetch).poll(at(T));
    expect(flat[0]).toMatchObject({
      state: 'BREACH',
      value: 0,
      threshold: '> 0/min (baseline 10/min)',
      detail: 'no events over the last 5m, after a baseline 10/min (600 events over 1h)',
    });
    const gone = await anomalySource(
      [drop, rule('rises 3x')],
      counterFetch({ baseline: 600, current: 'none' }).fetch,
    ).poll(at(T));
    // Neither a drop nor proof of no rise: the series may be gone with its target.
    expect(gone).toHaveLength(2);
    for (const reading of gone) {
      expect(reading).toMatchObject({
        state: 'NO_DATA',
        detail: `${SELECTOR} has no two samples in the current window`,
      });
    }
  });

  it('no baseline series is NO_DATA, never OK, and is asked again at the next poll', async () => {
    const { fetch, calls } = counterFetch({ baseline: 'none', current: 5 });
    const source = anomalySource([rule('rises 3x'), rule('drops to zero')], fetch);
    for (const to of [T, T + 15_000]) {
      const readings = await source.poll(at(to));
      expect(readings.map((r) => r.state)).toEqual(['NO_DATA', 'NO_DATA']);
      expect(readings[0]?.detail).toBe(
        `no baseline: ${SELECTOR} has no two samples in the 1h before the bake`,
      );
    }
    expect(calls.filter((url) => url.searchParams.get('time') === String(BAKE / 1000))).toHaveLength(4);
  });

  it('at the bake start the rule is NO_DATA without a query', async () => {
    const { fetch, calls } = counterFetch({ baseline: 600, current: 600 });
    const readings = await anomalySource([rule('rises 3x')], fetch).poll({ bakeStart: T, from: T, to: T });
    expect(readings[0]).toMatchObject({ state: 'NO_DATA', detail: 'the bake has just started' });
    expect(calls).toHaveLength(0);
  });

  it.each(FAULTS)('%s answers make the rule ERROR or NO_DATA, never OK', async (fault) => {
    const { fetch } = fakeFetch([fault]);
    const readings = await anomalySource([rule('rises 3x'), rule('drops to zero')], fetch, {
      requestTimeoutMs: 2,
    }).poll(at(T));
    for (const reading of readings) expect(['ERROR', 'NO_DATA']).toContain(reading.state);
  });

  it('no OK anomaly reading arises unless both of its windows were answered with samples (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Answer>(...FAULTS, 'empty', 'series'), { minLength: 1, maxLength: 8 }),
        async (answers) => {
          const { fetch, calls } = fakeFetch(answers);
          // With the fake's 42 per window: 0.7/min baseline, so a drop rule is judged OK when both answer.
          const readings = await anomalySource([rule('drops to zero')], fetch, { requestTimeoutMs: 2 }).poll(
            at(T),
          );
          const [reading] = readings;
          if (reading?.state !== 'OK') return;
          const last = (time: number) =>
            calls.filter((c) => c.url.searchParams.get('time') === String(time / 1000)).at(-1)?.answer;
          expect(last(BAKE)).toBe('series');
          expect(last(T)).toBe('series');
        },
      ),
      { numRuns: 150 },
    );
    // ...and OK does arise when they were, so the property can fail.
    const good = await anomalySource([rule('drops to zero')], fakeFetch(['series']).fetch).poll(at(T));
    expect(good[0]).toMatchObject({ state: 'OK', detail: expect.stringMatching(/^baseline below 1\/min/) });
  });
});

describe('rawIncrease', () => {
  it('is last − first for a counter that only rises', () => {
    expect(rawIncrease([100, 103, 103, 140])).toBe(40);
  });

  it('follows a reset: after a drop the counter counted from 0', () => {
    expect(rawIncrease([10, 15, 3, 8])).toBe(5 + 3 + 5);
    // Two resets, one of them to exactly 0.
    expect(rawIncrease([50, 60, 0, 4, 2, 9])).toBe(10 + 0 + 4 + 2 + 7);
  });

  it('reads nothing from one sample or none', () => {
    expect(rawIncrease([1234])).toBe(0);
    // A NaN or infinite sample anywhere is no count, also first (it would otherwise be skipped).
    for (const bad of [
      [Number.NaN, 5],
      [Infinity, 5],
      [3, Number.NaN, 9],
      [1, 2, -Infinity],
    ]) {
      expect(rawIncrease(bad)).toBeNaN();
    }
    expect(rawIncrease([])).toBe(0);
  });

  it('is ≥ 0 for non-negative samples, and last − first when they never decrease (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e15, noNaN: true }), { maxLength: 50 }), (values) => {
        expect(rawIncrease(values)).toBeGreaterThanOrEqual(0);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 50 }),
        (unsorted) => {
          const values = [...unsorted].sort((x, y) => x - y);
          expect(rawIncrease(values)).toBe((values.at(-1) as number) - (values[0] as number));
        },
      ),
    );
  });
});

describe('ruleEvaluationRange', () => {
  it('always evaluates the end instant and never starts before `from`', () => {
    expect(ruleEvaluationRange({ from: 1_000, to: 50_000 }, 15_000)).toEqual({
      startMs: 5_000,
      endMs: 50_000,
      stepMs: 15_000,
      points: 4,
    });
  });

  it('grows the step so a 30-day window (resumed checkpoint, clock jump) stays under the point limit', () => {
    const range = ruleEvaluationRange({ from: T - 30 * 86_400_000, to: T }, 15_000);
    expect(range.points).toBeLessThanOrEqual(MAX_RANGE_POINTS);
    expect(range.endMs).toBe(T);
    expect(range.startMs).toBeGreaterThanOrEqual(T - 30 * 86_400_000);
    expect(range.startMs - (T - 30 * 86_400_000)).toBeLessThan(range.stepMs);
  });

  it('evaluates only `to` when the window runs backwards (the clock jumped back)', () => {
    expect(ruleEvaluationRange({ from: T, to: T - 5_000 }, 15_000)).toMatchObject({
      startMs: T - 5_000,
      endMs: T - 5_000,
      points: 1,
    });
  });

  it('holds for any window: ≤ the point limit, gaps ≤ one step, end included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        (from, to, step) => {
          const range = ruleEvaluationRange({ from, to }, step);
          expect(range.points).toBeLessThanOrEqual(MAX_RANGE_POINTS);
          expect(range.endMs).toBe(to);
          expect(range.stepMs).toBeGreaterThanOrEqual(step);
          expect(range.startMs).toBe(range.endMs - (range.points - 1) * range.stepMs);
          if (to >= from) expect(range.startMs - from).toBeLessThan(range.stepMs);
          expect(range.startMs).toBeGreaterThanOrEqual(Math.min(from, to));
        },
      ),
    );
  });
});

describe('prometheus source under random fault sequences (property)', () => {
  it('no OK reading arises from a faulted answer, and poll never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Answer>(...FAULTS, 'empty', 'series'), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (answers, maxAttempts) => {
          const { fetch, calls } = fakeFetch(answers);
          const clock = new ManualClock(T);
          const rules = ['a > 0', 'b > 0'];
          const readings = await createPrometheusSource({
            url: 'http://prometheus.test',
            rules,
            traffic: { selector: 'c_total' },
            fetch,
            clock,
            sleep: clock.sleep,
            retryPolicy: { ...QUICK_RETRY, maxAttempts },
            requestTimeoutMs: 2,
          }).poll(WINDOW);
          expect(readings.map((r) => r.id)).toEqual(['prometheus:a > 0', 'prometheus:b > 0', 'traffic']);
          // What each query last received decides whether OK is allowed.
          const last = (match: (url: URL) => boolean): Answer | undefined =>
            calls.filter((c) => match(c.url)).at(-1)?.answer;
          for (const rule of rules) {
            const reading = byId(readings, `prometheus:${rule}`);
            if (reading.state === 'OK') {
              expect(last((u) => u.searchParams.get('query') === rule)).toBe('empty');
              // ... and only with evidence that the rule's series exist.
              const metric = rule.split(' ')[0] as string;
              expect(
                last(
                  (u) => u.searchParams.get('query')?.startsWith(`count(last_over_time(${metric}[`) ?? false,
                ),
              ).toBe('series');
            }
          }
          const traffic = byId(readings, 'traffic');
          if (traffic.state === 'OK') {
            expect(last((u) => u.searchParams.get('query')?.startsWith('c_total[') ?? false)).toBe('series');
            expect(traffic.value).toBe(42);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when every answer is a fault, no reading is OK', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 6 }),
        async (answers) => {
          const { fetch } = fakeFetch(answers);
          const clock = new ManualClock(T);
          const readings = await createPrometheusSource({
            url: 'http://prometheus.test',
            rules: ['a > 0'],
            traffic: { selector: 'c_total' },
            fetch,
            clock,
            sleep: clock.sleep,
            retryPolicy: QUICK_RETRY,
            requestTimeoutMs: 2,
          }).poll(WINDOW);
          expect(readings).toHaveLength(2);
          for (const reading of readings) expect(reading.state).not.toBe('OK');
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('parsePrometheusTraffic', () => {
  it('accepts `prometheus <selector>` and keeps the selector verbatim', () => {
    expect(
      parsePrometheusTraffic('traffic', '  prometheus http_requests_total{job="shop", code!~"5.."} '),
    ).toEqual({
      selector: 'http_requests_total{job="shop", code!~"5.."}',
    });
    expect(parsePrometheusTraffic('traffic', 'prometheus {__name__="hits_total"}')).toEqual({
      selector: '{__name__="hits_total"}',
    });
  });

  it.each([
    'cloudwatch AWS/ApplicationELB RequestCount',
    'prometheus',
    'prometheus ',
    'prometheus http_requests_total[5m]',
    'prometheus rate(http_requests_total[5m])',
    'prometheus http_requests_total{job="shop"',
    'prometheus {}',
    'Prometheus http_requests_total',
  ])('refuses `%s` with an InputError naming the input and an example', (raw) => {
    let caught: unknown;
    try {
      parsePrometheusTraffic('traffic', raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).input).toBe('traffic');
    expect((caught as Error).message).toContain('prometheus http_requests_total{job="shop"}');
  });
});

describe('parsePrometheusUrl', () => {
  it('accepts http and https base URLs, path prefixes included, without a trailing slash', () => {
    expect(parsePrometheusUrl('prometheus-url', 'http://127.0.0.1:9090/')).toBe('http://127.0.0.1:9090');
    expect(parsePrometheusUrl('prometheus-url', 'https://mimir.example.com/prometheus/')).toBe(
      'https://mimir.example.com/prometheus',
    );
  });

  it.each(['prometheus:9090', 'ftp://host/', 'http://host:9090/?x=1', '', 'not a url'])(
    'refuses `%s` with an InputError naming the input',
    (raw) => {
      expect(() => parsePrometheusUrl('prometheus-url', raw)).toThrow(/input `prometheus-url`/);
    },
  );

  it('refuses credentials in the URL without echoing them', () => {
    expect(() => parsePrometheusUrl('prometheus-url', 'https://bob:hunter22@prom.example.com')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter22') }),
    );
    expect(() => parsePrometheusUrl('prometheus-url', 'https://bob:hunter22@prom.example.com')).toThrow(
      InputError,
    );
  });
});

describe('prometheus source against a real Prometheus', () => {
  let stack: PrometheusStack;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    stack = await startPrometheusStack({
      routes: ['/checkout', '/spike', '/traffic', '/anomaly', '/steady'],
    });
  }, 40_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const source = (rules: string[], extra: Partial<PrometheusSourceOptions> = {}) =>
    createPrometheusSource({
      url: stack.prometheusUrl,
      rules,
      fetch,
      clock: systemClock,
      sleep: systemSleep,
      evaluationStepMs: 1000,
      ...extra,
    });
  const errorRatio = (route: string) =>
    `sum by (route) (rate(http_requests_total{route="${route}",code="500"}[3s])) / ` +
    `sum by (route) (rate(http_requests_total{route="${route}"}[3s])) > 0.1`;

  it('a rule is OK while requests succeed and BREACHes once the error ratio rises', async () => {
    const rule = errorRatio('/checkout');
    const watch = source([rule]);
    const bakeStart = Date.now();
    await stack.service.hit('/checkout', 200, 20);
    await stack.waitFor(
      'successful traffic to be visible',
      async () =>
        (await stack.query('rate(http_requests_total{route="/checkout",code="200"}[3s]) > 0')).length > 0,
    );
    let from = bakeStart;
    let to = Date.now();
    const [before] = await watch.poll({ bakeStart, from, to });
    expect(before).toMatchObject({ id: `prometheus:${rule}`, kind: 'prometheus', state: 'OK', value: 0 });

    await stack.service.hit('/checkout', 500, 20);
    let after: SignalReading | undefined;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      from = to;
      to = Date.now();
      [after] = await watch.poll({ bakeStart, from, to });
      if (after?.state !== 'OK') break;
      await sleep(250);
    }
    expect(after).toMatchObject({ state: 'BREACH', value: 1, threshold: 'any series' });
    expect(after?.detail).toContain('{route="/checkout"}');
  });

  it('a rule on a misspelt metric is NO_DATA, never clean; the same rule on the real metric is OK', async () => {
    await stack.service.hit('/steady', 200, 5);
    await stack.waitFor(
      'traffic to be visible',
      async () => (await stack.query('http_requests_total{route="/steady"}')).length > 0,
    );
    const real = 'sum(rate(http_requests_total{route="/steady",code="500"}[3s])) > 1';
    const typo = 'sum(rate(http_request_total{route="/steady",code="500"}[3s])) > 1';
    const to = Date.now();
    const readings = await source([real, typo]).poll({ bakeStart: to - 5000, from: to - 5000, to });
    expect(byId(readings, `prometheus:${real}`).state).toBe('OK');
    expect(byId(readings, `prometheus:${typo}`)).toMatchObject({ state: 'NO_DATA' });
    expect(byId(readings, `prometheus:${typo}`).detail).toContain(
      'no series of http_request_total{route="/steady",code="500"}',
    );
  });

  it('a spike that starts and ends between two polls is a BREACH when the window covers it', async () => {
    const rule = errorRatio('/spike');
    const watch = source([rule]);
    const from = Date.now();
    await stack.service.hit('/spike', 200, 10);
    await stack.service.hit('/spike', 500, 10);
    await stack.waitFor('the spike to fire', async () => (await stack.query(rule)).length > 0);
    await stack.waitFor('the spike to end', async () => (await stack.query(rule)).length === 0);
    const to = Date.now();

    // Read at the poll instant only, the spike is already gone...
    const [instant] = await watch.poll({ bakeStart: from, from: to, to });
    expect(instant?.state).toBe('OK');
    // ...read over the window since the previous poll, it is not.
    const [windowed] = await watch.poll({ bakeStart: from, from, to });
    expect(windowed).toMatchObject({ state: 'BREACH', value: 1 });
    expect(windowed?.detail).toContain('{route="/spike"}');
  });

  it('traffic counts exactly the requests made after bake start and its first scrape; pre-bake traffic stays out', async () => {
    const selector = 'http_requests_total{route="/traffic"}';
    const counter = 'http_requests_total{route="/traffic",code="200"}';
    const scrapedAfter = async (ms: number): Promise<boolean> =>
      (await stack.query(`timestamp(${counter})`)).some((r) => Math.round(Number(r.value) * 1000) > ms);
    // 1000 requests served before the bake and scraped before it starts...
    stack.service.record('/traffic', 200, 1000);
    await stack.waitFor('pre-bake traffic to be scraped', async () =>
      (await stack.query(counter)).some((r) => r.value === '1000'),
    );
    // ...and 7 more served just before it starts, not yet scraped: the last pre-bake sample reads
    // 1000, the first one in the bake 1007. Were a pre-bake sample in the range, 7 of them would count.
    stack.service.record('/traffic', 200, 7);
    const bakeStart = Date.now();
    // The first scrape in the bake is the baseline: requests before it cannot be told from pre-bake
    // ones (the count errs low by them), so the bake traffic starts only once it has been taken.
    await stack.waitFor('a scrape after bake start', () => scrapedAfter(bakeStart));
    const minTraffic = 40;
    await stack.service.hit('/traffic', 200, minTraffic);
    const lastRequest = Date.now();
    // Read only once a scrape taken after the last request is in Prometheus.
    await stack.waitFor('a scrape after the last request', () => scrapedAfter(lastRequest));
    expect(await stack.query(counter)).toEqual([
      expect.objectContaining({ value: String(1000 + 7 + minTraffic) }),
    ]);
    const to = Date.now();
    const readings = await source([], { traffic: { selector } }).poll({ bakeStart, from: bakeStart, to });
    expect(readings).toHaveLength(1);
    const traffic = readings[0] as SignalReading;
    expect(traffic).toMatchObject({ id: 'traffic', kind: 'traffic', state: 'OK' });
    // Exactly the 40: no extrapolation (increase() read about 60 here), no pre-bake 7 or 1000. The
    // code="500" series of the route is matched too and adds its increase of 0.
    expect(traffic.value).toBe(minTraffic);
    expect(traffic.detail).toContain('(2 series)');
  });

  it('traffic over a counter with no series is NO_DATA; a PromQL parse error is ERROR and not retried', async () => {
    let calls = 0;
    const counting: Fetch = (url, init) => {
      calls++;
      return fetch(url, init);
    };
    const now = Date.now();
    const readings = await source(['sum(rate(http_requests_total[5m]'], {
      traffic: { selector: 'no_such_requests_total' },
      fetch: counting,
    }).poll({ bakeStart: now - 10_000, from: now - 5_000, to: now });
    expect(byId(readings, 'traffic').state).toBe('NO_DATA');
    const rule = byId(readings, 'prometheus:sum(rate(http_requests_total[5m]');
    expect(rule.state).toBe('ERROR');
    expect(rule.detail).toMatch(/HTTP 400 \(bad_data\): .*parse error/);
    expect(calls).toBe(2);
  });

  it('an anomaly rule breaches on a real 5xx burst over its baseline; a steady route stays OK', async () => {
    const [burst, steady] = parseAnomalyRules(
      'anomaly',
      [
        'prometheus http_requests_total{route="/anomaly",code="500"} rises 3x',
        'prometheus http_requests_total{route="/steady",code="500"} rises 3x',
      ].join('\n'),
    ).filter(isPrometheusAnomalyRule) as [PrometheusAnomalyRule, PrometheusAnomalyRule];
    const scrapedAfter = async (ms: number): Promise<boolean> =>
      (await stack.query('timestamp(http_requests_total{route="/anomaly",code="500"})')).some(
        (r) => Math.round(Number(r.value) * 1000) > ms,
      );
    // The baseline: about one error a second on both routes, for 6 s (the test passes a short
    // `baseline` straight to the source; the input's 5m minimum is the parser's).
    const baselineStart = Date.now();
    for (let i = 0; i < 6; i++) {
      await Promise.all([stack.service.hit('/anomaly', 500, 1), stack.service.hit('/steady', 500, 1)]);
      await sleep(1000);
    }
    const bakeStart = Date.now();
    // As for traffic, the first scrape in the bake is where counting starts.
    await stack.waitFor('a scrape after bake start', () => scrapedAfter(bakeStart));
    await Promise.all([stack.service.hit('/anomaly', 500, 100), stack.service.hit('/steady', 500, 1)]);
    const lastRequest = Date.now();
    await stack.waitFor('a scrape after the burst', () => scrapedAfter(lastRequest));
    const to = Date.now();
    const readings = await source([], {
      anomaly: [burst, steady],
      baselineMs: bakeStart - baselineStart,
    }).poll({
      bakeStart,
      from: bakeStart,
      to,
    });
    const burstReading = byId(readings, burst.id);
    expect(burstReading).toMatchObject({ kind: 'anomaly', state: 'BREACH' });
    expect(burstReading.detail).toMatch(/\(100 events\), above 3 × the baseline/);
    expect(byId(readings, steady.id)).toMatchObject({ state: 'OK' });
  });

  // Last: it stops Prometheus for good.
  it('Prometheus stopped mid-bake: its signals read ERROR, and the bake is unhealthy at error-limit', async () => {
    const rule = 'up{job="no-such-job"}'; // empty result: OK while Prometheus answers
    const watch = source([rule], {
      traffic: { selector: 'http_requests_total' },
      retryPolicy: { ...QUICK_RETRY, maxAttempts: 2 },
    });
    const seen: string[][] = [];
    let polls = 0;
    const stopping: SignalSource = {
      name: 'prometheus',
      async poll(window, signal) {
        if (++polls === 3) await stack.stopPrometheus();
        const readings = await watch.poll(window, signal);
        seen.push(readings.map((r) => r.state));
        for (const reading of readings) expect(reading.state === 'ERROR').toBe(polls >= 3);
        return readings;
      },
    };
    const result = await runBake(
      [stopping],
      {
        durationMs: 60_000,
        maxDurationMs: 60_000,
        pollIntervalMs: 1_000,
        breachLimit: 1,
        errorLimit: 3,
        noData: 'extend',
        minTraffic: undefined,
        checkpoint: '',
        fingerprint: 'prometheus-stopped',
        runForMs: 0,
      },
      {
        clock: systemClock,
        sleep: systemSleep,
        log: {
          info: () => undefined,
          warning: () => undefined,
          error: () => undefined,
          debug: () => undefined,
        },
      },
    );
    expect(result.verdict).toBe('unhealthy');
    expect(result.state.polls).toBe(5); // two good polls, then three errors in a row
    expect(result.reason).toMatch(/could not be read 3 times in a row \(error-limit 3\): .*ECONNREFUSED/);
    expect(seen.at(-1)).toEqual(['ERROR', 'ERROR']);
  }, 30_000);
});
