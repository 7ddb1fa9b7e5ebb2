import { escapeMarkdown } from '../summary/markdown.js';

/**
 * Values shorter than this are never masked by value: masking `1` or `dev` everywhere would garble
 * every record. Credential-shaped text (`token=ab`) is still redacted by the patterns.
 */
export const MIN_SECRET_CHARS = 4;

/**
 * The values masked so far in this process, in every form a record may show them.
 *
 * Process-wide on purpose: the runtimes learn secrets (setSecret, credentials found in inputs), but
 * the decision log, the checkpoint and error messages are written by core code that never sees the
 * runtime. One step runs per process (an action's bundle, one `hands-off <step>`), so the registry
 * holds exactly that step's secrets.
 */
const registry = new Set<string>();

/** Registers a secret value so that every later redaction in this process hides it; returns the forms kept. */
export function registerSecret(value: string): string[] {
  const forms = formsOf(value).filter((form) => form.length >= MIN_SECRET_CHARS);
  for (const form of forms) registry.add(form);
  return forms;
}

/** Every registered secret form, longest first (so a secret containing another is hidden whole). */
export function knownSecrets(): string[] {
  return [...registry].sort((a, b) => b.length - a.length);
}

/** Forgets every registered secret: for tests that run several steps in one process. */
export function forgetSecrets(): void {
  registry.clear();
}

/**
 * A value as records may show it: as given, URL-decoded and URL-encoded (a query parameter read or
 * written back), escaped inside a JSON string, escaped by the Markdown summary.
 */
function formsOf(value: string): string[] {
  const forms = new Set<string>([value]);
  for (const decode of [
    (v: string) => decodeURIComponent(v),
    (v: string) => decodeURIComponent(v.replace(/\+/g, ' ')),
  ]) {
    try {
      forms.add(decode(value));
    } catch {
      // Not valid percent-encoding: the value is only ever shown as given.
    }
  }
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form));
    forms.add(JSON.stringify(form).slice(1, -1));
    forms.add(escapeMarkdown(form));
  }
  return [...forms];
}
