import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, FILE_LIMITS, runStep, windowGuardStep } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

/** Runs window-guard with `calendars` and returns the exit code, the error lines and the time taken. */
async function guardWithCalendar(
  calendars: string,
  prepare: (workspace: string) => void = () => undefined,
): Promise<{ code: ExitCode; errors: string[]; ms: number; outputs: number }> {
  const runtime = memoryRuntime({ calendars, at: '2026-11-27T10:00:00Z' });
  mkdirSync(join(runtime.context.workspace, '.github'), { recursive: true });
  prepare(runtime.context.workspace);
  const started = performance.now();
  const code = await runStep(windowGuardStep(), runtime);
  return {
    code,
    errors: runtime.lines.filter((l) => l.level === 'error').map((l) => l.text),
    ms: performance.now() - started,
    outputs: runtime.outputs.size,
  };
}

describe('calendar files are read safely', () => {
  it('a FIFO given as a calendar is refused at once with one line naming `calendars` and the file', async () => {
    const run = await guardWithCalendar('.github/blackdays.ics', (workspace) => {
      // A real named pipe with no writer: reading it would block for ever.
      execFileSync('mkfifo', [join(workspace, '.github/blackdays.ics')]);
    });
    expect(run.code).toBe(ExitCode.Error);
    expect(run.errors).toEqual([
      'window-guard: input `calendars`: file `.github/blackdays.ics` is not a regular file (a FIFO); ' +
        'example of a valid value: `.github/blackdays.ics`',
    ]);
    expect(run.ms).toBeLessThan(2_000);
    expect(run.outputs).toBe(0);
  });

  it('/dev/zero (an endless device) is refused before any byte is read', async () => {
    const run = await guardWithCalendar('/dev/zero');
    expect(run.code).toBe(ExitCode.Error);
    expect(run.errors).toEqual([
      'window-guard: input `calendars`: file `/dev/zero` is not a regular file (a character device); ' +
        'example of a valid value: `.github/blackdays.ics`',
    ]);
    expect(run.ms).toBeLessThan(2_000);
  });

  it('a 200 MiB calendar is refused by its size, without reading it, naming the 8 MiB limit', async () => {
    const before = process.memoryUsage().rss;
    const run = await guardWithCalendar('.github/huge.ics', (workspace) => {
      const path = join(workspace, '.github/huge.ics');
      writeFileSync(path, 'BEGIN:VCALENDAR\r\n');
      truncateSync(path, 200 * 1024 * 1024); // sparse: costs no disk
    });
    expect(run.code).toBe(ExitCode.Error);
    expect(FILE_LIMITS.calendar).toBe(8 * 1024 * 1024);
    expect(run.errors).toEqual([
      'window-guard: input `calendars`: file `.github/huge.ics` is larger than the 8 MiB limit ' +
        '(at least 200 MiB); example of a valid value: `.github/blackdays.ics`',
    ]);
    expect(run.ms).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a missing calendar names the input and the file', async () => {
    const run = await guardWithCalendar('.github/nowhere.ics');
    expect(run.errors).toEqual([
      'window-guard: input `calendars`: file `.github/nowhere.ics` does not exist; ' +
        'example of a valid value: `.github/blackdays.ics`',
    ]);
  });

  it('a calendar within the limit is still read and applied', async () => {
    // Friday 16:00 in Berlin: inside the fixture's weekly release freeze (15:00-18:00).
    const runtime = memoryRuntime({ calendars: '.github/blackdays.ics', at: '2026-11-27T15:00:00Z' });
    mkdirSync(join(runtime.context.workspace, '.github'));
    copyFileSync(
      join(process.cwd(), 'test/fixtures/blackdays.ics'),
      join(runtime.context.workspace, '.github/blackdays.ics'),
    );
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Refused);
    const blockers = JSON.parse(runtime.outputs.get('blockers') as string) as {
      kind: string;
      detail: string;
    }[];
    expect(blockers).toContainEqual({
      kind: 'calendar',
      detail: expect.stringMatching(/^Weekly release freeze/),
    });
  });
});
