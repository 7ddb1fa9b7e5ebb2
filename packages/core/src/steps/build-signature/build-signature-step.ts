import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { recordDecision, shownDecisionLogPath } from '../../decision-log/decision-log.js';
import { InputError, UnavailableError, describeError, quoteValue } from '../../errors.js';
import { FILE_LIMITS, InputFileProblem, formatBytes, readInputFile } from '../../files/input-file.js';
import { parseAwsRegion, parseBoolean, parseEnum, splitLines } from '../../inputs/parse-scalars.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { MIN_SECRET_CHARS } from '../../secrets/redact.js';
import { codeBlock, escapeMarkdown, markdownTable } from '../../summary/markdown.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { VERSION } from '../../version.js';
import { ArchiveProblem, createReproducibleArchive } from '../../signature/archive.js';
import { digestFiles, sha256sumsText } from '../../signature/digests.js';
import { signEnvelopeAsync } from '../../signature/dsse.js';
import {
  IN_TOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
  buildStatement,
  type Subject,
} from '../../signature/in-toto.js';
import { createKmsClient, createKmsSigner, type KmsSignerOptions } from '../../signature/kms-signer.js';
import { slsaProvenance } from '../../signature/provenance.js';
import { loadPrivateKeySigner, type Signer } from '../../signature/signing-key.js';
import { createSigstoreBundle, SIGSTORE_BUNDLE_SUFFIX } from '../../signature/sigstore-bundle.js';
import { nameInside } from '../../signature/subject-names.js';
import { expandSubjectPaths, type SubjectFile } from '../../signature/subjects.js';
import { parseVerifyInputs, verifyArtifacts, type VerifyVerdict } from '../../signature/verify-artifacts.js';
import type { Step } from '../run-step.js';
import { readStepInputs } from '../step-inputs.js';

/** Inputs of build-signature, in action.yml order (after `config` and `environment`). */
export const SIGNATURE_INPUTS: readonly InputSpec[] = [
  { name: 'mode', default: 'sign', fromConfig: false },
  { name: 'subject-path', default: '', fromConfig: false },
  { name: 'archive', default: 'false', fromConfig: false },
  { name: 'key', default: '', fromConfig: false },
  { name: 'kms-key-id', default: '', fromConfig: true },
  { name: 'aws-region', default: '', fromConfig: true },
  { name: 'output-dir', default: '.hands-off/signature', fromConfig: false },
  { name: 'predicate', default: '', fromConfig: false },
  { name: 'bundle', default: '', fromConfig: false },
  { name: 'envelope', default: '', fromConfig: false },
  { name: 'public-key', default: '', fromConfig: true },
  { name: 'threshold', default: '1', fromConfig: true },
  { name: 'expect-repository', default: '', fromConfig: true },
  { name: 'expect-ref', default: '', fromConfig: true },
  { name: 'expect-commit', default: '', fromConfig: false },
  { name: 'expect-builder', default: '', fromConfig: true },
];

/** Output names of build-signature, as in action.yml (sign, then verify). */
export const SIGNATURE_OUTPUTS = [
  'digest',
  'statement-path',
  'envelope-path',
  'bundle-path',
  'public-key-id',
  'verified',
  'signers',
] as const;

/** What the step needs from outside: a clock, and a KMS client maker (tests point it at moto). */
export interface SignatureStepDeps {
  clock?: Clock;
  kmsClient?: (region: string) => Promise<KmsSignerOptions['client']>;
}

/** File the statement is written to, and the name the envelope and bundle are named after. */
const STATEMENT_FILE = 'statement.json';
const PUBLIC_KEY_FILE = 'public-key.pem';

/**
 * build-signature as a step. `mode: sign` hashes the subjects (packing directories into reproducible
 * archives when `archive` is set), writes SHA256SUMS, an in-toto statement with SLSA provenance,
 * a DSSE envelope and a Sigstore bundle signed by `key` or `kms-key-id`. `mode: verify` checks a
 * bundle or envelope against trusted keys, the provenance policies and the artifacts' digests, and
 * exits 2 naming the first check that failed.
 */
