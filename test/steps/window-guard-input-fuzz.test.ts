import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IANAZone } from 'luxon';
import { ExitCode, runStep, windowGuardStep } from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

/** Text that is never blank: blank inputs fall back to defaults and are valid. */
const noise = fc
  .string({ minLength: 1, maxLength: 30 })
  .filter((s) => s.trim() !== '' && !s.trim().startsWith('#'));
const twoDigits = (min: number, max: number) =>
  fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const notADay = fc
  .stringMatching(/^[A-Za-z]{3}$/)
  .filter((s) => !['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].includes(s.toLowerCase()));

/** For each input, generators of values that are wrong by construction. */
const BAD_VALUES: Record<string, fc.Arbitrary<string>> = {
  timezone: noise.filter((s) => !IANAZone.isValidZone(s.trim())),
  allow: fc.oneof(
    notADay.map((d) => `${d} 09:00-17:00`),
    twoDigits(25, 99).map((h) => `Mon ${h}:00-17:00`),
    twoDigits(60, 99).map((m) => `Mon 09:${m}-17:00`),
    fc.integer({ min: 1, max: 23 }).map((h) => `Tue ${String(h).padStart(2, '0')}:00-00:30`),
    noise.map((s) => `1${s}`),
  ),
  deny: fc.oneof(
    fc.constantFrom(
      '2026-02-30',
      '2026-13-01',
      '2027-01-04..2026-12-20',
      '2026-12-24T18:00/2026-12-24T08:00',
    ),
    fc.constantFrom('freeze 0 18 * * 5', 'freeze 61 18 * * 5 .. 0 8 * * 1', 'freeze a b c d e .. 0 8 * * 1'),
    notADay.map((d) => `${d} 14:00-24:00`),
    noise.map((s) => `9${s}`),
  ),
  holidays: fc.oneof(fc.constantFrom('XX', 'QQ-ZZ', 'US-XX'), fc.stringMatching(/^[0-9!?]{1,6}$/)),
  calendars: fc.stringMatching(/^[a-z]{1,12}\.ics$/).map((name) => `missing/${name}`),
  alarms: fc.oneof(
    fc.constant('prefix:'),
    fc.constant('PREFIX:   '),
    fc.string({ minLength: 256, maxLength: 300 }).map((s) => `a${s.replace(/\s/g, 'x')}`),
  ),
  'alarm-missing-data': noise.filter((s) => !['block', 'ignore'].includes(s.trim())),
  'aws-region': noise.filter((s) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(s.trim())),
  at: fc.oneof(
    noise.filter((s) => !/^\d{4}-/.test(s.trim())),
    fc.constantFrom('2026-11-27', '2026-11-27T10:00', '2026-02-30T10:00:00Z'),
  ),
  wait: fc.oneof(
    noise.filter((s) => !/^(0|(\d+(ms|s|m|h|d))+)$/.test(s.trim())),
    // Durations past the 7-day maximum, up to far beyond the timer and date limits.
    fc.bigInt({ min: 7n * 24n * 60n + 1n, max: 10n ** 30n }).map((minutes) => `${minutes}m`),
  ),
  mode: noise.filter((s) => !['enforce', 'dry-run'].includes(s.trim())),
  config: fc.stringMatching(/^[a-z]{1,10}\.yml$/).map((name) => `nowhere/${name}`),
  environment: fc.stringMatching(/^[a-z]{1,10}$/).filter((name) => name !== 'production'),
};

describe('every window-guard input, fuzzed', () => {
  it.each(Object.keys(BAD_VALUES))(
    'a bad `%s` gives one error line naming it, exit 1, no outputs',
    async (input) => {
      await fc.assert(
        fc.asyncProperty(BAD_VALUES[input] as fc.Arbitrary<string>, async (value) => {
          const runtime = memoryRuntime({ [input]: value });
          if (input === 'environment') {
            mkdirSync(join(runtime.context.workspace, '.github'));
            writeFileSync(
              join(runtime.context.workspace, '.github/hands-off.yml'),
              'environments:\n  production: {}\n',
            );
          }
          const code = await runStep(windowGuardStep(), runtime);
          const errors = runtime.lines.filter((line) => line.level === 'error');
          expect(code).toBe(ExitCode.Error);
          expect(errors).toHaveLength(1);
          expect(errors[0]?.text).toMatch(
            new RegExp(`^window-guard: input \`${input}\`: .+; example of a valid value: .+`),
          );
          expect(errors[0]?.text).not.toMatch(/\n\s+at /);
          expect(runtime.outputs.size).toBe(0);
        }),
        { numRuns: 40 },
      );
    },
  );

  it.each(Object.keys(BAD_VALUES))(
    'a `%s` of up to 100 KB with line breaks gives at most one error line, short and single',
    async (input) => {
      const longValue = fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 30 }),
          fc.constantFrom('\n', '\r\n', '`', '\u2028', ''),
          fc.integer({ min: 81, max: 100_000 }),
        )
        .map(([chunk, separator, length]) =>
          `x${(chunk + separator).repeat(Math.ceil(length / (chunk.length + 1)))}`.slice(0, length),
        );
      await fc.assert(
        fc.asyncProperty(longValue, async (value) => {
          const runtime = memoryRuntime({ [input]: value });
          const code = await runStep(windowGuardStep(), runtime);
          const errors = runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
          if (code !== ExitCode.Error) return; // a value that happens to be valid (a long `allow` comment)
          expect(errors).toHaveLength(1);
          const line = errors[0] as string;
          // Usually the input itself; a valid `alarms` list fails on the missing region instead.
          expect(line).toMatch(/^window-guard: (input `[a-z-]+`:|config file) /);
          expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
          const example = line.lastIndexOf('; example of a valid value: ');
          expect(example === -1 ? line.length : example).toBeLessThanOrEqual(420);
        }),
        { numRuns: 15 },
      );
    },
  );

  it('a config file that breaks the schema names the file and the place, exit 1', async () => {
    const runtime = memoryRuntime();
    writeFileSync(
      join(runtime.context.workspace, 'hands-off.yml'),
      'environments:\n  production:\n    alow: Mon 09:00-17:00\n',
    );
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Error);
    expect(runtime.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      'window-guard: config file hands-off.yml: environments.production must NOT have additional properties `alow`',
    ]);
  });

  it('a config file with an extends loop is refused', async () => {
    const runtime = memoryRuntime({ environment: 'a' });
    writeFileSync(
      join(runtime.context.workspace, 'hands-off.yml'),
      'environments:\n  a: { extends: b }\n  b: { extends: a }\n',
    );
    expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Error);
    expect(runtime.lines.find((l) => l.level === 'error')?.text).toMatch(/`extends` loops: a -> b -> a/);
  });

  it('an override reason is free text: any value is accepted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (reason) => {
        const runtime = memoryRuntime({ 'override-reason': reason }, { actor: 'alice' });
        const code = await runStep(windowGuardStep(), runtime);
        expect(code === ExitCode.Ok || code === ExitCode.Refused).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
