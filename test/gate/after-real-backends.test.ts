import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { decideGate } from '../../packages/core/src/gate/decide-gate.js';
import type { GateDecision, GateDeps, GateRepository } from '../../packages/core/src/gate/gate-types.js';
import type { ReviewPlatform } from '../../packages/core/src/checklist/review-platform.js';
import { systemClock, systemSleep } from '../../packages/core/src/time/clock.js';
import { cloudWatchAt, setAlarmState } from '../support/moto-cloudwatch.js';
import type { PrometheusStack } from '../support/prometheus-stack.js';
import { STAGING_ALARM as ALARM, startWaveBackends, type WaveBackends } from '../support/wave-backends.js';

/**
 * The gate's `after` rule against real backends: moto's CloudWatch alarms (with the history moto
 * lacks kept by the proxy from the state changes made through it) and a real Prometheus scraping a
 * real service. The bake is 3 s so the test can let it pass; the rule is the same for 12 h.
 */
const SHA = '0123456789abcdef0123456789abcdef01234567';
const BAKE_MS = 3_000;

let backends: WaveBackends;
let cloudWatch: CloudWatchClient;
let stack: PrometheusStack;

beforeAll(async () => {
  backends = await startWaveBackends();
  ({ cloudWatch, stack } = backends);
}, 60_000);
afterAll(async () => backends?.stop());
beforeEach(async () => backends.reset());

function configFile(after: string): string {
  return `version: 1
environments:
${backends.stagingEntry()}  production:
    gate:
      after:
        environment: staging
        bake: 3s
${after}`;
}

function gateOn(config: string, succeededAt: number): GateRepository {
  return {
    readFile: async (path) => (path === '.github/hands-off.yml' ? config : undefined),
    lastSuccessfulDeployment: async (environment, sha) =>
      environment === 'staging' && sha === SHA ? { id: '7', succeededAt } : undefined,
    review: {} as ReviewPlatform,
  };
}

const deps: GateDeps = {
  clock: systemClock,
  sleep: systemSleep,
  fetch: (url, init) => fetch(url, init),
  cloudWatch: async () => cloudWatch,
  log: { info: () => {}, warning: () => {}, debug: () => {} } as unknown as GateDeps['log'],
};

const decide = (config: string, succeededAt: number): Promise<GateDecision> =>
  decideGate(
    { repository: 'acme/shop', environment: 'production', sha: SHA },
    gateOn(config, succeededAt),
    { allowedEndpoints: [stack.prometheusUrl] },
    deps,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gate after: the previous wave judged over its whole bake, after the fact', () => {
  it('with CloudWatch unreachable (a refused connection): the window waits on its alarm, the bake waits, or rejects with no-data fail; never approves', async () => {
    const dead = cloudWatchAt('http://127.0.0.1:1');
    const alarmsOnly = (gate: string) => `version: 1
environments:
  staging:
    aws-region: us-east-1
    alarms: ${ALARM}
  production:
    alarms: shop-production-5xx
    aws-region: us-east-1
    gate:
${gate}`;
    const deadDeps: GateDeps = { ...deps, cloudWatch: async () => dead };
    const decideWith = (config: string) =>
      decideGate(
        { repository: 'acme/shop', environment: 'production', sha: SHA },
        // Out 90 minutes: past its 1h bake, within max-duration (2h).
        gateOn(config, Date.now() - 90 * 60_000),
        { allowedEndpoints: [] },
        deadDeps,
      );
    try {
      const window = await decideWith(alarmsOnly('      require-reviewed: false\n'));
      expect(window.verdict).toBe('wait');
      expect(window.checks.find((check) => check.name === 'window')?.verdict).toBe('wait');
      const extend = await decideWith(
        alarmsOnly('      alarm-missing-data: ignore\n      after: { environment: staging, bake: 1h }\n'),
      );
      expect(extend.reason).toMatch(/extending past 1h: source:cloudwatch unreadable/);
      expect(extend.verdict).toBe('wait');
      const fail = await decideWith(
        alarmsOnly(
          '      alarm-missing-data: ignore\n      after: { environment: staging, bake: 1h, no-data: fail }\n',
        ),
      );
      expect(fail.verdict).toBe('reject');
      expect(fail.reason).toMatch(/cannot be read \(no-data: fail\)/);
    } finally {
      dead.destroy();
    }
  }, 60_000);

  it('waits while the bake runs, clean so far, then approves once it has passed with traffic and clean signals', async () => {
    const since = Date.now();
    // Served after a scrape inside the bake: traffic before the first scrape cannot be counted.
    await sleep(1_200);
    await stack.service.hit('/checkout', 200, 30);
    const early = await decide(configFile(''), since);
    expect(early.verdict).toBe('wait');
    expect(early.recheckAt).toBe(since + BAKE_MS);
    expect(early.reason).toMatch(/of 3s baked, clean so far/);

    await backends.untilBaked(since, BAKE_MS);
    const late = await decide(configFile(''), since);
    expect(late.verdict).toBe('approve');
    expect(late.checks.at(-1)?.reason).toMatch(/traffic (\d+)\/20/);
  }, 30_000);

  it('rejects when the alarm fired at any moment of the bake, though it is OK again now', async () => {
    const since = Date.now();
    await stack.service.hit('/checkout', 200, 30);
    await setAlarmState(cloudWatch, ALARM, 'ALARM');
    await sleep(100);
    await setAlarmState(cloudWatch, ALARM, 'OK');
    await backends.untilBaked(since, BAKE_MS);
    const decision = await decide(configFile(''), since);
    expect(decision.verdict).toBe('reject');
    expect(decision.reason).toMatch(new RegExp(`^after: \`staging\` .*alarm:${ALARM} breached`));
    // The proxy's history is what the gate read: the blip is in it, and the alarm is OK now.
    expect(backends.proxy.history.map((change) => change.to)).toEqual(['OK', 'ALARM', 'OK']);
    expect(backends.proxy.actions).toContain('DescribeAlarmHistory');
  }, 30_000);

  it('waits (never approves) while the traffic is short of min-traffic, past the bake', async () => {
    const since = Date.now();
    await stack.service.hit('/checkout', 200, 30);
    await backends.untilBaked(since, BAKE_MS);
    const decision = await decide(configFile('        min-traffic: 100000\n'), since);
    expect(decision.verdict).toBe('wait');
    expect(decision.reason).toMatch(/traffic \d+\/100000/);
    expect(decision.recheckAt).toBeUndefined();
  }, 30_000);

  it('with Prometheus down: waits with no-data extend, rejects with no-data fail, never approves', async () => {
    const since = Date.now() - BAKE_MS - 1_000;
    await stack.stopPrometheus();
    const extend = await decide(configFile(''), since);
    expect(extend.verdict).toBe('wait');
    expect(extend.reason).toMatch(/traffic unknown\/20 \(\+2 more\)/);
    const fail = await decide(configFile('        no-data: fail\n'), since);
    expect(fail.verdict).toBe('reject');
  }, 60_000);
});
