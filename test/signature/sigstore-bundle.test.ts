import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify';
import { InputError } from '../../packages/core/src/errors.js';
import {
  buildStatement,
  IN_TOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
} from '../../packages/core/src/signature/in-toto.js';
import {
  loadPrivateKeySigner,
  publicKeyId,
  type Signer,
} from '../../packages/core/src/signature/signing-key.js';
import {
  createSigstoreBundle,
  SIGSTORE_BUNDLE_MEDIA_TYPE,
  verifySigstoreBundle,
  type SigstoreBundleJson,
} from '../../packages/core/src/signature/sigstore-bundle.js';

const statement = buildStatement([{ name: 'dist/app.tar.gz', sha256: 'a'.repeat(64) }], SLSA_PROVENANCE_V1, {
  buildDefinition: { buildType: 'https://example.com/build/v1' },
  runDetails: {},
});
const payload = Buffer.from(JSON.stringify(statement), 'utf8');

interface KeyPair {
  readonly signer: Signer;
  readonly publicPem: string;
}

function keyPair(kind: 'p256' | 'ed25519'): KeyPair {
  const { privateKey, publicKey } =
    kind === 'p256'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('ed25519');
  return {
    signer: loadPrivateKeySigner(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const p256 = keyPair('p256');
const other = keyPair('p256');

/** The bundle as it would be read back from `<name>.sigstore.json`. */
function roundTrip(bundle: SigstoreBundleJson): Record<string, unknown> {
  return JSON.parse(JSON.stringify(bundle)) as Record<string, unknown>;
}

/** @sigstore/verify itself, offline: one trusted key by keyid, no logs, no authorities, thresholds 0. */
function libraryVerify(bundleJson: unknown, trusted: KeyPair): void {
  const keyid = trusted.signer.keyid;
  const trustMaterial: TrustMaterial = {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey: (hint) => {
      if (hint !== keyid) throw new Error(`unknown key hint ${hint}`);
      return { publicKey: createPublicKey(trusted.publicPem), validFor: () => true };
    },
  };
  const verifier = new Verifier(trustMaterial, {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0,
  });
  verifier.verify(toSignedEntity(bundleFromJSON(bundleJson)));
}

/** A copy of `bundle` with its DSSE payload's first byte flipped. */
function withFlippedPayloadByte(bundle: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(bundle) as { dsseEnvelope: { payload: string } } & Record<string, unknown>;
  const bytes = Buffer.from(copy.dsseEnvelope.payload, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  copy.dsseEnvelope.payload = bytes.toString('base64');
  return copy;
}

/** A copy of `bundle` whose public-key hint names `hint`. */
function withHint(bundle: Record<string, unknown>, hint: string): Record<string, unknown> {
  const copy = structuredClone(bundle) as {
    verificationMaterial: { publicKey: { hint: string } };
  } & Record<string, unknown>;
  copy.verificationMaterial.publicKey.hint = hint;
  return copy;
}

describe('createSigstoreBundle', () => {
  it('writes a v0.3 bundle with a DSSE envelope, our keyid as public-key hint and no tlog entries', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(SIGSTORE_BUNDLE_MEDIA_TYPE).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    const material = bundle.verificationMaterial as Record<string, unknown>;
    expect(material.publicKey).toEqual({ hint: p256.signer.keyid });
    expect(p256.signer.keyid).toBe(publicKeyId(createPublicKey(p256.publicPem)));
    expect(material.tlogEntries ?? []).toEqual([]);
    expect(material.certificate).toBeUndefined();
    expect(material.x509CertificateChain).toBeUndefined();
    const envelope = bundle.dsseEnvelope as { payloadType: string; payload: string; signatures: unknown[] };
    expect(envelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    expect(Buffer.from(envelope.payload, 'base64').equals(payload)).toBe(true);
    expect(envelope.signatures).toHaveLength(1);
  });

  it('is verified offline by @sigstore/verify itself with a key finder and no tlog', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    expect(() => libraryVerify(bundle, p256)).not.toThrow();
    expect(() => libraryVerify(bundle, other)).toThrow();
    expect(() => libraryVerify(withFlippedPayloadByte(bundle), p256)).toThrow(
      /signature verification failed/,
    );
  });

  it('awaits a signer whose sign returns a promise (a KMS signer)', async () => {
    const asyncSigner = {
      keyid: p256.signer.keyid,
      algorithm: p256.signer.algorithm,
      sign: (data: Buffer) => Promise.resolve(p256.signer.sign(data)),
    } as unknown as Signer;
    const bundle = roundTrip(await createSigstoreBundle(payload, asyncSigner, p256.publicPem));
    expect(verifySigstoreBundle(bundle, [p256.publicPem]).ok).toBe(true);
  });

  it('throws an InputError when the public key is not the signer’s', async () => {
    await expect(createSigstoreBundle(payload, p256.signer, other.publicPem)).rejects.toThrow(InputError);
  });
});

describe('verifySigstoreBundle', () => {
  it('accepts a bundle signed by a trusted P-256 key and reports the statement and keyid', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    const verdict = verifySigstoreBundle(bundle, [other.publicPem, p256.publicPem]);
    expect(verdict).toEqual({ ok: true, statement, signers: [p256.signer.keyid] });
  });

  it('accepts an Ed25519 bundle, which @sigstore/verify checks too', async () => {
    const ed = keyPair('ed25519');
    const bundle = roundTrip(await createSigstoreBundle(payload, ed.signer, ed.publicPem));
    expect(verifySigstoreBundle(bundle, [ed.publicPem])).toEqual({
      ok: true,
      statement,
      signers: [ed.signer.keyid],
    });
    expect(() => libraryVerify(bundle, ed)).not.toThrow();
  });

  it('rejects a flipped payload byte at the signature check', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    const verdict = verifySigstoreBundle(withFlippedPayloadByte(bundle), [p256.publicPem]);
    expect(verdict).toMatchObject({ ok: false, check: 'signature' });
  });

  it('rejects a bundle whose hint names no trusted key at the key check', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    expect(verifySigstoreBundle(bundle, [other.publicPem])).toMatchObject({ ok: false, check: 'key' });
    expect(verifySigstoreBundle(withHint(bundle, 'f'.repeat(64)), [p256.publicPem])).toMatchObject({
      ok: false,
      check: 'key',
    });
  });

  it('rejects a signature by another key under a trusted key’s hint', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, other.signer, other.publicPem));
    const verdict = verifySigstoreBundle(withHint(bundle, p256.signer.keyid), [
      p256.publicPem,
      other.publicPem,
    ]);
    expect(verdict).toMatchObject({ ok: false, check: 'signature' });
  });

  it('rejects another payloadType before checking the signature', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    const verdict = verifySigstoreBundle(bundle, [p256.publicPem], { expectedPayloadType: 'text/plain' });
    expect(verdict).toMatchObject({ ok: false, check: 'payload-type' });
  });

  it('rejects a signed payload that is not an in-toto statement', async () => {
    const bundle = roundTrip(await createSigstoreBundle(Buffer.from('{"a":1}'), p256.signer, p256.publicPem));
    expect(verifySigstoreBundle(bundle, [p256.publicPem])).toMatchObject({ ok: false, check: 'payload' });
  });

  it('rejects a bundle carrying a tlog entry it cannot check offline', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    const withEntry = structuredClone(bundle) as { verificationMaterial: Record<string, unknown> };
    withEntry.verificationMaterial.tlogEntries = [
      {
        logIndex: '1',
        logId: { keyId: Buffer.alloc(32).toString('base64') },
        kindVersion: { kind: 'dsse', version: '0.0.1' },
        integratedTime: '0',
        inclusionProof: {
          logIndex: '1',
          rootHash: Buffer.alloc(32).toString('base64'),
          treeSize: '2',
          hashes: [],
          checkpoint: { envelope: 'x' },
        },
        canonicalizedBody: Buffer.from('{}').toString('base64'),
      },
    ];
    expect(verifySigstoreBundle(withEntry, [p256.publicPem])).toMatchObject({ ok: false, check: 'bundle' });
  });

  it('rejects hostile input at the bundle check with a one-line reason and never throws', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    const hostile: unknown[] = [
      null,
      'text',
      42,
      [],
      {},
      { ...bundle, mediaType: 'application/vnd.dev.sigstore.bundle.v0.9+json' },
      { ...bundle, mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1' },
      { ...bundle, dsseEnvelope: undefined },
      { ...bundle, dsseEnvelope: { payloadType: 7, payload: [], signatures: 'x' } },
      { ...bundle, verificationMaterial: { publicKey: 'x' } },
      { ...bundle, verificationMaterial: { certificate: { rawBytes: 'AAAA' } } },
      {
        ...bundle,
        dsseEnvelope: { ...(bundle.dsseEnvelope as object), signatures: [] },
      },
      {
        ...bundle,
        verificationMaterial: {
          ...(bundle.verificationMaterial as object),
          timestampVerificationData: { rfc3161Timestamps: [{ signedTimestamp: 'AAAA' }] },
        },
      },
    ];
    for (const input of hostile) {
      const verdict = verifySigstoreBundle(input, [p256.publicPem]);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).not.toMatch(/\n/);
      if (!verdict.ok) expect(['bundle', 'key']).toContain(verdict.check);
    }
  });

  it('throws an InputError for an unreadable trusted key', async () => {
    const bundle = roundTrip(await createSigstoreBundle(payload, p256.signer, p256.publicPem));
    expect(() => verifySigstoreBundle(bundle, ['not a key'])).toThrow(InputError);
  });
});
