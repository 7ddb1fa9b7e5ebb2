import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@hands-off/core';
import { ExpiringKeySet, checkWebhookDelivery, runIdOfCallback } from '@hands-off/gate-github';
import { signWebhook } from '../support/github-app-stand-in.js';

const API = 'https://github.example.com/api/v3';
const SECRET = 'webhook-secret-for-unit-tests';

function delivery(payload: unknown, headers: Record<string, string> = {}) {
  const body = Buffer.from(JSON.stringify(payload));
  return {
    headers: {
      'x-github-event': 'deployment_protection_rule',
      'x-github-delivery': 'd-1',
      'x-hub-signature-256': signWebhook(SECRET, body),
      ...headers,
    },
    body,
  };
}

const requested = {
  action: 'requested',
  environment: 'production',
  deployment_callback_url: `${API}/repos/Acme/Shop/actions/runs/99/deployment_protection_rule`,
  deployment: { id: 5, sha: 'a'.repeat(40) },
  repository: { full_name: 'acme/shop' },
  installation: { id: 7 },
};

const keys = () => new ExpiringKeySet({ maxKeys: 3, ttlMs: 1000, clock: new ManualClock(0) });

describe('checkWebhookDelivery', () => {
  it('accepts a signed requested payload and takes the run id from the callback URL', async () => {
    const answer = await checkWebhookDelivery(delivery(requested), {
      secret: SECRET,
      apiUrl: API,
      deliveries: keys(),
    });
    expect(answer).toEqual({
      status: 202,
      body: 'accepted',
      accepted: {
        owner: 'acme',
        repo: 'shop',
        runId: 99,
        environment: 'production',
        sha: 'a'.repeat(40),
        deploymentId: 5,
        installationId: 7,
      },
    });
  });

  it('checks the signature before parsing: unsigned garbage is 401, not 400', async () => {
    const answer = await checkWebhookDelivery(
      { headers: { 'x-hub-signature-256': 'sha256=00' }, body: Buffer.from('{not json') },
      { secret: SECRET, apiUrl: API, deliveries: keys() },
    );
    expect(answer.status).toBe(401);
  });

  it.each([
    ['no sha', { ...requested, deployment: { id: 5 } }],
    ['a short sha', { ...requested, deployment: { id: 5, sha: 'abc' } }],
    ['no installation', { ...requested, installation: {} }],
    ['an empty environment', { ...requested, environment: '' }],
  ])('refuses a payload with %s (400)', async (_what, payload) => {
    const answer = await checkWebhookDelivery(delivery(payload), {
      secret: SECRET,
      apiUrl: API,
      deliveries: keys(),
    });
    expect(answer.status).toBe(400);
  });
});

describe('runIdOfCallback', () => {
  it.each([
    [`${API}/repos/acme/shop/actions/runs/12/deployment_protection_rule`, 12],
    [`https://github.example.com/repos/acme/shop/actions/runs/12/deployment_protection_rule`, undefined],
    [`https://evil.example/api/v3/repos/acme/shop/actions/runs/12/deployment_protection_rule`, undefined],
    [`${API}/repos/acme/other/actions/runs/12/deployment_protection_rule`, undefined],
    [`${API}/repos/acme/shop/actions/runs/12/deployment_protection_rule?x=1`, undefined],
    [`${API}/repos/acme/shop/actions/runs/12/approve`, undefined],
    [`${API}/repos/acme/shop/actions/runs/99999999999999999999/deployment_protection_rule`, undefined],
    ['not a url', undefined],
  ])('%s → %s', (callback, runId) => {
    expect(runIdOfCallback(callback, API, 'acme', 'shop')).toBe(runId);
  });
});

describe('ExpiringKeySet', () => {
  it('holds a key for its TTL, then takes it again', () => {
    const clock = new ManualClock(0);
    const set = new ExpiringKeySet({ maxKeys: 10, ttlMs: 1000, clock });
    expect(set.addIfAbsent('a')).toBe(true);
    clock.advance(1000);
    expect(set.addIfAbsent('a')).toBe(false);
    clock.advance(1);
    expect(set.addIfAbsent('a')).toBe(true);
  });

  it('keeps at most maxKeys, dropping the oldest first', () => {
    const set = new ExpiringKeySet({ maxKeys: 2, ttlMs: 1000, clock: new ManualClock(0) });
    set.addIfAbsent('a');
    set.addIfAbsent('b');
    set.addIfAbsent('c');
    expect(set.size).toBe(2);
    expect(set.addIfAbsent('b')).toBe(false);
    expect(set.addIfAbsent('a')).toBe(true);
  });
});
