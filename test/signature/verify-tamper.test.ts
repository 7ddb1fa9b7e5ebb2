import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildSignatureStep, ExitCode, runStep, type BuildContext } from '@hands-off/core';
import { preAuthEncoding } from '../../packages/core/src/signature/dsse.js';
import { memoryRuntime, type MemoryRuntime } from '../support/memory-runtime.js';
import { openssl, opensslKeyPair, requireOpenssl, tempDir, type OpensslKeyPair } from '../support/openssl.js';

/**
 * The tamper suite: a workspace is signed by the step (`mode: sign`), one thing about it is
 * changed, and the step's `mode: verify` must refuse it (exit 2, `verified=false`) with the error
 * line naming exactly the check that failed. Signatures the tests make themselves are made by
 * `openssl dgst -sha256 -sign` over the DSSE PAE, not by our signing code.
 */

const MAIN_BUILD: BuildContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  workflowPath: '.github/workflows/release.yml',
  runId: '42',
  runAttempt: '1',
  invocationUrl: 'https://github.com/acme/shop/actions/runs/42/attempts/1',
  builderId: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
  eventName: 'push',
};

/** The policies MAIN_BUILD meets: every verify sets all four, so only the tampered one can fail. */
const EXPECT_MAIN = {
  'expect-repository': 'acme/shop',
  'expect-ref': 'refs/heads/main',
  'expect-commit': MAIN_BUILD.commit,
  'expect-builder': MAIN_BUILD.builderId,
};

/** Builds that differ from MAIN_BUILD in one fact each, signed by the same trusted key. */
const FOREIGN_BUILDS = {
  'other-repository': { ...MAIN_BUILD, repository: 'mallory/shop' },
  'other-ref': { ...MAIN_BUILD, ref: 'refs/heads/feature' },
  'other-commit': { ...MAIN_BUILD, commit: '1111111111111111111111111111111111111111' },
  'other-builder': {
    ...MAIN_BUILD,
    builderId: 'https://github.com/acme/shop/.github/workflows/other.yml@refs/heads/main',
  },
} as const;

type TemplateName = 'main' | keyof typeof FOREIGN_BUILDS | 'local';
type Kind = 'envelope' | 'bundle';

const OUT = '.hands-off/signature';
const SIGNATURE_FILE: Record<Kind, string> = {
  envelope: `${OUT}/subjects.intoto.jsonl`,
  bundle: `${OUT}/subjects.sigstore.json`,
};

let keyDir: string;
/** The signing key: the only key the verifies trust unless a case says otherwise. */
let signing: OpensslKeyPair;
/** Another P-256 key, trusted by nobody unless a case says so. */
let other: OpensslKeyPair;
/** Signed workspaces, one per build context, copied before each case changes anything. */
const templates = new Map<TemplateName, string>();

async function run(dir: string, inputs: Record<string, string>, build?: BuildContext) {
  const runtime = memoryRuntime(
    inputs,
    build === undefined
      ? { workspace: dir, platform: 'local' }
      : { workspace: dir, platform: 'github', build },
  );
  const code = await runStep(buildSignatureStep(), runtime);
  return { code, runtime };
}

function errors(runtime: MemoryRuntime): string[] {
  return runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
}

/** A signed workspace: dist/app.js, dist/lib.js (the subjects) and README.txt (not signed). */
async function signedWorkspace(build: BuildContext | undefined): Promise<string> {
  const dir = tempDir('tamper-template');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist/app.js'), 'console.log("app v2");\n');
  writeFileSync(join(dir, 'dist/lib.js'), 'export const answer = 42;\n');
  writeFileSync(join(dir, 'README.txt'), 'not an artifact\n');
  const { code, runtime } = await run(dir, { 'subject-path': 'dist', key: signing.privatePem }, build);
  expect(errors(runtime)).toEqual([]);
  expect(code).toBe(ExitCode.Ok);
  return dir;
}

