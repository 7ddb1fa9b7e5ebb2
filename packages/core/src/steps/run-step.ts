import { HandsOffError, boundErrorText, describeError } from '../errors.js';
import { ExitCode } from '../runtime/exit-codes.js';
import type { Runtime } from '../runtime/runtime.js';

/** A step as the edges see it: a name and a function of the runtime that returns an exit code. */
export interface Step {
  name: string;
  run(runtime: Runtime): Promise<ExitCode>;
}

/** Longest error line a step prints; InputError and ConfigError lines are far shorter already. */
const MAX_ERROR_LINE_CHARS = 2000;

/**
 * Runs a step and turns any error into one clear line and exit code 1: no stack trace (the
 * cause goes to the debug log), nothing half-decided reported as success.
 */
export async function runStep(step: Step, runtime: Runtime): Promise<ExitCode> {
  try {
    return await step.run(runtime);
  } catch (error) {
    // Whatever the error carries (a response body, a multi-line message), the log gets one bounded line.
    const text =
      error instanceof HandsOffError ? error.message : `unexpected failure: ${describeError(error)}`;
    runtime.log.error(`${step.name}: ${boundErrorText(text, MAX_ERROR_LINE_CHARS, { quoted: 'keep' })}`);
    const cause = error instanceof Error && error.cause !== undefined ? describeError(error.cause) : '';
    if (cause) {
      runtime.log.debug(
        `${step.name}: caused by ${boundErrorText(cause, MAX_ERROR_LINE_CHARS, { quoted: 'keep' })}`,
      );
    }
    return ExitCode.Error;
  }
}
