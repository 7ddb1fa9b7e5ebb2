import {
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  bundleFromJSON,
  bundleToJSON,
  toDSSEBundle,
  type Bundle,
  type Envelope,
  type SerializedBundle,
} from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { toSignedEntity, VerificationError, Verifier, type TrustMaterial } from '@sigstore/verify';
import { InputError, quoteValue } from '../errors.js';
import { IN_TOTO_PAYLOAD_TYPE, validateStatement, type InTotoStatement } from './in-toto.js';
import { loadTrustedKeys, type Signer, type TrustedKey } from './signing-key.js';
import { isRecord } from '../json-record.js';

/** What a Sigstore bundle file is named after the artifact it covers: `<name>.sigstore.json`. */
export const SIGSTORE_BUNDLE_SUFFIX = '.sigstore.json';

/** The media type of the bundles hands-off writes: Sigstore bundle v0.3. */
export const SIGSTORE_BUNDLE_MEDIA_TYPE = BUNDLE_V03_MEDIA_TYPE;

/** A Sigstore bundle as written to `<name>.sigstore.json` (pass it to JSON.stringify). */
export type SigstoreBundleJson = SerializedBundle;

/**
 * Signs an in-toto statement into a Sigstore bundle v0.3 with @sigstore/bundle: a DSSE envelope
 * (payloadType `application/vnd.in-toto+json`) and a `publicKey.hint` verification material naming
 * the signer's keyid. No witnesses: no transparency log entry and no timestamp, so nothing leaves
 * the machine. `publicKeyPem` must be the signer's own public key; another key throws an InputError.
 */
export async function createSigstoreBundle(
  statementPayload: Buffer,
  signer: Signer,
  publicKeyPem: string,
): Promise<SigstoreBundleJson> {
  const [publicKey] = loadTrustedKeys([publicKeyPem], 'public-key');
  if (publicKey === undefined || publicKey.keyid !== signer.keyid) {
    throw new InputError(
      'public-key',
      `is the key ${publicKey?.keyid ?? 'unknown'}, not the signing key ${signer.keyid}`,
      'the output of `openssl pkey -in key.pem -pubout` for the signing key',
    );
  }
  // The steps of @sigstore/sign's DSSEBundleBuilder with no witnesses, taken from the libraries it
  // uses: importing @sigstore/sign would load its Fulcio and Rekor HTTP clients for nothing.
  // `await` works whether our Signer returns the signature or a promise of it (a KMS signer).
  const signature = await signer.sign(dsse.preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statementPayload));
  const bundle = toDSSEBundle({
    artifact: statementPayload,
    artifactType: IN_TOTO_PAYLOAD_TYPE,
    signature,
    keyHint: signer.keyid,
  });
  return bundleToJSON(bundle);
}

/** Which check rejected a bundle, in the order they run. */
export type SigstoreBundleCheck = 'bundle' | 'payload-type' | 'key' | 'signature' | 'payload';

/** A verified statement with the keyid that signed it, or the check that failed and why. */
export type SigstoreBundleVerdict =
  | { ok: true; statement: InTotoStatement; signers: string[] }
  | { ok: false; check: SigstoreBundleCheck; reason: string };

/** What else must hold for a bundle to be accepted. */
export interface SigstoreVerifyOptions {
  /** The DSSE payloadType the bundle must carry; `application/vnd.in-toto+json` when not given. */
  readonly expectedPayloadType?: string;
}

const V03_MEDIA_TYPES: readonly string[] = [BUNDLE_V03_MEDIA_TYPE, BUNDLE_V03_LEGACY_MEDIA_TYPE];

/** Longest reason a library error may put in a verdict: its messages can quote bundle fields. */
const MAX_REASON_CHARS = 200;

/** One short line from a thrown value, without trusting its shape. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : 'unknown error';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_REASON_CHARS ? flat : `${flat.slice(0, MAX_REASON_CHARS)}…`;
}

/**
 * The trust material for offline verification with our own keys: the public-key finder maps a
 * bundle's hint (a keyid) to a trusted key and refuses any other hint; there are no certificate
 * authorities, timestamp authorities, transparency logs or CT logs, so a bundle leaning on any of
 * them fails. Keys have no validity window: with no timestamps there is no time to check.
 */
