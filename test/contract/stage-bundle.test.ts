import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubStandIn } from '../support/github-stand-in.js';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { NODE24, ROOT, runAction, type RunActionOptions } from '../support/run-action.js';

let fleet: LocalFleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

/** An always-open environment on the fleet; both bakes probe every host for a few seconds. */
function workspaceFor(f: LocalFleet): string {
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-bundle-'));
  const probes = f.hosts.map((host) => `GET http://${host}/ 200`);
  writeFileSync(
    join(workspace, 'hands-off.yml'),
    `environments:
  production:
    timezone: Europe/Berlin
    deploy:
      target: command
      hosts: ${JSON.stringify(f.hosts)}
      deploy-command: ${JSON.stringify(`${NODE24} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`)}
      health-command: ${JSON.stringify(`${NODE24} ${join(ROOT, 'test/support/fleet-health.mjs')}`)}
      timeout: 1m
      poll-interval: 1s
    one-box:
      bake:
        duration: 2s
        poll-interval: 1s
        probes: ${JSON.stringify(probes[0])}
    fleet:
      batch-size: 1
      min-healthy: 75%
      bake:
        duration: 2s
        poll-interval: 1s
        probes: ${JSON.stringify(probes)}
`,
  );
  return workspace;
}

function options(
  workspace: string,
  f: LocalFleet,
  inputs: Record<string, string>,
  extra: RunActionOptions = {},
) {
  return {
    workspace,
    inputs: { environment: 'production', 'github-token': '', ...inputs },
    env: { FLEET_DIR: f.dir, FLEET_DEPLOY_MS: '400', RUNNER_TEMP: join(workspace, 'runner-temp') },
    timeoutMs: 60_000,
    ...extra,
  };
}

const serving = (f: LocalFleet) => Promise.all(f.hosts.map((h) => f.serving(h)));

describe('the root action (dist/stage) as the runner runs it', () => {
  it('promotes a good revision: outputs, one timeline in the job summary, the whole fleet on v2', async () => {
    fleet = await startLocalFleet(4, 'v0');
    const workspace = workspaceFor(fleet);
    const first = await runAction('stage', options(workspace, fleet, { revision: 'v1' }));
    expect({ code: first.code, result: first.outputs.result }).toEqual({ code: 0, result: 'promoted' });
    const run = await runAction('stage', options(workspace, fleet, { revision: 'v2' }));
    expect(run.visibleLines.filter((l) => l.startsWith('::error::'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      result: 'promoted',
      phase: 'promote',
      revision: 'v2',
      'previous-revision': 'v1',
    });
    expect(Object.keys(JSON.parse(run.outputs['deployment-ids'] ?? '{}') as object)).toEqual([
      'one-box',
      'fleet',
    ]);
    expect(await serving(fleet)).toEqual(['v2', 'v2', 'v2', 'v2']);
    // One timeline first, then each phase's own summary (the bakes' signal charts among them).
    const timeline = run.summary.indexOf('gantt\n  title production · v2 · UTC (policy zone Europe/Berlin)');
    expect(run.summary.startsWith('## hands-off stage: 🟢 promoted · v2 → production')).toBe(true);
    expect(timeline).toBeGreaterThan(0);
    expect(timeline).toBeLessThan(run.summary.indexOf('<details>'));
    expect(run.visibleLines).toEqual(
      expect.arrayContaining(['::group::stage: 1/7 guard', '::group::stage: 6/7 bake-fleet']),
    );
  }, 90_000);

  it('a cancel (SIGINT) during the fleet: the post step leaves every host on v1 with nothing in flight', async () => {
    fleet = await startLocalFleet(4, 'v0');
    const workspace = workspaceFor(fleet);
    expect((await runAction('stage', options(workspace, fleet, { revision: 'v1' }))).outputs.result).toBe(
      'promoted',
    );
    const main = await runAction(
      'stage',
      options(workspace, fleet, { revision: 'v2' }, { interruptOn: /stage: 5\/7 fleet started/ }),
    );
    expect(main.code).not.toBe(0);
    expect(main.state).toMatchObject({ 'stage-main': 'true', 'stage-changed': 'one-box,fleet' });
    const post = await runAction(
      'stage',
      options(workspace, fleet, { revision: 'v2' }, { state: main.state }),
    );
    expect(post.code).toBe(0);
    expect(post.visibleLines.join('\n')).toMatch(/stage \(post\): rollback done: fleet on v1/);
    expect(await serving(fleet)).toEqual(['v1', 'v1', 'v1', 'v1']);
    // A second post (a re-run of it) finds nothing left to do.
    const again = await runAction(
      'stage',
      options(workspace, fleet, { revision: 'v2' }, { state: main.state }),
    );
    expect(again.visibleLines.join('\n')).toMatch(/every host already runs v1|nothing/);
    expect(await serving(fleet)).toEqual(['v1', 'v1', 'v1', 'v1']);
  }, 120_000);

  it('with github-token: one GitHub Deployment for the stage, in_progress then success when promoted, failure when rolled back', async () => {
    fleet = await startLocalFleet(4, 'v0', ['v-bad']);
    const workspace = workspaceFor(fleet);
    const github = await startGitHubStandIn();
    const TOKEN = 'ghs_handsOffStageToken0123456789';
    github.tokens.set(TOKEN, null);
    try {
      const env = {
        FLEET_DIR: fleet.dir,
        FLEET_DEPLOY_MS: '100',
        RUNNER_TEMP: join(workspace, 'runner-temp'),
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: 'b'.repeat(40),
      };
      const run = (revision: string) =>
        runAction('stage', {
          workspace,
          inputs: { environment: 'production', revision, 'github-token': TOKEN },
          env,
          timeoutMs: 60_000,
        });
      expect((await run('v1')).outputs.result).toBe('promoted');
      const bad = await run('v-bad');
      expect(bad.outputs.result).toBe('rolled-back');
      const created = github.calls.filter((c) => c.path === '/repos/acme/shop/deployments');
      expect(
        created.map((c) => [c.body.environment, (c.body.payload as { revision: string }).revision]),
      ).toEqual([
        ['production', 'v1'],
        ['production', 'v-bad'],
      ]);
      const states = github.calls.filter((c) => c.path.endsWith('/statuses')).map((c) => c.body.state);
      expect(states).toEqual(['in_progress', 'success', 'in_progress', 'failure']);
      expect(`${bad.stdout.replace(/^::add-mask::.*$/gm, '')}${bad.stderr}${bad.summary}`).not.toContain(
        TOKEN,
      );
    } finally {
      await github.stop();
    }
  }, 120_000);
});
