import { readGitLabGateConfig, type GitLabGateConfig } from '@hands-off/gate-gitlab';
import type { GitLabCall, GitLabStandIn, StandInDeployment } from '../support/gitlab-stand-in.js';

/**
 * The gate's token: a user allowed to approve deployments to the protected environments. Shaped
 * like a token from before GitLab's `glpat-` prefix, so that only its registration as a secret,
 * not a credential pattern, keeps it out of the log.
 */
export const GATE_TOKEN = 'Zq7Xv2Lm9Tp4Rk8Wd3Hs';
export const GATE_USER = 'hands-off-gate';
/** The commit being deployed. */
export const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const OTHER_SHA = '0f9e8d7c6b5a49382716050f4e3d2c1b0a998877';
export const HOUR = 3_600_000;
/** Wednesday 2026-12-02 10:00 in Berlin: inside `Mon-Fri 09:00-17:00`. */
export const WEDNESDAY_10_BERLIN = Date.parse('2026-12-02T09:00:00Z');
/** Saturday 2026-12-05 11:00 in Berlin: outside it. */
export const SATURDAY_11_BERLIN = Date.parse('2026-12-05T10:00:00Z');
/** Monday 2026-12-07 09:30 in Berlin: the window has opened again. */
export const MONDAY_0930_BERLIN = Date.parse('2026-12-07T08:30:00Z');
/** Where the fake Prometheus of staging is (never reached: the tests' fetch answers for it). */
export const PROMETHEUS = 'http://127.0.0.1:9/prom';

/** The repository's config: production waits for office hours and, with `gate`, for staging's bake. */
export function gateConfig(gate = '      require-reviewed: false\n'): string {
  return `version: 1
environments:
  staging:
    prometheus-url: ${PROMETHEUS}
    prometheus-rules: 'rate(http_errors_total[1m]) > 1'
  production:
    timezone: Europe/Berlin
    allow: Mon-Fri 09:00-17:00
    gate:
${gate}`;
}

import { captureLog, type CapturedLog } from '../support/capture-log.js';

export { captureLog, type CapturedLog };

/** The gate's settings, read from environment variables as in production, against the stand-in. */
export function gateSettings(standIn: GitLabStandIn, env: Record<string, string> = {}): GitLabGateConfig {
  standIn.tokens.set(GATE_TOKEN, GATE_USER);
  return readGitLabGateConfig({
    HANDS_OFF_GATE_GITLAB_TOKEN: GATE_TOKEN,
    CI_API_V4_URL: standIn.apiUrl,
    CI_PROJECT_ID: '42',
    HANDS_OFF_GATE_ALLOWED_ENDPOINTS: `${PROMETHEUS}/`,
    ...env,
  });
}

/** A deployment to production of SHA, blocked on one required approval. */
export function blockedProduction(standIn: GitLabStandIn, sha = SHA): StandInDeployment {
  return standIn.addDeployment({ environment: 'production', sha, status: 'blocked' });
}

/** The approval POSTs the stand-in received for `deployment`. */
export function approvalPosts(standIn: GitLabStandIn, deployment: StandInDeployment): GitLabCall[] {
  return standIn.calls.filter(
    (call) => call.method === 'POST' && call.path.endsWith(`/deployments/${deployment.id}/approval`),
  );
}

/** The approval POSTs GitLab handled (a POST answered by an injected 5xx never reached it). */
export function handledApprovalPosts(standIn: GitLabStandIn): GitLabCall[] {
  return standIn.calls.filter(
    (call) =>
      call.method === 'POST' &&
      call.path.endsWith('/approval') &&
      (call.fault === undefined || call.fault === 'hang-after-handling'),
  );
}

/** Fails the test when GitLab handled a second approval POST for any deployment. */
export function expectAtMostOnePostPerDeployment(standIn: GitLabStandIn): void {
  const posts = new Map<string, number>();
  for (const call of handledApprovalPosts(standIn)) posts.set(call.path, (posts.get(call.path) ?? 0) + 1);
  const twice = [...posts].filter(([, count]) => count > 1);
  if (twice.length > 0) throw new Error(`GitLab handled more than one approval of: ${JSON.stringify(twice)}`);
}
