// Deep import: the bundle holds this step's code only, not every step's.
import { deployStep } from '@hands-off/core/one-box-deploy';
import { runGitHubStep } from '@hands-off/runtime-github';

// The deploy and health commands get the job's environment, as a `run:` step would.
await runGitHubStep(deployStep({ commandEnv: { ...process.env } as Record<string, string> }));
