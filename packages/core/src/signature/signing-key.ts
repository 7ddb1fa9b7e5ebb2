import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { InputError } from '../errors.js';

/** The signature schemes hands-off signs and verifies with. */
export type SignatureAlgorithm = 'ecdsa-p256-sha256' | 'ed25519';

/** What a key may be, for error lines. */
export const SUPPORTED_KEYS = 'ECDSA P-256 (prime256v1, SHA-256) or Ed25519';

const PRIVATE_KEY_EXAMPLE =
  'a PEM private key such as the output of `openssl genpkey -algorithm ed25519` ' +
  'or `openssl ecparam -name prime256v1 -genkey -noout` (-----BEGIN PRIVATE KEY----- …)';
const PUBLIC_KEY_EXAMPLE =
  'a PEM public key such as the output of `openssl pkey -in key.pem -pubout` (-----BEGIN PUBLIC KEY----- …)';

/**
 * Signs bytes with one key. An interface, so a KMS or HSM signer can stand in for a local key:
 * `sign` gets the exact bytes to sign (the DSSE PAE) and returns the signature as DSSE carries it,
 * or a promise of it when the key lives elsewhere (KMS).
 */
export interface Signer {
  /** Lowercase hex SHA-256 of the public key's DER SubjectPublicKeyInfo. */
  readonly keyid: string;
  readonly algorithm: SignatureAlgorithm;
  sign(data: Buffer): Buffer | Promise<Buffer>;
}

/** A Signer whose key is in this process: it signs synchronously. */
export interface LocalSigner extends Signer {
  sign(data: Buffer): Buffer;
  /** The public half as PEM (SPKI): what verifiers are given as a trusted key. */
  readonly publicKeyPem: string;
}

/** A public key trusted to sign, with the keyid envelopes name it by. */
export interface TrustedKey {
  readonly keyid: string;
  readonly algorithm: SignatureAlgorithm;
  readonly key: KeyObject;
}

/** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo: what `openssl pkey -pubin -outform DER | sha256sum` prints. */
export function publicKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The scheme of a key, or a description of the unsupported kind it is. */
function algorithmOf(key: KeyObject): SignatureAlgorithm | { unsupported: string } {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ecdsa-p256-sha256';
    return { unsupported: `an EC key on curve ${curve ?? 'unknown'}` };
  }
  return { unsupported: `a key of type ${key.asymmetricKeyType ?? 'unknown'}` };
}

/**
 * Loads a PEM private key into a Signer: ECDSA P-256 signs SHA-256 with a DER signature,
 * Ed25519 signs the bytes themselves (64 raw bytes). Bad text or another key type throws an
 * InputError for `input`; the key text is never part of the message.
 */
export function loadPrivateKeySigner(pemText: string, input = 'key'): LocalSigner {
  if (pemText.trim() === '') throw new InputError(input, 'is empty', PRIVATE_KEY_EXAMPLE);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pemText, format: 'pem' });
  } catch (error) {
    // The cause is Node's decoder error, which never quotes the key text.
    throw new InputError(input, privateKeyProblem(pemText), PRIVATE_KEY_EXAMPLE, { cause: error });
  }
  const algorithm = algorithmOf(key);
  if (typeof algorithm !== 'string') {
    throw new InputError(
      input,
      `is ${algorithm.unsupported}; supported: ${SUPPORTED_KEYS}`,
      PRIVATE_KEY_EXAMPLE,
    );
  }
  const keyid = publicKeyId(key);
  return {
    keyid,
    algorithm,
    publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) =>
      algorithm === 'ed25519' ? sign(null, data, key) : sign('sha256', data, { key, dsaEncoding: 'der' }),
  };
}

/** Why a PEM private key did not load, said without quoting any of it. */
function privateKeyProblem(pemText: string): string {
  if (!pemText.includes('-----BEGIN')) return 'is not PEM text (no -----BEGIN line)';
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pemText)) {
    return 'is an encrypted private key; give it unencrypted (keep it in a CI secret)';
  }
  if (/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(pemText))
    return 'is a public key or certificate, not a private key';
  return 'is not a readable PEM private key';
}

/**
 * Loads PEM public keys trusted to sign. Each must be ECDSA P-256 or Ed25519; the same key given
 * twice is kept once (it must not count twice towards a threshold). Throws an InputError for
 * `input` naming which key (by position) is bad.
 */
export function loadTrustedKeys(pems: readonly string[], input = 'public-key'): TrustedKey[] {
  if (pems.length === 0)
    throw new InputError(input, 'is empty: at least one public key is needed', PUBLIC_KEY_EXAMPLE);
  const byId = new Map<string, TrustedKey>();
  pems.forEach((pem, index) => {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: pem, format: 'pem' });
    } catch (error) {
      throw new InputError(input, `key ${index + 1} is not a readable PEM public key`, PUBLIC_KEY_EXAMPLE, {
        cause: error,
      });
    }
    const algorithm = algorithmOf(key);
    if (typeof algorithm !== 'string') {
      throw new InputError(
        input,
        `key ${index + 1} is ${algorithm.unsupported}; supported: ${SUPPORTED_KEYS}`,
        PUBLIC_KEY_EXAMPLE,
      );
    }
    const keyid = publicKeyId(key);
    if (!byId.has(keyid)) byId.set(keyid, { keyid, algorithm, key });
  });
  return [...byId.values()];
}

/**
 * Whether `signature` is a valid signature of `data` by `trusted`. ECDSA accepts DER and raw
 * r‖s (IEEE P1363, 64 bytes), the two encodings tools emit. Never throws on malformed bytes.
 */
export function verifySignature(trusted: TrustedKey, data: Buffer, signature: Buffer): boolean {
  try {
    if (trusted.algorithm === 'ed25519') return verify(null, data, trusted.key, signature);
    if (verify('sha256', data, { key: trusted.key, dsaEncoding: 'der' }, signature)) return true;
    return (
      signature.length === 64 &&
      verify('sha256', data, { key: trusted.key, dsaEncoding: 'ieee-p1363' }, signature)
    );
  } catch {
    return false;
  }
}
