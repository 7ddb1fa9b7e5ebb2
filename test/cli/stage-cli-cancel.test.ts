import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { NODE24, ROOT } from '../support/run-action.js';

let fleet: LocalFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

/** `hands-off stage` as a GitLab job's script runs it; SIGINT when stdout matches `interruptOn`. */
async function cli(
  workspace: string,
  env: Record<string, string>,
  interruptOn?: RegExp,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(NODE24, [join(ROOT, 'dist/cli/index.js'), 'stage'], {
    cwd: workspace,
    env: { PATH: process.env.PATH ?? '', HOME: workspace, ...env },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (interruptOn?.test(stdout)) {
      interruptOn = undefined;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout };
}

describe('hands-off stage (the CLI, as the GitLab component runs it) cancelled, then its after_script post run', () => {
  it('SIGINT during the fleet; HANDS_OFF_POST=true rolls back every host to v1 from the saved state', async () => {
    fleet = await startLocalFleet(4, 'v0');
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-cli-'));
    const script = (name: string) => `${NODE24} ${join(ROOT, 'test/support', name)}`;
    writeFileSync(
      join(workspace, 'hands-off.yml'),
      `environments:
  production:
    deploy:
      target: command
      hosts: ${JSON.stringify(fleet.hosts)}
      deploy-command: ${JSON.stringify(script('fleet-deploy.mjs'))}
      health-command: ${JSON.stringify(script('fleet-health.mjs'))}
      poll-interval: 1s
    one-box:
      bake: { duration: 1s, poll-interval: 1s, probes: 'GET http://${fleet.hosts[0]}/ 200' }
    fleet:
      batch-size: 1
      min-healthy: 75%
      bake: { duration: 1s, poll-interval: 1s, probes: 'GET http://${fleet.hosts[0]}/ 200' }
`,
    );
    const env = { FLEET_DIR: fleet.dir, FLEET_DEPLOY_MS: '300', HANDS_OFF_ENVIRONMENT: 'production' };
    expect((await cli(workspace, { ...env, HANDS_OFF_REVISION: 'v1' })).code).toBe(0);
    const main = await cli(workspace, { ...env, HANDS_OFF_REVISION: 'v2' }, /stage: 5\/7 fleet started/);
    expect(main.code).not.toBe(0);
    const saved = JSON.parse(
      readFileSync(join(workspace, 'hands-off', 'stage.state.json'), 'utf8'),
    ) as Record<string, string>;
    expect(saved).toMatchObject({ 'stage-main': 'true', 'stage-changed': 'one-box,fleet' });
    const post = await cli(workspace, { ...env, HANDS_OFF_REVISION: 'v2', HANDS_OFF_POST: 'true' });
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(/stage \(post\): rollback done: fleet on v1/);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1', 'v1', 'v1']);
  }, 120_000);
});
