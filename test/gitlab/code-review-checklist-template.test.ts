import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CHECKLIST_INPUTS, CHECKLIST_OUTPUTS } from '@hands-off/core';
import { dotenvKey } from '@hands-off/runtime-cli';
import { DEFAULT_TASKS, complete } from '../support/checklist-edits.js';
import {
  componentPipelines,
  expectPipelinePassed,
  lastDecision,
  requireGitlabCiLocal,
} from '../support/gitlab-pipeline.js';
import {
  PROJECT_ID,
  PROJECT_TOKEN,
  startGitLabStandIn,
  type GitLabStandIn,
} from '../support/gitlab-stand-in.js';
import { ROOT } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const TEMPLATE = join(ROOT, 'templates/code-review-checklist.yml');
const STEP_INPUTS = ['config', 'environment', ...CHECKLIST_INPUTS.map((spec) => spec.name)];
const COMPONENT_INPUTS = ['stage', 'job-name', 'image', 'command', 'output-prefix', ...STEP_INPUTS];
const SHA = 'a'.repeat(40);

interface SpecDocument {
  spec: { inputs: Record<string, { default?: unknown; options?: unknown[]; regex?: string }> };
}

function readTemplate(): { spec: SpecDocument; body: Record<string, Record<string, unknown>> } {
  const documents = readYamlDocuments(TEMPLATE);
  expect(documents).toHaveLength(2);
  return {
    spec: documents[0] as SpecDocument,
    body: documents[1] as Record<string, Record<string, unknown>>,
  };
}

describe('templates/code-review-checklist.yml (GitLab CI/CD component)', () => {
  const gitlabCi = thirdPartySchema('gitlab-ci.schema.json');

  it('has a spec header and a job body that both validate against the GitLab CI schema', () => {
    const { spec, body } = readTemplate();
    expect(gitlabCi(spec)).toEqual([]);
    expect(gitlabCi(body)).toEqual([]);
    expect(gitlabCi({ spec: { inputs: { mode: { type: 'text' } } } })).not.toEqual([]);
  });

  it("declares every step input, each defaulting to '' so the config file and the step supply defaults", () => {
    const { spec } = readTemplate();
    expect(Object.keys(spec.spec.inputs).sort()).toEqual([...COMPONENT_INPUTS].sort());
    for (const name of STEP_INPUTS) {
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
    }
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'description', 'comment', 'verify']);
  });

  it('takes the token only as a variable reference, never the token itself', () => {
    const regex = new RegExp(readTemplate().spec.spec.inputs['github-token']?.regex ?? '');
    expect(['', '$CHECKLIST_TOKEN', '${CHECKLIST_TOKEN}'].every((value) => regex.test(value))).toBe(true);
    expect([PROJECT_TOKEN, 'glpat-xyz', '$A $B'].some((value) => regex.test(value))).toBe(false);
  });
});

const pipelines = componentPipelines('code-review-checklist', 'CODE_REVIEW_CHECKLIST_');

describe('code-review-checklist component under gitlab-ci-local against a loopback GitLab', () => {
  let gitlab: GitLabStandIn;
  beforeAll(() => {
    requireGitlabCiLocal();
  });
  afterAll(() => {
    pipelines.cleanup();
  });
  beforeEach(async () => {
    gitlab = await startGitLabStandIn();
    gitlab.project.mergeRequests.set(3, {
      iid: 3,
      description: 'Speeds up checkout.',
      author: 'alice',
      sha: SHA,
      targetBranch: 'main',
      state: 'opened',
      diffs: [{ old_path: 'src/app.ts', new_path: 'src/app.ts' }],
      approvedBy: [],
    });
  });
  afterEach(async () => {
    await gitlab.stop();
  });

  const jobVariables = (token: string, extra: Record<string, string> = {}) => ({
    CHECKLIST_TOKEN: token,
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: PROJECT_ID,
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_IID: '3',
    ...extra,
  });
  const mergeRequestPipeline = (token = PROJECT_TOKEN, extra: Record<string, string> = {}) =>
    pipelines.run({
      job: 'code-review-checklist',
      inputs: { 'github-token': '$CHECKLIST_TOKEN' },
      variables: jobVariables(token, extra),
    });

  it('fails the merge request pipeline while the checklist is open, then passes once it is done', async () => {
    const open = await mergeRequestPipeline();
    expect(open.status).not.toBe(0);
    expect(open.output).toMatch(/merge request !3 checklist pending: 8 open: tests-added/);
    const mr = gitlab.project.mergeRequests.get(3)!;
    expect(mr.description).toContain('<!-- hands-off:checklist:start -->');
    expect(gitlab.project.statuses.get(SHA)?.at(-1)).toMatchObject({
      status: 'pending',
      name: 'hands-off/checklist',
    });

    mr.description = complete(mr.description!, DEFAULT_TASKS, ['test-commands']);
    const done = await pipelines.rerun(open, jobVariables(PROJECT_TOKEN));
    expectPipelinePassed(done);
    expect(done.received).toEqual({
      [dotenvKey('code-review-checklist', 'complete')]: 'true',
      [dotenvKey('code-review-checklist', 'missing')]: '[]',
      [dotenvKey('code-review-checklist', 'status')]: 'success',
    });
    expect(CHECKLIST_OUTPUTS).toEqual(expect.arrayContaining(['complete', 'missing', 'status']));
    expect(gitlab.project.statuses.get(SHA)?.at(-1)).toMatchObject({ status: 'success' });
    expect(lastDecision(done, 'code-review-checklist')).toMatchObject({
      step: 'code-review-checklist',
      platform: 'gitlab',
      verdict: 'success',
    });
  });

  it('a rejected token, debug output on: the job fails with one line and never prints the token', async () => {
    const token = 'glpat-rejectedTokenValue0123456789';
    const run = await mergeRequestPipeline(token, { HANDS_OFF_DEBUG: 'true' });
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/the token is not accepted \(401 Unauthorized\)/);
    expect(run.output).not.toContain(token);
    expect(gitlab.calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });
});
