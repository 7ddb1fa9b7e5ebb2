import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { stringify } from 'yaml';
import { requireTool } from './require-tool.js';
import { NODE24, ROOT } from './run-action.js';

/** Name of the job that `needs:` the component's job and records the dotenv variables it receives. */
export const NEEDS_JOB = 'deploy';

/** gitlab-ci-local's JS entry, from its package.json `bin` (the .bin shim would pick Node 20). */
export function gitlabCiLocalEntry(): string {
  const dir = join(ROOT, 'node_modules/gitlab-ci-local');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin['gitlab-ci-local'];
  if (bin === undefined) throw new Error('gitlab-ci-local has no `bin` entry');
  return join(dir, bin);
}

/** Fails unless git, rsync, gitlab-ci-local and the built CLI are there (call it in beforeAll). */
export function requireGitlabCiLocal(): void {
  requireTool('git', ['--version'], 'apt-get install -y git');
  requireTool('rsync', ['--version'], 'apt-get install -y rsync (gitlab-ci-local copies artifacts with it)');
  requireTool(
    NODE24,
    [gitlabCiLocalEntry(), '--version'],
    'npm ci (gitlab-ci-local is a root devDependency)',
  );
  if (!existsSync(join(ROOT, 'dist/cli/index.js')))
    throw new Error('dist/cli/index.js is missing: npm run build');
}

/**
 * Makes `dir` a git repository with one commit and an `origin` remote: gitlab-ci-local then resolves
 * `$CI_SERVER_FQDN/$CI_PROJECT_PATH/<component>@$CI_COMMIT_SHA` from the work tree (never contacted).
 */
