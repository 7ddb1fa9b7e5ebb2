import { InputError, quoteValue } from '../errors.js';

/**
 * Splits a list input: one item per line or comma-separated, blank items and `#` comments dropped.
 * Use splitLines instead when an item may itself contain commas (weekly windows, cron lines).
 */
export function parseList(raw: string): string[] {
  return splitLines(raw).flatMap((line) =>
    line
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
}

/** Splits a multi-line input into trimmed, non-empty lines, dropping `#` comment lines. */
export function splitLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** Parses a boolean input (`true`/`false`, also yes/no, on/off, 1/0, any case). */
export function parseBoolean(input: string, raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new InputError(input, `${quoteValue(raw)} is not a boolean`, '`true` or `false`');
}

/** Parses an enumerated input, refusing anything not listed and naming the valid values. */
export function parseEnum<const T extends string>(input: string, raw: string, values: readonly T[]): T {
  const text = raw.trim();
  const found = values.find((value) => value === text);
  if (found === undefined) {
    throw new InputError(
      input,
      `${quoteValue(raw)} is not one of ${values.map((v) => `\`${v}\``).join(', ')}`,
      `\`${values[0]}\``,
    );
  }
  return found;
}

/** An AWS region name such as `eu-central-1` or `us-gov-west-1`. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The `aws-region` input of every step that talks to AWS: empty (the SDK's own lookup), or a region name. */
export function parseAwsRegion(raw: string): string {
  const region = raw.trim();
  if (region !== '' && !AWS_REGION.test(region)) {
    throw new InputError('aws-region', `${quoteValue(region)} is not an AWS region`, '`eu-central-1`');
  }
  return region;
}

/** A whole-number input from 1 to `max` (`one-box-count`, `breach-limit`, `threshold`). */
export function parseCount(input: string, raw: string, options: { max: number; example: string }): number {
  const text = raw.trim();
  const value = /^[1-9]\d{0,8}$/.test(text) ? Number(text) : NaN;
  if (!(value <= options.max)) {
    throw new InputError(
      input,
      `${quoteValue(raw)} is not a whole number from 1 to ${options.max}`,
      options.example,
    );
  }
  return value;
}
