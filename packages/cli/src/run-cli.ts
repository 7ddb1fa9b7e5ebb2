import {
  ExitCode,
  describeError,
  VERSION,
  WINDOW_GUARD_INPUTS,
  BAKE_INPUTS,
  bakeStep,
  DEPLOY_INPUTS,
  ROLLBACK_INPUTS,
  deployStep,
  rollbackStep,
  redactText,
  runStep,
  windowGuardStep,
  type Step,
} from '@hands-off/core';
import { CLI_OPTIONS, createCliRuntime, envName, parseCliArguments } from '@hands-off/runtime-cli';
import { runDemo } from './demo/run-demo.js';

/** A step the CLI can run: its inputs (flags) and how to build it. */
interface CliStep {
  summary: string;
  inputs: readonly string[];
  create: (env: Readonly<Record<string, string | undefined>>) => Step;
}

/** Inputs of the steps that run commands (flags, and the HANDS_OFF_<INPUT> kept from those commands). */
const DEPLOY_CLI_INPUTS = ['config', 'environment', ...DEPLOY_INPUTS.map((spec) => spec.name)];
const ROLLBACK_CLI_INPUTS = ['config', 'environment', ...ROLLBACK_INPUTS.map((spec) => spec.name)];

/** Steps by command name. */
export const STEPS: Record<string, CliStep> = {
  'bake-and-watch': {
    summary: 'bake a change: time, real traffic and clean signals; healthy only with evidence',
    inputs: ['config', 'environment', ...BAKE_INPUTS.map((spec) => spec.name)],
    create: () => bakeStep(),
  },
  'one-box-deploy': {
    summary: 'deploy a revision to one box first (or the fleet in batches), follow it, roll back on failure',
    inputs: DEPLOY_CLI_INPUTS,
    create: (env) => deployStep({ commandEnv: commandEnvOf(env, DEPLOY_CLI_INPUTS) }),
  },
  rollback: {
    summary: 'return an environment to its last known good revision, fast, and check it',
    inputs: ROLLBACK_CLI_INPUTS,
    create: (env) => rollbackStep({ commandEnv: commandEnvOf(env, ROLLBACK_CLI_INPUTS) }),
  },
  'window-guard': {
    summary: 'allow a deployment only inside time windows, outside deny periods, with no blocker alarm',
    inputs: ['config', 'environment', ...WINDOW_GUARD_INPUTS.map((spec) => spec.name)],
    create: () => windowGuardStep(),
  },
};

type Writer = { out: (text: string) => void; err: (text: string) => void };

/**
 * `hands-off <step> [--input value ...]`: runs one step and returns its exit code. Everything it
 * prints is redacted (masked values, URL credentials, `token=` pairs), even an echoed unknown step.
 */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  rawWrite: Writer,
): Promise<number> {
  const write: Writer = {
    out: (text) => rawWrite.out(redactText(text)),
    err: (text) => rawWrite.err(redactText(text)),
  };
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    write.out(usage());
    return command === undefined ? ExitCode.Error : ExitCode.Ok;
  }
  if (command === 'demo') return runDemo(rest, write);
  if (command === '--version') {
    write.out(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const step = STEPS[command];
  if (step === undefined) {
    write.err(`error: \`${command}\` is not a hands-off step (steps: ${Object.keys(STEPS).join(', ')})\n`);
    return ExitCode.Error;
  }
  if (rest.includes('--help')) {
    write.out(
      `hands-off ${command}: ${step.summary}\n\noptions (or HANDS_OFF_<NAME> variables):\n${step.inputs.map((i) => `  --${i}`).join('\n')}\n  --output-dir     where outputs, summary and decision log go (default hands-off)\n  --output-prefix  prefix of the dotenv keys (default the step name)\n`,
    );
    return ExitCode.Ok;
  }
  let flags: Map<string, string>;
  try {
    flags = parseCliArguments(rest, step.inputs);
  } catch (error) {
    write.err(`error: ${command}: ${describeError(error)}\n`);
    return ExitCode.Error;
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let runtime: ReturnType<typeof createCliRuntime>;
    try {
      runtime = createCliRuntime(command, flags, env, controller.signal, write);
    } catch (error) {
      write.err(`error: ${command}: ${describeError(error)}\n`);
      return ExitCode.Error;
    }
    const code = await runStep(step.create(env), runtime);
    runtime.finish();
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function usage(): string {
  const lines = Object.entries(STEPS).map(([name, step]) => `  ${name.padEnd(16)}${step.summary}`);
  return `usage: hands-off <step> [--input value ...]\n\nsteps:\n${lines.join('\n')}\n\nhands-off <step> --help lists a step's inputs.\nhands-off demo [--good] runs the whole stage on a local fleet.\n`;
}

/**
 * The environment the deploy and health commands start from: the CLI's own, as a shell would pass it,
 * without the step's inputs (`HANDS_OFF_<INPUT>`, `HANDS_OFF_GITHUB_TOKEN` among them) and the CLI's
 * options: a command gets what the job gives it, never the step's own configuration or tokens.
 */
function commandEnvOf(
  env: Readonly<Record<string, string | undefined>>,
  inputs: readonly string[],
): Record<string, string> {
  const own = new Set([...inputs, ...CLI_OPTIONS].map(envName));
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !own.has(entry[0]),
    ),
  );
}
