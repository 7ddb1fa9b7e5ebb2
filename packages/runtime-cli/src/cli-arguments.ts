import { InputError } from '@hands-off/core';

/** `HANDS_OFF_<INPUT>`: upper case, hyphens as underscores, since GitLab keys cannot hold hyphens. */
export function envName(input: string): string {
  return `HANDS_OFF_${input.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Dotenv key of a step output: prefixed with the step (or `--output-prefix`), so outputs of
 * several steps, or of two guards a job `needs:`, never clash.
 */
export function dotenvKey(prefix: string, output: string): string {
  return `${prefix}_${output}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Options of the CLI itself, not inputs of a step. */
export const CLI_OPTIONS = ['output-dir', 'output-prefix'] as const;

/**
 * Parses `--name value` and `--name=value` flags. A flag given several times yields one value
 * per line, so `--allow 'Mon 09:00-17:00' --allow 'Fri 09:00-12:00'` reads like a multi-line input.
 */
export function parseCliArguments(args: readonly string[], known: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  const accepted = new Set<string>([...known, ...CLI_OPTIONS]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const match = /^--([a-z][a-z0-9-]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!match) {
      throw new InputError('arguments', `\`${arg}\` is not a --flag`, '`--allow "Mon-Fri 09:00-17:00"`');
    }
    const name = match[1] as string;
    if (!accepted.has(name)) {
      throw new InputError(
        `--${name}`,
        `is not an option of this step (options: ${[...accepted].map((k) => `--${k}`).join(' ')})`,
        `--${known[0] ?? 'mode'} …`,
      );
    }
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined)
        throw new InputError(name, `\`--${name}\` needs a value`, `\`--${name} <value>\``);
      i++;
    }
    const previous = values.get(name);
    values.set(name, previous === undefined ? value : `${previous}\n${value}`);
  }
  return values;
}
