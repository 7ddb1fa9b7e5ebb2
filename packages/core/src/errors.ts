/** Stable machine-readable error codes; the CLI and actions map them to exit codes and log lines. */
export type ErrorCode = 'INPUT' | 'CONFIG' | 'TIMEOUT' | 'CANCELLED' | 'UNAVAILABLE' | 'INTERNAL';

const SECRET_PATTERNS: RegExp[] = [
  /(aws_secret_access_key|secret|token|password|authorization)(["'\s:=]+)([^\s"',]+)/gi,
  /\bAKIA[0-9A-Z]{16}\b/g,
];

/** Replaces credential-looking substrings so an error message can be logged safely. */
export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, key?: string, sep?: string) =>
      key !== undefined && sep !== undefined ? `${key}${sep}***` : '***',
    );
  }
  return out;
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
    super('INPUT', `input \`${input}\`: ${problem}; example of a valid value: ${example}`, options);
    this.name = 'InputError';
    this.input = input;
  }
}

/** The configuration file is missing, unreadable or does not match its schema. */
export class ConfigError extends HandsOffError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
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
