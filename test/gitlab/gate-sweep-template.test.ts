import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  componentPipelines,
  expectPipelinePassed,
  requireGitlabCiLocal,
} from '../support/gitlab-pipeline.js';
import { PROJECT_ID, startGitLabStandIn, type GitLabStandIn } from '../support/gitlab-stand-in.js';
import { ROOT } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';
import { GATE_TOKEN, GATE_USER, SHA, blockedProduction } from '../gate-gitlab/gitlab-gate-helpers.js';

const TEMPLATE = join(ROOT, 'templates/gate-sweep.yml');

interface SpecDocument {
  spec: { inputs: Record<string, { default?: unknown; regex?: string }> };
}

function readTemplate(): { spec: SpecDocument; body: Record<string, Record<string, unknown>> } {
  const documents = readYamlDocuments(TEMPLATE);
  expect(documents).toHaveLength(2);
  return {
    spec: documents[0] as SpecDocument,
    body: documents[1] as Record<string, Record<string, unknown>>,
  };
}

describe('templates/gate-sweep.yml (GitLab CI/CD component)', () => {
  it('validates against the GitLab CI schema and runs only in scheduled pipelines', () => {
    const gitlabCi = thirdPartySchema('gitlab-ci.schema.json');
    const { spec, body } = readTemplate();
    expect(gitlabCi(spec)).toEqual([]);
    expect(gitlabCi(body)).toEqual([]);
    const job = body['$[[ inputs.job-name ]]'];
    expect(job?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    expect(job?.script).toEqual(['$[[ inputs.command ]] gate sweep --gitlab']);
  });

  it('takes the approver token only as a variable reference, and requires it', () => {
    const input = readTemplate().spec.spec.inputs.token;
    expect(input?.default).toBeUndefined();
    const regex = new RegExp(input?.regex ?? '');
    expect(['$GATE_APPROVER_TOKEN', '${GATE_APPROVER_TOKEN}'].every((value) => regex.test(value))).toBe(true);
    expect(['', GATE_TOKEN, 'glpat-xyz', '$A $B'].some((value) => regex.test(value))).toBe(false);
  });
});

describe('gate-sweep component under gitlab-ci-local (a scheduled pipeline, shell executor, Node 24)', () => {
  const pipelines = componentPipelines('gate-sweep', 'GATE_SWEEP_');
  let gitlab: GitLabStandIn;
  beforeAll(() => requireGitlabCiLocal());
  beforeEach(async () => {
    gitlab = await startGitLabStandIn();
    gitlab.tokens.set(GATE_TOKEN, GATE_USER);
  });
  afterEach(async () => gitlab.stop());
  afterAll(() => pipelines.cleanup());

  it('approves the blocked deployment whose gate passes and rejects the one whose review is missing', async () => {
    const open = blockedProduction(gitlab);
    const unreviewedSha = 'b'.repeat(40);
    const unreviewed = blockedProduction(gitlab, unreviewedSha);
    gitlab.project.files.set(
      `${SHA}:.github/hands-off.yml`,
      'version: 1\nenvironments:\n  production:\n    gate:\n      require-reviewed: false\n',
    );
    gitlab.project.files.set(
      `${unreviewedSha}:.github/hands-off.yml`,
      'version: 1\nenvironments:\n  production:\n    gate:\n      require-reviewed: true\n',
    );
    const run = await pipelines.run({
      job: 'gate-sweep',
      inputs: { token: '$GATE_APPROVER_TOKEN' },
      variables: {
        CI_PIPELINE_SOURCE: 'schedule',
        GATE_APPROVER_TOKEN: GATE_TOKEN,
        CI_API_V4_URL: gitlab.apiUrl,
        CI_PROJECT_ID: PROJECT_ID,
        // The harness's `needs:` job lists GATE_SWEEP_* variables; the sweep exports none.
        GATE_SWEEP_SCHEDULE: 'every 5 minutes',
      },
    });
    expectPipelinePassed(run);
    expect(open.status).not.toBe('blocked');
    expect(unreviewed.approvals).toEqual([expect.objectContaining({ status: 'rejected' })]);
    const log = run.artifact('gate-sweep', 'hands-off/decision-log.jsonl') ?? '';
    const verdicts = log
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { verdict: string }).verdict)
      .sort();
    expect(verdicts).toEqual(['approve', 'reject']);
    expect(run.output).not.toContain(GATE_TOKEN);
  }, 60_000);
});
