import { redactSecrets } from '../errors.js';

/**
 * Redacts credentials in any text a step writes (log lines, outputs, summary, decision log,
 * checkpoint): the patterns of redactSecrets plus every value in `secrets`.
 * (Skeleton: the secrets work extends it with URL userinfo and credential query parameters.)
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets);
}

/** Redacts every string inside a JSON-like value (objects, arrays), keys included; returns a copy. */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        redactText(key, secrets),
        redactDeep(item, secrets),
      ]),
    ) as T;
  }
  return value;
}
