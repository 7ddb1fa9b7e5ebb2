import { InputError } from '../errors.js';
import { splitLines } from '../inputs/parse-scalars.js';

/** Which alarms to watch: exact names, or every alarm whose name starts with a prefix. */
export interface AlarmSelectors {
  names: string[];
  prefixes: string[];
}

const NAME = /^[^\s].{0,254}$/;

/** Parses the `alarms` input: one alarm name or `prefix:<text>` per line. */
export function parseAlarmSelectors(input: string, raw: string): AlarmSelectors {
  const names: string[] = [];
  const prefixes: string[] = [];
  for (const line of splitLines(raw)) {
    if (/^prefix:/i.test(line)) {
      const prefix = line.slice('prefix:'.length).trim();
      if (prefix === '')
        throw new InputError(input, `\`${line}\` has an empty prefix`, '`prefix:shop-prod-`');
      prefixes.push(prefix);
    } else if (NAME.test(line)) {
      names.push(line);
    } else {
      throw new InputError(input, `\`${line}\` is not an alarm name (1-255 characters)`, '`shop-prod-5xx`');
    }
  }
  return { names: [...new Set(names)], prefixes: [...new Set(prefixes)] };
}

/** True when no alarm is selected. */
export function noAlarmsSelected(selectors: AlarmSelectors): boolean {
  return selectors.names.length === 0 && selectors.prefixes.length === 0;
}
