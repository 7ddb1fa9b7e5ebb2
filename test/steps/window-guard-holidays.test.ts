import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, runStep, windowGuardStep } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

/** Friday 2026-11-27 10:00 in New York: the day after Thanksgiving, a US observance. */
const DAY_AFTER_THANKSGIVING = '2026-11-27T15:00:00Z';
const EXAMPLE =
  'example of a valid value: `US`, `DE-BY` or `US+optional` (a country, optionally `-` state, then `+` more types)';

/** A workspace whose `.github/hands-off.yml` holds `text`. */
function workspaceWithConfig(text: string): string {
  const workspace = memoryRuntime().context.workspace;
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github/hands-off.yml'), text);
  return workspace;
}

/** Runs window-guard in-process; returns its exit code, error lines, outputs and blockers. */
async function guard(inputs: Record<string, string>, workspace?: string) {
  const runtime = memoryRuntime(inputs, workspace ? { workspace } : {});
  const exitCode = await runStep(windowGuardStep(), runtime);
  const blockers = JSON.parse(runtime.outputs.get('blockers') ?? '[]') as { kind: string; detail: string }[];
  return {
    exitCode,
    errors: runtime.lines.filter((line) => line.level === 'error').map((line) => line.text),
    infos: runtime.lines.filter((line) => line.level === 'info').map((line) => line.text),
    outputs: [...runtime.outputs.keys()],
    blockers,
  };
}

describe('window-guard `holidays` with `+type`', () => {
  it('the input `US+observance` closes the day after Thanksgiving, which plain `US` leaves open', async () => {
    const plain = await guard({ timezone: 'America/New_York', holidays: 'US', at: DAY_AFTER_THANKSGIVING });
    expect(plain.exitCode).toBe(ExitCode.Ok);

    const more = await guard({
      timezone: 'America/New_York',
      holidays: 'us+OBSERVANCE',
      at: DAY_AFTER_THANKSGIVING,
    });
    expect(more.exitCode).toBe(ExitCode.Refused);
    expect(more.blockers).toEqual([
      { kind: 'holiday', detail: expect.stringMatching(/Day after Thanksgiving.*\(US observance holiday/) },
    ]);
    expect(more.infos).toContainEqual(expect.stringContaining('holidays: US+observance'));
  });

  it('the config file sets `US+observance` in a YAML list the same way', async () => {
    const workspace = workspaceWithConfig(
      'defaults:\n  timezone: America/New_York\n  holidays:\n    - DE\n    - US+observance\n',
    );
    const result = await guard({ at: DAY_AFTER_THANKSGIVING }, workspace);
    expect(result.exitCode).toBe(ExitCode.Refused);
    expect(result.blockers.map((blocker) => blocker.kind)).toEqual(['holiday']);
  });

  it('`IN` closes on a lunar compulsory holiday (Guru Nanak 2026-11-24) through the step', async () => {
    const result = await guard({ timezone: 'Asia/Kolkata', holidays: 'IN', at: '2026-11-24T06:30:00Z' });
    expect(result.exitCode).toBe(ExitCode.Refused);
    expect(result.blockers[0]?.detail).toMatch(/Guru Nanak/);
  });

  it.each([
    [
      'IN+festival',
      'window-guard: input `holidays`: `festival` in `IN+festival` is not a holiday type (public, bank, school, optional, observance); ',
    ],
    ['India', 'window-guard: input `holidays`: `India` is not a country or region code; '],
    [
      'US, DE+',
      'window-guard: input `holidays`: `` in `DE+` is not a holiday type (public, bank, school, optional, observance); ',
    ],
  ])('the input %s is refused with one line naming it, exit 1, nothing decided', async (holidays, line) => {
    const result = await guard({ holidays, at: DAY_AFTER_THANKSGIVING });
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([`${line}${EXAMPLE}`]);
    expect(result.outputs).toEqual([]);
  });

  it('a bad code in the config file is refused with the same line', async () => {
    const workspace = workspaceWithConfig('defaults:\n  holidays: [DE-BY+holy]\n');
    const result = await guard({ at: DAY_AFTER_THANKSGIVING }, workspace);
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      `window-guard: input \`holidays\`: \`holy\` in \`DE-BY+holy\` is not a holiday type (public, bank, school, optional, observance); ${EXAMPLE}`,
    ]);
  });

  it('a type the code has no days of is refused, not ignored: `IN+optional` would deny nothing more', async () => {
    const result = await guard({ holidays: 'IN+optional', at: DAY_AFTER_THANKSGIVING });
    expect(result.exitCode).toBe(ExitCode.Error);
    expect(result.errors).toEqual([
      `window-guard: input \`holidays\`: \`IN+optional\`: the holiday data of IN has no optional days (it has: public); ${EXAMPLE}`,
    ]);
  });
});
