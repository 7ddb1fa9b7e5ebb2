import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, bakeStep, runStep, windowGuardStep, type Step } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

/** Runs a step; a read that blocks (the bug) fails the test at its own timeout instead of hanging jest. */
async function run(step: Step, inputs: Record<string, string>, workspace?: string) {
  const runtime = memoryRuntime(inputs, workspace ? { workspace } : {});
  const started = Date.now();
  const exitCode = await runStep(step, runtime);
  return {
    exitCode,
    ms: Date.now() - started,
    errors: runtime.lines.filter((l) => l.level === 'error').map((l) => l.text),
    outputs: [...runtime.outputs.keys()],
  };
}

describe('the config file is read only if it is a regular file within its size limit', () => {
  it('a FIFO given as `config` is refused at once with one line naming the input and the file', async () => {
    const workspace = memoryRuntime().context.workspace;
    execFileSync('mkfifo', [join(workspace, 'policy.yml')]);
    const result = await run(windowGuardStep(), { config: 'policy.yml' }, workspace);
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      'window-guard: input `config`: file `policy.yml` is not a regular file (a FIFO); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
    ]);
    expect(result.outputs).toEqual([]);
    expect(result.ms).toBeLessThan(2000);
  }, 5000);

  it('a FIFO at the default location `.github/hands-off.yml` is refused the same way', async () => {
    const workspace = memoryRuntime().context.workspace;
    mkdirSync(join(workspace, '.github'));
    execFileSync('mkfifo', [join(workspace, '.github/hands-off.yml')]);
    const result = await run(bakeStep(), { duration: '1m', alarms: 'shop-5xx' }, workspace);
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      'bake-and-watch: input `config`: file `.github/hands-off.yml` is not a regular file (a FIFO); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
    ]);
  }, 5000);

  it('`config: /dev/zero` is refused before any byte is read', async () => {
    const before = process.memoryUsage().rss;
    const result = await run(windowGuardStep(), { config: '/dev/zero' });
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      'window-guard: input `config`: file `/dev/zero` is not a regular file (a character device); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
    ]);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  }, 5000);

  it('a config file over 4 MiB is refused, naming the limit', async () => {
    const workspace = memoryRuntime().context.workspace;
    const path = join(workspace, 'huge.yml');
    writeFileSync(path, '');
    truncateSync(path, 64 * 1024 * 1024);
    const result = await run(windowGuardStep(), { config: 'huge.yml' }, workspace);
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      'window-guard: input `config`: file `huge.yml` is larger than the 4 MiB limit (at least 64 MiB); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
    ]);
  });

  it('a directory given as `config` is refused, and a missing file still says it does not exist', async () => {
    const workspace = memoryRuntime().context.workspace;
    mkdirSync(join(workspace, 'conf'));
    expect((await run(windowGuardStep(), { config: 'conf' }, workspace)).errors).toEqual([
      'window-guard: input `config`: file `conf` is not a regular file (a directory); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
    ]);
    expect((await run(windowGuardStep(), { config: 'nope.yml' }, workspace)).errors).toEqual([
      'window-guard: input `config`: file `nope.yml` does not exist; example of a valid value: `.github/hands-off.yml`',
    ]);
  });
});