export function buildSignatureStep(deps: SignatureStepDeps = {}): Step {
  return {
    name: 'build-signature',
    async run(runtime: Runtime): Promise<ExitCode> {
      // The key is masked before anything else happens (the runtime masks INPUT_KEY as a whole; a
      // multi-line value is shown line by line, so each line is masked too).
      maskKeyLines(runtime, runtime.getInput('key'));
      const clock = deps.clock ?? systemClock;
      const startedAt = clock.now();
      const { inputs } = await readStepInputs(runtime, SIGNATURE_INPUTS);
      const value = (name: string): string => (inputs[name]?.value ?? '').trim();
      const mode = parseEnum('mode', value('mode'), ['sign', 'verify'] as const);
      const recorded = recordedInputs(inputs);
      if (mode === 'verify') return verifyMode(runtime, value, recorded, clock, startedAt);
      return signMode(runtime, value, recorded, deps, clock, startedAt);
    },
  };
}

/** Inputs as the decision log keeps them: the key itself never, only whether one was given. */
function recordedInputs(inputs: Record<string, ResolvedInput>): Record<string, ResolvedInput> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, input]) =>
      name === 'key' && input.value !== ''
        ? [name, { ...input, value: '(given, not recorded)' }]
        : [name, input],
    ),
  );
}

function maskKeyLines(runtime: Runtime, key: string): void {
  if (key === '') return;
  runtime.setSecret(key);
  for (const line of key.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.length >= MIN_SECRET_CHARS && !trimmed.startsWith('-----')) runtime.setSecret(trimmed);
  }
}

type Value = (name: string) => string;

/** `output-dir` resolved inside the workspace; outside it, or the workspace itself, is refused. */
function outputDirOf(value: Value, workspace: string): { path: string; name: string } {
  const raw = value('output-dir') || '.hands-off/signature';
  const path = resolve(workspace, raw);
  const name = nameInside(resolve(workspace), path);
  if (name === undefined || name === '' || /[\r\n\0]/.test(raw)) {
    throw new InputError(
      'output-dir',
      `${quoteValue(raw)} is not a directory inside the workspace`,
      '`.hands-off/signature`',
    );
  }
  return { path, name };
}

/**
 * Refuses an `output-dir` that cannot be made a directory (a file in its way, a name over 255
 * bytes) before anything is written or KMS is called, rather than failing at mkdir.
 */
async function checkOutputDir(
  outputDir: { path: string; name: string },
  raw: string,
  workspace: string,
): Promise<void> {
  const refuse = (problem: string): InputError =>
    new InputError('output-dir', `${quoteValue(raw)} ${problem}`, '`.hands-off/signature`');
  if (outputDir.name.split('/').some((part) => Buffer.byteLength(part) > 255)) {
    throw refuse('has a name longer than 255 bytes');
  }
  // The deepest part of the path that exists must be a directory (the workspace itself at least),
  // and stay inside the workspace once symlinks are followed: files are written through it.
  for (let path = outputDir.path; path !== dirname(path); path = dirname(path)) {
    const stats = await stat(path).catch(() => undefined);
    if (stats === undefined) continue;
    if (!stats.isDirectory()) {
      throw refuse(`cannot be made a directory: ${quoteValue(relative(workspace, path))} is a file`);
    }
    const [real, realWorkspace] = await Promise.all([realpath(path), realpath(workspace)]);
    if (nameInside(realWorkspace, real) === undefined) {
      throw refuse(`leads outside the workspace through a symlink (to ${quoteValue(real)})`);
    }
    return;
  }
}

/** Longest `subject-path` line: no path is longer (PATH_MAX), and the glob matcher overflows on far longer ones. */
const MAX_SUBJECT_LINE_CHARS = 4096;

