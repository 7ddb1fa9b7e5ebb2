import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { runCli } from '@hands-off/cli';
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
    return { ...run, seconds: (Date.now() - started) / 1000 };
  };

  it('a broken v2 never gets past one box: the bake fails and rollback puts v1 back, in under a minute', () => {
    const run = demo([]);
    expect(run.status).toBe(0);
    expect(run.seconds).toBeLessThan(60);
    // The unhealthy bake is the story the demo tells, not an error of the demo: nothing on stderr.
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('fleet: host-1 v2 (HTTP 500) · host-2 v1 · host-3 v1 · host-4 v1');
    expect(run.stdout).toMatch(
      /^bake: stopped after \d+ ms of 4 s — probe GET http:\/\/127\.0\.0\.1:\d+\/ \(host-1\) answered HTTP 500, expected 200$/m,
    );
    expect(run.stdout).toMatch(/^rollback: host-1 back on v1 in \d+ ms$/m);
    const report = run.stdout.split('━━ what happened\n')[1] ?? '';
    expect(report).toMatch(/^host-1: rolled back to v1 \(health check failed: HTTP 500\)$/m);
    expect(report).toMatch(/^host-2, host-3 and host-4: stayed on v1; v2 never reached them$/m);
    expect(report).toContain(
      'steps: window-guard open (exit 0) → build-signature signed (exit 0) → one-box-deploy Succeeded (exit 0) → bake-and-watch unhealthy (exit 2) → rollback Succeeded (exit 0)',
    );
    // v2's build is signed, and the one box gets it only after its signature verified.
    expect(run.stdout).toMatch(
      /^build-signature: build\/shop-v2\.tar\.gz is sha256:[0-9a-f]{64}, signed by key [0-9a-f]{12}…$/m,
    );
    expect(run.stdout).toMatch(
      /^one-box-deploy: signature verified \(key [0-9a-f]{12}…\); v2 on host-1 in \d+ ms;/m,
    );
    expect(run.stdout).toContain('fleet: host-1 v1 · host-2 v1 · host-3 v1 · host-4 v1\n\n━━ what happened');
    // The raw CI lines are --verbose's: no `key=value` outputs, bare progress or reason numbers here.
    expect(run.stdout).not.toMatch(/^[a-z-]+=/m);
    expect(run.stdout).not.toMatch(/bake \d+m?s\/4s|value 500, threshold|: error v1/);
  }, 70_000);

  it('names the decision log by its absolute path, a file with one record per step', () => {
    const run = demo([]);
    const path = /^decision log \(.*\): (\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(isAbsolute(path)).toBe(true);
    const records = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { step: string; verdict: string; exitCode: number });
    expect(records.map((r) => [r.step, r.verdict, r.exitCode])).toEqual([
      ['window-guard', 'open', 0],
      ['build-signature', 'signed', 0],
      ['one-box-deploy', 'Succeeded', 0],
      ['bake-and-watch', 'unhealthy', 2],
      ['rollback', 'Succeeded', 0],
    ]);
  }, 70_000);

  it('with --good the bake passes and the whole fleet ends on v2', () => {
    const run = demo(['--good']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^bake: healthy after [\d.]+ s of 4 s — probe GET http:\/\/127\.0\.0\.1:\d+\/ \(host-1\) answered HTTP 200 on all \d+ polls$/m,
    );
    expect(run.stdout).toContain('fleet: host-1 v2 · host-2 v2 · host-3 v2 · host-4 v2');
    expect(run.stdout).toContain('host-1, host-2, host-3 and host-4: on v2, answering HTTP 200');
  }, 70_000);

  it('describes every input of a step with --help: the action.yml files travel in the package', () => {
    const run = spawnSync(NODE24, [bin, 'rollback', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ {2}--aws-region <value>$/m);
    expect(run.stdout).toContain('AWS region of CodeDeploy and of the alarms checked after the rollback');
    expect(run.stdout).toContain('example: --to v1');
  });
});

describe('hands-off demo --verbose', () => {
  it('adds each step’s own log under its heading, the staged failure on stdout, not stderr', async () => {
    let out = '';
    let err = '';
    const code = await runCli(['demo', '--verbose'], {}, { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^ {2}│ deploy cmd-[0-9a-f]+ Succeeded · pending 0/m);
    expect(out).toMatch(/^ {2}│ error: bake-and-watch: unhealthy: /m);
    expect(out).toMatch(/^ {2}│ rolled-back-to=v1$/m);
    expect(out).toMatch(/^bake: stopped after \d+ ms of 4 s/m);
  }, 30_000);
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
