import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CancelledError, InputError } from '../../packages/core/src/errors.js';
import { ManualClock, systemClock, systemSleep } from '../../packages/core/src/time/clock.js';
import type { RetryPolicy } from '../../packages/core/src/time/retry.js';
import type { Fetch, PollWindow, SignalReading } from '../../packages/core/src/bake/signal.js';
import { isPrometheusRetryable } from '../../packages/core/src/bake/sources/prometheus-client.js';
import {
  createAlertmanagerSource,
  parseAlertmanagerMatchers,
  parseAlertmanagerUrl,
  type AlertmanagerSourceOptions,
} from '../../packages/core/src/bake/sources/alertmanager-source.js';
import { FAULTS, fakeFetch, type Answer, type Fault } from '../support/fake-fetch.js';
import { SHOP_ALERT, startPrometheusStack, type PrometheusStack } from '../support/prometheus-stack.js';

const T = 1_795_000_000_000;
const WINDOW: PollWindow = { bakeStart: T - 600_000, from: T - 15_000, to: T };
const QUICK_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 20,
  deadlineMs: 60_000,
  isRetryable: isPrometheusRetryable,
};
const SHOP_PAGE = parseAlertmanagerMatchers('alertmanager-matchers', 'service="shop", severity="page"');

function fakeSource(answers: readonly Answer[], extra: Partial<AlertmanagerSourceOptions> = {}) {
  const { fetch, calls } = fakeFetch(answers);
  const clock = new ManualClock(T);
  const source = createAlertmanagerSource({
    url: 'http://alertmanager.test:9093/',
    matchers: SHOP_PAGE,
    fetch,
    clock,
    sleep: clock.sleep,
    retryPolicy: QUICK_RETRY,
    requestTimeoutMs: 20,
    random: () => 1,
    ...extra,
  });
  return { poll: (signal?: AbortSignal) => source.poll(WINDOW, signal), calls };
}

