import { knownSecrets, redactText } from './secrets/redact.js';

/** Stable machine-readable error codes; the CLI and actions map them to exit codes and log lines. */
export type ErrorCode = 'INPUT' | 'CONFIG' | 'TIMEOUT' | 'CANCELLED' | 'UNAVAILABLE' | 'INTERNAL';

/**
 * Replaces credentials so an error message can be logged safely: `extraSecrets` and every secret
 * registered in this process, URL userinfo, credential-like query parameters, `key=value` pairs
 * (see secrets/secret-patterns.ts for the patterns, shared with every record a step writes).
 */
export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  return redactText(
    text,
    [...extraSecrets, ...knownSecrets()].sort((a, b) => b.length - a.length),
  );
}

/** A quoted value longer than this is cut in error lines: a 100 KB input must not come back whole. */
const MAX_QUOTED_CHARS = 80;
/** How much of a cut value is shown. */
const QUOTED_HEAD_CHARS = 60;
/** Bound of an InputError's `problem` and of a ConfigError's message (the example comes on top). */
const MAX_PROBLEM_CHARS = 320;
/** Bound of a ConfigError's message: a file name, a place and what is wrong there. */
const MAX_CONFIG_MESSAGE_CHARS = 560;
/** Bound of an input name, which the CLI may take from a user's flag. */
const MAX_NAME_CHARS = 60;
/** Bound of an example: written by us, its quoted parts are kept whole, but a caller may add user text. */
const MAX_EXAMPLE_CHARS = 400;

// Characters that end or rewrite a log line (CR, LF, other C0/C1 controls, LS, PS); tab stays.
// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** Escapes line breaks and control characters as `\n`, `\r`, `\u001b`: a bad value stays on one line. */
function escapeLineBreaks(text: string): string {
  return text.replace(
    LINE_BREAKING,
    (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The first `n` UTF-16 units of `text`, never ending inside a surrogate pair. */
function headOf(text: string, n: number): string {
  if (text.length <= n) return text;
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * Quotes a user's value for an error line: `value`, or `its first 60 characters…` (100000 chars)
 * when longer than 80; line breaks escaped. Secrets are redacted before the cut, so a cut can
 * never leave a partial credential that no longer looks like one.
 */
export function quoteValue(raw: string): string {
  const shown = escapeLineBreaks(redactSecrets(raw));
  if (shown.length <= MAX_QUOTED_CHARS) return `\`${shown}\``;
  return `\`${headOf(shown, QUOTED_HEAD_CHARS)}…\` (${raw.length} chars)`;
}

/**
 * Makes `text` fit one error line of at most `maxChars`: secrets redacted, line breaks escaped,
 * every backtick-quoted run longer than 80 characters shortened as quoteValue does (unless
 * `quoted: 'keep'`), and the rest cut if still too long. Callers that quote values themselves
 * are covered by it.
 */
export function boundErrorText(
  text: string,
  maxChars: number,
  options: { quoted?: 'shorten' | 'keep' } = {},
): string {
  let line = redactSecrets(text);
  if (options.quoted !== 'keep') {
    // Cut before escaping, so the length shown is the value's own.
    line = line.replace(/`([^`]*)`/g, (whole, inner: string) =>
      inner.length > MAX_QUOTED_CHARS
        ? `\`${headOf(inner, QUOTED_HEAD_CHARS)}…\` (${inner.length} chars)`
        : whole,
    );
  }
  line = escapeLineBreaks(line);
  if (line.length <= maxChars) return line;
  const suffix = `… (${text.length} chars)`;
  return `${headOf(line, Math.max(0, maxChars - suffix.length))}${suffix}`;
}

/** Base type of every error hands-off reports to a user: one line, a code, the cause kept. */
export class HandsOffError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(redactSecrets(message), options);
    this.name = 'HandsOffError';
    this.code = code;
  }
}

/** A bad input value: names the input, says what is wrong, and shows a valid example. */
export class InputError extends HandsOffError {
  readonly input: string;

  constructor(input: string, problem: string, example: string, options?: { cause?: unknown }) {
    // Bounded here, not only by quoteValue in the callers: every caller's line stays short and single.
    super(
      'INPUT',
      `input \`${boundErrorText(input, MAX_NAME_CHARS)}\`: ${boundErrorText(problem, MAX_PROBLEM_CHARS)}; ` +
        `example of a valid value: ${boundErrorText(example, MAX_EXAMPLE_CHARS, { quoted: 'keep' })}`,
      options,
    );
    this.name = 'InputError';
    this.input = input;
  }
}

/** The configuration file is missing, unreadable or does not match its schema. */
export class ConfigError extends HandsOffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', boundErrorText(message, MAX_CONFIG_MESSAGE_CHARS), options);
    this.name = 'ConfigError';
  }
}

/** A dependency (AWS, Prometheus, an API) could not be read after retries. */
export class UnavailableError extends HandsOffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', message, options);
    this.name = 'UnavailableError';
  }
}

/** The operation was cancelled (SIGINT/SIGTERM or an abort signal). */
export class CancelledError extends HandsOffError {
  constructor(message = 'cancelled', options?: { cause?: unknown }) {
    super('CANCELLED', message, options);
    this.name = 'CancelledError';
  }
}

/** One-line description of any thrown value, without a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = (error as { name?: string }).name;
    const message = error.message.split('\n')[0] ?? '';
    return name && !(error instanceof HandsOffError) && name !== 'Error' ? `${name}: ${message}` : message;
  }
  return String(error);
}
