import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  approvalComment,
  GITLAB_RETRY,
  sweepGitLab,
  type GitLabGateConfig,
  type GitLabSweepCollaborators,
} from '@hands-off/gate-gitlab';
import type { Fetch } from '../../packages/core/src/bake/signal.js';
import { fakeFetch } from '../support/fake-fetch.js';
import {
  PIPELINE_USER,
  PROJECT_PATH,
  startGitLabStandIn,
  type GitLabStandIn,
} from '../support/gitlab-stand-in.js';
import {
  approvalPosts,
  blockedProduction,
  captureLog,
  expectAtMostOnePostPerDeployment,
  gateConfig,
  gateSettings,
  handledApprovalPosts,
  GATE_TOKEN,
  GATE_USER,
  HOUR,
  MONDAY_0930_BERLIN,
  OTHER_SHA,
  SATURDAY_11_BERLIN,
  SHA,
  WEDNESDAY_10_BERLIN,
  type CapturedLog,
} from './gitlab-gate-helpers.js';

/** The production gate waits for staging's deployment of the commit to bake an hour with clean signals. */
const AFTER_STAGING = '      require-reviewed: false\n      after: { environment: staging, bake: 1h }\n';

let standIn: GitLabStandIn;
let log: CapturedLog;
let now: number;

beforeEach(async () => {
  standIn = await startGitLabStandIn();
  log = captureLog();
  now = WEDNESDAY_10_BERLIN;
});

afterEach(async () => {
  // Whatever happened in the test: GitLab never took a second answer for one deployment, and no
  // line the gate logged shows its token.
  expectAtMostOnePostPerDeployment(standIn);
  for (const line of log.lines) expect(line).not.toContain(GATE_TOKEN);
  await standIn.stop();
});

/** One sweep at `now`, with the tests' clock, fetch and fast retries. */
function sweep(
  config: GitLabGateConfig = gateSettings(standIn),
  fetch: Fetch = fakeFetch(['refused']).fetch,
  extra: Partial<GitLabSweepCollaborators> = {},
) {
  return sweepGitLab(config, {
    log,
    clock: { now: () => now },
    // Backoff between retries passes at once; the manual clock stays where the test put it.
    sleep: async () => {},
    random: () => 0.5,
    fetch,
    cloudWatch: async () => {
      throw new Error('no CloudWatch in these tests');
    },
    // Long enough for a loaded machine, short enough that a hung request fails its attempt quickly.
    requestTimeoutMs: 1_500,
    ...extra,
  });
}

function setConfig(text: string, sha = SHA): void {
  standIn.project.files.set(`${sha}:.github/hands-off.yml`, text);
}

/** A successful deployment of `sha` to staging whose job finished at `finishedAt`. */
function stagingSucceeded(finishedAt: number, sha = SHA) {
  const at = new Date(finishedAt).toISOString();
  return standIn.addDeployment({
    environment: 'staging',
    sha,
    status: 'success',
    finishedAt: at,
    jobFinishedAt: at,
    updatedAt: at,
  });
}

describe('sweepGitLab: the window', () => {
  it('sends nothing while the window is closed, and approves at a later sweep once it opens', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);

    now = SATURDAY_11_BERLIN;
    const closed = await sweep();
    expect(closed).toMatchObject({ projects: 1, blocked: 1, approved: 0, rejected: 0, waited: 1, errors: 0 });
    expect(approvalPosts(standIn, deployment)).toEqual([]);
    expect(deployment.status).toBe('blocked');
    const [waiting] = log.decisions();
    expect(waiting).toMatchObject({
      project: PROJECT_PATH,
      deploymentId: deployment.id,
      environment: 'production',
      sha: SHA,
      verdict: 'wait',
      sent: 'none',
      configPath: '.github/hands-off.yml',
    });
    expect(String(waiting?.reason)).toMatch(/^window: /);
    // The window's next opening, Monday 09:00 in Berlin.
    expect(waiting?.recheckAt).toBe('2026-12-07T08:00:00Z');

    now = MONDAY_0930_BERLIN;
    const open = await sweep();
    expect(open).toMatchObject({ blocked: 1, approved: 1, waited: 0, errors: 0 });
    const [post] = approvalPosts(standIn, deployment);
    expect(post?.token).toBe(GATE_TOKEN);
    expect(post?.body.status).toBe('approved');
    expect(String(post?.body.comment)).toMatch(
      /^hands-off gate: approve at 2026-12-07T08:30:00Z: window: open/,
    );
    expect(String(post?.body.comment)).toMatch(/- window: approve: /);
    expect(deployment.approvals).toEqual([expect.objectContaining({ user: GATE_USER, status: 'approved' })]);
    expect(deployment.status).toBe('running');
    expect(log.decisions()[1]).toMatchObject({ verdict: 'approve', sent: 'approved' });

    // Approved and running: the next sweep finds nothing blocked and sends nothing.
    const after = await sweep();
    expect(after).toMatchObject({ blocked: 0, approved: 0 });
    expect(approvalPosts(standIn, deployment)).toHaveLength(1);
  });
});

