import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSecrets, type Runtime } from '@hands-off/core';
import { createCliRuntime } from '@hands-off/runtime-cli';
import { createGitHubRuntime } from '@hands-off/runtime-github';

// Every sink of both runtimes redacts: log lines of each level, group titles, outputs, saved
// state and the summary lose a value masked with setSecret, a credential found in an input, and
// a credential-shaped part nobody declared.

const MASKED = 'Qmasked-by-setSecret-7';
const IN_INPUT = 'Qfound-in-probes-input-8';
const UNDECLARED = 'Qprinted-by-a-command-9';
const PROBES = `GET https://a.example/health?api_key=${IN_INPUT} 200`;

afterEach(() => forgetSecrets());

/** Writes the same leaky text through every sink of `runtime`. */
async function writeEverywhere(runtime: Runtime): Promise<void> {
  runtime.setSecret(MASKED);
  const text = `${MASKED} ${IN_INPUT} password=${UNDECLARED}`;
  runtime.log.info(text);
  runtime.log.warning(text);
  runtime.log.error(text);
  runtime.log.debug(text);
  await runtime.group(text, async () => undefined);
  runtime.setOutput('reason', text);
  runtime.saveState('phase', text);
  await runtime.writeSummary(`## ${text}\n`);
}

const expectClean = (record: string): void => {
  for (const secret of [MASKED, IN_INPUT, UNDECLARED]) expect(record).not.toContain(secret);
  expect(record).toContain('*** *** password=***');
};

describe('the GitHub runtime', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('redacts every log line, group title, output, saved state and the summary, and masks input credentials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-sinks-'));
    const files = { GITHUB_OUTPUT: 'output', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md' };
    for (const [name, file] of Object.entries(files)) {
      writeFileSync(join(dir, file), '');
      process.env[name] = join(dir, file);
    }
    process.env.RUNNER_DEBUG = '1';
    process.env.INPUT_PROBES = PROBES;
    let stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    await writeEverywhere(createGitHubRuntime(process.env, new AbortController().signal));
    jest.restoreAllMocks();
    const masks = stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toEqual(expect.arrayContaining([`::add-mask::${IN_INPUT}`, `::add-mask::${MASKED}`]));
    const shown = stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(shown).toMatch(/::debug::/);
    expect(shown).toMatch(/::group::/);
    expectClean(shown);
    for (const file of Object.values(files)) expectClean(readFileSync(join(dir, file), 'utf8'));
  });
});

describe('the CLI runtime', () => {
  it('redacts every log line, section title, the dotenv report, printed outputs, the state file and the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-sinks-'));
    let out = '';
    let err = '';
    const runtime = createCliRuntime(
      'bake-and-watch',
      new Map([['probes', PROBES]]),
      { CI_PROJECT_DIR: dir, GITLAB_CI: 'true', HANDS_OFF_DEBUG: 'true' },
      new AbortController().signal,
      { out: (t) => (out += t), err: (t) => (err += t) },
    );
    await writeEverywhere(runtime);
    runtime.finish();
    expect(out).toContain('section_start');
    expectClean(out);
    expectClean(err);
    const files = readdirSync(join(dir, 'hands-off'));
    expect(files.sort()).toEqual([
      'bake-and-watch-summary.md',
      'bake-and-watch.env',
      'bake-and-watch.state.json',
    ]);
    for (const file of files) expectClean(readFileSync(join(dir, 'hands-off', file), 'utf8'));
  });
});
