import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../packages/core/src/errors.js';
import {
  preAuthEncoding,
  signEnvelope,
  verifyEnvelope,
  type DsseEnvelope,
  type EnvelopeVerdict,
} from '../../packages/core/src/signature/dsse.js';
import {
  buildStatement,
  IN_TOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
} from '../../packages/core/src/signature/in-toto.js';
import { loadPrivateKeySigner } from '../../packages/core/src/signature/signing-key.js';
import {
  derToP1363,
  openssl,
  opensslKeyPair,
  opensslSucceeds,
  requireOpenssl,
  tempDir,
  type OpensslKeyPair,
} from '../support/openssl.js';

const statement = buildStatement(
  [
    { name: 'dist/app.tar.gz', sha256: 'a'.repeat(64) },
    { name: 'dist/app.sbom.json', sha256: 'b'.repeat(64) },
  ],
  SLSA_PROVENANCE_V1,
  { buildDefinition: { buildType: 'https://example.com/build/v1' }, runDetails: {} },
);
const payload = Buffer.from(JSON.stringify(statement), 'utf8');
const expect1 = { threshold: 1, expectedPayloadType: IN_TOTO_PAYLOAD_TYPE };

let dir: string;
let p256: OpensslKeyPair;
let p256Pkcs8: OpensslKeyPair;
let ed25519: OpensslKeyPair;
let other: OpensslKeyPair;

beforeAll(() => {
  requireOpenssl();
  dir = tempDir('dsse');
  p256 = opensslKeyPair(dir, 'p256-sec1');
  p256Pkcs8 = opensslKeyPair(dir, 'p256-pkcs8');
  ed25519 = opensslKeyPair(dir, 'ed25519');
  other = opensslKeyPair(dir, 'p256-sec1', 'other');
});

/** Writes the PAE and the envelope's first signature for openssl to check. */
function writeForOpenssl(envelope: DsseEnvelope, name: string): { pae: string; sig: string } {
  const pae = `${name}.pae.bin`;
  const sig = `${name}.sig`;
  writeFileSync(
    join(dir, pae),
    preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64')),
  );
  writeFileSync(join(dir, sig), Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64'));
  return { pae, sig };
}

function rejection(verdict: EnvelopeVerdict): { check: string; reason: string } {
  if (verdict.ok) throw new Error('expected the envelope to be rejected');
  return { check: verdict.check, reason: verdict.reason };
}

describe('preAuthEncoding', () => {
  it('matches the DSSE v1 specification example', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('counts bytes, not characters, in both lengths', () => {
    expect(preAuthEncoding('é', Buffer.from('ü€', 'utf8')).toString('utf8')).toBe('DSSEv1 2 é 5 ü€');
    expect(preAuthEncoding('', Buffer.alloc(0)).toString()).toBe('DSSEv1 0  0 ');
  });
});

describe('signEnvelope', () => {
  it('writes a P-256 signature over the PAE that openssl dgst -sha256 verifies', () => {
    const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(p256.privatePem));
    expect(Buffer.from(envelope.payload, 'base64').equals(payload)).toBe(true);
    const { pae, sig } = writeForOpenssl(envelope, 'p256');
    const check = opensslSucceeds(['dgst', '-sha256', '-verify', p256.pubFile, '-signature', sig, pae], dir);
    expect(check).toEqual({ ok: true, output: 'Verified OK' });
  });

  it('writes an Ed25519 signature over the PAE that openssl pkeyutl verifies', () => {
    const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(ed25519.privatePem));
    const { pae, sig } = writeForOpenssl(envelope, 'ed25519');
    expect(readFileSync(join(dir, sig)).length).toBe(64);
    const check = opensslSucceeds(
      ['pkeyutl', '-verify', '-pubin', '-inkey', ed25519.pubFile, '-rawin', '-in', pae, '-sigfile', sig],
      dir,
    );
    expect(check.ok).toBe(true);
    expect(check.output).toContain('Signature Verified Successfully');
  });

  it('signs with a PKCS#8 P-256 key from openssl genpkey too', () => {
    const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(p256Pkcs8.privatePem));
    const { pae, sig } = writeForOpenssl(envelope, 'p256-pkcs8');
    expect(
      opensslSucceeds(['dgst', '-sha256', '-verify', p256Pkcs8.pubFile, '-signature', sig, pae], dir).ok,
    ).toBe(true);
  });

  it('names the key by the sha256 of its DER SubjectPublicKeyInfo, as openssl pkey | sha256sum does', () => {
    for (const pair of [p256, p256Pkcs8, ed25519]) {
      const der = openssl(['pkey', '-pubin', '-in', pair.pubFile, '-outform', 'DER'], dir);
      const sum = execFileSync('sha256sum', [], { input: der }).toString().split(' ')[0];
      const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(pair.privatePem));
      expect(envelope.signatures[0]?.keyid).toBe(sum);
    }
  });
});