describe('alertmanager source with a faulting fake Alertmanager', () => {
  it('asks for active, unsilenced, uninhibited, processed alerts with one filter per matcher', async () => {
    const { poll, calls } = fakeSource(['empty']);
    await poll();
    const url = calls[0]?.url;
    expect(url?.pathname).toBe('/api/v2/alerts');
    expect(url?.searchParams.get('active')).toBe('true');
    expect(url?.searchParams.get('silenced')).toBe('false');
    expect(url?.searchParams.get('inhibited')).toBe('false');
    expect(url?.searchParams.get('unprocessed')).toBe('false');
    expect(url?.searchParams.getAll('filter')).toEqual(['service="shop"', 'severity="page"']);
  });

  it('no matching alert is OK; an active one is a BREACH naming its alertname and labels', async () => {
    const [ok] = await fakeSource(['empty']).poll();
    expect(ok).toMatchObject({
      id: 'alertmanager:service="shop", severity="page"',
      kind: 'alertmanager',
      state: 'OK',
      value: 0,
    });
    const [breach] = await fakeSource(['series']).poll();
    expect(breach).toMatchObject({ state: 'BREACH', value: 1, threshold: 'any alert' });
    expect(breach?.detail).toContain('ShopDown {service="shop"}');
  });

  it('a label named like an Object.prototype member is kept as a label, never dropped', async () => {
    // JSON.parse makes `__proto__` an own key; assigning it to a plain object would set the prototype.
    const body =
      '[{"labels":{"alertname":"ShopDown","__proto__":"evil","toString":"x"},"status":{"state":"active"},' +
      '"startsAt":"2026-11-19T10:00:00Z"}]';
    const fetch: Fetch = async () => new Response(body, { status: 200 });
    const [breach] = await fakeSource([], { fetch }).poll();
    expect(breach).toMatchObject({ state: 'BREACH' });
    expect(breach?.detail).toContain('__proto__="evil"');
    expect(breach?.detail).toContain('toString="x"');
  });

  it.each([
    ['http500', 'HTTP 500', 3],
    ['http429', 'HTTP 429', 3],
    ['refused', 'ECONNREFUSED', 3],
    ['hang', 'no answer within 20 ms', 3],
    ['body-reset', 'ECONNRESET', 3],
    ['bad_data', 'HTTP 400', 1],
    ['malformed', 'not JSON', 1],
    ['html', 'not JSON', 1],
    ['wrong-type', 'not a JSON array', 1],
    ['inf', 'not a JSON array', 1],
    ['nan', 'alert 0 has no labels', 1],
    ['no-data-field', 'no status.state', 1],
  ] as Array<[Fault, string, number]>)(
    '%s reads ERROR (detail says why), retried only when transient',
    async (fault, why, attempts) => {
      const { poll, calls } = fakeSource([fault]);
      const readings = await poll();
      expect(readings).toHaveLength(1);
      expect(readings[0]?.state).toBe('ERROR');
      expect(readings[0]?.detail).toContain(why);
      expect(calls).toHaveLength(attempts);
    },
  );

  it('an alert Alertmanager reports as suppressed does not breach even if the filter was dropped', async () => {
    const fetch: Fetch = async () => ({
      status: 200,
      ok: true,
      text: async () =>
        JSON.stringify([
          { labels: { alertname: 'Old' }, status: { state: 'suppressed', silencedBy: ['x'] } },
        ]),
    });
    const [reading] = await fakeSource([], { fetch }).poll();
    expect(reading?.state).toBe('OK');
  });

  it('poll rejects with CancelledError when aborted mid-read', async () => {
    const { poll } = fakeSource(['hang'], { requestTimeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = poll(controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('no OK reading arises from a faulted answer, for any fault sequence (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Answer>(...FAULTS, 'empty', 'series'), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (answers, maxAttempts) => {
          const { poll, calls } = fakeSource(answers, {
            retryPolicy: { ...QUICK_RETRY, maxAttempts },
            requestTimeoutMs: 2,
          });
          const readings = await poll();
          expect(readings).toHaveLength(1);
          const reading = readings[0] as SignalReading;
          if (reading.state === 'OK') expect(calls.at(-1)?.answer).toBe('empty');
          if (answers.every((a) => a !== 'empty')) expect(reading.state).not.toBe('OK');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('parseAlertmanagerMatchers', () => {
  it('accepts =, !=, =~ and !~ separated by commas or newlines, quoted or bare, braces allowed', () => {
    expect(
      parseAlertmanagerMatchers(
        'alertmanager-matchers',
        'service="shop", severity=~"page|ticket"\n# comment\nteam!=payments\nregion!~"eu-.*"',
      ),
    ).toEqual([
      { name: 'service', op: '=', value: 'shop' },
      { name: 'severity', op: '=~', value: 'page|ticket' },
      { name: 'team', op: '!=', value: 'payments' },
      { name: 'region', op: '!~', value: 'eu-.*' },
    ]);
  });

  it('accepts the list wrapped in braces, as Alertmanager prints it', () => {
    expect(parseAlertmanagerMatchers('m', '{service="shop",severity="page"}')).toEqual(SHOP_PAGE);
  });

  it('keeps commas and escaped quotes inside a quoted value', () => {
    expect(parseAlertmanagerMatchers('m', 'path=~"/a,/b", note="say \\"hi\\""')).toEqual([
      { name: 'path', op: '=~', value: '/a,/b' },
      { name: 'note', op: '=', value: 'say "hi"' },
    ]);
  });

  it.each([
    '',
    '  ',
    'service',
    'service:"shop"',
    'service="shop" severity="page"',
    '1abc="x"',
    'a=~"("',
    'a="unterminated',
  ])('refuses `%s` with an InputError naming the input and an example', (raw) => {
    let caught: unknown;
    try {
      parseAlertmanagerMatchers('alertmanager-matchers', raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).input).toBe('alertmanager-matchers');
    expect((caught as Error).message).toContain('service="shop", severity="page"');
  });

  it('parseAlertmanagerUrl accepts an http(s) base URL and refuses anything else', () => {
    expect(parseAlertmanagerUrl('alertmanager-url', 'http://127.0.0.1:9093/')).toBe('http://127.0.0.1:9093');
    expect(() => parseAlertmanagerUrl('alertmanager-url', 'alertmanager:9093')).toThrow(InputError);
  });
});

describe('alertmanager source against real Prometheus and Alertmanager', () => {
  let stack: PrometheusStack;

  beforeAll(async () => {
    stack = await startPrometheusStack({ alertmanager: true, routes: ['/checkout'] });
  }, 40_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const source = (raw: string) =>
    createAlertmanagerSource({
      url: stack.alertmanagerUrl as string,
      matchers: parseAlertmanagerMatchers('alertmanager-matchers', raw),
      fetch,
      clock: systemClock,
      sleep: systemSleep,
    });
  const window = (): PollWindow => ({
    bakeStart: Date.now() - 1000,
    from: Date.now() - 1000,
    to: Date.now(),
  });

  it('is OK while no alert fires, BREACHes once the rule fires, and only for matching matchers', async () => {
    const page = source('service="shop", severity="page"');
    const regex = source('service="shop", severity=~"page|ticket"');
    const other = source('service="billing"');
    const notPage = source('service="shop", severity!="page"');

    await stack.service.hit('/checkout', 200, 20);
    await stack.waitFor(
      'successful traffic to be visible',
      async () =>
        (await stack.query('rate(http_requests_total{route="/checkout",code="200"}[3s]) > 0')).length > 0,
    );
    const [quiet] = await page.poll(window());
    expect(quiet).toMatchObject({ state: 'OK', value: 0 });

    await stack.service.hit('/checkout', 500, 20);
    let fired: SignalReading | undefined;
    await stack.waitFor(
      'the alert to reach Alertmanager',
      async () => {
        [fired] = await page.poll(window());
        return fired?.state === 'BREACH';
      },
      10_000,
    );
    expect(fired).toMatchObject({ id: 'alertmanager:service="shop", severity="page"', value: 1 });
    expect(fired?.detail).toContain(SHOP_ALERT.name);
    expect(fired?.detail).toContain('service="shop"');
    // Read while the alert is still active: the matchers decide what counts.
    const [viaRegex] = await regex.poll(window());
    const [unrelated] = await other.poll(window());
    const [negated] = await notPage.poll(window());
    expect(viaRegex?.state).toBe('BREACH');
    expect(unrelated).toMatchObject({ state: 'OK', value: 0 });
    expect(negated).toMatchObject({ state: 'OK', value: 0 });
  });
});
