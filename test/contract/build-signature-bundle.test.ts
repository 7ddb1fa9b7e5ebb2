import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { NODE24, ROOT, parseRunnerFile, runAction } from '../support/run-action.js';

/** The CI context the runner gives a job, so the provenance names where the build came from. */
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const GITHUB_ENV = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SHA: SHA,
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_ACTOR: 'release-bot',
};
const BUILDER = 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main';

/** A private key as a secret holds it, and every form of it that must never be shown. */
interface SecretKey {
  kind: string;
  pem: string;
  publicPem: string;
  keyid: string;
  /**
   * The whole PEM, each base64 line of its body, the DER bytes as one base64 string, and the private
   * scalar itself (base64url, base64, hex). A body line that lies inside the public key's PEM (SEC1
   * keys carry the public point, whose line can align with the public key's) is public, not searched.
   */
  forms: string[];
  bodyLines: string[];
}

function secretKey(kind: string, privateKey: KeyObject, format: 'pkcs8' | 'sec1'): SecretKey {
  const pem = privateKey.export({ type: format, format: 'pem' }).toString();
  const bodyLines = pem
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----'));
  const der = privateKey.export({ type: format, format: 'der' }).toString('base64');
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const scalar = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  const secretLines = bodyLines.filter((line) => !publicPem.replace(/\n/g, '').includes(line));
  if (bodyLines.length - secretLines.length > 1) throw new Error(`${kind}: more than one public body line`);
  return {
    kind,
    pem,
    publicPem,
    keyid: createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
    forms: [
      pem.trim(),
      ...secretLines,
      der,
      scalar.toString('base64url'),
      scalar.toString('base64'),
      scalar.toString('hex'),
    ],
    bodyLines,
  };
}

const KEYS = [
  secretKey(
    'ECDSA P-256, PKCS#8',
    generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey,
    'pkcs8',
  ),
  secretKey('ECDSA P-256, SEC1', generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey, 'sec1'),
  secretKey('Ed25519, PKCS#8', generateKeyPairSync('ed25519').privateKey, 'pkcs8'),
];
const KEY = KEYS[0] as SecretKey;

/** Directories this file made, removed after its tests. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A workspace with a small build: dist/app.js, dist/assets/logo.svg, dist/run.sh. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-sign-bundle-'));
  made.push(dir);
  mkdirSync(join(dir, 'dist/assets'), { recursive: true });
  writeFileSync(join(dir, 'dist/app.js'), 'console.log("v2");\n');
  writeFileSync(join(dir, 'dist/assets/logo.svg'), '<svg/>\n');
  writeFileSync(join(dir, 'dist/run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  return dir;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Every file under `dir` (recursively) with its text; empty when `dir` does not exist. */
function filesUnder(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (statSync(path).isFile()) out[path] = readFileSync(path, 'utf8');
  }
  return out;
}

/** Where each form of the key shows up in `texts` (by name); empty when it shows up nowhere. */
function leaks(key: SecretKey, texts: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    key.forms.forEach((form, index) => {
      if (text.includes(form)) found.push(`${where}: key form ${index}`);
    });
  }
  return found;
}

/** stdout as the runner shows it: the `::add-mask::` commands are consumed, never printed. */
const shownStdout = (stdout: string): string =>
  stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

