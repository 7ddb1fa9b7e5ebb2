import { ConfigError } from '../errors.js';
import { formatDuration } from '../inputs/parse-duration.js';
import { VERSION } from '../version.js';
import { bakeMaxMs } from './github-workflow.js';
import { uniqueNames, type WavePlan } from './waves.js';

/** The stage component the generated jobs include, unless `--component` says otherwise. */
export const DEFAULT_GITLAB_COMPONENT = `$CI_SERVER_FQDN/hands-off/hands-off/stage@${VERSION}`;
/** How the jobs start the CLI, unless `--command` says otherwise: the stage component's default. */
export const DEFAULT_GITLAB_COMMAND = `npx --yes hands-off@${VERSION}`;
/** The image of the bake jobs between waves: the components' default (Node 24, npm for npx). */
const BAKE_IMAGE = 'node:24-slim';
/** The `timeout:` of a stage job whose entry sets no bake duration (no bound is known). */
const UNKNOWN_STAGE_MS = 6 * 3_600_000;
/** Minutes a job gets above its work: the image, the CLI's start, the artifacts' upload. */
const SETUP_MS = 10 * 60_000;

/** What the generated pipeline includes and runs. */
export interface GitlabPipelineOptions {
  /** The stage component: `<fqdn>/<project path>/stage@<version>`. */
  component: string;
  /** How to start the CLI: the component's `command` input, and the bake jobs' script. */
  command: string;
}

/** The generated pipeline: the object to write, and its jobs by name for the tests. */
export interface GitlabPipeline {
  pipeline: Record<string, unknown>;
  jobs: Record<string, Record<string, unknown>>;
}

/** Checks `--component` and `--command`: one line each, not empty. */
export function checkGitlabOptions(options: GitlabPipelineOptions): void {
  for (const [flag, value] of [
    ['--component', options.component],
    ['--command', options.command],
  ] as const) {
    if (value.trim() === '' || /[\r\n]/.test(value)) {
      throw new ConfigError(
        `${flag} must be one line, e.g. \`${flag === '--component' ? DEFAULT_GITLAB_COMPONENT : DEFAULT_GITLAB_COMMAND}\``,
      );
    }
  }
  if (!/\/stage@[^/\s]+$/.test(options.component)) {
    throw new ConfigError(
      `--component \`${options.component}\` is not the stage component: \`<host>/<project>/stage@<version>\`, e.g. \`${DEFAULT_GITLAB_COMPONENT}\``,
    );
  }
}

/** A GitLab duration of whole minutes, rounded up: `2h 10m`, `45m`, `3h`. */
export function gitlabTimeout(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours > 0 ? `${hours}h` : '', rest > 0 ? `${rest}m` : ''].filter(Boolean).join(' ');
}

/**
 * The pipeline of `plan`: a stage per wave (and per bake), one job per environment including the
 * stage component, `needs:` on the wave before (or its bakes), and per environment of a wave with
 * `after` a bake job running `bake-and-watch` for the whole bake (one job, its `timeout:` above
 * the bake: see gitlabHeader for why GitLab needs no slices).
 */
export function gitlabPipeline(plan: WavePlan, options: GitlabPipelineOptions): GitlabPipeline {
  checkGitlabOptions(options);
  const name = uniqueNames();
  const stages: string[] = [];
  const include: Record<string, unknown>[] = [];
  const jobs: Record<string, Record<string, unknown>> = {};
  // The artifacts of an earlier job (its state and decision log) are not this job's business.
  const needsOf = (names: readonly string[]): { job: string; artifacts: boolean }[] =>
    names.map((job) => ({ job, artifacts: false }));
  let previous: string[] = [];
  for (const wave of plan.waves) {
    const stage = `deploy-${wave.name}`;
    stages.push(stage);
    const deployNames = wave.environments.map((environment) => name(`deploy-${environment}`));
    wave.environments.forEach((environment, index) => {
      const job = deployNames[index] as string;
      include.push({
        component: options.component,
        inputs: {
          'job-name': job,
          'job-stage': stage,
          command: options.command,
          config: plan.configPath,
          environment,
          revision: '$CI_COMMIT_SHA',
        },
      });
      const budget = plan.stageBudgetMs.get(environment) ?? UNKNOWN_STAGE_MS;
      jobs[job] = {
        environment,
        resource_group: environment,
        ...(previous.length > 0 ? { needs: needsOf(previous) } : {}),
        timeout: gitlabTimeout(budget + SETUP_MS),
      };
    });
    previous = deployNames;
    if (wave.afterMs === 0) continue;
    const bakeStage = `bake-after-${wave.name}`;
    stages.push(bakeStage);
    const maxMs = bakeMaxMs(wave.afterMs);
    const bakeNames = wave.environments.map((environment) => {
      const job = name(`bake-${environment}-after-${wave.name}`);
      jobs[job] = {
        stage: bakeStage,
        image: BAKE_IMAGE,
        // With the stage's: another pipeline deploys here only once this bake is done.
        resource_group: environment,
        needs: needsOf(deployNames),
        timeout: gitlabTimeout(maxMs + SETUP_MS),
        variables: {
          HANDS_OFF_CONFIG: plan.configPath,
          HANDS_OFF_ENVIRONMENT: environment,
          HANDS_OFF_DURATION: wave.after,
          HANDS_OFF_MAX_DURATION: formatDuration(maxMs),
        },
        script: [`${options.command} bake-and-watch`],
        artifacts: { paths: ['hands-off/'], when: 'always' },
      };
      return job;
    });
    previous = bakeNames;
  }
  return { pipeline: { stages, include, ...jobs }, jobs };
}
