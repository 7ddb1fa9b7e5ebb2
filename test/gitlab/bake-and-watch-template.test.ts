import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BAKE_INPUTS, BAKE_OUTPUTS } from '@hands-off/core';
import { dotenvKey, envName } from '@hands-off/runtime-cli';
import { parse } from 'yaml';
import {
  NEEDS_JOB,
  componentPipelines,
  expectPipelinePassed,
  lastDecision,
  requireGitlabCiLocal,
} from '../support/gitlab-pipeline.js';
import { startProbeTarget, type ProbeTarget } from '../support/probe-target.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const TEMPLATE = join(ROOT, 'templates/bake-and-watch.yml');
const STEP_INPUTS = ['config', 'environment', ...BAKE_INPUTS.map((spec) => spec.name)];
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

/**
 * The usage examples in the header comment: each run of `#   ` lines (a code block indented under
 * `#`), uncommented and read as a pipeline.
 */
function headerExamples(): Pipeline[] {
  const header = readFileSync(TEMPLATE, 'utf8').split(/^spec:$/m)[0] ?? '';
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of header.split('\n')) {
    const code = /^# {3}(.*)$/.exec(line);
    const blank = line === '#';
    if (code) (current ??= []).push(code[1] as string);
    else if (blank && current) current.push('');
    else if (current) {
      blocks.push(current);
      current = undefined;
    }
  }
  if (current) blocks.push(current);
  return blocks.map((lines) => parse(lines.join('\n')) as Pipeline);
}

