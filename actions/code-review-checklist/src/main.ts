// Deep import: the bundle holds this step's code only, not every step's.
import { codeReviewChecklistStep } from '@hands-off/core/code-review-checklist';
import { runGitHubStep } from '@hands-off/runtime-github';

/**
 * Runs code-review-checklist once and resolves to its exit code (also set on process.exitCode).
 * Imported by the bundle's entry (index.ts) and by `@github/local-action`.
 */
export async function run(): Promise<number> {
  return runGitHubStep(codeReviewChecklistStep());
}
