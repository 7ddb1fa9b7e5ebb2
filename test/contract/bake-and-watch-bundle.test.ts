import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { alarmsIn, cloudWatchAt, setAlarmState } from '../support/moto-cloudwatch.js';
import { startMotoHistoryProxy, type MotoHistoryProxy } from '../support/moto-history-proxy.js';
import { startMoto, type MotoServer } from '../support/moto-server.js';
import { startProbeTarget, type ProbeTarget } from '../support/probe-target.js';
import { runAction } from '../support/run-action.js';

const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('dist/bake-and-watch/index.js under Node 24, as the runner runs it', () => {
  let target: ProbeTarget;
  beforeEach(async () => {
    target = await startProbeTarget();
  });
  afterEach(async () => target.stop());

  const probe = () => `GET ${target.url.replace(/\/$/, '')}/health 200 <500ms`;

  it('healthy after the duration with clean probes: exit 0, outputs and a summary', async () => {
    const run = await runAction('bake-and-watch', {
      inputs: { duration: '3s', 'poll-interval': '1s', probes: probe() },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: 'healthy', traffic: '' });
    expect(Number(run.outputs.elapsed)).toBeGreaterThanOrEqual(3);
    expect(
      run.visibleLines.filter((l) => /^bake \S+\/3s · probes 0\/1 breaching$/.test(l)).length,
    ).toBeGreaterThanOrEqual(4);
    expect(run.summary).toContain('## bake-and-watch: 🟢 healthy');
    expect(run.summary).toMatch(/\| probe:GET http:\/\/127\.0\.0\.1:\d+\/health \| ✅ OK \|/);
    const record = JSON.parse(readFileSync(run.decisionLogPath, 'utf8').trim().split('\n').at(-1) as string);
    expect(record.verdict).toBe('healthy');
    expect(record.observations.polls.length).toBeGreaterThanOrEqual(4);
    expect(record.observations.polls[0].readings[0]).toMatchObject({
      state: 'OK',
      readAt: expect.any(String),
    });
  });

  it('unhealthy at the first failing poll, without waiting out the duration: exit 2', async () => {
    target.failing(503);
    const started = Date.now();
    const run = await runAction('bake-and-watch', {
      inputs: { duration: '1h', 'poll-interval': '1s', probes: probe() },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.code).toBe(2);
    expect(run.outputs.verdict).toBe('unhealthy');
    expect(run.outputs.reason).toMatch(/answered HTTP 503, expected 200 \(in \d+ms\)$/);
  });

  it('dry-run ends at the same point with the same verdict and exits 0', async () => {
    target.failing(500);
    const run = await runAction('bake-and-watch', {
      inputs: { duration: '1h', 'poll-interval': '1s', probes: probe(), mode: 'dry-run' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('unhealthy');
  });

  it('SIGINT mid-bake: inconclusive "cancelled", exit 2, outputs and decision log written', async () => {
    const run = await runAction('bake-and-watch', {
      inputs: { duration: '1h', 'poll-interval': '1s', probes: probe() },
      interruptAfterMs: 2_500,
    });
    expect(run.code).toBe(2);
    expect(run.outputs).toMatchObject({ verdict: 'inconclusive', reason: 'cancelled' });
    expect(readFileSync(run.decisionLogPath, 'utf8')).toContain('"cancelled":true');
  });

  it('SIGINT after a breach below breach-limit: the breach is not lost, verdict unhealthy, also in dry-run', async () => {
    target.failing(500);
    const run = await runAction('bake-and-watch', {
      inputs: {
        duration: '1h',
        'poll-interval': '1s',
        probes: probe(),
        'breach-limit': '100',
        mode: 'dry-run',
      },
      interruptAfterMs: 2_500,
    });
    expect(run.code).toBe(2);
    expect(run.outputs.verdict).toBe('unhealthy');
    expect(run.outputs.reason).toMatch(/^cancelled after a breach: probe:GET /);
    // The summary charts the breaching signal's value per poll, its breaches marked as bars.
    expect(run.summary).toMatch(
      /title "probe:GET [^"]+: value per poll, breaches as bars"\n.*\n.*\n {2}bar \[500, 500/,
    );
  });

  it('a checkpointed bake runs as job slices: exit 3 (baking) until decided, then the same verdict again', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bake-slices-'));
    const inputs = {
      duration: '4s',
      'poll-interval': '1s',
      probes: probe(),
      checkpoint: '.hands-off/bake.json',
      'run-for': '2s',
    };
    const codes: (number | null)[] = [];
    const verdicts: string[] = [];
    for (
      let slice = 0;
      slice < 5 && !['healthy', 'unhealthy', 'inconclusive'].includes(verdicts.at(-1) ?? '');
      slice++
    ) {
      const run = await runAction('bake-and-watch', { workspace, inputs });
      codes.push(run.code);
      verdicts.push(run.outputs.verdict as string);
    }
    expect(codes[0]).toBe(3);
    expect(verdicts[0]).toBe('baking');
    expect(verdicts.at(-1)).toBe('healthy');
    expect(codes.at(-1)).toBe(0);
    const again = await runAction('bake-and-watch', { workspace, inputs });
    expect(again.outputs.verdict).toBe('healthy');
    expect(again.visibleLines.join('\n')).toContain('already decided in');
  });

  it.each([
    ['duration', ''],
    ['duration', '10'],
    ['max-duration', '1s'],
    ['poll-interval', '500ms'],
    ['alarms', 'prefix:'],
    ['traffic', 'datadog requests'],
    ['min-traffic', 'many'],
    ['prometheus-url', 'ftp://prometheus'],
    ['prometheus-rules', 'rate(http_requests_total{code="500"}[1m]) > 0'],
    ['alertmanager-matchers', 'service'],
    ['probes', 'GET localhost 200'],
    ['anomaly', 'cloudwatch AWS/ELB RequestCount rises 0.5x'],
    ['anomaly', 'datadog requests drops to zero'],
    ['baseline', 'an hour'],
    ['breach-limit', '0'],
    ['error-limit', '-1'],
    ['no-data', 'skip'],
    ['aws-region', 'moon-1'],
    ['mode', 'yes'],
    ['run-for', '2m'],
  ])('bad %s=%j: exit 1, one line naming it, no call made', async (input, value) => {
    const inputs: Record<string, string> = { duration: '1m', probes: probe(), [input]: value };
    if (input === 'alertmanager-matchers') inputs['alertmanager-url'] = target.url;
    const run = await runAction('bake-and-watch', {
      inputs,
      env: { AWS_ENDPOINT_URL: target.url, ...AWS_ENV },
    });
    expect(run.code).toBe(1);
    const errors = run.visibleLines.filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    // Rules without a Prometheus to ask: the line names the missing `prometheus-url`.
    const named = input === 'prometheus-rules' ? 'prometheus-url' : input;
    expect(errors[0]).toMatch(
      new RegExp(`^::error::bake-and-watch: input \`(${named})\`: .+example of a valid value: `),
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(run.outputs).toEqual({});
    expect(target.requests).toEqual([]);
  });
});

describe('dist/bake-and-watch with CloudWatch alarms (moto)', () => {
  let moto: MotoServer;
  let proxy: MotoHistoryProxy;
  let admin: CloudWatchClient;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startMotoHistoryProxy(moto.url);
    admin = cloudWatchAt(moto.url);
  }, 30_000);
  afterAll(async () => {
    admin?.destroy();
    await proxy?.stop();
    await moto?.stop();
  });
  beforeEach(async () => moto.reset());

  it('an alarm flipped to ALARM mid-bake ends the bake unhealthy within one poll, reading history each poll', async () => {
    await alarmsIn(admin, { 'shop-prod-5xx': 'OK', 'shop-prod-latency': 'OK' });
    let flippedAt = 0;
    setTimeout(() => {
      flippedAt = Date.now();
      void setAlarmState(admin, 'shop-prod-5xx', 'ALARM');
    }, 3_000);
    const run = await runAction('bake-and-watch', {
      inputs: {
        duration: '20s',
        'poll-interval': '1s',
        alarms: 'prefix:shop-prod-',
        'aws-region': 'us-east-1',
      },
      env: { AWS_ENDPOINT_URL: proxy.url, ...AWS_ENV },
      timeoutMs: 30_000,
    });
    const reaction = Date.now() - flippedAt;
    expect(run.code).toBe(2);
    expect(run.outputs.verdict).toBe('unhealthy');
    expect(run.outputs.reason).toMatch(/^alarm:shop-prod-5xx breached: shop-prod-5xx is in ALARM/);
    expect(reaction).toBeLessThan(1_000 + 1_000 + 500); // poll + read + process exit
    expect(proxy.actions.filter((a) => a === 'DescribeAlarmHistory').length).toBeGreaterThanOrEqual(2);
  }, 40_000);
});
