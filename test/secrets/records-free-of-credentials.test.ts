import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeMarkdown, forgetSecrets } from '@hands-off/core';
import { runCli } from '@hands-off/cli';
import { startProbeTarget, type ProbeTarget } from '../support/probe-target.js';
import { runAction } from '../support/run-action.js';

// Every record a step writes (stdout/stderr, outputs, summary, GitLab dotenv, decision log,
// checkpoint, state files) must be free of every credential planted in its inputs and in its
// commands' output, on both runtimes. Issue 8, defects 1 and 2.

const PROBE_PARAMS = [
  'token',
  'access_token',
  'api_key',
  'apikey',
  'key',
  'secret',
  'password',
  'passwd',
  'pwd',
  'auth',
  'signature',
  'sig',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'client_secret',
];

/** A credential as tokens and signatures look; distinctive enough never to occur in a record by chance. */
const credential = fc
  .tuple(fc.stringMatching(/^[A-Za-z]{3}$/), fc.stringMatching(/^[A-Za-z0-9._~+/=-]{9,24}$/))
  .map(([a, b]) => `Q${a}${b}`);
/** A credential that may stand in a URL's userinfo unencoded. */
const userinfoCredential = credential.map((c) => c.replace(/[/+=]/g, 'x'));

const planted = fc.record({
  probeForm: fc.constantFrom('query', 'query', 'query', 'fragment', 'userinfo'),
  probeParam: fc.constantFrom(...PROBE_PARAMS).chain((name) => fc.mixedCase(fc.constant(name))),
  probeSecret: userinfoCredential,
  githubToken: fc.stringMatching(/^[A-Za-z0-9]{20,36}$/).map((t) => `ghs_${t}`),
  outputSecret: userinfoCredential,
  outputForm: fc.constantFrom('password=', 'token: ', 'userinfo', 'amz', 'authorization', 'json'),
  echoToken: fc.boolean(),
});
type Planted = typeof planted extends fc.Arbitrary<infer T> ? T : never;

function probeLine(target: ProbeTarget, p: Planted): string {
  const base = target.url.replace(/\/$/, '');
  if (p.probeForm === 'userinfo') return `GET ${base.replace('//', `//ci:${p.probeSecret}@`)}/health 200`;
  if (p.probeForm === 'fragment') return `GET ${base}/health#${p.probeParam}=${p.probeSecret} 200`;
  return `GET ${base}/health?region=eu&${p.probeParam}=${p.probeSecret}&v=2 200 <2s`;
}

/** The last line the deploy command prints: a credential in one of the shapes tools print them. */
function commandLine(p: Planted): string {
  const value = p.outputSecret;
  const shown = {
    'password=': `login failed: password=${value}`,
    'token: ': `registry said token: ${value}`,
    userinfo: `cannot fetch https://deployer:${value}@artifacts.example.com/app.zip`,
    amz: `GET https://b.s3.amazonaws.com/app.zip?X-Amz-Signature=${value}&X-Amz-Expires=60 -> 403`,
    authorization: `sent Authorization: Bearer ${value}`,
    json: `{"error":"denied","client_secret":"${value}"}`,
  }[p.outputForm];
  return p.echoToken ? `${shown} (with ${p.githubToken})` : shown;
}

/** The forms a planted value could take in a record: as is, Markdown-escaped, URL-encoded, %-escaped. */
function leaks(records: string, p: Planted): string[] {
  const values = [p.probeSecret, p.githubToken, p.outputSecret];
  const forms = values.flatMap((v) => [v, escapeMarkdown(v), encodeURIComponent(v), v.replace(/%/g, '%25')]);
  return [...new Set(forms)].filter((form) => records.includes(form));
}

/** Every file under `dir`, concatenated with its name (decision log, checkpoint, dotenv, summary, state). */
function filesUnder(dir: string): string {
  const parts: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'scripts') continue; // the test's own deploy script, not a record
    parts.push(statSync(path).isDirectory() ? filesUnder(path) : `== ${path}\n${readFileSync(path, 'utf8')}`);
  }
  return parts.join('\n');
}