export function commitAsGitLabProject(dir: string, project: string): void {
  const git = (...args: string[]): void => {
    const run = spawnSync(
      'git',
      ['-c', 'user.name=hands-off test', '-c', 'user.email=test@example.com', ...args],
      { cwd: dir, encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'commit.gpgsign=false', 'commit', '-q', '-m', project);
  git('remote', 'add', 'origin', `https://gitlab.example.com/acme/${project}.git`);
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
}

/** What one gitlab-ci-local run produced. */
export interface PipelineRun {
  dir: string;
  status: number | null;
  output: string;
  /** `<PREFIX>_*` variables as the `needs:` job saw them; undefined when that job did not run. */
  received: Record<string, string> | undefined;
  artifact: (job: string, file: string) => string | undefined;
}

/** One pipeline: the component included with `inputs`, and a `needs:` job after it. */
export interface PipelineOptions {
  /** Name of the included job (its `job-name` input, else the component's default). */
  job: string;
  inputs: Record<string, string>;
  /** Pipeline variables (`--variable`), e.g. CI_DEPLOY_FREEZE. */
  variables?: Record<string, string>;
  /** Keys merged into the included job, as a consumer's .gitlab-ci.yml does (e.g. `allow_failure`). */
  jobOverrides?: Record<string, unknown>;
  /** Further jobs of the pipeline by name (e.g. deployments a rollback `needs:`). */
  jobs?: Record<string, unknown>;
}

/** Runs pipelines that include `templates/<component>.yml` from a copy of this checkout. */
export interface ComponentPipelines {
  /** Creates a project whose .gitlab-ci.yml includes the component, and runs it once. */
  run(options: PipelineOptions): Promise<PipelineRun>;
  /** Runs the pipeline of an earlier run's project again (e.g. the next scheduled pipeline). */
  rerun(previous: PipelineRun, variables?: Record<string, string>): Promise<PipelineRun>;
  /** Removes every project created (each holds a copy of dist/); call it in afterAll. */
  cleanup(): void;
}

/**
 * Pipelines for the component `templates/<component>.yml`; the `needs:` job records every
 * variable that starts with `variablePrefix` (the dotenv outputs of the component's job).
 */
export function componentPipelines(component: string, variablePrefix: string): ComponentPipelines {
  const projects: string[] = [];

  /** A repository whose .gitlab-ci.yml includes this checkout's component, like a consumer's would. */
  function createProject(options: PipelineOptions): string {
    const dir = mkdtempSync(join(tmpdir(), 'hands-off-gitlab-'));
    projects.push(dir);
    cpSync(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, '.gitignore'), '.gitlab-ci-local/\nhands-off/\nreceived.env\n');
    const pipeline: Record<string, unknown> = {
      include: [
        {
          // Resolved from the work tree by gitlab-ci-local: same project, ref = the checked-out commit.
          component: `$CI_SERVER_FQDN/$CI_PROJECT_PATH/${component}@$CI_COMMIT_SHA`,
          inputs: { command: `${NODE24} dist/cli/index.js`, ...options.inputs },
        },
      ],
      ...options.jobs,
      ...(options.jobOverrides ? { [options.job]: options.jobOverrides } : {}),
      [NEEDS_JOB]: {
        stage: 'deploy',
        needs: [options.job],
        script: [`env | grep '^${variablePrefix}' | sort > received.env`],
      },
    };
    // Quoted: unquoted, YAML 1.1 readers (GitLab's and gitlab-ci-local's) turn `at` into a timestamp.
    writeFileSync(
      join(dir, '.gitlab-ci.yml'),
      stringify(pipeline, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
    );
    commitAsGitLabProject(dir, 'checkout');
    return dir;
  }

  async function runIn(dir: string, variables: Record<string, string>): Promise<PipelineRun> {
    const receivedPath = join(dir, 'received.env');
    rmSync(receivedPath, { force: true });
    const all: Record<string, string> = {
      // The job declares `image:`, so gitlab-ci-local treats it as a Docker job and reports
      // CI_PROJECT_DIR as /builds/<path> even under --force-shell-executor; a real shell runner
      // sets the directory the job runs in, which is what the CLI writes its outputs under.
      CI_PROJECT_DIR: dir,
      GITLAB_CI: 'true',
      GITLAB_USER_LOGIN: 'release-bot',
      ...variables,
    };
    // Asynchronous, so that servers the test runs in this process (probe targets) keep answering.
    const run = await spawnCollect(
      NODE24,
      [
        gitlabCiLocalEntry(),
        // The job's `image:` would otherwise make gitlab-ci-local start it in Docker.
        '--force-shell-executor',
        '--no-color',
        ...Object.entries(all).flatMap(([key, value]) => ['--variable', `${key}=${value}`]),
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C.UTF-8' }, timeoutMs: 25_000 },
    );
    const received = existsSync(receivedPath)
      ? Object.fromEntries(
          readFileSync(receivedPath, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
        )
      : undefined;
    return {
      dir,
      status: run.status,
      output: run.output,
      received,
      artifact: (job, file) => {
        const path = join(dir, '.gitlab-ci-local/artifacts', job, file);
        return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      },
    };
  }

  return {
    run: (options) => runIn(createProject(options), options.variables ?? {}),
    rerun: (previous, variables = {}) => runIn(previous.dir, variables),
    cleanup() {
      for (const dir of projects.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns a command, collects stdout and stderr, and kills its process group after `timeoutMs`. */
export function spawnCollect(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout also ends the job shells gitlab-ci-local started.
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\ntimed out after ${options.timeoutMs} ms`;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    child.on('error', (error) => (output += `\n${error.message}`));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** gitlab-ci-local exited 0; otherwise the failure shows its whole log. */
export function expectPipelinePassed(run: PipelineRun): void {
  expect({ status: run.status, log: run.status === 0 ? '' : run.output }).toEqual({ status: 0, log: '' });
}

/** The last record of the decision log that `job` kept as an artifact. */
export function lastDecision(run: PipelineRun, job: string): Record<string, unknown> {
  const log = run.artifact(job, 'hands-off/decision-log.jsonl');
  expect(log).toBeDefined();
  const lines = (log ?? '').trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}