describe('sweepGitLab: the rules', () => {
  it('rejects a commit that came in through no merge request when require-reviewed is set', async () => {
    setConfig(gateConfig('      require-reviewed: true\n'));
    const deployment = blockedProduction(standIn);

    const summary = await sweep();

    expect(summary).toMatchObject({ blocked: 1, rejected: 1, approved: 0, errors: 0 });
    const [post] = approvalPosts(standIn, deployment);
    expect(post?.body.status).toBe('rejected');
    expect(String(post?.body.comment)).toMatch(
      /^hands-off gate: reject at .*: reviewed: commit a1b2c3d4e5f6/,
    );
    expect(String(post?.body.comment)).toMatch(/came in through no merge request/);
    expect(deployment.status).toBe('failed');
    expect(log.decisions()[0]).toMatchObject({ verdict: 'reject', sent: 'rejected' });
  });

  it('rejects when there is no config file at the commit', async () => {
    // A config exists, but at another commit: only the deployment's own commit counts.
    setConfig(gateConfig(), OTHER_SHA);
    const deployment = blockedProduction(standIn);

    const summary = await sweep();

    expect(summary).toMatchObject({ rejected: 1, approved: 0 });
    const [post] = approvalPosts(standIn, deployment);
    expect(post?.body.status).toBe('rejected');
    expect(String(post?.body.comment)).toMatch(/acme\/shop has no hands-off config at a1b2c3d4e5f6/);
  });

  it('waits while staging has baked 30 minutes of the hour, sending nothing', async () => {
    setConfig(gateConfig(AFTER_STAGING));
    const deployment = blockedProduction(standIn);
    stagingSucceeded(now - HOUR / 2);
    const prometheus = fakeFetch(['empty', 'series']);

    const summary = await sweep(undefined, prometheus.fetch);

    expect(summary).toMatchObject({ waited: 1, approved: 0, rejected: 0 });
    expect(approvalPosts(standIn, deployment)).toEqual([]);
    const decision = log.decisions()[0];
    expect(String(decision?.reason)).toMatch(/^after: /);
    expect(decision?.recheckAt).toBe(new Date(now + HOUR / 2).toISOString().replace('.000Z', 'Z'));
  });

  it('approves once staging baked two hours with clean signals and evidence of traffic', async () => {
    setConfig(gateConfig(AFTER_STAGING));
    const deployment = blockedProduction(standIn);
    const staging = stagingSucceeded(now - 2 * HOUR);
    // A newer success of another commit to staging, and an older one of this commit: neither counts.
    stagingSucceeded(now - HOUR / 4, OTHER_SHA);
    stagingSucceeded(now - 30 * HOUR);
    const prometheus = fakeFetch(['empty', 'series']);

    const summary = await sweep(undefined, prometheus.fetch);

    expect(summary).toMatchObject({ approved: 1, rejected: 0, waited: 0, errors: 0 });
    const [post] = approvalPosts(standIn, deployment);
    expect(post?.body.status).toBe('approved');
    // GitLab keeps 255 characters of a comment: the deciding reasons come first and survive the cut.
    const comment = String(post?.body.comment);
    expect(Array.from(comment).length).toBeLessThanOrEqual(255);
    expect(comment).toMatch(
      new RegExp(
        `; after: \`staging\` \\(deployment ${staging.id}, out since 2026-12-02T07:00:00Z\\): baked 2h`,
      ),
    );
    // Every rule's finding, whole, is in the decision's log line.
    expect(log.decisions()[0]?.checks).toEqual([
      expect.objectContaining({ name: 'config', verdict: 'approve' }),
      expect.objectContaining({ name: 'window', verdict: 'approve' }),
      expect.objectContaining({
        name: 'after',
        verdict: 'approve',
        reason: expect.stringMatching(/none breached$/),
      }),
    ]);
    // Prometheus was asked about the whole time since staging's deployment finished.
    const range = prometheus.calls.find((call) => call.url.pathname.endsWith('/query_range'));
    expect(Number(range?.url.searchParams.get('start')) * 1000).toBeGreaterThanOrEqual(now - 2 * HOUR);
  });

  it('rejects when staging breached during its bake', async () => {
    setConfig(gateConfig(AFTER_STAGING));
    const deployment = blockedProduction(standIn);
    stagingSucceeded(now - 2 * HOUR);

    const summary = await sweep(undefined, fakeFetch(['series']).fetch);

    expect(summary).toMatchObject({ rejected: 1, approved: 0 });
    const [post] = approvalPosts(standIn, deployment);
    expect(post?.body.status).toBe('rejected');
    expect(String(post?.body.comment)).toMatch(/after: `staging` .*breached/);
  });
});

