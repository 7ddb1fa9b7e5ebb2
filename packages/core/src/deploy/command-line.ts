import { parse } from 'shell-quote';
import { InputError } from '../errors.js';

/** Longest accepted command line, in characters. */
export const MAX_COMMAND_LENGTH = 4096;

/** A command to run without a shell: the program and its arguments. */
export interface CommandLine {
  file: string;
  args: string[];
  /** As written, for logs. */
  text: string;
}

/**
 * Splits a command input (`./deploy.sh --fast`, `ssh deploy@"$HOST" ...` is NOT expanded) into a
 * program and arguments, with shell quoting rules but never a shell: pipes, redirections, `&&`,
 * globs and variables are refused, because the command runs once per host with
 * HANDS_OFF_HOST and HANDS_OFF_REVISION in its environment, not pasted into a string.
 */
export function parseCommandLine(input: string, raw: string): CommandLine {
  const text = raw.trim();
  const example = '`./scripts/deploy.sh --service shop` (it reads HANDS_OFF_HOST and HANDS_OFF_REVISION)';
  if (text === '') throw new InputError(input, 'is empty', example);
  // One line of a sane length: the command runs once per host, and a 100 KB or multi-line value is
  // a mistake (or a script pasted in place of its path), not a command.
  if (/[\r\n]/.test(text))
    throw new InputError(input, 'must be one line; put several commands in a script', example);
  if (text.length > MAX_COMMAND_LENGTH) {
    throw new InputError(
      input,
      `is ${text.length} characters long, more than ${MAX_COMMAND_LENGTH}`,
      example,
    );
  }
  const tokens = parse(text, (name) => `$${name}`);
  const args: string[] = [];
  for (const token of tokens) {
    if (typeof token !== 'string') {
      throw new InputError(
        input,
        `\`${raw}\` uses shell syntax (pipes, redirections, \`&&\`, globs or comments); put it in a script`,
        example,
      );
    }
    if (token.includes('$')) {
      throw new InputError(
        input,
        `\`${raw}\` uses a shell variable; read HANDS_OFF_HOST / HANDS_OFF_REVISION from the environment in a script`,
        example,
      );
    }
    args.push(token);
  }
  const [file, ...rest] = args;
  if (file === undefined) throw new InputError(input, 'is empty', example);
  return { file, args: rest, text };
}
