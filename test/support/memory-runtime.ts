import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobContext, Runtime } from '@hands-off/core';

/** A Runtime that keeps everything in memory, for driving steps in-process. */
export interface MemoryRuntime extends Runtime {
  outputs: Map<string, string>;
  lines: { level: 'info' | 'warning' | 'error' | 'debug'; text: string }[];
  summaries: string[];
  controller: AbortController;
}

/** Builds a MemoryRuntime with the given inputs and context overrides. */
export function memoryRuntime(
  inputs: Record<string, string> = {},
  context: Partial<JobContext> = {},
): MemoryRuntime {
  const workspace = context.workspace ?? mkdtempSync(join(tmpdir(), 'hands-off-ws-'));
  const outputs = new Map<string, string>();
  const state = new Map<string, string>();
  const lines: MemoryRuntime['lines'] = [];
  const summaries: string[] = [];
  const controller = new AbortController();
  return {
    context: {
      platform: 'local',
      actor: '',
      workspace,
      outputDir: join(workspace, 'hands-off'),
      deployFreeze: false,
      jobUrl: '',
      ...context,
    },
    log: {
      info: (text) => lines.push({ level: 'info', text }),
      warning: (text) => lines.push({ level: 'warning', text }),
      error: (text) => lines.push({ level: 'error', text }),
      debug: (text) => lines.push({ level: 'debug', text }),
    },
    getInput: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void outputs.set(name, value),
    setSecret: () => undefined,
    saveState: (name, value) => void state.set(name, value),
    getState: (name) => state.get(name) ?? '',
    writeSummary: async (markdown) => void summaries.push(markdown),
    group: async (_title, fn) => fn(),
    cancelSignal: controller.signal,
    outputs,
    lines,
    summaries,
    controller,
  };
}
