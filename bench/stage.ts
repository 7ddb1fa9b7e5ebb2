// The stage's benchmark, run by `npm run bench` under Node 24 (types stripped): the time from a
// failed bake verdict to the rollback's first call inside the stage (the one box's bake fails on a
// local fleet; the rollback's first call is its first deploy-command run), against the baseline of
// the same run in one process: a hand-wired pipeline, where the rollback is a separate step, the
// rollback bundle started after the failed bake (spawn to its first deploy-command run).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../packages/core/src/time/clock.js';
import { nodeExec, type Exec } from '../packages/core/src/deploy/node-exec.js';
import { runStep } from '../packages/core/src/steps/run-step.js';
import { stageStep } from '../packages/core/src/steps/stage/stage-step.js';
import { startLocalFleet, type LocalFleet } from '../test/support/local-fleet.js';
import { memoryRuntime } from '../test/support/memory-runtime.js';
import { rollbackStepTimes } from './rollback-step.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TRIALS = Number(process.env.BENCH_TRIALS ?? 5);
const DEPLOY = join(ROOT, 'test/support/fleet-deploy.mjs');
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const round = (ms: number): number => Math.round(ms * 10) / 10;

function writeConfig(workspace: string, fleet: LocalFleet): void {
  writeFileSync(
    join(workspace, 'hands-off.yml'),
    `environments:
  production:
    deploy:
      target: command
      hosts: ${JSON.stringify(fleet.hosts)}
      deploy-command: ${JSON.stringify(`${process.execPath} ${DEPLOY}`)}
    one-box:
      bake:
        duration: 10m
        poll-interval: 1m
        probes: GET http://${fleet.hosts[0]}/ 200
    fleet:
      bake:
        duration: 10m
        probes: GET http://${fleet.hosts[0]}/ 200
`,
  );
}

/** Inside the stage: from the bake's `unhealthy` line to the rollback's first deploy-command call. */
async function insideStage(): Promise<number[]> {
  const times: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const fleet = await startLocalFleet(4, 'v0', ['v2']);
    const workspace = mkdtempSync(join(tmpdir(), 'bench-stage-'));
    writeConfig(workspace, fleet);
    const env = { PATH: process.env.PATH ?? '', FLEET_DIR: fleet.dir, FLEET_DEPLOY_MS: '20' };
    const run = async (revision: string, exec: Exec): Promise<ReturnType<typeof memoryRuntime>> => {
      const clock = new ManualClock(Date.UTC(2026, 11, 8, 9));
      const runtime = memoryRuntime({ environment: 'production', revision }, { workspace });
      await runStep(stageStep({ clock, sleep: clock.sleep, commandEnv: env, exec }), runtime);
      return runtime;
    };
    await run('v1', nodeExec);
    let verdictAt = 0;
    let firstCall = 0;
    const exec: Exec = (file, args, options) => {
      if (verdictAt && !firstCall) firstCall = performance.now();
      return nodeExec(file, args, options);
    };
    const clock = new ManualClock(Date.UTC(2026, 11, 8, 9));
    const runtime = memoryRuntime({ environment: 'production', revision: 'v2' }, { workspace });
    const error = runtime.log.error;
    runtime.log.error = (line) => {
      if (!verdictAt && line.startsWith('bake-and-watch: unhealthy')) verdictAt = performance.now();
      error(line);
    };
    await runStep(stageStep({ clock, sleep: clock.sleep, commandEnv: env, exec }), runtime);
    if (runtime.outputs.get('result') !== 'rolled-back')
      throw new Error(`stage ended ${runtime.outputs.get('result')}`);
    if (!verdictAt || !firstCall) throw new Error('no verdict or no rollback call seen');
    times.push(round(firstCall - verdictAt));
    await fleet.stop();
  }
  return times;
}

const stage = await insideStage();
const { toCall: baseline } = await rollbackStepTimes(TRIALS, 20);
const p95 = percentile(stage, 95);
console.log(
  `stage: failed bake verdict -> the rollback's first deploy-command call p50 ${percentile(stage, 50)} ms, p95 ${p95} ms ` +
    `over ${TRIALS} trials; target <= 1000 ms: ${p95 <= 1000 ? 'met' : 'MISSED'}`,
);
console.log(
  `baseline, rollback as its own step (bundle spawned after the verdict): p50 ${percentile(baseline, 50)} ms, ` +
    `p95 ${percentile(baseline, 95)} ms; stage/baseline p50 ratio ${(percentile(stage, 50) / Math.max(1, percentile(baseline, 50))).toFixed(2)}x`,
);