function trustMaterialFor(trusted: readonly TrustedKey[]): TrustMaterial {
  const byId = new Map(trusted.map((key) => [key.keyid, key]));
  return {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey: (hint) => {
      const key = byId.get(hint);
      if (key === undefined) {
        throw new VerificationError({
          code: 'PUBLIC_KEY_ERROR',
          message: `the bundle's key hint ${quoteValue(hint)} is not a trusted keyid`,
        });
      }
      return { publicKey: key.key, validFor: () => true };
    },
  };
}

type ParsedBundle = { bundle: Bundle; envelope: Envelope; hint: string };

/** The bundle's shape, parsed by @sigstore/bundle; or why it is not a v0.3 DSSE public-key bundle. */
function parseBundle(bundleJson: unknown): ParsedBundle | string {
  if (!isRecord(bundleJson)) return 'the bundle is not a JSON object';
  const { mediaType } = bundleJson;
  if (typeof mediaType !== 'string' || !V03_MEDIA_TYPES.includes(mediaType)) {
    const shown = typeof mediaType === 'string' ? quoteValue(mediaType) : 'missing';
    return `mediaType is ${shown}, expected \`${BUNDLE_V03_MEDIA_TYPE}\``;
  }
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(bundleJson);
  } catch (error) {
    return `not a valid Sigstore bundle: ${oneLine(error)}`;
  }
  const { content, verificationMaterial } = bundle;
  if (content.$case !== 'dsseEnvelope') return 'the bundle holds no DSSE envelope';
  if (verificationMaterial.content.$case !== 'publicKey')
    return 'the bundle names its key by certificate, not by public-key hint';
  return { bundle, envelope: content.dsseEnvelope, hint: verificationMaterial.content.publicKey.hint };
}

/**
 * Verifies a Sigstore bundle offline with @sigstore/verify against our trusted public keys, in
 * this order: its shape (v0.3, DSSE, public-key hint), its payloadType, the key its hint names
 * (which must be a trusted keyid), the signature over the DSSE PAE, and then the payload (an
 * in-toto Statement v1). The verifier requires no transparency log entry, SCT or timestamp
 * (thresholds 0), and a bundle carrying any fails, as no log or authority is trusted offline.
 * Never throws on a hostile bundle; throws an InputError for bad trusted keys.
 */
export function verifySigstoreBundle(
  bundleJson: unknown,
  trustedPublicKeyPems: readonly string[],
  options: SigstoreVerifyOptions = {},
): SigstoreBundleVerdict {
  const trusted = loadTrustedKeys(trustedPublicKeyPems);
  const expectedPayloadType = options.expectedPayloadType ?? IN_TOTO_PAYLOAD_TYPE;
  let parsed: ParsedBundle | string;
  try {
    parsed = parseBundle(bundleJson);
  } catch {
    // Only an exotic object (a throwing getter) gets here; parsed JSON never does.
    parsed = 'the bundle could not be read';
  }
  if (typeof parsed === 'string') return { ok: false, check: 'bundle', reason: parsed };
  const { bundle, envelope, hint } = parsed;

  if (envelope.payloadType !== expectedPayloadType) {
    return {
      ok: false,
      check: 'payload-type',
      reason: `payloadType is ${quoteValue(envelope.payloadType)}, expected \`${expectedPayloadType}\``,
    };
  }

  const verifier = new Verifier(trustMaterialFor(trusted), {
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 0,
  });
  try {
    verifier.verify(toSignedEntity(bundle));
  } catch (error) {
    const code = error instanceof VerificationError ? error.code : undefined;
    const check: SigstoreBundleCheck =
      code === 'PUBLIC_KEY_ERROR' ? 'key' : code === 'SIGNATURE_ERROR' ? 'signature' : 'bundle';
    // Name the library's code: its messages alone ("unsupported tag 0x00") do not say what failed.
    const reason =
      check === 'bundle' ? `@sigstore/verify ${code ?? 'error'}: ${oneLine(error)}` : oneLine(error);
    return { ok: false, check, reason };
  }

  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(envelope.payload));
  } catch {
    return { ok: false, check: 'payload', reason: 'the signed payload is not UTF-8 JSON' };
  }
  const shape = validateStatement(statement);
  if (!shape.ok) {
    return {
      ok: false,
      check: 'payload',
      reason: `the signed payload is not an in-toto statement: ${shape.reason}`,
    };
  }
  return { ok: true, statement: shape.statement, signers: [hint] };
}
