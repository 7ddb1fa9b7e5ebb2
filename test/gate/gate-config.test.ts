import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { InputError, forgetSecrets, redactSecrets } from '@hands-off/core';
import { readGateConfig } from '@hands-off/gate-github';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const SECRET = 'a-webhook-secret-nobody-may-see';
const valid = {
  HANDS_OFF_GATE_APP_ID: '123456',
  HANDS_OFF_GATE_PRIVATE_KEY: pem,
  HANDS_OFF_GATE_WEBHOOK_SECRET: SECRET,
};

afterEach(() => forgetSecrets());

async function failure(env: Record<string, string>): Promise<InputError> {
  const error = await readGateConfig(env).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readGateConfig', () => {
  it('reads the settings, with defaults for the API URL and the optional ones', async () => {
    const config = await readGateConfig({
      ...valid,
      HANDS_OFF_GATE_ALLOWED_ENDPOINTS:
        'https://prometheus.internal:9090/,\nhttps://alertmanager.internal:9093/',
    });
    expect(config).toEqual({
      appId: '123456',
      privateKey: pem.trim(),
      webhookSecret: SECRET,
      allowedEndpoints: ['https://prometheus.internal:9090/', 'https://alertmanager.internal:9093/'],
      apiUrl: 'https://api.github.com',
      logDir: '',
      awsRegion: '',
    });
  });

  it('reads the key from HANDS_OFF_GATE_PRIVATE_KEY_FILE, and a key pasted with literal \\n', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gate-key-'));
    await writeFile(join(dir, 'app.pem'), pem);
    const { HANDS_OFF_GATE_PRIVATE_KEY: _, ...withoutKey } = valid;
    expect(
      (await readGateConfig({ ...withoutKey, HANDS_OFF_GATE_PRIVATE_KEY_FILE: join(dir, 'app.pem') }))
        .privateKey,
    ).toBe(pem.trim());
    expect(
      (await readGateConfig({ ...valid, HANDS_OFF_GATE_PRIVATE_KEY: pem.trim().replace(/\n/g, '\\n') }))
        .privateKey,
    ).toBe(pem.trim());
  });

  it('registers the key and the secret with redaction before anything can log them', async () => {
    await readGateConfig(valid);
    const keyLine = pem.split('\n')[5] ?? '';
    expect(redactSecrets(`secret ${SECRET} and ${keyLine}`)).not.toContain(SECRET);
    expect(redactSecrets(keyLine)).not.toContain(keyLine);
  });

  it.each([
    [{ ...valid, HANDS_OFF_GATE_APP_ID: '' }, 'HANDS_OFF_GATE_APP_ID', 'is not set'],
    [{ ...valid, HANDS_OFF_GATE_APP_ID: 'my-app' }, 'HANDS_OFF_GATE_APP_ID', 'positive number'],
    [{ ...valid, HANDS_OFF_GATE_WEBHOOK_SECRET: '' }, 'HANDS_OFF_GATE_WEBHOOK_SECRET', 'is not set'],
    [{ ...valid, HANDS_OFF_GATE_PRIVATE_KEY: '' }, 'HANDS_OFF_GATE_PRIVATE_KEY', 'is not set'],
    [
      { ...valid, HANDS_OFF_GATE_PRIVATE_KEY_FILE: '/etc/key.pem' },
      'HANDS_OFF_GATE_PRIVATE_KEY',
      'set one of them',
    ],
    [
      { ...valid, HANDS_OFF_GATE_ALLOWED_ENDPOINTS: 'prometheus:9090' },
      'HANDS_OFF_GATE_ALLOWED_ENDPOINTS',
      'not an http(s) URL prefix',
    ],
    [{ ...valid, GITHUB_API_URL: 'ftp://github' }, 'GITHUB_API_URL', 'not an http(s) URL'],
  ])('names the variable, the problem and an example in one line (%#)', async (env, variable, problem) => {
    const error = await failure(env);
    expect(error.message).toContain(`\`${variable}\``);
    expect(error.message).toContain(problem);
    expect(error.message).toContain('example of a valid value');
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a bad private key', async () => {
    const notAKey =
      '-----BEGIN RSA PRIVATE KEY-----\nTHIS-IS-SECRET-BUT-BROKEN-0123456789\n-----END RSA PRIVATE KEY-----';
    const error = await failure({ ...valid, HANDS_OFF_GATE_PRIVATE_KEY: notAKey });
    expect(error.message).toContain('is not a PEM private key');
    expect(error.message).not.toContain('THIS-IS-SECRET');
  });

  it('names an unreadable key file without its contents', async () => {
    const { HANDS_OFF_GATE_PRIVATE_KEY: _, ...withoutKey } = valid;
    const error = await failure({ ...withoutKey, HANDS_OFF_GATE_PRIVATE_KEY_FILE: '/nonexistent/app.pem' });
    expect(error.message).toContain('`HANDS_OFF_GATE_PRIVATE_KEY_FILE`');
    expect(error.message).toContain('ENOENT');
  });
});
