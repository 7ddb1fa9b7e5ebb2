import {
  ExitCode,
  describeError,
  VERSION,
  WINDOW_GUARD_INPUTS,
  BAKE_INPUTS,
  bakeStep,
  buildSignatureStep,
  CHECKLIST_INPUTS,
  codeReviewChecklistStep,
  DEPLOY_INPUTS,
  ROLLBACK_INPUTS,
  SIGNATURE_INPUTS,
  deployStep,
  rollbackStep,
  redactText,
  STAGE_INPUTS,
  stageStep,
  runStep,
  windowGuardStep,
  type InputSpec,
  type Step,
} from '@hands-off/core';
import {
  CLI_OPTIONS,
  asksForHelp,
  createCliRuntime,
  envName,
  parseCliArguments,
} from '@hands-off/runtime-cli';
import { runDemo } from './demo/run-demo.js';
import { runGate } from './gate.js';
import { runGenerate } from './generate.js';
import { exampleOf, stepHelp, usage } from './step-help.js';

/** A step the CLI can run: its inputs (flags) and how to build it. */
interface CliStep {
  summary: string;
  /** `config`, `environment`, then the step's inputs, in action.yml order, with their defaults. */
  specs: readonly InputSpec[];
  create: (env: Readonly<Record<string, string | undefined>>) => Step;
}

/** `config` and `environment`, read before every step's own inputs; their defaults are in action.yml's text. */
const CONFIG_INPUTS: readonly InputSpec[] = [
  { name: 'config', default: '', fromConfig: false },
  { name: 'environment', default: '', fromConfig: false },
];
const DEPLOY_CLI_INPUTS = [...CONFIG_INPUTS, ...DEPLOY_INPUTS];
const ROLLBACK_CLI_INPUTS = [...CONFIG_INPUTS, ...ROLLBACK_INPUTS];
const STAGE_CLI_INPUTS = [...CONFIG_INPUTS, ...STAGE_INPUTS];

/** Steps by command name. */
/** The step a user named, as an own entry only: `toString` or `__proto__` is not a step. */
function stepNamed(name: string): CliStep | undefined {
  return Object.hasOwn(STEPS, name) ? STEPS[name] : undefined;
}

export const STEPS: Record<string, CliStep> = {
  'bake-and-watch': {
    summary: 'bake a change: time, real traffic and clean signals; healthy only with evidence',
    specs: [...CONFIG_INPUTS, ...BAKE_INPUTS],
    create: () => bakeStep(),
  },
  'build-signature': {
    summary: 'sign build artifacts (SHA256SUMS, in-toto, DSSE, Sigstore bundle) or verify them offline',
    specs: [...CONFIG_INPUTS, ...SIGNATURE_INPUTS],
    create: () => buildSignatureStep(),
  },
  'code-review-checklist': {
    summary: 'keep a deployment checklist on a merge request, or refuse to deploy an unreviewed commit',
    specs: [...CONFIG_INPUTS, ...CHECKLIST_INPUTS],
    create: () => codeReviewChecklistStep(),
  },
  'one-box-deploy': {
    summary: 'deploy a revision to one box first (or the fleet in batches), follow it, roll back on failure',
    specs: DEPLOY_CLI_INPUTS,
    create: (env) => deployStep({ commandEnv: commandEnvOf(env, DEPLOY_CLI_INPUTS) }),
  },
  rollback: {
    summary: 'return an environment to its last known good revision, fast, and check it',
    specs: ROLLBACK_CLI_INPUTS,
    create: (env) => rollbackStep({ commandEnv: commandEnvOf(env, ROLLBACK_CLI_INPUTS) }),
  },
  stage: {
    summary: 'the whole safe stage: guard, verify, one box, bake, fleet, bake, promote; rollback on failure',
    specs: STAGE_CLI_INPUTS,
    create: (env) => stageStep({ commandEnv: commandEnvOf(env, STAGE_CLI_INPUTS) }),
  },
  'window-guard': {
    summary: 'allow a deployment only inside time windows, outside deny periods, with no blocker alarm',
    specs: [...CONFIG_INPUTS, ...WINDOW_GUARD_INPUTS],
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
  const steps = Object.entries(STEPS).map(([name, step]) => ({ name, summary: step.summary }));
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const about = command === 'help' && rest[0] !== undefined ? rest[0] : undefined;
    if (about !== undefined && stepNamed(about) !== undefined)
      return runCli([about, '--help'], env, rawWrite);
    write.out(usage(steps));
    return command === undefined ? ExitCode.Error : ExitCode.Ok;
  }
  if (command === 'demo') return runDemo(rest, write);
  if (command === 'generate') return runGenerate(rest, env, write);
  if (command === 'gate') return runGate(rest, env, write);
  if (command === '--version') {
    write.out(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const step = stepNamed(command);
  if (step === undefined) {
    write.err(`error: \`${command}\` is not a hands-off step (steps: ${Object.keys(STEPS).join(', ')})\n`);
    return ExitCode.Error;
  }
  if (asksForHelp(rest)) {
    write.out(await stepHelp({ name: command, summary: step.summary, specs: step.specs }));
    return ExitCode.Ok;
  }
  const inputs = step.specs.map((spec) => spec.name);
  let flags: Map<string, string>;
  try {
    flags = parseCliArguments(rest, inputs, (name) => exampleOf(name, command));
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

/**
 * The environment the deploy and health commands start from: the CLI's own, as a shell would pass it,
 * without the step's inputs (`HANDS_OFF_<INPUT>`, `HANDS_OFF_GITHUB_TOKEN` among them) and the CLI's
 * options: a command gets what the job gives it, never the step's own configuration or tokens.
 */
function commandEnvOf(
  env: Readonly<Record<string, string | undefined>>,
  inputs: readonly InputSpec[],
): Record<string, string> {
  const own = new Set([...inputs.map((spec) => spec.name), ...CLI_OPTIONS].map(envName));
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !own.has(entry[0]),
    ),
  );
}
