import type { InputSource } from '../decision-log/decision-log.js';
import type { ResolvedConfig } from '../config/config-file.js';

/** An input's effective value and where it came from. */
export interface ResolvedInput {
  value: string;
  source: InputSource;
}

/** How one input of a step is filled when the user leaves it empty. */
export interface InputSpec {
  name: string;
  /** The default after the config file; documented in action.yml's description, not its `default`. */
  default: string;
  /** Whether the config file may set it (per-run inputs like `at` may not). */
  fromConfig: boolean;
}

/**
 * Effective inputs of a step: a non-empty input wins, then the config entry, then the default.
 * action.yml declares no defaults for these inputs, because the runner would fill them in and
 * hide the config file's value.
 */
export function resolveInputs(
  specs: readonly InputSpec[],
  getInput: (name: string) => string,
  config: ResolvedConfig,
): Record<string, ResolvedInput> {
  const out: Record<string, ResolvedInput> = {};
  for (const spec of specs) {
    const given = getInput(spec.name);
    const fromFile =
      spec.fromConfig && Object.hasOwn(config.values, spec.name) ? config.values[spec.name] : undefined;
    if (given !== '') out[spec.name] = { value: given, source: 'input' };
    else if (fromFile !== undefined && fromFile.trim() !== '')
      out[spec.name] = { value: fromFile, source: 'config' };
    else out[spec.name] = { value: spec.default, source: 'default' };
  }
  return out;
}