describe('sweepGitLab: never twice, never by mistake', () => {
  it('retries a 5xx answer to the approval, re-reading the deployment first: one approval recorded', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);
    standIn.inject({ method: 'POST', path: /\/approval$/, answer: 503, times: 1 });

    const summary = await sweep();

    expect(summary).toMatchObject({ approved: 1, errors: 0 });
    expect(approvalPosts(standIn, deployment).map((call) => call.fault)).toEqual([503, undefined]);
    expect(deployment.approvals).toHaveLength(1);
    // Each POST came right after a fresh read of the deployment.
    const sequence = standIn.calls
      .filter((call) => call.path.startsWith(`/api/v4/projects/42/deployments/${deployment.id}`))
      .map((call) => call.method);
    expect(sequence).toEqual(['GET', 'POST', 'GET', 'POST']);
    expect(log.lines.some((line) => line.startsWith('warning') && /answered 503/.test(line))).toBe(true);
  });

  it('does not post again when the approval timed out after GitLab recorded it', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);
    standIn.inject({ method: 'POST', path: /\/approval$/, answer: 'hang-after-handling', times: 1 });

    const summary = await sweep();

    // The re-read shows the gate's own approval and the deployment running: that attempt's answer.
    expect(summary).toMatchObject({ approved: 1, errors: 0 });
    expect(approvalPosts(standIn, deployment)).toHaveLength(1);
    expect(deployment.approvals).toHaveLength(1);
    expect(deployment.status).toBe('running');
    expect(log.lines.some((line) => /no answer within 1500 ms/.test(line))).toBe(true);
  });

  it('skips a deployment that left blocked while it was being decided', async () => {
    setConfig(gateConfig(AFTER_STAGING));
    const deployment = blockedProduction(standIn);
    stagingSucceeded(now - 2 * HOUR);
    const prometheus = fakeFetch(['empty', 'series']);
    // Someone cancels the pipeline while the gate asks Prometheus about staging.
    const fetch: Fetch = (url, init) => {
      deployment.status = 'canceled';
      return prometheus.fetch(url, init);
    };

    const summary = await sweep(undefined, fetch);

    expect(summary).toMatchObject({ blocked: 1, approved: 0, skipped: 1, errors: 0 });
    expect(approvalPosts(standIn, deployment)).toEqual([]);
    expect(log.decisions()[0]).toMatchObject({
      verdict: 'approve',
      sent: 'none',
      notSentBecause: 'GitLab no longer lists it as blocked (canceled)',
    });
  });

  it('approves nothing while GitLab is down', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);
    standIn.failWith(503);

    const summary = await sweep();

    expect(summary).toMatchObject({ projects: 0, blocked: 0, approved: 0, errors: 1 });
    expect(handledApprovalPosts(standIn)).toEqual([]);
    expect(deployment.status).toBe('blocked');
    expect(log.lines.some((line) => /^error gate sweep: cannot list .* answered 503/.test(line))).toBe(true);
  });

  it('waits, sending nothing, when the config cannot be read', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);
    standIn.inject({ method: 'GET', path: /\/repository\/files\//, answer: 502, times: 1_000 });

    const summary = await sweep();

    expect(summary).toMatchObject({ blocked: 1, waited: 1, approved: 0, rejected: 0 });
    expect(approvalPosts(standIn, deployment)).toEqual([]);
    expect(String(log.decisions()[0]?.reason)).toMatch(/^config: .*answered 502/);
  });

  it('waits when a read hangs past the request timeout', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);
    standIn.inject({ method: 'GET', path: /\/repository\/files\//, answer: 'hang', times: 1_000 });

    const summary = await sweep(undefined, undefined, {
      requestTimeoutMs: 200,
      retryPolicy: { ...GITLAB_RETRY, maxAttempts: 2 },
    });

    expect(summary).toMatchObject({ waited: 1, approved: 0 });
    expect(approvalPosts(standIn, deployment)).toEqual([]);
  });

  it('never logs the token, even when an answer quotes it', async () => {
    setConfig(gateConfig());
    const deployment = blockedProduction(standIn);
    standIn.inject({
      method: 'POST',
      path: /\/approval$/,
      answer: 400,
      times: 1,
      message: 'rejected by proxy: PRIVATE-TOKEN {token} is not allowed here',
    });

    const summary = await sweep();

    expect(summary).toMatchObject({ approved: 0, errors: 1 });
    expect(approvalPosts(standIn, deployment)).toHaveLength(1);
    const refused = log.lines.find((line) => line.includes('rejected by proxy'));
    expect(refused).toMatch(/^error .*answered 400: rejected by proxy: PRIVATE-TOKEN \*\*\*/);
    // afterEach checks every line for the token.
  });

  it('logs and counts a refused self-approval without retrying it', async () => {
    setConfig(gateConfig());
    // The gate's own user started this pipeline: GitLab refuses its approval.
    const deployment = standIn.addDeployment({
      environment: 'production',
      sha: SHA,
      status: 'blocked',
      user: GATE_USER,
    });

    const summary = await sweep();

    expect(summary).toMatchObject({ approved: 0, errors: 1 });
    expect(approvalPosts(standIn, deployment)).toHaveLength(1);
    expect(deployment.status).toBe('blocked');
    expect(
      log.lines.some(
        (line) =>
          line.startsWith('error ') && line.includes('answered 400: You cannot approve your own deployment'),
      ),
    ).toBe(true);
    expect(log.decisions()[0]).toMatchObject({ verdict: 'approve', sent: 'none' });
  });

  it('does not answer again what the gate already answered, when others still have to approve', async () => {
    setConfig(gateConfig());
    // Two approvals required: after the gate's, the deployment stays blocked for a person's.
    const deployment = standIn.addDeployment({
      environment: 'production',
      sha: SHA,
      status: 'blocked',
      requiredApprovals: 2,
    });

    expect(await sweep()).toMatchObject({ approved: 1 });
    expect(deployment.status).toBe('blocked');
    expect(await sweep()).toMatchObject({ blocked: 1, approved: 0, skipped: 1, errors: 0 });
    expect(approvalPosts(standIn, deployment)).toHaveLength(1);
    expect(log.decisions()[1]).toMatchObject({
      sent: 'none',
      notSentBecause: "the gate's user has approved it already",
    });
  });
});

