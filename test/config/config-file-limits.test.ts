import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ExitCode, runStep, windowGuardStep } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

async function guardWithConfig(config: (workspace: string) => string) {
  const probe = memoryRuntime();
  const runtime = memoryRuntime(
    { config: config(probe.context.workspace) },
    { workspace: probe.context.workspace },
  );
  const exitCode = await runStep(windowGuardStep(), runtime);
  return {
    exitCode,
    open: runtime.outputs.get('open'),
    errors: runtime.lines.filter((line) => line.level === 'error').map((line) => line.text),
  };
}

describe('the config file is read only when it is a regular file within its limit', () => {
  it('a FIFO as `config` is refused at once with one line (it hung the step before)', async () => {
    const result = await guardWithConfig((workspace) => {
      execFileSync('mkfifo', [join(workspace, 'policy.yml')]);
      return 'policy.yml';
    });
    expect(result).toEqual({
      exitCode: ExitCode.Error,
      open: undefined,
      errors: [
        'window-guard: input `config`: file `policy.yml` is not a regular file (a FIFO); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
      ],
    });
  });

  it('/dev/zero as `config` is refused without reading it (it cost 665 MB before)', async () => {
    const before = process.memoryUsage().rss;
    const result = await guardWithConfig(() => '/dev/zero');
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      'window-guard: input `config`: file `/dev/zero` is not a regular file (a character device); example of a valid value: `.github/hands-off.yml`, a regular file of at most 4 MiB',
    ]);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });
});
