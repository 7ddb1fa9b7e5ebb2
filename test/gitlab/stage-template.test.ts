import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { STAGE_INPUTS, STAGE_OUTPUTS } from '@hands-off/core';
import { dotenvKey, envName } from '@hands-off/runtime-cli';
import {
  NEEDS_JOB,
  componentPipelines,
  expectPipelinePassed,
  lastDecision,
  requireGitlabCiLocal,
} from '../support/gitlab-pipeline.js';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { ROOT } from '../support/run-action.js';
import { componentHeaderExample } from '../support/gitlab-component.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const TEMPLATE = join(ROOT, 'templates/stage.yml');
const STEP_INPUTS = ['config', 'environment', ...STAGE_INPUTS.map((spec) => spec.name)];
const COMPONENT_INPUTS = ['job-stage', 'job-name', 'image', 'command', 'output-prefix', ...STEP_INPUTS];
const JOB_KEY = '$[[ inputs.job-name ]]';

interface SpecDocument {
  spec: { inputs: Record<string, { default?: unknown; options?: unknown[]; regex?: string }> };
}
type JobDocument = Record<
  string,
  {
    stage: string;
    variables: Record<string, string>;
    script: string[];
    after_script: string[];
    artifacts: { paths: string[]; reports: { dotenv: string }; when: string };
  }
>;

function readTemplate(): { spec: SpecDocument; body: JobDocument } {
  const documents = readYamlDocuments(TEMPLATE);
  expect(documents).toHaveLength(2);
  return { spec: documents[0] as SpecDocument, body: documents[1] as JobDocument };
}

const headerExample = (): Record<string, unknown> & { include?: { inputs?: Record<string, unknown> }[] } =>
  componentHeaderExample(TEMPLATE);

describe('templates/stage.yml (GitLab CI/CD component of the whole stage)', () => {
  const gitlabCi = thirdPartySchema('gitlab-ci.schema.json');

  it('validates against the GitLab CI schema, header and job', () => {
    const { spec, body } = readTemplate();
    expect(gitlabCi(spec)).toEqual([]);
    expect(gitlabCi(body)).toEqual([]);
  });

  it("declares the stage's inputs, each defaulting to '' (the config file, then the stage, supply defaults), and passes each as HANDS_OFF_<INPUT>", () => {
    const { spec, body } = readTemplate();
    expect(Object.keys(spec.spec.inputs)).toEqual(COMPONENT_INPUTS);
    for (const name of STEP_INPUTS)
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
    const job = body[JOB_KEY];
    expect(job?.variables).toEqual(
      Object.fromEntries(
        ['output-prefix', ...STEP_INPUTS].map((name) => [envName(name), `$[[ inputs.${name} ]]`]),
      ),
    );
    expect(job?.script).toEqual(['$[[ inputs.command ]] stage']);
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'enforce', 'dry-run']);
    // A token only as a variable reference: a literal token in a pipeline file would be a leak.
    expect(new RegExp(spec.spec.inputs['github-token']?.regex ?? '').test('glpat-literal')).toBe(false);
    expect(new RegExp(spec.spec.inputs['github-token']?.regex ?? '').test('$REVIEW_TOKEN')).toBe(true);
  });

  it('runs the post (HANDS_OFF_POST=true) in after_script only when the job was canceled', () => {
    const { body } = readTemplate();
    const [line] = body[JOB_KEY]?.after_script ?? [];
    const shell = (line ?? '').replace(
      '$[[ inputs.command ]]',
      `sh -c 'echo "HANDS_OFF_POST=$HANDS_OFF_POST $0"'`,
    );
    const run = (status: string) =>
      spawnSync('sh', ['-c', shell], {
        env: { PATH: process.env.PATH ?? '', CI_JOB_STATUS: status },
        encoding: 'utf8',
      }).stdout;
    expect(run('canceled')).toBe('HANDS_OFF_POST=true stage\n');
    for (const status of ['success', 'failed', '']) expect(run(status)).toBe('');
  });

  it('keeps the dotenv report, summary, decision log, state and the state file as artifacts, always', () => {
    const artifacts = readTemplate().body[JOB_KEY]?.artifacts;
    expect(artifacts?.reports.dotenv).toBe('hands-off/stage.env');
    expect(artifacts?.paths).toEqual(['hands-off/', '.hands-off/']);
    expect(artifacts?.when).toBe('always');
  });

  it('interpolates only declared inputs and uses each; its header example is a valid pipeline', () => {
    const text = readFileSync(TEMPLATE, 'utf8').split(/^---$/m)[1] ?? '';
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...COMPONENT_INPUTS].sort());
    const example = headerExample();
    expect(gitlabCi(example)).toEqual([]);
    const given = (example.include ?? []).flatMap((entry) => Object.keys(entry.inputs ?? {}));
    expect(given.filter((name) => !COMPONENT_INPUTS.includes(name))).toEqual([]);
  });
});

