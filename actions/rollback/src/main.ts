// Deep import: the bundle holds this step's code only, not every step's.
import { rollbackStep } from '@hands-off/core/rollback';
import { commandEnvironment, runGitHubStep } from '@hands-off/runtime-github';

// The deploy and health commands get the job's environment as a `run:` step would: no INPUT_*, no STATE_*.
await runGitHubStep(rollbackStep({ commandEnv: commandEnvironment(process.env) }));
