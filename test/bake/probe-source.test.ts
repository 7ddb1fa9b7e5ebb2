import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../packages/core/src/errors.js';
import {
  BODY_CAP_BYTES,
  DEFAULT_PROBE_TIMEOUT_MS,
  MAX_PROBE_LATENCY_MS,
  PROBE_METHODS,
  createProbeSource,
  parseProbes,
  probeTimeoutMs,
  type Probe,
  type ProbeFetch,
} from '../../packages/core/src/bake/sources/probe-source.js';
import type { PollWindow, SignalReading } from '../../packages/core/src/bake/signal.js';
import { ManualClock, systemClock } from '../../packages/core/src/time/clock.js';
import { startProbeTarget, type ProbeTarget } from '../support/probe-target.js';

const WINDOW: PollWindow = { bakeStart: 0, from: 0, to: 0 };
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The message of the error `run` throws, after checking it is one InputError line for `probes`. */
function refusal(run: () => unknown): string {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  const message = (caught as Error).message;
  expect(message).toMatch(/^input `probes`: line `.*example of a valid value: `GET https:/);
  expect(message).not.toContain('\n');
  return message;
}

describe('parseProbes', () => {
  it.each([
    [
      'GET https://api.example.com/health 200 <800ms',
      { method: 'GET', url: 'https://api.example.com/health', status: 200, latencyBoundMs: 800 },
    ],
    [
      'HEAD http://127.0.0.1:8080/ 204 <2s',
      { method: 'HEAD', url: 'http://127.0.0.1:8080/', status: 204, latencyBoundMs: 2000 },
    ],
    [
      'post https://api.example.com/orders?dry=1 201',
      { method: 'POST', url: 'https://api.example.com/orders?dry=1', status: 201 },
    ],
    [
      'options\thttps://x.example/  204   <1m30s',
      { method: 'OPTIONS', url: 'https://x.example/', status: 204, latencyBoundMs: 90_000 },
    ],
  ])('parses %j into method (upper-cased), URL as written, status and bound', (line, probe) => {
    expect(parseProbes('probes', line)).toEqual([probe]);
  });

  it('reads one probe per line, skipping blank and # comment lines, and nothing from an empty input', () => {
    const raw = '# health\nGET https://a.example/health 200 <800ms\n\n  DELETE https://a.example/cache 204\n';
    expect(parseProbes('probes', raw).map((p) => `${p.method} ${p.url}`)).toEqual([
      'GET https://a.example/health',
      'DELETE https://a.example/cache',
    ]);
    expect(parseProbes('probes', '')).toEqual([]);
  });

  it.each([
    ['FETCH https://a.example/ 200', /`FETCH` is not one of GET, HEAD/],
    ['GET https://a.example/ 42', /`42` is not an HTTP status/],
    ['GET https://a.example/ 600 <1s', /`600` is not an HTTP status/],
    ['GET https://a.example/ 200 <0s', /`<0s` is not a positive latency bound/],
    ['GET https://a.example/ 200 800ms', /`800ms` is not a latency bound/],
    ['GET https://a.example/ 200 <800', /`<800` is not a latency bound/],
    ['GET https://a.example/ 200 <2h', /`<2h` is longer than the longest latency bound, <1h/],
    ['GET ftp://a.example/ 200', /not an http or https URL/],
    ['GET a.example/health 200', /is not a URL/],
    ['GET https://a.example/', /has 2 parts/],
    ['GET https://a.example/ 200 <1s extra', /has 5 parts/],
  ])('refuses %j with one line naming the input, the line and the fault', (line, fault) => {
    const message = refusal(() => parseProbes('probes', `GET https://ok.example/ 200\n${line}`));
    expect(message).toMatch(fault);
    expect(message).not.toContain('ok.example');
  });

  it('refuses credentials in a URL without echoing them', () => {
    const message = refusal(() =>
      parseProbes('probes', 'GET https://deployer:s3cr3t-pw@api.example.com/ 200'),
    );
    expect(message).toMatch(/credentials/);
    expect(message).not.toContain('s3cr3t');
    expect(message).not.toContain('deployer');
  });

  it('refuses two probes with the same method and URL, since their signal ids would collide', () => {
    const message = refusal(() =>
      parseProbes('probes', 'GET https://a.example/ 200\nget https://a.example/ 204 <1s'),
    );
    expect(message).toMatch(/repeats `GET https:\/\/a.example\/`/);
  });

  it('refuses two probes that differ only in a credential, since their redacted ids would collide', () => {
    const message = refusal(() =>
      parseProbes(
        'probes',
        'GET https://a.example/?token=one111 200\nGET https://a.example/?token=two222 200',
      ),
    );
    expect(message).toMatch(/shows as `GET https:\/\/a.example\/\?token=\*\*\*` like an earlier probe/);
    expect(message).not.toMatch(/one111|two222/);
  });

  const partsArb = fc.record({
    method: fc.constantFrom(...PROBE_METHODS).chain((m) => fc.mixedCase(fc.constant(m))),
    url: fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }),
    status: fc.integer({ min: 100, max: 599 }),
    bound: fc.option(
      fc
        .record({ amount: fc.integer({ min: 1, max: 100_000 }), unit: fc.constantFrom('ms', 's', 'm', 'h') })
        .filter(({ amount, unit }) => amount * UNIT_MS[unit] <= MAX_PROBE_LATENCY_MS),
      {
        nil: undefined,
      },
    ),
    separator: fc.constantFrom(' ', '  ', '\t'),
  });
  type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

  const lineOf = (p: Parts): string =>
    [p.method, p.url, String(p.status), ...(p.bound ? [`<${p.bound.amount}${p.bound.unit}`] : [])].join(
      p.separator,
    );
  const probeOf = (p: Parts): Probe => ({
    method: p.method.toUpperCase() as Probe['method'],
    url: p.url,
    status: p.status,
    ...(p.bound ? { latencyBoundMs: p.bound.amount * UNIT_MS[p.bound.unit] } : {}),
  });

  it('parses any valid line built from parts back into those parts', () => {
    fc.assert(
      fc.property(partsArb, (parts) => {
        expect(parseProbes('probes', lineOf(parts))).toEqual([probeOf(parts)]);
      }),
      { numRuns: 300 },
    );
  });

  it('parses several distinct valid lines into the same probes, in order', () => {
    const distinct = fc.uniqueArray(partsArb, {
      minLength: 1,
      maxLength: 6,
      selector: (p) => `${p.method.toUpperCase()} ${p.url}`,
    });
    fc.assert(
      fc.property(distinct, (list) => {
        expect(parseProbes('probes', list.map(lineOf).join('\n# comment\n'))).toEqual(list.map(probeOf));
      }),
    );
  });

  const upperMethods: readonly string[] = PROBE_METHODS;
  const mutationArb = fc.oneof(
    fc
      .record({
        what: fc.constant('bad method'),
        parts: partsArb,
        token: fc.stringMatching(/^[A-Za-z]{1,10}$/).filter((m) => !upperMethods.includes(m.toUpperCase())),
      })
      .map(({ what, parts, token }) => ({ what, line: lineOf({ ...parts, method: token }) })),
    fc
      .record({
        what: fc.constant('bad status'),
        parts: partsArb,
        token: fc.constantFrom('42', '600', 'abc', '99', '1000', '2OO', '-200', '200.0', '0200'),
      })
      .map(({ what, parts, token }) => ({
        what,
        line: lineOf(parts)
          .replace(` ${parts.status}`, ` ${token}`)
          .replace(`\t${parts.status}`, `\t${token}`),
      })),
    fc
      .record({
        what: fc.constant('bad bound'),
        parts: partsArb,
        token: fc.constantFrom('<0s', '<0', '<0ms', '<', '<abc', '800ms', '>800ms', '<-1s', '<1.5s', '<800'),
      })
      .map(({ what, parts, token }) => ({
        what,
        line: [lineOf({ ...parts, bound: undefined }), token].join(parts.separator),
      })),
    fc
      .record({ what: fc.constant('missing part'), parts: partsArb, drop: fc.integer({ min: 0, max: 2 }) })
      .map(({ what, parts, drop }) => {
        const tokens = lineOf(parts).split(/\s+/);
        tokens.splice(drop, 1);
        return { what, line: tokens.join(' ') };
      }),
    fc
      .record({
        what: fc.constant('extra part'),
        parts: partsArb,
        extra: fc.stringMatching(/^\S{1,8}$/),
      })
      .map(({ what, parts, extra }) => ({
        what,
        line: `${lineOf({ ...parts, bound: parts.bound ?? { amount: 1, unit: 's' } })} ${extra}`,
      })),
    fc
      .record({
        what: fc.constant('non-http scheme'),
        parts: partsArb,
        scheme: fc.constantFrom('ftp', 'file', 'ws', 'wss', 'gopher', 'javascript', 'data'),
      })
      .map(({ what, parts, scheme }) => ({
        what,
        line: lineOf({ ...parts, url: parts.url.replace(/^https?:/, `${scheme}:`) }),
      })),
    fc.record({ what: fc.constant('credentials'), parts: partsArb }).map(({ what, parts }) => ({
      what,
      line: lineOf({ ...parts, url: parts.url.replace('//', '//ci:s3cr3t@') }),
    })),
  );

  it('refuses every mutated line with one line starting "input `probes`:"', () => {
    fc.assert(
      fc.property(mutationArb, ({ what, line }) => {
        const message = refusal(() => parseProbes('probes', line));
        if (what === 'credentials') expect(message).not.toContain('s3cr3t');
      }),
      { numRuns: 500 },
    );
  });
});

