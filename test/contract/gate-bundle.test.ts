import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { sendWebhook, startGitHubAppStandIn, type GitHubAppStandIn } from '../support/github-app-stand-in.js';
import { startGitLabStandIn, type GitLabStandIn } from '../support/gitlab-stand-in.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { GATE_TOKEN, GATE_USER, SHA, blockedProduction } from '../gate-gitlab/gitlab-gate-helpers.js';

/**
 * The gate as users run it: `hands-off gate …` and the Lambda handler from the built bundle
 * (dist/), under Node 24, configured by environment variables only, against loopback stand-ins.
 */
const CLI = join(ROOT, 'dist/cli/index.js');
const SECRET = 'whsec-bundle-test-7c1e4a9b2d5f8e3a';
const ALWAYS_OPEN = 'version: 1\nenvironments:\n  production:\n    gate:\n      require-reviewed: false\n';

/** Runs a command asynchronously: the stand-ins answer from this process meanwhile. */
function spawnNode(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE24, args, { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

const cli = (args: string[], env: Record<string, string>) => spawnNode([CLI, 'gate', ...args], env);

describe('hands-off gate: bad settings', () => {
  it.each<[string[], Record<string, string>, RegExp]>([
    [
      ['serve'],
      {},
      /^error: gate: input `HANDS_OFF_GATE_\w+`: is not set.*; example of a valid value: .+\n$/,
    ],
    [['sweep', '--gitlab'], {}, /^error: gate: input `HANDS_OFF_GATE_GITLAB_TOKEN`: is not set/],
    [
      ['serve', '--port', '70000'],
      {},
      /^error: gate: input `port`: `70000` is not a port \(0-65535\); example of a valid value: `8080`\n$/,
    ],
    [['serve', '--sweep-interval', 'soon'], {}, /^error: gate: input `sweep-interval`: /],
    [['bogus'], {}, /^error: gate: input `command`: `bogus` is not a gate command \(serve, sweep\)/],
  ])('%j exits 1 with one line and no stack trace', async (args, env, line) => {
    const run = await cli(args, env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(line);
    expect(run.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  it('names the private key it needs without printing one, and never echoes a broken key', async () => {
    const run = await cli(['sweep'], {
      HANDS_OFF_GATE_APP_ID: '123',
      HANDS_OFF_GATE_WEBHOOK_SECRET: SECRET,
      HANDS_OFF_GATE_PRIVATE_KEY:
        '-----BEGIN RSA PRIVATE KEY-----\nQUJDREVGR0hJSktMTU5PUA==\n-----END RSA PRIVATE KEY-----',
    });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error: gate: input `HANDS_OFF_GATE_PRIVATE_KEY`: /);
    expect(run.err).not.toContain('QUJDREVGR0hJSktMTU5PUA');
  });
});

describe('hands-off gate on GitHub (the App stand-in)', () => {
  let standIn: GitHubAppStandIn;
  let env: Record<string, string>;
  beforeEach(async () => {
    standIn = await startGitHubAppStandIn();
    standIn.review.repository.files.set(`${SHA}:.github/hands-off.yml`, ALWAYS_OPEN);
    standIn.guardedEnvironments.add('production');
    env = {
      HANDS_OFF_GATE_APP_ID: standIn.appId,
      HANDS_OFF_GATE_PRIVATE_KEY: standIn.privateKey,
      HANDS_OFF_GATE_WEBHOOK_SECRET: SECRET,
      GITHUB_API_URL: standIn.url,
    };
  });
  afterEach(async () => standIn.stop());

  it('serve: answers the webhook, approves, serves /healthz, and stops on SIGTERM', async () => {
    standIn.addWaitingRun(71, SHA, ['production']);
    const child = spawn(NODE24, [CLI, 'gate', 'serve', '--port', '0', '--sweep-interval', '0'], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${err}`)), 15_000);
        child.stderr.on('data', () => {
          const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (found?.[1]) {
            clearTimeout(timer);
            resolve(found[1]);
          }
        });
      });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const answer = await sendWebhook(url, {
        secret: SECRET,
        payload: standIn.protectionRulePayload({ runId: 71, environment: 'production', sha: SHA }),
      });
      expect(answer.status).toBe(202);
      for (let i = 0; i < 200 && standIn.reviews.length === 0; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(standIn.reviews).toEqual([
        {
          runId: 71,
          environment: 'production',
          state: 'approved',
          comment: expect.stringMatching(/^hands-off gate: approve/),
        },
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(err).not.toContain(standIn.privateKey.split('\n')[1] ?? 'unreachable');
    expect(err).not.toContain(SECRET);
  }, 40_000);

  it('sweep: decides every waiting deployment once and prints the summary', async () => {
    standIn.addWaitingRun(72, SHA, ['production']);
    standIn.addWaitingRun(73, SHA, ['production']);
    const run = await cli(['sweep'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ runs: 2, waiting: 2, approved: 2, errors: 0 });
    expect(standIn.reviews.map((review) => review.runId).sort()).toEqual([72, 73]);
  });

  it('the Lambda handler (dist/gate-lambda): a function-URL webhook and a scheduled sweep', async () => {
    standIn.addWaitingRun(74, SHA, ['production']);
    standIn.addWaitingRun(75, SHA, ['production']);
    const body = JSON.stringify(
      standIn.protectionRulePayload({ runId: 74, environment: 'production', sha: SHA }),
    );
    const script = `
      const { handler, sweepHandler } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/gate-lambda/index.js')).href)});
      const { createHmac } = await import('node:crypto');
      const body = ${JSON.stringify(body)};
      const signature = 'sha256=' + createHmac('sha256', ${JSON.stringify(SECRET)}).update(body).digest('hex');
      const webhook = await handler({
        version: '2.0', rawPath: '/webhook', isBase64Encoded: false, body,
        headers: { 'x-github-event': 'deployment_protection_rule', 'x-github-delivery': 'd-74', 'x-hub-signature-256': signature, 'content-type': 'application/json' },
        requestContext: { http: { method: 'POST', path: '/webhook' } },
      });
      const sweep = await sweepHandler();
      process.stdout.write(JSON.stringify({ webhook: webhook.statusCode, sweep }));`;
    const run = await spawnNode(['--input-type=module', '-e', script], env);
    expect(run.err.split('\n').filter((line) => /error/i.test(line))).toEqual([]);
    const result = JSON.parse(run.out.slice(run.out.indexOf('{"webhook"'))) as {
      webhook: number;
      sweep: { statusCode?: number; body?: string };
    };
    expect(result.webhook).toBe(202);
    expect(standIn.reviews.map((review) => review.runId).sort()).toEqual([74, 75]);
    expect(standIn.refusedReviews).toEqual([]);
  });
});

describe('hands-off gate sweep --gitlab (the GitLab stand-in)', () => {
  let standIn: GitLabStandIn;
  beforeEach(async () => {
    standIn = await startGitLabStandIn();
    standIn.tokens.set(GATE_TOKEN, GATE_USER);
  });
  afterEach(async () => standIn.stop());

  it('approves a blocked deployment, prints the summary, and appends to the decision log', async () => {
    standIn.project.files.set(`${SHA}:.github/hands-off.yml`, ALWAYS_OPEN);
    const deployment = blockedProduction(standIn);
    const logDir = mkdtempSync(join(tmpdir(), 'gate-gitlab-log-'));
    const run = await cli(['sweep', '--gitlab'], {
      HANDS_OFF_GATE_GITLAB_TOKEN: GATE_TOKEN,
      CI_API_V4_URL: standIn.apiUrl,
      CI_PROJECT_ID: '42',
      HANDS_OFF_GATE_LOG_DIR: logDir,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ projects: 1, blocked: 1, approved: 1, errors: 0 });
    expect(deployment.status).not.toBe('blocked');
    const [record] = readFileSync(join(logDir, 'decision-log.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(record).toMatchObject({
      step: 'gate',
      platform: 'gitlab',
      verdict: 'approve',
      observations: { sent: 'approved' },
    });
    expect(`${run.out}${run.err}`).not.toContain(GATE_TOKEN);
  });

  it('the Lambda handler (dist/gate-gitlab-lambda): a scheduled invocation sweeps once', async () => {
    standIn.project.files.set(`${SHA}:.github/hands-off.yml`, ALWAYS_OPEN);
    const deployment = blockedProduction(standIn);
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/gate-gitlab-lambda/index.js')).href)});
      const summary = await handler({ version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
      process.stdout.write('SUMMARY ' + JSON.stringify(summary));`;
    const run = await spawnNode(['--input-type=module', '-e', script], {
      HANDS_OFF_GATE_GITLAB_TOKEN: GATE_TOKEN,
      CI_API_V4_URL: standIn.apiUrl,
      HANDS_OFF_GATE_GITLAB_PROJECTS: '42',
    });
    expect(JSON.parse(run.out.slice(run.out.indexOf('SUMMARY ') + 8))).toMatchObject({
      blocked: 1,
      approved: 1,
      errors: 0,
    });
    expect(deployment.status).not.toBe('blocked');
    expect(`${run.out}${run.err}`).not.toContain(GATE_TOKEN);
  });
});
