import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { forgetSecrets } from '@hands-off/core';
import { startGateServer, type GateCollaborators, type GateServer } from '@hands-off/gate-github';
import {
  sendWebhook,
  signWebhook,
  startGitHubAppStandIn,
  type GitHubAppStandIn,
} from '../support/github-app-stand-in.js';
import {
  INSIDE_WINDOW,
  OUTSIDE_WINDOW,
  RUN_ID,
  SHA,
  WEBHOOK_SECRET,
  captureLog,
  decisionLog,
  type CapturedLog,
  gateAgainst,
  serveGate,
  prepareRepository,
  repositoryCalls,
} from './gate-helpers.js';

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

const serve = (at: number, extra: Partial<GateCollaborators> & { log?: CapturedLog } = {}) =>
  serveGate(standIn, servers, { at, ...extra });

const payload = (overrides: Partial<Parameters<GitHubAppStandIn['protectionRulePayload']>[0]> = {}) =>
  standIn.protectionRulePayload({ runId: RUN_ID, environment: 'production', sha: SHA, ...overrides });

describe('gate server: deciding', () => {
  it('answers the webhook 202 at once and approves a deployment inside the window, once, with the decision in the log', async () => {
    const { server, log, logDir } = await serve(INSIDE_WINDOW);

    const answer = await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    expect(answer).toEqual({ status: 202, body: 'accepted' });
    await server.settled();

    expect(standIn.reviews).toEqual([
      {
        runId: RUN_ID,
        environment: 'production',
        state: 'approved',
        comment: expect.stringContaining('hands-off gate: approve'),
      },
    ]);
    expect(standIn.refusedReviews).toEqual([]);
    const [record, ...others] = await decisionLog(logDir);
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      step: 'gate',
      verdict: 'approve',
      observations: {
        repository: 'acme/shop',
        runId: RUN_ID,
        environment: 'production',
        sha: SHA,
        sent: 'approved',
        configPath: '.github/hands-off.yml',
      },
    });
    // The same record is one JSON log line.
    const logged = log.lines.filter((line) => line.startsWith('info {'));
    expect(logged.map((line) => JSON.parse(line.slice('info '.length)))).toEqual([record]);
  });

  it('sends nothing while the window is closed: the decision is wait', async () => {
    const { server, logDir } = await serve(OUTSIDE_WINDOW);

    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    expect(standIn.reviews).toEqual([]);
    expect(repositoryCalls(standIn).filter((call) => call.startsWith('POST'))).toEqual([]);
    const [record] = await decisionLog(logDir);
    expect(record).toMatchObject({ verdict: 'wait', observations: { sent: 'none' } });
  });

  it('rejects a deployment whose environment has no gate block, and says why in the comment', async () => {
    standIn.review.repository.files.set(
      `${SHA}:.github/hands-off.yml`,
      'version: 1\nenvironments:\n  production: {}\n',
    );
    const { server } = await serve(INSIDE_WINDOW);

    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    expect(standIn.reviews).toEqual([
      {
        runId: RUN_ID,
        environment: 'production',
        state: 'rejected',
        comment: expect.stringContaining('gate'),
      },
    ]);
  });

  it('serves /healthz and refuses other paths and methods', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/elsewhere`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${server.url}/webhook`)).status).toBe(405);
  });
});

