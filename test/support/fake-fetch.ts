import type { Fetch } from '../../packages/core/src/bake/signal.js';

/** Faults (and two good answers) a fake Prometheus/Alertmanager can give. */
export const FAULTS = [
  'http500',
  'http503-timeout',
  'http429',
  'bad_data',
  'refused',
  'hang',
  'malformed',
  'html',
  'status-error',
  'wrong-type',
  'no-data-field',
  'nan',
  'inf',
  'bad-sample',
  'body-reset',
] as const;

/** A fault the fake can inject. */
export type Fault = (typeof FAULTS)[number];
/** A good answer: an empty result, or one series / one active alert with value `count`. */
export type Good = 'empty' | 'series';
/** What the fake answers for one call. */
export type Answer = Fault | Good;

/** One call the fake received and what it answered. */
export interface FakeCall {
  url: URL;
  answer: Answer;
}

/** An instant query of a range selector (`<selector>[<n>ms]`): its answer is the raw samples, a matrix. */
const RAW_SAMPLES_QUERY = /\[(\d+)ms\]$/;

/**
 * A Fetch that answers each call with the next entry of `answers` (cycling), shaped for the
 * endpoint asked (`/api/v1/query` → vector, or a matrix of raw samples when the query is a range
 * selector `<selector>[<n>ms]`; `/api/v1/query_range` → matrix; `/api/v2/alerts` → alert array).
 * `calls` records every request and what it got.
 *
 * For a raw-samples query, `series` answers samples inside the asked range (time − n ms, time] whose
 * increase is `count`: two series, one of them reset to 0 halfway (so following resets and summing
 * across series both matter), plus a series with a single sample, which proves nothing. `nan` and
 * `inf` answer a counter whose latest sample is NaN or +Inf.
 */
export function fakeFetch(answers: readonly Answer[], count = 42): { fetch: Fetch; calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  let next = 0;
  const fetch: Fetch = async (url) => {
    const answer = answers[next++ % answers.length] as Answer;
    const parsed = new URL(url);
    calls.push({ url: parsed, answer });
    const reply = (status: number, body: string, failBody = false) => ({
      status,
      ok: status >= 200 && status < 300,
      text: async () => {
        if (failBody) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return body;
      },
    });
    const query = parsed.searchParams.get('query') ?? '';
    const rawRange = parsed.pathname.endsWith('/query') ? RAW_SAMPLES_QUERY.exec(query) : null;
    const endpoint = parsed.pathname.endsWith('/query_range')
      ? 'matrix'
      : rawRange
        ? 'samples'
        : parsed.pathname.endsWith('/query')
          ? 'vector'
          : 'alerts';
    const success = (result: unknown, resultType: string = endpoint === 'samples' ? 'matrix' : endpoint) =>
      JSON.stringify({ status: 'success', data: { resultType, result } });
    const rawSamples = (url: URL, rangeMs: number, last: string) => {
      // Sample times spread over (time − range, time], to the millisecond, as Prometheus stamps them.
      const endMs = Math.round(Number(url.searchParams.get('time')) * 1000);
      const at = (fraction: number) => (endMs - Math.floor(rangeMs * fraction)) / 1000;
      // NaN, +Inf, `abc`: a counter at 1 whose latest sample is the fault.
      if (!/^\d+$/.test(last))
        return [
          {
            metric: { route: '/x' },
            values: [
              [at(0.5), '1'],
              [at(0), last],
            ],
          },
        ];
      const total = Number(last);
      const beforeReset = Math.floor(total / 4);
      const afterReset = Math.floor(total / 4);
      const other = total - beforeReset - afterReset;
      const start = 1000 + total; // Above anything counted after the reset, so the drop is one.
      return [
        // start → start + a, then a restart: counted again from 0 up to b. Increase a + b.
        {
          metric: { route: '/x', code: '200' },
          values: [
            [at(0.75), String(start)],
            [at(0.5), String(start + beforeReset)],
            [at(0.25), String(afterReset)],
          ],
        },
        // 7 → 7 + c. Increase c.
        {
          metric: { route: '/x', code: '500' },
          values: [
            [at(0.5), '7'],
            [at(0), String(7 + other)],
          ],
        },
        // One sample: no increase can be read from it, whatever its value.
        { metric: { route: '/y', code: '200' }, values: [[at(0), '5000']] },
      ];
    };
    const series = (value: string) =>
      endpoint === 'samples'
        ? rawSamples(parsed, Number(rawRange?.[1]), value)
        : endpoint === 'matrix'
          ? [{ metric: { route: '/x' }, values: [[1_700_000_000, value]] }]
          : [{ metric: { route: '/x' }, value: [1_700_000_000, value] }];
    const alerts = (state: string) =>
      JSON.stringify([
        {
          labels: { alertname: 'ShopDown', service: 'shop' },
          startsAt: '2026-11-23T10:00:00Z',
          status: { state, silencedBy: [], inhibitedBy: [] },
        },
      ]);

    switch (answer) {
      case 'empty':
        return reply(200, endpoint === 'alerts' ? '[]' : success([]));
      case 'series':
        return reply(200, endpoint === 'alerts' ? alerts('active') : success(series(String(count))));
      case 'http500':
        return reply(500, 'internal server error');
      case 'http503-timeout':
        return reply(
          503,
          JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out' }),
        );
      case 'http429':
        return reply(429, 'Too Many Requests');
      case 'bad_data':
        return reply(
          400,
          JSON.stringify({
            status: 'error',
            errorType: 'bad_data',
            error: '1:8: parse error: unexpected end',
          }),
        );
      case 'refused':
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9090'), { code: 'ECONNREFUSED' });
      case 'hang':
        // Never answers and ignores its signal: the client's own timeout must end the wait.
        return new Promise<never>(() => undefined);
      case 'malformed':
        return reply(200, '{"status":"success","data":{"resultType":"vec');
      case 'html':
        return reply(200, '<html><body>Please log in</body></html>');
      case 'status-error':
        return reply(200, JSON.stringify({ status: 'error', errorType: 'execution', error: 'boom' }));
      case 'wrong-type':
        return reply(200, endpoint === 'alerts' ? '{"alerts":[]}' : success([1_700_000_000, '0'], 'scalar'));
      case 'no-data-field':
        return reply(200, endpoint === 'alerts' ? '[{"labels":{"a":"b"}}]' : '{"status":"success"}');
      case 'nan':
        return reply(200, endpoint === 'alerts' ? '[null]' : success(series('NaN')));
      case 'inf':
        return reply(200, endpoint === 'alerts' ? '"inf"' : success(series('+Inf')));
      case 'bad-sample':
        return reply(200, endpoint === 'alerts' ? '[{"labels":null}]' : success(series('abc')));
      case 'body-reset':
        return reply(200, '', true);
    }
  };
  return { fetch, calls };
}
