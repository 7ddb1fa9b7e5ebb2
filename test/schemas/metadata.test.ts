import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  BAKE_INPUTS,
  DEPLOY_INPUTS,
  DEPLOY_OUTPUTS,
  ROLLBACK_INPUTS,
  ROLLBACK_OUTPUTS,
  BAKE_OUTPUTS,
  WINDOW_GUARD_INPUTS,
  WINDOW_GUARD_OUTPUTS,
  loadConfig,
  parseBakeInputs,
  parseWindowGuardInputs,
  resolveInputs,
  type InputSpec,
  STAGE_INPUTS,
  STAGE_OUTPUTS,
} from '@hands-off/core';
import { parse } from 'yaml';
import { ROOT, actionYml } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

interface ActionMetadata {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}
interface WorkflowStep {
  id?: string;
  uses?: string;
  if?: string;
  run?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: unknown;
}
interface Workflow {
  on?: Record<string, unknown>;
  jobs: Record<
    string,
    {
      if?: string;
      needs?: string | string[];
      outputs?: Record<string, string>;
      steps?: WorkflowStep[];
      strategy?: { matrix?: Record<string, unknown> };
    }
  >;
}
interface Pipeline {
  include?: { component?: string; inputs?: Record<string, unknown> }[];
}

const EXAMPLE_CONFIG = join(ROOT, 'examples/hands-off.yml');
/** Every example pipeline (the directory holds dotfiles like .gitlab-ci.yml). */
const pipelineFiles = readdirSync(join(ROOT, 'examples/gitlab'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(ROOT, 'examples/gitlab', name));
const actionFiles = [
  join(ROOT, 'action.yml'),
  ...readdirSync(join(ROOT, 'actions'))
    .map((step) => join(ROOT, 'actions', step, 'action.yml'))
    .filter((path) => existsSync(path)),
];
const workflowFiles = readdirSync(join(ROOT, 'examples/github'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(ROOT, 'examples/github', name));

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

const readAction = (step: string): ActionMetadata => readYaml(actionYml(step));
const windowGuardAction = (): ActionMetadata => readAction('window-guard');

/** Every step of the example workflows that uses `actions/<step>`, with the id of its job. */
function exampleSteps(step: string): { file: string; job: string; step: WorkflowStep }[] {
  return workflowFiles.flatMap((path) =>
    Object.entries(readYaml<Workflow>(path).jobs).flatMap(([job, { steps }]) =>
      (steps ?? [])
        .filter((entry) =>
          entry.uses?.startsWith(
            step === 'stage' ? 'hands-off/hands-off@' : `hands-off/hands-off/actions/${step}@`,
          ),
        )
        .map((entry) => ({ file: path.slice(ROOT.length + 1), job, step: entry })),
    ),
  );
}

/** The inputs of every include of `templates/<step>.yml` in the example pipelines. */
function exampleComponents(step: string): { file: string; inputs: Record<string, unknown> }[] {
  return pipelineFiles.flatMap((path) =>
    ((readYamlDocuments(path)[0] as Pipeline).include ?? [])
      .filter((entry) => new RegExp(`/${step}@`).test(entry.component ?? ''))
      .map((entry) => ({ file: path.slice(ROOT.length + 1), inputs: entry.inputs ?? {} })),
  );
}

/** The header (first document) of the GitLab component `templates/<step>.yml`. */
function componentSpec(step: string): { spec: { inputs: Record<string, unknown> } } {
  return readYamlDocuments(join(ROOT, 'templates', `${step}.yml`))[0] as {
    spec: { inputs: Record<string, unknown> };
  };
}

describe('metadata and examples validate against the platforms’ schemas', () => {
  const actionSchema = thirdPartySchema('github-action.schema.json');
  const workflowSchema = thirdPartySchema('github-workflow.schema.json');
  const gitlabSchema = thirdPartySchema('gitlab-ci.schema.json');

  it('finds the files it checks', () => {
    expect(actionFiles.map((path) => path.slice(ROOT.length + 1))).toEqual(
      expect.arrayContaining(['actions/window-guard/action.yml', 'actions/bake-and-watch/action.yml']),
    );
    expect(workflowFiles.map((path) => path.slice(ROOT.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        'examples/github/window-guard-wait.yml',
        'examples/github/window-guard.yml',
        'examples/github/bake-and-watch-cloudwatch.yml',
        'examples/github/bake-and-watch-prometheus.yml',
        'examples/github/bake-12h-scheduled.yml',
      ]),
    );
    expect(pipelineFiles.map((path) => path.slice(ROOT.length + 1)).sort()).toEqual(
      expect.arrayContaining([
        'examples/gitlab/.gitlab-ci.yml',
        'examples/gitlab/bake-and-watch.gitlab-ci.yml',
      ]),
    );
  });

  it.each(actionFiles.map((path) => [path.slice(ROOT.length + 1), path]))(
    '%s is valid GitHub action metadata',
    (_name, path) => {
      expect(actionSchema(readYaml(path))).toEqual([]);
    },
  );

  it.each(workflowFiles.map((path) => [path.slice(ROOT.length + 1), path]))(
    '%s is a valid GitHub workflow',
    (_name, path) => {
      expect(workflowSchema(readYaml(path))).toEqual([]);
    },
  );

  it.each(pipelineFiles.map((path) => [path.slice(ROOT.length + 1), path]))(
    '%s is a valid GitLab CI pipeline',
    (_name, path) => {
      const documents = readYamlDocuments(path);
      expect(documents).toHaveLength(1);
      expect(gitlabSchema(documents[0])).toEqual([]);
    },
  );

  it('the schemas refuse broken files (the checks above can fail)', () => {
    const action = windowGuardAction();
    expect(actionSchema({ ...action, runs: { using: 'node24' } })).not.toEqual([]);
    expect(actionSchema({ ...action, inputs: { mode: { descriptio: 'typo' } } })).not.toEqual([]);
    expect(actionSchema({ ...readAction('bake-and-watch'), outputs: { verdict: {} } })).not.toEqual([]);
    const workflow = readYaml<Workflow>(workflowFiles[0] as string);
    expect(workflowSchema({ ...workflow, permissions: { 'id-token': 'admin' } })).not.toEqual([]);
    expect(gitlabSchema({ deploy: { stage: 'deploy', script: 'true', needs: 'build' } })).not.toEqual([]);
    expect(
      gitlabSchema({
        bake: { script: 'true', cache: { key: 'k', paths: ['.hands-off/'], when: 'sometimes' } },
      }),
    ).not.toEqual([]);
  });
});

describe.each([
  { step: 'window-guard', inputs: WINDOW_GUARD_INPUTS, outputs: WINDOW_GUARD_OUTPUTS as readonly string[] },
  { step: 'bake-and-watch', inputs: BAKE_INPUTS, outputs: BAKE_OUTPUTS as readonly string[] },
  { step: 'stage', inputs: STAGE_INPUTS, outputs: STAGE_OUTPUTS as readonly string[] },
])('$step metadata matches the step', ({ step, inputs, outputs }) => {
  const action = (): ActionMetadata => readAction(step);

  it('action.yml declares config, environment and then the step inputs, in order', () => {
    expect(Object.keys(action().inputs ?? {})).toEqual([
      'config',
      'environment',
      ...inputs.map((spec: InputSpec) => spec.name),
    ]);
  });

  it('action.yml declares the step outputs, in order', () => {
    expect(Object.keys(action().outputs ?? {})).toEqual([...outputs]);
  });

  it.each(inputs.filter((spec: InputSpec) => spec.fromConfig).map((spec: InputSpec) => [spec.name]))(
    'action.yml gives `%s` no default: the runner would fill it in and the config file value would never apply',
    (name) => {
      const input = action().inputs?.[name];
      expect(input).toBeDefined();
      expect(input).not.toHaveProperty('default');
    },
  );

  it('the GitLab component declares every input of action.yml under the same name', () => {
    expect(Object.keys(componentSpec(step).spec.inputs)).toEqual(
      expect.arrayContaining(Object.keys(action().inputs ?? {})),
    );
  });

  it(`the example workflows pass ${step} only inputs that action.yml declares`, () => {
    const declared = Object.keys(action().inputs ?? {});
    const given = exampleSteps(step).flatMap(({ step: entry }) => Object.keys(entry.with ?? {}));
    expect(given.length).toBeGreaterThan(0);
    expect(given.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('the example pipelines pass the component only inputs its spec declares (GitLab rejects unknown ones)', () => {
    const declared = componentSpec(step).spec.inputs;
    const components = exampleComponents(step);
    expect(components.length).toBeGreaterThan(0);
    const given = components.flatMap((entry) => Object.keys(entry.inputs));
    expect(given.filter((name) => !(name in declared))).toEqual([]);
  });
});

describe('bake-and-watch examples', () => {
  const noConfig = { path: '', environment: '', values: {}, overrideActors: [] };
  /** An example's inputs as the step reads them; `${{ … }}` expressions stand for a plain value. */
  const parseExample = (
    given: Record<string, unknown>,
    config: Awaited<ReturnType<typeof loadConfig>> = noConfig,
  ): ReturnType<typeof parseBakeInputs> =>
    parseBakeInputs(
      resolveInputs(
        BAKE_INPUTS,
        (name) => String(given[name] ?? '').replace(/\$\{\{[^}]*\}\}/g, 'expression'),
        config,
      ),
    );

  /**
   * The config entries a step reads when it names a config file of the repository and an
   * environment (each of the job's matrix for `${{ matrix.environment }}`); no config otherwise.
   */
  async function configsOf(file: string, job: string, given: Record<string, unknown>) {
    if (typeof given.config !== 'string' || typeof given.environment !== 'string') return [noConfig];
    const matrix = readYaml<Workflow>(join(ROOT, file)).jobs[job]?.strategy?.matrix?.environment;
    const environments =
      given.environment === '${{ matrix.environment }}' ? (matrix as string[]) : [given.environment];
    expect(environments.length).toBeGreaterThan(0);
    return Promise.all(
      environments.map((environment) => loadConfig(ROOT, given.config as string, environment)),
    );
  }

  it.each(
    exampleSteps('bake-and-watch').map(({ file, job, step }): [string, string, Record<string, unknown>] => [
      file,
      job,
      step.with ?? {},
    ]),
  )('%s (%s) gives inputs the step accepts, with the config entry it names', async (file, job, given) => {
    for (const config of await configsOf(file, job, given)) {
      expect(() => parseExample(given as Record<string, unknown>, config)).not.toThrow();
    }
  });

  it.each(exampleComponents('bake-and-watch').map(({ file, inputs }) => [file, inputs]))(
    '%s gives the component inputs the step accepts, all strings',
    (_file, given) => {
      const inputs = given as Record<string, unknown>;
      // GitLab refuses a number for a string input when the pipeline is created.
      expect(Object.values(inputs).filter((value) => typeof value !== 'string')).toEqual([]);
      expect(() => parseExample(inputs)).not.toThrow();
    },
  );

  it('the CloudWatch example bakes 30m with 100 requests and rolls back on failure', () => {
    const [bake] = exampleSteps('bake-and-watch').filter(
      ({ file }) => file === 'examples/github/bake-and-watch-cloudwatch.yml',
    );
    const options = parseExample(bake?.step.with ?? {});
    expect(options).toMatchObject({ durationMs: 30 * 60_000, minTraffic: 100 });
    expect(options.alarms.prefixes).toEqual(['shop-prod-']);
    expect(options.traffic).toMatchObject({ backend: 'cloudwatch' });
    const workflow = readYaml<Workflow>(join(ROOT, 'examples/github/bake-and-watch-cloudwatch.yml'));
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
    const bakeAt = steps.findIndex((entry) => entry.id === 'bake');
    expect(steps.slice(bakeAt + 1).some((entry) => entry.if === 'failure()')).toBe(true);
  });

  it('no example lets a failed bake step pass unseen: continue-on-error makes exit code 3 (not decided yet) a success, so only a job that hands the verdict on to jobs that check it may use it', () => {
    const steps = exampleSteps('bake-and-watch');
    expect(steps.filter(({ step }) => step['continue-on-error'] === undefined).length).toBeGreaterThanOrEqual(
      3,
    );
    // The checkpointed slices of the generated pipeline (hands-off generate github): the next slice
    // runs only while the verdict is `baking`, the gate only passes `healthy`.
    for (const { file, job, step } of steps.filter(({ step }) => step['continue-on-error'] !== undefined)) {
      const jobs = readYaml<Workflow>(join(ROOT, file)).jobs;
      expect({ file, job, verdict: jobs[job]?.outputs?.verdict }).toEqual({
        file,
        job,
        verdict: `\${{ steps.${step.id ?? ''}.outputs.verdict }}`,
      });
      const after = Object.entries(jobs).filter(([, next]) => [next.needs ?? []].flat().includes(job));
      expect(after.length).toBeGreaterThan(0);
      for (const [name, next] of after) {
        expect({ job: name, checks: JSON.stringify(next).includes(`needs.${job}.outputs.verdict`) }).toEqual({
          job: name,
          checks: true,
        });
      }
    }
  });

  it('the 12-hour example bakes in scheduled slices with a checkpoint cached per commit and promotes only when healthy', () => {
    const workflow = readYaml<Workflow>(join(ROOT, 'examples/github/bake-12h-scheduled.yml'));
    expect(workflow.on).toMatchObject({ schedule: [{ cron: '*/15 * * * *' }] });
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    const steps = workflow.jobs.bake?.steps ?? [];
    const bake = steps.find((entry) => entry.id === 'bake');
    const options = parseExample(bake?.with ?? {});
    expect(options).toMatchObject({ durationMs: 12 * 3_600_000, runForMs: 120_000, pollIntervalMs: 30_000 });
    const restore = steps.find((entry) => entry.uses?.startsWith('actions/cache/restore@'));
    const save = steps.find((entry) => entry.uses?.startsWith('actions/cache/save@'));
    expect(save?.if).toBe('always()');
    // The same file, restored and saved under a key of the deployed commit; the bake reads it.
    expect(restore?.with?.path).toBe(bake?.with?.checkpoint);
    expect(save?.with?.path).toBe(bake?.with?.checkpoint);
    expect(restore?.with?.key).toBe(save?.with?.key);
    expect(String(restore?.with?.['restore-keys'])).toContain('${{ vars.BAKE_SHA }}');
    expect(steps.indexOf(restore as WorkflowStep)).toBeLessThan(steps.indexOf(bake as WorkflowStep));
    expect(steps.indexOf(save as WorkflowStep)).toBeGreaterThan(steps.indexOf(bake as WorkflowStep));
    // Exit code 3 is reported as "not yet" by a later step; the promotion needs a healthy verdict.
    expect(steps.some((entry) => entry.if?.includes("steps.bake.outputs.verdict == 'baking'"))).toBe(true);
    expect(workflow.jobs.bake?.outputs?.verdict).toBe('${{ steps.bake.outputs.verdict }}');
    expect(workflow.jobs.promote).toMatchObject({
      needs: 'bake',
      if: "needs.bake.outputs.verdict == 'healthy'",
    });
  });
});

describe('examples/hands-off.yml', () => {
  it('validates against schemas/hands-off.schema.json', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(readYaml<object>(join(ROOT, 'schemas/hands-off.schema.json')));
    expect(validate(readYaml(EXAMPLE_CONFIG)) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...readYaml<object>(EXAMPLE_CONFIG), defaults: { mode: 'sometimes' } })).toBe(false);
  });

  async function loadExample(environment: string): ReturnType<typeof loadConfig> {
    const workspace = mkdtempSync(join(tmpdir(), 'hands-off-example-config-'));
    mkdirSync(join(workspace, '.github'));
    copyFileSync(EXAMPLE_CONFIG, join(workspace, '.github/hands-off.yml'));
    return loadConfig(workspace, '', environment);
  }

  it('loads production with values inherited from defaults and from staging, which it extends', async () => {
    const config = await loadExample('production');
    expect(config.path).toBe('.github/hands-off.yml');
    expect(config.environment).toBe('production');
    expect(config.overrideActors).toEqual(['alice-oncall', 'bob-sre']);
    expect(config.values).toMatchObject({
      // from defaults
      timezone: 'Europe/Berlin',
      'aws-region': 'eu-central-1',
      'alarm-missing-data': 'block',
      mode: 'enforce',
      // from staging
      holidays: 'DE-BY',
      calendars: '.github/blackdays.ics',
      // production's own, replacing staging's
      allow: 'Mon-Thu 09:00-17:00\nFri 09:00-12:00',
      alarms: 'checkout-api-5xx\ncheckout-api-latency-p99\nprefix:checkout-prod-',
      wait: '30m',
    });
    expect(config.values.deny?.split('\n')).toHaveLength(6);
  });

  it('loads staging without production’s settings', async () => {
    const config = await loadExample('staging');
    expect(config.values).toMatchObject({
      allow: 'Mon-Fri 08:00-18:00',
      wait: '15m',
      alarms: 'prefix:checkout-staging-',
    });
    expect(config.values).not.toHaveProperty('deny');
  });

  it('holds production values the step accepts, with a deny line of every kind', async () => {
    const config = await loadExample('production');
    const options = parseWindowGuardInputs(resolveInputs(WINDOW_GUARD_INPUTS, () => '', config));
    expect(options.timezone).toBe('Europe/Berlin');
    expect(options.allow).toHaveLength(2);
    expect(new Set(options.deny.map((rule) => rule.kind))).toEqual(
      new Set(['dates', 'interval', 'weekly', 'freeze']),
    );
    expect(options.holidays).toEqual(['DE-BY']);
    expect(options.waitMs).toBe(30 * 60_000);
    expect(options.mode).toBe('enforce');
  });
});

describe.each([
  { step: 'one-box-deploy', inputs: DEPLOY_INPUTS, outputs: DEPLOY_OUTPUTS as readonly string[] },
  { step: 'rollback', inputs: ROLLBACK_INPUTS, outputs: ROLLBACK_OUTPUTS as readonly string[] },
])(
  '$step action.yml and GitLab component match the step (its examples are still to come)',
  ({ step, inputs, outputs }) => {
    const action = (): ActionMetadata => readAction(step);

    it('declares config, environment and then the step inputs, in order, and the outputs', () => {
      expect(Object.keys(action().inputs ?? {})).toEqual([
        'config',
        'environment',
        ...inputs.map((spec: InputSpec) => spec.name),
      ]);
      expect(Object.keys(action().outputs ?? {})).toEqual([...outputs]);
    });

    it('declares no default at all: the step applies its defaults after the config file', () => {
      for (const input of Object.values(action().inputs ?? {})) expect(input).not.toHaveProperty('default');
    });

    it('the GitLab component declares every input of action.yml under the same name', () => {
      expect(Object.keys(componentSpec(step).spec.inputs)).toEqual(
        expect.arrayContaining(Object.keys(action().inputs ?? {})),
      );
    });
  },
);
