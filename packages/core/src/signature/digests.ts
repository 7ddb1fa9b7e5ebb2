import { createHash } from 'node:crypto';
import { InputError, quoteValue } from '../errors.js';
import { openRegularFile } from '../files/input-file.js';
import { compareNames, type InTotoStatement, type Subject } from './in-toto.js';

/** Read size while hashing: large reads keep syscalls few; memory stays this size whatever the file. */
export const HASH_CHUNK_BYTES = 1024 * 1024;

/**
 * SHA-256 of a regular file as lowercase hex, read in 1 MiB chunks into one reused buffer
 * (constant memory; a file smaller than that gets a buffer of its size, at least 64 KiB).
 * FIFOs, devices and directories are refused with an InputFileProblem before any byte is read.
 * Reads go straight into the hash, not through a stream pipeline into the Hash transform, which
 * ran at about half of `openssl dgst`'s speed (bench/signature.ts).
 */
export async function sha256File(path: string): Promise<string> {
  const { handle, size } = await openRegularFile(path);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(HASH_CHUNK_BYTES, Math.max(size, 64 * 1024)));
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** Hashes files one after another (one chunk in memory at a time) into subjects named `name`. */
export async function digestFiles(files: readonly { name: string; path: string }[]): Promise<Subject[]> {
  const subjects: Subject[] = [];
  for (const { name, path } of files) subjects.push({ name, sha256: await sha256File(path) });
  return subjects;
}

/**
 * The `sha256sum` text for `subjects`: `<hex>  <name>\n` per subject, sorted by name in byte
 * order, so `sha256sum -c` checks it. Names that sha256sum would escape (backslash, CR, LF) are
 * refused with an InputError for `input` rather than written in a form other tools misread.
 */
export function sha256sumsText(subjects: readonly Subject[], input = 'subjects'): string {
  for (const { name, sha256 } of subjects) {
    if (name === '' || /[\\\r\n]/.test(name) || name.includes('\0')) {
      throw new InputError(
        input,
        `file name ${quoteValue(name)} is empty or has a backslash or line break`,
        '`dist/app.tar.gz`',
      );
    }
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      throw new InputError(
        input,
        `digest of ${quoteValue(name)} is not 64 lowercase hex digits`,
        '`e3b0c442…`',
      );
    }
  }
  return [...subjects]
    .sort((a, b) => compareNames(a.name, b.name))
    .map(({ name, sha256 }) => `${sha256}  ${name}\n`)
    .join('');
}

/** Whether the files match a statement's subjects exactly, and if not which names do not. */
export type SubjectCheck =
  { ok: true } | { ok: false; missing: string[]; extra: string[]; mismatched: string[]; reason: string };

/**
 * Requires the statement's subjects and `files` to be the same set of names with the same
 * SHA-256: a subject with no file is `missing`, a file no subject names is `extra`, a different or
 * absent sha256 digest (or a name listed twice with different digests) is `mismatched`.
 */
export function checkSubjects(statement: InTotoStatement, files: readonly Subject[]): SubjectCheck {
  const signed = new Map<string, string | null>();
  const mismatched = new Set<string>();
  for (const { name, digest } of statement.subject) {
    const sha256 = typeof digest.sha256 === 'string' ? digest.sha256 : null;
    if (signed.has(name) && signed.get(name) !== sha256) mismatched.add(name);
    signed.set(name, sha256);
  }
  const actual = new Map<string, string>();
  for (const { name, sha256 } of files) {
    if (actual.has(name) && actual.get(name) !== sha256) mismatched.add(name);
    actual.set(name, sha256);
  }
  const missing = [...signed.keys()].filter((name) => !actual.has(name)).sort(compareNames);
  const extra = [...actual.keys()].filter((name) => !signed.has(name)).sort(compareNames);
  for (const [name, sha256] of actual) {
    // A subject without a sha256 digest (null) never matches.
    if (signed.has(name) && signed.get(name) !== sha256) mismatched.add(name);
  }
  const mismatchedList = [...mismatched].sort(compareNames);
  if (missing.length === 0 && extra.length === 0 && mismatchedList.length === 0) return { ok: true };
  const parts = [
    ...mismatchedList.map((name) => `${quoteValue(name)} has a different sha256 than signed`),
    ...missing.map((name) => `${quoteValue(name)} is signed but missing`),
    ...extra.map((name) => `${quoteValue(name)} is not in the signed statement`),
  ];
  const shown = parts.slice(0, 5).join('; ');
  const more = parts.length > 5 ? `; and ${parts.length - 5} more` : '';
  return { ok: false, missing, extra, mismatched: mismatchedList, reason: `${shown}${more}` };
}
