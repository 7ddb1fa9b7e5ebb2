import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ConfigError,
  ExitCode,
  InputError,
  parseBoolean,
  parseDuration,
  parseEnum,
  parseInstant,
  quoteValue,
  runStep,
  UnavailableError,
} from '@hands-off/core';
import { parseDenyRule } from '../../packages/core/src/policy/deny-rule.js';
import { parseWeeklyWindow } from '../../packages/core/src/policy/weekly-window.js';
import { parseTimezone } from '../../packages/core/src/policy/zone-timeline.js';
import { memoryRuntime } from '../support/memory-runtime.js';

/** Values up to 100 KB: short noise, and long runs of a chunk with line breaks, backticks or controls. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
      fc.constantFrom('\n', '\r\n', '', '`', '\u2028', '\u001b[31m', '\t'),
      fc.integer({ min: 81, max: 100_000 }),
    )
    .map(([chunk, separator, length]) =>
      (chunk + separator).repeat(Math.ceil(length / (chunk.length + 1))).slice(0, length),
    ),
);

/** Every parser a caller-built message passes through, by input name. */
const PARSERS: Record<string, (input: string, raw: string) => unknown> = {
  wait: (input, raw) => parseDuration(input, raw),
  'dry-run': (input, raw) => parseBoolean(input, raw),
  mode: (input, raw) => parseEnum(input, raw, ['enforce', 'dry-run'] as const),
  at: (input, raw) => parseInstant(input, raw),
  timezone: (input, raw) => parseTimezone(input, raw),
  allow: (input, raw) => parseWeeklyWindow(input, raw),
  deny: (input, raw) => parseDenyRule(input, raw, 'UTC'),
};

/** The example each parser gives, so the bound can be stated on the rest of the line. */
function exampleOf(message: string): string {
  return message.slice(message.lastIndexOf('; example of a valid value: '));
}

describe('error lines quote bad values briefly, on one line', () => {
  it('quoteValue keeps a short value whole and cuts a long one to 60 characters with its length', () => {
    expect(quoteValue('15x')).toBe('`15x`');
    expect(quoteValue('a'.repeat(100_000))).toBe(`\`${'a'.repeat(60)}…\` (100000 chars)`);
    expect(quoteValue('one\ntwo\r\nthree\u001b[0m')).toBe('`one\\ntwo\\r\\nthree\\u001b[0m`');
  });

  it('quoteValue redacts a credential before cutting, so no partial secret is left', () => {
    const quoted = quoteValue(`token=${'s'.repeat(200)}`);
    expect(quoted).toBe('`token=***`');
  });

  it('an InputError whose caller quoted a 100 KB multi-line value itself is still one short line', () => {
    const raw = `${'x'.repeat(50_000)}\n${'y'.repeat(50_000)}`;
    const error = new InputError('deny', `\`${raw}\` is not a date range`, '`2026-12-24..2026-12-26`');
    expect(error.message).toBe(
      `input \`deny\`: \`${'x'.repeat(60)}…\` (100001 chars) is not a date range; ` +
        'example of a valid value: `2026-12-24..2026-12-26`',
    );
  });

  it('a ConfigError quoting a huge value is one bounded line', () => {
    const error = new ConfigError(`config file a.yml: \`${'k\n'.repeat(40_000)}\` is not allowed`);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThanOrEqual(560);
  });

  it.each(Object.keys(PARSERS))(
    'for any value up to 100 KB, a bad `%s` gives one line of at most 400 characters plus the example',
    (input) => {
      const parse = PARSERS[input] as (input: string, raw: string) => unknown;
      fc.assert(
        fc.property(anyValue, (raw) => {
          let message: string;
          try {
            parse(input, raw);
            return;
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            message = (error as Error).message;
          }
          expect(message.startsWith(`input \`${input}\`: `)).toBe(true);
          expect(message).not.toMatch(/[\r\n\u2028\u2029]/);
          expect(message).not.toContain('\u001b'); // no terminal escape reaches the log
          expect(message.length - exampleOf(message).length).toBeLessThanOrEqual(400);
        }),
        { numRuns: 60 },
      );
    },
  );

  it('runStep prints any failure, even a multi-line 100 KB one, as a single bounded line', async () => {
    const runtime = memoryRuntime();
    const code = await runStep(
      {
        name: 'demo',
        run: async () => {
          throw new UnavailableError(`Prometheus answered 502:\n<html>${'z'.repeat(100_000)}</html>`);
        },
      },
      runtime,
    );
    expect(code).toBe(ExitCode.Error);
    const errors = runtime.lines.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^demo: Prometheus answered 502:\\n<html>z+… \(\d+ chars\)$/);
    expect((errors[0] as string).length).toBeLessThanOrEqual(2_100);
  });
});
