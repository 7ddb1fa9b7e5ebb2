import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateKeyCommand,
  GetPublicKeyCommand,
  type KMSClient,
  type KeySpec,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { InputError } from '../../packages/core/src/errors.js';
import {
  preAuthEncoding,
  signEnvelopeAsync,
  verifyEnvelope,
} from '../../packages/core/src/signature/dsse.js';
import {
  buildStatement,
  IN_TOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
} from '../../packages/core/src/signature/in-toto.js';
import { createKmsClient, createKmsSigner } from '../../packages/core/src/signature/kms-signer.js';
import { startMoto, type MotoServer } from '../support/moto-server.js';
import { openssl, opensslSucceeds, requireOpenssl, tempDir } from '../support/openssl.js';

const statement = buildStatement([{ name: 'dist/app.tar.gz', sha256: 'c'.repeat(64) }], SLSA_PROVENANCE_V1, {
  buildDefinition: { buildType: 'https://example.com/build/v1' },
  runDetails: {},
});
const payload = Buffer.from(JSON.stringify(statement), 'utf8');

/** The SDK variables the client must take its endpoint and credentials from; restored afterwards. */
const ENV_NAMES = ['AWS_ENDPOINT_URL_KMS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
const savedEnv = new Map(ENV_NAMES.map((name) => [name, process.env[name]]));

let moto: MotoServer;
let client: KMSClient;
let dir: string;
const sent: SignCommandInput[] = [];

beforeAll(async () => {
  requireOpenssl();
  moto = await startMoto();
  dir = tempDir('kms-moto');
  // The endpoint comes from the SDK's own variable, as `kms-key-id` users would set it.
  process.env.AWS_ENDPOINT_URL_KMS = moto.url;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_SESSION_TOKEN;
  client = await createKmsClient('us-east-1');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SignCommand') sent.push(args.input as SignCommandInput);
      return next(args);
    },
    { step: 'initialize', name: 'recordSignInputs' },
  );
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function createKey(keySpec: KeySpec, keyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT'): Promise<string> {
  const made = await client.send(new CreateKeyCommand({ KeySpec: keySpec, KeyUsage: keyUsage }));
  const keyId = made.KeyMetadata?.KeyId;
  if (keyId === undefined) throw new Error('moto CreateKey returned no key id');
  return keyId;
}

/** Writes GetPublicKey's DER and the PEM openssl makes from it; returns the PEM file name and text. */
async function publicKeyFromKms(keyId: string, name: string): Promise<{ pubFile: string; pem: string }> {
  const answer = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  writeFileSync(join(dir, `${name}.der`), answer.PublicKey ?? new Uint8Array());
  openssl(['pkey', '-pubin', '-inform', 'DER', '-in', `${name}.der`, '-out', `${name}.pem`], dir);
  return { pubFile: `${name}.pem`, pem: openssl(['pkey', '-pubin', '-in', `${name}.pem`], dir).toString() };
}

describe('createKmsSigner against moto', () => {
  it('signs an envelope through KMS Sign (RAW) that openssl verifies with the key from GetPublicKey', async () => {
    const keyId = await createKey('ECC_NIST_P256', 'SIGN_VERIFY');
    const signer = await createKmsSigner({ keyId, client });
    sent.length = 0;
    const envelope = await signEnvelopeAsync(payload, IN_TOTO_PAYLOAD_TYPE, signer);

    const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload);
    expect(sent.map((input) => [input.KeyId, input.MessageType, input.SigningAlgorithm])).toEqual([
      [keyId, 'RAW', 'ECDSA_SHA_256'],
    ]);
    expect(Buffer.from(sent[0]?.Message ?? []).equals(pae)).toBe(true);

    const { pubFile, pem } = await publicKeyFromKms(keyId, 'p256');
    writeFileSync(join(dir, 'pae.bin'), pae);
    writeFileSync(join(dir, 'kms.sig'), Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64'));
    expect(
      opensslSucceeds(['dgst', '-sha256', '-verify', pubFile, '-signature', 'kms.sig', 'pae.bin'], dir),
    ).toEqual({ ok: true, output: 'Verified OK' });

    const der = openssl(['pkey', '-pubin', '-in', pubFile, '-outform', 'DER'], dir);
    const sum = execFileSync('sha256sum', [], { input: der }).toString().split(' ')[0];
    expect(envelope.signatures[0]?.keyid).toBe(sum);
    expect(signer.publicKeyPem).toBe(pem);
    expect(
      verifyEnvelope(envelope, [pem], { threshold: 1, expectedPayloadType: IN_TOTO_PAYLOAD_TYPE }),
    ).toEqual({ ok: true, statement, signers: [signer.keyid] });
  });

  it('refuses ECC_SECG_P256K1, RSA_2048 and encryption keys with one InputError line for `kms-key-id`', async () => {
    for (const [spec, usage] of [
      ['ECC_SECG_P256K1', 'SIGN_VERIFY'],
      ['RSA_2048', 'SIGN_VERIFY'],
      ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
    ] as const) {
      const keyId = await createKey(spec, usage);
      const error = await createKmsSigner({ keyId, client }).then(
        () => new Error('expected a refusal'),
        (caught: unknown) => caught as Error,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).not.toContain('\n');
      expect(error.message).toMatch(
        new RegExp(
          `^input \`kms-key-id\`: \`${keyId}\` is a ${spec} key for ${usage}; hands-off signs only with ECC_NIST_P256 keys for SIGN_VERIFY; example`,
        ),
      );
    }
  });

  it('names GetPublicKey when the key does not exist', async () => {
    await expect(createKmsSigner({ keyId: '00000000-0000-0000-0000-000000000000', client })).rejects.toThrow(
      /^input `kms-key-id`: `00000000-0000-0000-0000-000000000000`: KMS GetPublicKey: NotFoundException/,
    );
  });
});
