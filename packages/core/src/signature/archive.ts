import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { create, type WriteEntry } from 'tar';
import { quoteValue } from '../errors.js';
import { streamRegularFile } from '../files/input-file.js';

/**
 * The mtime of every entry. Fixed rather than taken from SOURCE_DATE_EPOCH: the digest must be a
 * function of the tree alone, so a verifier rebuilds it with no input but the tree. 1980-01-01 is
 * the earliest date ZIP can store, the value reproducible-build tools settle on (0 reads as "unset").
 */
export const ARCHIVE_MTIME = new Date('1980-01-01T00:00:00Z');

/** Why a directory could not be archived: the caller turns it into its own error type. */
export class ArchiveProblem extends Error {
  /** `unsupported` for FIFOs, sockets, devices and escaping symlinks; `changed` for a tree edited while packed. */
  readonly kind: 'not-a-directory' | 'unsupported' | 'changed';

  constructor(kind: ArchiveProblem['kind'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveProblem';
    this.kind = kind;
  }
}

/** What `createReproducibleArchive` wrote. */
export interface ArchiveResult {
  /** SHA-256 of the `.tar.gz` file, lowercase hex. */
  sha256: string;
  /** Size of the `.tar.gz` file. */
  bytes: number;
  /** Tar entries: files, directories and symlinks below `dir` (the root itself is not one). */
  entries: number;
}

/**
 * Packs `dir` into a `.tar.gz` at `outFile` whose bytes depend only on the tree's names, contents,
 * exec bits and symlink targets. Entries come parent first, siblings sorted by UTF-8 byte order,
 * named relative to `dir` (no `./`); every entry has mtime ARCHIVE_MTIME, empty uid/gid fields
 * (tar's portable mode: GNU tar, bsdtar, Go and Python read them as 0/0), empty owner names, no
 * atime/ctime/dev/ino, and mode 0755 (directories, symlinks, files with any exec bit) or 0644. A
 * pax header appears only for a long name and holds only path, mtime and size. Hard links are stored as separate files. Symlinks are stored as links when their target is
 * relative and resolves inside `dir`; a symlink pointing outside (or dangling), a FIFO, a socket or
 * a device is refused with one line naming it. The gzip header has mtime 0, no name and OS byte
 * 255, so the bytes are the same on every machine running the same zlib (Node bundles its own).
 */
export async function createReproducibleArchive(dir: string, outFile: string): Promise<ArchiveResult> {
  const root = resolve(dir);
  const rootStats = await stat(root).catch((error: unknown) => {
    throw new ArchiveProblem('not-a-directory', `${quoteValue(dir)} cannot be read (${codeOf(error)})`, {
      cause: error,
    });
  });
  if (!rootStats.isDirectory())
    throw new ArchiveProblem('not-a-directory', `${quoteValue(dir)} is not a directory`);
  if (isInside(root, resolve(outFile))) {
    throw new ArchiveProblem(
      'unsupported',
      `the archive ${quoteValue(outFile)} would be inside ${quoteValue(dir)}`,
    );
  }
  const realRoot = await realpath(root);
  const names = await listTree(root, realRoot, '');

  let written = 0;
  await create(
    {
      file: outFile,
      cwd: root,
      gzip: true,
      portable: true,
      mtime: ARCHIVE_MTIME,
      noDirRecurse: true,
      strict: true,
      linkCache: new NoHardLinks(),
      onWriteEntry: (entry) => {
        normaliseEntry(entry);
        written++;
      },
    },
    names,
  );
  if (written !== names.length) {
    throw new ArchiveProblem(
      'changed',
      `${quoteValue(dir)} changed while archived: ${names.length} entries listed, ${written} written`,
    );
  }

  return { ...(await digestOf(outFile)), entries: names.length };
}

/** 0755 for directories, symlinks and files with any exec bit; 0644 otherwise. */
export function normalisedMode(isDirectory: boolean, mode: number): number {
  return isDirectory || (mode & 0o111) !== 0 ? 0o755 : 0o644;
}

/**
 * Fixes an entry just before its header is written: permission bits normalised (file type bits
 * kept), and directories given the fixed mtime too (portable mode would otherwise leave it 0).
 */
function normaliseEntry(entry: WriteEntry): void {
  const stats = entry.stat;
  if (!stats) return;
  const isDirectory = entry.type === 'Directory';
  const linkOrDir = isDirectory || entry.type === 'SymbolicLink';
  stats.mode = (stats.mode & ~0o7777) | normalisedMode(linkOrDir, stats.mode);
  if (isDirectory) entry.noMtime = false;
}

/**
 * Entry names below `root` (relative, `/`-separated), parent before children, siblings in byte
 * order. Checks every entry's type here, before anything is written.
 */
async function listTree(root: string, realRoot: string, prefix: string): Promise<string[]> {
  const names = (await readdir(join(root, prefix))).sort(compareBytes);
  const out: string[] = [];
  for (const name of names) {
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    const absolute = join(root, rel);
    const stats = await lstat(absolute);
    if (stats.isDirectory()) {
      out.push(rel, ...(await listTree(root, realRoot, rel)));
    } else if (stats.isFile()) {
      out.push(rel);
    } else if (stats.isSymbolicLink()) {
      await checkSymlink(absolute, rel, realRoot);
      out.push(rel);
    } else {
      throw new ArchiveProblem(
        'unsupported',
        `${quoteValue(rel)} is ${kindOf(stats)}: only files, directories and symlinks within the directory are archived`,
      );
    }
  }
  return out;
}

/** A symlink is kept only if its target is relative and, resolved now, lies inside the tree. */
async function checkSymlink(absolute: string, rel: string, realRoot: string): Promise<void> {
  const target = await readlink(absolute);
  const refuse = (why: string, cause?: unknown): ArchiveProblem =>
    new ArchiveProblem(
      'unsupported',
      `${quoteValue(rel)} is a symlink to ${quoteValue(target)}, ${why}: only symlinks within the directory are archived`,
      { cause },
    );
  if (isAbsolute(target)) throw refuse('an absolute path');
  let resolved: string;
  try {
    resolved = await realpath(absolute);
  } catch (error) {
    throw refuse(`which does not resolve (${codeOf(error)})`, error);
  }
  if (!isInside(realRoot, resolved)) throw refuse('outside the directory');
}

/** Every file is written in full: tar's hard-link detection would depend on how the tree was copied. */
class NoHardLinks extends Map<`${number}:${number}`, string> {
  override get(): undefined {
    return undefined;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function digestOf(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of await streamRegularFile(path, 1024 * 1024)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a file';
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? String(error);
}
