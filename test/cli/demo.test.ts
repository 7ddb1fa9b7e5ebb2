import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, ROOT } from '../support/run-action.js';

describe('hands-off demo from a packed tarball (npm pack), as a user would run it', () => {
  let bin = '';

  beforeAll(() => {
    const packDir = mkdtempSync(join(tmpdir(), 'hands-off-pack-'));
    // The machine's npm, as a user would run it (the `node` package from the registry has none).
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd,
        encoding: 'utf8',
      });
    npm(['pack', '--pack-destination', packDir], ROOT);
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    const project = mkdtempSync(join(tmpdir(), 'hands-off-user-'));
    writeFileSync(join(project, 'package.json'), '{"name":"user-project","version":"1.0.0","private":true}');
    // The package has no dependencies (the CLI is one bundle): this installs offline.
    npm(['install', join(packDir, tarball)], project);
    bin = join(project, 'node_modules/.bin/hands-off');
  }, 120_000);

  const demo = (args: string[]) => {
    const started = Date.now();
    const run = spawnSync(NODE24, [bin, 'demo', ...args], { encoding: 'utf8', timeout: 60_000 });
    // Errors (the unhealthy verdict) go to stderr: read both, as a terminal shows them.
    return { ...run, stdout: `${run.stdout}${run.stderr}`, seconds: (Date.now() - started) / 1000 };
  };

  it('a broken v2 never gets past one box: the bake fails and rollback puts v1 back, in under a minute', () => {
    const run = demo([]);
    expect(run.status).toBe(0);
    expect(run.seconds).toBeLessThan(60);
    expect(run.stdout).toContain('fleet after the one box: error v1 v1 v1');
    expect(run.stdout).toMatch(
      /bake-and-watch: unhealthy: probe:GET http:\/\/127\.0\.0\.1:\d+\/ breached: expected HTTP 200, got 500/,
    );
    expect(run.stdout).toMatch(/rollback: Succeeded: from v2 to v1 in \d+ s/);
    expect(run.stdout).toContain('fleet after the rollback: v1 v1 v1 v1');
    // The decision log a user would keep from CI: one record per step, verdict and reason.
    expect(run.stdout).toMatch(/━━ decision log \(.*decision-log\.jsonl\)/);
    expect(run.stdout).toMatch(/^bake-and-watch +unhealthy +exit 2 +probe:GET /m);
    expect(run.stdout).toMatch(/^rollback +Succeeded +exit 0 +1 host\(s\) back on v1/m);
  }, 70_000);

  it('with --good the bake passes and the whole fleet ends on v2', () => {
    const run = demo(['--good']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('bake-and-watch: healthy: baked 4s');
    expect(run.stdout).toContain('fleet after the fleet: v2 v2 v2 v2');
  }, 70_000);
});

describe('the CLI state of a step', () => {
  it('is read back only by an explicit post run (HANDS_OFF_POST=true), never by a second normal run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-state-'));
    const cli = (env: Record<string, string>) =>
      spawnSync(
        NODE24,
        [
          join(ROOT, 'dist/cli/index.js'),
          'one-box-deploy',
          '--target',
          'command',
          '--hosts',
          'h1',
          '--deploy-command',
          'true',
          '--revision',
          'v2',
          '--mode',
          'dry-run',
        ],
        {
          env: { PATH: process.env.PATH ?? '', CI_PROJECT_DIR: dir, ...env },
          encoding: 'utf8',
        },
      );
    const first = cli({});
    const second = cli({});
    expect(first.stdout).toContain('one-box-deploy (dry-run, nothing changed)');
    expect(second.stdout).toContain('one-box-deploy (dry-run, nothing changed)');
    const post = cli({ HANDS_OFF_POST: 'true' });
    expect(post.stdout).toContain('one-box-deploy (post): nothing in flight');
  });
});
