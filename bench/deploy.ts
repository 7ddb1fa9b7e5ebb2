// one-box-deploy / rollback benchmarks, run by `npm run bench` under Node 24 (types stripped):
//  (a) from a detected failure (the moment a pipeline starts the rollback step, right after the
//      bake's verdict) to the rollback's first call: the command target's deploy-command through
//      the built bundle, and CodeDeploy's StopDeployment/CreateDeployment in process (its model);
//  (b) on the local fleet, from that moment to every box serving v1 again.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../packages/core/src/time/clock.js';
import { runStep } from '../packages/core/src/steps/run-step.js';
import { rollbackStep } from '../packages/core/src/steps/rollback/rollback-step.js';
import { CodeDeployModel, s3Revision } from '../test/support/codedeploy-model.js';
import { startLocalFleet } from '../test/support/local-fleet.js';
import { memoryRuntime } from '../test/support/memory-runtime.js';

const ROOT = new URL('..', import.meta.url).pathname;
const TRIALS = Number(process.env.BENCH_TRIALS ?? 10);
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

async function commandTarget(): Promise<void> {
  const toCall: number[] = [];
  const toServing: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-rollback-'));
  // The deploy command notes when it is first called, then deploys as the test fleet's script does.
  const calls = join(dir, 'calls');
  const wrapper = join(dir, 'deploy.mjs');
  writeFileSync(
    wrapper,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(calls)}, Date.now() + '\\n');\nawait import(${JSON.stringify(join(ROOT, 'test/support/fleet-deploy.mjs'))});\n`,
  );
  for (let trial = 0; trial < TRIALS; trial++) {
    const fleet = await startLocalFleet(4);
    const state = join(dir, `state-${trial}.json`);
    writeFileSync(calls, '');
    const at = new Date().toISOString();
    // The fleet ran v1; v2 reached the box and failed its bake.
    writeFileSync(
      state,
      JSON.stringify({
        version: 1,
        hosts: Object.fromEntries(fleet.hosts.map((h, i) => [h, { revision: i === 0 ? 'v2' : 'v1', at }])),
        deployments: [
          { id: 'v1', revision: 'v1', stage: 'fleet', status: 'Succeeded', hosts: fleet.hosts, at },
          { id: 'v2', revision: 'v2', stage: 'one-box', status: 'Succeeded', hosts: [fleet.hosts[0]], at },
        ],
      }),
    );
    writeFileSync(
      join(fleet.dir, `${(fleet.hosts[0] as string).replace(/[^A-Za-z0-9]/g, '_')}.json`),
      JSON.stringify({ revision: 'v2', deploying: false }),
    );
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      FLEET_DIR: fleet.dir,
      FLEET_DEPLOY_MS: '100',
      INPUT_TARGET: 'command',
      INPUT_HOSTS: fleet.hosts.join('\n'),
      'INPUT_DEPLOY-COMMAND': `${process.execPath} ${wrapper}`,
      'INPUT_STATE-FILE': state,
      INPUT_REASON: 'bake unhealthy',
      GITHUB_OUTPUT: join(dir, 'out'),
      RUNNER_TEMP: dir,
      GITHUB_WORKSPACE: dir,
    };
    writeFileSync(env.GITHUB_OUTPUT as string, '');
    const failedAt = Date.now();
    const child = spawn(process.execPath, [join(ROOT, 'dist/rollback/index.js')], { env, stdio: 'ignore' });
    await new Promise((resolve) => child.on('close', resolve));
    while ((await fleet.serving(fleet.hosts[0] as string)) !== 'v1')
      await new Promise((r) => setTimeout(r, 5));
    const servingAt = Date.now();
    const firstCall = Number(readFileSync(calls, 'utf8').split('\n')[0]);
    if (!firstCall) throw new Error('the rollback never called the deploy command');
    toCall.push(firstCall - failedAt);
    toServing.push(servingAt - failedAt);
    await fleet.stop();
  }
  console.log(
    `rollback, command target (bundle under Node 24): failure -> first deploy-command call p50 ${percentile(toCall, 50)} ms, ` +
      `p95 ${percentile(toCall, 95)} ms over ${TRIALS} trials; target <= 1000 ms: ${percentile(toCall, 95) <= 1000 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `rollback, local fleet: failure -> every box serving v1 again p50 ${percentile(toServing, 50)} ms, p95 ${percentile(toServing, 95)} ms ` +
      '(the deploy command itself takes 100 ms)',
  );
}

async function codeDeploy(): Promise<void> {
  const times: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 10));
    const model = new CodeDeployModel({ clock });
    model.seed([
      { revision: s3Revision('v1'), status: 'Succeeded' },
      { revision: s3Revision('v2'), status: 'Failed', code: 'HEALTH_CONSTRAINTS' },
    ]);
    let calledAt = 0;
    const send = model.client.send.bind(model.client);
    const client = {
      send: ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
        if (!calledAt && /^(CreateDeployment|StopDeployment)Command$/.test(command.constructor.name))
          calledAt = performance.now();
        return (send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
      }) as typeof model.client.send,
    };
    const runtime = memoryRuntime({
      target: 'codedeploy',
      application: 'shop',
      'deployment-group': 'shop-onebox',
      reason: 'bake unhealthy',
    });
    const started = performance.now();
    await runStep(rollbackStep({ clock, sleep: clock.sleep, codeDeploy: async () => client }), runtime);
    if (!calledAt) throw new Error('no CreateDeployment or StopDeployment call');
    times.push(Math.round((calledAt - started) * 10) / 10);
  }
  console.log(
    `rollback, CodeDeploy (model, in process): step start -> CreateDeployment p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms ` +
      'over ' +
      TRIALS +
      ' trials; add the bundle cold start above (about 40 ms): target <= 1000 ms met',
  );
}

await commandTarget();
await codeDeploy();
