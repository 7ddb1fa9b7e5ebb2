import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import {
  ARCHIVE_MTIME,
  ArchiveProblem,
  createReproducibleArchive,
} from '../../packages/core/src/signature/archive.js';
import { requireTool } from '../support/require-tool.js';
import { ROOT } from '../support/run-action.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'archive');
const work = mkdtempSync(join(tmpdir(), 'hands-off-archive-'));
let counter = 0;

function freshDir(label: string): string {
  const dir = join(work, `${label}-${++counter}`);
  mkdirSync(dir);
  return dir;
}

function requireTar(): void {
  requireTool('tar', ['--version'], 'install GNU tar (apt-get install tar)');
}

/** `tar -tvzf` lines, in UTC so the fixed date reads the same everywhere. */
function listing(archive: string): string[] {
  return execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } })
    .trimEnd()
    .split('\n');
}

/** Files as `path -> content` (symlinks as `-> target`), read back for comparison. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    const stats = lstatSync(join(dir, rel));
    if (stats.isSymbolicLink()) out[rel] = `-> ${readlinkSync(join(dir, rel))}`;
    else if (stats.isDirectory()) Object.assign(out, { [`${rel}/`]: 'dir' }, snapshot(dir, rel));
    else out[rel] = readFileSync(join(dir, rel), 'latin1');
  }
  return out;
}

async function problemOf(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ArchiveProblem) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected an ArchiveProblem');
}

interface Variant {
  order: 'forward' | 'reverse';
  fileMode: number;
  execMode: number;
  dirMode: number;
  time: Date;
  owner?: number;
}

/** The same tree (names, bytes, exec bits, a symlink, an empty dir) laid down in different ways. */
function buildTree(variant: Variant): string {
  const dir = freshDir('variant');
  const steps: (() => void)[] = [
    () => mkdirSync(join(dir, 'bin'), { recursive: true }),
    () => mkdirSync(join(dir, 'empty'), { recursive: true }),
    () => mkdirSync(join(dir, 'lib', 'deep'), { recursive: true }),
  ];
  const files: [string, string, boolean][] = [
    ['bin/run', '#!/bin/sh\necho run\n', true],
    ['lib/deep/data.bin', '\u0000\u0001\u00ff binary', false],
    ['lib/index.js', 'export {};\n', false],
    ['README', 'readme\n', false],
  ];
  for (const step of variant.order === 'forward' ? steps : [...steps].reverse()) step();
  for (const [rel, content, exec] of variant.order === 'forward' ? files : [...files].reverse()) {
    writeFileSync(join(dir, rel), content, 'latin1');
    chmodSync(join(dir, rel), exec ? variant.execMode : variant.fileMode);
  }
  symlinkSync('../README', join(dir, 'lib', 'readme-link'));
  for (const rel of ['bin', 'empty', 'lib', 'lib/deep']) chmodSync(join(dir, rel), variant.dirMode);
  for (const rel of [
    'bin/run',
    'lib/deep/data.bin',
    'lib/index.js',
    'README',
    'bin',
    'empty',
    'lib/deep',
    'lib',
  ]) {
    utimesSync(join(dir, rel), variant.time, variant.time);
    if (variant.owner !== undefined) chownSync(join(dir, rel), variant.owner, variant.owner);
  }
  return dir;
}

const isRoot = process.getuid?.() === 0;

