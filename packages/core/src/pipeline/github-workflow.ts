import { ConfigError } from '../errors.js';
import { formatDuration } from '../inputs/parse-duration.js';
import { uniqueNames, type Wave, type WavePlan } from './waves.js';

/** The root action (the whole stage) the generated jobs use, unless `--action` says otherwise. */
export const DEFAULT_GITHUB_ACTION = 'hands-off/hands-off@v0';

/** A GitHub-hosted job ends at 6 h: the longest bake one job may run, and each slice's share. */
export const GITHUB_BAKE_JOB_MS = 5 * 3_600_000;
/** The most `timeout-minutes` a generated job gets: a hosted job's limit. */
export const GITHUB_MAX_TIMEOUT_MINUTES = 360;
/** GitHub runs at most 256 jobs in one workflow run. */
const GITHUB_MAX_JOBS = 256;
/** Minutes a job gets above its work: runner start, checkout, download of the action. */
const SETUP_MINUTES = 10;
/** A slice bakes `run-for`, then saves; its job may not be cut off while it saves. */
const SLICE_TIMEOUT_MINUTES = GITHUB_BAKE_JOB_MS / 60_000 + 20;

/** What the generated workflow uses. */
export interface GithubWorkflowOptions {
  /** The root action: `owner/repo@ref`, or a local path such as `./`. */
  action: string;
}

/** A job of the generated workflow, as written (key order is the output's). */
export type GithubJob = Record<string, unknown>;

/** The generated workflow: the object to write, and its jobs by id for the tests. */
export interface GithubWorkflow {
  workflow: Record<string, unknown>;
  jobs: Record<string, GithubJob>;
}

/** The revision every stage deploys: the dispatch or call input, else the commit of the run. */
const REVISION = '${{ inputs.revision || github.sha }}';

/** `hands-off/hands-off@v0` -> `hands-off/hands-off/actions/bake-and-watch@v0`; `./` -> `./actions/bake-and-watch`. */
export function bakeActionOf(action: string): string {
  const at = action.indexOf('@');
  if (at < 0) return `${action.replace(/\/+$/, '')}/actions/bake-and-watch`;
  return `${action.slice(0, at)}/actions/bake-and-watch${action.slice(at)}`;
}

/** Checks `--action`: a remote action with a ref, or a local path (the job checks the repository out first). */
export function checkGithubAction(action: string): void {
  if (!/^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[A-Za-z0-9_./-]+|\.\/[A-Za-z0-9_./-]*)$/.test(action)) {
    throw new ConfigError(
      `--action \`${action}\` is neither \`owner/repo@ref\` nor a local path such as \`./\`; example: \`${DEFAULT_GITHUB_ACTION}\``,
    );
  }
}

/** The bake between waves: `max-duration` is `after` plus a quarter, at most 30 minutes more (whole seconds). */
export function bakeMaxMs(afterMs: number): number {
  return Math.ceil((afterMs + Math.min(afterMs / 4, 30 * 60_000)) / 1000) * 1000;
}

/** How many slices of GITHUB_BAKE_JOB_MS a bake needs to reach its `max-duration`. */
export function sliceCount(afterMs: number): number {
  return Math.ceil(bakeMaxMs(afterMs) / GITHUB_BAKE_JOB_MS);
}

/**
 * One group per environment for its stage and the bake after it: another run deploys there only
 * when this one is done with it; a running job is never cancelled (a pending one may be, by a newer one).
 */
function concurrencyOf(environment: string): { group: string; 'cancel-in-progress': boolean } {
  return { group: `hands-off-${environment}`, 'cancel-in-progress': false };
}

/** The lower-case id part of an environment name: GitHub job ids allow letters, digits, `-` and `_`. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

/** `timeout-minutes` of a deploy job: the stage at its longest, plus the job's setup, at most 360. */
export function stageTimeoutMinutes(budgetMs: number | undefined): number {
  if (budgetMs === undefined) return GITHUB_MAX_TIMEOUT_MINUTES;
  return Math.min(GITHUB_MAX_TIMEOUT_MINUTES, Math.ceil(budgetMs / 60_000) + SETUP_MINUTES);
}

