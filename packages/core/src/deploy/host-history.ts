import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors.js';

/** One deployment of the command target, as remembered in the state file. */
export interface HostDeploymentRecord {
  id: string;
  revision: string;
  stage: 'one-box' | 'fleet' | 'rollback';
  /** `InProgress` is written before anything runs, so a job killed mid-deploy still leaves a trace. */
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Stopped';
  hosts: string[];
  at: string;
}

/** What the command target knows about its hosts: which revision each runs, and every deployment. */
export interface HostHistory {
  version: 1;
  hosts: Record<string, { revision: string; at: string }>;
  deployments: HostDeploymentRecord[];
}

/** An empty history, for a first deployment. */
export function emptyHistory(): HostHistory {
  return { version: 1, hosts: {}, deployments: [] };
}

/** Reads the state file; a missing file is an empty history (the first deployment). */
export async function loadHostHistory(path: string): Promise<HostHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return emptyHistory();
    throw new ConfigError(`state file ${path} cannot be read`, { cause: error });
  }
  try {
    const history = JSON.parse(text) as HostHistory;
    if (history.version !== 1 || typeof history.hosts !== 'object' || !Array.isArray(history.deployments)) {
      throw new Error('not a hands-off command-target state file');
    }
    return history;
  } catch (error) {
    throw new ConfigError(`state file ${path} is not a hands-off command-target state file`, {
      cause: error,
    });
  }
}

/** Writes the state file atomically (temp file + rename). */
export async function saveHostHistory(path: string, history: HostHistory): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(history, null, 2)}\n`);
  await rename(temp, path);
}

/**
 * The last known good revision other than `excluding`: the newest Succeeded deployment of
 * another revision (the `previous` of rollback). Empty when the history has none.
 */
export function lastGoodRevision(history: HostHistory, excluding: string): string {
  for (let i = history.deployments.length - 1; i >= 0; i--) {
    const record = history.deployments[i] as HostDeploymentRecord;
    if (record.status === 'Succeeded' && record.revision !== excluding) return record.revision;
  }
  return '';
}
