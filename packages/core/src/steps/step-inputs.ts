import { loadConfig, type ResolvedConfig } from '../config/config-file.js';
import { resolveInputs, type InputSpec, type ResolvedInput } from '../inputs/resolve-inputs.js';
import type { Runtime } from '../runtime/runtime.js';

/** A step's effective inputs and the config entry they came from. */
export interface StepInputs {
  config: ResolvedConfig;
  inputs: Record<string, ResolvedInput>;
}

/**
 * Reads a step's inputs the one way every step does: the config file's `environment` entry
 * (with `extends`), then each input, which wins over the file, then the step's defaults.
 */
export async function readStepInputs(runtime: Runtime, specs: readonly InputSpec[]): Promise<StepInputs> {
  const config = await loadConfig(
    runtime.context.workspace,
    runtime.getInput('config'),
    runtime.getInput('environment'),
  );
  return { config, inputs: resolveInputs(specs, (name) => runtime.getInput(name), config) };
}
