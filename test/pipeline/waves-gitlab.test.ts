import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '@hands-off/cli';
import {
  commitAsGitLabProject,
  gitlabCiLocalEntry,
  requireGitlabCiLocal,
  spawnCollect,
} from '../support/gitlab-pipeline.js';
import { NODE24, ROOT } from '../support/run-action.js';

/** The loopback health endpoint every bake probes (39217-39219 are the catalog pipeline's). */
const HEALTHY_PORT = 39231;
/** A port nothing listens on: a probe there is refused, a breach. */
const DEAD_PORT = 39232;

const WAVES = [
  { name: 'canary', environments: ['eu-1'], after: '2s' },
  { name: 'wave-2', environments: ['us-1', 'ap-1'], after: '2s' },
  { name: 'rest', environments: ['us-2', 'eu-2', 'sa-1'] },
];
const ALL = WAVES.flatMap((wave) => wave.environments);

/**
 * Stand-in environments on the command target, as .gitlab/component-tests/stage.yml: hosts are
 * files (fleet-host.mjs), an always-open window, the stage's bakes probing the loopback endpoint.
 * The signals at an entry's top level are the bake between waves; `probeOf` may send one there.
 */
function config(probeOf: (environment: string) => number): string {
  const probe = (port: number): string => `GET http://127.0.0.1:${port}/health 200 <800ms`;
  const bake = `{ duration: 1s, max-duration: 10s, poll-interval: 1s, probes: '${probe(HEALTHY_PORT)}' }`;
  return [
    'pipeline:',
    '  waves:',
    ...WAVES.map(
      (wave) =>
        `    - { name: ${wave.name}, environments: [${wave.environments.join(', ')}]${wave.after ? `, after: ${wave.after}` : ''} }`,
    ),
    'environments:',
    '  shared:',
    '    timezone: Europe/Berlin',
    '    deny: 2001-01-01..2001-01-02',
    '    poll-interval: 1s',
    '    deploy:',
    '      target: command',
    '      deploy-command: node fleet-host.mjs deploy',
    '      health-command: node fleet-host.mjs health',
    '      timeout: 2m',
    `    one-box: { bake: ${bake} }`,
    `    fleet: { batch-size: 1, min-healthy: 50%, bake: ${bake} }`,
    ...ALL.flatMap((environment) => [
      `  ${environment}:`,
      '    extends: shared',
      `    hosts: [${environment}-a, ${environment}-b]`,
      // Each its own: the jobs of a wave run at once, all under the same CI_PROJECT_DIR.
      `    state-file: hands-off/fleet-${environment}.json`,
      `    probes: '${probe(probeOf(environment))}'`,
    ]),
    '',
  ].join('\n');
}

/** A project whose .gitlab-ci.yml is what `hands-off generate gitlab` writes from `text`, at one commit. */
async function project(text: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-waves-gitlab-'));
  for (const path of ['templates', 'dist']) cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  cpSync(join(ROOT, '.gitlab/component-tests/fleet-host.mjs'), join(dir, 'fleet-host.mjs'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, '.gitignore'), '.gitlab-ci-local/\nhands-off/\n.hands-off/\n.component-fleet/\n');
  mkdirSync(join(dir, '.github'));
  writeFileSync(join(dir, '.github/hands-off.yml'), text);
  let err = '';
  const code = await runCli(
    [
      'generate',
      'gitlab',
      '--output',
      '.gitlab-ci.yml',
      // The component of this project at the commit under test, as the catalog pipeline includes it.
      '--component',
      '$CI_SERVER_FQDN/$CI_PROJECT_PATH/stage@$CI_COMMIT_SHA',
      '--command',
      `${NODE24} dist/cli/index.js`,
    ],
    { CI_PROJECT_DIR: dir },
    { out: () => undefined, err: (line) => (err += line) },
  );
  expect({ code, err }).toEqual({ code: 0, err: '' });
  commitAsGitLabProject(dir, 'waves');
  return dir;
}

