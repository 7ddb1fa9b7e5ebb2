import { InputError, quoteValue } from '../errors.js';
import { validateStatement, type InTotoStatement } from './in-toto.js';
import { loadTrustedKeys, verifySignature, type LocalSigner, type Signer } from './signing-key.js';
import { isRecord } from '../json-record.js';

/** A DSSE envelope as written to disk (`.intoto.jsonl` lines, `.dsse.json` files). */
export interface DsseEnvelope {
  readonly payloadType: string;
  /** Base64 of the payload bytes. */
  readonly payload: string;
  readonly signatures: readonly { readonly keyid: string; readonly sig: string }[];
}

/** Signatures an envelope may carry: verifying costs signatures × keys, so hostile input is bounded. */
export const MAX_SIGNATURES = 32;

/**
 * DSSE v1 pre-authentication encoding: `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths as
 * ASCII decimal byte counts. This, not the payload, is what is signed.
 */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}

/** Signs `payload` as a DSSE envelope with one local key. */
export function signEnvelope(payload: Buffer, payloadType: string, signer: LocalSigner): DsseEnvelope {
  return envelopeOf(payload, payloadType, signer.keyid, signer.sign(preAuthEncoding(payloadType, payload)));
}

/**
 * Signs `payload` as a DSSE envelope with any signer, one whose key is elsewhere (KMS) included.
 * Always a promise, whatever the signer returns, so callers have one way to use it.
 */
export async function signEnvelopeAsync(
  payload: Buffer,
  payloadType: string,
  signer: Signer,
): Promise<DsseEnvelope> {
  const signature = await signer.sign(preAuthEncoding(payloadType, payload));
  return envelopeOf(payload, payloadType, signer.keyid, signature);
}

function envelopeOf(payload: Buffer, payloadType: string, keyid: string, signature: Buffer): DsseEnvelope {
  return {
    payloadType,
    payload: payload.toString('base64'),
    signatures: [{ keyid, sig: signature.toString('base64') }],
  };
}

/** Which check rejected an envelope, in the order they run. */
export type EnvelopeCheck = 'envelope' | 'payload-type' | 'signature' | 'payload';

/** A verified statement with the keyids that signed it, or the check that failed and why. */
export type EnvelopeVerdict =
  | { ok: true; statement: InTotoStatement; signers: string[] }
  | { ok: false; check: EnvelopeCheck; reason: string };

/** What must hold for an envelope to be accepted. */
export interface VerifyOptions {
  /** Distinct trusted keys whose signatures must verify; at least 1. */
  readonly threshold: number;
  readonly expectedPayloadType: string;
}

/**
 * Decodes standard or URL-safe base64, padded or not, only in its canonical form: any other
 * text for the same bytes (stray characters, non-zero trailing bits) is refused, so no two
 * different envelope texts carry the same signed bytes. Null when not canonical base64.
 */
export function decodeBase64Strict(text: string): Buffer | null {
  const standard = /^[A-Za-z0-9+/]*={0,2}$/.test(text);
  const urlSafe = /^[A-Za-z0-9_-]*={0,2}$/.test(text);
  if (!standard && !urlSafe) return null;
  const body = text.replace(/=+$/, '');
  const padding = text.length - body.length;
  if (body.length % 4 === 1) return null;
  if (padding > 0 && text.length % 4 !== 0) return null;
  const bytes = Buffer.from(body, urlSafe && !standard ? 'base64url' : 'base64');
  const again = bytes.toString(urlSafe && !standard ? 'base64url' : 'base64').replace(/=+$/, '');
  return again === body ? bytes : null;
}

type ParsedEnvelope = { payloadType: string; payload: Buffer; signatures: { sig: Buffer }[] };