describe('stage component under gitlab-ci-local (shell executor, Node 24)', () => {
  const pipelines = componentPipelines('stage', 'STAGE_');
  let fleet: LocalFleet | undefined;
  beforeAll(() => requireGitlabCiLocal());
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });
  afterAll(() => pipelines.cleanup());

  /** A config file outside the project: the fleet on the command target, both bakes probing the box. */
  function configFor(f: LocalFleet): string {
    const dir = mkdtempSync(join(tmpdir(), 'hands-off-stage-config-'));
    const script = (name: string) => `${process.execPath} ${join(ROOT, 'test/support', name)}`;
    const path = join(dir, 'hands-off.yml');
    writeFileSync(
      path,
      `environments:
  production:
    deploy:
      target: command
      hosts: ${JSON.stringify(f.hosts)}
      deploy-command: ${JSON.stringify(script('fleet-deploy.mjs'))}
      health-command: ${JSON.stringify(script('fleet-health.mjs'))}
      state-file: ${JSON.stringify(join(dir, 'command-target.json'))}
      poll-interval: 1s
    one-box:
      bake: { duration: 2s, poll-interval: 1s, probes: 'GET http://${f.hosts[0]}/ 200' }
    fleet:
      batch-size: 1
      min-healthy: 66%
      bake: { duration: 2s, poll-interval: 1s, probes: ${JSON.stringify(f.hosts.map((h) => `GET http://${h}/ 200`))} }
`,
    );
    return path;
  }

  it('promotes v1 then v2 across the fleet and hands STAGE_* to a `needs:` job', async () => {
    fleet = await startLocalFleet(3, 'v0');
    const config = configFor(fleet);
    const inputs = { 'job-name': 'stage', config, environment: 'production' };
    const first = await pipelines.run({
      job: 'stage',
      inputs: { ...inputs, revision: 'v1' },
      variables: { FLEET_DIR: fleet.dir },
    });
    expectPipelinePassed(first);
    const run = await pipelines.run({
      job: 'stage',
      inputs: { ...inputs, revision: 'v2' },
      variables: { FLEET_DIR: fleet.dir },
    });
    expectPipelinePassed(run);
    expect(run.output).toMatch(new RegExp(`PASS\\s+${NEEDS_JOB}`));
    expect(run.received).toMatchObject({
      STAGE_RESULT: 'promoted',
      STAGE_PHASE: 'promote',
      STAGE_REVISION: 'v2',
      STAGE_PREVIOUS_REVISION: 'v1',
    });
    const keys = STAGE_OUTPUTS.map((name) => dotenvKey('stage', name));
    expect(Object.keys(run.received ?? {}).filter((key) => !keys.includes(key))).toEqual([]);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v2', 'v2', 'v2']);
    expect(run.artifact('stage', 'hands-off/stage-summary.md')).toMatch(/```mermaid\ngantt\n/);
    expect(lastDecision(run, 'stage')).toMatchObject({
      step: 'stage',
      verdict: 'promoted',
      platform: 'gitlab',
      exitCode: 0,
    });
  }, 60_000);

  it('a bad revision fails the box health check: the job exits 2, the box is back on v1, the rest never touched', async () => {
    fleet = await startLocalFleet(3, 'v0', ['v-bad']);
    const config = configFor(fleet);
    const inputs = { 'job-name': 'stage', config, environment: 'production' };
    expectPipelinePassed(
      await pipelines.run({
        job: 'stage',
        inputs: { ...inputs, revision: 'v1' },
        variables: { FLEET_DIR: fleet.dir },
      }),
    );
    const run = await pipelines.run({
      job: 'stage',
      inputs: { ...inputs, revision: 'v-bad' },
      variables: { FLEET_DIR: fleet.dir },
      // Let the `needs:` job read the outputs of a refused stage.
      jobOverrides: { allow_failure: { exit_codes: [2] } },
    });
    expect(run.output).toMatch(
      /stage: rolled-back at one-box: one-box: one-box-deploy: Failed: HEALTH_CHECK_FAILED/,
    );
    expect(run.received).toMatchObject({ STAGE_RESULT: 'rolled-back', STAGE_PHASE: 'one-box' });
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1', 'v1']);
  }, 60_000);
});
