import { loadConfig, type ResolvedConfig } from '../config/config-file.js';
import { resolveInputs, type InputSpec, type ResolvedInput } from '../inputs/resolve-inputs.js';
import type { Runtime } from '../runtime/runtime.js';
import { MIN_SECRET_CHARS, registerSecret, secretsInInput } from '../secrets/redact.js';

/** A step's effective inputs and the config entry they came from. */
export interface StepInputs {
  config: ResolvedConfig;
  inputs: Record<string, ResolvedInput>;
}

/**
 * Reads a step's inputs the one way every step does: the config file's `environment` entry
 * (with `extends`), then each input, which wins over the file, then the step's defaults. Every
 * secret in them is masked before anything is logged, whichever source it came from.
 */
export async function readStepInputs(runtime: Runtime, specs: readonly InputSpec[]): Promise<StepInputs> {
  const config = await loadConfig(
    runtime.context.workspace,
    runtime.getInput('config'),
    runtime.getInput('environment'),
    runtime.configPhase,
  );
  return { config, inputs: inputsWithConfig(runtime, specs, config) };
}

/**
 * A step's inputs over a config entry it loaded itself (from a branch through an API): each input
 * wins over the file, then the defaults; every secret in the file and the inputs is masked.
 */
export function inputsWithConfig(
  runtime: Runtime,
  specs: readonly InputSpec[],
  config: ResolvedConfig,
): Record<string, ResolvedInput> {
  // The runtimes mask the credentials in the inputs they are given (INPUT_*, flags, HANDS_OFF_*)
  // but never see the config file: its values, used by this step or not, are masked here.
  for (const [name, value] of Object.entries(config.values)) maskSecretsIn(runtime, name, value);
  const inputs = resolveInputs(specs, (name) => runtime.getInput(name), config);
  for (const [name, input] of Object.entries(inputs)) maskSecretsIn(runtime, name, input.value);
  return inputs;
}

/**
 * Masks the secrets of one value: the whole value of a secret-named input (`github-token`), else
 * the credentials written into it (URL userinfo, `token=` parameters). Registered here as well, so
 * core's own records (decision log, checkpoint, error lines) hide them on any runtime.
 */
function maskSecretsIn(runtime: Runtime, name: string, value: string): void {
  for (const secret of secretsInInput(name, value)) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    registerSecret(secret);
    runtime.setSecret(secret);
  }
}