/** A fresh copy of a signed template, for one case to change. */
function copyOf(template: TemplateName): string {
  const source = templates.get(template);
  if (source === undefined) throw new Error(`no template ${template}`);
  const dir = tempDir(`tamper-${template}`);
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** The DSSE envelope part of a signature file: the envelope itself, or a bundle's dsseEnvelope. */
interface EnvelopeJson {
  payloadType: string;
  payload: string;
  signatures: { keyid?: string; sig: string }[];
}

/** Reads the signature file of `kind`, lets `change` edit its envelope, writes it back. */
function editEnvelope(dir: string, kind: Kind, change: (envelope: EnvelopeJson) => void): void {
  const path = join(dir, SIGNATURE_FILE[kind]);
  const json = JSON.parse(readFileSync(path, 'utf8')) as EnvelopeJson & { dsseEnvelope?: EnvelopeJson };
  const envelope = kind === 'bundle' ? json.dsseEnvelope : json;
  if (envelope === undefined) throw new Error(`no envelope in ${path}`);
  change(envelope);
  writeFileSync(path, `${JSON.stringify(json)}\n`);
}

/** Flips the low bit of the byte at `index` (negative: from the end) of base64 text. */
function flipBase64Byte(text: string, index: number): string {
  const bytes = Buffer.from(text, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

/** Flips the low bit of the byte at `index` of a file. */
function flipFileByte(path: string, index: number): void {
  const bytes = readFileSync(path);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

/** Signs `pae` with `keyFile` (in keyDir) by `openssl dgst -sha256 -sign`; base64 of the DER signature. */
function opensslSign(keyFile: string, pae: Buffer): string {
  const paeFile = join(tempDir('tamper-pae'), 'pae.bin');
  writeFileSync(paeFile, pae);
  return openssl(['dgst', '-sha256', '-sign', keyFile, paeFile], keyDir).toString('base64');
}

/**
 * Replaces the signed payload with `change(payload)` and re-signs it with the trusted signing key
 * (openssl over the PAE): the signature is good, so only the later checks can refuse it.
 */
function resign(dir: string, kind: Kind, change: (payload: Buffer) => Buffer): void {
  editEnvelope(dir, kind, (envelope) => {
    const payload = change(Buffer.from(envelope.payload, 'base64'));
    envelope.payload = payload.toString('base64');
    const [first] = envelope.signatures;
    if (first === undefined) throw new Error('no signature to replace');
    first.sig = opensslSign(signing.keyFile, preAuthEncoding(envelope.payloadType, payload));
  });
}

/** Edits the signed statement's JSON and re-signs it. */
function resignStatement(dir: string, kind: Kind, change: (statement: Statement) => void): void {
  resign(dir, kind, (payload) => {
    const statement = JSON.parse(payload.toString('utf8')) as Statement;
    change(statement);
    return Buffer.from(JSON.stringify(statement), 'utf8');
  });
}

interface Statement {
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: Record<string, unknown>;
}

/** Inputs of a verify of the signature of `kind` with all four policies of MAIN_BUILD. */
function verifyInputs(kind: Kind, extra: Record<string, string> = {}): Record<string, string> {
  return {
    mode: 'verify',
    [kind]: SIGNATURE_FILE[kind],
    'public-key': join(keyDir, signing.pubFile),
    'subject-path': 'dist',
    ...EXPECT_MAIN,
    ...extra,
  };
}

/** One way to tamper with a signed workspace, and the check that must name it. */
interface TamperCase {
  readonly name: string;
  readonly kind: Kind;
  readonly template?: TemplateName;
  /** Changes to the workspace, made on a fresh copy of the template. */
  readonly tamper?: (dir: string) => void;
  /** Inputs replacing or adding to verifyInputs(kind) (a function: the keys exist only once beforeAll ran). */
  readonly inputs?: () => Record<string, string>;
  readonly check: string;
}

const BOTH: readonly Kind[] = ['envelope', 'bundle'];

/** Cases that apply to both the envelope and the bundle, the expected check maybe differing by kind. */
function forBoth(name: string, make: (kind: Kind) => Omit<TamperCase, 'name' | 'kind'>): TamperCase[] {
  return BOTH.map((kind) => ({ name: `${name} (${kind})`, kind, ...make(kind) }));
}

const cases: TamperCase[] = [
  ...forBoth('a flipped byte in an artifact', () => ({
    tamper: (dir) => flipFileByte(join(dir, 'dist/app.js'), 5),
    check: 'digest: dist/app.js',
  })),
  ...forBoth('a flipped byte in an artifact, files read from the statement (no subject-path)', () => ({
    tamper: (dir) => flipFileByte(join(dir, 'dist/lib.js'), 0),
    inputs: () => ({ 'subject-path': '' }),
    check: 'digest: dist/lib.js',
  })),
  ...forBoth('an artifact one byte longer', () => ({
    tamper: (dir) => writeFileSync(join(dir, 'dist/lib.js'), '\n', { flag: 'a' }),
    check: 'digest: dist/lib.js',
  })),
  ...forBoth('a flipped byte in the payload, re-encoded as base64', (kind) => ({
    tamper: (dir) =>
      editEnvelope(dir, kind, (envelope) => {
        envelope.payload = flipBase64Byte(envelope.payload, 40);
      }),
    check: 'signature',
  })),
  ...forBoth('a flipped byte in the signature', (kind) => ({
    tamper: (dir) =>
      editEnvelope(dir, kind, (envelope) => {
        const [first] = envelope.signatures;
        if (first) first.sig = flipBase64Byte(first.sig, -1);
      }),
    check: 'signature',
  })),
  ...forBoth('a changed payloadType', (kind) => ({
    tamper: (dir) =>
      editEnvelope(dir, kind, (envelope) => {
        envelope.payloadType = 'application/vnd.in-toto+json; charset=utf-8';
      }),
    check: 'payload-type',
  })),
  ...forBoth('a changed payloadType, re-signed with the trusted key', (kind) => ({
    tamper: (dir) =>
      editEnvelope(dir, kind, (envelope) => {
        envelope.payloadType = 'application/json';
        const [first] = envelope.signatures;
        if (first)
          first.sig = opensslSign(
            signing.keyFile,
            preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64')),
          );
      }),
    check: 'payload-type',
  })),
  ...forBoth('a renamed artifact (the names no longer match)', () => ({
    tamper: (dir) => renameSync(join(dir, 'dist/lib.js'), join(dir, 'dist/lib2.js')),
    // The signed name with no file is reported before the file no subject names.
    check: 'digest: dist/lib.js',
  })),
  ...forBoth('two subject names swapped in a re-signed statement', (kind) => ({
    tamper: (dir) =>
      resignStatement(dir, kind, (statement) => {
        const [a, b] = statement.subject;
        if (a && b) [a.name, b.name] = [b.name, a.name];
      }),
    check: 'digest: dist/app.js',
  })),
  ...forBoth('two files swapped in the workspace', () => ({
    tamper: (dir) => {
      renameSync(join(dir, 'dist/app.js'), join(dir, 'swap'));
      renameSync(join(dir, 'dist/lib.js'), join(dir, 'dist/app.js'));
      renameSync(join(dir, 'swap'), join(dir, 'dist/lib.js'));
    },
    check: 'digest: dist/app.js',
  })),
  ...forBoth('an extra file in subject-path', () => ({
    inputs: () => ({ 'subject-path': 'dist\nREADME.txt' }),
    check: 'digest: README.txt',
  })),
  ...forBoth('an extra file in the subject-path directory', () => ({
    tamper: (dir) => writeFileSync(join(dir, 'dist/extra.js'), 'evil();\n'),
    check: 'digest: dist/extra.js',
  })),
  ...forBoth('a missing file', () => ({
    tamper: (dir) => rmSync(join(dir, 'dist/lib.js')),
    check: 'digest: dist/lib.js',
  })),
  ...forBoth('a missing file, files read from the statement (no subject-path)', () => ({
    tamper: (dir) => rmSync(join(dir, 'dist/app.js')),
    inputs: () => ({ 'subject-path': '' }),
    check: 'digest: dist/app.js',
  })),
  ...forBoth('a file subject-path names but the statement does not, and one missing', () => ({
    tamper: (dir) => rmSync(join(dir, 'dist/lib.js')),
    inputs: () => ({ 'subject-path': 'dist/app.js\nREADME.txt' }),
    check: 'digest: dist/lib.js',
  })),
  ...forBoth('a re-signed subject naming a file outside the workspace', (kind) => ({
    tamper: (dir) =>
      resignStatement(dir, kind, (statement) => {
        const [first] = statement.subject;
        if (first) first.name = '../outside.js';
      }),
    inputs: () => ({ 'subject-path': '' }),
    check: 'digest: ../outside.js',
  })),
  ...forBoth('a re-signed subject with an absolute name', (kind) => ({
    tamper: (dir) =>
      resignStatement(dir, kind, (statement) => {
        const [first] = statement.subject;
        if (first) first.name = '/etc/passwd';
      }),
    inputs: () => ({ 'subject-path': '' }),
    check: 'digest: /etc/passwd',
  })),
  ...forBoth('the wrong key (the public key of another key)', () => ({
    inputs: () => ({ 'public-key': join(keyDir, other.pubFile) }),
    check: 'signature',
  })).map((c) => (c.kind === 'bundle' ? { ...c, check: 'key' } : c)),
  ...forBoth('signed by another key, the signature replaced', (kind) => ({
    tamper: (dir) =>
      editEnvelope(dir, kind, (envelope) => {
        const [first] = envelope.signatures;
        if (first)
          first.sig = opensslSign(
            other.keyFile,
            preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64')),
          );
      }),
    check: 'signature',
  })),
  ...forBoth('a truncated signature file', (kind) => ({
    tamper: (dir) => truncateSync(join(dir, SIGNATURE_FILE[kind]), 100),
    check: kind,
  })),
  ...forBoth('an empty signature file', (kind) => ({
    tamper: (dir) => writeFileSync(join(dir, SIGNATURE_FILE[kind]), ''),
    check: kind,
  })),
  {
    name: 'two envelopes in one .intoto.jsonl file (envelope)',
    kind: 'envelope',
    tamper: (dir) => {
      const path = join(dir, SIGNATURE_FILE.envelope);
      writeFileSync(path, readFileSync(path, 'utf8').repeat(2));
    },
    check: 'envelope',
  },
  {
    name: 'a signature that is not base64 (envelope)',
    kind: 'envelope',
    tamper: (dir) =>
      editEnvelope(dir, 'envelope', (envelope) => {
        const [first] = envelope.signatures;
        if (first) first.sig = `${first.sig}!`;
      }),
    check: 'envelope',
  },
  {
    name: 'another mediaType (bundle)',
    kind: 'bundle',
    tamper: (dir) => {
      const path = join(dir, SIGNATURE_FILE.bundle);
      const bundle = JSON.parse(readFileSync(path, 'utf8')) as { mediaType: string };
      bundle.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
      writeFileSync(path, JSON.stringify(bundle));
    },
    check: 'bundle',
  },
  {
    name: 'two signatures by one key under threshold 2, two keys trusted (envelope)',
    kind: 'envelope',
    tamper: (dir) =>
      editEnvelope(dir, 'envelope', (envelope) => {
        const [first] = envelope.signatures;
        if (first) envelope.signatures.push({ ...first });
      }),
    inputs: () => ({
      threshold: '2',
      'public-key': `${join(keyDir, signing.pubFile)}\n${join(keyDir, other.pubFile)}`,
    }),
    check: 'signature',
  },
  {
    name: 'two different signatures by one key under threshold 2, two keys trusted (envelope)',
    kind: 'envelope',
    tamper: (dir) =>
      editEnvelope(dir, 'envelope', (envelope) => {
        // ECDSA signatures are randomized: a second signature by the same key is different bytes.
        const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
        envelope.signatures.push({ keyid: 'another-keyid', sig: opensslSign(signing.keyFile, pae) });
      }),
    inputs: () => ({
      threshold: '2',
      'public-key': `${join(keyDir, signing.pubFile)}\n${join(keyDir, other.pubFile)}`,
    }),
    check: 'signature',
  },
  ...forBoth('a re-signed payload that is not JSON', (kind) => ({
    tamper: (dir) => resign(dir, kind, () => Buffer.from('not json', 'utf8')),
    check: 'payload',
  })),
  ...forBoth('a re-signed payload that is not an in-toto statement', (kind) => ({
    tamper: (dir) => resign(dir, kind, () => Buffer.from('{"_type":"https://in-toto.io/Statement/v0.1"}')),
    check: 'payload',
  })),
  ...forBoth('a statement built for another repository', () => ({
    template: 'other-repository',
    check: 'policy: expect-repository',
  })),
  ...forBoth('a statement built for another ref', () => ({
    template: 'other-ref',
    check: 'policy: expect-ref',
  })),
  ...forBoth('a statement built for another commit', () => ({
    template: 'other-commit',
    check: 'policy: expect-commit',
  })),
  ...forBoth('a statement built by another builder', () => ({
    template: 'other-builder',
    check: 'policy: expect-builder',
  })),
  ...forBoth('a statement built outside CI (no provenance facts)', () => ({
    template: 'local',
    check: 'policy: expect-repository',
  })),
  ...forBoth('a re-signed statement that is not SLSA provenance', (kind) => ({
    tamper: (dir) =>
      resignStatement(dir, kind, (statement) => {
        statement.predicateType = 'https://example.com/test-result/v1';
      }),
    check: 'policy: expect-repository',
  })),
  ...forBoth('a re-signed statement whose ref was changed', (kind) => ({
    tamper: (dir) =>
      resignStatement(dir, kind, (statement) => {
        const definition = statement.predicate.buildDefinition as {
          externalParameters: { workflow: { ref: string } };
        };
        definition.externalParameters.workflow.ref = 'refs/heads/feature';
      }),
    check: 'policy: expect-ref',
  })),
];

beforeAll(async () => {
  requireOpenssl();
  keyDir = tempDir('tamper-keys');
  signing = opensslKeyPair(keyDir, 'p256-pkcs8', 'signing');
  other = opensslKeyPair(keyDir, 'p256-sec1', 'other');
  templates.set('main', await signedWorkspace(MAIN_BUILD));
  for (const [name, build] of Object.entries(FOREIGN_BUILDS)) {
    templates.set(name as TemplateName, await signedWorkspace(build));
  }
  templates.set('local', await signedWorkspace(undefined));
});

describe('build-signature verify: the tamper suite', () => {
  it('accepts every untampered template, envelope and bundle, with the policies its build meets', async () => {
    const own: Record<TemplateName, Record<string, string>> = {
      main: EXPECT_MAIN,
      'other-repository': { ...EXPECT_MAIN, 'expect-repository': 'mallory/shop' },
      'other-ref': { ...EXPECT_MAIN, 'expect-ref': 'refs/heads/feature' },
      'other-commit': { ...EXPECT_MAIN, 'expect-commit': FOREIGN_BUILDS['other-commit'].commit },
      'other-builder': { ...EXPECT_MAIN, 'expect-builder': FOREIGN_BUILDS['other-builder'].builderId },
      // A workstation build names no source: it passes only with no policy at all.
      local: {
        'expect-repository': '',
        'expect-ref': '',
        'expect-commit': '',
        'expect-builder': '',
      },
    };
    let accepted = 0;
    for (const [template, expectations] of Object.entries(own)) {
      for (const kind of BOTH) {
        for (const subjectPath of ['dist', '']) {
          const { code, runtime } = await run(
            copyOf(template as TemplateName),
            verifyInputs(kind, { ...expectations, 'subject-path': subjectPath }),
          );
          expect({ template, kind, subjectPath, errors: errors(runtime) }).toEqual({
            template,
            kind,
            subjectPath,
            errors: [],
          });
          expect(code).toBe(ExitCode.Ok);
          expect(runtime.outputs.get('verified')).toBe('true');
          accepted++;
        }
      }
    }
    expect(accepted).toBe(Object.keys(own).length * 4);
  });

  it('refuses every tampered case with exit 2, verified=false and its named check', async () => {
    const wrong: string[] = [];
    let rejectedWithRightCheck = 0;
    for (const testCase of cases) {
      const dir = copyOf(testCase.template ?? 'main');
      testCase.tamper?.(dir);
      const { code, runtime } = await run(dir, verifyInputs(testCase.kind, testCase.inputs?.()));
      const lines = errors(runtime);
      const expectedStart = `build-signature: not verified (${testCase.check}): `;
      const right =
        code === ExitCode.Refused &&
        runtime.outputs.get('verified') === 'false' &&
        lines.length === 1 &&
        lines[0]?.startsWith(expectedStart) === true;
      if (right) rejectedWithRightCheck++;
      else
        wrong.push(
          `${testCase.name}: expected exit 2 and "${expectedStart}…", got exit ${code}, ` +
            `verified=${runtime.outputs.get('verified') ?? '(unset)'}, errors ${JSON.stringify(lines)}`,
        );
    }
    expect(wrong).toEqual([]);
    expect(rejectedWithRightCheck).toBe(cases.length);
    // Each kind of check named at least once, both signature kinds covered.
    expect([...new Set(cases.map((c) => c.check.replace(/^digest: .*/, 'digest: …')))].sort()).toEqual([
      'bundle',
      'digest: …',
      'envelope',
      'key',
      'payload',
      'payload-type',
      'policy: expect-builder',
      'policy: expect-commit',
      'policy: expect-ref',
      'policy: expect-repository',
      'signature',
    ]);
    expect(cases.filter((c) => c.kind === 'bundle').length).toBeGreaterThan(20);
  });

  it('accepts threshold 2 when two different trusted keys signed (so the duplicate case is not vacuous)', async () => {
    const dir = copyOf('main');
    editEnvelope(dir, 'envelope', (envelope) => {
      const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
      envelope.signatures.push({ keyid: '', sig: opensslSign(other.keyFile, pae) });
    });
    const { code, runtime } = await run(
      dir,
      verifyInputs('envelope', {
        threshold: '2',
        'public-key': `${join(keyDir, signing.pubFile)}\n${join(keyDir, other.pubFile)}`,
      }),
    );
    expect(errors(runtime)).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
    expect(runtime.outputs.get('signers')?.split(',')).toHaveLength(2);
  });

  it('accepts an envelope whose signature openssl made over the PAE (interop)', async () => {
    const dir = copyOf('main');
    let replaced = '';
    editEnvelope(dir, 'envelope', (envelope) => {
      const [first] = envelope.signatures;
      if (first === undefined) throw new Error('no signature');
      const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
      first.sig = opensslSign(signing.keyFile, pae);
      replaced = first.sig;
    });
    const envelope = JSON.parse(readFileSync(join(dir, SIGNATURE_FILE.envelope), 'utf8')) as EnvelopeJson;
    expect(envelope.signatures).toEqual([{ keyid: expect.any(String), sig: replaced }]);
    const { code, runtime } = await run(dir, verifyInputs('envelope'));
    expect(errors(runtime)).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
    expect(runtime.outputs.get('verified')).toBe('true');
    const der = openssl(['pkey', '-pubin', '-in', signing.pubFile, '-outform', 'DER'], keyDir);
    const keyid = execFileSync('sha256sum', [], { input: der }).toString().split(' ')[0];
    expect(runtime.outputs.get('signers')).toBe(keyid);
  });
});

describe('build-signature verify: bad input exits 1, not 2', () => {
  const badInputs: { name: string; inputs: (kind: Kind) => Record<string, string>; input: string }[] = [
    {
      name: 'neither bundle nor envelope',
      inputs: (kind) => ({ ...verifyInputs(kind), [kind]: '' }),
      input: 'bundle',
    },
    {
      name: 'both bundle and envelope',
      inputs: (kind) => ({
        ...verifyInputs(kind),
        bundle: SIGNATURE_FILE.bundle,
        envelope: SIGNATURE_FILE.envelope,
      }),
      input: 'envelope',
    },
    {
      name: 'threshold 2 with a bundle',
      inputs: () =>
        verifyInputs('bundle', {
          threshold: '2',
          'public-key': `${join(keyDir, signing.pubFile)}\n${join(keyDir, other.pubFile)}`,
        }),
      input: 'threshold',
    },
    {
      name: 'threshold 2 with one trusted key',
      inputs: () => verifyInputs('envelope', { threshold: '2' }),
      input: 'threshold',
    },
    {
      name: 'a public-key file that does not exist',
      inputs: (kind) => verifyInputs(kind, { 'public-key': 'keys/missing.pem' }),
      input: 'public-key',
    },
    {
      name: 'a public-key path that is a directory',
      inputs: (kind) => verifyInputs(kind, { 'public-key': 'dist' }),
      input: 'public-key',
    },
    {
      name: 'a public-key file holding no PEM block',
      inputs: (kind) => verifyInputs(kind, { 'public-key': 'README.txt' }),
      input: 'public-key',
    },
    {
      name: 'a signature file path that does not exist',
      inputs: (kind) => verifyInputs(kind, { [kind]: `${OUT}/missing.json` }),
      input: 'KIND',
    },
    {
      name: 'a signature file path that is a directory',
      inputs: (kind) => verifyInputs(kind, { [kind]: OUT }),
      input: 'KIND',
    },
    {
      name: 'an expect-commit that is not a commit',
      inputs: (kind) => verifyInputs(kind, { 'expect-commit': 'main' }),
      input: 'expect-commit',
    },
  ];

  it.each(badInputs.flatMap((bad) => BOTH.map((kind) => [`${bad.name} (${kind})`, bad, kind] as const)))(
    '%s',
    async (_name, bad, kind) => {
      const dir = copyOf('main');
      const { code, runtime } = await run(dir, bad.inputs(kind));
      const input = bad.input === 'KIND' ? kind : bad.input;
      expect(errors(runtime)).toEqual([
        expect.stringMatching(new RegExp(`^build-signature: input \`${input}\`: `)),
      ]);
      expect(code).toBe(ExitCode.Error);
      expect(runtime.outputs.get('verified')).toBeUndefined();
    },
  );
});