describe('gate server: what it refuses or ignores, without calling GitHub', () => {
  const expectNothingCalled = async (server: GateServer): Promise<void> => {
    await server.settled();
    expect(repositoryCalls(standIn)).toEqual([]);
    expect(standIn.calls).toEqual([]);
  };

  it('refuses a delivery signed with another secret (401)', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const answer = await sendWebhook(server.url, { secret: 'not-the-secret-at-all', payload: payload() });
    expect(answer.status).toBe(401);
    await expectNothingCalled(server);
  });

  it('refuses a delivery without a signature (401)', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const answer = await sendWebhook(server.url, {
      secret: WEBHOOK_SECRET,
      payload: payload(),
      signature: null,
    });
    expect(answer.status).toBe(401);
    await expectNothingCalled(server);
  });

  it('refuses a body changed after signing (401): the signature covers the raw bytes', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const body = JSON.stringify(payload());
    const answer = await sendWebhook(server.url, {
      secret: WEBHOOK_SECRET,
      payload: body.replace('"production"', '"production" '),
      signature: signWebhook(WEBHOOK_SECRET, body),
    });
    expect(answer.status).toBe(401);
    await expectNothingCalled(server);
  });

  it('answers a replayed delivery id 200 duplicate and decides it only once', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const deliveryId = randomUUID();
    const first = await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload(), deliveryId });
    await server.settled();
    const callsAfterFirst = standIn.calls.length;
    const replay = await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload(), deliveryId });
    await server.settled();

    expect(first.status).toBe(202);
    expect(replay).toEqual({ status: 200, body: 'duplicate delivery, ignored' });
    expect(standIn.calls.length).toBe(callsAfterFirst);
    expect(standIn.reviews).toHaveLength(1);
  });

  it('refuses a body over 1 MiB (413) before reading it', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const body = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(`${server.url}/webhook`, {
        method: 'POST',
        headers: {
          'content-length': String(body.length),
          'x-github-event': 'deployment_protection_rule',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': signWebhook(WEBHOOK_SECRET, body),
        },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      // The gate closes the connection after answering: a write that was still going may fail.
      outgoing.on('error', (error) => setTimeout(() => reject(error), 500));
      outgoing.end(body);
    });
    expect(status).toBe(413);
    await expectNothingCalled(server);
  });

  it('ignores deployment_protection_rule actions other than requested (202)', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const answer = await sendWebhook(server.url, {
      secret: WEBHOOK_SECRET,
      payload: payload({ action: 'completed' }),
    });
    expect(answer).toEqual({ status: 202, body: 'action "completed" ignored' });
    await expectNothingCalled(server);
  });

  it('ignores other events (202) and answers ping 200', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const push = await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload(), event: 'push' });
    const ping = await sendWebhook(server.url, {
      secret: WEBHOOK_SECRET,
      payload: { zen: 'Keep it logically awesome.' },
      event: 'ping',
    });
    expect(push).toEqual({ status: 202, body: 'event "push" ignored' });
    expect(ping).toEqual({ status: 200, body: 'pong' });
    await expectNothingCalled(server);
  });

  it('refuses a callback URL on another host, or for another repository (400)', async () => {
    const { server } = await serve(INSIDE_WINDOW);
    const elsewhere = await sendWebhook(server.url, {
      secret: WEBHOOK_SECRET,
      payload: payload({
        callbackUrl: `https://evil.example/repos/acme/shop/actions/runs/${RUN_ID}/deployment_protection_rule`,
      }),
    });
    const otherRepository = await sendWebhook(server.url, {
      secret: WEBHOOK_SECRET,
      payload: payload({
        callbackUrl: `${standIn.url}/repos/victim/vault/actions/runs/${RUN_ID}/deployment_protection_rule`,
      }),
    });
    expect(elsewhere.status).toBe(400);
    expect(otherRepository.status).toBe(400);
    expect(elsewhere.body).toContain('deployment_callback_url');
    await expectNothingCalled(server);
  });

  it('never writes the private key or the webhook secret into a log line or the decision log', async () => {
    const log = captureLog();
    const { server, logDir } = await serve(INSIDE_WINDOW, { log });
    // A failing answer and a refused delivery log errors too.
    standIn.inject({ match: /deployment_protection_rule$/, times: 1, kind: 'status', status: 502 });
    await sendWebhook(server.url, { secret: 'wrong', payload: payload() });
    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    const written = [...log.lines, JSON.stringify(await decisionLog(logDir))].join('\n');
    expect(log.lines.length).toBeGreaterThan(2);
    expect(written).not.toContain(WEBHOOK_SECRET);
    const keyLines = standIn.privateKey
      .split('\n')
      .filter((line) => line.length > 20 && !line.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(10);
    for (const line of keyLines) expect(written).not.toContain(line);
    expect(written).not.toMatch(/ghs_standIn/);
  });
});