describe('loadPrivateKeySigner', () => {
  it('refuses text that is not a key with one InputError line for `key` that never echoes it', () => {
    const secretish = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg-not-really-a-key';
    for (const text of [
      secretish,
      `-----BEGIN PRIVATE KEY-----\n${secretish}\n-----END PRIVATE KEY-----\n`,
      '',
    ]) {
      let error: unknown;
      try {
        loadPrivateKeySigner(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      const { message, input } = error as InputError;
      expect(input).toBe('key');
      expect(message).not.toContain(secretish.slice(0, 20));
      expect(message).not.toContain('\n');
      expect(message).toContain('example of a valid value');
    }
  });

  it('refuses a public key where a private key is needed, saying so', () => {
    expect(() => loadPrivateKeySigner(p256.publicPem)).toThrow(
      /public key or certificate, not a private key/,
    );
  });

  it('refuses a P-384 and an RSA key, naming what is supported', () => {
    const p384 = opensslKeyPair(dir, 'p384');
    const rsa = opensslKeyPair(dir, 'rsa');
    expect(() => loadPrivateKeySigner(p384.privatePem)).toThrow(
      /curve secp384r1; supported: ECDSA P-256 \(prime256v1, SHA-256\) or Ed25519/,
    );
    expect(() => loadPrivateKeySigner(rsa.privatePem)).toThrow(/type rsa; supported: ECDSA P-256/);
    expect(() => verifyEnvelope({}, [rsa.publicPem], expect1)).toThrow(/key 1 is a key of type rsa/);
  });
});

describe('verifyEnvelope', () => {
  /** Signs the PAE with `openssl dgst -sha256 -sign` and returns the DER signature file name. */
  function opensslSignP256(envelopePayloadType: string, name: string): string {
    writeFileSync(join(dir, `${name}.pae.bin`), preAuthEncoding(envelopePayloadType, payload));
    openssl(['dgst', '-sha256', '-sign', p256.keyFile, '-out', `${name}.der`, `${name}.pae.bin`], dir);
    return `${name}.der`;
  }

  function envelopeWith(sigs: Buffer[]): unknown {
    return {
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: payload.toString('base64'),
      signatures: sigs.map((sig) => ({ keyid: '', sig: sig.toString('base64') })),
    };
  }

  it('accepts a DER signature made by openssl dgst -sha256 -sign over the PAE', () => {
    const der = readFileSync(join(dir, opensslSignP256(IN_TOTO_PAYLOAD_TYPE, 'openssl-der')));
    const verdict = verifyEnvelope(envelopeWith([der]), [p256.publicPem], expect1);
    expect(verdict).toEqual({ ok: true, statement, signers: [loadPrivateKeySigner(p256.privatePem).keyid] });
  });

  it('accepts the same signature as raw r‖s (IEEE P1363)', () => {
    const raw = derToP1363(dir, opensslSignP256(IN_TOTO_PAYLOAD_TYPE, 'openssl-raw'));
    expect(raw.length).toBe(64);
    expect(verifyEnvelope(envelopeWith([raw]), [p256.publicPem], expect1).ok).toBe(true);
  });

  it('accepts an Ed25519 signature made by openssl pkeyutl -sign -rawin', () => {
    writeFileSync(join(dir, 'ed.pae.bin'), preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload));
    openssl(
      ['pkeyutl', '-sign', '-inkey', ed25519.keyFile, '-rawin', '-in', 'ed.pae.bin', '-out', 'ed.sig'],
      dir,
    );
    const sig = readFileSync(join(dir, 'ed.sig'));
    expect(verifyEnvelope(envelopeWith([sig]), [ed25519.publicPem], expect1).ok).toBe(true);
  });

  it('accepts our own envelope after a JSON round trip, reporting its signer', () => {
    const signer = loadPrivateKeySigner(ed25519.privatePem);
    const envelope = JSON.parse(
      JSON.stringify(signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, signer)),
    ) as unknown;
    expect(verifyEnvelope(envelope, [p256.publicPem, ed25519.publicPem], expect1)).toEqual({
      ok: true,
      statement,
      signers: [signer.keyid],
    });
  });

  it('rejects a payload signed as one type and presented as another, before any signature is checked', () => {
    const der = readFileSync(join(dir, opensslSignP256('application/vnd.other+json', 'other-type')));
    const envelope = { ...(envelopeWith([der]) as object), payloadType: 'application/vnd.other+json' };
    expect(rejection(verifyEnvelope(envelope, [p256.publicPem], expect1))).toEqual({
      check: 'payload-type',
      reason: 'payloadType is `application/vnd.other+json`, expected `application/vnd.in-toto+json`',
    });
  });

  it('counts two keys towards threshold 2 and reports both', () => {
    const a = loadPrivateKeySigner(p256.privatePem);
    const b = loadPrivateKeySigner(ed25519.privatePem);
    const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, a);
    const both = {
      ...envelope,
      signatures: [...envelope.signatures, ...signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, b).signatures],
    };
    const verdict = verifyEnvelope(both, [p256.publicPem, ed25519.publicPem], { ...expect1, threshold: 2 });
    expect(verdict.ok && verdict.signers).toEqual([a.keyid, b.keyid].sort());
  });

  it('refuses a threshold below 1, fractional, or above the distinct trusted keys', () => {
    for (const threshold of [0, -1, 1.5, Number.NaN, 2]) {
      // The same key twice is one key: threshold 2 can never be met.
      expect(() => verifyEnvelope({}, [p256.publicPem, p256.publicPem], { ...expect1, threshold })).toThrow(
        InputError,
      );
    }
    expect(() => verifyEnvelope({}, ['not a key'], expect1)).toThrow(
      /input `public-key`: key 1 is not a readable/,
    );
  });

  it('checks the payload only after the signatures: unsigned garbage is a signature failure', () => {
    const garbage = {
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: Buffer.from('{').toString('base64'),
      signatures: [],
    };
    expect(rejection(verifyEnvelope(garbage, [p256.publicPem], expect1)).check).toBe('envelope');
    const unsigned = { ...garbage, signatures: [{ keyid: '', sig: Buffer.alloc(64).toString('base64') }] };
    expect(rejection(verifyEnvelope(unsigned, [p256.publicPem], expect1)).check).toBe('signature');
  });

  it('rejects a signed payload that is not JSON or not a statement as `payload`', () => {
    const signer = loadPrivateKeySigner(p256.privatePem);
    for (const [body, reason] of [
      ['{not json', /not UTF-8 JSON/],
      ['{"_type":"https://in-toto.io/Statement/v0.1"}', /_type is `https:\/\/in-toto.io\/Statement\/v0.1`/],
      [Buffer.from([0x22, 0xff, 0x22]), /not UTF-8 JSON/],
    ] as const) {
      const envelope = signEnvelope(Buffer.from(body), IN_TOTO_PAYLOAD_TYPE, signer);
      const verdict = rejection(verifyEnvelope(envelope, [p256.publicPem], expect1));
      expect(verdict.check).toBe('payload');
      expect(verdict.reason).toMatch(reason);
    }
  });
});

