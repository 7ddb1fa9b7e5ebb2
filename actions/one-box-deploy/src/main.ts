// Deep import: the bundle holds this step's code only, not every step's.
import { deployStep } from '@hands-off/core/one-box-deploy';
import { commandEnvironment, runGitHubStep } from '@hands-off/runtime-github';

/**
 * Runs one-box-deploy once and resolves to its exit code (also set on process.exitCode). The
 * same function is the action's post stage: the step tells the two apart by the state its main
 * stage saved through @actions/core, so `@github/local-action ... --post src/main.ts` carries it.
 */
export async function run(): Promise<number> {
  // The deploy and health commands get the job's environment as a `run:` step would: no INPUT_*,
  // no STATE_*. Read when the stage runs, after a local runner has loaded its .env file.
  return runGitHubStep(deployStep({ commandEnv: commandEnvironment(process.env) }));
}
