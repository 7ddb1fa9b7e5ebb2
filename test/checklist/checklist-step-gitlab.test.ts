import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { codeReviewChecklistStep } from '@hands-off/core/code-review-checklist';
import { runStep } from '@hands-off/core/run-step';
import { gitlabReviewAccess } from '../../packages/runtime-cli/src/gitlab-review.js';
import { DEFAULT_TASKS, complete, markNa } from '../support/checklist-edits.js';
import {
  PROJECT_BOT,
  PROJECT_ID,
  PROJECT_TOKEN,
  startGitLabStandIn,
  type GitLabStandIn,
  type StandInMergeRequest,
} from '../support/gitlab-stand-in.js';
import { memoryRuntime, type MemoryRuntime } from '../support/memory-runtime.js';

const SHA = 'a'.repeat(40);
const DEPLOYED = '1'.repeat(40);

let gitlab: GitLabStandIn;
beforeEach(async () => {
  gitlab = await startGitLabStandIn();
});
afterEach(async () => {
  await gitlab.stop();
});

function addMergeRequest(iid: number, extra: Partial<StandInMergeRequest> = {}): StandInMergeRequest {
  const mr: StandInMergeRequest = {
    iid,
    description: 'Speeds up checkout.',
    author: 'alice',
    sha: SHA,
    targetBranch: 'main',
    state: 'opened',
    diffs: [{ old_path: 'src/app.ts', new_path: 'src/app.ts' }],
    approvedBy: [],
    ...extra,
  };
  gitlab.project.mergeRequests.set(iid, mr);
  return mr;
}

/** A GitLab job's runtime: the stand-in through CI_API_V4_URL, a merge request pipeline unless said. */
function runtimeFor(inputs: Record<string, string> = {}, env: Record<string, string> = {}): MemoryRuntime {
  const jobEnv = {
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: PROJECT_ID,
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_IID: '3',
    ...env,
  };
  const runtime = memoryRuntime({ 'github-token': PROJECT_TOKEN, ...inputs }, { platform: 'gitlab' });
  runtime.reviewAccess = (token) => gitlabReviewAccess(token, jobEnv, runtime.cancelSignal);
  return runtime;
}
const run = (runtime: MemoryRuntime) => runStep(codeReviewChecklistStep(), runtime);
const latest = (sha: string) => gitlab.project.statuses.get(sha)?.at(-1);

