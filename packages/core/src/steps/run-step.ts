import { HandsOffError, describeError } from '../errors.js';
import { ExitCode } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';

/** A step as the edges see it: a name and a function of the runtime that returns an exit code. */
export interface Step {
  name: string;
  run(runtime: Runtime): Promise<ExitCode>;
}

/**
 * Runs a step and turns any error into one clear line and exit code 1: no stack trace (the
 * cause goes to the debug log), nothing half-decided reported as success.
 */
export async function runStep(step: Step, runtime: Runtime): Promise<ExitCode> {
  try {
    return await step.run(runtime);
  } catch (error) {
    if (error instanceof HandsOffError) {
      runtime.log.error(`${step.name}: ${error.message}`);
    } else {
      runtime.log.error(`${step.name}: unexpected failure: ${describeError(error)}`);
    }
    const cause = error instanceof Error && error.cause !== undefined ? describeError(error.cause) : '';
    if (cause) runtime.log.debug(`${step.name}: caused by ${cause}`);
    return ExitCode.Error;
  }
}
