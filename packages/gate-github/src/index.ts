// Public surface of @hands-off/gate-github: the GitHub side of the deployment gate.
export { createGate, type Gate, type GateCollaborators } from './create-gate.js';
export { readGateConfig, GATE_VARIABLES, type GateConfig } from './gate-config.js';
export {
  startGateServer,
  DEFAULT_SWEEP_INTERVAL_MS,
  type GateServer,
  type GateServerOptions,
} from './gate-server.js';
export { createLambdaHandler, type GateLambdaEvent, type GateLambdaHandler } from './lambda.js';
export { sweepWaitingDeployments, type SweepSummary } from './sweep.js';
export { DeploymentAnswerer, isStillWaiting, ANSWER_RETRY, type AnswerOutcome } from './decide-and-answer.js';
export { createGitHubApp, type GitHubApp, type Octokit } from './github-app.js';
export { githubGateRepository } from './gate-repository.js';
export {
  checkWebhookDelivery,
  runIdOfCallback,
  MAX_WEBHOOK_BYTES,
  type WaitingDeployment,
  type WebhookAnswer,
  type WebhookDelivery,
} from './webhook-request.js';
export { ExpiringKeySet } from './expiring-key-set.js';
export { createDecisionRecorder, gateDecisionRecord, type GateAnswerRecord } from './decision-record.js';
