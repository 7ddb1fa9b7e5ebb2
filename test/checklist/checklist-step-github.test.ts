import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeReviewChecklistStep } from '@hands-off/core/code-review-checklist';
import { runStep } from '@hands-off/core/run-step';
import { windowGuardStep } from '@hands-off/core/window-guard';
import { githubReviewAccess } from '../../packages/runtime-github/src/github-review.js';
import { DEFAULT_TASKS, complete, markNa, tick } from '../support/checklist-edits.js';
import {
  ACTIONS_TOKEN,
  startGitHubStandIn,
  type GitHubStandIn,
  type StandInPull,
} from '../support/github-stand-in.js';
import { memoryRuntime, type MemoryRuntime } from '../support/memory-runtime.js';

const TASKS = DEFAULT_TASKS;
const BASE_SHA = 'b'.repeat(40);
const HEAD_SHA = 'a'.repeat(40);
const DEPLOYED_SHA = '1'.repeat(40);

let github: GitHubStandIn;
beforeEach(async () => {
  github = await startGitHubStandIn();
});
afterEach(async () => {
  await github.stop();
});

function addPull(number: number, extra: Partial<StandInPull> = {}): StandInPull {
  const pull: StandInPull = {
    number,
    body: 'Fixes the checkout timeout.',
    user: 'alice',
    head: { sha: HEAD_SHA, ref: `feature-${number}` },
    base: { ref: 'main', sha: BASE_SHA },
    mergedAt: null,
    files: [{ filename: 'src/checkout.ts' }],
    ...extra,
  };
  github.repository.pulls.set(number, pull);
  return pull;
}

/** A GitHub job's runtime: the stand-in through GITHUB_API_URL and the event in GITHUB_EVENT_PATH. */
function runtimeFor(
  eventName: string,
  payload: unknown,
  inputs: Record<string, string> = {},
  workspace?: string,
): MemoryRuntime {
  const dir = mkdtempSync(join(tmpdir(), 'checklist-event-'));
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
  const env = {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
  };
  const runtime = memoryRuntime(
    { 'github-token': ACTIONS_TOKEN, ...inputs },
    {
      platform: 'github',
      ...(workspace ? { workspace } : {}),
      build: {
        serverUrl: 'https://github.com',
        repository: 'acme/shop',
        ref: 'refs/heads/main',
        commit: inputs.commit ?? '',
        workflowPath: '',
        runId: '',
        runAttempt: '',
        invocationUrl: '',
        builderId: '',
        eventName,
      },
    },
  );
  runtime.reviewAccess = (token) => githubReviewAccess(token, env, runtime.cancelSignal);
  return runtime;
}

async function run(runtime: MemoryRuntime): Promise<number> {
  return runStep(codeReviewChecklistStep(), runtime);
}

const prEvent = (number: number, action = 'opened', name = 'pull_request') =>
  runtimeFor(name, { action, number, pull_request: { number } });
const statusesOf = (sha: string) => github.repository.statuses.get(sha) ?? [];
const latest = (sha: string) => statusesOf(sha).at(-1);
const writes = () => github.calls.filter((call) => call.method !== 'GET');

