import * as core from '@actions/core';
import { join } from 'node:path';
import type { BuildContext, Runtime } from '@hands-off/core';
import { MIN_SECRET_CHARS, redactText, registerSecret, secretsInInput } from '@hands-off/core/secrets';
import { cancelSignalFromProcess } from './cancel-signal.js';
import { githubDeploymentRecords } from './deployment-records.js';

/** Environment variables the adapter reads; passed in so tests can build a runtime without touching process.env. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The Runtime of a GitHub Actions step: inputs from INPUT_* variables, outputs and state
 * through the runner's files, the job summary, log groups and masking, all via @actions/core.
 *
 * Every record goes through redaction here, at the sink, so nothing a step composes can slip
 * through: log lines, group titles, outputs, saved state and the summary lose every masked value
 * and every credential-shaped part (URL userinfo, `token=` parameters, `password=` pairs). The
 * credentials found in the inputs are masked as soon as the runtime exists, before anything is read;
 * those of the config file when the step reads it (readStepInputs), through setSecret.
 */
export function createGitHubRuntime(
  env: Environment = process.env,
  signal = cancelSignalFromProcess(),
): Runtime {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : '';
  // Each value is sent to `::add-mask::` once: the same secret arrives from INPUT_* here, then
  // again from the step (its inputs resolved with the config file, setSecret).
  const told = new Set<string>();
  const tell = (value: string): void => {
    if (told.has(value)) return;
    told.add(value);
    core.setSecret(value);
  };
  const mask = (value: string): void => {
    // The runner masks exactly what it is told: tell it every form a record may show (URL-encoded, ...).
    tell(value);
    for (const form of registerSecret(value)) tell(form);
  };
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('INPUT_') || !value) continue;
    const name = key.slice('INPUT_'.length).toLowerCase();
    for (const secret of secretsInInput(name, value)) if (secret.length >= MIN_SECRET_CHARS) mask(secret);
  }
  const clean = (text: string): string => redactText(text);
  return {
    context: {
      platform: 'github',
      actor: env.GITHUB_ACTOR ?? '',
      workspace,
      outputDir: join(env.RUNNER_TEMP || join(workspace, '.hands-off'), 'hands-off'),
      deployFreeze: false,
      jobUrl: runUrl,
      build: githubBuildContext(env),
    },
    log: {
      info: (line) => core.info(clean(line)),
      warning: (line) => core.warning(clean(line)),
      error: (line) => core.error(clean(line)),
      debug: (line) => core.debug(clean(line)),
    },
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, clean(value)),
    setSecret: (value) => {
      if (value) mask(value);
    },
    saveState: (name, value) => core.saveState(name, clean(value)),
    getState: (name) => core.getState(name),
    async writeSummary(markdown) {
      // Without GITHUB_STEP_SUMMARY (a local run) there is nowhere to write; the log has the verdict.
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(clean(markdown), true).write();
    },
    group: (title, fn) => core.group(clean(title), fn),
    cancelSignal: signal,
    // Loaded only by the step that uses it: Octokit and the event payload cost start-up time.
    reviewAccess: async (token) =>
      (await import('./github-review.js')).githubReviewAccess(token, env, signal),
    deploymentRecords: (token) => githubDeploymentRecords(token, env),
  };
}

/**
 * The build's source as the runner states it. The builder is the workflow at its ref
 * (`https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main`), as GitHub's own
 * provenance names it. Undefined outside a workflow run (no GITHUB_REPOSITORY).
 */
export function githubBuildContext(env: Environment): BuildContext | undefined {
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (repository === '') return undefined;
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com';
  const workflowRef = env.GITHUB_WORKFLOW_REF ?? '';
  const runId = env.GITHUB_RUN_ID ?? '';
  const runAttempt = env.GITHUB_RUN_ATTEMPT ?? '';
  return {
    serverUrl,
    repository,
    ref: env.GITHUB_REF ?? '',
    commit: env.GITHUB_SHA ?? '',
    // `owner/name/<path>@<ref>` → `<path>`
    workflowPath: workflowRef.startsWith(`${repository}/`)
      ? workflowRef.slice(repository.length + 1).replace(/@[^@]*$/, '')
      : '',
    runId,
    runAttempt,
    invocationUrl: runId
      ? `${serverUrl}/${repository}/actions/runs/${runId}${runAttempt ? `/attempts/${runAttempt}` : ''}`
      : '',
    builderId: workflowRef ? `${serverUrl}/${workflowRef}` : '',
    eventName: env.GITHUB_EVENT_NAME ?? '',
  };
}
