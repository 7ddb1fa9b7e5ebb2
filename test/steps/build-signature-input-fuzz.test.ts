import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ExitCode,
  SIGNATURE_INPUTS,
  buildSignatureStep,
  forgetSecrets,
  runStep,
  type SignatureStepDeps,
} from '@hands-off/core';
import { memoryRuntime } from '../support/memory-runtime.js';

/**
 * Every input of build-signature, fuzzed: whatever a workflow passes, a bad value ends the step
 * with exit code 1 and exactly one error line naming the input, before anything is written to the
 * workspace or the decision log and before KMS is called.
 */

const pem = (type: string, body: string): string =>
  `-----BEGIN ${type}-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${type}-----\n`;
const derBase64 = (key: { export(options: { type: 'pkcs8'; format: 'der' }): Buffer }): string =>
  key.export({ type: 'pkcs8', format: 'der' }).toString('base64');

const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const KEY = p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY = p256.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const OTHER_KEYS = {
  rsa: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey,
  p384: generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey,
};
const KEY_BODY = derBase64(p256.privateKey);
const ENCRYPTED_KEY = p256.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hands-off' })
  .toString();

/** The workspace every run starts from (copied): a build, a signature of it, a config file. */
let template: string;
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hands-off-sign-fuzz-${prefix}-`));
  made.push(dir);
  return dir;
}

beforeAll(async () => {
  template = tempDir('template');
  const write = (name: string, text: string): void => {
    mkdirSync(join(template, name, '..'), { recursive: true });
    writeFileSync(join(template, name), text);
  };
  write('dist/app.js', 'console.log("v2");\n');
  write('dist/assets/logo.svg', '<svg/>\n');
  write('a/dist/x.js', 'x\n');
  write('b/dist/y.js', 'y\n');
  write('notes.txt', 'not a key, not JSON\n');
  write('bad.json', '{"predicate": ');
  write('array.json', '[1, 2, 3]\n');
  write('type.json', '{"predicateType": "not a uri", "predicate": {}}\n');
  write('keys/release.pub.pem', PUBLIC_KEY);
  write('hands-off.yml', 'environments:\n  production: {}\n');
  mkdirSync(join(template, 'empty'));
  // The signature the verify runs check; signed by the step itself, into `signed/`.
  const runtime = memoryRuntime(
    { 'subject-path': 'dist', key: KEY, 'output-dir': 'signed' },
    { workspace: template, outputDir: join(tempDir('template-log'), 'hands-off') },
  );
  expect(await runStep(buildSignatureStep(), runtime)).toBe(ExitCode.Ok);
  expect(readdirSync(join(template, 'signed')).sort()).toEqual([
    'SHA256SUMS',
    'public-key.pem',
    'statement.json',
    'subjects.intoto.jsonl',
    'subjects.sigstore.json',
  ]);
});

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every entry under `dir`: path, type, mode, and a file's size and sha256 (directories' mtimes aside). */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = join(dir, rel, name);
      const stats = lstatSync(path);
      const entry = join(rel, name);
      if (stats.isDirectory()) {
        out.push(`${entry}/ ${stats.mode.toString(8)}`);
        walk(entry);
      } else {
        const digest = stats.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : '';
        out.push(`${entry} ${stats.mode.toString(8)} ${stats.size} ${digest}`);
      }
    }
  };
  walk('');
  return out;
}

const SIGN = { 'subject-path': 'dist', key: KEY };
const VERIFY = {
  mode: 'verify',
  bundle: 'signed/subjects.sigstore.json',
  'public-key': 'signed/public-key.pem',
};

interface Outcome {
  code: ExitCode;
  errors: string[];
  lines: string[];
  outputs: number;
  summaries: number;
  kmsCalls: string[];
  before: string[];
  after: string[];
  logDir: string[];
}

/** Runs the step in a fresh copy of the template with a decision-log directory outside it. */
async function run(inputs: Record<string, string>): Promise<Outcome> {
  forgetSecrets();
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-sign-fuzz-ws-'));
  const logParent = mkdtempSync(join(tmpdir(), 'hands-off-sign-fuzz-log-'));
  try {
    cpSync(template, workspace, { recursive: true });
    const before = listing(workspace);
    const kmsCalls: string[] = [];
    const kmsClient: SignatureStepDeps['kmsClient'] = async (region) => {
      kmsCalls.push(`client for ${JSON.stringify(region)}`);
      return {
        send: async (command: object) => {
          kmsCalls.push(command.constructor.name);
          throw new Error('no KMS call may be made');
        },
      } as unknown as Awaited<ReturnType<NonNullable<SignatureStepDeps['kmsClient']>>>;
    };
    const runtime = memoryRuntime(inputs, { workspace, outputDir: join(logParent, 'hands-off') });
    const code = await runStep(buildSignatureStep({ kmsClient }), runtime);
    return {
      code,
      errors: runtime.lines.filter((line) => line.level === 'error').map((line) => line.text),
      lines: runtime.lines.map((line) => line.text),
      outputs: runtime.outputs.size,
      summaries: runtime.summaries.length,
      kmsCalls,
      before,
      after: listing(workspace),
      logDir: listing(logParent),
    };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(logParent, { recursive: true, force: true });
  }
}

/** The contract of a refused input: exit 1, one bounded error line naming it, nothing written or called. */
function expectRefused(outcome: Outcome, input: string): void {
  expect({ code: outcome.code, errors: outcome.errors }).toEqual({
    code: ExitCode.Error,
    errors: [
      expect.stringMatching(
        new RegExp(`^build-signature: input \`${input}\`: .+; example of a valid value: .+`),
      ),
    ],
  });
  const line = outcome.errors[0] as string;
  expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(line.length).toBeLessThanOrEqual(2100);
  expect(outcome.lines.join('\n')).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(outcome.outputs).toBe(0);
  expect(outcome.summaries).toBe(0);
  expect(outcome.kmsCalls).toEqual([]);
  expect(outcome.after).toEqual(outcome.before);
  expect(outcome.logDir).toEqual([]);
}

