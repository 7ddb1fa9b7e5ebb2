import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listPublicHolidays } from '../../packages/core/src/policy/holidays/holiday-calendar.js';
import { HOLIDAY_TYPES, parseHolidayCode } from '../../packages/core/src/policy/holidays/holiday-code.js';
import { ROOT } from '../support/run-action.js';

/** The year the table's names are given for. */
const YEAR = 2026;

/** One row of the README's `### Holiday codes` table. */
interface Row {
  code: string;
  /** Names after the first `: ` of the default cell. */
  defaults: string[];
  /** `+type` → the names listed and how many more (`and N more`); empty when the cell says `none`. */
  extras: Map<string, { names: string[]; more: number }>;
}

/** The rows of the table under `### Holiday codes` in README.md. */
function holidayCodeRows(): Row[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^### Holiday codes$/m)[1]?.split(/^#{2,3} /m)[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` +\| (.+?) +\| (.+?) +\|$/gm)].map(
    ([, code, defaults, extras]) => ({
      code: code as string,
      defaults: (defaults as string).slice((defaults as string).indexOf(': ') + 2).split(', '),
      extras: new Map(
        (extras as string).startsWith('none')
          ? []
          : (extras as string).split('; ').map((part) => {
              const [, type, list] = /^`\+([a-z]+)`: (.+)$/.exec(part) ?? [];
              const [, names = list, more = '0'] = /^(.+) and (\d+) more$/.exec(list ?? '') ?? [];
              return [type as string, { names: (names as string).split(', '), more: Number(more) }];
            }),
      ),
    }),
  );
}

/** Holiday names of `code` in YEAR of one type. */
async function namesOf(code: string, type: string): Promise<string[]> {
  const holidays = await listPublicHolidays(
    'holidays',
    [type === 'public' ? code : `${code}+${type}`],
    [YEAR],
  );
  return holidays.filter((holiday) => holiday.type === type).map((holiday) => holiday.name);
}

/** Whether `produced` is the listed name itself or one of its variants (`Independence Day (substitute day)`). */
const isVariantOf = (produced: string, listed: string): boolean =>
  produced === listed || produced.startsWith(`${listed} (`);

const rows = holidayCodeRows();

describe('README `### Holiday codes` table', () => {
  it('lists the tested codes with their extra types', () => {
    expect(rows.map((row) => [row.code, [...row.extras.keys()]])).toEqual([
      ['US', ['optional', 'observance']],
      ['JP', ['bank', 'observance']],
      ['DE', ['bank', 'observance']],
      ['DE-BY', ['bank', 'school', 'observance']],
      ['DE-BY-KATH', ['bank', 'school', 'observance']],
      ['IN', []],
    ]);
  });

  it.each(rows.map((row): [string, Row] => [row.code, row]))(
    '%s: parseHolidayCode accepts it and its default is exactly the names listed',
    async (code, row) => {
      expect(parseHolidayCode('holidays', code).region).toBe(code);
      const produced = await namesOf(code, 'public');
      expect(row.defaults.filter((listed) => !produced.some((name) => isVariantOf(name, listed)))).toEqual(
        [],
      );
      expect(produced.filter((name) => !row.defaults.some((listed) => isVariantOf(name, listed)))).toEqual(
        [],
      );
    },
  );

  it.each(rows.map((row): [string, Row] => [row.code, row]))(
    '%s: each `+type` listed adds the days listed, and every other type is refused',
    async (code, row) => {
      for (const type of HOLIDAY_TYPES.filter((type) => type !== 'public')) {
        const listed = row.extras.get(type);
        if (listed === undefined) {
          await expect(listPublicHolidays('holidays', [`${code}+${type}`], [YEAR])).rejects.toThrow(
            `the holiday data of ${code} has no ${type} days`,
          );
          continue;
        }
        const produced = await namesOf(code, type);
        expect({ type, missing: listed.names.filter((name) => !produced.includes(name)) }).toEqual({
          type,
          missing: [],
        });
        expect({ type, count: produced.length }).toEqual({ type, count: listed.names.length + listed.more });
      }
    },
  );
});
