import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ROLLBACK_INPUTS, ROLLBACK_OUTPUTS } from '@hands-off/core';
import { dotenvKey, envName } from '@hands-off/runtime-cli';
import {
  NEEDS_JOB,
  componentPipelines,
  expectPipelinePassed,
  lastDecision,
  requireGitlabCiLocal,
} from '../support/gitlab-pipeline.js';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { componentHeader, componentHeaderExample } from '../support/gitlab-component.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const TEMPLATE = join(ROOT, 'templates/rollback.yml');
const STEP_INPUTS = ['config', 'environment', ...ROLLBACK_INPUTS.map((spec) => spec.name)];
const COMPONENT_INPUTS = ['stage', 'job-name', 'image', 'command', 'output-prefix', ...STEP_INPUTS];
/** Inputs of the component that configure the CLI rather than the step, and their variables. */
const CLI_INPUTS = ['output-prefix'];
const JOB_KEY = '$[[ inputs.job-name ]]';

interface SpecDocument {
  spec: { inputs: Record<string, { default?: unknown; options?: unknown[]; type?: string }> };
}
interface JobDocument {
  [job: string]: {
    stage: string;
    image: string;
    timeout?: string;
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
interface Pipeline {
  include?: { component?: string; inputs?: Record<string, unknown> }[];
  [job: string]: unknown;
}

function readTemplate(): { spec: SpecDocument; body: JobDocument } {
  const documents = readYamlDocuments(TEMPLATE);
  expect(documents).toHaveLength(2);
  return { spec: documents[0] as SpecDocument, body: documents[1] as JobDocument };
}

const header = (): string => componentHeader(TEMPLATE);

const headerExample = (): Pipeline => componentHeaderExample(TEMPLATE);

describe('templates/rollback.yml (GitLab CI/CD component)', () => {
  const gitlabCi = thirdPartySchema('gitlab-ci.schema.json');

  it('has a spec header and a job body that both validate against the GitLab CI schema', () => {
    const { spec, body } = readTemplate();
    expect(Object.keys(spec)).toEqual(['spec']);
    expect(gitlabCi(spec)).toEqual([]);
    expect(gitlabCi(body)).toEqual([]);
  });

  it('is checked by a schema that refuses a broken header or job (the validation above can fail)', () => {
    const { spec, body } = readTemplate();
    const job = body[JOB_KEY];
    expect(job).toBeDefined();
    expect(
      gitlabCi({ spec: { inputs: { ...spec.spec.inputs, mode: { default: '', options: 'enforce' } } } }),
    ).not.toEqual([]);
    expect(
      gitlabCi({ rollback: { ...job, artifacts: { ...job?.artifacts, when: 'sometimes' } } }),
    ).not.toEqual([]);
  });

  it('declares every input of the step (ROLLBACK_INPUTS, config, environment), plus stage, job-name, image, command and output-prefix', () => {
    const { spec } = readTemplate();
    expect(Object.keys(spec.spec.inputs)).toEqual(COMPONENT_INPUTS);
  });

  it("defaults every step input to '' so that the config file, then the step, supply the defaults", () => {
    const { spec } = readTemplate();
    for (const name of STEP_INPUTS) {
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
      expect(spec.spec.inputs[name]?.type ?? 'string').toBe('string');
    }
    expect(spec.spec.inputs['output-prefix']?.default).toBe('ROLLBACK');
    expect(spec.spec.inputs['job-name']?.default).toBe('rollback');
  });

  it('restricts enum inputs to their values (or empty) so GitLab rejects a typo when the pipeline is created', () => {
    const { spec } = readTemplate();
    expect(spec.spec.inputs.target?.options).toEqual(['', 'codedeploy', 'command']);
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'enforce', 'dry-run']);
  });

  it('passes each step input to the CLI as its HANDS_OFF_<INPUT> variable, and nothing else', () => {
    const { body } = readTemplate();
    const job = body[JOB_KEY];
    const expected = Object.fromEntries(
      [...CLI_INPUTS, ...STEP_INPUTS].map((name) => [envName(name), `$[[ inputs.${name} ]]`]),
    );
    expect(job?.variables).toEqual(expected);
    expect(job?.script).toEqual(['$[[ inputs.command ]] rollback']);
    expect(job?.stage).toBe('$[[ inputs.stage ]]');
    expect(job?.image).toBe('$[[ inputs.image ]]');
    expect(job).not.toHaveProperty('timeout');
  });

  it('interpolates only declared inputs (GitLab fails on an unknown key) and uses every one it declares', () => {
    const text = readFileSync(TEMPLATE, 'utf8').split(/^---$/m)[1] ?? '';
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...COMPONENT_INPUTS].sort());
  });

  it('keeps the dotenv report, summary, decision log and state file as artifacts even when the rollback fails the job', () => {
    const { body } = readTemplate();
    const artifacts = body[JOB_KEY]?.artifacts;
    expect(artifacts?.reports.dotenv).toBe('hands-off/rollback.env');
    expect(artifacts?.paths).toEqual(['hands-off/', '.hands-off/']);
    expect(artifacts?.when).toBe('always');
    expect(artifacts?.expose_as).toMatch(/^\w[-\w ]*$/);
  });

  it('shows a usage example in its header that is a valid pipeline passing only declared inputs', () => {
    const { spec } = readTemplate();
    const example = headerExample();
    expect(gitlabCi(example)).toEqual([]);
    const given = (example.include ?? []).flatMap((entry) => Object.keys(entry.inputs ?? {}));
    expect(given.length).toBeGreaterThan(0);
    expect(given.filter((name) => !(name in spec.spec.inputs))).toEqual([]);
    expect(example.rollback).toMatchObject({ environment: 'production' });
  });

  it('says in its header that github-token has no GitLab meaning and the job environment is the record', () => {
    expect(header()).toMatch(/`github-token` has no meaning on GitLab/);
    expect(header()).toMatch(/`environment:`/);
  });
});