/** Text that is never blank (blank inputs fall back to defaults) and never a comment line. */
const noise = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
/** Hostile text: control characters, line breaks, quotes, backticks, Unicode separators, NUL. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom('\n', '\r\n', '\0', '\u2028', '`', '"', "'", '$(id)', '${{ x }}', '\u001b[31m', '\t'),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''))
  .filter((s) => s.trim() !== '');
/** Up to 100 KB: line breaks, backticks and separators repeated. */
const huge = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.constantFrom('\n', '\r\n', '`', '\u2028', ''),
    fc.integer({ min: 3_000, max: 100_000 }),
  )
  .map(([chunk, separator, length]) =>
    (chunk + separator).repeat(Math.ceil(length / (chunk.length + separator.length))).slice(0, length),
  )
  .filter((s) => s.trim() !== '');
const name = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
/** A path that names nothing in the workspace (no `..` that could lead back to a real file). */
const missingPath = fc
  .oneof(name, hostile, huge)
  .map((s) => `missing-${s.replace(/\.\./g, '_')}`)
  .filter((s) => !s.split(/\r?\n/).some((line) => line.trim() === ''));
const outside = fc.oneof(
  name.map((n) => `../${n}`),
  name.map((n) => `../../../../${n}`),
  name.map((n) => `/tmp/hands-off-outside-${n}`),
  fc.constantFrom('/', '/etc', '/etc/passwd', '..', '../..'),
);
const badBoolean = noise.filter(
  (s) => !['true', 'yes', 'on', '1', 'false', 'no', 'off', '0'].includes(s.trim().toLowerCase()),
);
const badPem = fc.oneof(
  noise,
  hostile,
  huge,
  fc.constant(PUBLIC_KEY),
  fc.constant(ENCRYPTED_KEY),
  fc.constant(KEY.slice(0, KEY.length - 40)),
  fc.constant(KEY.replace(/\n(.)/, '\nAAAA$1')),
  fc.constant(OTHER_KEYS.rsa.export({ type: 'pkcs8', format: 'pem' }).toString()),
  fc.constant(OTHER_KEYS.p384.export({ type: 'pkcs8', format: 'pem' }).toString()),
  fc.constant(pem('CERTIFICATE', KEY_BODY)),
  fc.base64String({ minLength: 8, maxLength: 400 }).map((body) => pem('PRIVATE KEY', body)),
);
const badThreshold = fc.oneof(
  noise.filter((s) => !/^[1-9]\d{0,8}$/.test(s.trim()) || Number(s.trim()) > 32),
  fc.integer({ min: 33, max: 999_999_999 }).map(String),
  fc.constantFrom('0', '-1', '1.5', '1e3', '0x2', '+1', '01', '2', '  2 '),
  huge,
);

