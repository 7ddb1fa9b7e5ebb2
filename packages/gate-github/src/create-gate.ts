import {
  gateDeps,
  type GateCollaboratorOverrides,
  redactingLogger,
  systemClock,
  type decideGate,
  type GateDecision,
  type RetryPolicy,
} from '@hands-off/core';
import { DeploymentAnswerer, type AnswerOutcome } from './decide-and-answer.js';
import { createDecisionRecorder } from './decision-record.js';
import { ExpiringKeySet } from './expiring-key-set.js';
import type { GateConfig } from './gate-config.js';
import { createGitHubApp, type GitHubApp } from './github-app.js';
import { sweepWaitingDeployments, type SweepSummary } from './sweep.js';
import {
  checkWebhookDelivery,
  type WaitingDeployment,
  type WebhookAnswer,
  type WebhookDelivery,
} from './webhook-request.js';

/** Delivery ids remembered: far more than a gate receives between two restarts of a busy day. */
const MAX_REMEMBERED_DELIVERIES = 10_000;
/** How long a delivery id is remembered: GitHub keeps deliveries for redelivery for a few days. */
const DELIVERY_MEMORY_MS = 3 * 24 * 60 * 60 * 1000;

/** What the gate is given besides its settings; everything but the logger has a real default. */
export interface GateCollaborators extends Omit<GateCollaboratorOverrides, 'signal'> {
  /** Core's decideGate and gateComment unless a test injects others. */
  decide?: typeof decideGate;
  comment?: (decision: GateDecision) => string;
  requestTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  random?: () => number;
}

/** The gate, whichever way it is run (an HTTP server, a Lambda function). */
export interface Gate {
  readonly app: GitHubApp;
  /** Checks one webhook delivery; decide `accepted` with `answer` after the HTTP answer has gone out. */
  checkDelivery(delivery: WebhookDelivery): Promise<WebhookAnswer>;
  /** Decides one waiting deployment and answers GitHub; never throws. */
  answer(waiting: WaitingDeployment): Promise<AnswerOutcome>;
  /** Finds every deployment waiting on the App's rule and decides each. */
  sweep(): Promise<SweepSummary>;
  /** Aborts requests and decisions in flight; nothing is answered after this. */
  abort(): void;
}

/** Builds the gate from its settings: the App, the webhook check, the answerer and the sweep, sharing one abort. */
export function createGate(config: GateConfig, collaborators: GateCollaborators): Gate {
  const stop = new AbortController();
  const log = redactingLogger(collaborators.log);
  const clock = collaborators.clock ?? systemClock;
  const app = createGitHubApp({
    appId: config.appId,
    privateKey: config.privateKey,
    apiUrl: config.apiUrl,
    signal: stop.signal,
    ...(collaborators.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: collaborators.requestTimeoutMs }),
  });
  const answerer = new DeploymentAnswerer({
    app,
    settings: { allowedEndpoints: config.allowedEndpoints },
    gate: gateDeps(config.awsRegion, { ...collaborators, clock, log, signal: stop.signal }),
    record: createDecisionRecorder(log, config.logDir),
    ...(collaborators.decide ? { decide: collaborators.decide } : {}),
    ...(collaborators.comment ? { comment: collaborators.comment } : {}),
    ...(collaborators.retryPolicy ? { retryPolicy: collaborators.retryPolicy } : {}),
    ...(collaborators.random ? { random: collaborators.random } : {}),
  });
  const deliveries = new ExpiringKeySet({
    maxKeys: MAX_REMEMBERED_DELIVERIES,
    ttlMs: DELIVERY_MEMORY_MS,
    clock,
  });
  return {
    app,
    async checkDelivery(delivery) {
      const answer = await checkWebhookDelivery(delivery, {
        secret: config.webhookSecret,
        apiUrl: config.apiUrl,
        deliveries,
      });
      const id = delivery.headers['x-github-delivery'];
      const shown = JSON.stringify((Array.isArray(id) ? id[0] : id)?.slice(0, 100) ?? '');
      log.info(`webhook delivery ${shown}: ${answer.status} ${answer.body}`);
      return answer;
    },
    answer: (waiting) => answerer.answer(waiting),
    sweep: () => sweepWaitingDeployments({ app, answerer, log, signal: stop.signal }),
    abort: () => stop.abort(new Error('the gate is shutting down')),
  };
}
