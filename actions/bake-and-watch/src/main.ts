import { bakeStep } from '@hands-off/core';
import { runGitHubStep } from '@hands-off/runtime-github';

await runGitHubStep(bakeStep());
