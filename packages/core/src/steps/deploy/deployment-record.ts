import { describeError } from '../../errors.js';
import type { Runtime } from '../../runtime/runtime.js';

/** An open deployment record, finished once the outcome is known. */
export interface OpenRecord {
  finish(succeeded: boolean, description: string): Promise<void>;
}

const NONE: OpenRecord = { finish: async () => undefined };

/**
 * Opens the platform's deployment record (a GitHub Deployment, state in_progress) when a token
 * is given. Records are bookkeeping: a failure to write one warns and never blocks or fails the
 * deployment itself.
 */
export async function openDeploymentRecord(
  runtime: Runtime,
  step: string,
  token: string,
  input: { environment: string; revision: string; description: string },
): Promise<OpenRecord> {
  if (token === '') return NONE;
  if (!runtime.deploymentRecords) {
    runtime.log.info(
      `${step}: github-token is ignored on ${runtime.context.platform}: the job's environment is the record`,
    );
    return NONE;
  }
  const records = runtime.deploymentRecords(token);
  let id = '';
  try {
    id = await records.create(input);
    await records.setStatus(id, 'in_progress', input.description);
    runtime.log.info(`${step}: GitHub Deployment ${id} for ${input.environment} is in progress`);
  } catch (error) {
    runtime.log.warning(
      `${step}: the GitHub Deployment record could not be written: ${describeError(error)}`,
    );
    return NONE;
  }
  return {
    async finish(succeeded, description) {
      try {
        await records.setStatus(id, succeeded ? 'success' : 'failure', description);
      } catch (error) {
        runtime.log.warning(
          `${step}: the GitHub Deployment ${id} status could not be written: ${describeError(error)}`,
        );
      }
    },
  };
}
