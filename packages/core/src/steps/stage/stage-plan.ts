import type { ConfigPhase } from '../../config/config-file.js';
import { HandsOffError } from '../../errors.js';
import { formatDuration, parseDuration } from '../../inputs/parse-duration.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import type { Runtime } from '../../runtime/runtime.js';
import { BAKE_INPUTS, parseBakeInputs, type BakeOptions } from '../bake-and-watch/bake-inputs.js';
import { DEPLOY_INPUTS, parseDeployInputs, type DeployOptions } from '../deploy/deploy-inputs.js';
import { describeFleetBatches } from '../deploy/deploy-step.js';
import { SIGNATURE_CHECK_INPUTS, refusePolicyWithoutSignature } from '../deploy/artifact-signature.js';
import { readStepInputs } from '../step-inputs.js';
import {
  WINDOW_GUARD_INPUTS,
  parseWindowGuardInputs,
  type WindowGuardOptions,
} from '../window-guard/window-guard-inputs.js';
import { phaseRuntime } from './phase-runtime.js';

/** Inputs of the stage (root action.yml, `hands-off stage`), after `config` and `environment`. */
export const STAGE_INPUTS: readonly InputSpec[] = [
  { name: 'revision', default: '', fromConfig: false },
  { name: 'artifact', default: '', fromConfig: false },
  { name: 'digest', default: '', fromConfig: false },
  ...SIGNATURE_CHECK_INPUTS,
  { name: 'mode', default: 'enforce', fromConfig: true },
  { name: 'wait', default: '0', fromConfig: true },
  { name: 'runway', default: '', fromConfig: true },
  { name: 'require-reviewed', default: 'false', fromConfig: true },
  { name: 'override-reason', default: '', fromConfig: false },
  { name: 'github-token', default: '', fromConfig: false },
];

/** Output names of the stage, as in the root action.yml. */
export const STAGE_OUTPUTS = [
  'result',
  'phase',
  'revision',
  'previous-revision',
  'deployment-ids',
  'duration',
] as const;

/** The phases of the stage, in order. */
export const STAGE_PHASES = [
  'guard',
  'verify',
  'one-box',
  'bake-one-box',
  'fleet',
  'bake-fleet',
  'promote',
] as const;
export type StagePhase = (typeof STAGE_PHASES)[number] | 'rollback';

/** Inputs of the deploy steps that belong to the run (the signed build), handed down when given. */
const RUN_INPUTS = ['artifact', 'digest', ...SIGNATURE_CHECK_INPUTS.map((spec) => spec.name)];

/** Everything the stage will do, checked whole before anything is called. */
export interface StagePlan {
  environment: string;
  revision: string;
  guard: WindowGuardOptions;
  oneBox: DeployOptions;
  oneBoxBake: BakeOptions;
  fleet: DeployOptions;
  fleetBake: BakeOptions;
  /** How long the window must stay open for the stage to start. */
  runwayMs: number;
  /** `input`, `config`, or `worst case` (deploy timeouts plus bake max-durations). */
  runwaySource: string;
}

/** The inputs each phase's step is given; each reads the rest from its phase of the config entry. */
export class PhaseInputs {
  private readonly runtime: Runtime;
  private readonly stage: Record<string, ResolvedInput>;

  constructor(runtime: Runtime, stage: Record<string, ResolvedInput>) {
    this.runtime = runtime;
    this.stage = stage;
  }

  /** A stage input as the user gave it (not from the file: the phase reads its own block). */
  given(name: string): string {
    const input = this.stage[name];
    return input?.source === 'input' ? input.value : '';
  }

  private base(): Record<string, string> {
    return {
      config: this.runtime.getInput('config'),
      environment: this.runtime.getInput('environment'),
      // A phase is never a dry-run of its own: the stage's dry-run runs no phase at all.
      mode: 'enforce',
    };
  }

  guard(runway: string): Record<string, string> {
    return {
      ...this.base(),
      wait: this.given('wait'),
      runway,
      'require-reviewed': this.given('require-reviewed'),
      'override-reason': this.given('override-reason'),
      'github-token': this.given('github-token'),
    };
  }

  deploy(stage: 'one-box' | 'fleet'): Record<string, string> {
    const run = Object.fromEntries(RUN_INPUTS.map((name) => [name, this.given(name)]));
    return { ...this.base(), ...run, revision: this.given('revision'), stage };
  }

  bake(): Record<string, string> {
    return this.base();
  }

  rollback(to: string, reason: string, deploymentId: string): Record<string, string> {
    return { ...this.base(), to, reason, 'deployment-id': deploymentId };
  }
}

