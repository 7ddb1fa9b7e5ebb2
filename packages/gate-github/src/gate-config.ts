import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InputError, parseAllowedEndpoints, registerSecret } from '@hands-off/core';

/** The gate's operator settings: who it is on GitHub, what it trusts, where it writes. */
export interface GateConfig {
  appId: string;
  /** PEM text of the App's private key. */
  privateKey: string;
  webhookSecret: string;
  /** URL prefixes a repository's config may name as an endpoint; empty: none. */
  allowedEndpoints: string[];
  /** Without a trailing slash. */
  apiUrl: string;
  /** Where `decision-log.jsonl` is appended; empty: the log lines only. */
  logDir: string;
  /** For CloudWatch alarms and metrics named in a repository's config; empty: the SDK's default chain. */
  awsRegion: string;
}

/** The environment variables the gate reads, and nothing else. */
export const GATE_VARIABLES = {
  appId: 'HANDS_OFF_GATE_APP_ID',
  privateKey: 'HANDS_OFF_GATE_PRIVATE_KEY',
  privateKeyFile: 'HANDS_OFF_GATE_PRIVATE_KEY_FILE',
  webhookSecret: 'HANDS_OFF_GATE_WEBHOOK_SECRET',
  allowedEndpoints: 'HANDS_OFF_GATE_ALLOWED_ENDPOINTS',
  apiUrl: 'GITHUB_API_URL',
  logDir: 'HANDS_OFF_GATE_LOG_DIR',
  awsRegion: 'AWS_REGION',
} as const;

/** Largest private key file read: an RSA 4096 PEM is about 3.3 KB. */
const MAX_KEY_FILE_BYTES = 64 * 1024;
/** Lines of a PEM body shorter than this are not registered as secrets on their own. */
const MIN_KEY_LINE_CHARS = 16;

/**
 * Reads the gate's settings from environment variables, in one place. A missing or bad value
 * throws one InputError naming the variable, what is wrong and a valid example, never the value of
 * a secret. The private key and the webhook secret are registered with core's redaction before
 * anything else happens, so no later log line, error or record can show them.
 */
export async function readGateConfig(env: Readonly<Record<string, string | undefined>>): Promise<GateConfig> {
  const value = (name: string): string => (env[name] ?? '').trim();

  const webhookSecret = value(GATE_VARIABLES.webhookSecret);
  if (webhookSecret !== '') registerSecret(webhookSecret);
  const privateKey = await readPrivateKey(
    value(GATE_VARIABLES.privateKey),
    value(GATE_VARIABLES.privateKeyFile),
  );

  const appId = value(GATE_VARIABLES.appId);
  if (!/^[1-9]\d{0,15}$/.test(appId)) {
    throw new InputError(
      GATE_VARIABLES.appId,
      appId === '' ? 'is not set' : 'must be the App ID, a positive number (the App settings page shows it)',
      '`123456`',
    );
  }
  if (webhookSecret === '') {
    throw new InputError(
      GATE_VARIABLES.webhookSecret,
      'is not set: every webhook must be verified against the secret set in the App settings',
      'a long random string, e.g. the output of `openssl rand -hex 32`',
    );
  }
  return {
    appId,
    privateKey,
    webhookSecret,
    allowedEndpoints: parseAllowedEndpoints(
      GATE_VARIABLES.allowedEndpoints,
      value(GATE_VARIABLES.allowedEndpoints),
    ),
    apiUrl: parseApiUrl(value(GATE_VARIABLES.apiUrl)),
    logDir: value(GATE_VARIABLES.logDir),
    awsRegion: value(GATE_VARIABLES.awsRegion),
  };
}

async function readPrivateKey(text: string, file: string): Promise<string> {
  const example =
    'the text of the .pem file downloaded from the App settings (a PEM private key, from a secret)';
  if (text !== '' && file !== '') {
    throw new InputError(
      GATE_VARIABLES.privateKey,
      `is set together with ${GATE_VARIABLES.privateKeyFile}: set one of them`,
      example,
    );
  }
  let pem = text;
  let name: string = GATE_VARIABLES.privateKey;
  if (file !== '') {
    name = GATE_VARIABLES.privateKeyFile;
    try {
      const bytes = await readFile(file);
      if (bytes.length > MAX_KEY_FILE_BYTES) throw new Error(`larger than ${MAX_KEY_FILE_BYTES} bytes`);
      pem = bytes.toString('utf8').trim();
    } catch (error) {
      const why =
        (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      throw new InputError(name, `names a file that cannot be read (${why})`, '`/run/secrets/gate-app.pem`');
    }
  }
  if (pem === '') {
    throw new InputError(
      GATE_VARIABLES.privateKey,
      `is not set (nor ${GATE_VARIABLES.privateKeyFile})`,
      example,
    );
  }
  // A PEM pasted into one line of an environment file often keeps its line breaks as `\n`.
  pem = pem.replace(/\\n/g, '\n');
  registerSecret(pem);
  for (const line of pem.split(/\r?\n/)) {
    if (line.length >= MIN_KEY_LINE_CHARS && !line.startsWith('-----')) registerSecret(line.trim());
  }
  try {
    createPrivateKey(pem);
  } catch {
    // The parser's message is not shown: it may quote part of the key.
    throw new InputError(name, 'is not a PEM private key', example);
  }
  return pem;
}

function parseApiUrl(text: string): string {
  if (text === '') return 'https://api.github.com';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.search ||
    url.hash
  ) {
    throw new InputError(
      GATE_VARIABLES.apiUrl,
      'is not an http(s) URL',
      '`https://api.github.com` or `https://github.example.com/api/v3`',
    );
  }
  return text.replace(/\/+$/, '');
}
