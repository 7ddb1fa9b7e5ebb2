import type { ExitCode } from '@hands-off/core';
import { runStep, type Step } from '@hands-off/core/run-step';
import { createGitHubRuntime } from './github-runtime.js';

/** How long the bundle waits for pending writes (outputs, log) before it ends the process. */
const EXIT_GRACE_MS = 200;

/**
 * What every action's exported `run()` does: runs the step on the GitHub runtime, sets
 * `process.exitCode` and resolves to the exit code. It never ends the process, so a caller that
 * runs the main stage and then the post stage in one process (@github/local-action `--post`) can.
 *
 * An exit code set by an earlier stage of the same process is never lowered: a post stage that
 * only warns must not turn a refused main stage into a success. On the runner each stage is its
 * own process, so there the code is always this step's.
 */
export async function runGitHubStep(step: Step): Promise<ExitCode> {
  const code = await runStep(step, createGitHubRuntime());
  if (!process.exitCode) process.exitCode = code;
  return code;
}

/**
 * Ends the process shortly after the step, so a dangling socket or timer cannot hold the job.
 * For the bundle's entry (`index.ts`) only: a tool that imports `run()` decides when to exit.
 */
export function endProcessSoon(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}