/** A deploy command that prints a line, then LAST_LINE, and fails: its last line is what gets reported. */
function deployScript(workspace: string): string {
  const dir = join(workspace, 'scripts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'deploy.mjs');
  writeFileSync(
    path,
    "console.log('deploying ' + process.env.HANDS_OFF_HOST);\nconsole.error(process.env.LAST_LINE);\nprocess.exit(1);\n",
  );
  return path;
}

let target: ProbeTarget;
beforeAll(async () => {
  target = await startProbeTarget();
  target.failing(503);
});
afterAll(async () => target.stop());

describe('records of the CLI runtime (GitLab: dotenv, summary file, decision log, checkpoint, state)', () => {
  it('bake-and-watch: no credential planted in a probe URL reaches any record', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async (p) => {
        forgetSecrets(); // each run stands alone, as each CLI process does
        const dir = mkdtempSync(join(tmpdir(), 'secrets-cli-bake-'));
        let out = '';
        let err = '';
        const code = await runCli(
          [
            'bake-and-watch',
            '--duration=1h',
            '--poll-interval=1s',
            '--probes',
            probeLine(target, p),
            '--checkpoint=.hands-off/bake.json',
          ],
          { CI_PROJECT_DIR: dir, GITLAB_CI: 'true' },
          { out: (t) => (out += t), err: (t) => (err += t) },
        );
        expect(code).toBe(p.probeForm === 'userinfo' ? 1 : 2);
        const records = `${out}\n${err}\n${filesUnder(dir)}`;
        if (p.probeForm !== 'userinfo') {
          expect(records).toContain('verdict');
          expect(records).toContain('.hands-off/bake.json');
        }
        expect(leaks(records, p)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('one-box-deploy: neither the github-token nor a credential in the command output reaches any record', async () => {
    await fc.assert(
      fc.asyncProperty(planted, fc.boolean(), async (p, tokenAsVariable) => {
        forgetSecrets();
        const dir = mkdtempSync(join(tmpdir(), 'secrets-cli-deploy-'));
        const script = deployScript(dir);
        let out = '';
        let err = '';
        const code = await runCli(
          [
            'one-box-deploy',
            '--target=command',
            '--hosts=web-1',
            `--deploy-command=${process.execPath} ${script}`,
            '--revision=v2',
            ...(tokenAsVariable ? [] : [`--github-token=${p.githubToken}`]),
          ],
          {
            CI_PROJECT_DIR: dir,
            GITLAB_CI: 'true',
            LAST_LINE: commandLine(p),
            ...(tokenAsVariable ? { HANDS_OFF_GITHUB_TOKEN: p.githubToken } : {}),
          },
          { out: (t) => (out += t), err: (t) => (err += t) },
        );
        expect(code).toBe(2);
        const records = `${out}\n${err}\n${filesUnder(dir)}`;
        expect(records).toContain('DEPLOY_COMMAND_FAILED');
        expect(records).toContain('ONE_BOX_DEPLOY_STATUS=Failed');
        expect(leaks(records, p)).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });
});

/** stdout as the runner shows it: `::add-mask::` commands are consumed by the runner, never shown. */
const shownStdout = (stdout: string): string =>
  stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

describe('records of the GitHub runtime (dist bundles under Node 24: stdout, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY)', () => {
  it('dist/bake-and-watch: no credential planted in a probe URL reaches any record, and the runner is told to mask it', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async (p) => {
        const workspace = mkdtempSync(join(tmpdir(), 'secrets-gh-bake-'));
        const runnerTemp = mkdtempSync(join(tmpdir(), 'secrets-gh-temp-'));
        const run = await runAction('bake-and-watch', {
          workspace,
          env: { RUNNER_TEMP: runnerTemp },
          inputs: {
            duration: '1h',
            'poll-interval': '1s',
            probes: probeLine(target, p),
            checkpoint: '.hands-off/bake.json',
          },
        });
        expect(run.code).toBe(p.probeForm === 'userinfo' ? 1 : 2);
        expect(run.stdout).toContain(`::add-mask::${p.probeSecret}`);
        const records = [
          shownStdout(run.stdout),
          run.stderr,
          JSON.stringify(run.outputs),
          JSON.stringify(run.state),
          run.summary,
          filesUnder(workspace),
          filesUnder(runnerTemp),
        ].join('\n');
        if (p.probeForm !== 'userinfo') expect(run.outputs.verdict).toBe('unhealthy');
        expect(leaks(records, p)).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });

  it('dist/one-box-deploy: neither the github-token nor a credential in the command output reaches any record', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async (p) => {
        const workspace = mkdtempSync(join(tmpdir(), 'secrets-gh-deploy-'));
        const runnerTemp = mkdtempSync(join(tmpdir(), 'secrets-gh-temp-'));
        const script = deployScript(workspace);
        const run = await runAction('one-box-deploy', {
          workspace,
          env: { RUNNER_TEMP: runnerTemp, LAST_LINE: commandLine(p) },
          inputs: {
            target: 'command',
            hosts: 'web-1',
            'deploy-command': `${process.execPath} ${script}`,
            revision: 'v2',
            'github-token': p.githubToken,
          },
        });
        expect(run.code).toBe(2);
        expect(run.outputs.status).toBe('Failed');
        expect(run.stdout).toContain(`::add-mask::${p.githubToken}`);
        const records = [
          shownStdout(run.stdout),
          run.stderr,
          JSON.stringify(run.outputs),
          JSON.stringify(run.state),
          run.summary,
          filesUnder(workspace),
          filesUnder(runnerTemp),
        ].join('\n');
        expect(records).toContain('DEPLOY_COMMAND_FAILED');
        expect(leaks(records, p)).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});

describe('the last line of a deploy command (issue 8, defect 2)', () => {
  it('dist/one-box-deploy shows `password=***` and hides a token masked through github-token, in every record', async () => {
    const token = 'ghs_Zq3Vt0kenMaskedThroughInput42';
    const workspace = mkdtempSync(join(tmpdir(), 'secrets-gh-lastline-'));
    const runnerTemp = mkdtempSync(join(tmpdir(), 'secrets-gh-temp-'));
    const run = await runAction('one-box-deploy', {
      workspace,
      env: { RUNNER_TEMP: runnerTemp, LAST_LINE: `login as deploy with password=hunter2 using ${token}` },
      inputs: {
        target: 'command',
        hosts: 'web-1',
        'deploy-command': `${process.execPath} ${deployScript(workspace)}`,
        revision: 'v2',
        'github-token': token,
      },
    });
    expect(run.code).toBe(2);
    const error = run.visibleLines.find((line) => line.startsWith('::error::')) ?? '';
    expect(error).toContain('DEPLOY_COMMAND_FAILED');
    expect(error).toContain('login as deploy with password=*** using ***');
    expect(run.summary).toContain('password=*** using ***');
    const record = JSON.parse(readFileSync(join(runnerTemp, 'hands-off/decision-log.jsonl'), 'utf8'));
    expect(record.reason).toContain('password=*** using ***');
    const records = [
      shownStdout(run.stdout),
      run.stderr,
      run.summary,
      filesUnder(workspace),
      filesUnder(runnerTemp),
    ];
    for (const text of records) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(token);
    }
  });
});