describe('code-review-checklist on GitHub (description mode, loopback REST stand-in)', () => {
  it('opened: writes the block under the author text and a pending status on the head commit', async () => {
    addPull(7);
    const runtime = prEvent(7);
    expect(await run(runtime)).toBe(0);
    const body = github.repository.pulls.get(7)!.body!;
    expect(body.startsWith('Fixes the checkout timeout.')).toBe(true);
    expect(body).toContain('- [ ] New unit and integration tests cover the change <!-- id:tests-added -->');
    expect(latest(HEAD_SHA)).toMatchObject({ state: 'pending', context: 'hands-off/checklist' });
    expect(latest(HEAD_SHA)!.description).toMatch(/^8 open: tests-added, test-commands, /);
    expect(latest(HEAD_SHA)!.description.length).toBeLessThanOrEqual(140);
    expect(runtime.outputs.get('status')).toBe('pending');
    expect(runtime.outputs.get('complete')).toBe('false');
    expect(JSON.parse(runtime.outputs.get('missing')!)).toEqual([
      'tests-added',
      'test-commands',
      ...TASKS.slice(1),
    ]);
    expect(runtime.summaries[0]).toContain('| tests-added | not done yet |');
  });

  it('every box ticked and the field filled, then `edited`: success, and nothing rewritten', async () => {
    const pull = addPull(7);
    await run(prEvent(7));
    pull.body = complete(pull.body!, TASKS, ['test-commands']);
    const before = pull.body;
    const runtime = prEvent(7, 'edited');
    expect(await run(runtime)).toBe(0);
    expect(latest(HEAD_SHA)).toMatchObject({ state: 'success', description: 'checklist complete' });
    expect(runtime.outputs.get('complete')).toBe('true');
    expect(runtime.outputs.get('missing')).toBe('[]');
    expect(pull.body).toBe(before);
  });

  it('a migration pushed later (synchronize, past the first 100 files) adds its item unticked: pending again', async () => {
    writeConfig('main', MIGRATION_CONFIG);
    const pull = addPull(7);
    await run(prEvent(7));
    pull.body = complete(pull.body!, TASKS);
    await run(prEvent(7, 'edited'));
    expect(latest(HEAD_SHA)!.state).toBe('success');
    // 250 files: GitHub lists 100 per page; the migration is on the third page.
    pull.head.sha = 'c'.repeat(40);
    pull.files = Array.from({ length: 250 }, (_, i) => ({
      filename: i === 240 ? 'db/migrations/0042_add_index.sql' : `src/file-${i}.ts`,
    }));
    const runtime = prEvent(7, 'synchronize');
    expect(await run(runtime)).toBe(0);
    expect(pull.body).toContain('- [x] Task tests-added <!-- id:tests-added -->');
    expect(pull.body).toContain(
      '- [ ] The database migration is backwards compatible <!-- id:migration-safe -->',
    );
    expect(latest('c'.repeat(40))).toMatchObject({ state: 'pending', description: '1 open: migration-safe' });
    const filePages = github.calls.filter((call) => /\/pulls\/7\/files/.test(call.path));
    expect(filePages.some((call) => /page=3/.test(call.path))).toBe(true);
  });

  it('past GitHub’s 3,000 listed files every conditional item applies: an unlisted migration cannot drop its item', async () => {
    writeConfig('main', MIGRATION_CONFIG);
    // 3,100 files; the migration is number 3,050, which GitHub never lists.
    addPull(7, {
      files: Array.from({ length: 3100 }, (_, i) => ({
        filename: i === 3050 ? 'db/migrations/0042.sql' : `src/f-${i}.ts`,
      })),
    });
    const runtime = prEvent(7);
    expect(await run(runtime)).toBe(0);
    expect(github.repository.pulls.get(7)!.body).toContain('<!-- id:migration-safe -->');
    expect(
      runtime.lines.some((l) => l.level === 'warning' && /only the first 3000 changed files/.test(l.text)),
    ).toBe(true);
    expect(github.calls.filter((call) => /\/pulls\/7\/files/.test(call.path))).toHaveLength(30);
  });

  it.each([
    ['65,536 nested quotes', '>'.repeat(65_536), /unreadable: a line nests more than 32 quotes or lists/],
    ['quotes of lists', '> - '.repeat(16_384), /unreadable: a line nests more than 32 quotes or lists/],
    ['21,000 unpaired emphasis delimiters', '*a_'.repeat(21_000), /unreadable: it holds more than 4000 runs/],
  ])(
    'a description the parser would take minutes over (%s) is refused: failure status, body untouched',
    async (_name, body, reason) => {
      const pull = addPull(7, { body });
      const runtime = prEvent(7);
      expect(await run(runtime)).toBe(0);
      expect(pull.body).toBe(body);
      expect(latest(HEAD_SHA)!.state).toBe('failure');
      expect(latest(HEAD_SHA)!.description).toMatch(reason);
      expect(runtime.outputs.get('complete')).toBe('false');
      expect(JSON.parse(runtime.outputs.get('missing')!)).toContain('tests-added');
    },
  );

  it('N/A with a reason counts; N/A without one, or on an item that allows none, is a failure', async () => {
    const pull = addPull(7);
    await run(prEvent(7));
    const fresh = pull.body!;
    const done = complete(
      fresh,
      TASKS.filter((id) => id !== 'alarms-cover'),
      ['test-commands'],
    );
    pull.body = markNa(done, 'alarms-cover', 'internal batch job, no alarms exist for it');
    await run(prEvent(7, 'edited'));
    expect(latest(HEAD_SHA)!.state).toBe('success');

    pull.body = markNa(done, 'alarms-cover', '');
    const runtime = prEvent(7, 'edited');
    expect(await run(runtime)).toBe(0);
    expect(latest(HEAD_SHA)).toMatchObject({ state: 'failure', description: '1 invalid N/A: alarms-cover' });
    expect(JSON.parse(runtime.outputs.get('missing')!)).toEqual(['alarms-cover']);

    pull.body = markNa(
      complete(
        fresh,
        TASKS.filter((id) => id !== 'rollback-safe'),
        ['test-commands'],
      ),
      'rollback-safe',
      'we never roll back',
    );
    await run(prEvent(7, 'edited'));
    expect(latest(HEAD_SHA)).toMatchObject({ state: 'failure', description: '1 invalid N/A: rollback-safe' });
  });

  it('two concurrent runs: one block, the new item added once, a tick made before them kept', async () => {
    writeConfig('main', MIGRATION_CONFIG);
    const pull = addPull(7);
    await run(prEvent(7));
    pull.body = tick(pull.body!, 'tests-added');
    pull.files.push({ filename: 'db/migrations/0042.sql' });
    github.delay(15);
    const codes = await Promise.all([run(prEvent(7, 'synchronize')), run(prEvent(7, 'edited'))]);
    github.delay(0);
    expect(codes).toEqual([0, 0]);
    const body = pull.body!;
    expect(body.split('<!-- hands-off:checklist:start -->')).toHaveLength(2);
    expect(body.match(/<!-- id:migration-safe -->/g)).toHaveLength(1);
    expect(body).toMatch(/- \[x\] .*<!-- id:tests-added -->/);
  });

  it('a person ticking while a run rewrites the block: every tick kept (each lands as the run reads)', async () => {
    // GitHub has no conditional update of a pull request body: a tick that lands between a run's
    // last read and its write is overwritten whatever the run does. What the sync promises is that
    // a tick made before any of its reads, or between its write and its read-back, is kept. The
    // person here ticks as the stand-in serves each read of the pull request, never inside the
    // window, so every tick must be in the final body.
    writeConfig('main', MIGRATION_CONFIG);
    const pull = addPull(7);
    await run(prEvent(7));
    pull.files.push({ filename: 'db/migrations/0042.sql' });
    const pending = [...TASKS];
    github.beforeAnswer((call) => {
      if (call.method === 'GET' && /\/pulls\/7$/.test(call.path) && pending.length > 0) {
        pull.body = tick(pull.body!, pending.shift()!);
      }
    });
    const code = await run(prEvent(7, 'synchronize'));
    github.beforeAnswer(undefined);
    expect(code).toBe(0);
    const body = pull.body!;
    const ticked = TASKS.filter((id) => !pending.includes(id));
    expect(ticked.length).toBeGreaterThanOrEqual(3);
    for (const id of ticked) expect(body).toMatch(new RegExp(`- \\[x\\] .*<!-- id:${id} -->`));
    expect(body).toContain('- [ ] The database migration is backwards compatible <!-- id:migration-safe -->');
  });

  it('an issue comment on a pull request puts the status on its head commit, not the default branch', async () => {
    addPull(9, { head: { sha: 'd'.repeat(40), ref: 'f' } });
    const runtime = runtimeFor('issue_comment', {
      action: 'created',
      issue: { number: 9, pull_request: { url: 'x' } },
      comment: { body: 'please check' },
    });
    expect(await run(runtime)).toBe(0);
    expect(latest('d'.repeat(40))!.state).toBe('pending');
    expect([...github.repository.statuses.keys()]).toEqual(['d'.repeat(40)]);
  });

  it('a comment on an issue (not a pull request) is nothing to do: exit 0, no write', async () => {
    const runtime = runtimeFor('issue_comment', { action: 'created', issue: { number: 3 } });
    expect(await run(runtime)).toBe(0);
    expect(writes()).toEqual([]);
    expect(runtime.lines.some((l) => l.level === 'warning' && /not a pull request/.test(l.text))).toBe(true);
  });

  it('a fork pull request under pull_request_target reads the config from the base branch, not the checkout', async () => {
    writeConfig('main', MIGRATION_CONFIG);
    const workspace = mkdtempSync(join(tmpdir(), 'fork-checkout-'));
    // The fork's own copy would drop every item: it must never be read.
    mkdirConfig(workspace, 'checklist:\n  sections: []\n');
    addPull(11, { user: 'mallory', files: [{ filename: 'db/migrations/9.sql' }] });
    const runtime = runtimeFor(
      'pull_request_target',
      { action: 'opened', number: 11, pull_request: { number: 11, head: { repo: { fork: true } } } },
      {},
      workspace,
    );
    expect(await run(runtime)).toBe(0);
    expect(github.repository.pulls.get(11)!.body).toContain('<!-- id:migration-safe -->');
    expect(
      github.calls.some((call) =>
        decodeURIComponent(call.path).startsWith('/repos/acme/shop/contents/.github/hands-off.yml?ref=main'),
      ),
    ).toBe(true);
  });

  it('a bad token: one line naming github-token, exit 1, nothing written', async () => {
    addPull(7);
    const runtime = runtimeFor(
      'pull_request',
      { number: 7 },
      { 'github-token': 'ghp_wrongTokenWrongToken000' },
    );
    expect(await run(runtime)).toBe(1);
    const errors = runtime.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(/github-token is not accepted \(401 Bad credentials\)/);
    expect(writes()).toEqual([]);
  });

  it('a GitHub outage (500) is exit 1 with one line; no status is claimed', async () => {
    addPull(7);
    github.failWith(500);
    const runtime = prEvent(7);
    expect(await run(runtime)).toBe(1);
    expect(runtime.lines.filter((l) => l.level === 'error')[0]!.text).toMatch(/answered 500/);
    expect(github.repository.statuses.size).toBe(0);
  });
});

