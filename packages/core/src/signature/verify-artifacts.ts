import { isAbsolute, join, resolve } from 'node:path';
import { InputError, quoteValue } from '../errors.js';
import { FILE_LIMITS, InputFileProblem, formatBytes, readInputFile } from '../files/input-file.js';
import { parseCount, splitLines } from '../inputs/parse-scalars.js';
import { checkSubjects, sha256File } from './digests.js';
import { verifyEnvelope } from './dsse.js';
import { IN_TOTO_PAYLOAD_TYPE, type InTotoStatement, type Subject } from './in-toto.js';
import { checkProvenance, type PolicyCheck, type ProvenanceExpectations } from './provenance.js';
import { verifySigstoreBundle } from './sigstore-bundle.js';
import { loadTrustedKeys } from './signing-key.js';
import { nameInside } from './subject-names.js';
import type { SubjectFile } from './subjects.js';

/** The signature to check: a Sigstore bundle or a DSSE envelope file (`.intoto.jsonl`). */
export interface SignatureFile {
  readonly kind: 'bundle' | 'envelope';
  readonly path: string;
}

/** Everything a verification needs, parsed from inputs (see parseVerifyInputs). */
export interface VerifyRequest {
  readonly signature: SignatureFile;
  /** Trusted public keys, PEM text each. */
  readonly publicKeys: readonly string[];
  readonly threshold: number;
  readonly expect: ProvenanceExpectations;
}

/** The check a verification failed at, named as the step's error line names it. */
export type VerifyCheck =
  | 'envelope'
  | 'bundle'
  | 'payload-type'
  | 'key'
  | 'signature'
  | 'payload'
  | PolicyCheck
  | `digest: ${string}`;

/** Who signed what: the verified statement and the distinct trusted keyids that signed it. */
export type VerifyVerdict =
  | { ok: true; statement: InTotoStatement; signers: string[]; subjects: Subject[] }
  | { ok: false; check: VerifyCheck; reason: string; signers: string[] };

/** How the artifacts are matched against the statement's subjects. */
export type SubjectMatch =
  /** The files and the subjects are the same set (build-signature's verify). */
  | 'all'
  /** Each file is a subject with its digest; other subjects may exist (the artifact a deploy ships). */
  | 'each-file';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const PUBLIC_KEY_EXAMPLE = 'a PEM public key (`-----BEGIN PUBLIC KEY-----` …) or the path of a `.pem` file';

/**
 * Reads `public-key`: PEM blocks given as text, and file paths (one per line) holding one or more
 * PEM blocks each, relative to the workspace. Throws an InputError naming the input and the line.
 */
export async function readPublicKeys(
  raw: string,
  workspace: string,
  input = 'public-key',
): Promise<string[]> {
  const pems: string[] = [...(raw.match(PEM_BLOCK) ?? [])];
  const rest = raw.replace(PEM_BLOCK, '\n');
  if (rest.includes('-----BEGIN') || rest.includes('-----END')) {
    throw new InputError(input, 'holds a PEM block without its matching BEGIN/END line', PUBLIC_KEY_EXAMPLE);
  }
  for (const line of splitLines(rest)) {
    const path = isAbsolute(line) ? line : join(workspace, line);
    let text: string;
    try {
      text = await readInputFile(path, FILE_LIMITS.publicKey);
    } catch (error) {
      if (!(error instanceof InputFileProblem)) throw error;
      const detail =
        error.kind === 'too-large' ? `is over ${formatBytes(FILE_LIMITS.publicKey)}` : error.message;
      throw new InputError(input, `file ${quoteValue(line)} ${detail}`, PUBLIC_KEY_EXAMPLE, { cause: error });
    }
    const found = text.match(PEM_BLOCK) ?? [];
    if (found.length === 0)
      throw new InputError(input, `file ${quoteValue(line)} holds no PEM block`, PUBLIC_KEY_EXAMPLE);
    pems.push(...found);
  }
  if (pems.length === 0)
    throw new InputError(input, 'is required to verify: the keys trusted to sign', PUBLIC_KEY_EXAMPLE);
  return pems;
}

/** Value of an input as the verification inputs are read (bundle, envelope, public-key, threshold, expect-*). */
export type InputValue = (name: string) => string;