describe('gate server: faults never approve twice or by mistake', () => {
  it('retries a 5xx answer to the review and records exactly one decision', async () => {
    standIn.inject({ match: /^POST .*\/deployment_protection_rule$/, times: 2, kind: 'status', status: 502 });
    const { server, logDir } = await serve(INSIDE_WINDOW);

    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    const posts = repositoryCalls(standIn).filter((call) => call.startsWith('POST'));
    expect(posts).toHaveLength(3);
    expect(standIn.reviews).toHaveLength(1);
    expect(standIn.reviews[0]?.state).toBe('approved');
    expect(standIn.refusedReviews).toEqual([]);
    expect((await decisionLog(logDir)).map((record) => record.observations.sent)).toEqual(['approved']);
  });

  it('does not send again when a timed-out review was in fact recorded: the re-check sees it answered', async () => {
    standIn.inject({ match: /^POST .*\/deployment_protection_rule$/, times: 1, kind: 'apply-then-hang' });
    const { server, logDir } = await serve(INSIDE_WINDOW);

    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    expect(repositoryCalls(standIn).filter((call) => call.startsWith('POST'))).toHaveLength(1);
    expect(standIn.reviews).toHaveLength(1);
    expect(standIn.refusedReviews).toEqual([]);
    const [record] = await decisionLog(logDir);
    expect(record?.observations).toMatchObject({
      sent: 'none',
      notSentBecause: expect.stringContaining('no longer lists'),
    });
  });

  it('approves nothing while GitHub fails to serve the config: the decision waits', async () => {
    standIn.inject({ match: /\/contents\//, times: 100, kind: 'status', status: 503 });
    const { server, logDir } = await serve(INSIDE_WINDOW);

    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    expect(standIn.reviews).toEqual([]);
    expect(repositoryCalls(standIn).filter((call) => call.startsWith('POST'))).toEqual([]);
    const [record] = await decisionLog(logDir);
    expect(record).toMatchObject({ verdict: 'wait', observations: { sent: 'none' } });
  });

  it('sends nothing when the App token cannot be had, and logs why', async () => {
    standIn.inject({ match: /access_tokens$/, times: 100, kind: 'status', status: 503 });
    const { server, logDir, log } = await serve(INSIDE_WINDOW);

    await sendWebhook(server.url, { secret: WEBHOOK_SECRET, payload: payload() });
    await server.settled();

    expect(standIn.reviews).toEqual([]);
    expect(log.lines.some((line) => line.startsWith('error') && line.includes('access_tokens'))).toBe(true);
    expect((await decisionLog(logDir))[0]).toMatchObject({
      verdict: 'error',
      observations: { sent: 'none' },
    });
  });
});

describe('gate server: nothing is lost across a restart', () => {
  it('a new instance sweeps and decides what the stopped one had acknowledged but not decided', async () => {
    let started!: () => void;
    const deciding = new Promise<void>((resolve) => (started = resolve));
    const first = await serve(INSIDE_WINDOW, {
      // A decision that is still running when the server stops.
      decide: (
        _request: unknown,
        _repository: unknown,
        _settings: unknown,
        deps: { signal?: AbortSignal },
      ) => {
        started();
        return new Promise<never>((_, reject) =>
          deps.signal?.addEventListener('abort', () => reject(new Error('stopped'))),
        );
      },
    });
    expect((await sendWebhook(first.server.url, { secret: WEBHOOK_SECRET, payload: payload() })).status).toBe(
      202,
    );
    await deciding;
    await first.server.close();
    servers.splice(servers.indexOf(first.server), 1);
    expect(standIn.reviews).toEqual([]);

    const second = await gateAgainst(standIn, { at: INSIDE_WINDOW });
    const server = await startGateServer(second.gate, second.log, { sweepIntervalMs: 50 });
    servers.push(server);
    for (let i = 0; i < 200 && standIn.reviews.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await server.close();
    servers.pop();

    expect(standIn.reviews).toEqual([
      { runId: RUN_ID, environment: 'production', state: 'approved', comment: expect.any(String) },
    ]);
    expect(standIn.refusedReviews).toEqual([]);
  });

  it('a sweep finds a waiting run whose webhook never came, skips environments the App does not guard, and counts its calls', async () => {
    standIn.addWaitingRun(RUN_ID + 1, SHA, ['staging']);
    standIn.installations.push({ id: 99, account: 'other', repositories: ['other/a', 'other/b'] });
    const { gate } = await gateAgainst(standIn, { at: OUTSIDE_WINDOW });

    const waiting = await gate.sweep();

    expect(waiting).toEqual({
      repositories: 3,
      runs: 2,
      waiting: 1,
      approved: 0,
      rejected: 0,
      waited: 1,
      errors: 0,
      apiCalls: expect.any(Number),
    });
    expect(waiting.apiCalls).toBeGreaterThanOrEqual(6);
    expect(standIn.reviews).toEqual([]);
  });
});
