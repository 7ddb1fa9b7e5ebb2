import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, ManualClock, runStep, stageStep } from '@hands-off/core';
import type { Exec } from '../../packages/core/src/deploy/node-exec.js';
import { memoryRuntime } from '../support/memory-runtime.js';
import { freshFleet, stopStageFleet, TUESDAY_10 } from '../support/stage-fleet.js';

afterEach(stopStageFleet);

/** Text that is never blank: blank inputs fall back to the file or the defaults. */
const noise = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');
const notADuration = noise.filter((s) => !/^(0|(\d+(ms|s|m|h|d))+)$/.test(s.trim()));

/** For each stage input, values that are wrong by construction. */
const BAD_VALUES: Record<string, fc.Arbitrary<string>> = {
  revision: fc.tuple(noise, noise).map(([a, b]) => `${a.trim()}\n${b.trim()}`),
  mode: noise.filter((s) => !['enforce', 'dry-run'].includes(s.trim())),
  wait: notADuration,
  runway: fc.oneof(
    notADuration,
    fc.integer({ min: 8, max: 10_000 }).map((days) => `${days}d`),
  ),
  'require-reviewed': noise.filter(
    (s) => !['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'].includes(s.trim().toLowerCase()),
  ),
  threshold: fc.oneof(
    noise.filter((s) => !/^\d+$/.test(s.trim())),
    fc.constant('0'),
  ),
  digest: noise.filter((s) => !/^(sha256:)?[0-9a-f]{64}$/i.test(s.trim())),
  environment: fc.stringMatching(/^[a-z]{1,10}$/).filter((name) => name !== 'production'),
};

describe('every stage input, fuzzed', () => {
  it.each(Object.keys(BAD_VALUES))(
    'a bad `%s` gives one error line naming it, exit 1, and no command runs',
    async (input) => {
      const { workspace } = await freshFleet();
      let commands = 0;
      const exec: Exec = async () => {
        commands++;
        return { exitCode: 0, output: '' };
      };
      await fc.assert(
        fc.asyncProperty(BAD_VALUES[input] as fc.Arbitrary<string>, async (value) => {
          const given: Record<string, string> = { environment: 'production', revision: 'v2', [input]: value };
          // A digest is checked against an artifact; give one so the digest itself is what is wrong.
          if (input === 'digest') given.artifact = 'hands-off.yml';
          // A threshold is read with the signature it is about.
          if (input === 'threshold') given.bundle = 'build/app.zip.sigstore.json';
          const runtime = memoryRuntime(given, { workspace });
          const clock = new ManualClock(TUESDAY_10);
          const code = await runStep(stageStep({ clock, sleep: clock.sleep, exec }), runtime);
          const errors = runtime.lines.filter((line) => line.level === 'error').map((l) => l.text);
          expect(code).toBe(ExitCode.Error);
          expect(errors).toHaveLength(1);
          expect(errors[0]).toMatch(
            new RegExp(
              `^stage: (\\S+: |failed at verify: )?input \`${input}\`: .*; example of a valid value: `,
            ),
          );
          expect(errors[0]).not.toContain('\n');
          expect(commands).toBe(0);
          expect(existsSync(join(workspace, '.hands-off', 'command-target.json'))).toBe(false);
        }),
        { numRuns: 25 },
      );
    },
    120_000,
  );

  it('a signature policy given without the signature (`expect-commit`, no bundle) is refused before anything runs', async () => {
    const { workspace } = await freshFleet();
    const runtime = memoryRuntime(
      { environment: 'production', revision: 'v2', 'expect-commit': 'a'.repeat(40) },
      { workspace },
    );
    const clock = new ManualClock(TUESDAY_10);
    expect(await runStep(stageStep({ clock, sleep: clock.sleep }), runtime)).toBe(ExitCode.Error);
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      'stage: input `bundle`: or `envelope` is required: `expect-commit` was given, so the signature must be verified; example of a valid value: `.hands-off/signature/shop.zip.sigstore.json` (written by build-signature)',
    ]);
    expect(existsSync(join(workspace, '.hands-off', 'command-target.json'))).toBe(false);
  });
});
