// The gate's benchmarks, run by `npm run bench` under Node 24 (types stripped):
// 1. runner minutes of a three-wave pipeline with 12-hour bakes between the waves: the gate (the
//    environment waits for its protection rule, no job runs) against the two ways a workflow can bake
//    between waves, read from the workflow `hands-off generate github` writes for the same waves
//    (a sleeping job per environment; the checkpointed 5-hour slices it writes instead);
// 2. webhook to decision latency through the real server and a loopback GitHub (App stand-in):
//    time from the delivery to GitHub receiving the answer, with the config at the commit cached
//    (a commit seen before) against the first delivery of each commit (read through the API);
// 3. one sweep over 500 waiting deployments: its time and API calls, against one installation's
//    rate limit (5,000 requests an hour).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../packages/core/src/runtime/runtime.js';
import { parseDuration } from '../packages/core/src/inputs/parse-duration.js';
import { planWaves } from '../packages/core/src/pipeline/waves.js';
import { githubWorkflow } from '../packages/core/src/pipeline/github-workflow.js';
import { createGate, readGateConfig, startGateServer } from '../packages/gate-github/src/index.js';
import {
  sendWebhook,
  startGitHubAppStandIn,
  type GitHubAppStandIn,
} from '../test/support/github-app-stand-in.js';

const HOUR_MS = 3_600_000;
const HOSTED_JOB_LIMIT_MIN = 360;
const RATE_LIMIT_PER_HOUR = 5_000;
const SECRET = 'whsec-bench-3f1c9a7e5b2d4c6e8a0f';
const CONFIG = `version: 1
environments:
  production:
    gate:
      require-reviewed: false
`;

const quiet: Logger = { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} };
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

runnerMinutes();
await latencyAndSweep();

function runnerMinutes(): void {
  const environments = ['eu-west-1', 'us-east-1', 'ap-northeast-1', 'us-west-2', 'eu-central-1', 'sa-east-1'];
  const config = {
    environments: Object.fromEntries(environments.map((name) => [name, { alarms: `prefix:shop-${name}-` }])),
    pipeline: {
      waves: [
        { name: 'canary', environments: environments.slice(0, 1), after: '12h' },
        { name: 'wave-2', environments: environments.slice(1, 3), after: '12h' },
        { name: 'rest', environments: environments.slice(3) },
      ],
    },
  };
  const plan = planWaves('.github/hands-off.yml', config as Parameters<typeof planWaves>[1]);
  const workflow = githubWorkflow(plan, { action: 'hands-off/hands-off@v0' });
  // Each bake job holds a runner until its slice ends: `run-for` of a slice, the whole bake otherwise;
  // a matrix job once per environment. A healthy bake runs its full duration.
  let sliceMinutes = 0;
  let sliceJobs = 0;
  for (const job of Object.values(workflow.jobs)) {
    const steps = (job.steps ?? []) as { id?: string; with?: Record<string, string> }[];
    const bake = steps.find((step) => step.id === 'bake')?.with;
    if (bake === undefined) continue;
    const durationMs = parseDuration('duration', bake.duration ?? '0');
    const runForMs = bake['run-for'] ? parseDuration('run-for', bake['run-for']) : durationMs;
    const slice = /-(\d+)$/.exec(String(Object.keys(workflow.jobs).find((id) => workflow.jobs[id] === job)));
    const index = bake['run-for'] ? Number(slice?.[1] ?? 1) - 1 : 0;
    const heldMs = Math.max(0, Math.min(runForMs, durationMs - index * runForMs));
    const matrix = (job.strategy as { matrix?: { environment?: string[] } } | undefined)?.matrix?.environment;
    const copies = matrix?.length ?? 1;
    sliceMinutes += (heldMs / 60_000) * copies;
    sliceJobs += copies;
  }
  const bakes = plan.waves.filter((wave) => wave.afterMs > 0);
  const bakedEnvironments = bakes.reduce((sum, wave) => sum + wave.environments.length, 0);
  const sleepingMinutes = bakes.reduce(
    (sum, wave) => sum + (wave.afterMs / 60_000) * wave.environments.length,
    0,
  );
  console.log(
    `runner minutes, 3 waves with a 12h bake after each of the first two (${bakedEnvironments} environment bakes): ` +
      `gate 0 (the jobs wait for the protection rule, no runner held); ` +
      `a sleeping bake job ${sleepingMinutes} (720 per environment bake, and impossible: a hosted job stops at ` +
      `${HOSTED_JOB_LIMIT_MIN} min < ${12 * 60}); ` +
      `checkpointed slices ${Math.round(sliceMinutes)} in ${sliceJobs} jobs of at most 5h (what generate github writes)`,
  );
  console.log(
    `runner minutes saved by the gate: ${Math.round(sliceMinutes)} per release (ratio gate/slices 0x), ` +
      `${(12 * HOUR_MS) / 60_000} min of waiting per bake held by no runner`,
  );
}

