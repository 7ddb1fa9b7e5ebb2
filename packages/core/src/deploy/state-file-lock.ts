import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, lstat, mkdir, open, readFile, realpath, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UnavailableError } from '../errors.js';
import type { Clock } from '../time/clock.js';

/** A held lock on a state file; release it when the run ends, however it ends. */
export interface StateFileLock {
  /** The lock file's path (`<state file>.lock`, beside the file a symlink points to). */
  readonly path: string;
  release(): Promise<void>;
}

/** What the lock file holds: who has the state file, since when, for how long at most. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** The owner's own budget: past `since` + this + a margin, the lock is stale whatever the pid. */
  budgetMs: number;
  /** Tells this lock from a later one by the same pid (release removes only its own). */
  token: string;
}

/** Added to the owner's budget before its lock counts as stale. */
export const STALE_LOCK_MARGIN_MS = 10 * 60_000;

/**
 * Takes the exclusive lock `<state file>.lock` (created with O_EXCL) for a whole deployment or
 * rollback, so two runs can never interleave their reads and writes of one state file (one would
 * lose the other's records). `budgetMs` is the most the run can take. A lock left by a run that
 * died is taken over when its process is gone on this host, or when it is older than its owner's
 * budget plus 10 minutes. A live lock refuses the run with one line naming the owner.
 */
export async function lockStateFile(
  stateFile: string,
  budgetMs: number,
  clock: Clock,
): Promise<StateFileLock> {
  // Two symlinks to one state file must share one lock: it sits beside the real file.
  const real = (await lstat(stateFile).catch(() => undefined))?.isSymbolicLink()
    ? await realpath(stateFile).catch(() => stateFile)
    : stateFile;
  const path = `${real}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date(clock.now()).toISOString(),
    budgetMs,
    token: randomUUID(),
  };
  const text = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      return { path, release: () => releaseLock(path, owner.token) };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') {
        throw new UnavailableError(
          `state file ${stateFile}: cannot create its lock ${path} (${(error as { code?: string }).code ?? (error as Error).message})`,
          { cause: error },
        );
      }
    }
    const seen = await readFile(path, 'utf8').catch(() => undefined);
    if (seen === undefined) continue; // released in between: try again
    const current = parseOwner(seen);
    if (current && !isStale(current, clock.now())) {
      throw new UnavailableError(
        `state file ${stateFile} is in use by another run (pid ${current.pid} on ${current.host} since ${current.since}); ` +
          'run one deployment per environment at a time (`concurrency:` in GitHub Actions, `resource_group:` in GitLab)',
      );
    }
    // Stale (or unreadable, i.e. half-written by a run that died): take it over. Moved aside
    // first and compared, so two runs taking over at once can never remove a fresh lock.
    await takeOver(path, seen);
  }
  throw new UnavailableError(`state file ${stateFile}: could not take its lock ${path}`);
}

/** Moves the stale lock aside; if what moved is not the stale lock that was read, puts it back. */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => stale);
  if (moved !== stale) {
    // A fresh lock taken between our read and our move: give it back (link fails if a third run
    // has one already, which then stands).
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

async function releaseLock(path: string, token: string): Promise<void> {
  const current = parseOwner(await readFile(path, 'utf8').catch(() => ''));
  // Only our own lock: a run judged stale and overtaken must not remove its successor's.
  if (current?.token === token) await rm(path, { force: true });
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner === 'object' &&
      owner !== null &&
      Number.isInteger(owner.pid) &&
      owner.pid > 0 &&
      typeof owner.since === 'string'
      ? owner
      : undefined;
  } catch {
    return undefined;
  }
}

function isStale(owner: LockOwner, now: number): boolean {
  const age = now - Date.parse(owner.since);
  if (!(age <= (Number(owner.budgetMs) || 0) + STALE_LOCK_MARGIN_MS)) return true;
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'ESRCH';
  }
}
