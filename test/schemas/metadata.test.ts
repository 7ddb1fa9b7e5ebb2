import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  WINDOW_GUARD_INPUTS,
  WINDOW_GUARD_OUTPUTS,
  loadConfig,
  parseWindowGuardInputs,
  resolveInputs,
} from '@hands-off/core';
import { parse } from 'yaml';
import { ROOT } from '../support/run-action.js';
import { readYamlDocuments, sharedSchema } from '../support/shared-schemas.js';

interface ActionMetadata {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}
interface Workflow {
  jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
}
interface Pipeline {
  include?: { component?: string; inputs?: Record<string, unknown> }[];
}

const EXAMPLE_CONFIG = join(ROOT, 'examples/hands-off.yml');
const GITLAB_EXAMPLE = join(ROOT, 'examples/gitlab/.gitlab-ci.yml');
const actionFiles = readdirSync(join(ROOT, 'actions'))
  .map((step) => join(ROOT, 'actions', step, 'action.yml'))
  .filter((path) => existsSync(path));
const workflowFiles = readdirSync(join(ROOT, 'examples/github'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(ROOT, 'examples/github', name));

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

const windowGuardAction = (): ActionMetadata => readYaml(join(ROOT, 'actions/window-guard/action.yml'));

describe('metadata and examples validate against the platforms’ schemas', () => {
  const actionSchema = sharedSchema('github-action.schema.json');
  const workflowSchema = sharedSchema('github-workflow.schema.json');
  const gitlabSchema = sharedSchema('gitlab-ci.schema.json');

  it('finds the files it checks', () => {
    expect(actionFiles.map((path) => path.slice(ROOT.length + 1))).toContain(
      'actions/window-guard/action.yml',
    );
    expect(workflowFiles.map((path) => path.slice(ROOT.length + 1)).sort()).toEqual(
      expect.arrayContaining(['examples/github/window-guard-wait.yml', 'examples/github/window-guard.yml']),
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

  it('examples/gitlab/.gitlab-ci.yml is a valid GitLab CI pipeline', () => {
    const documents = readYamlDocuments(GITLAB_EXAMPLE);
    expect(documents).toHaveLength(1);
    expect(gitlabSchema(documents[0])).toEqual([]);
  });

  it('the schemas refuse broken files (the checks above can fail)', () => {
    const action = windowGuardAction();
    expect(actionSchema({ ...action, runs: { using: 'node24' } })).not.toEqual([]);
    expect(actionSchema({ ...action, inputs: { mode: { descriptio: 'typo' } } })).not.toEqual([]);
    const workflow = readYaml<Workflow>(workflowFiles[0] as string);
    expect(workflowSchema({ ...workflow, permissions: { 'id-token': 'admin' } })).not.toEqual([]);
    expect(gitlabSchema({ deploy: { stage: 'deploy', script: 'true', needs: 'build' } })).not.toEqual([]);
  });
});

describe('window-guard metadata matches the step', () => {
  it('action.yml declares config, environment and then the step inputs, in order', () => {
    expect(Object.keys(windowGuardAction().inputs ?? {})).toEqual([
      'config',
      'environment',
      ...WINDOW_GUARD_INPUTS.map((spec) => spec.name),
    ]);
  });

  it('action.yml declares the step outputs, in order', () => {
    expect(Object.keys(windowGuardAction().outputs ?? {})).toEqual([...WINDOW_GUARD_OUTPUTS]);
  });

  it.each(WINDOW_GUARD_INPUTS.filter((spec) => spec.fromConfig).map((spec) => [spec.name]))(
    'action.yml gives `%s` no default: the runner would fill it in and the config file value would never apply',
    (name) => {
      const input = windowGuardAction().inputs?.[name];
      expect(input).toBeDefined();
      expect(input).not.toHaveProperty('default');
    },
  );

  it('the GitLab component declares every input of action.yml under the same name', () => {
    const [header] = readYamlDocuments(join(ROOT, 'templates/window-guard.yml')) as [
      { spec: { inputs: Record<string, unknown> } },
    ];
    expect(Object.keys(header.spec.inputs)).toEqual(
      expect.arrayContaining(Object.keys(windowGuardAction().inputs ?? {})),
    );
  });

  it('the example workflows pass window-guard only inputs that action.yml declares', () => {
    const declared = Object.keys(windowGuardAction().inputs ?? {});
    const given = workflowFiles.flatMap((path) =>
      Object.values(readYaml<Workflow>(path).jobs)
        .flatMap((job) => job.steps ?? [])
        .filter((step) => step.uses?.startsWith('hands-off/hands-off/actions/window-guard@'))
        .flatMap((step) => Object.keys(step.with ?? {})),
    );
    expect(given.length).toBeGreaterThan(0);
    expect(given.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('the example pipeline passes the component only inputs its spec declares (GitLab rejects unknown ones)', () => {
    const [header] = readYamlDocuments(join(ROOT, 'templates/window-guard.yml')) as [
      { spec: { inputs: Record<string, unknown> } },
    ];
    const includes = (readYamlDocuments(GITLAB_EXAMPLE)[0] as Pipeline).include ?? [];
    const components = includes.filter((entry) => /\/window-guard@/.test(entry.component ?? ''));
    expect(components.length).toBeGreaterThan(0);
    const given = components.flatMap((entry) => Object.keys(entry.inputs ?? {}));
    expect(given.filter((name) => !(name in header.spec.inputs))).toEqual([]);
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
