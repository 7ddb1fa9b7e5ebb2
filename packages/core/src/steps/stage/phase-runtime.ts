import type { ConfigPhase } from '../../config/config-file.js';
import type { Runtime } from '../../runtime/runtime.js';

/** What one phase of the stage left behind: the step's outputs, its summary and the state it saved. */
export interface PhaseRecord {
  outputs: Map<string, string>;
  summaries: string[];
  /** What the step saved for its post run, as it saved it (the runner shows it back only to the post run). */
  state: Map<string, string>;
}

/**
 * The runtime a step sees when the stage runs it as one phase. The step reads exactly the inputs
 * the stage hands it (`config` and `environment` included) and its phase's blocks of the config
 * entry; its outputs and summary are kept for the stage, which publishes its own; its saved state
 * is namespaced by the phase, so the one box's deployment id never reads as the fleet's. Logs,
 * secrets, the cancel signal and the review platform are the job's own.
 */
export function phaseRuntime(
  parent: Runtime,
  phase: { name: string; configPhase?: ConfigPhase; inputs: Record<string, string> },
): Runtime & { record: PhaseRecord } {
  const record: PhaseRecord = { outputs: new Map(), summaries: [], state: new Map() };
  const stateName = (name: string): string => `${phase.name}-${name}`;
  const runtime: Runtime & { record: PhaseRecord } = {
    context: parent.context,
    log: parent.log,
    getInput: (name) => (Object.hasOwn(phase.inputs, name) ? (phase.inputs[name] ?? '').trim() : ''),
    setOutput: (name, value) => void record.outputs.set(name, value),
    setSecret: (value) => parent.setSecret(value),
    saveState: (name, value) => {
      record.state.set(name, value);
      parent.saveState(stateName(name), value);
    },
    getState: (name) => parent.getState(stateName(name)),
    writeSummary: async (markdown) => void record.summaries.push(markdown),
    // The stage already opened the phase's group; GitHub does not nest groups.
    group: async (_title, fn) => fn(),
    cancelSignal: parent.cancelSignal,
    ...(phase.configPhase ? { configPhase: phase.configPhase } : {}),
    record,
  };
  if (parent.reviewAccess) runtime.reviewAccess = parent.reviewAccess.bind(parent);
  return runtime;
}
