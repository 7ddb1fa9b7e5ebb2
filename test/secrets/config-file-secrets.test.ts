import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, ManualClock, bakeStep, forgetSecrets, runStep, type Fetch } from '@hands-off/core';
import { createGitHubRuntime } from '@hands-off/runtime-github';
import { memoryRuntime } from '../support/memory-runtime.js';

// A secret that comes from the config file, not from an INPUT_ variable, is masked and registered
// all the same: the runner is told `::add-mask::` before any line that could carry it, and every
// record hides it, even where it appears bare. Issue 8, hardening 2.

const IN_QUERY = 'Qconfig-token-in-query-31';
const IN_USERINFO = 'Qconfig-password-in-userinfo-32';

const QUERY_CONFIG = `
environments:
  production:
    probes:
      - GET https://shop.example/health?region=eu&token=${IN_QUERY} 200
`;
const USERINFO_CONFIG = `
environments:
  production:
    probes:
      - GET https://deploy:${IN_USERINFO}@shop.example/health 200
`;

/** A fetch that fails quoting the credential bare, as a library echoing its request might. */
const echoingFetch: Fetch = async () => {
  throw new Error(`connect ECONNREFUSED while sending ${IN_QUERY}`);
};

function workspaceWith(config: string): string {
  const workspace = mkdtempSync(join(tmpdir(), 'config-secrets-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github/hands-off.yml'), config);
  return workspace;
}

/** Every file under `dir` but the config file, concatenated (decision log, checkpoint, outputs, state, summary). */
function filesUnder(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name !== '.github')
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? filesUnder(path) : readFileSync(path, 'utf8')))
    .join('\n');
}

/** Runs bake-and-watch on the GitHub runtime in-process, with only `environment` given as input. */
async function runOnGitHub(workspace: string): Promise<{ code: ExitCode; lines: string[]; files: string }> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'config-secrets-temp-'));
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md' };
  for (const [name, file] of Object.entries(files)) {
    writeFileSync(join(runnerTemp, file), '');
    process.env[name] = join(runnerTemp, file);
  }
  Object.assign(process.env, {
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    INPUT_ENVIRONMENT: 'production',
    INPUT_DURATION: '1m',
    'INPUT_POLL-INTERVAL': '1s',
    INPUT_CHECKPOINT: '.hands-off/bake.json',
  });
  let stdout = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const clock = new ManualClock(Date.parse('2026-11-23T10:00:00Z'));
  const runtime = createGitHubRuntime(process.env, new AbortController().signal);
  const code = await runStep(bakeStep({ clock, sleep: clock.sleep, fetch: echoingFetch }), runtime);
  jest.restoreAllMocks();
  return { code, lines: stdout.split('\n'), files: `${filesUnder(runnerTemp)}\n${filesUnder(workspace)}` };
}

/** Checks that `::add-mask::<secret>` comes before the first line the runner would show. */
function expectMaskedFirst(lines: string[], secret: string): void {
  const mask = lines.indexOf(`::add-mask::${secret}`);
  const firstShown = lines.findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
  expect(mask).toBeGreaterThanOrEqual(0);
  expect(firstShown).toBeGreaterThan(mask);
  const shown = lines.filter((line) => !line.startsWith('::add-mask::'));
  expect(shown.filter((line) => line.includes(secret))).toEqual([]);
  // Read from the file and again as the resolved input, a value is still sent once.
  const masks = lines.filter((line) => line.startsWith('::add-mask::'));
  expect(masks).toEqual([...new Set(masks)]);
}

describe('secrets from the config file on the GitHub runtime', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
    forgetSecrets();
  });

  it('a `token=` in a config-file probe is sent to ::add-mask:: before any other line, and no record shows it bare', async () => {
    const workspace = workspaceWith(QUERY_CONFIG);
    const run = await runOnGitHub(workspace);
    expect(run.code).toBe(ExitCode.Refused);
    expectMaskedFirst(run.lines, IN_QUERY);
    expect(run.lines.join('\n')).toContain('ECONNREFUSED while sending ***');
    expect(run.files).toContain('verdict');
    expect(run.files).not.toContain(IN_QUERY);
  });

  it('a password in a config-file probe URL is masked before the line that refuses the URL', async () => {
    const workspace = workspaceWith(USERINFO_CONFIG);
    const run = await runOnGitHub(workspace);
    expect(run.code).toBe(ExitCode.Error);
    expectMaskedFirst(run.lines, IN_USERINFO);
    expect(run.lines.filter((line) => line.startsWith('::error::'))).toHaveLength(1);
    expect(run.files).not.toContain(IN_USERINFO);
  });
});

describe('secrets from the config file on any runtime', () => {
  afterEach(() => forgetSecrets());

  it('are registered, so the decision log and the log lines hide them where they appear bare', async () => {
    const workspace = workspaceWith(QUERY_CONFIG);
    const masked: string[] = [];
    const runtime = memoryRuntime(
      {
        environment: 'production',
        duration: '1m',
        'poll-interval': '1s',
        checkpoint: '.hands-off/bake.json',
      },
      { workspace },
    );
    runtime.setSecret = (value) => void masked.push(value);
    const clock = new ManualClock(Date.parse('2026-11-23T10:00:00Z'));
    const code = await runStep(bakeStep({ clock, sleep: clock.sleep, fetch: echoingFetch }), runtime);
    expect(code).toBe(ExitCode.Refused);
    expect(masked).toContain(IN_QUERY);
    expect(filesUnder(workspace)).toContain('ECONNREFUSED while sending ***');
    expect(filesUnder(workspace)).not.toContain(IN_QUERY);
  });
});