async function latencyAndSweep(): Promise<void> {
  const standIn = await startGitHubAppStandIn();
  const logDir = mkdtempSync(join(tmpdir(), 'hands-off-gate-bench-'));
  try {
    const settings = await readGateConfig({
      HANDS_OFF_GATE_APP_ID: standIn.appId,
      HANDS_OFF_GATE_PRIVATE_KEY: standIn.privateKey,
      HANDS_OFF_GATE_WEBHOOK_SECRET: SECRET,
      GITHUB_API_URL: standIn.url,
      HANDS_OFF_GATE_LOG_DIR: logDir,
    });
    standIn.guardedEnvironments.add('production');
    const gate = createGate(settings, { log: quiet });
    const server = await startGateServer(gate, quiet, { port: 0, sweepIntervalMs: 0 });
    const cachedSha = 'c'.repeat(40);
    standIn.review.repository.files.set(`${cachedSha}:.github/hands-off.yml`, CONFIG);
    const rounds = Number(process.env.BENCH_GATE_ROUNDS ?? 60);
    const cached: number[] = [];
    const uncached: number[] = [];
    let runId = 10_000;
    // One delivery first, so the installation token is fetched outside the measurements.
    await deliver(standIn, server.url, ++runId, cachedSha);
    for (let round = 0; round < rounds; round++) {
      // Interleaved: a commit seen before, then a new commit whose config is read through the API.
      cached.push(await deliver(standIn, server.url, ++runId, cachedSha));
      const fresh = round.toString(16).padStart(40, 'a');
      standIn.review.repository.files.set(`${fresh}:.github/hands-off.yml`, CONFIG);
      uncached.push(await deliver(standIn, server.url, ++runId, fresh));
    }
    const p95 = percentile(cached, 95);
    console.log(
      `gate webhook to decision (answer received by GitHub), ${rounds} deliveries each: cached config ` +
        `p50 ${percentile(cached, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; first delivery of a commit ` +
        `p50 ${percentile(uncached, 50).toFixed(1)} ms, p95 ${percentile(uncached, 95).toFixed(1)} ms ` +
        `(ratio p95 ${(p95 / percentile(uncached, 95)).toFixed(2)}x); target p95 <= 1000 ms: ${p95 <= 1000 ? 'met' : 'MISSED'}`,
    );
    await server.close();

    // 500 runs waiting for production at one commit; one sweep decides them all.
    const waiting = Number(process.env.BENCH_GATE_WAITING ?? 500);
    for (let i = 0; i < waiting; i++) standIn.addWaitingRun(100_000 + i, cachedSha, ['production']);
    const callsBefore = standIn.calls.length;
    const reviewsBefore = standIn.reviews.length;
    const sweeper = createGate(settings, { log: quiet });
    const started = performance.now();
    const summary = await sweeper.sweep();
    const ms = performance.now() - started;
    const calls = standIn.calls.length - callsBefore;
    console.log(
      `gate sweep over ${waiting} waiting deployments: ${(ms / 1000).toFixed(1)} s, ` +
        `${summary.approved} approved (${standIn.reviews.length - reviewsBefore} answers received, ` +
        `${standIn.refusedReviews.length} refused), ${summary.errors} errors; ` +
        `${calls} API requests (${(calls / waiting).toFixed(2)} per deployment, ${summary.apiCalls} counted by the sweep), ` +
        `${((calls / RATE_LIMIT_PER_HOUR) * 100).toFixed(0)}% of one installation's ${RATE_LIMIT_PER_HOUR}/h ` +
        `(ratio ${(calls / RATE_LIMIT_PER_HOUR).toFixed(2)}x); target within the limit: ${calls <= RATE_LIMIT_PER_HOUR ? 'met' : 'MISSED'}`,
    );
  } finally {
    await standIn.stop();
  }
}

/** Sends one signed delivery for a run waiting on production; ms until the stand-in has its answer. */
async function deliver(
  standIn: GitHubAppStandIn,
  gateUrl: string,
  runId: number,
  sha: string,
): Promise<number> {
  standIn.addWaitingRun(runId, sha, ['production']);
  const started = performance.now();
  const answer = await sendWebhook(gateUrl, {
    secret: SECRET,
    payload: standIn.protectionRulePayload({ runId, environment: 'production', sha }),
  });
  if (answer.status !== 202) throw new Error(`the gate answered ${answer.status}: ${answer.body}`);
  while (!standIn.reviews.some((review) => review.runId === runId)) {
    if (performance.now() - started > 10_000) throw new Error(`run ${runId} was not answered within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - started;
}