describe('code-review-checklist comment mode', () => {
  it('keeps one sticky comment across 150 comments and leaves a person’s copy of the block alone', async () => {
    const pull = addPull(7);
    for (let i = 0; i < 150; i++) {
      github.repository.comments.push({ id: 10 + i, issue: 7, body: `comment ${i}`, user: 'bob' });
    }
    await run(runtimeFor('pull_request', { number: 7 }, { mode: 'comment' }));
    const ours = () =>
      github.repository.comments.filter(
        (c) => c.user === 'github-actions[bot]' && c.body.includes('hands-off:checklist:start'),
      );
    expect(ours()).toHaveLength(1);
    // A person quotes the block in a comment of their own, all ticked: it must not count.
    github.repository.comments.push({
      id: 5000,
      issue: 7,
      body: complete(ours()[0]!.body, TASKS, ['test-commands']),
      user: 'bob',
    });
    const again = runtimeFor(
      'issue_comment',
      { issue: { number: 7, pull_request: {} } },
      { mode: 'comment' },
    );
    expect(await run(again)).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(latest(HEAD_SHA)!.state).toBe('pending');
    expect(pull.body).toBe('Fixes the checkout timeout.');
    // Ticking in our comment (as a maintainer would) completes it.
    ours()[0]!.body = complete(ours()[0]!.body, TASKS, ['test-commands']);
    await run(runtimeFor('issue_comment', { issue: { number: 7, pull_request: {} } }, { mode: 'comment' }));
    expect(latest(HEAD_SHA)!.state).toBe('success');
    expect(github.calls.some((call) => /\/issues\/7\/comments\?.*page=2/.test(call.path))).toBe(true);
  });

  it('two first runs at once leave exactly one comment', async () => {
    addPull(7);
    github.delay(10);
    await Promise.all([
      run(runtimeFor('pull_request', { number: 7 }, { mode: 'comment' })),
      run(runtimeFor('pull_request', { number: 7 }, { mode: 'comment' })),
    ]);
    github.delay(0);
    expect(
      github.repository.comments.filter((c) => c.body.includes('hands-off:checklist:start')),
    ).toHaveLength(1);
  });
});