describe('code-review-checklist on GitLab merge requests (loopback REST stand-in)', () => {
  it('a merge request pipeline writes the block and a pending status, and fails the job while incomplete', async () => {
    addMergeRequest(3);
    const runtime = runtimeFor();
    expect(await run(runtime)).toBe(1);
    expect(gitlab.project.mergeRequests.get(3)!.description).toContain(
      '- [ ] New unit and integration tests cover the change <!-- id:tests-added -->',
    );
    expect(latest(SHA)).toMatchObject({ status: 'pending', name: 'hands-off/checklist' });
    expect(runtime.outputs.get('status')).toBe('pending');
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      expect.stringMatching(/^code-review-checklist: merge request !3 checklist pending: 8 open: /),
    ]);
  });

  it('`[~]` with a reason counts as N/A; all done: success and exit 0', async () => {
    const mr = addMergeRequest(3);
    await run(runtimeFor());
    const done = complete(
      mr.description!,
      DEFAULT_TASKS.filter((id) => id !== 'alarms-cover'),
      ['test-commands'],
    );
    mr.description = markNa(done, 'alarms-cover', 'no alarms for a batch job');
    const runtime = runtimeFor();
    expect(await run(runtime)).toBe(0);
    expect(latest(SHA)).toMatchObject({ status: 'success', description: 'checklist complete' });
    mr.description = markNa(done, 'alarms-cover', '');
    expect(await run(runtimeFor())).toBe(1);
    expect(latest(SHA)).toMatchObject({ status: 'failed', description: '1 invalid N/A: alarms-cover' });
  });

  it('note mode keeps one note by the token’s bot user across 130 notes, and a person’s copy does not count', async () => {
    const mr = addMergeRequest(3);
    for (let i = 0; i < 130; i++) {
      gitlab.project.notes.push({
        id: 100 + i,
        iid: 3,
        body: `note ${i}`,
        author: 'bob',
        system: i % 10 === 0,
      });
    }
    await run(runtimeFor({ mode: 'comment' }));
    const ours = () => gitlab.project.notes.filter((n) => n.author === PROJECT_BOT);
    expect(ours()).toHaveLength(1);
    gitlab.project.notes.push({
      id: 9000,
      iid: 3,
      body: complete(ours()[0]!.body, DEFAULT_TASKS, ['test-commands']),
      author: 'bob',
      system: false,
    });
    expect(await run(runtimeFor({ mode: 'comment' }))).toBe(1);
    expect(ours()).toHaveLength(1);
    ours()[0]!.body = complete(ours()[0]!.body, DEFAULT_TASKS, ['test-commands']);
    expect(await run(runtimeFor({ mode: 'comment' }))).toBe(0);
    expect(mr.description).toBe('Speeds up checkout.');
    expect(gitlab.calls.some((call) => /\/notes\?.*page=2/.test(call.path))).toBe(true);
  });

  it('a branch pipeline has no merge request: nothing to do, exit 0, no write', async () => {
    const runtime = runtimeFor({}, { CI_PIPELINE_SOURCE: 'push', CI_MERGE_REQUEST_IID: '' });
    expect(await run(runtime)).toBe(0);
    expect(gitlab.calls).toEqual([]);
  });

  it('a rejected token: one line, exit 1, nothing written', async () => {
    addMergeRequest(3);
    const runtime = runtimeFor({ 'github-token': 'glpat-wrongwrongwrong00000' });
    expect(await run(runtime)).toBe(1);
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      expect.stringMatching(/the token is not accepted \(401 Unauthorized\)/),
    ]);
    expect(gitlab.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('the config comes from the target branch through the repository files API', async () => {
    gitlab.project.files.set(
      'main:.github/hands-off.yml',
      "defaults:\n  checklist:\n    sections:\n      - title: Data\n        items:\n          - { id: migration-safe, label: Safe migration, when: ['db/**'] }\n",
    );
    addMergeRequest(3, { diffs: [{ old_path: 'db/1.sql', new_path: 'db/1.sql' }] });
    await run(runtimeFor());
    expect(gitlab.project.mergeRequests.get(3)!.description).toContain('<!-- id:migration-safe -->');
    expect(latest(SHA)!.description).toBe('1 open: migration-safe');
  });
});

describe('code-review-checklist verify on GitLab (merge requests of a commit, approvals)', () => {
  async function mergedMergeRequest(approvedBy: string[]): Promise<void> {
    const mr = addMergeRequest(3);
    await run(runtimeFor());
    mr.description = complete(mr.description!, DEFAULT_TASKS, ['test-commands']);
    expect(await run(runtimeFor())).toBe(0);
    mr.state = 'merged';
    mr.approvedBy = approvedBy;
    gitlab.project.commitMergeRequests.set(DEPLOYED, [3]);
  }
  const verify = () => runtimeFor({ mode: 'verify', commit: DEPLOYED }, { CI_PIPELINE_SOURCE: 'push' });

  it('a merged, approved merge request with a complete checklist: reviewed', async () => {
    await mergedMergeRequest(['bob']);
    const runtime = verify();
    expect(await run(runtime)).toBe(0);
    expect(runtime.outputs.get('pull-requests')).toBe('[3]');
    expect(runtime.outputs.get('reason')).toMatch(
      /merge request !3: checklist complete, 1 approval\(s\) \(bob\)/,
    );
  });

  it("only the author's own approval: not reviewed, exit 2", async () => {
    await mergedMergeRequest(['alice']);
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(/!3 0 of 1 approval/);
  });

  it('a commit pushed straight to the branch: not reviewed, exit 2', async () => {
    const runtime = verify();
    expect(await run(runtime)).toBe(2);
    expect(runtime.outputs.get('reason')).toMatch(/came in through no merge request/);
  });
});
