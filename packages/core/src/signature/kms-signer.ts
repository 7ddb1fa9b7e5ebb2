import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { boundErrorText, describeError, InputError, quoteValue, UnavailableError } from '../errors.js';
import { publicKeyId, verifySignature, type Signer, type TrustedKey } from './signing-key.js';

/** The input that names the KMS key, for error lines. */
export const KMS_KEY_INPUT = 'kms-key-id';

/** The largest message KMS signs as `MessageType: RAW`; anything longer is sent as its SHA-256 (`DIGEST`). */
export const KMS_RAW_MESSAGE_LIMIT = 4096;

/** The only key KMS may sign with for hands-off: the same scheme as a local P-256 key. */
const KEY_SPEC = 'ECC_NIST_P256';
const KEY_USAGE = 'SIGN_VERIFY';
const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

const KEY_EXAMPLE =
  '`arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab` or `alias/release-signing` ' +
  '(a key made with `aws kms create-key --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY`)';

/**
 * Attempts per KMS call, the first included: the SDK's standard retry (jittered, capped backoff)
 * rides out throttling and 5xx; a permissions error is not retried and fails at once.
 */
export const KMS_MAX_ATTEMPTS = 3;

/** Bound of an AWS error line: KMS messages can quote ARNs and policies. */
const MAX_ERROR_CHARS = 300;

/** A Signer backed by an AWS KMS key, with the public key KMS reported for it. */
export interface KmsSigner extends Signer {
  sign(data: Buffer): Promise<Buffer>;
  /** The key as GetPublicKey returned it, PEM (SPKI): what verifiers are given as a trusted key. */
  readonly publicKeyPem: string;
}

/** What createKmsSigner needs: the key and a KMS client (injected, so tests choose the endpoint). */
export interface KmsSignerOptions {
  /** Key id, key ARN, alias name or alias ARN, as `kms-key-id` gives it. */
  readonly keyId: string;
  readonly client: KMSClient;
}

/**
 * Creates a KMS client for `region` (the SDK's default chain when empty). Endpoints come from
 * the SDK's own `AWS_ENDPOINT_URL_KMS` / `AWS_ENDPOINT_URL` variables, credentials from its chain.
 * The SDK is imported only here, on paths that sign with KMS.
 */
export async function createKmsClient(region: string): Promise<KMSClient> {
  const { KMSClient } = await import('@aws-sdk/client-kms');
  return new KMSClient({ ...(region ? { region } : {}), maxAttempts: KMS_MAX_ATTEMPTS });
}

/**
 * Reads the key's public half from KMS (GetPublicKey) and returns a Signer for it: keyid is the
 * hex SHA-256 of the DER SubjectPublicKeyInfo, as for a local key. A key that is not
 * ECC_NIST_P256 / SIGN_VERIFY is refused with an InputError for `kms-key-id`; AWS errors become
 * one line naming the call (`KMS GetPublicKey: AccessDeniedException: …`).
 *
 * `sign` sends the PAE itself (`MessageType: RAW`) up to 4096 bytes, else its SHA-256
 * (`DIGEST`): KMS hashes a RAW message with SHA-256 itself, so both give the same ECDSA_SHA_256
 * signature over the data. Each signature KMS returns (DER) is checked against the public key
 * before it is used, so a wrong key or a corrupted answer fails here and not at a verifier.
 */
export async function createKmsSigner(options: KmsSignerOptions): Promise<KmsSigner> {
  const { keyId, client } = options;
  if (keyId.trim() === '') throw new InputError(KMS_KEY_INPUT, 'is empty', KEY_EXAMPLE);
  const { GetPublicKeyCommand, SignCommand } = await import('@aws-sdk/client-kms');

  const answer = await callKms('GetPublicKey', keyId, () =>
    client.send(new GetPublicKeyCommand({ KeyId: keyId })),
  );
  // KeySpec replaced the deprecated CustomerMasterKeySpec; KMS sends both, some stand-ins (moto) only the old one.
  const keySpec = answer.KeySpec ?? answer.CustomerMasterKeySpec;
  if (keySpec !== KEY_SPEC || answer.KeyUsage !== KEY_USAGE) {
    throw new InputError(
      KMS_KEY_INPUT,
      `${quoteValue(keyId)} is a ${keySpec ?? 'unknown'} key for ${answer.KeyUsage ?? 'unknown'}; ` +
        `hands-off signs only with ${KEY_SPEC} keys for ${KEY_USAGE}`,
      KEY_EXAMPLE,
    );
  }
  const key = publicKeyFrom(answer.PublicKey, keyId);
  const keyid = publicKeyId(key);
  const trusted: TrustedKey = { keyid, algorithm: 'ecdsa-p256-sha256', key };

  return {
    keyid,
    algorithm: 'ecdsa-p256-sha256',
    publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
    sign: async (data) => {
      const raw = data.length <= KMS_RAW_MESSAGE_LIMIT;
      const signed = await callKms('Sign', keyId, () =>
        client.send(
          new SignCommand({
            KeyId: keyId,
            SigningAlgorithm: SIGNING_ALGORITHM,
            MessageType: raw ? 'RAW' : 'DIGEST',
            Message: raw ? data : createHash('sha256').update(data).digest(),
          }),
        ),
      );
      const signature = signed.Signature === undefined ? undefined : Buffer.from(signed.Signature);
      if (signature === undefined || !verifySignature(trusted, data, signature)) {
        throw new UnavailableError(
          `KMS Sign: the signature for ${quoteValue(keyId)} does not verify under the key GetPublicKey returned (${keyid})`,
        );
      }
      return signature;
    },
  };
}

/** The P-256 public key in GetPublicKey's DER SPKI, or UnavailableError when it is not one. */
function publicKeyFrom(der: Uint8Array | undefined, keyId: string): KeyObject {
  let key: KeyObject | undefined;
  try {
    key =
      der === undefined ? undefined : createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  } catch {
    key = undefined;
  }
  if (key?.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new UnavailableError(`KMS GetPublicKey: no P-256 public key came back for ${quoteValue(keyId)}`);
  }
  return key;
}

/**
 * Runs one KMS call; an error becomes one line naming the call and the AWS error
 * (`KMS Sign: AccessDeniedException: …`), the original kept as `cause`. A key KMS does not know
 * is the input's fault, so it is an InputError for `kms-key-id`.
 */
async function callKms<T>(call: string, keyId: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const line = boundErrorText(`KMS ${call}: ${describeError(error)}`, MAX_ERROR_CHARS);
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'NotFoundException') {
      throw new InputError(KMS_KEY_INPUT, `${quoteValue(keyId)}: ${line}`, KEY_EXAMPLE, { cause: error });
    }
    throw new UnavailableError(line, { cause: error });
  }
}
