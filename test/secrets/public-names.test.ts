import { describe, expect, it } from '@jest/globals';
import { isSecretInputName, redactText, secretsInInput } from '@hands-off/core';

describe('names that end in a credential word but hold nothing secret', () => {
  it('`public-key` and `require-signature` are not secrets, so `true` and a public PEM are never masked', () => {
    expect(isSecretInputName('public-key')).toBe(false);
    expect(isSecretInputName('require-signature')).toBe(false);
    expect(secretsInInput('require-signature', 'true')).toEqual([]);
    expect(secretsInInput('public-key', 'keys/release.pub')).toEqual([]);
    expect(redactText('config sets `require-signature: true` for production', [])).toBe(
      'config sets `require-signature: true` for production',
    );
    expect(redactText('public-key=keys/release.pub', [])).toBe('public-key=keys/release.pub');
    // The step's own name starts its every log line.
    expect(redactText('build-signature: not verified (signature): 0 of 1 keys signed', [])).toBe(
      'build-signature: not verified (signature): 0 of 1 keys signed',
    );
  });

  it('the private ones around them still are', () => {
    for (const name of ['key', 'signing-key', 'private-key', 'x-amz-signature', 'github-token']) {
      expect(isSecretInputName(name)).toBe(true);
    }
    expect(redactText('signing-key=abc123def and signature: c2lnbmF0dXJl', [])).toBe(
      'signing-key=*** and signature: ***',
    );
    expect(secretsInInput('key', 'MHcCAQEEI')).toEqual(['MHcCAQEEI']);
  });
});