describe('sweepGitLab: what it sweeps', () => {
  it('reads every page of blocked deployments and decides each once', async () => {
    // No config at the commit: each is rejected, cheaply.
    const deployments = Array.from({ length: 105 }, () => blockedProduction(standIn));

    const summary = await sweep();

    expect(summary).toMatchObject({ projects: 1, blocked: 105, rejected: 105, errors: 0 });
    for (const deployment of deployments) expect(approvalPosts(standIn, deployment)).toHaveLength(1);
    const listCalls = standIn.calls.filter((call) => /\/deployments\?status=blocked/.test(call.path));
    expect(listCalls.map((call) => new URL(call.path, 'http://x').searchParams.get('page'))).toEqual([
      '1',
      '2',
    ]);
    expect(summary.apiCalls).toBeGreaterThanOrEqual(105 * 2);
  });

  it('sweeps the named projects and only the named environments', async () => {
    setConfig(gateConfig());
    const production = blockedProduction(standIn);
    // A people-approved environment the gate is not configured for.
    const manual = standIn.addDeployment({ environment: 'compliance', sha: SHA, status: 'blocked' });

    const summary = await sweep(
      gateSettings(standIn, {
        CI_PROJECT_ID: '',
        HANDS_OFF_GATE_GITLAB_PROJECTS: PROJECT_PATH,
        HANDS_OFF_GATE_GITLAB_ENVIRONMENTS: 'production',
      }),
    );

    expect(summary).toMatchObject({ projects: 1, blocked: 1, approved: 1 });
    expect(approvalPosts(standIn, production)).toHaveLength(1);
    expect(approvalPosts(standIn, manual)).toEqual([]);
    expect(standIn.calls.some((call) => call.path.includes('/projects/acme%2Fshop/deployments?'))).toBe(true);
  });

  it('leaves deployments of other statuses alone', async () => {
    setConfig(gateConfig());
    standIn.addDeployment({ environment: 'production', sha: SHA, status: 'created' });
    standIn.addDeployment({ environment: 'production', sha: SHA, status: 'running', user: PIPELINE_USER });

    expect(await sweep()).toMatchObject({ blocked: 0, approved: 0, rejected: 0 });
    expect(handledApprovalPosts(standIn)).toEqual([]);
  });
});

describe('approvalComment', () => {
  it('keeps a short comment whole and cuts a long one to 255 characters, never inside one', () => {
    const decision = {
      verdict: 'reject' as const,
      reason: 'window: closed',
      checks: [{ name: 'window', verdict: 'reject' as const, reason: 'closed' }],
      decidedAt: WEDNESDAY_10_BERLIN,
      configPath: '.github/hands-off.yml',
    };
    expect(approvalComment(decision)).toBe(
      'hands-off gate: reject at 2026-12-02T09:00:00Z: window: closed\n- window: reject: closed',
    );

    // Astral characters are two UTF-16 units each; GitLab counts characters.
    const long = approvalComment({ ...decision, reason: '🚀'.repeat(400) });
    expect(Array.from(long)).toHaveLength(255);
    expect(long.endsWith('🚀…')).toBe(true);
  });
});