describe('rollback component under gitlab-ci-local (shell executor, Node 24)', () => {
  const pipelines = componentPipelines('rollback', 'ROLLBACK_');
  let fleet: LocalFleet;
  let stateDir: string;

  beforeAll(() => {
    requireGitlabCiLocal();
  });
  beforeEach(async () => {
    fleet = await startLocalFleet(2, 'v0');
    stateDir = mkdtempSync(join(tmpdir(), 'hands-off-state-'));
  });
  afterEach(async () => {
    await fleet.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  afterAll(() => {
    pipelines.cleanup();
  });

  it('after jobs that deploy v1 then v2 to the one box, rolls back to v1 and hands ROLLBACK_* to a `needs:` job', async () => {
    const script = (name: string): string => `${process.execPath} ${join(ROOT, 'test/support', name)}`;
    const commandTarget = {
      target: 'command',
      hosts: fleet.hosts.join('\n'),
      'deploy-command': script('fleet-deploy.mjs'),
      'health-command': script('fleet-health.mjs'),
      'state-file': join(stateDir, 'command-target.json'),
    };
    /** A job that runs one-box-deploy of `revision` with the same CLI, after `needs`. */
    const deployJob = (stage: string, revision: string, needs: string[]): Record<string, unknown> => ({
      stage,
      needs,
      variables: Object.fromEntries(
        Object.entries({ ...commandTarget, revision }).map(([name, value]) => [envName(name), value]),
      ),
      script: [`${NODE24} dist/cli/index.js one-box-deploy`],
    });
    const run = await pipelines.run({
      job: 'rollback',
      inputs: { ...commandTarget, reason: 'v2 failed its bake' },
      variables: { FLEET_DIR: fleet.dir },
      jobs: {
        'deploy-v1': deployJob('build', 'v1', []),
        'deploy-v2': deployJob('test', 'v2', ['deploy-v1']),
      },
      jobOverrides: { needs: ['deploy-v2'] },
    });

    expectPipelinePassed(run);
    expect(run.output).toMatch(/PASS\s+deploy-v1/);
    expect(run.output).toMatch(/PASS\s+deploy-v2/);
    // gitlab-ci-local pads job names to the longest one.
    expect(run.output).toContain(`$ ${NODE24} dist/cli/index.js rollback`);
    expect(run.output).toMatch(/PASS\s+rollback/);
    expect(run.output).toMatch(new RegExp(`PASS\\s+${NEEDS_JOB}`));
    expect(run.received).toMatchObject({ ROLLBACK_ROLLED_BACK_TO: 'v1', ROLLBACK_STATUS: 'Succeeded' });
    const keys = ROLLBACK_OUTPUTS.map((name) => dotenvKey('rollback', name));
    expect(Object.keys(run.received ?? {}).filter((key) => !keys.includes(key))).toEqual([]);
    // The one box serves v1 again.
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v1');

    expect(run.artifact('rollback', 'hands-off/rollback-summary.md')).toContain('v1');
    expect(run.artifact('rollback', 'hands-off/rollback.env')).toContain('ROLLBACK_ROLLED_BACK_TO=v1\n');
    expect(lastDecision(run, 'rollback')).toMatchObject({
      step: 'rollback',
      platform: 'gitlab',
      actor: 'release-bot',
      exitCode: 0,
    });
  });
});