async function runPipeline(dir: string) {
  return spawnCollect(
    NODE24,
    [gitlabCiLocalEntry(), '--force-shell-executor', '--no-color', '--variable', `CI_PROJECT_DIR=${dir}`],
    {
      cwd: dir,
      env: { PATH: `${dirname(NODE24)}:${process.env.PATH ?? ''}`, HOME: dir, LANG: 'C.UTF-8' },
      timeoutMs: 75_000,
    },
  );
}

/**
 * Where in gitlab-ci-local's log `job` started and finished (offsets; -1 when it did not), and
 * whether the summary at the end says it passed.
 */
function span(output: string, job: string): { start: number; end: number; passed: boolean } {
  const name = job.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    start: output.search(new RegExp(`^${name}\\s+starting\\b`, 'm')),
    end: output.search(new RegExp(`^${name}\\s+finished in\\b`, 'm')),
    passed: new RegExp(`^\\s*PASS\\s+${name}\\s*$`, 'm').test(output),
  };
}

describe('waves under gitlab-ci-local: the generated pipeline runs the waves in order', () => {
  const dirs: string[] = [];
  let server: Server;
  beforeAll(async () => {
    requireGitlabCiLocal();
    server = createServer((request, response) => {
      response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
      response.end(request.url === '/health' ? 'ok\n' : 'not found\n');
    });
    await new Promise<void>((resolve) => server.listen(HEALTHY_PORT, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('deploys every wave after the one before it and its bakes, and passes', async () => {
    const dir = await project(config(() => HEALTHY_PORT));
    dirs.push(dir);
    const run = await runPipeline(dir);
    expect({ status: run.status, log: run.status === 0 ? '' : run.output }).toEqual({ status: 0, log: '' });
    const jobs = (wave: (typeof WAVES)[number]): string[] => wave.environments.map((env) => `deploy-${env}`);
    const bakes = (wave: (typeof WAVES)[number]): string[] =>
      wave.environments.map((env) => `bake-${env}-after-${wave.name}`);
    const order = [
      jobs(WAVES[0] as (typeof WAVES)[number]),
      bakes(WAVES[0] as (typeof WAVES)[number]),
      jobs(WAVES[1] as (typeof WAVES)[number]),
      bakes(WAVES[1] as (typeof WAVES)[number]),
      jobs(WAVES[2] as (typeof WAVES)[number]),
    ];
    for (const group of order) {
      for (const job of group) expect({ job, ...span(run.output, job) }).toMatchObject({ job, passed: true });
    }
    // Each group starts only after every job of the group before it finished.
    for (let k = 1; k < order.length; k += 1) {
      const finished = Math.max(...(order[k - 1] as string[]).map((job) => span(run.output, job).end));
      for (const job of order[k] as string[]) {
        expect({ job, startsAfterTheGroupBefore: span(run.output, job).start > finished }).toEqual({
          job,
          startsAfterTheGroupBefore: true,
        });
      }
    }
    expect(run.output).toMatch(/bake-us-1-after-wave-2[\s\S]*verdict=healthy/);
  }, 90_000);

  it('stops when an environment of wave 2 fails its bake: that job fails and no job of wave 3 runs', async () => {
    const dir = await project(config((environment) => (environment === 'us-1' ? DEAD_PORT : HEALTHY_PORT)));
    dirs.push(dir);
    const run = await runPipeline(dir);
    expect(run.status).not.toBe(0);
    for (const job of [
      'deploy-eu-1',
      'bake-eu-1-after-canary',
      'deploy-us-1',
      'deploy-ap-1',
      'bake-ap-1-after-wave-2',
    ]) {
      expect({ job, ...span(run.output, job) }).toMatchObject({ job, passed: true });
    }
    expect(span(run.output, 'bake-us-1-after-wave-2')).toMatchObject({ passed: false });
    expect(span(run.output, 'bake-us-1-after-wave-2').end).toBeGreaterThan(0);
    expect(run.output).toMatch(new RegExp(`127\\.0\\.0\\.1:${DEAD_PORT}`));
    for (const environment of WAVES[2]?.environments ?? []) {
      expect({
        job: `deploy-${environment}`,
        started: span(run.output, `deploy-${environment}`).start,
      }).toEqual({
        job: `deploy-${environment}`,
        started: -1,
      });
    }
  }, 90_000);
});
