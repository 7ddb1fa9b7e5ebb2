import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  InputFileProblem,
  readInputFile,
  streamRegularFile,
} from '../../packages/core/src/files/input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'hands-off-input-file-'));

async function problemOf(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputFileProblem) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected an InputFileProblem');
}

describe('readInputFile', () => {
  it('reads a regular file and a symlink to one', async () => {
    const file = join(dir, 'policy.yml');
    writeFileSync(file, 'timezone: UTC\n');
    symlinkSync(file, join(dir, 'link.yml'));
    expect(await readInputFile(file, 1024)).toBe('timezone: UTC\n');
    expect(await readInputFile(join(dir, 'link.yml'), 1024)).toBe('timezone: UTC\n');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await problemOf(readInputFile(fifo, 1024))).toEqual({
      kind: 'not-regular',
      message: 'is not a regular file (a FIFO)',
    });
    expect((await problemOf(streamRegularFile(fifo, 1024))).kind).toBe('not-regular');
  });

  it('refuses /dev/zero and a directory without reading them', async () => {
    expect(await problemOf(readInputFile('/dev/zero', 1024))).toEqual({
      kind: 'not-regular',
      message: 'is not a regular file (a character device)',
    });
    expect((await problemOf(readInputFile(dir, 1024))).message).toBe('is not a regular file (a directory)');
    expect((await problemOf(streamRegularFile('/dev/zero', 1024))).kind).toBe('not-regular');
  });

  it('refuses a file over the limit before reading it (a 1 GiB sparse file)', async () => {
    const big = join(dir, 'big.ics');
    writeFileSync(big, '');
    truncateSync(big, 1024 ** 3);
    const before = process.memoryUsage().rss;
    expect(await problemOf(readInputFile(big, 4 * 1024 * 1024))).toEqual({
      kind: 'too-large',
      message: 'is larger than the 4 MiB limit (at least 1024 MiB)',
    });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('says a missing file is missing', async () => {
    expect((await problemOf(readInputFile(join(dir, 'nope.yml'), 10))).kind).toBe('missing');
  });

  it('returns exactly the bytes of any file within the limit, and refuses any over it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.integer({ min: 0, max: 400 }),
        async (text, limit) => {
          const file = join(dir, 'property.txt');
          writeFileSync(file, text);
          const size = Buffer.byteLength(text);
          if (size <= limit) expect(await readInputFile(file, limit)).toBe(text);
          else expect((await problemOf(readInputFile(file, limit))).kind).toBe('too-large');
        },
      ),
      { numRuns: 100 },
    );
  });
});
