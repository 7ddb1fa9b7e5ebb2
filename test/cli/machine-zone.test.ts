import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { NODE24, ROOT } from '../support/run-action.js';

/** Runs the built CLI with `TZ` set for the whole process and returns its printed outputs. */
function outputsUnder(machineZone: string, args: string[]): string {
  const result = spawnSync(NODE24, [join(ROOT, 'dist/cli/index.js'), 'window-guard', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      TZ: machineZone,
      HANDS_OFF_OUTPUT_DIR: mkdtempSync(join(tmpdir(), 'tz-')),
    },
    encoding: 'utf8',
  });
  expect(result.stderr).not.toMatch(/error/i);
  // The decision-log path differs per run; every other output must be identical.
  return result.stdout
    .split('\n')
    .filter((line) => /^(open|reason|next-open|closes-at|blockers|overridden)=/.test(line))
    .join('\n');
}

describe('window-guard in any machine time zone', () => {
  it('prints the same outputs whatever TZ the process runs under', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Tokyo'),
        fc.integer({ min: 0, max: 400 * 24 }),
        fc.constantFrom('Mon-Fri 09:00-17:00', 'Sun 01:00-03:00', 'Sat,Sun 00:00-24:00'),
        (zone, hour, allow) => {
          const instant = new Date(Date.UTC(2026, 0, 1) + hour * 3_600_000).toISOString();
          const args = [
            '--timezone',
            zone,
            '--allow',
            allow,
            '--deny',
            'Fri 14:00-24:00',
            '--at',
            instant,
            '--mode',
            'dry-run',
          ];
          const reference = outputsUnder('UTC', args);
          expect(reference).toMatch(/^open=(true|false)$/m);
          for (const machineZone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kathmandu']) {
            expect(outputsUnder(machineZone, args)).toBe(reference);
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});
