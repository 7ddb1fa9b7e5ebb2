import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError, parseBoolean, parseEnum, parseInstant, parseList, splitLines } from '@hands-off/core';

describe('parseList', () => {
  it('takes items one per line or comma-separated, dropping blanks and # comments', () => {
    expect(parseList('US, JP\n\n# Bavaria too\nDE-BY,')).toEqual(['US', 'JP', 'DE-BY']);
  });

  it('returns every item it was given, whichever separator joined them', () => {
    const item = fc.stringMatching(/^[A-Za-z0-9_.:/-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 8 }),
        fc.array(fc.constantFrom(',', '\n', ', ', ' ,\n')),
        (items, seps) => {
          const text = items.map((it, i) => `${it}${seps[i % Math.max(1, seps.length)] ?? ','}`).join('');
          expect(parseList(text)).toEqual(items);
        },
      ),
    );
  });
});

describe('splitLines', () => {
  it('keeps commas inside a line (weekly windows like `Mon,Wed 10:00-12:00`)', () => {
    expect(splitLines('  Mon,Wed 10:00-12:00 \r\n# late\nFri 09:00-12:00')).toEqual([
      'Mon,Wed 10:00-12:00',
      'Fri 09:00-12:00',
    ]);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['1', true],
    ['false', false],
    ['Off', false],
    ['0', false],
  ])('parses %s', (text, value) => expect(parseBoolean('auto-rollback', text)).toBe(value));

  it('refuses anything else with one line naming the input', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^(true|yes|on|1|false|no|off|0)$/i.test(s.trim())),
        (text) => {
          expect(() => parseBoolean('auto-rollback', text)).toThrow(
            /^input `auto-rollback`: .* is not a boolean; example of a valid value: `true` or `false`$/s,
          );
        },
      ),
    );
  });
});

describe('parseEnum', () => {
  it('accepts only the listed values and names them when refusing', () => {
    expect(parseEnum('mode', ' dry-run ', ['enforce', 'dry-run'])).toBe('dry-run');
    expect(() => parseEnum('mode', 'Enforce', ['enforce', 'dry-run'])).toThrow(
      'input `mode`: `Enforce` is not one of `enforce`, `dry-run`; example of a valid value: `enforce`',
    );
  });
});

describe('parseInstant', () => {
  it('accepts ISO 8601 instants with Z or an offset', () => {
    expect(parseInstant('at', '2026-11-27T19:00:00+09:00')).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(parseInstant('at', '2026-11-27T10:00Z')).toBe(Date.parse('2026-11-27T10:00:00Z'));
  });

  it.each(['2026-11-27', '2026-11-27T10:00', '2026-02-30T10:00:00Z', 'now', '2026-11-27T25:00:00Z'])(
    'refuses %j (no offset, not a date, or impossible)',
    (text) => {
      expect(() => parseInstant('at', text)).toThrow(InputError);
    },
  );
});
