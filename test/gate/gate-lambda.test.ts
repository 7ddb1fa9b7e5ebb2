import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { LambdaFunctionURLEvent, ScheduledEvent } from 'aws-lambda';
import { forgetSecrets } from '@hands-off/core';
import { createLambdaHandler } from '@hands-off/gate-github';
import { signWebhook, startGitHubAppStandIn, type GitHubAppStandIn } from '../support/github-app-stand-in.js';
import {
  INSIDE_WINDOW,
  OUTSIDE_WINDOW,
  RUN_ID,
  SHA,
  WEBHOOK_SECRET,
  gateAgainst,
  prepareRepository,
  repositoryCalls,
} from './gate-helpers.js';

let standIn: GitHubAppStandIn;

beforeEach(async () => {
  standIn = await startGitHubAppStandIn();
  prepareRepository(standIn);
});

afterEach(async () => {
  await standIn.stop();
  forgetSecrets();
});

/** A function-URL invocation (payload format 2.0) as Lambda builds it from GitHub's POST. */
function functionUrlEvent(
  body: string,
  options: { base64?: boolean; signature?: string; method?: string } = {},
): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'deployment_protection_rule',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': options.signature ?? signWebhook(WEBHOOK_SECRET, body),
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'gate',
      domainName: 'gate.lambda-url.eu-central-1.on.aws',
      domainPrefix: 'gate',
      http: {
        method: options.method ?? 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'GitHub-Hookshot/1',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: '02/Dec/2026:09:00:00 +0000',
      timeEpoch: INSIDE_WINDOW,
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

const scheduledEvent: ScheduledEvent = {
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-12-02T09:00:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:events:eu-central-1:123456789012:rule/hands-off-gate-sweep'],
  detail: {},
};

describe('gate on Lambda', () => {
  it.each([
    ['plain', false],
    ['base64-encoded', true],
  ])('decides a %s function-URL delivery before returning its answer', async (_kind, base64) => {
    const { gate } = await gateAgainst(standIn, { at: INSIDE_WINDOW });
    const handler = createLambdaHandler(() => gate);
    const body = JSON.stringify(
      standIn.protectionRulePayload({ runId: RUN_ID, environment: 'production', sha: SHA }),
    );

    const result = await handler(functionUrlEvent(body, { base64 }));

    expect(result).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'accepted\n',
    });
    // Already answered when the handler returned: Lambda may freeze the process right after.
    expect(standIn.reviews).toEqual([
      { runId: RUN_ID, environment: 'production', state: 'approved', comment: expect.any(String) },
    ]);
  });

  it('refuses a wrong signature with 401 and calls nothing', async () => {
    const { gate } = await gateAgainst(standIn, { at: INSIDE_WINDOW });
    const handler = createLambdaHandler(() => gate);
    const body = JSON.stringify(
      standIn.protectionRulePayload({ runId: RUN_ID, environment: 'production', sha: SHA }),
    );

    const result = await handler(functionUrlEvent(body, { signature: signWebhook('another secret', body) }));

    expect(result).toMatchObject({ statusCode: 401 });
    expect(standIn.calls).toEqual([]);
  });

  it('refuses methods other than POST with 405', async () => {
    const { gate } = await gateAgainst(standIn, { at: INSIDE_WINDOW });
    const result = await createLambdaHandler(() => gate)(functionUrlEvent('{}', { method: 'GET' }));
    expect(result).toMatchObject({ statusCode: 405 });
  });

  it('runs one sweep on a scheduled event and returns its summary', async () => {
    const { gate } = await gateAgainst(standIn, { at: OUTSIDE_WINDOW });
    const handler = createLambdaHandler(() => gate);

    const closed = await handler(scheduledEvent);
    expect(closed).toMatchObject({ repositories: 1, runs: 1, waiting: 1, waited: 1, approved: 0, errors: 0 });
    expect(repositoryCalls(standIn).filter((call) => call.startsWith('POST'))).toEqual([]);

    const opened = await gateAgainst(standIn, { at: INSIDE_WINDOW });
    expect(await createLambdaHandler(() => opened.gate)(scheduledEvent)).toMatchObject({
      waiting: 1,
      approved: 1,
    });
    expect(standIn.reviews).toHaveLength(1);
  });
});
