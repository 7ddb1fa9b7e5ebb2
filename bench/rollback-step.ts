// The rollback step run as its own step, as a hand-wired pipeline runs it after a failed bake: the
// built bundle dist/rollback/index.js under Node 24, spawned at the moment of the failure, on a local
// fleet whose box runs v2 and whose state file says v1 is the last good revision. Shared by
// bench/deploy.ts (the rollback step's own figures) and bench/stage.ts (the stage's baseline).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalFleet } from '../test/support/local-fleet.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** Per trial: failure -> the first deploy-command call, and failure -> every box serving v1 (ms). */
export interface RollbackStepTimes {
  toCall: number[];
  toServing: number[];
}

export async function rollbackStepTimes(trials: number, deployMs: number): Promise<RollbackStepTimes> {
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
  for (let trial = 0; trial < trials; trial++) {
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
      FLEET_DEPLOY_MS: String(deployMs),
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
  return { toCall, toServing };
}