/** Reads and parses one phase's inputs; a bad value names the phase as well as the input. */
async function phaseOptions<T>(
  runtime: Runtime,
  label: string,
  configPhase: ConfigPhase | undefined,
  inputs: Record<string, string>,
  specs: readonly InputSpec[],
  parse: (inputs: Record<string, ResolvedInput>) => T,
): Promise<T> {
  try {
    const { inputs: resolved } = await readStepInputs(
      phaseRuntime(runtime, { name: label, configPhase, inputs }),
      specs,
    );
    return parse(resolved);
  } catch (error) {
    if (error instanceof HandsOffError) error.message = `${label}: ${error.message}`;
    throw error;
  }
}

/**
 * Checks every phase's settings with that step's own parser, before the first call: a bad fleet
 * bake duration fails the run before the one box is touched.
 */
export async function planStage(
  runtime: Runtime,
  stageInputs: Record<string, ResolvedInput>,
  environment: string,
): Promise<StagePlan> {
  refusePolicyWithoutSignature(stageInputs);
  const phases = new PhaseInputs(runtime, stageInputs);
  const oneBox = await phaseOptions(
    runtime,
    'one-box',
    'one-box',
    phases.deploy('one-box'),
    DEPLOY_INPUTS,
    parseDeployInputs,
  );
  const oneBoxBake = await phaseOptions(
    runtime,
    'bake-one-box',
    'one-box.bake',
    phases.bake(),
    BAKE_INPUTS,
    parseBakeInputs,
  );
  const fleet = await phaseOptions(
    runtime,
    'fleet',
    'fleet',
    phases.deploy('fleet'),
    DEPLOY_INPUTS,
    parseDeployInputs,
  );
  const fleetBake = await phaseOptions(
    runtime,
    'bake-fleet',
    'fleet.bake',
    phases.bake(),
    BAKE_INPUTS,
    parseBakeInputs,
  );
  const runwayInput = stageInputs.runway;
  const worstCase = oneBox.timeoutMs + oneBoxBake.maxDurationMs + fleet.timeoutMs + fleetBake.maxDurationMs;
  const runwayMs =
    runwayInput && runwayInput.value.trim() !== ''
      ? parseDuration('runway', runwayInput.value.trim())
      : worstCase;
  const runwaySource = runwayInput && runwayInput.value.trim() !== '' ? runwayInput.source : 'worst case';
  const guard = await phaseOptions(
    runtime,
    'guard',
    undefined,
    phases.guard(formatDuration(runwayMs)),
    WINDOW_GUARD_INPUTS,
    parseWindowGuardInputs,
  );
  return {
    environment,
    revision: oneBox.revision,
    guard,
    oneBox,
    oneBoxBake,
    fleet,
    fleetBake,
    runwayMs,
    runwaySource,
  };
}

/** Where a deployment goes, as one line: the CodeDeploy group or the hosts in their batches. */
export function describeTarget(options: DeployOptions): string {
  if (!options.command) {
    return `CodeDeploy ${options.application}/${options.deploymentGroup}${options.deploymentConfig ? ` (${options.deploymentConfig})` : ''}`;
  }
  if (options.stage === 'one-box') return options.command.hosts.slice(0, options.oneBoxCount).join(', ');
  return describeFleetBatches(options.command, options);
}

/** The signals a bake watches, as one line. */
export function describeSignals(options: BakeOptions): string {
  const parts: string[] = [];
  const alarms = [...options.alarms.names, ...options.alarms.prefixes.map((p) => `prefix:${p}`)];
  if (alarms.length) parts.push(`alarms ${alarms.join(', ')}`);
  if (options.probes.length) parts.push(`${options.probes.length} probe(s)`);
  if (options.prometheusRules.length) parts.push(`${options.prometheusRules.length} Prometheus rule(s)`);
  if (options.alertmanagerUrl) parts.push('Alertmanager');
  if (options.anomaly.length) parts.push(`${options.anomaly.length} anomaly rule(s)`);
  if (options.traffic) parts.push(`min-traffic ${options.minTraffic ?? 0}`);
  return parts.join(' · ') || 'none';
}

/** The same deployment target twice (the command target's one state file, one CodeDeploy group). */
export function sameTarget(a: DeployOptions, b: DeployOptions): boolean {
  if (a.command && b.command) return a.command.stateFile === b.command.stateFile;
  return (
    !a.command && !b.command && a.application === b.application && a.deploymentGroup === b.deploymentGroup
  );
}
