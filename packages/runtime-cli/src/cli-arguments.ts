import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HandsOffError, boundErrorText, isSecretInputName, quoteValue } from '@hands-off/core';

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

/** Whether the arguments ask for help (`--help` or `-h` anywhere): help wins over every other flag. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--help' || arg === '-h');
}

/** Longest flag-error line: the list of a step's options is long, the rest is bounded on its own. */
const MAX_FLAG_ERROR_CHARS = 1200;

/**
 * A command line that is not `--flag value` pairs of known flags. Its message has the InputError
 * layout (`input \`<flag>\`: <problem>; example of a valid value: <example>`), but the problem may
 * list every option of a step, which InputError would cut.
 */
export class FlagError extends HandsOffError {
  readonly input: string;

  constructor(input: string, problem: string, example: string, options?: { cause?: unknown }) {
    super(
      'INPUT',
      boundErrorText(
        `input \`${boundErrorText(input, 60)}\`: ${problem}; example of a valid value: ${example}`,
        MAX_FLAG_ERROR_CHARS,
        { quoted: 'keep' },
      ),
      options,
    );
    this.name = 'FlagError';
    this.input = input;
  }
}

/** `--name value`, the value single-quoted for a shell when it holds anything but plain characters. */
export function flagExample(name: string, value: string): string {
  const shown = /^[\w./:@%+=,$-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return `--${name} ${shown}`;
}

/**
 * Parses `--name value` and `--name=value` flags with `node:util` parseArgs (strict: no positional
 * arguments, no unknown flags, no flag without its value). A flag given several times yields one
 * value per line, so `--allow 'Mon 09:00-17:00' --allow 'Fri 09:00-12:00'` reads like a multi-line
 * input. Anything else throws a FlagError naming the flag, what is wrong and a valid example, taken
 * from `exampleOf(name)`.
 */
export function parseCliArguments(
  args: readonly string[],
  known: readonly string[],
  exampleOf: (name: string) => string = () => '<value>',
): Map<string, string> {
  const accepted = [...known, ...CLI_OPTIONS];
  const options: ParseArgsConfig['options'] = Object.fromEntries(
    accepted.map((name) => [name, { type: 'string', multiple: true }]),
  );
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw flagErrorOf(args, options, exampleOf, error);
  }
  const flags = new Map<string, string>();
  for (const name of accepted) {
    const given = values[name];
    if (Array.isArray(given)) flags.set(name, given.join('\n'));
  }
  return flags;
}

/**
 * The FlagError for a command line strict parseArgs refused. Node's messages are English prose
 * that may change between versions; the culprit is found in the tokens of a lenient parse instead.
 */
function flagErrorOf(
  args: readonly string[],
  options: ParseArgsConfig['options'],
  exampleOf: (name: string) => string,
  cause: unknown,
): FlagError {
  const accepted = Object.keys(options ?? {});
  const example = (name: string): string => `\`${flagExample(name, exampleOf(name))}\``;
  // With no near match, an example of the step's first own input (config and environment are everyone's).
  const first = accepted.find((name) => name !== 'config' && name !== 'environment') ?? 'mode';
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      return new FlagError(
        'arguments',
        `${quoteValue(token.value)} is not a --flag (every input is \`--<input> <value>\`)`,
        example(first),
        { cause },
      );
    }
    if (token.kind !== 'option') continue;
    if (!accepted.includes(token.name)) {
      const near = nearest(token.name, accepted);
      return new FlagError(
        token.rawName,
        `is not an option of this step (options: ${accepted.map((name) => `--${name}`).join(' ')}; ` +
          `--help describes each)${near ? `; perhaps \`--${near}\`` : ''}`,
        example(near ?? first),
        { cause },
      );
    }
    if (token.value === undefined) {
      return new FlagError(token.name, `\`${token.rawName}\` needs a value`, example(token.name), { cause });
    }
    if (!token.inlineValue && token.value.startsWith('-')) {
      // A PEM key starts with `-----BEGIN`: its text is never quoted, not even its first characters.
      const shown = isSecretInputName(token.name)
        ? 'a value starting with `-` (not shown: a secret input)'
        : quoteValue(token.value);
      return new FlagError(
        token.name,
        `\`${token.rawName}\` is followed by ${shown}, another flag, not its value ` +
          `(a value that starts with \`-\` is written \`${token.rawName}=<value>\`)`,
        example(token.name),
        { cause },
      );
    }
  }
  return new FlagError('arguments', 'cannot be read as `--<input> <value>` flags', example(first), {
    cause,
  });
}

/** The accepted name closest to a mistyped one (a typo or two away), if any. */
function nearest(name: string, accepted: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of accepted) {
    const distance = editDistance(name, candidate);
    if (distance <= Math.max(1, Math.floor(candidate.length / 4)) && (!best || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

/** Levenshtein distance of two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
