import { windowGuardStep } from '@hands-off/core';
import { runGitHubStep } from '@hands-off/runtime-github';

await runGitHubStep(windowGuardStep());
