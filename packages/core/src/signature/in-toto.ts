import { InputError, quoteValue } from '../errors.js';
import { isRecord } from '../json-record.js';

/** `_type` of an in-toto Statement v1. */
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** DSSE payloadType of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** predicateType of SLSA provenance v1. */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** One artifact a statement is about: its name and SHA-256 (lowercase hex). */
export interface Subject {
  readonly name: string;
  readonly sha256: string;
}

/** An in-toto Statement v1 as it is signed. */
export interface InTotoStatement {
  readonly _type: typeof IN_TOTO_STATEMENT_V1;
  readonly subject: readonly { readonly name: string; readonly digest: Readonly<Record<string, string>> }[];
  readonly predicateType: string;
  readonly predicate?: Readonly<Record<string, unknown>>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Builds a Statement v1 about `subjects` (sorted by name) with a predicate. Duplicate names,
 * empty names or a digest that is not 64 lowercase hex digits throw an InputError for `input`.
 */
export function buildStatement(
  subjects: readonly Subject[],
  predicateType: string,
  predicate: Record<string, unknown>,
  input = 'subjects',
): InTotoStatement {
  if (subjects.length === 0) throw new InputError(input, 'names no file', '`dist/app.tar.gz`');
  const seen = new Set<string>();
  for (const { name, sha256 } of subjects) {
    if (name === '') throw new InputError(input, 'has an empty subject name', '`dist/app.tar.gz`');
    if (seen.has(name)) throw new InputError(input, `names ${quoteValue(name)} twice`, '`dist/app.tar.gz`');
    if (!SHA256_HEX.test(sha256)) {
      throw new InputError(
        input,
        `digest of ${quoteValue(name)} is not 64 lowercase hex digits`,
        '`e3b0c442…`',
      );
    }
    seen.add(name);
  }
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [...subjects]
      .sort((a, b) => compareNames(a.name, b.name))
      .map(({ name, sha256 }) => ({ name, digest: { sha256 } })),
    predicateType,
    predicate,
  };
}

/** Byte order of the UTF-8 names, as `LC_ALL=C sort` orders them. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The result of checking a value's shape as a Statement v1. */
export type StatementShape = { ok: true; statement: InTotoStatement } | { ok: false; reason: string };

/**
 * Checks that a verified payload is a Statement v1: `_type`, a non-empty `subject` list of
 * `{name, digest}` with string digests (sha256 as 64 lowercase hex), a `predicateType` string, and
 * `predicate` an object when present. Says what is wrong in one line; never throws.
 */
export function validateStatement(value: unknown): StatementShape {
  if (!isRecord(value)) return { ok: false, reason: 'the statement is not a JSON object' };
  if (value._type !== IN_TOTO_STATEMENT_V1) {
    const shown = typeof value._type === 'string' ? quoteValue(value._type) : 'missing';
    return { ok: false, reason: `_type is ${shown}, expected \`${IN_TOTO_STATEMENT_V1}\`` };
  }
  const subjects = value.subject;
  if (!Array.isArray(subjects) || subjects.length === 0) {
    return { ok: false, reason: 'subject is not a non-empty list' };
  }
  for (let i = 0; i < subjects.length; i++) {
    const subject: unknown = subjects[i];
    if (!isRecord(subject) || typeof subject.name !== 'string' || !isRecord(subject.digest)) {
      return { ok: false, reason: `subject ${i + 1} is not an object with a name and a digest` };
    }
    const digests = Object.entries(subject.digest);
    if (digests.length === 0 || digests.some(([, v]) => typeof v !== 'string')) {
      return { ok: false, reason: `subject ${i + 1} has no digest or a digest that is not a string` };
    }
    const sha256 = subject.digest.sha256;
    if (sha256 !== undefined && !SHA256_HEX.test(sha256 as string)) {
      return { ok: false, reason: `subject ${i + 1} has a sha256 that is not 64 lowercase hex digits` };
    }
  }
  if (typeof value.predicateType !== 'string' || value.predicateType === '') {
    return { ok: false, reason: 'predicateType is missing or not a string' };
  }
  if (value.predicate !== undefined && !isRecord(value.predicate)) {
    return { ok: false, reason: 'predicate is not an object' };
  }
  return { ok: true, statement: value as unknown as InTotoStatement };
}