describe('code-review-checklist on a merge queue (merge_group)', () => {
  const group = (headRef: string) => ({
    action: 'checks_requested',
    merge_group: {
      head_sha: 'e'.repeat(40),
      head_ref: headRef,
      base_sha: BASE_SHA,
      base_ref: 'refs/heads/main',
    },
  });

  it('success on the group head when every pull request in it is complete, failure naming the one that is not', async () => {
    const done = addPull(20);
    await run(prEvent(20));
    done.body = complete(done.body!, TASKS, ['test-commands']);
    const open = addPull(21);
    await run(prEvent(21));
    github.repository.compare.set(`${BASE_SHA}...${'e'.repeat(40)}`, [
      'Add the index (#20)\n\nbody',
      'Merge pull request #21 from acme/feature-21\n\nTune',
    ]);
    const runtime = runtimeFor('merge_group', group(`refs/heads/gh-readonly-queue/main/pr-21-${BASE_SHA}`));
    expect(await run(runtime)).toBe(0);
    expect(latest('e'.repeat(40))).toMatchObject({ state: 'failure' });
    expect(latest('e'.repeat(40))!.description).toMatch(/^#21 8 open: /);

    open.body = complete(open.body!, TASKS, ['test-commands']);
    await run(runtimeFor('merge_group', group(`refs/heads/gh-readonly-queue/main/pr-21-${BASE_SHA}`)));
    expect(latest('e'.repeat(40))).toMatchObject({
      state: 'success',
      description: 'all 2 pull request(s) have a complete checklist',
    });
  });

  it('a group whose pull requests cannot be told fails: no evidence, no success', async () => {
    github.repository.compare.set(`${BASE_SHA}...${'e'.repeat(40)}`, ['wip']);
    expect(await run(runtimeFor('merge_group', group('refs/heads/some-branch')))).toBe(0);
    expect(latest('e'.repeat(40))!.state).toBe('failure');
  });
});

/** The default tasks (no field) and one item that applies only when a migration changes. */
const MIGRATION_CONFIG = `defaults:
  checklist:
    sections:
      - title: Safety
        items:
${TASKS.map((id) => `          - { id: ${id}, label: Task ${id} }`).join('\n')}
      - title: Data
        items:
          - { id: migration-safe, label: The database migration is backwards compatible, when: ['db/migrations/**'] }
`;

function writeConfig(ref: string, text: string): void {
  github.repository.files.set(`${ref}:.github/hands-off.yml`, text);
}

function mkdirConfig(workspace: string, text: string): void {
  mkdirSync(join(workspace, '.github'), { recursive: true });
  writeFileSync(join(workspace, '.github/hands-off.yml'), text);
}

describe('code-review-checklist verify: deploy only reviewed commits', () => {
  const DEPLOYED = '1'.repeat(40);
  /** A merged pull request with a complete checklist, its success status, and `reviews`. */
  async function mergedPull(
    number: number,
    reviews: { user: string; state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' }[],
    commits: string[] = [DEPLOYED],
  ): Promise<StandInPull> {
    const head = String(number % 10).repeat(40);
    const pull = addPull(number, { head: { sha: head, ref: `f-${number}` } });
    await run(prEvent(number));
    pull.body = complete(pull.body!, TASKS, ['test-commands']);
    await run(prEvent(number, 'edited'));
    expect(latest(head)!.state).toBe('success');
    pull.mergedAt = '2026-12-05T10:00:00Z';
    github.repository.reviews.set(
      number,
      reviews.map((review, index) => ({ id: index + 1, ...review })),
    );
    for (const commit of commits) {
      github.repository.commitPulls.set(commit, [
        ...(github.repository.commitPulls.get(commit) ?? []),
        number,
      ]);
    }
    return pull;
  }
  const verify = (inputs: Record<string, string> = {}) =>
    runtimeFor('push', { ref: 'refs/heads/main' }, { mode: 'verify', commit: DEPLOYED, ...inputs });

  it('a squash-merged, approved, complete pull request: reviewed, exit 0', async () => {
    await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    const runtime = verify();
    expect(await run(runtime)).toBe(0);
    expect(runtime.outputs.get('reviewed')).toBe('true');
    expect(runtime.outputs.get('pull-requests')).toBe('[30]');
    expect(runtime.outputs.get('reason')).toMatch(
      /came in through pull request #30: checklist complete, 1 approval\(s\) \(bob\)/,
    );
  });

  it('each commit of a rebase merge and the merge commit of a merge are reviewed through their pull request', async () => {
    const rebased = ['2'.repeat(40), '3'.repeat(40)];
    await mergedPull(31, [{ user: 'bob', state: 'APPROVED' }], [...rebased, '4'.repeat(40)]);
    for (const commit of [...rebased, '4'.repeat(40)]) {
      const runtime = runtimeFor('push', {}, { mode: 'verify', commit });
      expect(await run(runtime)).toBe(0);
      expect(runtime.outputs.get('pull-requests')).toBe('[31]');
    }
  });

  it('the job commit (GITHUB_SHA) is the default', async () => {
    await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    const runtime = runtimeFor('push', {}, { mode: 'verify' });
    runtime.context.build!.commit = DEPLOYED;
    expect(await run(runtime)).toBe(0);
  });

  it('a commit pushed straight to the branch is not reviewed: exit 2, one line', async () => {
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reviewed')).toBe('false');
    expect(runtime.outputs.get('pull-requests')).toBe('[]');
    const errors = runtime.lines.filter((l) => l.level === 'error');
    expect(errors.map((l) => l.text)).toEqual([
      `code-review-checklist: not reviewed: commit ${DEPLOYED.slice(0, 12)} came in through no pull request (pushed straight to the branch?)`,
    ]);
  });

  it.each([
    [
      'too few approvals',
      [{ user: 'bob', state: 'APPROVED' as const }],
      { 'min-approvals': '2' },
      /1 of 2 approval\(s\) \(bob\)/,
    ],
    ['a dismissed approval', [{ user: 'bob', state: 'DISMISSED' as const }], {}, /0 of 1 approval/],
    ["the author's own approval", [{ user: 'alice', state: 'APPROVED' as const }], {}, /0 of 1 approval/],
    [
      'an approval withdrawn by a later request for changes',
      [
        { user: 'bob', state: 'APPROVED' as const },
        { user: 'bob', state: 'CHANGES_REQUESTED' as const },
      ],
      {},
      /0 of 1 approval/,
    ],
  ])('%s: not reviewed, exit 2', async (_name, reviews, inputs, reason) => {
    await mergedPull(30, reviews);
    const runtime = verify(inputs);
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(reason);
  });

  it('reads statuses and reviews past their first page', async () => {
    const pull = await mergedPull(30, [
      ...Array.from({ length: 120 }, () => ({ user: 'carol', state: 'COMMENTED' as const })),
      { user: 'bob', state: 'APPROVED' },
    ]);
    // 130 newer statuses of other checks push ours to the second page (newest first).
    github.repository.statuses.set(pull.head.sha, [
      ...github.repository.statuses.get(pull.head.sha)!,
      ...Array.from({ length: 130 }, (_, i) => ({
        id: 9000 + i,
        state: 'success',
        context: `ci/${i}`,
        description: '',
      })),
    ]);
    const runtime = verify();
    expect(await run(runtime)).toBe(0);
    expect(runtime.outputs.get('reason')).toMatch(/1 approval\(s\) \(bob\)/);
    expect(github.calls.some((call) => /\/statuses\?.*page=2/.test(call.path))).toBe(true);
    expect(github.calls.some((call) => /\/reviews\?.*page=2/.test(call.path))).toBe(true);
  });

  it('a comment after an approval leaves it standing; changes requested then approved counts', async () => {
    await mergedPull(30, [
      { user: 'bob', state: 'CHANGES_REQUESTED' },
      { user: 'bob', state: 'APPROVED' },
      { user: 'bob', state: 'COMMENTED' },
    ]);
    expect(await run(verify())).toBe(0);
  });

  it('a success status is not enough: a checklist unticked after it is re-evaluated and refused', async () => {
    const pull = await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    pull.body = pull.body!.replace('- [x] Task', '- [ ] Task').replace('- [x] New unit', '- [ ] New unit');
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(/#30 checklist incomplete \(1 open: tests-added\)/);
  });

  it('a complete checklist without the success status is refused', async () => {
    const pull = await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    github.repository.statuses.set(pull.head.sha, [
      ...github.repository.statuses.get(pull.head.sha)!,
      { id: 1, state: 'pending', context: 'hands-off/checklist', description: '' },
    ]);
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(/status hands-off\/checklist is pending/);
  });

  it('a merged pull request whose body is refused by the parser is not reviewed', async () => {
    const pull = await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    pull.body = `${pull.body!}\n\n${'>'.repeat(40_000)}`;
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(/#30 checklist unreadable: a line nests more than 32/);
  });

  it('an open pull request holding the commit does not count', async () => {
    const pull = await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    pull.mergedAt = null;
    expect(await run(verify())).toBe(2);
  });

  it('min-approvals comes from the config at the deployed commit', async () => {
    github.repository.files.set(`${DEPLOYED}:.github/hands-off.yml`, 'defaults:\n  min-approvals: 2\n');
    await mergedPull(30, [{ user: 'bob', state: 'APPROVED' }]);
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(/1 of 2 approval/);
  });

  it('dry-run reports "not reviewed" and exits 0', async () => {
    const runtime = verify({ 'dry-run': 'true' });
    expect(await run(runtime)).toBe(0);
    expect(runtime.outputs.get('reviewed')).toBe('false');
    expect(runtime.lines.some((l) => l.level === 'warning' && /dry-run: not blocking/.test(l.text))).toBe(
      true,
    );
  });
});

describe('code-review-checklist bad input: one line, exit 1, no API call', () => {
  it.each([
    [{ mode: 'sometimes' }, /^code-review-checklist: input `mode`/],
    [{ 'github-token': '' }, /^code-review-checklist: input `github-token`: is empty/],
    [
      { mode: 'verify', commit: 'main' },
      /^code-review-checklist: input `commit`: `main` is not a commit SHA/,
    ],
    [
      { mode: 'verify', commit: DEPLOYED_SHA, 'min-approvals': 'two' },
      /^code-review-checklist: input `min-approvals`: `two` is not a whole number/,
    ],
    [{ commit: DEPLOYED_SHA }, /^code-review-checklist: input `commit`: is a verify input/],
    [{ 'dry-run': 'true' }, /^code-review-checklist: input `dry-run`: applies to `mode: verify` only/],
    [{ 'status-context': 'a\nb' }, /^code-review-checklist: input `status-context`/],
  ])('%j', async (inputs, line) => {
    addPull(7);
    const runtime = runtimeFor('pull_request', { number: 7 }, inputs);
    expect(await run(runtime)).toBe(1);
    const errors = runtime.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(line);
    expect(writes()).toEqual([]);
  });
});

describe('window-guard require-reviewed: the same check as one more blocker', () => {
  const guard = (inputs: Record<string, string> = {}) => {
    const runtime = runtimeFor('push', { ref: 'refs/heads/main' }, { 'require-reviewed': 'true', ...inputs });
    runtime.context.build!.commit = DEPLOYED_SHA;
    return runtime;
  };
  async function reviewedPull(): Promise<void> {
    const pull = addPull(40, { head: { sha: '4'.repeat(40), ref: 'f' } });
    await run(prEvent(40));
    pull.body = complete(pull.body!, TASKS, ['test-commands']);
    await run(prEvent(40, 'edited'));
    pull.mergedAt = '2026-12-05T10:00:00Z';
    github.repository.reviews.set(40, [{ id: 1, user: 'bob', state: 'APPROVED' }]);
    github.repository.commitPulls.set(DEPLOYED_SHA, [40]);
  }

  it('a reviewed commit: the guard opens', async () => {
    await reviewedPull();
    const runtime = guard();
    expect(await runStep(windowGuardStep(), runtime)).toBe(0);
    expect(runtime.outputs.get('open')).toBe('true');
  });

  it('a commit pushed straight to main: closed by not-reviewed, exit 2', async () => {
    const runtime = guard();
    expect(await runStep(windowGuardStep(), runtime)).toBe(2);
    expect(runtime.outputs.get('open')).toBe('false');
    expect(JSON.parse(runtime.outputs.get('blockers')!)).toEqual([
      {
        kind: 'not-reviewed',
        detail: `commit ${DEPLOYED_SHA.slice(0, 12)} came in through no pull request (pushed straight to the branch?)`,
      },
    ]);
  });

  it('GitHub unreachable (500): closed by review-unreadable, never open', async () => {
    await reviewedPull();
    github.failWith(500);
    const runtime = guard();
    expect(await runStep(windowGuardStep(), runtime)).toBe(2);
    const blockers = JSON.parse(runtime.outputs.get('blockers')!) as { kind: string; detail: string }[];
    expect(blockers.map((b) => b.kind)).toEqual(['review-unreadable']);
    expect(blockers[0]!.detail).toMatch(/answered 500/);
  });

  it('dry-run reports the blocker and exits 0', async () => {
    const runtime = guard({ mode: 'dry-run' });
    expect(await runStep(windowGuardStep(), runtime)).toBe(0);
    expect(runtime.outputs.get('open')).toBe('false');
  });

  it('without a token: one line naming github-token, exit 1, no API call', async () => {
    const runtime = guard({ 'github-token': '' });
    expect(await runStep(windowGuardStep(), runtime)).toBe(1);
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      expect.stringMatching(/^window-guard: input `github-token`: is empty: require-reviewed/),
    ]);
    expect(github.calls).toEqual([]);
  });

  it('off by default: no API call at all', async () => {
    const runtime = runtimeFor('push', {});
    expect(await runStep(windowGuardStep(), runtime)).toBe(0);
    expect(github.calls).toEqual([]);
  });
});

describe('code-review-checklist input fuzz (fast-check)', () => {
  it('any mode that is not description, comment or verify: one line naming `mode`, exit 1, no API call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ maxLength: 40 })
          .filter((text) => !['', 'description', 'comment', 'verify'].includes(text.trim())),
        async (mode) => {
          github.calls.length = 0;
          const runtime = runtimeFor('pull_request', { number: 7 }, { mode });
          expect(await run(runtime)).toBe(1);
          const errors = runtime.lines.filter((l) => l.level === 'error');
          expect(errors).toHaveLength(1);
          expect(errors[0]!.text).toMatch(/^code-review-checklist: input `mode`: /);
          expect(errors[0]!.text).not.toMatch(/\n|\s+at /);
          expect(github.calls).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any min-approvals in verify: a whole number 0..100 is used, anything else is one line and no write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: -5, max: 150 }).map(String), fc.string({ minLength: 1, maxLength: 12 })),
        async (raw) => {
          github.calls.length = 0;
          const runtime = runtimeFor(
            'push',
            {},
            { mode: 'verify', commit: DEPLOYED_SHA, 'min-approvals': raw },
          );
          const code = await run(runtime);
          // Blank is no input: the default (1) applies.
          const valid = raw.trim() === '' || (/^\d{1,3}$/.test(raw.trim()) && Number(raw.trim()) <= 100);
          if (valid) {
            // No pull request: not reviewed, whatever the number.
            expect(code).toBe(2);
          } else {
            expect(code).toBe(1);
            expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
              expect.stringMatching(/^code-review-checklist: input `min-approvals`: /),
            ]);
          }
          expect(github.calls.filter((call) => call.method !== 'GET')).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
