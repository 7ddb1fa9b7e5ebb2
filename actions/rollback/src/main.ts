// Deep import: the bundle holds this step's code only, not every step's.
import { rollbackStep } from '@hands-off/core/rollback';
import { commandEnvironment, runGitHubStep } from '@hands-off/runtime-github';

/**
 * Runs rollback once and resolves to its exit code (also set on process.exitCode). Imported by
 * the bundle's entry (index.ts) and by `@github/local-action`, which stubs @actions/core.
 */
export async function run(): Promise<number> {
  // The deploy and health commands get the job's environment as a `run:` step would: no INPUT_*,
  // no STATE_*. Read when the stage runs, after a local runner has loaded its .env file.
  return runGitHubStep(rollbackStep({ commandEnv: commandEnvironment(process.env) }));
}