/**
 * The workflow of `plan`: one job per environment running the whole stage, the waves in order
 * through `needs:`, a bake between waves where the wave has `after` (one job with a matrix up to
 * 5 h; longer, a chain of checkpointed slices per environment and a gate), see githubHeader.
 */
export function githubWorkflow(plan: WavePlan, options: GithubWorkflowOptions): GithubWorkflow {
  checkGithubAction(options.action);
  const bakeAction = bakeActionOf(options.action);
  const id = uniqueNames();
  const jobs: Record<string, GithubJob> = {};
  const checkout = { uses: 'actions/checkout@v4' };
  /** The jobs the next wave `needs`: the wave's deploy jobs, or its bake (job or gate). */
  let previous: string[] = [];
  for (const wave of plan.waves) {
    const deployIds = wave.environments.map((environment) => id(`deploy-${slug(environment)}`));
    wave.environments.forEach((environment, index) => {
      jobs[deployIds[index] as string] = {
        name: `deploy ${environment} (${wave.name})`,
        ...(previous.length > 0 ? { needs: previous } : {}),
        'runs-on': 'ubuntu-latest',
        environment,
        concurrency: concurrencyOf(environment),
        'timeout-minutes': stageTimeoutMinutes(plan.stageBudgetMs.get(environment)),
        permissions: { contents: 'read', deployments: 'write' },
        steps: [
          checkout,
          {
            id: 'stage',
            uses: options.action,
            with: { config: plan.configPath, environment, revision: REVISION },
          },
        ],
      };
    });
    previous = deployIds;
    if (wave.afterMs === 0) continue;
    const bake = {
      config: plan.configPath,
      duration: wave.after,
      'max-duration': formatDuration(bakeMaxMs(wave.afterMs)),
    };
    if (wave.afterMs <= GITHUB_BAKE_JOB_MS) {
      const bakeId = id(`bake-after-${wave.name}`);
      jobs[bakeId] = {
        name: `bake ${wave.after} after ${wave.name} (\${{ matrix.environment }})`,
        needs: deployIds,
        'runs-on': 'ubuntu-latest',
        concurrency: concurrencyOf('${{ matrix.environment }}'),
        'timeout-minutes': Math.ceil(bakeMaxMs(wave.afterMs) / 60_000) + SETUP_MINUTES,
        permissions: { contents: 'read' },
        strategy: { 'fail-fast': false, matrix: { environment: [...wave.environments] } },
        steps: [
          checkout,
          {
            id: 'bake',
            uses: bakeAction,
            with: { config: bake.config, environment: '${{ matrix.environment }}', ...withoutConfig(bake) },
          },
        ],
      };
      previous = [bakeId];
      continue;
    }
    previous = [slicedBake(wave, bake, deployIds, { id, jobs, bakeAction, checkout })];
  }
  const count = Object.keys(jobs).length;
  if (count > GITHUB_MAX_JOBS) {
    throw new ConfigError(
      `config file ${plan.configPath}: pipeline makes ${count} jobs, and GitHub runs at most ${GITHUB_MAX_JOBS} in one workflow: fewer environments, or shorter bakes between waves`,
    );
  }
  const revisionInput = {
    description: 'What to deploy (the `revision` of each stage). Default: the commit of this run.',
    required: false,
    type: 'string',
    default: '',
  };
  return {
    workflow: {
      name: 'hands-off pipeline',
      on: {
        workflow_dispatch: { inputs: { revision: revisionInput } },
        workflow_call: { inputs: { revision: revisionInput } },
      },
      permissions: { contents: 'read' },
      jobs,
    },
    jobs,
  };
}

function withoutConfig(bake: Record<string, string>): Record<string, string> {
  const { config: _config, ...rest } = bake;
  return rest;
}

/**
 * A bake longer than a hosted job: per environment a chain of slice jobs in this run, each baking
 * GITHUB_BAKE_JOB_MS (`run-for`) on the checkpoint the slice before it saved (an artifact), the next
 * one only while the verdict is `baking`; then a gate that fails unless every environment's last
 * verdict is `healthy`. Returns the gate's id.
 */
