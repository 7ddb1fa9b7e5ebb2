import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Repository root. */
export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
/** The Node 24 from node_modules: the runner's runtime for `node24` actions. */
export const NODE24 = join(ROOT, 'node_modules/.bin/node');

/** The action.yml of a step: `stage` is the root action (`uses: hands-off/hands-off@v0`). */
export function actionYml(step: string): string {
  return step === 'stage' ? join(ROOT, 'action.yml') : join(ROOT, 'actions', step, 'action.yml');
}

/** What a bundle run produced, read back the way the runner reads it. */
export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** stdout lines the runner would show (no `::debug::`). */
  visibleLines: string[];
  /** The `decision-log` output resolved against the workspace; empty when not set. */
  decisionLogPath: string;
  /** What the step saved with saveState (GITHUB_STATE), for a later post run. */
  state: Record<string, string>;
}

/** Options of runAction. */
export interface RunActionOptions {
  /** Input values by name, as a workflow's `with:` would give them. */
  inputs?: Record<string, string>;
  /** Extra environment variables (AWS_*, GITHUB_ACTOR, TZ, ...). */
  env?: Record<string, string>;
  /** GITHUB_WORKSPACE; a fresh temp dir by default. */
  workspace?: string;
  /** Send SIGINT after this many milliseconds. */
  interruptAfterMs?: number;
  /** Send SIGINT as soon as stdout has a line matching this (a cancel at a chosen phase). */
  interruptOn?: RegExp;
  /** Kill with SIGKILL after this many milliseconds (a runner that lost the job). */
  killAfterMs?: number;
  /** State from the main run, given as STATE_<name> as the runner does for the post step. */
  state?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Runs `dist/<step>/index.js` under Node 24 as the runner does: INPUT_<NAME> variables with
 * action.yml defaults applied, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files.
 */
export async function runAction(step: string, options: RunActionOptions = {}): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), `hands-off-${step}-`));
  const files = {
    output: join(temp, 'output'),
    state: join(temp, 'state'),
    summary: join(temp, 'summary.md'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const metadata = parse(readFileSync(actionYml(step), 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: options.workspace ?? temp,
    RUNNER_TEMP: temp,
  };
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    const value = options.inputs?.[name] ?? spec.default;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(value);
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    if (!(name in (metadata.inputs ?? {}))) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  Object.assign(env, options.env);
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;

  const child = spawn(NODE24, [join(ROOT, 'dist', step, 'index.js')], { env, cwd: env.GITHUB_WORKSPACE });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.interruptOn !== undefined) {
    const pattern = options.interruptOn;
    const watch = (): void => {
      if (!pattern.test(stdout)) return;
      child.stdout.off('data', watch);
      child.kill('SIGINT');
    };
    child.stdout.on('data', watch);
  }
  if (options.interruptAfterMs !== undefined) {
    setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs).unref();
  }
  if (options.killAfterMs !== undefined) {
    setTimeout(() => child.kill('SIGKILL'), options.killAfterMs).unref();
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const outputs = parseRunnerFile(readFileSync(files.output, 'utf8'));
  return {
    decisionLogPath: outputs['decision-log']
      ? resolve(env.GITHUB_WORKSPACE as string, outputs['decision-log'])
      : '',
    code,
    stdout,
    stderr,
    outputs,
    state: parseRunnerFile(readFileSync(files.state, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    visibleLines: stdout.split('\n').filter((line) => line !== '' && !line.startsWith('::debug::')),
  };
}

/** Parses the runner's `name<<DELIMITER` file-command format (and plain `name=value` lines). */
export function parseRunnerFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}
