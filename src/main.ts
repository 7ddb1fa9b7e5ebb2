// Deep import: the bundle holds the stage and the steps it runs as phases, nothing else.
import { stageStep } from '@hands-off/core/stage';
import { commandEnvironment, runGitHubStep } from '@hands-off/runtime-github';

/**
 * Runs the whole safe stage (the root action, `uses: hands-off/hands-off@v0`) once and resolves
 * to its exit code. The same function is the post stage after a cancel: the stage tells the two
 * apart by the state its main stage saved.
 */
export async function run(): Promise<number> {
  // The deploy and health commands get the job's environment as a `run:` step would.
  return runGitHubStep(stageStep({ commandEnv: commandEnvironment(process.env) }));
}
