import * as core from '@actions/core';
import { join } from 'node:path';
import type { Runtime } from '@hands-off/core';
import { cancelSignalFromProcess } from './cancel-signal.js';
import { githubDeploymentRecords } from './deployment-records.js';

/** Environment variables the adapter reads; passed in so tests can build a runtime without touching process.env. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The Runtime of a GitHub Actions step: inputs from INPUT_* variables, outputs and state
 * through the runner's files, the job summary, log groups and masking, all via @actions/core.
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
  return {
    context: {
      platform: 'github',
      actor: env.GITHUB_ACTOR ?? '',
      workspace,
      outputDir: join(env.RUNNER_TEMP || join(workspace, '.hands-off'), 'hands-off'),
      deployFreeze: false,
      jobUrl: runUrl,
    },
    log: {
      info: (line) => core.info(line),
      warning: (line) => core.warning(line),
      error: (line) => core.error(line),
      debug: (line) => core.debug(line),
    },
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    async writeSummary(markdown) {
      // Without GITHUB_STEP_SUMMARY (a local run) there is nowhere to write; the log has the verdict.
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
    },
    group: (title, fn) => core.group(title, fn),
    cancelSignal: signal,
    deploymentRecords: (token) => githubDeploymentRecords(token, env),
  };
}
