import { ExitCode, type InputSpec } from '@hands-off/core';
import { dotenvKey, envName, flagExample } from '@hands-off/runtime-cli';
import { readActionInputs } from './action-metadata.js';
import { INPUT_EXAMPLES, STEP_INPUT_EXAMPLES } from './input-examples.js';

/** Width the help text is wrapped to: a terminal of 100 columns, and CI logs, show it unbroken. */
const WIDTH = 100;
/** Indent of an input's description under its flag. */
const INDENT = '      ';

/** What the help of one step needs to know about it. */
export interface StepHelpSource {
  name: string;
  summary: string;
  /** The inputs the CLI accepts, with the defaults the step applies after the config file. */
  specs: readonly InputSpec[];
}

/** An example value of an input (or CLI option) of `step`, or `<value>` for a name that has none. */
export function exampleOf(name: string, step = ''): string {
  const own = Object.hasOwn(STEP_INPUT_EXAMPLES, step) ? STEP_INPUT_EXAMPLES[step] : undefined;
  if (own !== undefined && Object.hasOwn(own, name)) return own[name] ?? '<value>';
  return Object.hasOwn(INPUT_EXAMPLES, name) ? (INPUT_EXAMPLES[name] ?? '<value>') : '<value>';
}

/**
 * `hands-off <step> --help`: every input of the step's action.yml with its description (from
 * action.yml), its default (from the step's InputSpec, the value the step applies) and an example,
 * then the CLI's own options. Nothing here is written per input, so it cannot drift from action.yml.
 */
export async function stepHelp(step: StepHelpSource): Promise<string> {
  const defaults = new Map(step.specs.map((spec) => [spec.name, spec.default]));
  const declared = await readActionInputs(step.name);
  const inputs = declared.map((input) =>
    entry(input.name, input.description, defaults.get(input.name) ?? '', step.name),
  );
  // A step with an `output-dir` input of its own (build-signature) shares it with the CLI's option.
  const ownOutputDir = declared.some((input) => input.name === 'output-dir');
  const prefix = dotenvKey(step.name, '').replace(/_$/, '');
  return [
    `hands-off ${step.name}: ${step.summary}`,
    '',
    `usage: hands-off ${step.name} [--<input> <value> ...]`,
    '',
    ...wrap(
      `Every input is a flag or a HANDS_OFF_<INPUT> variable (upper case, hyphens as underscores: ` +
        `${envName('deployment-group')}). A flag wins over the variable, the variable over the config ` +
        `file's \`environment\` entry, and that over the default. Repeat a flag to give one value per line. ` +
        `These are the inputs of the GitHub action actions/${step.name}, with the same meanings.`,
      '',
    ),
    '',
    'inputs:',
    ...inputs,
    '',
    'options of the CLI:',
    ...(ownOutputDir
      ? [
          ...wrap(
            '(--output-dir is the input above, and also where the dotenv report, the summary and the ' +
              'decision log go when given; else they go to hands-off/.)',
            INDENT,
          ),
        ]
      : [
          entry(
            'output-dir',
            'Where the dotenv report (<output-dir>/<step>.env), the summary, the saved state and the decision ' +
              'log go; relative to CI_PROJECT_DIR, else the working directory. Also HANDS_OFF_OUTPUT_DIR.',
            'hands-off',
            step.name,
          ),
        ]),
    entry(
      'output-prefix',
      'Prefix of the dotenv keys: <PREFIX>_<OUTPUT>. Also HANDS_OFF_OUTPUT_PREFIX.',
      prefix,
      step.name,
    ),
    '  -h, --help',
    `${INDENT}Show this help.`,
    '',
    ...exitCodes(),
    '',
  ].join('\n');
}

/** `hands-off --help`: the steps, how to get a step's help, and the demo. */
export function usage(steps: readonly { name: string; summary: string }[]): string {
  const width = Math.max(...steps.map((step) => step.name.length)) + 2;
  return [
    'usage: hands-off <step> [--<input> <value> ...]',
    '       hands-off <step> --help    the inputs of a step: description, default and an example of each',
    '       hands-off demo [--good]    the whole stage on four loopback hosts, no cloud account (--help)',
    "       hands-off generate github|gitlab    the workflow or pipeline of the config's waves (--help)",
    '       hands-off --version',
    '',
    'steps:',
    ...steps.map((step) => `  ${step.name.padEnd(width)}${step.summary}`),
    '',
    ...wrap(
      'Inputs are flags or HANDS_OFF_<INPUT> variables, as in the GitLab components; outputs go to ' +
        'hands-off/<step>.env as <STEP>_<OUTPUT>=<value> lines (a GitLab dotenv report) and are printed.',
      '',
    ),
    '',
    ...exitCodes(),
    '',
  ].join('\n');
}

/** The exit codes every step shares. */
function exitCodes(): string[] {
  return wrap(
    `exit codes: ${ExitCode.Ok} passed (or dry-run), ${ExitCode.Error} bad input or setup (nothing decided), ` +
      `${ExitCode.Refused} refused or failed, ${ExitCode.Pending} not decided yet (a bake slice ended first).`,
    '',
  );
}

/** One input: `--name <value>`, its description, then its default and an example. */
function entry(name: string, description: string, defaultValue: string, step: string): string {
  const facts = [
    ...(defaultValue === '' ? [] : [`default: ${defaultValue}`]),
    `example: ${flagExample(name, exampleOf(name, step))}`,
  ];
  return [`  --${name} <value>`, ...wrap(description, INDENT), `${INDENT}${facts.join('   ')}`].join('\n');
}

/** Word-wraps `text` to WIDTH columns, each line starting with `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(`${indent}${line}`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}