describe('templates/bake-and-watch.yml (GitLab CI/CD component)', () => {
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
    expect(gitlabCi({ spec: { inputs: { mode: { type: 'text' } } } })).not.toEqual([]);
    expect(
      gitlabCi({ spec: { inputs: { ...spec.spec.inputs, mode: { default: '', options: 'enforce' } } } }),
    ).not.toEqual([]);
    expect(
      gitlabCi({ 'bake-and-watch': { ...job, artifacts: { ...job?.artifacts, when: 'sometimes' } } }),
    ).not.toEqual([]);
    expect(gitlabCi({ 'bake-and-watch': { ...job, allow_failure: { exit_codes: 'three' } } })).not.toEqual(
      [],
    );
  });

  it('declares every input of the step (BAKE_INPUTS, config, environment), plus stage, job-name, image, command and output-prefix', () => {
    const { spec } = readTemplate();
    expect(Object.keys(spec.spec.inputs)).toEqual(COMPONENT_INPUTS);
  });

  it("defaults every step input to '' so that the config file, then the step, supply the defaults", () => {
    const { spec } = readTemplate();
    for (const name of STEP_INPUTS) {
      expect({ name, default: spec.spec.inputs[name]?.default }).toEqual({ name, default: '' });
      // A string input: GitLab refuses a non-string value before the pipeline starts.
      expect(spec.spec.inputs[name]?.type ?? 'string').toBe('string');
    }
    expect(spec.spec.inputs['output-prefix']?.default).toBe('BAKE_AND_WATCH');
    expect(spec.spec.inputs['job-name']?.default).toBe('bake-and-watch');
  });

  it('restricts enum inputs to their values (or empty) so GitLab rejects a typo when the pipeline is created', () => {
    const { spec } = readTemplate();
    expect(spec.spec.inputs.mode?.options).toEqual(['', 'enforce', 'dry-run']);
    expect(spec.spec.inputs['no-data']?.options).toEqual(['', 'extend', 'fail', 'ignore']);
  });

  it('passes each step input to the CLI as its HANDS_OFF_<INPUT> variable, and nothing else', () => {
    const { body } = readTemplate();
    const job = body[JOB_KEY];
    const expected = Object.fromEntries(
      [...CLI_INPUTS, ...STEP_INPUTS].map((name) => [envName(name), `$[[ inputs.${name} ]]`]),
    );
    expect(job?.variables).toEqual(expected);
    expect(job?.script).toEqual(['$[[ inputs.command ]] bake-and-watch']);
    expect(job?.stage).toBe('$[[ inputs.stage ]]');
    expect(job?.image).toBe('$[[ inputs.image ]]');
  });

  it('interpolates only declared inputs (GitLab fails on an unknown key) and uses every one it declares', () => {
    const text = readFileSync(TEMPLATE, 'utf8').split(/^---$/m)[1] ?? '';
    const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...COMPONENT_INPUTS].sort());
  });

  it('keeps the dotenv report, summary and decision log as artifacts even when the bake fails the job', () => {
    const { body } = readTemplate();
    const artifacts = body[JOB_KEY]?.artifacts;
    // The CLI writes `<output-dir>/bake-and-watch.env` with output-dir `hands-off` by default.
    expect(artifacts?.reports.dotenv).toBe('hands-off/bake-and-watch.env');
    expect(artifacts?.paths).toEqual(['hands-off/']);
    expect(artifacts?.when).toBe('always');
    expect(artifacts?.expose_as).toMatch(/^\w[-\w ]*$/);
  });

  it('leaves the timeout to the pipeline and says it must exceed max-duration', () => {
    const { body } = readTemplate();
    expect(body[JOB_KEY]).not.toHaveProperty('timeout');
    const header = readFileSync(TEMPLATE, 'utf8').split(/^spec:$/m)[0] ?? '';
    expect(header).toMatch(/timeout`? above `max-duration`/);
  });

  it('shows usage examples in its header that are valid pipelines passing only declared inputs', () => {
    const { spec } = readTemplate();
    const examples = headerExamples();
    expect(examples).toHaveLength(2);
    for (const example of examples) {
      expect(gitlabCi(example)).toEqual([]);
      const given = (example.include ?? []).flatMap((entry) => Object.keys(entry.inputs ?? {}));
      expect(given.length).toBeGreaterThan(0);
      expect(given.filter((name) => !(name in spec.spec.inputs))).toEqual([]);
    }
  });

  it('documents the checkpoint pattern: cache per commit saved always, exit code 3 allowed, promotion checks the verdict', () => {
    const [, scheduled] = headerExamples();
    expect(scheduled?.include?.[0]?.inputs).toMatchObject({
      checkpoint: expect.any(String),
      'run-for': '2m',
    });
    expect(scheduled?.['bake-and-watch']).toMatchObject({
      rules: [{ if: '$CI_PIPELINE_SOURCE == "schedule"' }],
      cache: { key: 'bake-$CI_COMMIT_SHA', when: 'always' },
      allow_failure: { exit_codes: [3] },
    });
    // GitLab runs a job that `needs:` an allowed-to-fail job even after it failed: the promotion
    // must refuse anything but healthy by itself (see the gitlab-ci-local run below).
    const promote = scheduled?.promote as { needs: string[]; script: string[] };
    expect(promote.needs).toEqual(['bake-and-watch']);
    expect(promote.script[0]).toContain('"$BAKE_AND_WATCH_VERDICT" = healthy');
  });
});

describe('bake-and-watch component under gitlab-ci-local (shell executor, Node 24)', () => {
  const pipelines = componentPipelines('bake-and-watch', 'BAKE_AND_WATCH_');
  let target: ProbeTarget;

  beforeAll(() => {
    requireGitlabCiLocal();
  });
  beforeEach(async () => {
    target = await startProbeTarget();
  });
  afterEach(async () => {
    await target.stop();
  });
  afterAll(() => {
    pipelines.cleanup();
  });

  /** A short bake of one probe at the loopback target (no cloud). */
  const bake = (): Record<string, string> => ({
    duration: '2s',
    'poll-interval': '1s',
    probes: `GET ${target.url} 200 <500ms`,
  });

  it('bakes healthy and hands every output to a `needs:` job as BAKE_AND_WATCH_* dotenv variables', async () => {
    const run = await pipelines.run({ job: 'bake-and-watch', inputs: bake() });

    expectPipelinePassed(run);
    expect(run.output).toContain(`bake-and-watch $ ${NODE24} dist/cli/index.js bake-and-watch`);
    expect(run.output).toMatch(/PASS\s+bake-and-watch/);
    expect(run.output).toMatch(new RegExp(`PASS\\s+${NEEDS_JOB}`));
    // An immediate poll, then one a second until the 2 s have passed.
    expect(target.requests.length).toBeGreaterThanOrEqual(3);
    expect(run.received).toMatchObject({
      BAKE_AND_WATCH_VERDICT: 'healthy',
      BAKE_AND_WATCH_REASON: expect.stringMatching(/^baked 2s; 1 signal\(s\) clean/),
      BAKE_AND_WATCH_ELAPSED: expect.stringMatching(/^[23]$/),
      BAKE_AND_WATCH_DECISION_LOG: 'hands-off/decision-log.jsonl',
    });
    // `traffic` is empty without a traffic input; a dotenv variable may arrive empty or not at all.
    const keys = BAKE_OUTPUTS.map((name) => dotenvKey('bake-and-watch', name));
    expect(Object.keys(run.received ?? {}).filter((key) => !keys.includes(key))).toEqual([]);
    expect(run.received?.BAKE_AND_WATCH_TRAFFIC ?? '').toBe('');

    expect(run.artifact('bake-and-watch', 'hands-off/bake-and-watch-summary.md')).toMatch(
      /^## bake-and-watch: .*healthy/,
    );
    expect(run.artifact('bake-and-watch', 'hands-off/bake-and-watch.env')).toContain(
      'BAKE_AND_WATCH_VERDICT=healthy\n',
    );
    expect(lastDecision(run, 'bake-and-watch')).toMatchObject({
      step: 'bake-and-watch',
      platform: 'gitlab',
      actor: 'release-bot',
      verdict: 'healthy',
      exitCode: 0,
      inputs: {
        duration: { value: '2s', source: 'input' },
        'poll-interval': { value: '1s', source: 'input' },
        mode: { value: 'enforce', source: 'default' },
      },
    });
  });

  it('in dry-run, a failing probe gives verdict unhealthy to the `needs:` job without failing the pipeline', async () => {
    target.failing(500);
    const run = await pipelines.run({ job: 'bake-and-watch', inputs: { ...bake(), mode: 'dry-run' } });

    expectPipelinePassed(run);
    expect(run.output).toMatch(/PASS\s+bake-and-watch/);
    expect(run.received?.BAKE_AND_WATCH_VERDICT).toBe('unhealthy');
    expect(run.received?.BAKE_AND_WATCH_REASON).toContain('answered HTTP 500, expected 200');
    // Unhealthy ends the bake at the breaching poll, not at `duration`.
    expect(run.received?.BAKE_AND_WATCH_ELAPSED).toBe('0');
    expect(lastDecision(run, 'bake-and-watch')).toMatchObject({ verdict: 'unhealthy', exitCode: 0 });
  });

  it('runs a checkpointed bake as slices: exit code 3 is allowed, the `needs:` job still starts (so it must check the verdict), the next pipeline resumes to healthy', async () => {
    const checkpoint = '.hands-off/bake-checkpoint.json';
    const first = await pipelines.run({
      job: 'bake-and-watch',
      inputs: {
        duration: '3s',
        'poll-interval': '1s',
        probes: bake().probes as string,
        checkpoint,
        'run-for': '2s',
      },
      // As the component's header advises for scheduled slices. The shell executor runs in the
      // project directory, so the checkpoint survives here without the cache.
      jobOverrides: {
        cache: { key: 'bake-$CI_COMMIT_SHA', paths: ['.hands-off/'], when: 'always' },
        allow_failure: { exit_codes: [3] },
      },
    });

    expectPipelinePassed(first);
    expect(first.output).toMatch(/WARN\s+bake-and-watch/);
    // The job that needs the bake ran although the bake did not succeed: only the verdict tells.
    expect(first.received?.BAKE_AND_WATCH_VERDICT).toBe('baking');
    expect(lastDecision(first, 'bake-and-watch')).toMatchObject({ verdict: 'baking', exitCode: 3 });

    const second = await pipelines.rerun(first);

    expectPipelinePassed(second);
    expect(second.output).toContain(`bake: resuming from ${join(first.dir, checkpoint)}`);
    expect(second.output).toMatch(/PASS\s+bake-and-watch/);
    expect(second.received?.BAKE_AND_WATCH_VERDICT).toBe('healthy');
    expect(Number(second.received?.BAKE_AND_WATCH_ELAPSED)).toBeGreaterThanOrEqual(3);
  });
});
