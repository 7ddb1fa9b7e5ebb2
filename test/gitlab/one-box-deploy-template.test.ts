import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEPLOY_INPUTS, DEPLOY_OUTPUTS } from '@hands-off/core';
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

const TEMPLATE = join(ROOT, 'templates/one-box-deploy.yml');
const STEP_INPUTS = ['config', 'environment', ...DEPLOY_INPUTS.map((spec) => spec.name)];
/** `stage` is the step's (one-box or fleet), so the job's stage is `job-stage`. */
const COMPONENT_INPUTS = ['job-stage', 'job-name', 'image', 'command', 'output-prefix', ...STEP_INPUTS];
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
    after_script: string[];
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

describe('templates/one-box-deploy.yml (GitLab CI/CD component)', () => {
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
      gitlabCi({ spec: { inputs: { ...spec.spec.inputs, target: { default: '', options: 'command' } } } }),
    ).not.toEqual([]);
    expect(
      gitlabCi({ 'one-box-deploy': { ...job, artifacts: { ...job?.artifacts, when: 'sometimes' } } }),
    ).not.toEqual([]);
    expect(gitlabCi({ 'one-box-deploy': { ...job, after_script: { canceled: true } } })).not.toEqual([]);
  });

  it('declares every input of the step (DEPLOY_INPUTS, config, environment), plus job-stage, job-name, image, command and output-prefix', () => {
    const { spec } = readTemplate();
    expect(Object.keys(spec.spec.inputs)).toEqual(COMPONENT_INPUTS);
  });

  it("defaults every step input to '' so that the config file, then the step, supply the defaults", () => {
    const { spec } = readTemplate();
    for (const name of STEP_INPUTS) {
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
      expect(spec.spec.inputs[name]?.type ?? 'string').toBe('string');
    }
    expect(spec.spec.inputs['output-prefix']?.default).toBe('ONE_BOX_DEPLOY');
    expect(spec.spec.inputs['job-name']?.default).toBe('one-box-deploy');
    expect(spec.spec.inputs['job-stage']?.default).toBe('deploy');
  });

  it('restricts enum inputs to their values (or empty) so GitLab rejects a typo when the pipeline is created', () => {
    const { spec } = readTemplate();
    expect(spec.spec.inputs.target?.options).toEqual(['', 'codedeploy', 'command']);
    expect(spec.spec.inputs.stage?.options).toEqual(['', 'one-box', 'fleet']);
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'enforce', 'dry-run']);
  });

  it('passes each step input to the CLI as its HANDS_OFF_<INPUT> variable, and nothing else', () => {
    const { body } = readTemplate();
    const job = body[JOB_KEY];
    const expected = Object.fromEntries(
      [...CLI_INPUTS, ...STEP_INPUTS].map((name) => [envName(name), `$[[ inputs.${name} ]]`]),
    );
    expect(job?.variables).toEqual(expected);
    expect(job?.script).toEqual(['$[[ inputs.command ]] one-box-deploy']);
    expect(job?.stage).toBe('$[[ inputs.job-stage ]]');
    expect(job?.image).toBe('$[[ inputs.image ]]');
    expect(job).not.toHaveProperty('timeout');
  });

  it('runs the post (HANDS_OFF_POST=true, same command) in after_script only when the job was canceled', () => {
    const { body } = readTemplate();
    const afterScript = body[JOB_KEY]?.after_script ?? [];
    expect(afterScript).toHaveLength(1);
    expect(afterScript[0]).toContain('HANDS_OFF_POST=true $[[ inputs.command ]] one-box-deploy');
    // The line as a shell runs it, with a command that shows how it was started.
    const line = (afterScript[0] as string).replace(
      '$[[ inputs.command ]]',
      `sh -c 'echo "HANDS_OFF_POST=$HANDS_OFF_POST $0"'`,
    );
    const run = (status: string): string =>
      spawnSync('sh', ['-c', line], {
        env: { PATH: process.env.PATH ?? '', CI_JOB_STATUS: status },
        encoding: 'utf8',
      }).stdout;
    expect(run('canceled')).toBe('HANDS_OFF_POST=true one-box-deploy\n');
    for (const status of ['success', 'failed', 'cancelled', ''])
      expect({ status, out: run(status) }).toEqual({ status, out: '' });
  });

  it('interpolates only declared inputs (GitLab fails on an unknown key) and uses every one it declares', () => {
    const text = readFileSync(TEMPLATE, 'utf8').split(/^---$/m)[1] ?? '';
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...COMPONENT_INPUTS].sort());
  });

  it('keeps the dotenv report, summary, decision log and state files as artifacts even when the deployment fails the job', () => {
    const { body } = readTemplate();
    const artifacts = body[JOB_KEY]?.artifacts;
    expect(artifacts?.reports.dotenv).toBe('hands-off/one-box-deploy.env');
    // hands-off/: summary, decision log, the post's one-box-deploy.state.json; .hands-off/: the
    // command target's default state file.
    expect(artifacts?.paths).toEqual(['hands-off/', '.hands-off/']);
    expect(artifacts?.when).toBe('always');
    expect(artifacts?.expose_as).toMatch(/^\w[-\w ]*$/);
  });

  it('shows a usage example in its header that is a valid pipeline passing only declared inputs', () => {
    const { spec } = readTemplate();
    const example = headerExample();
    expect(gitlabCi(example)).toEqual([]);
    const given = (example.include ?? []).flatMap((entry) => Object.keys(entry.inputs ?? {}));
    expect(given).toEqual(expect.arrayContaining(['job-stage', 'stage', 'revision']));
    expect(given.filter((name) => !(name in spec.spec.inputs))).toEqual([]);
    expect(example['deploy-one-box']).toMatchObject({ environment: 'production' });
  });

  it('says in its header that github-token has no GitLab meaning and the job environment is the record', () => {
    expect(header()).toMatch(/`github-token` has no meaning on GitLab/);
    expect(header()).toMatch(/`environment:`/);
  });
});

