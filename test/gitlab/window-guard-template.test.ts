import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WINDOW_GUARD_INPUTS, WINDOW_GUARD_OUTPUTS } from '@hands-off/core';
import { dotenvKey, envName } from '@hands-off/runtime-cli';
import {
  NEEDS_JOB,
  componentPipelines,
  expectPipelinePassed,
  lastDecision,
  requireGitlabCiLocal,
  type PipelineRun,
} from '../support/gitlab-pipeline.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const TEMPLATE = join(ROOT, 'templates/window-guard.yml');
const STEP_INPUTS = ['config', 'environment', ...WINDOW_GUARD_INPUTS.map((spec) => spec.name)];
const COMPONENT_INPUTS = ['stage', 'job-name', 'image', 'command', 'output-prefix', ...STEP_INPUTS];
/** Inputs of the component that configure the CLI rather than the step, and their variables. */
const CLI_INPUTS = ['output-prefix'];

interface SpecDocument {
  spec: { inputs: Record<string, { default?: unknown; options?: unknown[]; type?: string }> };
}
interface JobDocument {
  [job: string]: {
    stage: string;
    image: string;
    variables: Record<string, string>;
    script: string[];
    artifacts: {
      expose_as: string;
      paths: string[];
      reports: { dotenv: string };
      when: string;
    };
  };
}

function readTemplate(): { spec: SpecDocument; body: JobDocument } {
  const documents = readYamlDocuments(TEMPLATE);
  expect(documents).toHaveLength(2);
  return { spec: documents[0] as SpecDocument, body: documents[1] as JobDocument };
}

describe('templates/window-guard.yml (GitLab CI/CD component)', () => {
  const gitlabCi = thirdPartySchema('gitlab-ci.schema.json');

  it('has a spec header and a job body that both validate against the GitLab CI schema', () => {
    const { spec, body } = readTemplate();
    expect(Object.keys(spec)).toEqual(['spec']);
    expect(gitlabCi(spec)).toEqual([]);
    expect(gitlabCi(body)).toEqual([]);
  });

  it('is checked by a schema that refuses a broken header or job (the validation above can fail)', () => {
    const { spec, body } = readTemplate();
    const job = body['$[[ inputs.job-name ]]'];
    expect(job).toBeDefined();
    expect(gitlabCi({ spec: { inputs: { mode: { type: 'text' } } } })).not.toEqual([]);
    expect(gitlabCi({ ...spec, spec: { ...spec.spec, outputs: {} } })).not.toEqual([]);
    expect(
      gitlabCi({ 'window-guard': { ...job, artifacts: { ...job?.artifacts, when: 'sometimes' } } }),
    ).not.toEqual([]);
    expect(gitlabCi({ 'window-guard': { ...job, scripts: job?.script } })).not.toEqual([]);
  });

  it('declares every input of the step, plus stage, job-name, image and command', () => {
    const { spec } = readTemplate();
    expect(Object.keys(spec.spec.inputs).sort()).toEqual([...COMPONENT_INPUTS].sort());
  });

  it("defaults every step input to '' so that the config file, then the step, supply the defaults", () => {
    const { spec } = readTemplate();
    for (const name of STEP_INPUTS) {
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
      // A string input: GitLab refuses a non-string value before the pipeline starts.
      expect(spec.spec.inputs[name]?.type ?? 'string').toBe('string');
    }
  });

  it('restricts enum inputs to their values (or empty) so GitLab rejects a typo when the pipeline is created', () => {
    const { spec } = readTemplate();
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'enforce', 'dry-run']);
    expect(spec.spec.inputs['alarm-missing-data']?.options).toEqual(['', 'block', 'ignore']);
  });

  it('passes each step input to the CLI as its HANDS_OFF_<INPUT> variable, and nothing else', () => {
    const { body } = readTemplate();
    const job = body['$[[ inputs.job-name ]]'];
    const expected = Object.fromEntries(
      [...CLI_INPUTS, ...STEP_INPUTS].map((name) => [envName(name), `$[[ inputs.${name} ]]`]),
    );
    expect(job?.variables).toEqual(expected);
    expect(job?.script).toEqual(['$[[ inputs.command ]] window-guard']);
    expect(job?.stage).toBe('$[[ inputs.stage ]]');
    expect(job?.image).toBe('$[[ inputs.image ]]');
  });

  it('interpolates only declared inputs (GitLab fails on an unknown key) and uses every one it declares', () => {
    const text = readFileSync(TEMPLATE, 'utf8').split(/^---$/m)[1] ?? '';
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...COMPONENT_INPUTS].sort());
  });

  it('keeps the dotenv report, summary and decision log as artifacts even when the guard fails the job', () => {
    const { body } = readTemplate();
    const artifacts = body['$[[ inputs.job-name ]]']?.artifacts;
    // The CLI writes `<output-dir>/window-guard.env` with output-dir `hands-off` by default.
    expect(artifacts?.reports.dotenv).toBe('hands-off/window-guard.env');
    expect(artifacts?.paths).toEqual(['hands-off/']);
    expect(artifacts?.when).toBe('always');
  });

  it('exposes the artifacts in merge requests within GitLab limits on expose_as and its paths', () => {
    const { body } = readTemplate();
    const artifacts = body['$[[ inputs.job-name ]]']?.artifacts;
    // gitlab: lib/gitlab/ci/config/entry/artifacts.rb (EXPOSE_AS_REGEX, length, no `*` in paths).
    expect(artifacts?.expose_as).toMatch(/^\w[-\w ]*$/);
    expect(artifacts?.expose_as.length).toBeLessThanOrEqual(100);
    for (const path of artifacts?.paths ?? []) {
      // Exposed paths are matched literally: no variables, globs or `./`; directories end with `/`.
      expect(path).not.toMatch(/[*$]|^\.\//);
      expect(path.endsWith('/') || /\.\w+$/.test(path)).toBe(true);
    }
  });
});

