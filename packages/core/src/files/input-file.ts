import { constants, type ReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Size limits of the files the steps read, documented in the README (Files the steps read). */
export const FILE_LIMITS = {
  /** The config file (`.github/hands-off.yml`). */
  config: 4 * 1024 * 1024,
  /** One iCalendar file of `calendars`. */
  calendar: 8 * 1024 * 1024,
  /** The command target's state file. */
  stateFile: 4 * 1024 * 1024,
  /** The bake checkpoint. */
  checkpoint: 4 * 1024 * 1024,
  /** A CodeDeploy revision file (`revision: file:...`). */
  revision: 1024 * 1024,
  /** A signature to verify: a Sigstore bundle or a DSSE envelope (100,000 subjects fit). */
  signature: 32 * 1024 * 1024,
  /** A public-key file (PEM), or a predicate file for build-signature. */
  publicKey: 64 * 1024,
  predicate: 4 * 1024 * 1024,
} as const;

/** Why a file could not be used as an input: the caller turns it into its own error type. */
export class InputFileProblem extends Error {
  /** `missing` lets callers treat an absent file as "first run". */
  readonly kind: 'missing' | 'not-regular' | 'too-large' | 'unreadable';

  constructor(kind: InputFileProblem['kind'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputFileProblem';
    this.kind = kind;
  }
}

/**
 * Opens `path` for reading only if it is a regular file (symlinks to one are fine). Opened with
 * O_NONBLOCK and checked on the open handle, not by a stat before it: a FIFO never blocks the
 * open, and nothing can be swapped in between the check and the read.
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new InputFileProblem('missing', 'does not exist', { cause: error });
    throw new InputFileProblem('unreadable', `cannot be opened (${code ?? 'error'})`, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new InputFileProblem('not-regular', `is not a regular file (${fileKind(stats)})`);
    }
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. Devices, FIFOs, sockets and directories are
 * refused before any byte is read; so is a file over the limit, and one that grows past it while
 * being read (the read never takes more than `maxBytes + 1` bytes).
 */
export async function readInputFile(path: string, maxBytes: number): Promise<string> {
  const { handle, size } = await openRegularFile(path);
  try {
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(length, maxBytes);
        break;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge(length, maxBytes);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof InputFileProblem) throw error;
    throw new InputFileProblem('unreadable', `cannot be read (${describeCode(error)})`, { cause: error });
  } finally {
    await handle.close();
  }
}

/** A read stream over a regular file (for hashing large artifacts): FIFOs and devices refused first. */
export async function streamRegularFile(path: string, chunkBytes: number): Promise<ReadStream> {
  const { handle } = await openRegularFile(path);
  return handle.createReadStream({ highWaterMark: chunkBytes, autoClose: true });
}

/** `1.5 MiB`, `512 KiB`: sizes in error lines. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function tooLarge(size: number, maxBytes: number): InputFileProblem {
  return new InputFileProblem(
    'too-large',
    `is larger than the ${formatBytes(maxBytes)} limit (${size > maxBytes ? `at least ${formatBytes(size)}` : 'grew while read'})`,
  );
}

function fileKind(stats: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function describeCode(error: unknown): string {
  return (error as { code?: string }).code ?? (error as Error).message ?? String(error);
}
