import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type DecisionRecord } from '@hands-off/core';
import {
  createGate,
  readGateConfig,
  startGateServer,
  type Gate,
  type GateCollaborators,
  type GateServer,
} from '@hands-off/gate-github';
import type { GitHubAppStandIn } from '../support/github-app-stand-in.js';

/** The webhook secret the tests' App is configured with. */
export const WEBHOOK_SECRET = 'whsec-stand-in-0f3a9c2e7b1d4e6a8c5f';
/** The commit being deployed in these tests. */
export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
/** A workflow run waiting for `production`. */
export const RUN_ID = 5150;
/** Wednesday 2026-12-02 10:00 in Berlin: inside `Mon-Fri 09:00-17:00`. */
export const INSIDE_WINDOW = Date.parse('2026-12-02T09:00:00Z');
/** Saturday 2026-12-05 11:00 in Berlin: outside it. */
export const OUTSIDE_WINDOW = Date.parse('2026-12-05T10:00:00Z');

/** The repository's config at the commit: production may deploy on weekdays during office hours. */
export const GATE_CONFIG = `version: 1
environments:
  production:
    timezone: Europe/Berlin
    allow: Mon-Fri 09:00-17:00
    gate:
      require-reviewed: false
`;

import { captureLog, type CapturedLog } from '../support/capture-log.js';

export { captureLog, type CapturedLog };

/** The stand-in's repository with the config at SHA, `production` guarded by the App, and run RUN_ID waiting for it. */
export function prepareRepository(standIn: GitHubAppStandIn): void {
  standIn.review.repository.files.set(`${SHA}:.github/hands-off.yml`, GATE_CONFIG);
  standIn.guardedEnvironments.add('production');
  standIn.addWaitingRun(RUN_ID, SHA, ['production']);
}

/** A gate configured through its environment variables, as in production, against the stand-in. */
export async function gateAgainst(
  standIn: GitHubAppStandIn,
  options: {
    at: number;
    log?: CapturedLog;
    logDir?: string;
    allowedEndpoints?: string;
  } & Partial<GateCollaborators>,
): Promise<{ gate: Gate; clock: ManualClock; log: CapturedLog; logDir: string }> {
  const logDir = options.logDir ?? (await mkdtemp(join(tmpdir(), 'gate-log-')));
  const config = await readGateConfig({
    HANDS_OFF_GATE_APP_ID: standIn.appId,
    HANDS_OFF_GATE_PRIVATE_KEY: standIn.privateKey,
    HANDS_OFF_GATE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GITHUB_API_URL: standIn.url,
    HANDS_OFF_GATE_LOG_DIR: logDir,
    ...(options.allowedEndpoints ? { HANDS_OFF_GATE_ALLOWED_ENDPOINTS: options.allowedEndpoints } : {}),
  });
  const clock = new ManualClock(options.at);
  const log = options.log ?? captureLog();
  const gate = createGate(config, {
    clock,
    // Backoff between retries advances the manual clock instead of waiting.
    sleep: clock.sleep,
    random: () => 0.5,
    // Long enough for a loaded machine, short enough that a hung request fails the attempt quickly.
    requestTimeoutMs: 1_500,
    ...options,
    log,
  });
  return { gate, clock, log, logDir };
}

/**
 * gateAgainst's gate behind a server with no periodic sweep (a test sweeps when it means to), added
 * to `servers` for the test's afterEach to close.
 */
export async function serveGate(
  standIn: GitHubAppStandIn,
  servers: GateServer[],
  options: Parameters<typeof gateAgainst>[1],
): Promise<Awaited<ReturnType<typeof gateAgainst>> & { server: GateServer }> {
  const made = await gateAgainst(standIn, options);
  const server = await startGateServer(made.gate, made.log, { sweepIntervalMs: 0 });
  servers.push(server);
  return { ...made, server };
}

/** The records in `<dir>/decision-log.jsonl`. */
export async function decisionLog(dir: string): Promise<DecisionRecord[]> {
  const text = await readFile(join(dir, 'decision-log.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DecisionRecord);
}

/** Calls that reached a repository (anything the gate did for a delivery). */
export function repositoryCalls(standIn: GitHubAppStandIn): string[] {
  return standIn.calls
    .filter((call) => call.path.startsWith('/repos/'))
    .map((call) => `${call.method} ${call.path}`);
}