function checkSubjectLines(raw: string): void {
  const long = splitLines(raw).find((line) => line.length > MAX_SUBJECT_LINE_CHARS);
  if (long !== undefined) {
    throw new InputError(
      'subject-path',
      `${quoteValue(long)} is longer than ${MAX_SUBJECT_LINE_CHARS} characters`,
      '`dist/app.tar.gz` or `dist/**/*.js`, one per line',
    );
  }
}

async function signMode(
  runtime: Runtime,
  value: Value,
  recorded: Record<string, ResolvedInput>,
  deps: SignatureStepDeps,
  clock: Clock,
  startedAt: number,
): Promise<ExitCode> {
  const { workspace } = runtime.context;
  for (const name of [
    'bundle',
    'envelope',
    'public-key',
    'expect-repository',
    'expect-ref',
    'expect-commit',
    'expect-builder',
  ]) {
    if (recorded[name]?.source === 'input' && value(name) !== '') {
      throw new InputError(name, 'is a verify input; it has no effect with `mode: sign`', '`mode: verify`');
    }
  }
  const archive = parseBoolean('archive', value('archive'));
  const outputDir = outputDirOf(value, workspace);
  await checkOutputDir(outputDir, value('output-dir') || '.hands-off/signature', workspace);
  const key = runtime.getInput('key');
  const kmsKeyId = value('kms-key-id');
  if (key !== '' && kmsKeyId !== '') {
    throw new InputError('kms-key-id', 'and `key` were both given; sign with one', '`alias/release-signing`');
  }
  if (key === '' && kmsKeyId === '') {
    throw new InputError(
      'key',
      'or `kms-key-id` is required to sign',
      '`${{ secrets.SIGNING_KEY }}` (a PEM private key)',
    );
  }
  // KMS takes a key id, ARN or alias of at most 2048 printable characters: nothing else is sent to it.
  if (kmsKeyId !== '' && !/^[\x21-\x7e]{1,2048}$/.test(kmsKeyId)) {
    throw new InputError(
      'kms-key-id',
      `${quoteValue(kmsKeyId)} is not a KMS key id, key ARN or alias`,
      '`alias/release-signing`',
    );
  }
  const region = parseAwsRegion(value('aws-region'));
  // Everything the user gave is checked before a file is written or KMS is called.
  const localSigner = key !== '' ? loadPrivateKeySigner(key, 'key') : undefined;
  const predicate = await readPredicate(value('predicate'), workspace);
  checkSubjectLines(value('subject-path'));
  const expanded = await expandSubjectPaths(value('subject-path'), workspace, {
    input: 'subject-path',
    keepDirectories: archive,
    exclude: outputDir.name,
  });
  // Archives are named and placed here, so that no directory is refused after another was packed.
  const archiveNames: string[] = [];
  for (const directory of expanded.directories) {
    const fileName = `${directory.name === '.' ? basename(resolve(workspace)) : basename(directory.name)}.tar.gz`;
    if (archiveNames.includes(fileName)) {
      throw new InputError(
        'subject-path',
        `two directories would both be packed as ${quoteValue(fileName)}`,
        'directories with different names',
      );
    }
    if (nameInside(directory.path, outputDir.path) !== undefined) {
      throw new InputError(
        'subject-path',
        `directory ${quoteValue(directory.name)} holds \`output-dir\` ${quoteValue(outputDir.name)}: it cannot be packed into itself`,
        'a directory beside `output-dir`, such as `dist`',
      );
    }
    archiveNames.push(fileName);
  }

  let signer: Signer & { publicKeyPem: string };
  if (localSigner) {
    signer = localSigner;
  } else {
    const client = await (deps.kmsClient ?? createKmsClient)(region);
    try {
      signer = await createKmsSigner({ keyId: kmsKeyId, client });
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new UnavailableError(describeError(error), { cause: error });
    }
  }

  // Until the signature files are written, a failure (a subject refused while packed or hashed, KMS
  // failing to sign) leaves nothing behind: archives are packed under temporary names, then renamed.
  const created = await mkdir(outputDir.path, { recursive: true });
  const files: SubjectFile[] = [...expanded.files];
  const archives: SubjectFile[] = [];
  const packed = new Map<string, string>();
  let subjects: Subject[];
  let sums: string;
  let statement: ReturnType<typeof buildStatement>;
  let envelope: Awaited<ReturnType<typeof signEnvelopeAsync>>;
  let bundle: Awaited<ReturnType<typeof createSigstoreBundle>>;
  try {
    for (const [index, directory] of expanded.directories.entries()) {
      const fileName = archiveNames[index] as string;
      const path = join(outputDir.path, fileName);
      const temporary = `${path}.${process.pid}.tmp`;
      packed.set(temporary, path);
      try {
        const result = await createReproducibleArchive(directory.path, temporary);
        runtime.log.info(
          `build-signature: packed ${directory.name} (${result.entries} entries) into ${outputDir.name}/${fileName} (${formatBytes(result.bytes)})`,
        );
      } catch (error) {
        if (error instanceof ArchiveProblem)
          throw new InputError('subject-path', error.message, 'a directory of regular files');
        throw error;
      }
      archives.push({ name: `${outputDir.name}/${fileName}`, path: temporary });
    }
    files.push(...archives);

    runtime.log.info(`build-signature: hashing ${files.length} subject(s)`);
    try {
      subjects = await digestFiles(files);
    } catch (error) {
      if (error instanceof InputFileProblem)
        throw new InputError('subject-path', error.message, 'regular files');
      throw error;
    }
    sums = sha256sumsText(subjects, 'subject-path');
    statement = buildStatement(
      subjects,
      predicate?.predicateType ?? SLSA_PROVENANCE_V1,
      predicate?.predicate ??
        slsaProvenance(runtime.context.platform, runtime.context.build, new Date(startedAt), VERSION),
      'subject-path',
    );
    const payload = Buffer.from(JSON.stringify(statement));
    envelope = await signEnvelopeAsync(payload, IN_TOTO_PAYLOAD_TYPE, signer);
    bundle = await createSigstoreBundle(payload, signer, signer.publicKeyPem);
  } catch (error) {
    await Promise.all([...packed.keys()].map((temporary) => rm(temporary, { force: true })));
    if (created !== undefined) await rm(created, { recursive: true, force: true });
    throw error;
  }
  for (const [temporary, path] of packed) await rename(temporary, path);

  const first = archives[0] ?? files[0];
  const digestOf = (name: string): string => subjects.find((subject) => subject.name === name)?.sha256 ?? '';
  const artifactName =
    first === undefined
      ? 'subjects'
      : expanded.files.length + archives.length === 1
        ? basename(first.name)
        : 'subjects';
  const paths = {
    sums: join(outputDir.path, 'SHA256SUMS'),
    statement: join(outputDir.path, STATEMENT_FILE),
    envelope: join(outputDir.path, `${artifactName}.intoto.jsonl`),
    bundle: join(outputDir.path, `${artifactName}${SIGSTORE_BUNDLE_SUFFIX}`),
    publicKey: join(outputDir.path, PUBLIC_KEY_FILE),
  };
  await writeAtomically(paths.sums, sums);
  await writeAtomically(paths.statement, `${JSON.stringify(statement, null, 2)}\n`);
  await writeAtomically(paths.envelope, `${JSON.stringify(envelope)}\n`);
  await writeAtomically(paths.bundle, `${JSON.stringify(bundle)}\n`);
  await writeAtomically(paths.publicKey, signer.publicKeyPem);

  const shown = (path: string): string => relative(workspace, path);
  const digest = first ? `sha256:${digestOf(first.name)}` : '';
  runtime.setOutput('digest', digest);
  runtime.setOutput('statement-path', shown(paths.statement));
  runtime.setOutput('envelope-path', shown(paths.envelope));
  runtime.setOutput('bundle-path', shown(paths.bundle));
  runtime.setOutput('public-key-id', signer.keyid);
  const line = `build-signature: signed ${subjects.length} subject(s) with key ${signer.keyid.slice(0, 16)}… (${localSigner ? localSigner.algorithm : 'KMS ECDSA P-256'}); ${first?.name ?? ''} is ${digest}`;
  runtime.log.info(line);
  const logPath = await recordDecision(
    runtime,
    { step: 'build-signature', startedAt: startedAt, finishedAt: clock.now() },
    {
      verdict: 'signed',
      reason: line,
      exitCode: ExitCode.Ok,
      inputs: recorded,
      observations: {
        signer: { keyid: signer.keyid, kind: localSigner ? 'key' : 'kms', algorithm: signer.algorithm },
        subjects,
        predicateType: statement.predicateType,
        files: Object.fromEntries(Object.entries(paths).map(([name, path]) => [name, shown(path)])),
      },
    },
  );
  runtime.log.info(`build-signature: decision log ${shownDecisionLogPath(workspace, logPath)}`);
  await runtime.writeSummary(signSummary(subjects, signer.keyid, paths, shown, outputDir.name));
  return ExitCode.Ok;
}