interface BadCase {
  /** The valid inputs the bad value is added to (sign or verify). */
  base: Record<string, string>;
  values: fc.Arbitrary<string>;
  /** The input the error line must name, when not the fuzzed one. */
  names?: string;
  extra?: Record<string, string>;
}

/** For each input (and a few combinations), values that are wrong by construction. */
const BAD: Record<string, BadCase> = {
  mode: {
    base: SIGN,
    values: fc.oneof(noise, hostile, huge).filter((s) => !['sign', 'verify'].includes(s.trim())),
  },
  'subject-path': {
    base: SIGN,
    values: fc.oneof(
      missingPath,
      outside,
      fc.constantFrom('**/*.missing', 'dist/*.exe', '../*.js', '/etc/*', 'dist/../../*', 'empty', 'dist\0x'),
      fc.tuple(name, missingPath).map(([n, missing]) => `dist\n${n}/../${missing}`),
      // Longer than any path; globs this long overflow the matcher's stack or its length limit.
      fc.integer({ min: 4097, max: 100_000 }).map((n) => `missing-${'( '.repeat(n)}`.slice(0, n)),
      fc.constant(`dist/${'('.repeat(4090)}`),
    ),
  },
  'subject-path (archive)': {
    base: { ...SIGN, archive: 'true' },
    values: fc.constantFrom('a/dist\nb/dist', '.', 'dist\n.', 'b/dist\ndist\na/dist'),
    names: 'subject-path',
  },
  archive: { base: SIGN, values: fc.oneof(badBoolean, hostile, huge) },
  key: { base: SIGN, values: badPem },
  'kms-key-id (with key)': {
    base: SIGN,
    values: fc.oneof(
      fc.constantFrom('alias/release-signing', 'arn:aws:kms:eu-central-1:111122223333:alias/x'),
      noise,
    ),
    names: 'kms-key-id',
  },
  'kms-key-id': {
    base: SIGN,
    extra: { key: '' },
    values: fc.oneof(
      hostile.filter((s) => /[\s\0]/.test(s.trim())),
      huge,
      fc.string({ minLength: 2049, maxLength: 3000 }).map((s) => `alias/${s}`),
    ),
  },
  'aws-region': {
    base: SIGN,
    extra: { key: '', 'kms-key-id': 'alias/release-signing' },
    values: fc.oneof(noise, hostile, huge).filter((s) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(s.trim())),
  },
  'output-dir': {
    base: SIGN,
    values: fc.oneof(
      outside,
      fc.constantFrom('.', './', 'dist/..', 'notes.txt', 'notes.txt/signature', 'dist/app.js/sig'),
      fc.tuple(name, fc.constantFrom('\n', '\r', '\0')).map(([n, c]) => `${n}${c}x`),
      fc.integer({ min: 256, max: 5_000 }).map((n) => 'x'.repeat(n)),
      huge.filter((s) => /[\r\n]/.test(s)),
    ),
  },
  predicate: {
    base: SIGN,
    values: fc.oneof(
      missingPath,
      outside.filter((p) => !p.startsWith('/etc') && p !== '/'),
      fc.constantFrom('notes.txt', 'bad.json', 'array.json', 'type.json', 'dist', 'keys/release.pub.pem'),
      name.map((n) => `dist/app.js\n${n}`),
    ),
  },
  bundle: { base: SIGN, values: fc.oneof(noise, huge) },
  envelope: { base: SIGN, values: fc.oneof(noise, huge) },
  'public-key': { base: SIGN, values: fc.oneof(noise, fc.constant(PUBLIC_KEY)) },
  'expect-repository': { base: SIGN, values: fc.oneof(noise, fc.constant('acme/shop')) },
  'expect-ref': { base: SIGN, values: fc.oneof(noise, fc.constant('refs/heads/main')) },
  'expect-commit': { base: SIGN, values: fc.oneof(noise, fc.constant('a'.repeat(40))) },
  'expect-builder': { base: SIGN, values: noise },
  config: {
    base: SIGN,
    values: fc.oneof(
      missingPath,
      outside.filter((p) => !p.startsWith('/etc')),
    ),
  },
  environment: {
    base: SIGN,
    values: fc.oneof(name, hostile, huge).filter((s) => s.trim() !== 'production'),
  },

  // Verify mode.
  'threshold (verify)': { base: VERIFY, values: badThreshold, names: 'threshold' },
  'bundle (verify)': {
    base: VERIFY,
    values: fc.oneof(
      missingPath,
      outside.filter((p) => !p.startsWith('/etc') && p !== '/'),
      fc.constant('signed/x\nsigned/y'),
    ),
    names: 'bundle',
  },
  'envelope (verify, with bundle)': { base: VERIFY, values: fc.oneof(noise, huge), names: 'envelope' },
  'envelope (verify)': {
    base: VERIFY,
    extra: { bundle: '' },
    values: fc.oneof(missingPath, fc.constant('signed/subjects.intoto.jsonl\nsigned/x')),
    names: 'envelope',
  },
  'public-key (verify)': {
    base: VERIFY,
    values: fc.oneof(
      missingPath,
      fc.constantFrom(
        'notes.txt',
        'empty',
        '-----BEGIN PUBLIC KEY-----\nAAAA',
        'AAAA\n-----END PUBLIC KEY-----',
        pem('PUBLIC KEY', KEY_BODY.slice(0, 60)),
        OTHER_KEYS.rsa.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ),
      fc.base64String({ minLength: 8, maxLength: 200 }).map((body) => pem('PUBLIC KEY', body)),
    ),
    names: 'public-key',
  },
  'expect-repository (verify)': {
    base: VERIFY,
    values: fc.oneof(hostile, huge, fc.constantFrom('acme', 'https://github.com/acme/shop', 'acme/ shop')),
    names: 'expect-repository',
  },
  'expect-ref (verify)': {
    base: VERIFY,
    values: fc.oneof(
      noise.filter((s) => !/^refs\/\S+$/.test(s.trim())),
      huge,
      fc.constantFrom('main', 'refs/heads/a b'),
    ),
    names: 'expect-ref',
  },
  'expect-commit (verify)': {
    base: VERIFY,
    values: fc.oneof(
      noise.filter((s) => !/^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(s.trim())),
      fc.constantFrom('9fceb02', 'g'.repeat(40), 'a'.repeat(41)),
    ),
    names: 'expect-commit',
  },
  'expect-builder (verify)': {
    base: VERIFY,
    values: fc.tuple(noise, noise).map(([a, b]) => `x${a}\nx${b}`),
    names: 'expect-builder',
  },
  'subject-path (verify)': {
    base: VERIFY,
    values: fc.oneof(
      missingPath,
      outside,
      fc.constantFrom('**/*.missing', 'empty', `dist/${'('.repeat(4090)}`, `x${'( '.repeat(30_000)}`),
    ),
    names: 'subject-path',
  },
  'key (verify)': { base: VERIFY, values: fc.oneof(noise, fc.constant(KEY)), names: 'key' },
  'kms-key-id (verify)': { base: VERIFY, values: noise, names: 'kms-key-id' },
  'predicate (verify)': {
    base: VERIFY,
    values: fc.oneof(noise, fc.constant('array.json')),
    names: 'predicate',
  },
  'archive (verify)': {
    base: VERIFY,
    values: fc.oneof(fc.constantFrom('true', 'yes', 'on', '1', ' TRUE '), badBoolean),
    names: 'archive',
  },
};

