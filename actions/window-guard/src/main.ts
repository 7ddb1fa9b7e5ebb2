// Deep import: the bundle holds this step's code only, not every step's.
import { windowGuardStep } from '@hands-off/core/window-guard';
import { runGitHubStep } from '@hands-off/runtime-github';

await runGitHubStep(windowGuardStep());
