import { runStep, type Step } from '@hands-off/core/run-step';
import { createGitHubRuntime } from './github-runtime.js';

/**
 * Entry point used by every action's main.ts: runs the step on the GitHub runtime and sets the
 * exit code. The process is then ended so a dangling socket or timer cannot hold the job.
 */
export async function runGitHubStep(step: Step): Promise<void> {
  process.exitCode = await runStep(step, createGitHubRuntime());
  setTimeout(() => process.exit(), 200).unref();
}
