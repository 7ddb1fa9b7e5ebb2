import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UnavailableError } from '../errors.js';
import type { Clock } from '../time/clock.js';

/** A held lock on a state file; release it when the run ends, however it ends. */
export interface StateFileLock {
  release(): Promise<void>;
}

/** What the lock file holds: who has the state file, since when, for how long at most. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
  /** The owner's own budget: past `since` + this + a margin, the lock is stale whatever the pid. */
  budgetMs: number;
}

/** Added to the owner's budget before its lock counts as stale. */
const STALE_MARGIN_MS = 10 * 60_000;

/**
 * Takes the exclusive lock `<state file>.lock` for a whole deployment or rollback, so two runs
 * can never interleave their reads and writes of one state file (one would lose the other's
 * records). A lock left by a run that died is taken over when its process is gone on this host,
 * or when it is older than its owner's budget plus 10 minutes. A live lock refuses the run with
 * one line naming the owner.
 */
export async function lockStateFile(
  stateFile: string,
  budgetMs: number,
  clock: Clock,
): Promise<StateFileLock> {
  const path = `${stateFile}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date(clock.now()).toISOString(),
    budgetMs,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    const current = await readOwner(path);
    if (current && !isStale(current, clock.now())) {
      throw new UnavailableError(
        `state file ${stateFile} is in use by another run (pid ${current.pid} on ${current.host} since ${current.since}); ` +
          'run one deployment per environment at a time (`concurrency:` in GitHub Actions, `resource_group:` in GitLab)',
      );
    }
    // Stale (or unreadable, i.e. half-written by a run that died): take it over.
    await rm(path, { force: true });
  }
  throw new UnavailableError(`state file ${stateFile}: could not take its lock ${path}`);
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.since === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isStale(owner: LockOwner, now: number): boolean {
  const age = now - Date.parse(owner.since);
  if (!(age <= (owner.budgetMs || 0) + STALE_MARGIN_MS)) return true;
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'ESRCH';
  }
}
