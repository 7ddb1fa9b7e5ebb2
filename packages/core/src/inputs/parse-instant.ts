// Apart from parse-scalars.ts: only the steps that take an instant load luxon for it. Every bundled
// step shares that module, and one that imports luxon makes each step that reads a list load it too.
import { DateTime } from 'luxon';
import { InputError, quoteValue } from '../errors.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 instant that carries its offset (`2026-11-27T10:00:00Z`, `...+09:00`). */
export function parseInstant(input: string, raw: string): number {
  const text = raw.trim();
  const parsed = ISO_INSTANT.test(text) ? DateTime.fromISO(text, { setZone: true }) : undefined;
  if (parsed === undefined || !parsed.isValid) {
    throw new InputError(
      input,
      `${quoteValue(raw)} is not an ISO 8601 instant with an offset`,
      '`2026-11-27T10:00:00Z` or `2026-11-27T19:00:00+09:00`',
    );
  }
  return parsed.toMillis();
}