describe('probeTimeoutMs', () => {
  const probe = (latencyBoundMs?: number): Probe => ({
    method: 'GET',
    url: 'https://a.example/',
    status: 200,
    ...(latencyBoundMs === undefined ? {} : { latencyBoundMs }),
  });

  it('is the latency bound plus one second, or 10 s without a bound, and never above the cap', () => {
    expect(probeTimeoutMs(probe(800))).toBe(1800);
    expect(probeTimeoutMs(probe())).toBe(DEFAULT_PROBE_TIMEOUT_MS);
    expect(DEFAULT_PROBE_TIMEOUT_MS).toBe(10_000);
    expect(probeTimeoutMs(probe(800), 500)).toBe(500);
    expect(probeTimeoutMs(probe(), 3000)).toBe(3000);
    expect(probeTimeoutMs(probe(800), 60_000)).toBe(1800);
  });
});

describe('createProbeSource with an injected fetch', () => {
  const [health] = parseProbes('probes', 'GET https://api.example.com/health 200 <800ms') as [Probe];
  const response = (status: number, body: ReadableStream<Uint8Array> | null = null) => ({
    status,
    ok: status >= 200 && status < 300,
    text: async () => '',
    body,
  });

  /** A fetch that, like the real one, only settles when its signal aborts. */
  const hangingFetch: ProbeFetch = (_url, init) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
    });

  it('sends the method, refuses to follow redirects, and reports OK with the latency and threshold', async () => {
    const clock = new ManualClock(1_000_000);
    const calls: { url: string; init: Parameters<ProbeFetch>[1] }[] = [];
    const fetch: ProbeFetch = async (url, init) => {
      calls.push({ url, init });
      clock.advance(120);
      return response(200);
    };
    const readings = await createProbeSource({ probes: [health], fetch, clock }).poll(WINDOW);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.example.com/health');
    expect(calls[0]?.init).toMatchObject({ method: 'GET', redirect: 'manual' });
    expect(calls[0]?.init?.signal).toBeInstanceOf(AbortSignal);
    const expected: SignalReading = {
      id: 'probe:GET https://api.example.com/health',
      kind: 'probe',
      state: 'OK',
      value: 120,
      threshold: '200 <800ms',
      detail: 'HTTP 200 in 120ms',
      readAt: 1_000_120,
    };
    expect(readings).toEqual([expected]);
  });

  it('builds signal ids from the URL with its credentials hidden, and still sends the URL as written', async () => {
    const clock = new ManualClock(1_000_000);
    const raw =
      'https://s3.example.com/b/o?X-Amz-Credential=AKIAX%2F2026&X-Amz-Signature=f00dbabe99&api_key=AK12345678&v=2';
    const probes = parseProbes('probes', `GET ${raw} 200`);
    const urls: string[] = [];
    const fetch: ProbeFetch = async (url) => {
      urls.push(url);
      throw new Error(`connect ECONNREFUSED while fetching ${url}`);
    };
    const [reading] = await createProbeSource({ probes, fetch, clock }).poll(WINDOW);
    expect(urls).toEqual([raw]);
    expect(reading?.id).toBe(
      'probe:GET https://s3.example.com/b/o?X-Amz-Credential=***&X-Amz-Signature=***&api_key=***&v=2',
    );
    for (const secret of ['AKIAX', 'f00dbabe99', 'AK12345678']) {
      expect(JSON.stringify(reading)).not.toContain(secret);
    }
  });

  it('reports a wrong status as a breach whose value is the status', async () => {
    const clock = new ManualClock(0);
    const readings = await createProbeSource({
      probes: [health],
      fetch: async () => response(503),
      clock,
    }).poll(WINDOW);
    expect(readings[0]).toMatchObject({
      state: 'BREACH',
      value: 503,
      detail: expect.stringMatching(/answered HTTP 503, expected 200/),
    });
  });

  it('reports an answer at or past the bound as a breach whose value is the latency', async () => {
    const clock = new ManualClock(0);
    const fetch: ProbeFetch = async () => {
      clock.advance(800);
      return response(200);
    };
    const readings = await createProbeSource({ probes: [health], fetch, clock }).poll(WINDOW);
    expect(readings[0]).toMatchObject({
      state: 'BREACH',
      value: 800,
      detail: 'HTTP 200 in 800ms, slower than <800ms',
    });
  });

  it('shows a bound that is not whole seconds exactly', async () => {
    const probes = parseProbes('probes', 'GET https://a.example/ 200 <1500ms');
    const readings = await createProbeSource({
      probes,
      fetch: async () => response(200),
      clock: new ManualClock(0),
    }).poll(WINDOW);
    expect(readings[0]?.threshold).toBe('200 <1500ms');
  });

  it('reports a request that outlives timeoutMs as a breach, even when fetch ignores its signal', async () => {
    const ignoring: ProbeFetch = () => new Promise(() => undefined);
    for (const fetch of [hangingFetch, ignoring]) {
      const started = Date.now();
      const readings = await createProbeSource({
        probes: [health],
        fetch,
        clock: systemClock,
        timeoutMs: 50,
      }).poll(WINDOW);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(readings[0]).toMatchObject({
        state: 'BREACH',
        detail: expect.stringMatching(/^no answer within 50ms \(timeout\), slower than <800ms$/),
      });
    }
  });

  it('reports a fetch that throws, even synchronously, as a breach with the cause, never throwing from poll', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const fetches: ProbeFetch[] = [
      () => {
        throw new TypeError('boom');
      },
      async () => {
        throw new TypeError('fetch failed', { cause: refused });
      },
      async () => {
        // What fetch throws when every address of a name refuses (happy eyeballs): an empty message.
        const both = Object.assign(
          new AggregateError([refused, new Error('connect ECONNREFUSED ::1:443')], ''),
          {
            code: 'ECONNREFUSED',
          },
        );
        throw new TypeError('fetch failed', { cause: both });
      },
    ];
    const details: string[] = [];
    for (const fetch of fetches) {
      const readings = await createProbeSource({ probes: [health], fetch, clock: new ManualClock(0) }).poll(
        WINDOW,
      );
      expect(readings[0]?.state).toBe('BREACH');
      details.push(readings[0]?.detail ?? '');
    }
    expect(details[0]).toMatch(/request failed after 0ms: TypeError: boom/);
    expect(details[1]).toMatch(/request failed after 0ms: connect ECONNREFUSED 10\.0\.0\.1:443$/);
    expect(details[2]).toMatch(/request failed after 0ms: connect ECONNREFUSED 10\.0\.0\.1:443$/);
  });

  it('reads at most the body cap, then cancels the rest of the body', async () => {
    const chunk = 16 * 1024;
    let pulled = 0;
    let cancelled = false;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk;
          controller.enqueue(new Uint8Array(chunk));
        },
        cancel() {
          cancelled = true;
        },
      });
    const readings = await createProbeSource({
      probes: [health],
      fetch: async () => response(200, endless()),
      clock: new ManualClock(0),
    }).poll(WINDOW);
    expect(readings[0]?.state).toBe('OK');
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(BODY_CAP_BYTES + 2 * chunk);
  });

  it('sends nothing and reports ERROR, never OK, when the poll is already cancelled', async () => {
    let called = false;
    const controller = new AbortController();
    controller.abort();
    const readings = await createProbeSource({
      probes: [health],
      fetch: async () => {
        called = true;
        return response(200);
      },
      clock: new ManualClock(0),
    }).poll(WINDOW, controller.signal);
    expect(called).toBe(false);
    expect(readings.map((r) => r.state)).toEqual(['ERROR']);
  });

  it('turns an OK finished before a cancel into ERROR, keeps a breach finished before it, and stops the rest', async () => {
    const probes = parseProbes(
      'probes',
      'GET https://a.example/ok 200\nGET https://a.example/bad 200\nGET https://a.example/slow 200',
    );
    const controller = new AbortController();
    const fetch: ProbeFetch = async (url) => {
      if (url.endsWith('/slow')) {
        // The other two have answered by now; the bake is cancelled while this one is pending.
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.abort();
      }
      return response(url.endsWith('/bad') ? 500 : 200);
    };
    const readings = await createProbeSource({ probes, fetch, clock: new ManualClock(0) }).poll(
      WINDOW,
      controller.signal,
    );
    expect(readings.map((r) => r.state)).toEqual(['ERROR', 'BREACH', 'ERROR']);
    expect(readings.map((r) => r.detail)).toEqual([
      'cancelled: HTTP 200 in 0ms',
      'answered HTTP 500, expected 200 (in 0ms)',
      'cancelled while waiting for the answer',
    ]);
  });

  it('refuses a timeout cap that is not positive', () => {
    expect(() =>
      createProbeSource({ probes: [health], fetch: hangingFetch, clock: systemClock, timeoutMs: 0 }),
    ).toThrow(RangeError);
  });
});