/** The envelope's shape, decoded; or why it is not one. */
function parseEnvelope(envelope: unknown): ParsedEnvelope | string {
  if (!isRecord(envelope)) return 'the envelope is not a JSON object';
  const { payloadType, payload, signatures } = envelope;
  if (typeof payloadType !== 'string') return 'payloadType is missing or not a string';
  if (typeof payload !== 'string') return 'payload is missing or not a string';
  const payloadBytes = decodeBase64Strict(payload);
  if (payloadBytes === null) return 'payload is not base64';
  if (!Array.isArray(signatures) || signatures.length === 0) return 'signatures is missing or empty';
  if (signatures.length > MAX_SIGNATURES)
    return `signatures has ${signatures.length} entries, more than ${MAX_SIGNATURES}`;
  const parsed: ParsedEnvelope['signatures'] = [];
  for (let i = 0; i < signatures.length; i++) {
    const entry: unknown = signatures[i];
    if (!isRecord(entry) || typeof entry.sig !== 'string') return `signature ${i + 1} has no sig string`;
    if (entry.keyid !== undefined && typeof entry.keyid !== 'string')
      return `signature ${i + 1} has a keyid that is not a string`;
    const sig = decodeBase64Strict(entry.sig);
    if (sig === null || sig.length === 0) return `signature ${i + 1} is not base64`;
    parsed.push({ sig });
  }
  return { payloadType, payload: payloadBytes, signatures: parsed };
}

/**
 * Verifies a parsed DSSE envelope, in this order and no other: its shape, its payloadType, the
 * signatures over the PAE, and only then the payload (JSON, an in-toto Statement v1). A signature
 * counts for the trusted key it verifies under. Its `keyid` is not used: DSSE makes it an
 * unauthenticated hint and tools compute it differently (cosign leaves it empty), so the signers
 * reported are keyids computed from the trusted keys. Distinct keys are counted, so two signatures
 * by one key count once. Never throws on a hostile envelope; throws an InputError for
 * bad trusted keys or a threshold they can never meet.
 */
export function verifyEnvelope(
  envelope: unknown,
  trustedPublicKeys: readonly string[],
  options: VerifyOptions,
): EnvelopeVerdict {
  const trusted = loadTrustedKeys(trustedPublicKeys);
  const { threshold } = options;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > trusted.length) {
    throw new InputError(
      'threshold',
      `is ${String(threshold)}, must be a whole number from 1 to the ${trusted.length} distinct trusted key(s)`,
      '`1`',
    );
  }
  let parsed: ParsedEnvelope | string;
  try {
    parsed = parseEnvelope(envelope);
  } catch {
    // Only an exotic object (a throwing getter) gets here; parsed JSON never does.
    parsed = 'the envelope could not be read';
  }
  if (typeof parsed === 'string') return { ok: false, check: 'envelope', reason: parsed };

  if (parsed.payloadType !== options.expectedPayloadType) {
    return {
      ok: false,
      check: 'payload-type',
      reason: `payloadType is ${quoteValue(parsed.payloadType)}, expected \`${options.expectedPayloadType}\``,
    };
  }

  const pae = preAuthEncoding(parsed.payloadType, parsed.payload);
  const signers = new Set<string>();
  for (const { sig } of parsed.signatures) {
    for (const key of trusted) {
      if (verifySignature(key, pae, sig)) signers.add(key.keyid);
    }
  }
  if (signers.size < threshold) {
    return {
      ok: false,
      check: 'signature',
      reason:
        `${signers.size} distinct trusted key(s) signed, ${threshold} needed ` +
        `(${parsed.signatures.length} signature(s), ${trusted.length} trusted key(s))`,
    };
  }

  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(parsed.payload));
  } catch {
    return { ok: false, check: 'payload', reason: 'the signed payload is not UTF-8 JSON' };
  }
  const shape = validateStatement(statement);
  if (!shape.ok)
    return {
      ok: false,
      check: 'payload',
      reason: `the signed payload is not an in-toto statement: ${shape.reason}`,
    };
  return { ok: true, statement: shape.statement, signers: [...signers].sort() };
}
