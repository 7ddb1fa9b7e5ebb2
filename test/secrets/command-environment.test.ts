import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@hands-off/cli';
import { commandEnvironment } from '@hands-off/runtime-github';
import { runAction } from '../support/run-action.js';

// Issue 8, defect 3: the deploy and health commands get the job's environment, never the step's
// own inputs (INPUT_GITHUB-TOKEN, HANDS_OFF_GITHUB_TOKEN) or saved state.

/** A deploy command that writes the names of its environment variables to ENV_DUMP and succeeds. */
function envDumpScript(workspace: string): string {
  const dir = join(workspace, 'scripts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'dump-env.mjs');
  writeFileSync(
    path,
    "import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.ENV_DUMP, JSON.stringify(Object.keys(process.env)));\n",
  );
  return path;
}

describe('commandEnvironment (GitHub)', () => {
  it("keeps the job's variables and drops INPUT_*, STATE_* and the runner's ACTIONS_RUNTIME_TOKEN", () => {
    const env = commandEnvironment({
      PATH: '/usr/bin',
      GITHUB_SHA: 'abc',
      GITHUB_OUTPUT: '/tmp/out',
      DEPLOY_KEY: 'job-level secret the workflow chose to pass',
      'INPUT_GITHUB-TOKEN': 'ghs_x',
      INPUT_PROBES: 'GET https://a.example/?token=x 200',
      input_lower: 'x',
      STATE_phase: 'main',
      ACTIONS_RUNTIME_TOKEN: 'runner-only',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example',
      UNSET: undefined,
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      GITHUB_SHA: 'abc',
      GITHUB_OUTPUT: '/tmp/out',
      DEPLOY_KEY: 'job-level secret the workflow chose to pass',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example',
    });
  });

  it('dist/one-box-deploy runs its deploy command without any INPUT_ variable, with the job variables', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'command-env-gh-'));
    const dump = join(workspace, 'env.json');
    const run = await runAction('one-box-deploy', {
      workspace,
      env: { ENV_DUMP: dump, JOB_VARIABLE: 'kept' },
      inputs: {
        target: 'command',
        hosts: 'web-1',
        'deploy-command': `${process.execPath} ${envDumpScript(workspace)}`,
        revision: 'v2',
        'github-token': 'ghs_NeverInTheCommandEnvironment1',
      },
    });
    expect(run.code).toBe(0);
    const names = JSON.parse(readFileSync(dump, 'utf8')) as string[];
    expect(names.filter((name) => /^(INPUT|STATE)_/i.test(name))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['JOB_VARIABLE', 'PATH', 'HANDS_OFF_HOST', 'HANDS_OFF_REVISION']),
    );
  });
});

describe('the CLI command environment', () => {
  it('runs the deploy command without the HANDS_OFF_<INPUT> variables of the step, with the job variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'command-env-cli-'));
    const dump = join(dir, 'env.json');
    const code = await runCli(
      ['one-box-deploy', '--target=command', '--revision=v2'],
      {
        CI_PROJECT_DIR: dir,
        PATH: process.env.PATH,
        ENV_DUMP: dump,
        JOB_VARIABLE: 'kept',
        HANDS_OFF_HOSTS: 'web-1',
        HANDS_OFF_DEPLOY_COMMAND: `${process.execPath} ${envDumpScript(dir)}`,
        HANDS_OFF_GITHUB_TOKEN: 'ghs_NeverInTheCommandEnvironment2',
        HANDS_OFF_OUTPUT_DIR: 'out',
        HANDS_OFF_STATE_FILE: '.hands-off/targets.json',
      },
      { out: () => undefined, err: () => undefined },
    );
    expect(code).toBe(0);
    const names = JSON.parse(readFileSync(dump, 'utf8')) as string[];
    for (const input of ['HOSTS', 'DEPLOY_COMMAND', 'GITHUB_TOKEN', 'OUTPUT_DIR', 'STATE_FILE']) {
      expect(names).not.toContain(`HANDS_OFF_${input}`);
    }
    expect(names).toEqual(
      expect.arrayContaining(['JOB_VARIABLE', 'PATH', 'HANDS_OFF_HOST', 'HANDS_OFF_REVISION']),
    );
  });
});
