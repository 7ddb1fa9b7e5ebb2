// Deep import: the bundle holds this step's code only, not every step's.
import { deployStep } from '@hands-off/core/one-box-deploy';
import { commandEnvironment, runGitHubStep } from '@hands-off/runtime-github';

// The deploy and health commands get the job's environment as a `run:` step would: no INPUT_*, no STATE_*.
await runGitHubStep(deployStep({ commandEnv: commandEnvironment(process.env) }));
