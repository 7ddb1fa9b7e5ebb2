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
  runStep,
  windowGuardStep,
  type Step,
} from '@hands-off/core';
import { createCliRuntime, parseCliArguments } from '@hands-off/runtime-cli';
import { runDemo } from './demo/run-demo.js';

/** A step the CLI can run: its inputs (flags) and how to build it. */
interface CliStep {
  summary: string;
  inputs: readonly string[];
  create: (env: Readonly<Record<string, string | undefined>>) => Step;
}

/** Steps by command name. */
export const STEPS: Record<string, CliStep> = {
  'bake-and-watch': {
    summary: 'bake a change: time, real traffic and clean signals; healthy only with evidence',
    inputs: ['config', 'environment', ...BAKE_INPUTS.map((spec) => spec.name)],
    create: () => bakeStep(),
  },
  'one-box-deploy': {
    summary: 'deploy a revision to one box first (or the fleet in batches), follow it, roll back on failure',
    inputs: ['config', 'environment', ...DEPLOY_INPUTS.map((spec) => spec.name)],
    create: (env) => deployStep({ commandEnv: commandEnvOf(env) }),
  },
  rollback: {
    summary: 'return an environment to its last known good revision, fast, and check it',
    inputs: ['config', 'environment', ...ROLLBACK_INPUTS.map((spec) => spec.name)],
    create: (env) => rollbackStep({ commandEnv: commandEnvOf(env) }),
  },
  'window-guard': {
    summary: 'allow a deployment only inside time windows, outside deny periods, with no blocker alarm',
    inputs: ['config', 'environment', ...WINDOW_GUARD_INPUTS.map((spec) => spec.name)],
    create: () => windowGuardStep(),
  },
};

type Writer = { out: (text: string) => void; err: (text: string) => void };

/** `hands-off <step> [--input value ...]`: runs one step and returns its exit code. */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  write: Writer,
): Promise<number> {
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

/** The environment the deploy and health commands start from: the CLI's own, as a shell would pass it. */
function commandEnvOf(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