describe('verifyEnvelope tamper suite', () => {
  let good: DsseEnvelope;
  let trusted: string[];

  beforeAll(() => {
    good = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(p256.privatePem));
    trusted = [p256.publicPem];
    expect(verifyEnvelope(good, trusted, expect1).ok).toBe(true);
  });

  function flipByte(base64: string, index: number): string {
    const bytes = Buffer.from(base64, 'base64');
    bytes[index] = (bytes[index] ?? 0) ^ 0x01;
    return bytes.toString('base64');
  }

  it('rejects a flipped byte in the payload as `signature`', () => {
    const tampered = { ...good, payload: flipByte(good.payload, 40) };
    expect(rejection(verifyEnvelope(tampered, trusted, expect1)).check).toBe('signature');
  });

  it('rejects a flipped byte in a signature as `signature`', () => {
    const sig = good.signatures[0]?.sig ?? '';
    for (const index of [0, 10, Buffer.from(sig, 'base64').length - 1]) {
      const tampered = {
        ...good,
        signatures: [{ keyid: good.signatures[0]?.keyid ?? '', sig: flipByte(sig, index) }],
      };
      expect(rejection(verifyEnvelope(tampered, trusted, expect1)).check).toBe('signature');
    }
  });

  it('rejects a changed payloadType as `payload-type`', () => {
    const tampered = { ...good, payloadType: 'application/vnd.in-toto+json ' };
    expect(rejection(verifyEnvelope(tampered, trusted, expect1)).check).toBe('payload-type');
  });

  it('rejects an envelope signed by an untrusted key as `signature`, whatever keyid it claims', () => {
    const forged = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(other.privatePem));
    const claimed = {
      ...forged,
      signatures: [{ keyid: good.signatures[0]?.keyid ?? '', sig: forged.signatures[0]?.sig ?? '' }],
    };
    for (const envelope of [forged, claimed]) {
      expect(rejection(verifyEnvelope(envelope, trusted, expect1))).toEqual({
        check: 'signature',
        reason: '0 distinct trusted key(s) signed, 1 needed (1 signature(s), 1 trusted key(s))',
      });
    }
  });

  it('rejects truncated JSON, missing fields and wrong types as `envelope`', () => {
    const text = JSON.stringify(good);
    const truncated = (() => {
      try {
        return JSON.parse(text.slice(0, text.length / 2)) as unknown;
      } catch {
        return undefined;
      }
    })();
    const { payloadType: _t, ...noType } = good;
    const { payload: _p, ...noPayload } = good;
    const { signatures: _s, ...noSignatures } = good;
    const hostile: unknown[] = [
      truncated,
      null,
      [],
      'envelope',
      42,
      noType,
      noPayload,
      noSignatures,
      { ...good, signatures: [] },
      { ...good, signatures: {} },
      { ...good, signatures: [null] },
      { ...good, signatures: [{ keyid: 'x' }] },
      { ...good, signatures: [{ keyid: 7, sig: good.signatures[0]?.sig }] },
      { ...good, payload: 'not base64!' },
      { ...good, payload: `${good.payload} ` },
      { ...good, payloadType: 1 },
      { ...good, signatures: Array.from({ length: 33 }, () => good.signatures[0]) },
    ];
    for (const envelope of hostile) {
      expect(rejection(verifyEnvelope(envelope, trusted, expect1)).check).toBe('envelope');
    }
  });

  it('counts two signatures by one key once: threshold 2 is not met', () => {
    const twice = {
      ...good,
      signatures: [
        good.signatures[0],
        ...signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(p256.privatePem)).signatures,
      ],
    };
    expect(twice.signatures[0]?.sig).not.toBe(twice.signatures[1]?.sig);
    const verdict = rejection(
      verifyEnvelope(twice, [p256.publicPem, ed25519.publicPem], { ...expect1, threshold: 2 }),
    );
    expect(verdict).toEqual({
      check: 'signature',
      reason: '1 distinct trusted key(s) signed, 2 needed (2 signature(s), 2 trusted key(s))',
    });
  });

  it('never accepts a single-byte mutation of the envelope text unless it means the same envelope', () => {
    // Each signature must count (threshold = signatures), else a spoilt extra signature is rightly ignored.
    const second = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, loadPrivateKeySigner(ed25519.privatePem));
    const cases = [
      { envelope: good, threshold: 1 },
      { envelope: { ...good, signatures: [...good.signatures, ...second.signatures] }, threshold: 2 },
    ].map(({ envelope, threshold }) => ({
      threshold,
      envelope,
      text: Buffer.from(JSON.stringify(envelope, null, 1), 'utf8'),
      sigBytes: envelope.signatures.map((s) => Buffer.from(s.sig, 'base64')),
    }));
    const keys = [p256.publicPem, ed25519.publicPem];
    fc.assert(
      fc.property(fc.nat(1), fc.nat(), fc.integer({ min: 0, max: 255 }), (which, at, byte) => {
        const { envelope, text, sigBytes, threshold } = cases[which]!;
        const index = at % text.length;
        fc.pre(text[index] !== byte);
        const mutated = Buffer.from(text);
        mutated[index] = byte;
        let parsed: unknown;
        try {
          parsed = JSON.parse(mutated.toString('utf8'));
        } catch {
          return; // Unparseable text never reaches verification.
        }
        const verdict = verifyEnvelope(parsed, keys, { ...expect1, threshold });
        if (!verdict.ok) return;
        // Accepted: the signed content must be what was signed (keyid is an unauthenticated hint).
        const e = parsed as DsseEnvelope;
        expect(e.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
        expect(e.payload).toBe(envelope.payload);
        const sigs = e.signatures.map((s) => Buffer.from(s.sig, 'base64'));
        expect(sigs.length).toBe(sigBytes.length);
        sigs.forEach((sig, i) => expect(sig.equals(sigBytes[i]!)).toBe(true));
        expect(verdict.statement).toEqual(statement);
      }),
      { numRuns: 3000 },
    );
  });
});
