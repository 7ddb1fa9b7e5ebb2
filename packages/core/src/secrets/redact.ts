import { findCredentials, isSecretInputName, redactPatterns, REDACTED } from './secret-patterns.js';
import { knownSecrets, MIN_SECRET_CHARS } from './secret-registry.js';

export { findCredentials, isSecretInputName, REDACTED, CREDENTIAL_WORDS } from './secret-patterns.js';
export { registerSecret, knownSecrets, forgetSecrets, MIN_SECRET_CHARS } from './secret-registry.js';

/**
 * Redacts credentials in any text a step writes (log lines, outputs, summary, decision log,
 * checkpoint): every value in `secrets` (by default every secret registered in this process), then
 * every credential-shaped part: URL userinfo, credential-like query parameters (`token`, `api_key`,
 * `X-Amz-Signature`, ...), `key=value` / `key: value` pairs and well-known token formats.
 */
export function redactText(text: string, secrets: readonly string[] = knownSecrets()): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_CHARS && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return redactPatterns(out);
}

/** Redacts every string inside a JSON-like value (objects, arrays), keys included; returns a copy. */
export function redactDeep<T>(value: T, secrets: readonly string[] = knownSecrets()): T {
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

/**
 * The values to mask in one input: the whole value when the input's name says it is a secret
 * (`github-token`), else the credentials written into it (URL userinfo, `token=` parameters, ...).
 */
export function secretsInInput(name: string, value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === '') return [];
  const found = findCredentials(trimmed);
  return isSecretInputName(name) ? [trimmed, ...found] : found;
}
