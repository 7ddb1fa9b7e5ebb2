import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TASKS, complete } from '../support/checklist-edits.js';
import { ACTIONS_TOKEN, startGitHubStandIn, type GitHubStandIn } from '../support/github-stand-in.js';
import { NODE24, ROOT, runAction } from '../support/run-action.js';

const HEAD = 'a'.repeat(40);
const TASKS = DEFAULT_TASKS;

let github: GitHubStandIn;
beforeEach(async () => {
  github = await startGitHubStandIn();
  github.repository.pulls.set(7, {
    number: 7,
    body: 'Fixes the timeout.',
    user: 'alice',
    head: { sha: HEAD, ref: 'fix' },
    base: { ref: 'main', sha: 'b'.repeat(40) },
    mergedAt: null,
    files: [{ filename: 'src/app.ts' }],
  });
});
afterEach(async () => {
  await github.stop();
});

/** Runs dist/code-review-checklist under Node 24 with a GITHUB_EVENT_PATH payload, as the runner does. */
async function runWithEvent(
  eventName: string,
  payload: unknown,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'checklist-contract-'));
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
  return runAction('code-review-checklist', {
    inputs: { 'github-token': ACTIONS_TOKEN, ...inputs },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_SHA: '1'.repeat(40),
      ...env,
    },
  });
}

const statuses = (sha: string) => github.repository.statuses.get(sha) ?? [];

describe('dist/code-review-checklist under Node 24 against a loopback GitHub', () => {
  it.each(['pull_request', 'pull_request_target'])(
    '%s opened: the block in the description, a pending status, outputs and a job summary',
    async (eventName) => {
      const run = await runWithEvent(eventName, { action: 'opened', number: 7, pull_request: { number: 7 } });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ complete: 'false', status: 'pending' });
      expect(JSON.parse(run.outputs.missing!)).toHaveLength(8);
      expect(github.repository.pulls.get(7)!.body).toContain('<!-- hands-off:checklist:start -->');
      expect(statuses(HEAD).at(-1)).toMatchObject({ state: 'pending', context: 'hands-off/checklist' });
      expect(run.summary).toContain('## code-review-checklist: 🟡 pull request #7 pending');
    },
  );

  it('issue_comment in comment mode: one comment by github-actions[bot], status on the head commit', async () => {
    const run = await runWithEvent(
      'issue_comment',
      { action: 'created', issue: { number: 7, pull_request: {} }, comment: { body: 'hi' } },
      { mode: 'comment' },
    );
    expect(run.code).toBe(0);
    expect(github.repository.comments.map((c) => c.user)).toEqual(['github-actions[bot]']);
    expect(github.repository.pulls.get(7)!.body).toBe('Fixes the timeout.');
    expect(statuses(HEAD).at(-1)!.state).toBe('pending');
  });

  it('merge_group: success on the queue head once the grouped pull request is complete', async () => {
    await runWithEvent('pull_request', { number: 7 });
    const pull = github.repository.pulls.get(7)!;
    pull.body = complete(pull.body!, TASKS, ['test-commands']);
    github.repository.compare.set(`${'b'.repeat(40)}...${'e'.repeat(40)}`, ['Fix the timeout (#7)']);
    const run = await runWithEvent('merge_group', {
      action: 'checks_requested',
      merge_group: {
        head_sha: 'e'.repeat(40),
        head_ref: `refs/heads/gh-readonly-queue/main/pr-7-${'b'.repeat(40)}`,
        base_sha: 'b'.repeat(40),
        base_ref: 'refs/heads/main',
      },
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ complete: 'true', status: 'success', missing: '[]' });
    expect(statuses('e'.repeat(40)).at(-1)!.state).toBe('success');
  });

  it('verify on push: a direct push is not reviewed, exit 2 with one error line', async () => {
    const run = await runWithEvent('push', { ref: 'refs/heads/main' }, { mode: 'verify' });
    expect(run.code).toBe(2);
    expect(run.outputs).toMatchObject({ reviewed: 'false', 'pull-requests': '[]' });
    const errors = run.visibleLines.filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      '::error::code-review-checklist: not reviewed: commit 111111111111 came in through no pull request (pushed straight to the branch?)',
    ]);
    expect(run.summary).toContain('🔴 not reviewed');
  });

  it('a rejected token with debug logging on: exit 1, one line, the token never printed, nothing written', async () => {
    const token = 'ghp_rejectedTokenValue0123456789abcdef';
    const run = await runWithEvent(
      'pull_request',
      { number: 7 },
      { 'github-token': token },
      { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' },
    );
    expect(run.code).toBe(1);
    const errors = run.visibleLines.filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/github-token is not accepted \(401 Bad credentials\)/);
    expect(run.stdout).toContain(`::add-mask::${token}`);
    const shown = run.stdout.replace(`::add-mask::${token}`, '');
    expect(`${shown}${run.stderr}${run.summary}`).not.toContain(token);
    expect(github.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('bad input: one line, exit 1, no API call at all', async () => {
    const run = await runWithEvent('pull_request', { number: 7 }, { mode: 'sometimes' });
    expect(run.code).toBe(1);
    expect(run.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/^::error::code-review-checklist: input `mode`: `sometimes` is not one of/),
    ]);
    expect(github.calls).toEqual([]);
  });

  it('a refused run loads neither Octokit nor the Markdown parser: both sit in chunks only the paths that use them load', () => {
    // Records every file the run loads (ES modules: the entry, dist/hands-off/index.js and its chunks).
    const recorder = `data:text/javascript,${encodeURIComponent(`
      import { registerHooks } from 'node:module';
      const loaded = [];
      registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
      process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(loaded) + '\\n'));`)}`;
    const dir = mkdtempSync(join(tmpdir(), 'checklist-loads-'));
    writeFileSync(join(dir, 'output'), '');
    const run = spawnSync(NODE24, ['--import', recorder, join(ROOT, 'dist/code-review-checklist/index.js')], {
      env: { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: join(dir, 'output'), INPUT_MODE: 'sometimes' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const loaded = (JSON.parse(/^LOADED (.*)$/m.exec(run.stderr)?.[1] ?? '[]') as string[])
      .filter((url) => url.startsWith('file:'))
      .map((url) => relative(join(ROOT, 'dist'), fileURLToPath(url)));
    expect(loaded).toEqual(expect.arrayContaining(['code-review-checklist/index.js', 'hands-off/index.js']));
    const chunks = readdirSync(join(ROOT, 'dist/hands-off')).filter((name) => name.endsWith('.js'));
    const holding = (text: string) =>
      chunks
        .filter((name) => readFileSync(join(ROOT, 'dist/hands-off', name), 'utf8').includes(text))
        .map((name) => `hands-off/${name}`);
    // `octokit-core.js/<version>` is Octokit's user agent; the other is mdast-util-from-markdown's own error.
    for (const marker of ['octokit-core.js/', 'Cannot close document, a token']) {
      expect(holding(marker).length).toBeGreaterThan(0);
      expect(loaded.filter((file) => holding(marker).includes(file))).toEqual([]);
    }
  });
});