describe('createProbeSource against a loopback server with the real fetch', () => {
  let target: ProbeTarget;
  beforeEach(async () => {
    target = await startProbeTarget();
  });
  afterEach(async () => {
    await target.stop();
  });

  const pollOnce = async (line: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}) => {
    const probes = parseProbes('probes', line);
    const source = createProbeSource({
      probes,
      fetch: globalThis.fetch,
      clock: systemClock,
      timeoutMs: options.timeoutMs,
    });
    expect(source.name).toBe('probes');
    const readings = await source.poll(WINDOW, options.signal);
    expect(readings).toHaveLength(1);
    return readings[0] as SignalReading;
  };

  it('reports a healthy target as OK with its latency', async () => {
    const reading = await pollOnce(`GET ${target.url}health 200 <2s`);
    expect(reading).toMatchObject({
      id: `probe:GET ${target.url}health`,
      kind: 'probe',
      state: 'OK',
      threshold: '200 <2s',
    });
    expect(reading.value).toBeGreaterThanOrEqual(0);
    expect(reading.value).toBeLessThan(2000);
    expect(target.requests).toEqual([{ method: 'GET', path: '/health' }]);
  });

  it('sends HEAD and judges a body-less answer', async () => {
    const reading = await pollOnce(`head ${target.url} 200 <2s`);
    expect(reading.state).toBe('OK');
    expect(target.requests).toEqual([{ method: 'HEAD', path: '/' }]);
  });

  it('reports a target made slow as a breach slower than the bound', async () => {
    target.slow(600);
    const reading = await pollOnce(`GET ${target.url} 200 <300ms`);
    expect(reading.state).toBe('BREACH');
    expect(reading.detail).toMatch(/^HTTP 200 in \d+ms, slower than <300ms$/);
    expect(reading.value).toBeGreaterThanOrEqual(300);
  });

  it('gives up on a target slower than the timeout and reports a timeout breach', async () => {
    target.slow(3000);
    const started = Date.now();
    const reading = await pollOnce(`GET ${target.url} 200 <300ms`, { timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reading).toMatchObject({
      state: 'BREACH',
      detail: 'no answer within 400ms (timeout), slower than <300ms',
    });
  });

  it('reports a failing target as a breach naming the status it got and the one expected', async () => {
    target.failing(500);
    const reading = await pollOnce(`GET ${target.url} 200 <2s`);
    expect(reading).toMatchObject({ state: 'BREACH', value: 500 });
    expect(reading.detail).toMatch(/answered HTTP 500, expected 200/);
  });

  it('reports a socket closed without an answer as a breach', async () => {
    target.hangUp();
    const reading = await pollOnce(`GET ${target.url} 200 <2s`);
    expect(reading.state).toBe('BREACH');
    expect(reading.detail).toMatch(/^request failed after \d+ms: SocketError: other side closed/);
  });

  it('reports a stopped target (connection refused) as a breach', async () => {
    await target.stop();
    const reading = await pollOnce(`GET ${target.url} 200 <2s`);
    expect(reading.state).toBe('BREACH');
    expect(reading.detail).toMatch(/^request failed after \d+ms: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it('stops at once and never reports OK when the poll is aborted mid-request', async () => {
    target.slow(5000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const reading = await pollOnce(`GET ${target.url} 200`, { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(reading.state).toBe('ERROR');
    expect(reading.detail).toMatch(/cancelled/);
  });

  it('judges a redirect by its own status instead of following it', async () => {
    target.redirect();
    const breach = await pollOnce(`GET ${target.url} 200 <2s`);
    expect(breach).toMatchObject({ state: 'BREACH', value: 302 });
    expect(breach.detail).toMatch(/answered HTTP 302, expected 200/);
    const ok = await pollOnce(`GET ${target.url} 302 <2s`);
    expect(ok.state).toBe('OK');
    expect(target.requests.map((r) => r.path)).toEqual(['/', '/']);
  });
});
