import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildSignatureStep, ExitCode, runStep } from '@hands-off/core';
import { preAuthEncoding } from '../../packages/core/src/signature/dsse.js';
import { memoryRuntime } from '../support/memory-runtime.js';
import {
  opensslKeyPair,
  opensslSucceeds,
  requireOpenssl,
  tempDir,
  type OpensslKeyPair,
} from '../support/openssl.js';
import { requireTool } from '../support/require-tool.js';

const GITHUB_BUILD = {
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

/** A workspace with a small build tree and a P-256 key made by openssl (outside the tree). */
function workspace(): { dir: string; keys: OpensslKeyPair } {
  const dir = tempDir('sign-ws');
  mkdirSync(join(dir, 'dist/assets'), { recursive: true });
  writeFileSync(join(dir, 'dist/app.js'), 'console.log("v2");\n');
  writeFileSync(join(dir, 'dist/assets/logo.svg'), '<svg/>\n');
  writeFileSync(join(dir, 'dist/run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  const keyDir = tempDir('sign-keys');
  return {
    dir,
    keys: { ...opensslKeyPair(keyDir, 'p256-pkcs8'), pubFile: join(keyDir, 'p256-pkcs8.pub.pem') },
  };
}

async function sign(dir: string, inputs: Record<string, string>) {
  const runtime = memoryRuntime(inputs, { workspace: dir, platform: 'github', build: GITHUB_BUILD });
  const code = await runStep(buildSignatureStep(), runtime);
  return { code, runtime };
}

describe('build-signature sign, judged by sha256sum, openssl and the verify mode', () => {
  beforeAll(() => {
    requireOpenssl();
    requireTool('sha256sum', ['--version'], 'apt-get install -y coreutils');
  });

  it('signs a directory: SHA256SUMS passes sha256sum -c from the workspace, openssl verifies the envelope', async () => {
    const { dir, keys } = workspace();
    const { code, runtime } = await sign(dir, { 'subject-path': 'dist', key: keys.privatePem });
    expect(runtime.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
    const out = join(dir, '.hands-off/signature');
    expect(readdirSync(out).sort()).toEqual(
      [
        'SHA256SUMS',
        'public-key.pem',
        'statement.json',
        'subjects.intoto.jsonl',
        'subjects.sigstore.json',
      ].sort(),
    );
    execFileSync('sha256sum', ['--strict', '-c', '.hands-off/signature/SHA256SUMS'], { cwd: dir });
    const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
    expect(sums).toContain('  dist/assets/logo.svg\n');

    const envelope = JSON.parse(readFileSync(join(out, 'subjects.intoto.jsonl'), 'utf8')) as {
      payload: string;
      payloadType: string;
      signatures: { keyid: string; sig: string }[];
    };
    const payload = Buffer.from(envelope.payload, 'base64');
    writeFileSync(join(dir, 'pae.bin'), preAuthEncoding(envelope.payloadType, payload));
    writeFileSync(join(dir, 'sig.der'), Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64'));
    const verdict = opensslSucceeds(
      ['dgst', '-sha256', '-verify', keys.pubFile, '-signature', 'sig.der', 'pae.bin'],
      dir,
    );
    expect(verdict).toEqual({ ok: true, output: 'Verified OK' });
    const keyid = execFileSync('sh', [
      '-c',
      `openssl pkey -pubin -in '${keys.pubFile}' -outform DER | sha256sum`,
    ])
      .toString()
      .split(' ')[0];
    expect(envelope.signatures[0]?.keyid).toBe(keyid);
    expect(runtime.outputs.get('public-key-id')).toBe(keyid);

    const statement = JSON.parse(payload.toString('utf8')) as {
      subject: { name: string }[];
      predicate: { runDetails: { builder: { id: string } } };
    };
    expect(statement.subject.map((subject) => subject.name)).toEqual([
      'dist/app.js',
      'dist/assets/logo.svg',
      'dist/run.sh',
    ]);
    expect(statement.predicate.runDetails.builder.id).toBe(GITHUB_BUILD.builderId);
    expect(runtime.outputs.get('digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(runtime.outputs.get('envelope-path')).toBe('.hands-off/signature/subjects.intoto.jsonl');

    // The verify mode accepts it with the policies the provenance meets, and names the failing check otherwise.
    const good = await sign(dir, {
      mode: 'verify',
      bundle: '.hands-off/signature/subjects.sigstore.json',
      'public-key': keys.pubFile,
      'subject-path': 'dist',
      'expect-repository': 'acme/shop',
      'expect-ref': 'refs/heads/main',
      'expect-commit': GITHUB_BUILD.commit,
    });
    expect(good.runtime.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(good.code).toBe(ExitCode.Ok);
    expect(good.runtime.outputs.get('verified')).toBe('true');
    expect(good.runtime.outputs.get('signers')).toBe(keyid);

    writeFileSync(join(dir, 'dist/app.js'), 'console.log("v3");\n');
    const tampered = await sign(dir, {
      mode: 'verify',
      envelope: '.hands-off/signature/subjects.intoto.jsonl',
      'public-key': keys.publicPem,
    });
    expect(tampered.code).toBe(ExitCode.Refused);
    expect(tampered.runtime.outputs.get('verified')).toBe('false');
    expect(tampered.runtime.lines.at(-1)?.text).toMatch(
      /^build-signature: not verified \(digest: dist\/app\.js\): /,
    );
  });

  it('packs a directory into a reproducible archive with `archive: true` and signs the archive', async () => {
    const { dir, keys } = workspace();
    const { code, runtime } = await sign(dir, {
      'subject-path': 'dist',
      archive: 'true',
      key: keys.privatePem,
    });
    expect(code).toBe(ExitCode.Ok);
    const archiveSum = execFileSync('sha256sum', ['.hands-off/signature/dist.tar.gz'], { cwd: dir })
      .toString()
      .split(' ')[0];
    expect(runtime.outputs.get('digest')).toBe(`sha256:${archiveSum}`);
    expect(runtime.outputs.get('bundle-path')).toBe('.hands-off/signature/dist.tar.gz.sigstore.json');
    execFileSync('sha256sum', ['--strict', '-c', '.hands-off/signature/SHA256SUMS'], { cwd: dir });
    const listing = execFileSync('tar', ['-tvzf', '.hands-off/signature/dist.tar.gz'], {
      cwd: dir,
    }).toString();
    expect(listing).toMatch(/-rwxr-xr-x 0\/0 .* run\.sh/);
  });

  it('refuses an output-dir that leads outside the workspace through a symlink, and writes nothing there', async () => {
    const { dir, keys } = workspace();
    const outside = tempDir('sign-outside');
    symlinkSync(outside, join(dir, 'out'));
    const { code, runtime } = await sign(dir, {
      'subject-path': 'dist',
      key: keys.privatePem,
      'output-dir': 'out/sig',
    });
    expect(code).toBe(ExitCode.Error);
    expect(runtime.lines.filter((line) => line.level === 'error').map((line) => line.text)).toEqual([
      expect.stringMatching(
        /^build-signature: input `output-dir`: `out\/sig` leads outside the workspace through a symlink/,
      ),
    ]);
    expect(readdirSync(outside)).toEqual([]);
  });
});
