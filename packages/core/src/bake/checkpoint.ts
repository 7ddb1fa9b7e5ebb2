import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, InputError } from '../errors.js';
import type { BakeState } from './bake-state.js';
import type { BakeDecision } from './bake-verdict.js';

/** What a checkpoint file holds: the bake's state, which bake it is, and its verdict once final. */
export interface Checkpoint {
  version: 1;
  /** Hash of the inputs that define the bake: a checkpoint never continues a different bake. */
  fingerprint: string;
  state: BakeState;
  final: BakeDecision | null;
}

/** Reads a checkpoint; undefined when the file does not exist yet (the first job of a bake). */
export async function loadCheckpoint(path: string, fingerprint: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new ConfigError(`checkpoint ${path} cannot be read`, { cause: error });
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = JSON.parse(text) as Checkpoint;
  } catch (error) {
    throw new ConfigError(`checkpoint ${path} is not valid JSON; delete it to start a new bake`, {
      cause: error,
    });
  }
  if (checkpoint.version !== 1 || typeof checkpoint.state?.startedAt !== 'number') {
    throw new ConfigError(`checkpoint ${path} is not a hands-off bake checkpoint`);
  }
  if (checkpoint.fingerprint !== fingerprint) {
    throw new InputError(
      'checkpoint',
      `\`${path}\` belongs to a bake with other inputs (signals, duration or limits changed)`,
      'a new path per bake, e.g. `.hands-off/bake-${{ github.sha }}.json`',
    );
  }
  return checkpoint;
}

/** Writes a checkpoint atomically (temp file + rename), so a job killed mid-write leaves the last good one. */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(checkpoint));
  await rename(temp, path);
}