function slicedBake(
  wave: Wave,
  bake: Record<string, string>,
  deployIds: readonly string[],
  context: {
    id: (wanted: string) => string;
    jobs: Record<string, GithubJob>;
    bakeAction: string;
    checkout: Record<string, string>;
  },
): string {
  const { id, jobs, bakeAction, checkout } = context;
  const slices = sliceCount(wave.afterMs);
  const lastSlices: { environment: string; ids: string[] }[] = [];
  for (const environment of wave.environments) {
    const checkpoint = `.hands-off/bake-${wave.name}-${environment}.json`;
    const ids: string[] = [];
    for (let n = 1; n <= slices; n += 1) {
      const sliceId = id(`bake-${slug(environment)}-after-${wave.name}-${n}`);
      const before = ids[ids.length - 1];
      jobs[sliceId] = {
        name: `bake ${environment} ${wave.after} after ${wave.name} (slice ${n}/${slices})`,
        needs: before === undefined ? [...deployIds] : [before],
        ...(before === undefined ? {} : { if: `needs.${before}.outputs.verdict == 'baking'` }),
        'runs-on': 'ubuntu-latest',
        concurrency: concurrencyOf(environment),
        'timeout-minutes': SLICE_TIMEOUT_MINUTES,
        permissions: { contents: 'read' },
        outputs: {
          verdict: '${{ steps.bake.outputs.verdict }}',
          reason: '${{ steps.bake.outputs.reason }}',
        },
        steps: [
          checkout,
          ...(before === undefined
            ? []
            : [
                {
                  name: 'Restore the checkpoint',
                  uses: 'actions/download-artifact@v4',
                  with: { name: `checkpoint-${before}`, path: '.hands-off' },
                },
              ]),
          {
            id: 'bake',
            uses: bakeAction,
            // Exit code 3 (`baking`) ends each slice but the last one; the verdict decides, not the step.
            'continue-on-error': true,
            with: {
              config: bake.config,
              environment,
              ...withoutConfig(bake),
              checkpoint,
              'run-for': formatDuration(GITHUB_BAKE_JOB_MS),
            },
          },
          {
            name: 'Save the checkpoint',
            uses: 'actions/upload-artifact@v4',
            with: {
              name: `checkpoint-${sliceId}`,
              path: checkpoint,
              'include-hidden-files': true,
              overwrite: true,
            },
          },
        ],
      };
      ids.push(sliceId);
    }
    lastSlices.push({ environment, ids });
  }
  const gateId = id(`gate-after-${wave.name}`);
  const env: Record<string, string> = {};
  const checks: string[] = [];
  lastSlices.forEach(({ environment, ids }, index) => {
    // The last slice that ran: a later one runs only after `baking`, so its verdict is the newest.
    const newest = (output: string): string =>
      `\${{ ${[...ids]
        .reverse()
        .map((slice) => `needs.${slice}.outputs.${output}`)
        .join(' || ')} }}`;
    env[`VERDICT_${index + 1}`] = newest('verdict');
    env[`REASON_${index + 1}`] = newest('reason');
    checks.push(`check ${environment} "$VERDICT_${index + 1}" "$REASON_${index + 1}"`);
  });
  jobs[gateId] = {
    name: `bake ${wave.after} after ${wave.name}: healthy?`,
    needs: lastSlices.flatMap(({ ids }) => ids),
    // Also after a failed slice or deploy job, to say why; not after a cancel.
    if: '!cancelled()',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 5,
    permissions: {},
    steps: [
      {
        name: 'Every environment baked healthy',
        env,
        run: [
          'status=0',
          'check() {',
          '  echo "$1: bake ${2:-not run}${3:+: $3}"',
          '  if [ "$2" != healthy ]; then status=1; fi',
          '}',
          ...checks,
          'exit "$status"',
          '',
        ].join('\n'),
      },
    ],
  };
  return gateId;
}
