import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { InputError, type BuildContext, type Runtime } from '@hands-off/core';
import { MIN_SECRET_CHARS, redactText, registerSecret, secretsInInput } from '@hands-off/core/secrets';
import { dotenvKey, envName } from './cli-arguments.js';

/** GitLab refuses dotenv reports over 5 KB. */
const DOTENV_LIMIT_BYTES = 5 * 1024;

type Environment = Readonly<Record<string, string | undefined>>;

/** The CLI runtime plus what the CLI needs after the step: collected outputs and where they went. */
export interface CliRuntime extends Runtime {
  /** Writes the dotenv report and prints outputs; call once after the step. */
  finish(): { dotenvPath: string; outputs: Map<string, string> };
}

/**
 * The Runtime of `hands-off <step>` under GitLab CI or on a workstation: inputs from flags, then
 * `HANDS_OFF_<INPUT>` variables; outputs to `<output-dir>/<step>.env` (a dotenv report, keys
 * `<OUTPUT_PREFIX>_<OUTPUT>`); the
 * summary to `<output-dir>/<step>-summary.md`; collapsible sections when GITLAB_CI is set.
 *
 * Every record is redacted here, at the sink (log lines, section titles, the dotenv report, printed
 * outputs, the state file, the summary): every masked value and every credential-shaped part (URL
 * userinfo, `token=` parameters, `password=` pairs). The credentials found in the inputs (flags and
 * `HANDS_OFF_<INPUT>` variables) are masked as soon as the runtime exists.
 */
export function createCliRuntime(
  step: string,
  flags: ReadonlyMap<string, string>,
  env: Environment,
  signal: AbortSignal,
  write: { out: (text: string) => void; err: (text: string) => void },
): CliRuntime {
  // First of all: even a refused --output-prefix must not echo a credential given in another input.
  for (const [name, value] of inputsOf(flags, env)) {
    for (const secret of secretsInInput(name, value)) {
      if (secret.length >= MIN_SECRET_CHARS) registerSecret(secret);
    }
  }
  const gitlab = env.GITLAB_CI === 'true';
  const workspace = env.CI_PROJECT_DIR || process.cwd();
  const rawDir = flags.get('output-dir') ?? env.HANDS_OFF_OUTPUT_DIR ?? 'hands-off';
  const outputDir = isAbsolute(rawDir) ? rawDir : join(workspace, rawDir);
  const outputPrefix = flags.get('output-prefix') ?? env.HANDS_OFF_OUTPUT_PREFIX ?? step;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(outputPrefix.replace(/-/g, '_'))) {
    throw new InputError(
      'output-prefix',
      `\`${outputPrefix}\` is not a variable name prefix`,
      '`WINDOW_GUARD_PRODUCTION`',
    );
  }
  const outputs = new Map<string, string>();
  const statePath = join(outputDir, `${step}.state.json`);
  // Like the runner's post step: saved state is read back only by an explicit post run
  // (HANDS_OFF_POST=true, e.g. from GitLab's after_script); a normal run starts afresh.
  const post = env.HANDS_OFF_POST === 'true';
  const state: Record<string, string> = post ? readState(statePath) : {};
  const clean = (text: string): string => redactText(text);
  let sectionCounter = 0;

  return {
    context: {
      platform: gitlab ? 'gitlab' : 'local',
      actor: env.GITLAB_USER_LOGIN ?? env.GITHUB_ACTOR ?? '',
      workspace,
      outputDir,
      deployFreeze: (env.CI_DEPLOY_FREEZE ?? '') !== '',
      jobUrl: env.CI_JOB_URL ?? '',
      build: gitlab ? gitlabBuildContext(env) : undefined,
    },
    log: {
      info: (line) => write.out(`${clean(line)}\n`),
      warning: (line) => write.out(`${gitlab ? '\x1b[33mwarning\x1b[0m' : 'warning'}: ${clean(line)}\n`),
      error: (line) => write.err(`${gitlab ? '\x1b[31merror\x1b[0m' : 'error'}: ${clean(line)}\n`),
      debug: (line) => {
        if (env.HANDS_OFF_DEBUG === 'true' || env.CI_DEBUG_TRACE === 'true')
          write.out(`debug: ${clean(line)}\n`);
      },
    },
    getInput: (name) => (flags.get(name) ?? env[envName(name)] ?? '').trim(),
    setOutput: (name, value) => void outputs.set(name, value),
    setSecret: (value) => void (value && registerSecret(value)),
    saveState(name, value) {
      mkdirSync(outputDir, { recursive: true });
      state[name] = clean(value);
      writeFileSync(statePath, JSON.stringify(state));
    },
    getState: (name) => (post ? (state[name] ?? '') : ''),
    async writeSummary(markdown) {
      mkdirSync(outputDir, { recursive: true });
      writeFileSync(join(outputDir, `${step}-summary.md`), clean(markdown));
    },
    async group(title, fn) {
      const id = `hands_off_${step.replace(/-/g, '_')}_${++sectionCounter}`;
      const now = (): number => Math.floor(Date.now() / 1000);
      write.out(
        gitlab
          ? `\x1b[0Ksection_start:${now()}:${id}[collapsed=true]\r\x1b[0K${clean(title)}\n`
          : `── ${clean(title)}\n`,
      );
      try {
        return await fn();
      } finally {
        if (gitlab) write.out(`\x1b[0Ksection_end:${now()}:${id}\r\x1b[0K\n`);
      }
    },
    cancelSignal: signal,
    // Where a GitLab API is given (a GitLab job; gitlab-ci-local too): loaded only by the step that
    // uses it. A workstation run has no merge request platform.
    ...(env.CI_API_V4_URL
      ? {
          reviewAccess: async (token: string) =>
            (await import('./gitlab-review.js')).gitlabReviewAccess(token, env, signal),
        }
      : {}),
    finish() {
      mkdirSync(outputDir, { recursive: true });
      const dotenvPath = join(outputDir, `${step}.env`);
      // Dotenv reports hold single-line values only; outputs are single-line by design.
      const lines = [...outputs].map(
        ([name, value]) => `${dotenvKey(outputPrefix, name)}=${clean(value).replace(/\r?\n/g, ' ')}`,
      );
      // GitLab refuses a report with any line that is not KEY=value, an empty line included. A step
      // stopped by a bad input sets no output: its report is empty (no lines at all, which GitLab
      // accepts), and replaces what an earlier run in the same directory left.
      const report = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
      writeFileSync(dotenvPath, report);
      if (Buffer.byteLength(report) > DOTENV_LIMIT_BYTES) {
        write.err(
          `warning: ${dotenvPath} is over GitLab's 5 KB dotenv limit; the job's report may be refused\n`,
        );
      }
      for (const [name, value] of outputs) write.out(`${name}=${clean(value)}\n`);
      return { dotenvPath, outputs };
    },
  };
}