describe('dist/build-signature/index.js under Node 24, as the runner runs it', () => {
  it('signs (archive) with outputs in GITHUB_OUTPUT and provenance from the runner, then verifies with every policy', async () => {
    const dir = workspace();
    const sign = await runAction('build-signature', {
      workspace: dir,
      inputs: { 'subject-path': 'dist', archive: 'true', key: KEY.pem },
      env: GITHUB_ENV,
    });
    expect({ code: sign.code, stderr: sign.stderr }).toEqual({ code: 0, stderr: '' });
    const archive = join(dir, '.hands-off/signature/dist.tar.gz');
    expect(sign.outputs).toEqual({
      digest: `sha256:${sha256(archive)}`,
      'statement-path': '.hands-off/signature/statement.json',
      'envelope-path': '.hands-off/signature/dist.tar.gz.intoto.jsonl',
      'bundle-path': '.hands-off/signature/dist.tar.gz.sigstore.json',
      'public-key-id': KEY.keyid,
    });
    expect(readFileSync(join(dir, '.hands-off/signature/public-key.pem'), 'utf8')).toBe(KEY.publicPem);

    const statement = JSON.parse(readFileSync(join(dir, '.hands-off/signature/statement.json'), 'utf8'));
    expect(statement).toMatchObject({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: '.hands-off/signature/dist.tar.gz', digest: { sha256: sha256(archive) } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: {
          buildType: 'https://actions.github.io/buildtypes/workflow/v1',
          externalParameters: {
            workflow: {
              ref: 'refs/heads/main',
              repository: 'https://github.com/acme/shop',
              path: '.github/workflows/release.yml',
            },
          },
          internalParameters: { github: { event_name: 'push', run_id: '4242', run_attempt: '2' } },
          resolvedDependencies: [
            { uri: 'git+https://github.com/acme/shop@refs/heads/main', digest: { gitCommit: SHA } },
          ],
        },
        runDetails: {
          builder: { id: BUILDER },
          metadata: { invocationId: 'https://github.com/acme/shop/actions/runs/4242/attempts/2' },
        },
      },
    });
    expect(sign.summary).toContain(KEY.keyid);
    expect(sign.summary).toContain('.hands-off/signature/dist.tar.gz');

    const verify = await runAction('build-signature', {
      workspace: dir,
      inputs: {
        mode: 'verify',
        bundle: sign.outputs['bundle-path'] as string,
        'public-key': '.hands-off/signature/public-key.pem',
        'expect-repository': 'acme/shop',
        'expect-ref': 'refs/heads/main',
        'expect-commit': SHA,
        'expect-builder': BUILDER,
      },
      env: GITHUB_ENV,
    });
    expect({ code: verify.code, stderr: verify.stderr }).toEqual({ code: 0, stderr: '' });
    expect(verify.outputs).toEqual({
      verified: 'true',
      digest: sign.outputs.digest,
      signers: KEY.keyid,
    });
    expect(verify.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([]);
  });

  it('a tampered artifact, archive or signature: exit 2, verified=false, one error line naming the failed check', async () => {
    const dir = workspace();
    const sign = await runAction('build-signature', {
      workspace: dir,
      inputs: { 'subject-path': 'dist', key: KEY.pem },
      env: GITHUB_ENV,
    });
    expect(sign.code).toBe(0);
    const verify = (inputs: Record<string, string> = {}) =>
      runAction('build-signature', {
        workspace: dir,
        inputs: {
          mode: 'verify',
          bundle: '.hands-off/signature/subjects.sigstore.json',
          'public-key': KEY.publicPem,
          ...inputs,
        },
        env: GITHUB_ENV,
      });
    expect((await verify()).code).toBe(0);

    appendFileSync(join(dir, 'dist/app.js'), '// one more line\n');
    const tampered = await verify();
    expect(tampered.code).toBe(2);
    expect(tampered.outputs).toEqual({ verified: 'false', digest: '', signers: KEY.keyid });
    const errors = tampered.visibleLines.filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not verified\W+digest: dist\/app\.js\W/);

    // The signature itself edited: the signature check fails before any artifact is read.
    const bundlePath = join(dir, '.hands-off/signature/subjects.sigstore.json');
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
    const payload = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    payload.subject[0].digest.sha256 = sha256(join(dir, 'dist/app.js'));
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(payload)).toString('base64');
    writeFileSync(bundlePath, JSON.stringify(bundle));
    const forged = await verify();
    expect(forged.code).toBe(2);
    expect(forged.outputs.verified).toBe('false');
    expect(forged.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/not verified\W+signature\W/),
    ]);

    // An archive edited after signing.
    const archived = workspace();
    expect(
      (
        await runAction('build-signature', {
          workspace: archived,
          inputs: { 'subject-path': 'dist', archive: 'true', key: KEY.pem },
          env: GITHUB_ENV,
        })
      ).code,
    ).toBe(0);
    appendFileSync(join(archived, '.hands-off/signature/dist.tar.gz'), Buffer.from([0]));
    const archiveRun = await runAction('build-signature', {
      workspace: archived,
      inputs: {
        mode: 'verify',
        envelope: '.hands-off/signature/dist.tar.gz.intoto.jsonl',
        'public-key': '.hands-off/signature/public-key.pem',
      },
      env: GITHUB_ENV,
    });
    expect(archiveRun.code).toBe(2);
    expect(archiveRun.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/not verified\W+digest: \.hands-off\/signature\/dist\.tar\.gz\W/),
    ]);
  });

  // `build-signature:` once read as a `…signature: <value>` credential pair, and every sink redacted
  // the word after the step's name (`build-signature: *** `mode`: …`).
  it('its lines and summary are not mistaken for credentials: `build-signature: input …`, `signed …`, `not verified …`', async () => {
    const dir = workspace();
    const refused = await runAction('build-signature', { workspace: dir, inputs: { mode: 'bogus' } });
    expect(refused.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(
        /^::error::build-signature: input `mode`: `bogus` is not one of `sign`, `verify`; /,
      ),
    ]);
    const signed = await runAction('build-signature', {
      workspace: dir,
      inputs: { 'subject-path': 'dist', key: KEY.pem },
    });
    expect(signed.visibleLines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^build-signature: signed 3 subject\(s\) with key [0-9a-f]{16}/),
      ]),
    );
    expect(signed.summary).toMatch(/^## build-signature: 🟢 signed 3 subject\(s\)$/m);
    writeFileSync(join(dir, 'dist/app.js'), 'tampered\n');
    const tampered = await runAction('build-signature', {
      workspace: dir,
      inputs: {
        mode: 'verify',
        bundle: '.hands-off/signature/subjects.sigstore.json',
        'public-key': KEY.publicPem,
      },
    });
    expect(tampered.code).toBe(2);
    expect(tampered.visibleLines.filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/^::error::build-signature: not verified\W+digest: dist\/app\.js\W/),
    ]);
    expect(tampered.summary).toMatch(/^## build-signature: 🔴 not verified$/m);
  });

  it.each(KEYS.map((key): [string, SecretKey] => [key.kind, key]))(
    'the private key (%s) never appears: not in stdout, stderr, outputs, state, summary, the signature files or the decision log',
    async (_kind, key) => {
      const dir = workspace();
      const temp = mkdtempSync(join(tmpdir(), 'hands-off-sign-runner-'));
      made.push(temp);
      const files = {
        GITHUB_OUTPUT: join(temp, 'output'),
        GITHUB_STATE: join(temp, 'state'),
        GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
      };
      for (const file of Object.values(files)) writeFileSync(file, '');
      const env = { ...GITHUB_ENV, ...files, RUNNER_TEMP: temp };
      // A sign, a verify, and refusals that still had the key as an input: none may show it. Every
      // file is read after each run, so that what a later run replaces is searched too.
      const snapshots: Record<string, string> = {};
      const runs: Awaited<ReturnType<typeof runAction>>[] = [];
      for (const inputs of [
        { 'subject-path': 'dist', archive: 'true', key: key.pem },
        { 'subject-path': 'dist/app.js', key: key.pem, 'output-dir': 'signed' },
        { mode: 'verify', bundle: 'signed/app.js.sigstore.json', 'public-key': key.publicPem },
        { mode: 'verify', bundle: 'signed/app.js.sigstore.json', key: key.pem },
        { 'subject-path': 'missing', key: key.pem },
        { 'subject-path': 'dist', key: key.pem, 'kms-key-id': 'alias/release' },
      ] as Record<string, string>[]) {
        runs.push(await runAction('build-signature', { workspace: dir, inputs, env }));
        for (const [path, text] of Object.entries({
          ...filesUnder(join(dir, '.hands-off')),
          ...filesUnder(join(dir, 'signed')),
          ...filesUnder(join(temp, 'hands-off')),
        })) {
          snapshots[`${path} after run ${runs.length - 1}`] = text;
        }
      }
      expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 1, 1, 1]);
      const outputs = parseRunnerFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
      expect(outputs['public-key-id']).toBe(key.keyid);
      expect(outputs.verified).toBe('true');
      const texts: Record<string, string> = {
        ...Object.fromEntries(
          runs.flatMap((run, index) => [
            [`run ${index} stdout`, shownStdout(run.stdout)],
            [`run ${index} stderr`, run.stderr],
          ]),
        ),
        GITHUB_OUTPUT: readFileSync(files.GITHUB_OUTPUT, 'utf8'),
        GITHUB_STATE: readFileSync(files.GITHUB_STATE, 'utf8'),
        GITHUB_STEP_SUMMARY: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
        ...snapshots,
      };
      // The files searched are there: signature files of both signs, and the decision log of every run.
      expect(Object.keys(texts)).toEqual(
        expect.arrayContaining([
          `${join(dir, '.hands-off/signature/statement.json')} after run 0`,
          `${join(dir, '.hands-off/signature/dist.tar.gz.sigstore.json')} after run 0`,
          `${join(dir, 'signed/app.js.intoto.jsonl')} after run 1`,
          `${join(temp, 'hands-off/decision-log.jsonl')} after run 2`,
        ]),
      );
      expect(texts.GITHUB_STEP_SUMMARY).toContain(key.keyid);
      expect(
        readFileSync(join(temp, 'hands-off/decision-log.jsonl'), 'utf8').trim().split('\n'),
      ).toHaveLength(3);
      // The search finds each form (a leak would not go unseen), and none is in what the runs left.
      expect(leaks(key, { probe: key.forms.join(' ') })).toHaveLength(key.forms.length);
      expect(leaks(key, texts)).toEqual([]);

      // The runner masks what it is told: each line of the key, at once, in every run that had it.
      for (const run of runs.filter((_, index) => index !== 2)) {
        const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
        for (const line of key.bodyLines) expect(masks).toContain(`::add-mask::${line}`);
        expect(masks).toContain(`::add-mask::${key.pem.trim().replace(/\n/g, '%0A')}`);
        const firstOther = run.stdout
          .split('\n')
          .findIndex((line) => line !== '' && !line.startsWith('::add-mask::'));
        const lastMask = run.stdout.split('\n').findLastIndex((line) => line.startsWith('::add-mask::'));
        expect(lastMask).toBeLessThan(firstOther);
      }
    },
  );
});

