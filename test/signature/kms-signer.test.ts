import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GetPublicKeyCommand,
  KMSClient,
  KMSServiceException,
  NotFoundException,
  SignCommand,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError, UnavailableError } from '../../packages/core/src/errors.js';
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
import {
  createKmsClient,
  createKmsSigner,
  KMS_MAX_ATTEMPTS,
  KMS_RAW_MESSAGE_LIMIT,
} from '../../packages/core/src/signature/kms-signer.js';
import { openssl, opensslSucceeds, requireOpenssl, tempDir } from '../support/openssl.js';

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const statement = buildStatement([{ name: 'dist/app.tar.gz', sha256: 'a'.repeat(64) }], SLSA_PROVENANCE_V1, {
  buildDefinition: { buildType: 'https://example.com/build/v1' },
  runDetails: {},
});

let dir: string;
let privateKey: KeyObject;
let spkiDer: Buffer;

beforeAll(() => {
  requireOpenssl();
  dir = tempDir('kms-signer');
  ({ privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }));
  writeFileSync(join(dir, 'kms.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  spkiDer = openssl(['pkey', '-in', 'kms.pem', '-pubout', '-outform', 'DER'], dir);
  openssl(['pkey', '-in', 'kms.pem', '-pubout', '-out', 'kms.pub.pem'], dir);
});

const client = new KMSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const kms = mockClient(client);
afterEach(() => {
  kms.reset();
});

/**
 * Stands in for KMS with a real P-256 key: RAW is hashed with SHA-256 and signed; DIGEST is
 * signed as the digest it is, by `openssl pkeyutl -sign` (which never hashes its input).
 */
function kmsWithRealKey(keySpec = 'ECC_NIST_P256', keyUsage = 'SIGN_VERIFY'): SignCommandInput[] {
  const calls: SignCommandInput[] = [];
  kms.on(GetPublicKeyCommand).resolves({
    KeyId: KEY_ID,
    KeySpec: keySpec as 'ECC_NIST_P256',
    KeyUsage: keyUsage as 'SIGN_VERIFY',
    PublicKey: spkiDer,
    SigningAlgorithms: ['ECDSA_SHA_256'],
  });
  kms.on(SignCommand).callsFake((input: SignCommandInput) => {
    calls.push(input);
    writeFileSync(join(dir, 'message.bin'), input.Message ?? new Uint8Array());
    const signature =
      input.MessageType === 'DIGEST'
        ? openssl(['pkeyutl', '-sign', '-inkey', 'kms.pem', '-in', 'message.bin'], dir)
        : openssl(['dgst', '-sha256', '-sign', 'kms.pem', 'message.bin'], dir);
    return { KeyId: KEY_ID, Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' };
  });
  return calls;
}

/** A payload whose PAE is exactly `paeBytes` long. */
function payloadForPae(paeBytes: number): Buffer {
  for (let n = paeBytes; n > 0; n--) {
    const payload = Buffer.alloc(n, 'x');
    if (preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload).length === paeBytes) return payload;
  }
  throw new Error(`no payload has a PAE of ${paeBytes} bytes`);
}

function opensslVerifies(pae: Buffer, signature: Buffer, name: string): { ok: boolean; output: string } {
  writeFileSync(join(dir, `${name}.pae.bin`), pae);
  writeFileSync(join(dir, `${name}.sig`), signature);
  return opensslSucceeds(
    ['dgst', '-sha256', '-verify', 'kms.pub.pem', '-signature', `${name}.sig`, `${name}.pae.bin`],
    dir,
  );
}

async function thrown(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('createKmsSigner', () => {
  it('names the key by the sha256 of the DER SubjectPublicKeyInfo GetPublicKey returned', async () => {
    kmsWithRealKey();
    const signer = await createKmsSigner({ keyId: KEY_ID, client });
    expect(signer.keyid).toBe(createHash('sha256').update(spkiDer).digest('hex'));
    expect(signer.algorithm).toBe('ecdsa-p256-sha256');
    expect(signer.publicKeyPem).toBe(openssl(['pkey', '-pubin', '-in', 'kms.pub.pem'], dir).toString());
    expect(kms.commandCalls(GetPublicKeyCommand)[0]?.args[0].input).toEqual({ KeyId: KEY_ID });
  });

  it('sends a PAE of exactly 4096 bytes as RAW and one of 4097 as DIGEST of its SHA-256', async () => {
    const calls = kmsWithRealKey();
    const signer = await createKmsSigner({ keyId: KEY_ID, client });
    for (const size of [KMS_RAW_MESSAGE_LIMIT, KMS_RAW_MESSAGE_LIMIT + 1]) {
      const payload = payloadForPae(size);
      const envelope = await signEnvelopeAsync(payload, IN_TOTO_PAYLOAD_TYPE, signer);
      const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload);
      expect(pae.length).toBe(size);
      const sig = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
      expect(opensslVerifies(pae, sig, `pae-${size}`)).toEqual({ ok: true, output: 'Verified OK' });
    }
    expect(
      calls.map((c) => [c.MessageType, c.SigningAlgorithm, Buffer.from(c.Message ?? []).length]),
    ).toEqual([
      ['RAW', 'ECDSA_SHA_256', 4096],
      ['DIGEST', 'ECDSA_SHA_256', 32],
    ]);
    const bigPae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payloadForPae(KMS_RAW_MESSAGE_LIMIT + 1));
    expect(Buffer.from(calls[1]?.Message ?? []).toString('hex')).toBe(
      createHash('sha256').update(bigPae).digest('hex'),
    );
    expect(
      Buffer.from(calls[0]?.Message ?? []).equals(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payloadForPae(4096))),
    ).toBe(true);
  });

  it('signs a large statement through DIGEST into an envelope that verifyEnvelope accepts', async () => {
    kmsWithRealKey();
    const signer = await createKmsSigner({ keyId: KEY_ID, client });
    const big = { ...statement, predicate: { ...statement.predicate, padding: 'p'.repeat(6000) } };
    const envelope = await signEnvelopeAsync(Buffer.from(JSON.stringify(big)), IN_TOTO_PAYLOAD_TYPE, signer);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input.MessageType).toBe('DIGEST');
    const verdict = verifyEnvelope(envelope, [signer.publicKeyPem], {
      threshold: 1,
      expectedPayloadType: IN_TOTO_PAYLOAD_TYPE,
    });
    expect(verdict).toEqual({ ok: true, statement: big, signers: [signer.keyid] });
  });

  it('refuses a key that is not ECC_NIST_P256 for SIGN_VERIFY with one InputError line for `kms-key-id`', async () => {
    for (const [spec, usage] of [
      ['RSA_2048', 'SIGN_VERIFY'],
      ['ECC_SECG_P256K1', 'SIGN_VERIFY'],
      ['ECC_NIST_P256', 'KEY_AGREEMENT'],
    ] as const) {
      kms.reset();
      kmsWithRealKey(spec, usage);
      const error = await thrown(createKmsSigner({ keyId: KEY_ID, client }));
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe('kms-key-id');
      expect(error.message).toContain(
        `is a ${spec} key for ${usage}; hands-off signs only with ECC_NIST_P256 keys`,
      );
      expect(error.message).not.toContain('\n');
    }
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('reports AccessDenied from Sign as one line naming the call, keeping the cause', async () => {
    kmsWithRealKey();
    const denied = new KMSServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: `User: arn:aws:sts::111122223333:assumed-role/ci is not authorized to perform: kms:Sign on resource: ${KEY_ID}`,
    });
    kms.on(SignCommand).rejects(denied);
    const signer = await createKmsSigner({ keyId: KEY_ID, client });
    const error = await thrown(signer.sign(Buffer.from('data')));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toBe(
      `KMS Sign: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ci is not authorized to perform: kms:Sign on resource: ${KEY_ID}`,
    );
    expect(error.cause).toBe(denied);
  });

  it('reports throttling from GetPublicKey as one line naming the call, never a stack', async () => {
    const throttled = new KMSServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'Rate exceeded\n    at somewhere (stack.js:1:1)',
    });
    kms.on(GetPublicKeyCommand).rejects(throttled);
    const error = await thrown(createKmsSigner({ keyId: KEY_ID, client }));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toBe('KMS GetPublicKey: ThrottlingException: Rate exceeded');
  });

  it('reports a key KMS does not know as an InputError for `kms-key-id` naming GetPublicKey', async () => {
    kms
      .on(GetPublicKeyCommand)
      .rejects(new NotFoundException({ $metadata: {}, message: `Key '${KEY_ID}' does not exist` }));
    const error = await thrown(createKmsSigner({ keyId: KEY_ID, client }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^input `kms-key-id`: `arn:aws:kms:.*`: KMS GetPublicKey: NotFoundException: Key '/,
    );
    await expect(createKmsSigner({ keyId: ' ', client })).rejects.toThrow(/input `kms-key-id`: is empty/);
  });

  it('refuses a signature from KMS that does not verify under the public key', async () => {
    kmsWithRealKey();
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    kms.on(SignCommand).callsFake((input: SignCommandInput) => ({
      Signature: createSignWith(other, Buffer.from(input.Message ?? [])),
    }));
    const signer = await createKmsSigner({ keyId: KEY_ID, client });
    await expect(signer.sign(Buffer.from('data'))).rejects.toThrow(
      /^KMS Sign: the signature for `arn:aws:kms:.*` does not verify under the key GetPublicKey returned \([0-9a-f]{64}\)$/,
    );
  });
});

function createSignWith(key: KeyObject, data: Buffer): Buffer {
  writeFileSync(join(dir, 'other.pem'), key.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'other.bin'), data);
  return openssl(['dgst', '-sha256', '-sign', 'other.pem', 'other.bin'], dir);
}

describe('createKmsClient', () => {
  it('builds a client for the region with a bounded number of attempts', async () => {
    const built = await createKmsClient('eu-central-1');
    expect(await built.config.region()).toBe('eu-central-1');
    expect(await built.config.maxAttempts()).toBe(KMS_MAX_ATTEMPTS);
    built.destroy();
  });
});