const pipelines = componentPipelines('window-guard', 'WINDOW_GUARD_');

/** Runs a pipeline that includes the component as `guardJob` with `inputs`, then a `needs:` job. */
function runPipeline(
  guardJob: string,
  inputs: Record<string, string>,
  variables: Record<string, string> = {},
): Promise<PipelineRun> {
  return pipelines.run({ job: guardJob, inputs, variables });
}

// Thursday 2026-11-26 11:00 in Berlin (UTC+1): open only through the second `allow` line, which
// ends at 12:00 Berlin = 11:00Z. A UTC reading of the windows, or a lost line, gives other values.
const THURSDAY_11_BERLIN = '2026-11-26T10:00:00Z';
const SATURDAY_11_BERLIN = '2026-11-28T10:00:00Z';
const POLICY = { allow: 'Mon-Wed 09:00-17:00\nThu 10:00-12:00\n', timezone: 'Europe/Berlin' };

describe('window-guard component under gitlab-ci-local (shell executor, Node 24)', () => {
  beforeAll(() => {
    requireGitlabCiLocal();
  });
  afterAll(() => {
    pipelines.cleanup();
  });

  it('runs the included job and hands every output to a `needs:` job as WINDOW_GUARD_* dotenv variables', async () => {
    const run = await runPipeline('window-guard', { ...POLICY, at: THURSDAY_11_BERLIN });

    expectPipelinePassed(run);
    expect(run.output).toContain(`window-guard $ ${NODE24} dist/cli/index.js window-guard`);
    expect(run.output).toMatch(/PASS\s+window-guard/);
    expect(run.output).toMatch(new RegExp(`PASS\\s+${NEEDS_JOB}`));
    expect(Object.keys(run.received ?? {}).sort()).toEqual(
      WINDOW_GUARD_OUTPUTS.map((name) => dotenvKey('window-guard', name)).sort(),
    );
    expect(run.received).toEqual({
      WINDOW_GUARD_OPEN: 'true',
      WINDOW_GUARD_REASON: 'open at Thu 2026-11-26 11:00 GMT+1 until Thu 2026-11-26 12:00 GMT+1',
      WINDOW_GUARD_NEXT_OPEN: THURSDAY_11_BERLIN,
      WINDOW_GUARD_CLOSES_AT: '2026-11-26T11:00:00Z',
      WINDOW_GUARD_BLOCKERS: '[]',
      WINDOW_GUARD_OVERRIDDEN: 'false',
      WINDOW_GUARD_DECISION_LOG: 'hands-off/decision-log.jsonl',
    });
  });

  it('publishes the summary and the decision log as job artifacts, recorded as a GitLab run', async () => {
    const run = await runPipeline('window-guard', { ...POLICY, at: THURSDAY_11_BERLIN });

    expectPipelinePassed(run);
    expect(run.artifact('window-guard', 'hands-off/window-guard-summary.md')).toMatch(
      /^## window-guard: .*open/,
    );
    expect(run.artifact('window-guard', 'hands-off/window-guard.env')).toContain('WINDOW_GUARD_OPEN=true\n');
    const decision = lastDecision(run, 'window-guard');
    expect(decision).toMatchObject({
      step: 'window-guard',
      platform: 'gitlab',
      actor: 'release-bot',
      verdict: 'open',
      inputs: {
        allow: { value: POLICY.allow.trim(), source: 'input' },
        timezone: { value: 'Europe/Berlin', source: 'input' },
        mode: { value: 'enforce', source: 'default' },
      },
    });
  });

  it('re-checks CI_DEPLOY_FREEZE when the job runs: a freeze closes the guard with a gitlab-deploy-freeze blocker', async () => {
    // Dry-run, so the job passes and the `needs:` job still starts and sees the verdict; the job is
    // renamed through `job-name`, as a pipeline guarding several environments does.
    const run = await runPipeline(
      'guard-production',
      { ...POLICY, at: THURSDAY_11_BERLIN, mode: 'dry-run', 'job-name': 'guard-production' },
      { CI_DEPLOY_FREEZE: 'true' },
    );

    expectPipelinePassed(run);
    expect(run.output).toMatch(/PASS\s+guard-production/);
    expect(run.received?.WINDOW_GUARD_OPEN).toBe('false');
    expect(run.received?.WINDOW_GUARD_OVERRIDDEN).toBe('false');
    const blockers = JSON.parse(run.received?.WINDOW_GUARD_BLOCKERS ?? 'null') as { kind: string }[];
    expect(blockers.map((blocker) => blocker.kind)).toEqual(['gitlab-deploy-freeze']);
    expect(run.artifact('guard-production', 'hands-off/window-guard-summary.md')).toBeDefined();
    expect(lastDecision(run, 'guard-production')).toMatchObject({ verdict: 'closed', exitCode: 0 });
  });

  it('fails the job when closed in enforce mode, so `needs:` jobs never start, and still keeps the artifacts', async () => {
    const run = await runPipeline('window-guard', { ...POLICY, at: SATURDAY_11_BERLIN });

    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/FAIL\s+window-guard/);
    expect(run.output).not.toMatch(new RegExp(`${NEEDS_JOB}\\s+starting`));
    expect(run.received).toBeUndefined();
    expect(run.artifact('window-guard', 'hands-off/window-guard-summary.md')).toMatch(
      /^## window-guard: .*closed/,
    );
    expect(lastDecision(run, 'window-guard')).toMatchObject({ verdict: 'closed', exitCode: 2 });
  });
});