/** Every input given to the CLI: its flags, then `HANDS_OFF_<INPUT>` variables (named back in kebab case). */
function inputsOf(flags: ReadonlyMap<string, string>, env: Environment): [string, string][] {
  const fromEnv = Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith('HANDS_OFF_') && entry[1] !== undefined)
    .map(([key, value]): [string, string] => [
      key.slice('HANDS_OFF_'.length).toLowerCase().replace(/_/g, '-'),
      value,
    ]);
  return [...flags, ...fromEnv];
}

function readState(path: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * The build's source as GitLab CI states it (predefined CI_* variables). The ref is the full git
 * ref: a tag pipeline builds `refs/tags/<tag>`, a merge request pipeline its MR ref, else the branch.
 * The builder is the runner (`<server>/<project>/-/runners/<id>`).
 */
export function gitlabBuildContext(env: Environment): BuildContext {
  const serverUrl = env.CI_SERVER_URL ?? '';
  const repository = env.CI_PROJECT_PATH ?? '';
  const ref = env.CI_COMMIT_TAG
    ? `refs/tags/${env.CI_COMMIT_TAG}`
    : env.CI_COMMIT_BRANCH
      ? `refs/heads/${env.CI_COMMIT_BRANCH}`
      : (env.CI_MERGE_REQUEST_REF_PATH ??
        (env.CI_COMMIT_REF_NAME ? `refs/heads/${env.CI_COMMIT_REF_NAME}` : ''));
  return {
    serverUrl,
    repository,
    ref,
    commit: env.CI_COMMIT_SHA ?? '',
    workflowPath: env.CI_CONFIG_PATH || '.gitlab-ci.yml',
    runId: env.CI_PIPELINE_ID ?? '',
    runAttempt: env.CI_JOB_ID ?? '',
    invocationUrl: env.CI_JOB_URL ?? '',
    builderId:
      serverUrl && repository && env.CI_RUNNER_ID
        ? `${serverUrl}/${repository}/-/runners/${env.CI_RUNNER_ID}`
        : '',
    eventName: env.CI_PIPELINE_SOURCE ?? '',
  };
}