/** Runs `node dist/cli/index.js build-signature` under Node 24 as a GitLab job would. */
function runCli(workspace: string, env: Record<string, string>) {
  const run = spawnSync(NODE24, [join(ROOT, 'dist/cli/index.js'), 'build-signature'], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: workspace,
      GITLAB_CI: 'true',
      CI_PROJECT_DIR: workspace,
      CI_SERVER_URL: 'https://gitlab.example.com',
      CI_PROJECT_PATH: 'acme/shop',
      CI_COMMIT_SHA: SHA,
      CI_COMMIT_BRANCH: 'main',
      CI_PIPELINE_ID: '77',
      CI_JOB_ID: '991',
      CI_RUNNER_ID: '12',
      GITLAB_USER_LOGIN: 'release-bot',
      ...env,
    },
    encoding: 'utf8',
    timeout: 25_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dist/cli/index.js build-signature (key from HANDS_OFF_KEY, as the GitLab component passes it)', () => {
  it.each(KEYS.map((key): [string, SecretKey] => [key.kind, key]))(
    'the private key (%s) never appears: not in stdout, stderr, the dotenv report, the summary, the decision log or the signature files',
    (_kind, key) => {
      const dir = workspace();
      const snapshots: Record<string, string> = {};
      const runs: ReturnType<typeof runCli>[] = [];
      for (const env of [
        // The CLI's report directory is hands-off/, or the step's output-dir when that is given.
        { HANDS_OFF_KEY: key.pem, HANDS_OFF_SUBJECT_PATH: 'dist', HANDS_OFF_ARCHIVE: 'true' },
        { HANDS_OFF_KEY: key.pem, HANDS_OFF_SUBJECT_PATH: 'dist/app.js', HANDS_OFF_OUTPUT_DIR: 'signed' },
        {
          HANDS_OFF_MODE: 'verify',
          HANDS_OFF_BUNDLE: 'signed/app.js.sigstore.json',
          HANDS_OFF_PUBLIC_KEY: 'signed/public-key.pem',
          HANDS_OFF_EXPECT_REPOSITORY: 'acme/shop',
          HANDS_OFF_EXPECT_REF: 'refs/heads/main',
          HANDS_OFF_EXPECT_COMMIT: SHA,
          HANDS_OFF_EXPECT_BUILDER: 'https://gitlab.example.com/acme/shop/-/runners/12',
        },
        { HANDS_OFF_MODE: 'verify', HANDS_OFF_KEY: key.pem, HANDS_OFF_BUNDLE: 'signed/app.js.sigstore.json' },
        { HANDS_OFF_KEY: key.pem, HANDS_OFF_SUBJECT_PATH: 'missing' },
        { HANDS_OFF_KEY: key.pem, HANDS_OFF_SUBJECT_PATH: 'dist', HANDS_OFF_KMS_KEY_ID: 'alias/release' },
      ] as Record<string, string>[]) {
        runs.push(runCli(dir, env));
        for (const [path, text] of Object.entries({
          ...filesUnder(join(dir, 'hands-off')),
          ...filesUnder(join(dir, '.hands-off')),
          ...filesUnder(join(dir, 'signed')),
        })) {
          snapshots[`${path} after run ${runs.length - 1}`] = text;
        }
      }
      expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 1, 1, 1]);
      expect(snapshots[`${join(dir, 'hands-off/build-signature.env')} after run 0`]).toMatch(
        /^BUILD_SIGNATURE_DIGEST=sha256:[0-9a-f]{64}\nBUILD_SIGNATURE_STATEMENT_PATH=\.hands-off\/signature\/statement\.json\n/,
      );
      expect(snapshots[`${join(dir, 'signed/build-signature.env')} after run 1`]).toContain(
        `BUILD_SIGNATURE_PUBLIC_KEY_ID=${key.keyid}\n`,
      );
      expect(snapshots[`${join(dir, 'hands-off/build-signature.env')} after run 2`]).toContain(
        'BUILD_SIGNATURE_VERIFIED=true\n',
      );
      const texts: Record<string, string> = {
        ...Object.fromEntries(
          runs.flatMap((run, index) => [
            [`run ${index} stdout`, run.stdout],
            [`run ${index} stderr`, run.stderr],
          ]),
        ),
        ...snapshots,
      };
      expect(Object.keys(texts)).toEqual(
        expect.arrayContaining([
          `${join(dir, 'hands-off/build-signature-summary.md')} after run 0`,
          `${join(dir, 'hands-off/decision-log.jsonl')} after run 2`,
          `${join(dir, 'signed/decision-log.jsonl')} after run 1`,
          `${join(dir, '.hands-off/signature/statement.json')} after run 0`,
        ]),
      );
      const statement = JSON.parse(
        texts[`${join(dir, '.hands-off/signature/statement.json')} after run 0`] as string,
      );
      expect(statement.predicate.runDetails.builder.id).toBe(
        'https://gitlab.example.com/acme/shop/-/runners/12',
      );
      // The search finds each form (a leak would not go unseen), and none is in what the runs left.
      expect(leaks(key, { probe: key.forms.join(' ') })).toHaveLength(key.forms.length);
      expect(leaks(key, texts)).toEqual([]);
    },
  );
});
