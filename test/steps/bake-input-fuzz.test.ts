import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ExitCode, bakeStep, runStep, type CloudWatchSender, type Fetch } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

const noise = fc
  .string({ minLength: 1, maxLength: 24 })
  .filter((s) => s.trim() !== '' && !s.trim().startsWith('#'));
const notDuration = noise.filter((s) => !/^(0|(\d+(ms|s|m|h|d))+)$/.test(s.trim()));

/** For each input, values that are wrong by construction, and the input the error must name. */
const BAD: Record<string, { values: fc.Arbitrary<string>; names?: string; extra?: Record<string, string> }> =
  {
    duration: { values: fc.oneof(notDuration, fc.constant('0')) },
    'max-duration': { values: fc.oneof(notDuration, fc.constantFrom('1s', '30s', '59s')) },
    'poll-interval': { values: fc.oneof(notDuration, fc.constantFrom('0', '500ms', '999ms')) },
    alarms: { values: fc.constantFrom('prefix:', 'PREFIX:  ') },
    traffic: { values: noise.filter((s) => !/^(cloudwatch|prometheus)\s/.test(s.trim())) },
    'min-traffic': {
      values: noise.filter((s) => !/^\d+$/.test(s.trim())),
      extra: { traffic: 'cloudwatch Shop Requests' },
    },
    'prometheus-url': {
      values: fc.constantFrom('ftp://x', 'not a url', 'http://user:pw@prom:9090', 'file:///etc'),
    },
    'alertmanager-url': {
      values: fc.constantFrom('ftp://x', 'nope', 'https://u:p@am'),
      extra: { 'alertmanager-matchers': 'service="shop"' },
    },
    'alertmanager-matchers': {
      values: fc.constantFrom('service', '=shop', 'service=~"(unclosed"'),
      extra: { 'alertmanager-url': 'http://127.0.0.1:9' },
    },
    probes: {
      values: fc.constantFrom(
        'GET',
        'FETCH http://x/ 200',
        'GET http://x/ 42',
        'GET gopher://x/ 200',
        'GET http://x/ 200 <0s',
      ),
    },
    anomaly: {
      // Invalid by construction: a bad factor, a bad condition, a bad backend or a bad signal, or
      // noise that cannot end in a condition. (Valid rules would name `prometheus-url` or start a bake.)
      values: fc.oneof(
        fc
          .double({ min: 0, max: 1, noNaN: true })
          .map((k) => `cloudwatch X Y rises ${Number(k.toFixed(3))}x`),
        fc.constantFrom(
          'cloudwatch X Y rises 0.5x',
          'cloudwatch X Y rises 1x',
          'cloudwatch X Y rises 3',
          'prometheus up falls',
          'prometheus up drops',
          'datadog x drops to zero',
          'cloudwatch X drops to zero',
          'prometheus rate(x_total[5m]) rises 2x',
          'drops to zero',
          'prometheus ok_total drops to zero\nprometheus ok_total drops to zero',
        ),
        noise.filter((s) => !/(drops\s+to\s+zero|rises\s+\S+)\s*$/.test(s)),
      ),
    },
    baseline: { values: fc.oneof(notDuration, fc.constantFrom('0', '1m', '4m59s', '2d', '1d1s')) },
    'breach-limit': { values: noise.filter((s) => !/^[1-9]\d{0,5}$/.test(s.trim())) },
    'error-limit': { values: noise.filter((s) => !/^[1-9]\d{0,5}$/.test(s.trim())) },
    'no-data': { values: noise.filter((s) => !['extend', 'fail', 'ignore'].includes(s.trim())) },
    'aws-region': { values: noise.filter((s) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(s.trim())) },
    mode: { values: noise.filter((s) => !['enforce', 'dry-run'].includes(s.trim())) },
    'run-for': { values: fc.constantFrom('1m', '30s'), names: 'run-for' },
  };

describe('every bake-and-watch input, fuzzed', () => {
  it.each(Object.keys(BAD))(
    'a bad `%s` gives one error line naming it, exit 1, no call to any backend',
    async (input) => {
      const spec = BAD[input] as (typeof BAD)[string];
      await fc.assert(
        fc.asyncProperty(spec.values, async (value) => {
          const calls: string[] = [];
          const fetch: Fetch = async (url) => {
            calls.push(url);
            throw new Error('no call may be made');
          };
          const cloudWatch = async (): Promise<CloudWatchSender> => {
            calls.push('cloudwatch');
            throw new Error('no client may be created');
          };
          const runtime = memoryRuntime({
            duration: '10m',
            probes: 'GET http://127.0.0.1:9/ 200',
            ...spec.extra,
            [input]: value,
          });
          const code = await runStep(bakeStep({ fetch, cloudWatch }), runtime);
          const errors = runtime.lines.filter((line) => line.level === 'error');
          expect(code).toBe(ExitCode.Error);
          expect(errors).toHaveLength(1);
          expect(errors[0]?.text).toMatch(
            new RegExp(`^bake-and-watch: input \`${spec.names ?? input}\`: .+; example of a valid value: .+`),
          );
          expect(runtime.outputs.size).toBe(0);
          expect(calls).toEqual([]);
        }),
        { numRuns: 30 },
      );
    },
  );

  it('a bake with nothing to watch is refused: it could only pass blind', async () => {
    const runtime = memoryRuntime({ duration: '10m' });
    expect(await runStep(bakeStep(), runtime)).toBe(ExitCode.Error);
    expect(runtime.lines.find((l) => l.level === 'error')?.text).toMatch(/no signal to watch/);
  });
});

describe('bakeFingerprint', () => {
  it('stays the same when only how a job runs changes, and differs when what is watched changes', async () => {
    const { bakeFingerprint, parseBakeInputs } = await import('@hands-off/core');
    const parse = (inputs: Record<string, string>) =>
      parseBakeInputs(
        Object.fromEntries(
          Object.entries(inputs).map(([k, value]) => [k, { value, source: 'input' as const }]),
        ),
      );
    const base = {
      duration: '1h',
      'poll-interval': '15s',
      alarms: 'shop-5xx',
      'breach-limit': '1',
      'error-limit': '3',
      'no-data': 'extend',
      mode: 'enforce',
      'run-for': '0',
      baseline: '1h',
    };
    const reference = bakeFingerprint(parse(base));
    expect(
      bakeFingerprint(
        parse({ ...base, 'poll-interval': '30s', mode: 'dry-run', checkpoint: 'b.json', 'run-for': '2m' }),
      ),
    ).toBe(reference);
    expect(bakeFingerprint(parse({ ...base, alarms: 'shop-5xx\nshop-latency' }))).not.toBe(reference);
    expect(bakeFingerprint(parse({ ...base, duration: '2h' }))).not.toBe(reference);
    const withRule = bakeFingerprint(parse({ ...base, anomaly: 'cloudwatch Shop Errors rises 3x' }));
    expect(withRule).not.toBe(reference);
    expect(bakeFingerprint(parse({ ...base, anomaly: 'cloudwatch Shop Errors rises 4x' }))).not.toBe(
      withRule,
    );
    expect(
      bakeFingerprint(parse({ ...base, anomaly: 'cloudwatch Shop Errors rises 3x', baseline: '2h' })),
    ).not.toBe(withRule);
  });
});
