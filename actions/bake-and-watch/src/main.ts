// Deep import: the bundle holds this step's code only, not every step's.
import { bakeStep } from '@hands-off/core/bake-and-watch';
import { runGitHubStep } from '@hands-off/runtime-github';

/**
 * Runs bake-and-watch once and resolves to its exit code (also set on process.exitCode). Imported
 * by the bundle's entry (index.ts) and by `@github/local-action`, which stubs @actions/core.
 */
export async function run(): Promise<number> {
  return runGitHubStep(bakeStep());
}
