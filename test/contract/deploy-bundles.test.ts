import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { startGitHubStandIn } from '../support/github-stand-in.js';
import { ROOT, runAction } from '../support/run-action.js';

let fleet: LocalFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

const node = JSON.stringify(process.execPath);
function commandInputs(f: LocalFleet, workspace: string) {
  return {
    target: 'command',
    hosts: f.hosts.join('\n'),
    'deploy-command': `${node} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`,
    'health-command': `${node} ${join(ROOT, 'test/support/fleet-health.mjs')}`,
    'state-file': join(workspace, '.hands-off/command-target.json'),
  };
}
const env = (f: LocalFleet, deployMs = 100) => ({ FLEET_DIR: f.dir, FLEET_DEPLOY_MS: String(deployMs) });
const serving = (f: LocalFleet) => Promise.all(f.hosts.map((h) => f.serving(h)));

describe('dist/one-box-deploy and dist/rollback under Node 24 (command target, real local fleet)', () => {
  it('one-box-deploy puts v2 on exactly one host and reports every output', async () => {
    fleet = await startLocalFleet(3);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const run = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...commandInputs(fleet, workspace), revision: 'v2' },
      env: env(fleet),
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'Succeeded', revision: 'v2', 'rollback-deployment-id': '' });
    expect(run.outputs['deployment-id']).toMatch(/^cmd-/);
    expect(run.state['deployment-id']).toBe(run.outputs['deployment-id']);
    expect(run.state.finished).toBe('true');
    expect(await serving(fleet)).toEqual(['v2', 'v1', 'v1']);
    expect(
      run.visibleLines.some((l) => /^deploy cmd-\S+ InProgress · pending 0 · in progress 1/.test(l)),
    ).toBe(true);
    expect(run.summary).toContain('## one-box-deploy: 🟢 Succeeded');
  });

  it('a bad release fails its health check: exit 2, the box is back on v1, rollback reported', async () => {
    fleet = await startLocalFleet(3, 'v1', ['v2']);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const inputs = commandInputs(fleet, workspace);
    expect(
      (
        await runAction('one-box-deploy', {
          workspace,
          inputs: { ...inputs, revision: 'v1' },
          env: env(fleet),
        })
      ).code,
    ).toBe(0);
    const run = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2' },
      env: env(fleet),
    });
    expect(run.code).toBe(2);
    expect(run.outputs).toMatchObject({ status: 'Failed', 'previous-revision': 'v1' });
    expect(run.outputs['rollback-deployment-id']).toMatch(/-rollback$/);
    expect(run.visibleLines.find((l) => l.startsWith('::error::'))).toMatch(
      /HEALTH_CHECK_FAILED: .* rolled back to v1 in \d+ s/,
    );
    expect(await serving(fleet)).toEqual(['v1', 'v1', 'v1']);
  });

  it('a job killed mid-deploy leaves state; the post step (post-if: cancelled()) restores v1', async () => {
    fleet = await startLocalFleet(2);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const inputs = commandInputs(fleet, workspace);
    expect(
      (
        await runAction('one-box-deploy', {
          workspace,
          inputs: { ...inputs, revision: 'v1' },
          env: env(fleet),
        })
      ).code,
    ).toBe(0);
    // The deploy takes 4 s; the runner loses the job after 1.5 s, mid-deploy.
    const killed = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2' },
      env: env(fleet, 4000),
      killAfterMs: 1500,
    });
    expect(killed.code).toBeNull();
    expect(killed.state.phase).toBe('main');
    expect(killed.state['deployment-id']).toMatch(/^cmd-/);
    expect(killed.state.finished).toBeUndefined();
    // The orphaned deploy command finishes on its own (it may take longer on a loaded machine).
    const orphanDeadline = Date.now() + 20_000;
    while ((await fleet.serving(fleet.hosts[0] as string)) === 'down' && Date.now() < orphanDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v2');
    const post = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2' },
      env: env(fleet),
      state: killed.state,
    });
    expect(post.code).toBe(0);
    // The box was mid-deploy; the other host is not in the state file, so nothing proves what it
    // runs: a rollback without evidence gives every listed host the last good revision.
    expect(post.visibleLines.join('\n')).toMatch(
      /one-box-deploy \(post\): rollback Succeeded: 2 host\(s\) back on v1 \(job cancelled\)/,
    );
    expect(await serving(fleet)).toEqual(['v1', 'v1']);
  }, 60_000);

  it('SIGINT mid-deploy: the step stops the commands, rolls the box back to v1 and exits non-zero', async () => {
    fleet = await startLocalFleet(2);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const inputs = commandInputs(fleet, workspace);
    expect(
      (
        await runAction('one-box-deploy', {
          workspace,
          inputs: { ...inputs, revision: 'v1' },
          env: env(fleet),
        })
      ).code,
    ).toBe(0);
    const run = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2' },
      env: env(fleet, 4000),
      interruptAfterMs: 1000,
    });
    expect(run.code).toBe(2);
    expect(run.outputs.status).toBe('Stopped');
    // A cancel is a cancel, not a deadline.
    const error = run.visibleLines.find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toMatch(/^::error::one-box-deploy: Stopped: CANCELLED: \S+: cancelled: /);
    expect(error).not.toMatch(/TIMEOUT/);
    expect(await serving(fleet)).toEqual(['v1', 'v1']);
  }, 30_000);

  it('kill -9 mid-deploy, then a re-run whose health check fails: the box goes back to the recorded v1, never a placeholder', async () => {
    fleet = await startLocalFleet(3, 'v1', ['v2']);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const inputs = commandInputs(fleet, workspace);
    for (const stage of ['one-box', 'fleet']) {
      const run = await runAction('one-box-deploy', {
        workspace,
        inputs: { ...inputs, revision: 'v1', stage },
        env: env(fleet),
      });
      expect(run.code).toBe(0);
    }
    // The runner loses the job while the box deploys v2 (its deploy command, orphaned, finishes).
    const killed = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2' },
      env: env(fleet, 1500),
      killAfterMs: 900,
    });
    expect(killed.code).toBeNull();
    expect(killed.state['deployment-id']).toMatch(/^cmd-/); // killed after the deployment began
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rerun = await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2' },
      env: env(fleet),
    });
    expect(rerun.code).toBe(2);
    expect(rerun.outputs).toMatchObject({ status: 'Failed', 'previous-revision': 'v1' });
    expect(rerun.visibleLines.join('\n')).not.toMatch(/unknown|placeholder/);
    expect(await serving(fleet)).toEqual(['v1', 'v1', 'v1']);
    const back = await runAction('rollback', { workspace, inputs, env: env(fleet) });
    expect(back.code).toBe(0);
    expect(back.outputs).toMatchObject({ status: 'Succeeded', 'rolled-back-to': 'v1' });
    expect(await serving(fleet)).toEqual(['v1', 'v1', 'v1']);
  }, 40_000);

  it('rollback returns the fleet to the last good revision; again, it is a no-op that says so', async () => {
    fleet = await startLocalFleet(2);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const inputs = { ...commandInputs(fleet, workspace), 'one-box-count': '1' };
    await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v1', stage: 'one-box' },
      env: env(fleet),
    });
    await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v1', stage: 'fleet' },
      env: env(fleet),
    });
    await runAction('one-box-deploy', {
      workspace,
      inputs: { ...inputs, revision: 'v2', stage: 'one-box' },
      env: env(fleet),
    });
    const { 'one-box-count': _ignored, ...rollbackInputs } = inputs;
    const back = await runAction('rollback', {
      workspace,
      inputs: { ...rollbackInputs, reason: 'bake unhealthy' },
      env: env(fleet),
    });
    expect(back.code).toBe(0);
    expect(back.outputs).toMatchObject({ status: 'Succeeded', 'rolled-back-to': 'v1' });
    expect(back.summary).toMatch(/\| Why \| bake unhealthy \|/);
    expect(await serving(fleet)).toEqual(['v1', 'v1']);
    const again = await runAction('rollback', { workspace, inputs: rollbackInputs, env: env(fleet) });
    expect(again.code).toBe(0);
    expect(again.outputs['rollback-deployment-id']).toBe('');
    expect(again.visibleLines.join('\n')).toMatch(/rollback: no-op: every host already runs v1/);
  }, 30_000);

  it('an artifact that does not match its digest is refused before any command runs', async () => {
    fleet = await startLocalFleet(1);
    const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
    const artifact = join(workspace, 'shop.zip');
    writeFileSync(artifact, 'the bytes that were built');
    const run = await runAction('one-box-deploy', {
      workspace,
      inputs: {
        ...commandInputs(fleet, workspace),
        revision: 'v2',
        artifact,
        digest: `sha256:${'0'.repeat(64)}`,
      },
      env: env(fleet),
    });
    expect(run.code).toBe(1);
    expect(run.visibleLines.filter((l) => l.startsWith('::error::'))).toEqual([
      expect.stringMatching(
        /^::error::one-box-deploy: input `digest`: the artifact `.*shop\.zip` has sha256:[0-9a-f]{64}, not sha256:0{64}/,
      ),
    ]);
    expect(await serving(fleet)).toEqual(['v1']);
  });

  it('with github-token: a GitHub Deployment is recorded in_progress then success / failure, the token masked', async () => {
    fleet = await startLocalFleet(2, 'v1', ['v3']);
    const github = await startGitHubStandIn();
    const TOKEN = 'ghs_handsOffTestToken0123456789';
    github.tokens.set(TOKEN, null);
    try {
      const workspace = mkdtempSync(join(tmpdir(), 'deploy-'));
      const githubEnv = {
        ...env(fleet),
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: 'a'.repeat(40),
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_RUN_ID: '42',
      };
      const inputs = { ...commandInputs(fleet, workspace), 'github-token': TOKEN, environment: '' };
      const good = await runAction('one-box-deploy', {
        workspace,
        inputs: { ...inputs, revision: 'v2' },
        env: githubEnv,
      });
      expect(good.code).toBe(0);
      const bad = await runAction('one-box-deploy', {
        workspace,
        inputs: { ...inputs, revision: 'v3' },
        env: githubEnv,
      });
      expect(bad.code).toBe(2);
      const deployments = github.calls.filter((c) => c.path === '/repos/acme/shop/deployments');
      expect(
        deployments.map((c) => [
          c.body.ref,
          c.body.environment,
          (c.body.payload as { revision: string }).revision,
        ]),
      ).toEqual([
        ['a'.repeat(40), 'production', 'v2'],
        ['a'.repeat(40), 'production', 'v3'],
      ]);
      const states = github.calls.filter((c) => c.path.endsWith('/statuses')).map((c) => c.body.state);
      expect(states).toEqual(['in_progress', 'success', 'in_progress', 'failure']);
      expect(github.calls.every((c) => c.authorization.endsWith(TOKEN))).toBe(true);
      expect(github.calls.find((c) => c.path.endsWith('/statuses'))?.body.log_url).toBe(
        'https://github.example/acme/shop/actions/runs/42',
      );
      for (const run of [good, bad]) {
        expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
        const shown = run.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n');
        expect(`${shown}${run.stderr}${run.summary}`).not.toContain(TOKEN);
      }

      github.failWith(500);
      const outage = await runAction('one-box-deploy', {
        workspace,
        inputs: { ...inputs, revision: 'v1' },
        env: githubEnv,
      });
      expect(outage.code).toBe(0); // a record that cannot be written never blocks the deployment
      expect(
        outage.visibleLines.some((l) =>
          /^::warning::one-box-deploy: the GitHub Deployment record could not be written/.test(l),
        ),
      ).toBe(true);
    } finally {
      await github.stop();
    }
  }, 60_000);
});