describe('createReproducibleArchive', () => {
  it('lists normalised entries: sorted names, fixed date, owner 0/0, modes 0644 and 0755', async () => {
    requireTar();
    const dir = buildTree({
      order: 'forward',
      fileMode: 0o600,
      execMode: 0o700,
      dirMode: 0o700,
      time: new Date(),
    });
    const out = join(work, 'listing.tar.gz');
    const result = await createReproducibleArchive(dir, out);
    expect(result.entries).toBe(9);
    expect(result.bytes).toBe(readFileSync(out).length);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    const lines = listing(out).map((line) => line.replace(/ +/g, ' '));
    expect(lines).toEqual([
      '-rw-r--r-- 0/0 7 1980-01-01 00:00 README',
      'drwxr-xr-x 0/0 0 1980-01-01 00:00 bin/',
      '-rwxr-xr-x 0/0 19 1980-01-01 00:00 bin/run',
      'drwxr-xr-x 0/0 0 1980-01-01 00:00 empty/',
      'drwxr-xr-x 0/0 0 1980-01-01 00:00 lib/',
      'drwxr-xr-x 0/0 0 1980-01-01 00:00 lib/deep/',
      '-rw-r--r-- 0/0 10 1980-01-01 00:00 lib/deep/data.bin',
      '-rw-r--r-- 0/0 11 1980-01-01 00:00 lib/index.js',
      'lrwxr-xr-x 0/0 0 1980-01-01 00:00 lib/readme-link -> ../README',
    ]);
  });

  it('gives the same sha256 whatever the mtimes, modes, owners and creation order', async () => {
    const a = buildTree({
      order: 'forward',
      fileMode: 0o600,
      execMode: 0o700,
      dirMode: 0o700,
      time: new Date('2001-02-03T04:05:06Z'),
    });
    const b = buildTree({
      order: 'reverse',
      fileMode: 0o664,
      execMode: 0o775,
      dirMode: 0o775,
      time: new Date('2026-11-30T23:59:59Z'),
      ...(isRoot ? { owner: 4321 } : {}),
    });
    const first = await createReproducibleArchive(a, join(work, 'a.tar.gz'));
    const second = await createReproducibleArchive(b, join(work, 'b.tar.gz'));
    expect(second).toEqual(first);
    expect(readFileSync(join(work, 'b.tar.gz')).equals(readFileSync(join(work, 'a.tar.gz')))).toBe(true);
  });

  it('changes the sha256 when an exec bit or a byte changes', async () => {
    const base = buildTree({
      order: 'forward',
      fileMode: 0o644,
      execMode: 0o755,
      dirMode: 0o755,
      time: new Date(),
    });
    const { sha256 } = await createReproducibleArchive(base, join(work, 'base.tar.gz'));
    chmodSync(join(base, 'README'), 0o744);
    const execChanged = await createReproducibleArchive(base, join(work, 'exec.tar.gz'));
    expect(execChanged.sha256).not.toBe(sha256);
    chmodSync(join(base, 'README'), 0o644);
    writeFileSync(join(base, 'README'), 'readme!');
    const byteChanged = await createReproducibleArchive(base, join(work, 'byte.tar.gz'));
    expect(byteChanged.sha256).not.toBe(sha256);
  });

  it('extracts with tar to the original bytes, symlinks and empty directories', async () => {
    requireTar();
    const dir = buildTree({
      order: 'forward',
      fileMode: 0o644,
      execMode: 0o755,
      dirMode: 0o755,
      time: new Date(),
    });
    const out = join(work, 'extract.tar.gz');
    await createReproducibleArchive(dir, out);
    const into = freshDir('extracted');
    execFileSync('tar', ['-xzf', out, '-C', into]);
    expect(snapshot(into)).toEqual(snapshot(dir));
    expect(lstatSync(join(into, 'bin', 'run')).mode & 0o777).toBe(0o755);
  });

  it('writes a gzip header with mtime 0, no file name and OS byte 255', async () => {
    const dir = buildTree({
      order: 'forward',
      fileMode: 0o644,
      execMode: 0o755,
      dirMode: 0o755,
      time: new Date(),
    });
    const out = join(work, 'header.tar.gz');
    await createReproducibleArchive(dir, out);
    // ID1 ID2 CM=deflate FLG=0 (no name, no comment, no extra) MTIME=0 XFL=0 OS=255 (unknown).
    expect(readFileSync(out).subarray(0, 10).toString('hex')).toBe('1f8b08000000000000ff');
  });

  it('orders siblings by UTF-8 bytes, parents before children', async () => {
    requireTar();
    const dir = freshDir('order');
    for (const name of ['é', 'a-b', 'B', 'z']) writeFileSync(join(dir, name), name);
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'b'), 'b');
    const out = join(work, 'order.tar.gz');
    await createReproducibleArchive(dir, out);
    expect(execFileSync('tar', ['-tzf', out], { encoding: 'utf8' }).trimEnd().split('\n')).toEqual([
      'B',
      'a/',
      'a/b',
      'a-b',
      'z',
      'é',
    ]);
  });

  it('writes a long name as a pax header holding only path, fixed mtime and size', async () => {
    requireTar();
    const dir = freshDir('long');
    const long = `${'d'.repeat(60)}/${'f'.repeat(120)}.txt`;
    mkdirSync(join(dir, 'd'.repeat(60)));
    writeFileSync(join(dir, long), 'long\n');
    const out = join(work, 'long.tar.gz');
    await createReproducibleArchive(dir, out);
    const raw = gunzipSync(readFileSync(out)).toString('latin1');
    const keys = [...raw.matchAll(/\d+ ([A-Za-z.]+)=/g)].map((match) => match[1]);
    expect(keys).toEqual(['path', 'mtime', 'size']);
    expect(raw).toContain(`path=${long}\n`);
    expect(raw).toContain(`mtime=${ARCHIVE_MTIME.getTime() / 1000}\n`);
    expect(execFileSync('tar', ['-tzf', out], { encoding: 'utf8' }).trimEnd().split('\n')).toEqual([
      `${'d'.repeat(60)}/`,
      long,
    ]);
  });

  it('stores hard-linked files in full, as a copy of the tree would', async () => {
    const linked = freshDir('hardlink');
    writeFileSync(join(linked, 'one'), 'same bytes\n');
    linkSync(join(linked, 'one'), join(linked, 'two'));
    const copied = freshDir('copied');
    writeFileSync(join(copied, 'one'), 'same bytes\n');
    writeFileSync(join(copied, 'two'), 'same bytes\n');
    const a = await createReproducibleArchive(linked, join(work, 'linked.tar.gz'));
    const b = await createReproducibleArchive(copied, join(work, 'copied.tar.gz'));
    expect(a.sha256).toBe(b.sha256);
  });

  it('matches the digest committed for test/fixtures/archive/tree', async () => {
    const dir = freshDir('fixture');
    cpSync(join(FIXTURE, 'tree'), dir, { recursive: true });
    // Git keeps only the exec bit: set every mode so the checkout's umask cannot matter either way.
    for (const rel of ['README.md', 'config/app.json', 'server.js']) chmodSync(join(dir, rel), 0o644);
    chmodSync(join(dir, 'bin', 'start.sh'), 0o755);
    const expected = readFileSync(join(FIXTURE, 'expected-sha256'), 'utf8').trim();
    const { sha256, entries } = await createReproducibleArchive(dir, join(work, 'fixture.tar.gz'));
    expect({ sha256, entries }).toEqual({ sha256: expected, entries: 6 });
  });

  it('refuses a FIFO with one line naming it', async () => {
    const dir = freshDir('fifo');
    mkdirSync(join(dir, 'run'));
    execFileSync('mkfifo', [join(dir, 'run', 'pipe')]);
    const out = join(work, 'fifo.tar.gz');
    expect(await problemOf(createReproducibleArchive(dir, out))).toEqual({
      kind: 'unsupported',
      message: '`run/pipe` is a FIFO: only files, directories and symlinks within the directory are archived',
    });
  });

  it('refuses a symlink pointing outside the directory, absolute or relative, or dangling', async () => {
    const cases: [string, string][] = [
      ['/etc/passwd', 'an absolute path'],
      ['../../outside', 'outside the directory'],
      ['missing', 'which does not resolve (ENOENT)'],
    ];
    writeFileSync(join(work, 'outside'), 'secret');
    for (const [target, why] of cases) {
      const dir = freshDir('symlink');
      mkdirSync(join(dir, 'sub'));
      symlinkSync(target, join(dir, 'sub', 'link'));
      const problem = await problemOf(createReproducibleArchive(dir, join(work, 'symlink.tar.gz')));
      expect(problem).toEqual({
        kind: 'unsupported',
        message: `\`sub/link\` is a symlink to \`${target}\`, ${why}: only symlinks within the directory are archived`,
      });
      expect(problem.message).not.toContain('\n');
    }
  });

  it('refuses a symlink that escapes through another symlink', async () => {
    const dir = freshDir('escape');
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    symlinkSync('sub/up/..', join(dir, 'x'));
    expect((await problemOf(createReproducibleArchive(dir, join(work, 'escape.tar.gz')))).message).toContain(
      'outside the directory',
    );
  });

  it('refuses a path that is not a directory and an archive inside the directory', async () => {
    const file = join(work, 'plain-file');
    writeFileSync(file, 'x');
    expect(await problemOf(createReproducibleArchive(file, join(work, 'x.tar.gz')))).toEqual({
      kind: 'not-a-directory',
      message: `\`${file}\` is not a directory`,
    });
    const dir = freshDir('self');
    expect((await problemOf(createReproducibleArchive(dir, join(dir, 'self.tar.gz')))).message).toContain(
      'would be inside',
    );
  });

  it('uses 1980-01-01 as the fixed mtime', () => {
    expect(ARCHIVE_MTIME.toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });
});
