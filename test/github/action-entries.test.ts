import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetSecrets } from '@hands-off/core';
import { parseRunnerFile, ROOT } from '../support/run-action.js';

// Each action's src/main.ts exports run(), the contract of @github/local-action and of the
// bundle's entry (src/index.ts): importing it does nothing, calling it runs the step once on the
// real @actions/core, sets process.exitCode and leaves the process running.

const STEPS = readdirSync(join(ROOT, 'actions')).filter((step) =>
  existsSync(join(ROOT, 'actions', step, 'action.yml')),
);

type Entry = { run: () => Promise<number> };
const entry = async (step: string): Promise<Entry> =>
  (await import(`../../actions/${step}/src/main.js`)) as Entry;

/** Gives the next stage fresh runner files (GITHUB_OUTPUT, GITHUB_STATE); read() parses them. */
function stageFiles(): { read: () => { outputs: Record<string, string>; state: Record<string, string> } } {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-entry-'));
  const output = join(dir, 'output');
  const state = join(dir, 'state');
  for (const file of [output, state]) writeFileSync(file, '');
  Object.assign(process.env, {
    GITHUB_OUTPUT: output,
    GITHUB_STATE: state,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
  });
  return {
    read: () => ({
      outputs: parseRunnerFile(readFileSync(output, 'utf8')),
      state: parseRunnerFile(readFileSync(state, 'utf8')),
    }),
  };
}

const setInputs = (inputs: Record<string, string>): void => {
  for (const key of Object.keys(process.env)) if (/^(INPUT|STATE)_/.test(key)) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
};

describe('actions/<step>/src/main.ts', () => {
  const savedEnv = { ...process.env };
  const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  let stdout = '';
  beforeEach(() => {
    stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...savedEnv };
    process.exitCode = undefined;
    forgetSecrets();
    // Each run listens for the runner's cancel signals; this process is not a runner's.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) {
        if (!signalListeners[signal].includes(listener)) process.removeListener(signal, listener);
      }
    }
  });

  it.each(STEPS)('%s exports run() and importing it runs nothing', async (step) => {
    const { run } = await entry(step);
    expect(typeof run).toBe('function');
    expect(stdout).toBe('');
    expect(process.exitCode).toBeUndefined();
  });

  it('window-guard run() writes its outputs through @actions/core and resolves to the exit code', async () => {
    const files = stageFiles();
    setInputs({ timezone: 'Europe/Berlin', allow: 'Mon-Thu 09:00-17:00', at: '2026-11-26T10:00:00Z' });
    const { run } = await entry('window-guard');
    expect(await run()).toBe(0);
    expect(process.exitCode).toBe(0);
    expect(files.read().outputs).toMatchObject({ open: 'true', 'closes-at': '2026-11-26T16:00:00Z' });
  });

  it('run() never lowers an exit code set by an earlier stage of the same process', async () => {
    stageFiles();
    const { run } = await entry('window-guard');
    setInputs({ timezone: 'Europe/Berlin', deny: 'Fri 14:00-24:00', at: '2026-11-27T15:00:00Z' });
    expect(await run()).toBe(2);
    setInputs({ timezone: 'Europe/Berlin', at: '2026-11-26T10:00:00Z' });
    expect(await run()).toBe(0);
    expect(process.exitCode).toBe(2);
  });

  it('one-box-deploy run() is the post stage when the runner gives back the saved phase as STATE_', async () => {
    const inputs = {
      target: 'command',
      hosts: 'web-1',
      'deploy-command': 'true',
      revision: 'v2',
      mode: 'dry-run',
    };
    const main = stageFiles();
    setInputs(inputs);
    const { run } = await entry('one-box-deploy');
    expect(await run()).toBe(0);
    const { state } = main.read();
    expect(state.phase).toBe('main');
    expect(stdout).toContain('one-box-deploy (dry-run, nothing changed)');

    stageFiles();
    setInputs(inputs);
    for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value;
    stdout = '';
    expect(await run()).toBe(0);
    expect(stdout).toContain('one-box-deploy (post): nothing in flight');
    expect(stdout).not.toContain('dry-run, nothing changed');
  });
});
