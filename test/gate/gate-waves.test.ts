import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { forgetSecrets, systemClock, systemSleep } from '@hands-off/core';
import type { GateServer } from '@hands-off/gate-github';
import { sendWebhook, startGitHubAppStandIn, type GitHubAppStandIn } from '../support/github-app-stand-in.js';
import { setAlarmState } from '../support/moto-cloudwatch.js';
import type { PrometheusStack } from '../support/prometheus-stack.js';
import { STAGING_ALARM as ALARM, startWaveBackends, type WaveBackends } from '../support/wave-backends.js';
import {
  INSIDE_WINDOW,
  OUTSIDE_WINDOW,
  RUN_ID,
  SHA,
  WEBHOOK_SECRET,
  serveGate,
  prepareRepository,
} from './gate-helpers.js';

/**
 * The gate end to end through a loopback GitHub (the App stand-in sends signed webhooks and serves
 * runs, pending deployments, deployments and their statuses, contents and the review API): the
 * window opening between two sweeps, an unreviewed commit, and wave 2 waiting on wave 1's bake read
 * from real moto alarms (with history) and a real Prometheus.
 */
let standIn: GitHubAppStandIn;
const servers: GateServer[] = [];

beforeEach(async () => {
  standIn = await startGitHubAppStandIn();
  prepareRepository(standIn);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await standIn.stop();
  forgetSecrets();
});

const payload = () => standIn.protectionRulePayload({ runId: RUN_ID, environment: 'production', sha: SHA });

describe('the window and the review, through the stand-in', () => {
  it('waits while the window is closed, then approves at the first sweep after it opens', async () => {
    const { gate, clock, server } = await serveGate(standIn, servers, { at: OUTSIDE_WINDOW });
    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();
    expect(standIn.reviews).toEqual([]);

    // Saturday 11:00 → Monday 09:00 Berlin: every sweep in between waits.
    clock.advance(Date.parse('2026-12-06T12:00:00Z') - clock.now());
    expect(await gate.sweep()).toMatchObject({ waiting: 1, waited: 1, approved: 0 });
    clock.advance(Date.parse('2026-12-07T08:00:00Z') - clock.now());
    expect(await gate.sweep()).toMatchObject({ waiting: 1, approved: 1 });
    expect(standIn.reviews).toEqual([
      {
        runId: RUN_ID,
        environment: 'production',
        state: 'approved',
        comment: expect.stringMatching(/^hands-off gate: approve at 2026-12-07T08:00:00Z/),
      },
    ]);
    // Answered: no longer waiting, so a later sweep finds nothing to decide.
    expect(await gate.sweep()).toMatchObject({ waiting: 0 });
    expect(standIn.refusedReviews).toEqual([]);
  });

  it('rejects a commit that came in through no pull request when the gate requires a review', async () => {
    standIn.review.repository.files.set(
      `${SHA}:.github/hands-off.yml`,
      'version: 1\nenvironments:\n  production:\n    gate:\n      require-reviewed: true\n',
    );
    const { server } = await serveGate(standIn, servers, { at: INSIDE_WINDOW });
    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();
    expect(standIn.reviews).toEqual([
      {
        runId: RUN_ID,
        environment: 'production',
        state: 'rejected',
        comment: expect.stringContaining(
          `: reviewed: commit ${SHA.slice(0, 12)} came in through no pull request`,
        ),
      },
    ]);
    // The review was read through the API at the deployment's commit.
    expect(standIn.calls.some((call) => call.path.includes(`/commits/${SHA}/pulls`))).toBe(true);
  });
});

describe('wave 2 waits on wave 1: moto alarms with history and a real Prometheus', () => {
  let backends: WaveBackends;
  let cloudWatch: CloudWatchClient;
  let stack: PrometheusStack;

  beforeAll(async () => {
    backends = await startWaveBackends();
    ({ cloudWatch, stack } = backends);
  }, 60_000);
  afterAll(async () => backends?.stop());
  beforeEach(async () => {
    await backends.reset();
    standIn.review.repository.files.set(
      `${SHA}:.github/hands-off.yml`,
      `version: 1
environments:
${backends.stagingEntry()}  production:
    gate:
      after: { environment: staging, bake: 3s }
`,
    );
  });

  /** Staging's deployment of SHA turned successful now; returns when. */
  function stagingDeployed(): number {
    const at = Date.now();
    standIn.deployments.push({
      id: 9001,
      environment: 'staging',
      sha: SHA,
      statuses: [
        { state: 'in_progress', createdAt: new Date(at - 60_000).toISOString() },
        { state: 'success', createdAt: new Date(at).toISOString() },
      ],
    });
    return at;
  }

  function realTimeGate() {
    return serveGate(standIn, servers, {
      at: 0,
      clock: systemClock,
      sleep: systemSleep,
      cloudWatch: async () => cloudWatch,
      allowedEndpoints: stack.prometheusUrl,
    });
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('waits while wave 1 bakes, then approves at the sweep after its bake has passed clean with traffic', async () => {
    const since = stagingDeployed();
    const { gate, server } = await realTimeGate();
    await sleep(1_200);
    await stack.service.hit('/checkout', 200, 30);
    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();
    expect(standIn.reviews).toEqual([]);

    await backends.untilBaked(since, 3_000);
    expect(await gate.sweep()).toMatchObject({ approved: 1 });
    expect(standIn.reviews[0]?.comment).toMatch(
      /after: approve: `staging` \(deployment 9001, out since .*traffic \d+\/20/,
    );
  }, 40_000);

  it('rejects when wave 1’s alarm fired at any moment since its deployment, though it is OK now', async () => {
    const since = stagingDeployed();
    const { gate } = await realTimeGate();
    await sleep(1_200);
    await stack.service.hit('/checkout', 200, 30);
    await setAlarmState(cloudWatch, ALARM, 'ALARM');
    await setAlarmState(cloudWatch, ALARM, 'OK');
    await backends.untilBaked(since, 3_000);
    expect(await gate.sweep()).toMatchObject({ rejected: 1 });
    expect(standIn.reviews[0]).toMatchObject({
      state: 'rejected',
      comment: expect.stringContaining(`alarm:${ALARM} breached`),
    });
  }, 40_000);

  it('waits, sending nothing, while wave 1’s traffic is short of min-traffic', async () => {
    const since = stagingDeployed();
    const { gate } = await realTimeGate();
    await sleep(1_200);
    await stack.service.hit('/checkout', 200, 5);
    await backends.untilBaked(since, 3_000);
    expect(await gate.sweep()).toMatchObject({ waited: 1, approved: 0, rejected: 0 });
    expect(standIn.reviews).toEqual([]);
  }, 40_000);
});