/** Writes a file whole or not at all: a verifier never reads a half-written envelope. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o644 });
  await rename(temporary, path);
}

/** `predicate`: a JSON file replacing the SLSA provenance (see the README for its two forms). */
async function readPredicate(
  raw: string,
  workspace: string,
): Promise<{ predicateType: string; predicate: Record<string, unknown> } | undefined> {
  if (raw === '') return undefined;
  const example = '`build/provenance.json` (a JSON object)';
  if (/[\r\n\0]/.test(raw)) throw new InputError('predicate', 'must be one path', example);
  let text: string;
  try {
    text = await readInputFile(isAbsolute(raw) ? raw : join(workspace, raw), FILE_LIMITS.predicate);
  } catch (error) {
    if (!(error instanceof InputFileProblem)) throw error;
    throw new InputError('predicate', `file ${quoteValue(raw)} ${error.message}`, example, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('predicate', `file ${quoteValue(raw)} is not JSON`, example);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError('predicate', `file ${quoteValue(raw)} is not a JSON object`, example);
  }
  const object = json as Record<string, unknown>;
  const keys = Object.keys(object).sort().join(',');
  // `{predicateType, predicate}` names its own type; any other object is SLSA provenance v1 content.
  if (keys === 'predicate,predicateType') {
    const { predicateType, predicate } = object;
    if (typeof predicateType !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(predicateType)) {
      throw new InputError(
        'predicate',
        `file ${quoteValue(raw)}: predicateType is not a URI`,
        '`https://example.com/test-result/v1`',
      );
    }
    if (typeof predicate !== 'object' || predicate === null || Array.isArray(predicate)) {
      throw new InputError('predicate', `file ${quoteValue(raw)}: predicate is not a JSON object`, example);
    }
    return { predicateType, predicate: predicate as Record<string, unknown> };
  }
  return { predicateType: SLSA_PROVENANCE_V1, predicate: object };
}

function signSummary(
  subjects: readonly Subject[],
  keyid: string,
  paths: Record<string, string>,
  shown: (path: string) => string,
  outputDir: string,
): string {
  const rows = subjects.slice(0, 50).map(({ name, sha256 }) => [name, sha256]);
  const more =
    subjects.length > 50
      ? `\n\n…and ${subjects.length - 50} more (all in \`${shown(paths.sums ?? '')}\`).`
      : '';
  return (
    [
      `## build-signature: 🟢 signed ${subjects.length} subject(s)`,
      `Signed by key \`${keyid}\` (hex SHA-256 of its DER public key).`,
      markdownTable(['Subject', 'SHA-256'], rows) + more,
      markdownTable(
        ['File', 'What it is'],
        [
          [shown(paths.sums ?? ''), 'checksums: sha256sum -c from the workspace root'],
          [shown(paths.statement ?? ''), 'the in-toto statement that was signed'],
          [shown(paths.envelope ?? ''), 'DSSE envelope'],
          [shown(paths.bundle ?? ''), 'Sigstore bundle v0.3 (public-key hint, no transparency log)'],
          [shown(paths.publicKey ?? ''), 'the public key to verify with'],
        ],
      ),
      'Verify before a deploy:',
      codeBlock(
        'sh',
        `sha256sum -c ${outputDir}/SHA256SUMS\nhands-off build-signature --mode verify --bundle ${shown(paths.bundle ?? '')} --public-key ${shown(paths.publicKey ?? '')}`,
      ),
    ].join('\n\n') + '\n'
  );
}

async function verifyMode(
  runtime: Runtime,
  value: Value,
  recorded: Record<string, ResolvedInput>,
  clock: Clock,
  startedAt: number,
): Promise<ExitCode> {
  const { workspace } = runtime.context;
  for (const name of ['key', 'kms-key-id', 'predicate']) {
    if (recorded[name]?.source === 'input' && value(name) !== '') {
      throw new InputError(name, 'is a sign input; it has no effect with `mode: verify`', '`mode: sign`');
    }
  }
  if (parseBoolean('archive', value('archive'))) {
    throw new InputError('archive', 'applies to `mode: sign`; verify the archive file itself', '`false`');
  }
  const request = await parseVerifyInputs(value, workspace);
  checkSubjectLines(value('subject-path'));
  const files =
    value('subject-path') === ''
      ? undefined
      : (
          await expandSubjectPaths(value('subject-path'), workspace, {
            input: 'subject-path',
            keepDirectories: false,
            exclude: '..',
          })
        ).files;
  runtime.log.info(
    `build-signature: verifying ${files ? `${files.length} file(s)` : 'the files the statement names'} against ${relative(workspace, request.signature.path)} (${request.publicKeys.length} trusted key(s), threshold ${request.threshold})`,
  );
  const verdict = await verifyArtifacts(request, files, { workspace, match: 'all' });
  return reportVerdict(
    runtime,
    verdict,
    recorded,
    clock,
    startedAt,
    relative(workspace, request.signature.path),
  );
}

async function reportVerdict(
  runtime: Runtime,
  verdict: VerifyVerdict,
  recorded: Record<string, ResolvedInput>,
  clock: Clock,
  startedAt: number,
  signatureFile: string,
): Promise<ExitCode> {
  const exitCode = verdict.ok ? ExitCode.Ok : ExitCode.Refused;
  const line = verdict.ok
    ? `build-signature: verified ${verdict.subjects.length} subject(s) signed by ${verdict.signers.join(', ')}`
    : `build-signature: not verified (${verdict.check}): ${verdict.reason}`;
  if (verdict.ok) runtime.log.info(line);
  else runtime.log.error(line);
  const digest = verdict.ok && verdict.subjects[0] ? `sha256:${verdict.subjects[0].sha256}` : '';
  runtime.setOutput('verified', verdict.ok ? 'true' : 'false');
  runtime.setOutput('digest', digest);
  runtime.setOutput('signers', verdict.signers.join(','));
  await recordDecision(
    runtime,
    { step: 'build-signature', startedAt: startedAt, finishedAt: clock.now() },
    {
      verdict: verdict.ok ? 'verified' : 'refused',
      reason: line,
      exitCode,
      inputs: recorded,
      observations: verdict.ok
        ? {
            signers: verdict.signers,
            subjects: verdict.subjects,
            predicateType: verdict.statement.predicateType,
          }
        : { check: verdict.check, reason: verdict.reason, signers: verdict.signers },
    },
  );
  await runtime.writeSummary(
    [
      `## build-signature: ${verdict.ok ? '🟢 verified' : '🔴 not verified'}`,
      `**${escapeMarkdown(line)}**`,
      markdownTable(
        ['', ''],
        [
          ['Signature', signatureFile],
          ['Signers (key ids)', verdict.signers.join(', ') || '—'],
          ...(verdict.ok
            ? verdict.subjects.slice(0, 50).map(({ name, sha256 }) => [name, sha256])
            : [['Failed check', verdict.check]]),
        ],
      ),
    ].join('\n\n') + '\n',
  );
  return exitCode;
}