/**
 * Whether any signature input was given: then a verification runs (one-box-deploy, rollback).
 * `public-key` alone does not count: a config entry may list the trusted keys for every step.
 */
export function signatureInputsGiven(value: InputValue): boolean {
  return value('bundle') !== '' || value('envelope') !== '';
}

/**
 * Parses the verification inputs: `bundle` or `envelope` (exactly one), `public-key`, `threshold`
 * (default 1; above 1 needs the envelope, a bundle holds one signature) and the `expect-*` policies.
 */
export async function parseVerifyInputs(value: InputValue, workspace: string): Promise<VerifyRequest> {
  const bundle = value('bundle');
  const envelope = value('envelope');
  if (bundle !== '' && envelope !== '') {
    throw new InputError(
      'envelope',
      'and `bundle` were both given; give one',
      '`dist/app.tar.gz.intoto.jsonl`',
    );
  }
  if (bundle === '' && envelope === '') {
    throw new InputError(
      'bundle',
      'or `envelope` is required to verify',
      '`.hands-off/signature/app.tar.gz.sigstore.json`',
    );
  }
  const kind = bundle !== '' ? 'bundle' : 'envelope';
  const path = kind === 'bundle' ? bundle : envelope;
  if (/[\r\n\0]/.test(path))
    throw new InputError(kind, 'must be one path', '`.hands-off/signature/app.tar.gz.sigstore.json`');
  const threshold = parseCount('threshold', value('threshold') || '1', { max: 32, example: '`1` or `2`' });
  if (kind === 'bundle' && threshold > 1) {
    throw new InputError(
      'threshold',
      `is ${threshold}, but a Sigstore bundle holds one signature; give the DSSE \`envelope\` for more signers`,
      '`1`',
    );
  }
  const publicKeys = await readPublicKeys(value('public-key'), workspace);
  // Every key must load, before any file is read or hashed: a bad one is bad input, not a verdict.
  loadTrustedKeys(publicKeys, 'public-key');
  return {
    signature: { kind, path: isAbsolute(path) ? path : join(workspace, path) },
    publicKeys,
    threshold,
    expect: parseExpectations(value),
  };
}

/**
 * Longest `expect-repository`: far above GitHub's `owner/name` (140) and a GitLab group path of
 * everyday depth; a value of thousands of characters is a mistake, not a project.
 */
const MAX_REPOSITORY_CHARS = 1024;

/** The `expect-*` inputs, each checked for shape (one line; a ref starts with `refs/`; a commit is hex). */
export function parseExpectations(value: InputValue): ProvenanceExpectations {
  const repository = value('expect-repository');
  if (repository.length > MAX_REPOSITORY_CHARS) {
    throw new InputError(
      'expect-repository',
      `${quoteValue(repository)} is longer than ${MAX_REPOSITORY_CHARS} characters`,
      '`acme/shop`',
    );
  }
  if (repository !== '' && !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(repository)) {
    throw new InputError(
      'expect-repository',
      `${quoteValue(repository)} is not \`owner/name\``,
      '`acme/shop`',
    );
  }
  const ref = value('expect-ref');
  if (ref !== '' && !/^refs\/[^\s]+$/.test(ref)) {
    throw new InputError(
      'expect-ref',
      `${quoteValue(ref)} is not a full git ref`,
      '`refs/heads/main` or `refs/tags/v1.2.0`',
    );
  }
  const commit = value('expect-commit');
  if (commit !== '' && !/^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(commit)) {
    throw new InputError(
      'expect-commit',
      `${quoteValue(commit)} is not a full commit SHA (40 or 64 hex digits)`,
      '`${{ github.sha }}`',
    );
  }
  const builder = value('expect-builder');
  if (/[\r\n]/.test(builder)) {
    throw new InputError(
      'expect-builder',
      'must be one line',
      '`https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main`',
    );
  }
  return { repository, ref, commit, builder };
}