describe('one-box-deploy component under gitlab-ci-local (shell executor, Node 24)', () => {
  const pipelines = componentPipelines('one-box-deploy', 'ONE_BOX_DEPLOY_');
  let fleet: LocalFleet;
  let stateDir: string;

  beforeAll(() => {
    requireGitlabCiLocal();
  });
  beforeEach(async () => {
    fleet = await startLocalFleet(2, 'v1');
    stateDir = mkdtempSync(join(tmpdir(), 'hands-off-state-'));
  });
  afterEach(async () => {
    await fleet.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  afterAll(() => {
    pipelines.cleanup();
  });

  it('deploys v2 to the one box with the command target and hands ONE_BOX_DEPLOY_* to a `needs:` job', async () => {
    const script = (name: string): string => `${process.execPath} ${join(ROOT, 'test/support', name)}`;
    const run = await pipelines.run({
      job: 'one-box-deploy',
      inputs: {
        target: 'command',
        revision: 'v2',
        hosts: fleet.hosts.join('\n'),
        'deploy-command': script('fleet-deploy.mjs'),
        'health-command': script('fleet-health.mjs'),
        'state-file': join(stateDir, 'command-target.json'),
      },
      variables: { FLEET_DIR: fleet.dir },
    });

    expectPipelinePassed(run);
    expect(run.output).toContain(`one-box-deploy $ ${NODE24} dist/cli/index.js one-box-deploy`);
    expect(run.output).toMatch(/PASS\s+one-box-deploy/);
    expect(run.output).toMatch(new RegExp(`PASS\\s+${NEEDS_JOB}`));
    // Not canceled: the after_script started no post run.
    expect(run.output).not.toContain('one-box-deploy (post)');
    expect(run.received).toMatchObject({
      ONE_BOX_DEPLOY_STATUS: 'Succeeded',
      ONE_BOX_DEPLOY_REVISION: 'v2',
    });
    const keys = DEPLOY_OUTPUTS.map((name) => dotenvKey('one-box-deploy', name));
    expect(Object.keys(run.received ?? {}).filter((key) => !keys.includes(key))).toEqual([]);
    // The one box serves v2; the rest of the fleet still v1.
    expect(await fleet.serving(fleet.hosts[0] as string)).toBe('v2');
    expect(await fleet.serving(fleet.hosts[1] as string)).toBe('v1');

    expect(run.artifact('one-box-deploy', 'hands-off/one-box-deploy-summary.md')).toContain('v2');
    expect(run.artifact('one-box-deploy', 'hands-off/one-box-deploy.env')).toContain(
      'ONE_BOX_DEPLOY_STATUS=Succeeded\n',
    );
    expect(lastDecision(run, 'one-box-deploy')).toMatchObject({
      step: 'one-box-deploy',
      platform: 'gitlab',
      actor: 'release-bot',
      exitCode: 0,
    });
  });
});
