import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { startProbeTarget, type ProbeTarget } from '../support/probe-target.js';
import { NODE24, ROOT } from '../support/run-action.js';

/** What `npm run local-action` printed and the outputs local-action's @actions/core stub collected. */
interface LocalActionRun {
  code: number | null;
  stdout: string;
  /** From local-action's closing "Action Outputs" table: only what went through its stub. */
  outputs: Record<string, string>;
}

/** A dotenv line; single quotes keep a value literal, double quotes carry its new lines as `\n`. */
function envLine(name: string, value: string): string {
  if (!value.includes('\n') && !value.includes("'")) return `${name}='${value}'`;
  if (!value.includes('"') && !value.includes('\\')) return `${name}="${value.replace(/\n/g, '\\n')}"`;
  throw new Error(`no dotenv quoting for ${name}: ${value}`);
}

/** Reads the rows of the "Action Outputs" table: `│ 0 │ 'open' │ 'true' │`. */
function outputsTable(stdout: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const table = stdout.slice(stdout.lastIndexOf('Action Outputs'));
  for (const match of table.matchAll(/^│\s*\d+\s*│\s*(['"])(.*?)\1\s*│\s*(['"])(.*)\3\s*│$/gm)) {
    outputs[match[2] as string] = match[4] as string;
  }
  return outputs;
}

/**
 * Runs `npm run local-action -- <step> <env-file> [--post]` with the inputs in a fresh env file,
 * as a contributor does: local-action imports actions/<step>/src/main.ts and calls run().
 */
async function runLocalAction(
  step: string,
  inputs: Record<string, string>,
  options: { post?: boolean; env?: Record<string, string> } = {},
): Promise<LocalActionRun> {
  const temp = mkdtempSync(join(tmpdir(), `hands-off-local-${step}-`));
  const envFile = join(temp, 'action.env');
  const lines = Object.entries(inputs).map(([name, value]) => envLine(`INPUT_${name.toUpperCase()}`, value));
  writeFileSync(envFile, `${[...lines, envLine('RUNNER_TEMP', temp)].join('\n')}\n`);
  const child = spawn(
    NODE24,
    [join(ROOT, 'scripts/local-action.mjs'), step, envFile, ...(options.post ? ['--post'] : [])],
    {
      cwd: ROOT,
      env: {
        // local-action starts `npm exec tsx`: the Node 24 and the tsx of node_modules come first.
        PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        HOME: process.env.HOME ?? temp,
        FORCE_COLOR: '0',
        ...options.env,
      },
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, outputs: outputsTable(stdout) };
}

const count = (text: string, part: string): number => text.split(part).length - 1;

describe('every action runs from its sources through @github/local-action (npm run local-action)', () => {
  let fleet: LocalFleet | undefined;
  let target: ProbeTarget | undefined;
  afterEach(async () => {
    await fleet?.stop();
    await target?.stop();
    fleet = undefined;
    target = undefined;
  });

  it('@github/local-action is installed (a devDependency: npm install)', () => {
    expect(existsSync(join(ROOT, 'node_modules/@github/local-action/bin/local-action.js'))).toBe(true);
  });

  it('window-guard open: exit 0 and the outputs reach local-action through its @actions/core stub', async () => {
    const run = await runLocalAction('window-guard', {
      timezone: 'Europe/Berlin',
      allow: 'Mon-Thu 09:00-17:00\nFri 09:00-12:00',
      at: '2026-11-26T10:00:00Z',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('No outputs were set!');
    expect(run.outputs).toMatchObject({
      open: 'true',
      'next-open': '2026-11-26T10:00:00Z',
      'closes-at': '2026-11-26T16:00:00Z',
      blockers: '[]',
      overridden: 'false',
    });
  }, 60_000);

  it('window-guard closed: the exit code 2 of run() is local-action exit code', async () => {
    const run = await runLocalAction('window-guard', {
      timezone: 'Europe/Berlin',
      deny: 'Fri 14:00-24:00',
      at: '2026-11-27T15:00:00Z',
    });
    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    expect(run.outputs['next-open']).toBe('2026-11-27T23:00:00Z');
  }, 60_000);

  it('bake-and-watch probes a loopback target and reports healthy', async () => {
    target = await startProbeTarget();
    const run = await runLocalAction('bake-and-watch', {
      duration: '2s',
      'poll-interval': '1s',
      // The latency bound is not what this test is about: generous, so a loaded CI machine (tsx compiling
      // the sources beside another suite) cannot turn a slow first answer into an unhealthy bake.
      probes: `GET ${target.url}health 200 <5s`,
    });
    expect(run.code).toBe(0);
    expect(run.outputs.verdict).toBe('healthy');
    expect(target.requests.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('one-box-deploy --post: the post stage reads the state the main stage saved (dry-run)', async () => {
    const run = await runLocalAction(
      'one-box-deploy',
      {
        target: 'command',
        hosts: 'web-1\nweb-2',
        'deploy-command': 'echo deploy',
        'health-command': 'echo healthy',
        revision: 'v2',
        mode: 'dry-run',
      },
      { post: true },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Running Post Step');
    // Without the saved phase the post stage would run the main stage a second time.
    expect(count(run.stdout, 'one-box-deploy (dry-run, nothing changed)')).toBe(1);
    expect(count(run.stdout, 'one-box-deploy (post): nothing in flight')).toBe(1);
    expect(run.outputs.revision).toBe('v2');
  }, 60_000);

  it('one-box-deploy --post on a loopback fleet: one box on v2, and the post stage finds it finished', async () => {
    fleet = await startLocalFleet(2);
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-local-deploy-'));
    const run = await runLocalAction(
      'one-box-deploy',
      {
        target: 'command',
        hosts: fleet.hosts.join('\n'),
        'deploy-command': `${process.execPath} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`,
        'health-command': `${process.execPath} ${join(ROOT, 'test/support/fleet-health.mjs')}`,
        'state-file': join(workspace, 'command-target.json'),
        revision: 'v2',
      },
      { post: true, env: { FLEET_DIR: fleet.dir, FLEET_DEPLOY_MS: '100', GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('Succeeded');
    expect(run.outputs['deployment-id']).toMatch(/^cmd-/);
    expect(count(run.stdout, 'one-box-deploy (post): nothing in flight')).toBe(1);
    expect(await Promise.all(fleet.hosts.map((host) => (fleet as LocalFleet).serving(host)))).toEqual([
      'v2',
      'v1',
    ]);
  }, 60_000);

  it('rollback in dry-run says what it would do and changes nothing', async () => {
    const run = await runLocalAction('rollback', {
      target: 'command',
      hosts: 'web-1\nweb-2',
      'deploy-command': 'echo deploy',
      mode: 'dry-run',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rollback (dry-run, nothing changed): would return 2 host(s) to previous');
    expect(run.outputs.status).toBe('');
  }, 60_000);

  it('build-signature signs a file with a key given as an input, then verifies it; the key is in no output', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-local-sign-'));
    writeFileSync(join(workspace, 'app.tar.gz'), 'release bytes\n');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const env = { GITHUB_WORKSPACE: workspace };
    const sign = await runLocalAction(
      'build-signature',
      { 'subject-path': 'app.tar.gz', key: keyPem },
      { env },
    );
    expect(sign.code).toBe(0);
    expect(sign.outputs['bundle-path']).toBe('.hands-off/signature/app.tar.gz.sigstore.json');
    expect(sign.outputs.digest).toBe(
      `sha256:${createHash('sha256').update('release bytes\n').digest('hex')}`,
    );
    const body = keyPem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    for (const line of body) expect(sign.stdout).not.toContain(line);
    const verify = await runLocalAction(
      'build-signature',
      {
        mode: 'verify',
        bundle: '.hands-off/signature/app.tar.gz.sigstore.json',
        'public-key': publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        'subject-path': 'app.tar.gz',
      },
      { env },
    );
    expect(verify.code).toBe(0);
    expect(verify.outputs.verified).toBe('true');
    expect(verify.outputs.signers).toBe(sign.outputs['public-key-id']);
  }, 90_000);
});