describe('build-signature inputs, fuzzed (memory runtime, KMS client that records calls)', () => {
  it('covers every input of SIGNATURE_INPUTS, plus config and environment', () => {
    const fuzzed = new Set(Object.keys(BAD).map((key) => key.replace(/ \(.*\)$/, '')));
    expect(
      ['config', 'environment', ...SIGNATURE_INPUTS.map((spec) => spec.name)].filter(
        (input) => !fuzzed.has(input),
      ),
    ).toEqual([]);
  });

  it('the valid inputs every bad value is added to pass on their own (each failure below is the bad value’s)', async () => {
    for (const base of [SIGN, { ...SIGN, archive: 'true' }, VERIFY]) {
      const outcome = await run(base);
      expect({ base: Object.keys(base), code: outcome.code, errors: outcome.errors }).toEqual({
        base: Object.keys(base),
        code: ExitCode.Ok,
        errors: [],
      });
      // Sign writes its files into the workspace; verify writes nothing there. Both keep a decision record.
      if (base === VERIFY) expect(outcome.after).toEqual(outcome.before);
      else expect(outcome.after.filter((entry) => !outcome.before.includes(entry)).length).toBeGreaterThan(0);
      expect(outcome.logDir.some((entry) => entry.startsWith('hands-off/decision-log.jsonl '))).toBe(true);
    }
  });

  it.each(Object.keys(BAD))(
    'a bad `%s`: exit 1, one line naming it, no stack trace, nothing written, no KMS call',
    async (key) => {
      const spec = BAD[key] as BadCase;
      const input = key.replace(/ \(.*\)$/, '');
      await fc.assert(
        fc.asyncProperty(spec.values, async (value) => {
          expectRefused(await run({ ...spec.base, ...spec.extra, [input]: value }), spec.names ?? input);
        }),
        { numRuns: 25 },
      );
    },
  );

  /**
   * What only the walk of a directory finds (a FIFO, a symlink leading out, a name SHA256SUMS cannot
   * hold) is refused after the output directory was made: that run must leave nothing behind either,
   * and an earlier signature in the same directory must stay as it was.
   */
  it.each<[string, 'archive' | 'files', (dir: string) => void]>([
    // Packed, a FIFO or a link out cannot be archived; hashed file by file, a FIFO is no artifact and
    // is left out, a link is the file it leads to. A backslash cannot be a SHA256SUMS name.
    ['a FIFO', 'archive', (dir) => void execFileSync('mkfifo', [join(dir, 'dist/assets/pipe')])],
    ['a symlink leading out', 'archive', (dir) => symlinkSync('/etc/hostname', join(dir, 'dist/host'))],
    ['a file name with a backslash', 'files', (dir) => writeFileSync(join(dir, 'dist/a\\b.js'), 'x')],
  ])(
    'a directory holding %s (refused when signed as %s): exit 1 naming subject-path, nothing left behind, an earlier signature untouched',
    async (_what, refusedAs, plant) => {
      for (const inputs of [
        { ...SIGN, archive: 'true' },
        { ...SIGN, archive: 'true', 'output-dir': 'signed' },
        { ...SIGN, 'output-dir': 'signed' },
        SIGN,
      ] as Record<string, string>[]) {
        const planted = mkdtempSync(join(tmpdir(), 'hands-off-sign-fuzz-plant-'));
        made.push(planted);
        cpSync(template, planted, { recursive: true });
        plant(planted);
        const before = listing(planted);
        const runtime = memoryRuntime(inputs, {
          workspace: planted,
          outputDir: join(tempDir('plant-log'), 'hands-off'),
        });
        const code = await runStep(buildSignatureStep(), runtime);
        const errors = runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
        if ((inputs.archive === 'true' ? 'archive' : 'files') !== refusedAs) {
          expect({ inputs: Object.keys(inputs), code, errors }).toEqual({
            inputs: Object.keys(inputs),
            code: ExitCode.Ok,
            errors: [],
          });
          continue;
        }
        expect({ inputs: Object.keys(inputs), code, errors }).toEqual({
          inputs: Object.keys(inputs),
          code: ExitCode.Error,
          errors: [expect.stringMatching(/^build-signature: input `subject-path`: /)],
        });
        expect(listing(planted)).toEqual(before);
        expect(existsSync(runtime.context.outputDir)).toBe(false);
      }
    },
  );
});
