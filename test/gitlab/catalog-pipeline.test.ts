import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  commitAsGitLabProject,
  gitlabCiLocalEntry,
  requireGitlabCiLocal,
  spawnCollect,
} from '../support/gitlab-pipeline.js';
import { NODE24, ROOT } from '../support/run-action.js';
import { readYamlDocuments, thirdPartySchema } from '../support/third-party-schemas.js';

const COMPONENTS = readdirSync(join(ROOT, 'templates'))
  .filter((file) => file.endsWith('.yml'))
  .map((file) => file.replace(/\.yml$/, ''))
  .sort();

/** A copy of this checkout as the GitLab project that publishes the components. */
function catalogProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-catalog-'));
  for (const path of ['templates', 'dist', '.gitlab', '.gitlab-ci.yml']) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, '.gitignore'), '.gitlab-ci-local/\nhands-off/\n.component-fleet/\n');
  commitAsGitLabProject(dir, 'hands-off');
  return dir;
}

/** Runs the project's .gitlab-ci.yml with `node` = Node 24 (as the components' image has). */
async function runPipeline(dir: string, variables: Record<string, string> = {}) {
  const all = { CI_PROJECT_DIR: dir, ...variables };
  return spawnCollect(
    NODE24,
    [
      gitlabCiLocalEntry(),
      '--force-shell-executor',
      '--no-color',
      ...Object.entries(all).flatMap(([key, value]) => ['--variable', `${key}=${value}`]),
    ],
    {
      cwd: dir,
      env: { PATH: `${dirname(NODE24)}:${process.env.PATH ?? ''}`, HOME: dir, LANG: 'C.UTF-8' },
      timeoutMs: 60_000,
    },
  );
}

function dotenv(dir: string, job: string): Record<string, string> {
  const text = readFileSync(join(dir, '.gitlab-ci-local/artifacts', job, 'hands-off', `${job}.env`), 'utf8');
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('the catalog pipeline (.gitlab-ci.yml)', () => {
  const projects: string[] = [];
  beforeAll(() => requireGitlabCiLocal());
  afterAll(() => {
    for (const dir of projects) rmSync(dir, { recursive: true, force: true });
  });

  it('validates against GitLab CI schema and includes every component at the commit under test', () => {
    const [pipeline] = readYamlDocuments(join(ROOT, '.gitlab-ci.yml')) as [
      { include: { component: string }[] },
    ];
    expect(thirdPartySchema('gitlab-ci.schema.json')(pipeline)).toEqual([]);
    const included = pipeline.include.map((entry) => entry.component).sort();
    expect(included).toEqual(
      COMPONENTS.map((name) => `$CI_SERVER_FQDN/$CI_PROJECT_PATH/${name}@$CI_COMMIT_SHA`).sort(),
    );
  });

  it('runs every component against the stand-ins and each reports success through its dotenv outputs', async () => {
    const dir = catalogProject();
    projects.push(dir);
    const run = await runPipeline(dir);
    expect({ status: run.status, log: run.status === 0 ? '' : run.output }).toEqual({ status: 0, log: '' });
    for (const job of COMPONENTS) expect(run.output).toMatch(new RegExp(`PASS\\s+${job}\\b`));
    expect(run.output).not.toMatch(/\bPASS\s+release\b/);
    expect(dotenv(dir, 'window-guard')).toMatchObject({ WINDOW_GUARD_OPEN: 'true' });
    expect(dotenv(dir, 'code-review-checklist')).toMatchObject({
      CODE_REVIEW_CHECKLIST_COMPLETE: 'true',
      CODE_REVIEW_CHECKLIST_STATUS: 'success',
    });
    expect(run.output).toMatch(/merge-request-api: status hands-off\/checklist success: checklist complete/);
    expect(dotenv(dir, 'one-box-deploy')).toMatchObject({
      ONE_BOX_DEPLOY_STATUS: 'Succeeded',
      ONE_BOX_DEPLOY_REVISION: expect.stringMatching(/^build-[0-9a-f]{8}$/) as unknown as string,
    });
    expect(dotenv(dir, 'bake-and-watch')).toMatchObject({ BAKE_AND_WATCH_VERDICT: 'healthy' });
    expect(dotenv(dir, 'stage')).toMatchObject({
      STAGE_RESULT: 'promoted',
      STAGE_PHASE: 'promote',
      STAGE_REVISION: expect.stringMatching(/^build-[0-9a-f]{8}$/) as unknown as string,
    });
    expect(dotenv(dir, 'rollback')).toMatchObject({
      ROLLBACK_STATUS: 'Succeeded',
      ROLLBACK_ROLLED_BACK_TO: 'baseline',
    });
  }, 90_000);

  it('a version tag runs only the release job', async () => {
    const dir = catalogProject();
    projects.push(dir);
    const run = await runPipeline(dir, { CI_COMMIT_TAG: 'v1.2.3' });
    expect({ status: run.status, log: run.status === 0 ? '' : run.output }).toEqual({ status: 0, log: '' });
    expect(run.output).toMatch(/PASS\s+release\b/);
    for (const job of COMPONENTS) expect(run.output).not.toMatch(new RegExp(`PASS\\s+${job}\\b`));
  }, 60_000);

  it('the README documents each component under ## Components / ### <name>', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((part) => part.startsWith('Components\n'));
    expect(section).toBeDefined();
    const documented = [...(section ?? '').matchAll(/^### (\S+)$/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual(COMPONENTS);
  });
});