/** The signature file's JSON: a bundle, or the one envelope of a `.intoto.jsonl` file. */
async function readSignatureFile(file: SignatureFile): Promise<{ json: unknown } | { problem: string }> {
  let text: string;
  try {
    text = await readInputFile(file.path, FILE_LIMITS.signature);
  } catch (error) {
    if (!(error instanceof InputFileProblem)) throw error;
    if (error.kind === 'missing' || error.kind === 'not-regular' || error.kind === 'unreadable') {
      // A missing or unreadable signature is the workflow's mistake, not a verdict on the artifact.
      throw new InputError(
        file.kind,
        `file ${quoteValue(file.path)} ${error.message}`,
        '`.hands-off/signature/app.tar.gz.sigstore.json`',
        { cause: error },
      );
    }
    return { problem: `the file is over ${formatBytes(FILE_LIMITS.signature)}` };
  }
  const lines = file.kind === 'envelope' ? text.split(/\r?\n/).filter((line) => line.trim() !== '') : [text];
  if (lines.length !== 1) return { problem: `the file holds ${lines.length} envelopes, expected 1` };
  try {
    return { json: JSON.parse(lines[0] ?? '') };
  } catch {
    return { problem: 'the file is not JSON' };
  }
}

/**
 * Verifies artifacts against a signature, in this order and no other: the signature file's shape;
 * the payload type; the signatures over the PAE by `threshold` distinct trusted keys; the payload
 * as an in-toto statement; the provenance policies (`expect-*`); then each artifact, stream-hashed,
 * against the signed subjects. `files` undefined means the files the subjects name, read from the
 * workspace (a subject naming a path outside it fails its digest check). Never throws on hostile
 * files; throws an InputError for bad inputs (keys, threshold, a missing signature file).
 */
export async function verifyArtifacts(
  request: VerifyRequest,
  files: readonly SubjectFile[] | undefined,
  options: { workspace: string; match: SubjectMatch },
): Promise<VerifyVerdict> {
  const { signature } = request;
  const read = await readSignatureFile(signature);
  const shapeCheck = signature.kind === 'bundle' ? 'bundle' : 'envelope';
  if ('problem' in read) return { ok: false, check: shapeCheck, reason: read.problem, signers: [] };
  const verdict =
    signature.kind === 'bundle'
      ? verifySigstoreBundle(read.json, request.publicKeys, { expectedPayloadType: IN_TOTO_PAYLOAD_TYPE })
      : verifyEnvelope(read.json, request.publicKeys, {
          threshold: request.threshold,
          expectedPayloadType: IN_TOTO_PAYLOAD_TYPE,
        });
  if (!verdict.ok) return { ok: false, check: verdict.check, reason: verdict.reason, signers: [] };
  const { statement, signers } = verdict;

  const policy = checkProvenance(statement, request.expect);
  if (!policy.ok) return { ok: false, check: policy.check, reason: policy.reason, signers };

  const root = resolve(options.workspace);
  const targets = files ?? statement.subject.map(({ name }) => ({ name, path: resolve(root, name) }));
  const subjects: Subject[] = [];
  for (const { name, path } of targets) {
    if (files === undefined && nameInside(root, path) === undefined) {
      return {
        ok: false,
        check: `digest: ${name}`,
        reason: `${quoteValue(name)} names a file outside the workspace`,
        signers,
      };
    }
    try {
      subjects.push({ name, sha256: await sha256File(path) });
    } catch (error) {
      if (!(error instanceof InputFileProblem)) throw error;
      return { ok: false, check: `digest: ${name}`, reason: `${quoteValue(name)} ${error.message}`, signers };
    }
  }
  const signed = options.match === 'all' ? statement : onlySubjectsOf(statement, subjects);
  const match = checkSubjects(signed, subjects);
  if (!match.ok) {
    const first = match.mismatched[0] ?? match.missing[0] ?? match.extra[0] ?? '';
    return { ok: false, check: `digest: ${first}`, reason: match.reason, signers };
  }
  return { ok: true, statement, signers, subjects };
}

/** The statement narrowed to the subjects `files` name (a file no subject names stays extra). */
function onlySubjectsOf(statement: InTotoStatement, files: readonly Subject[]): InTotoStatement {
  const names = new Set(files.map(({ name }) => name));
  return { ...statement, subject: statement.subject.filter(({ name }) => names.has(name)) };
}
