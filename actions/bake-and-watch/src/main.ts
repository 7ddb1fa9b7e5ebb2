// Deep import: the bundle holds this step's code only, not every step's.
import { bakeStep } from '@hands-off/core/bake-and-watch';
import { runGitHubStep } from '@hands-off/runtime-github';

await runGitHubStep(bakeStep());
