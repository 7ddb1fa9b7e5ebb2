import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { InputError } from '../../packages/core/src/errors.js';
import { InputFileProblem } from '../../packages/core/src/files/input-file.js';
import {
  checkSubjects,
  digestFiles,
  HASH_CHUNK_BYTES,
  sha256File,
  sha256sumsText,
} from '../../packages/core/src/signature/digests.js';
import { buildStatement, SLSA_PROVENANCE_V1 } from '../../packages/core/src/signature/in-toto.js';
import { requireTool } from '../support/require-tool.js';
import { tempDir } from '../support/openssl.js';

let dir: string;

beforeAll(() => {
  requireTool('sha256sum', ['--version'], 'apt-get install -y coreutils');
  dir = tempDir('digests');
  mkdirSync(join(dir, 'dist'));
  // Larger than one chunk and not a multiple of it, so the last partial read counts.
  const big = Buffer.alloc(3 * HASH_CHUNK_BYTES + 7);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
  writeFileSync(join(dir, 'dist/app.tar.gz'), big);
  writeFileSync(join(dir, 'dist/empty.txt'), '');
  writeFileSync(join(dir, 'dist/a name with spaces.txt'), 'hello\n');
  writeFileSync(join(dir, 'Zeta.bin'), 'zeta');
});

const names = ['dist/app.tar.gz', 'dist/empty.txt', 'dist/a name with spaces.txt', 'Zeta.bin'];

function sha256sumOf(name: string): string {
  return execFileSync('sha256sum', ['--', name], { cwd: dir }).toString().split(' ')[0] ?? '';
}

describe('sha256File', () => {
  it('equals sha256sum for a multi-chunk, an empty and a small file', async () => {
    for (const name of names) expect(await sha256File(join(dir, name))).toBe(sha256sumOf(name));
  });

  it('refuses a directory before reading', async () => {
    await expect(sha256File(join(dir, 'dist'))).rejects.toBeInstanceOf(InputFileProblem);
  });
});

describe('sha256sumsText', () => {
  it('writes a file that sha256sum -c checks, sorted by name in byte order', async () => {
    const subjects = await digestFiles(names.map((name) => ({ name, path: join(dir, name) })));
    const text = sha256sumsText(subjects);
    expect(text.split('\n').map((line) => line.slice(66))).toEqual([
      'Zeta.bin',
      'dist/a name with spaces.txt',
      'dist/app.tar.gz',
      'dist/empty.txt',
      '',
    ]);
    writeFileSync(join(dir, 'SHA256SUMS'), text);
    const check = spawnSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('writes what sha256sum itself writes', async () => {
    const subjects = await digestFiles(names.map((name) => ({ name, path: join(dir, name) })));
    const sorted = [...names].sort();
    expect(sha256sumsText(subjects)).toBe(
      execFileSync('sha256sum', ['--', ...sorted], { cwd: dir }).toString(),
    );
  });

  it('refuses names sha256sum would escape rather than write them differently', () => {
    for (const name of ['a\nb', 'a\\b', 'a\rb', '']) {
      expect(() => sha256sumsText([{ name, sha256: 'a'.repeat(64) }])).toThrow(InputError);
    }
    expect(() => sha256sumsText([{ name: 'x', sha256: 'A'.repeat(64) }])).toThrow(/not 64 lowercase hex/);
  });
});

describe('checkSubjects', () => {
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  const statement = buildStatement(
    [
      { name: 'app.tar.gz', sha256: a },
      { name: 'sbom.json', sha256: b },
    ],
    SLSA_PROVENANCE_V1,
    {},
  );

  it('accepts exactly the signed names and digests, in any order', () => {
    expect(
      checkSubjects(statement, [
        { name: 'sbom.json', sha256: b },
        { name: 'app.tar.gz', sha256: a },
      ]),
    ).toEqual({ ok: true });
  });

  it('names a mismatched digest, a missing file and an extra file', () => {
    expect(
      checkSubjects(statement, [
        { name: 'app.tar.gz', sha256: b },
        { name: 'evil.sh', sha256: a },
      ]),
    ).toEqual({
      ok: false,
      missing: ['sbom.json'],
      extra: ['evil.sh'],
      mismatched: ['app.tar.gz'],
      reason:
        '`app.tar.gz` has a different sha256 than signed; `sbom.json` is signed but missing; ' +
        '`evil.sh` is not in the signed statement',
    });
  });

  it('treats a subject with no sha256 digest as a mismatch', () => {
    const sha512Only = {
      ...statement,
      subject: [{ name: 'app.tar.gz', digest: { sha512: 'c'.repeat(128) } }],
    };
    const result = checkSubjects(sha512Only, [{ name: 'app.tar.gz', sha256: a }]);
    expect(result.ok === false && result.mismatched).toEqual(['app.tar.gz']);
  });

  it('treats a name signed twice with different digests as a mismatch', () => {
    const twice = {
      ...statement,
      subject: [
        { name: 'app.tar.gz', digest: { sha256: a } },
        { name: 'app.tar.gz', digest: { sha256: b } },
      ],
    };
    for (const sha256 of [a, b]) {
      const result = checkSubjects(twice, [{ name: 'app.tar.gz', sha256 }]);
      expect(result.ok === false && result.mismatched).toEqual(['app.tar.gz']);
    }
  });
});
