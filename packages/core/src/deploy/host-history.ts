import { lstat, mkdir, realpath, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { FILE_LIMITS, InputFileProblem, readInputFile } from '../files/input-file.js';

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

/**
 * What one host runs. `revision` is empty while it is unknown: a deployment of `deploying` began
 * on the host and never reported back (the job was killed). An unknown host is never a source
 * of a revision to deploy elsewhere, and never evidence for a no-op.
 */
export interface HostRecord {
  revision: string;
  at: string;
  /** Set while unknown: the revision whose deployment was interrupted. */
  deploying?: string;
}

/** What the command target knows about its hosts: which revision each runs, and every deployment. */
export interface HostHistory {
  version: 1;
  /** Keyed by host; a prototype-free map, so a host named `constructor` is just a host. */
  hosts: Record<string, HostRecord>;
  deployments: HostDeploymentRecord[];
}

/** An empty history, for a first deployment. */
export function emptyHistory(): HostHistory {
  return { version: 1, hosts: Object.create(null) as Record<string, HostRecord>, deployments: [] };
}

/** True when the state file says which revision the host runs. */
export function isKnownHost(record: HostRecord | undefined): record is HostRecord {
  return record !== undefined && record.revision !== '';
}

/** The host's record, looked up as an own entry only. */
export function hostRecord(history: HostHistory, host: string): HostRecord | undefined {
  return Object.hasOwn(history.hosts, host) ? history.hosts[host] : undefined;
}

/** Placeholder of state files written before unknown hosts were kept structurally. */
const LEGACY_UNKNOWN = /^unknown \(deploying (.*)\)$/;
const STAGES = ['one-box', 'fleet', 'rollback'];
const STATUSES = ['InProgress', 'Succeeded', 'Failed', 'Stopped'];

/** Reads the state file; a missing file is an empty history (the first deployment). */
export async function loadHostHistory(path: string): Promise<HostHistory> {
  let text: string;
  try {
    text = await readInputFile(path, FILE_LIMITS.stateFile);
  } catch (error) {
    if (error instanceof InputFileProblem && error.kind === 'missing') return emptyHistory();
    const why = error instanceof InputFileProblem ? error.message : 'cannot be read';
    throw new ConfigError(`state file ${path} ${why}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`state file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateHistory(path, data);
}

/** Checks every field of a parsed state file; the error names the file and the first bad field. */
export function validateHistory(path: string, data: unknown): HostHistory {
  const bad = (field: string, problem: string): never => {
    throw new ConfigError(
      `state file ${path}: \`${field}\` ${problem}; delete the file only if you know what every host runs`,
    );
  };
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  const isText = (value: unknown): value is string => typeof value === 'string';
  if (!isObject(data)) return bad('(top level)', 'is not an object');
  if (data.version !== 1) bad('version', 'is not 1');
  if (!isObject(data.hosts)) bad('hosts', 'is not an object of host → {revision, at}');
  if (!Array.isArray(data.deployments)) bad('deployments', 'is not a list');
  const history = emptyHistory();
  for (const [host, value] of Object.entries(data.hosts as Record<string, unknown>)) {
    if (!isObject(value) || !isText(value.revision) || !isText(value.at)) {
      bad(`hosts.${host}`, 'is not {revision, at}');
    }
    const record = value as { revision: string; at: string; deploying?: unknown };
    if (record.deploying !== undefined && !isText(record.deploying))
      bad(`hosts.${host}.deploying`, 'is not text');
    const legacy = LEGACY_UNKNOWN.exec(record.revision);
    history.hosts[host] = legacy
      ? { revision: '', at: record.at, deploying: legacy[1] as string }
      : {
          revision: record.revision,
          at: record.at,
          ...(isText(record.deploying) ? { deploying: record.deploying } : {}),
        };
  }
  (data.deployments as unknown[]).forEach((value, index) => {
    const field = `deployments[${index}]`;
    if (!isObject(value)) return bad(field, 'is not an object');
    if (!isText(value.id) || !isText(value.revision) || !isText(value.at))
      bad(field, 'lacks id, revision or at');
    if (LEGACY_UNKNOWN.test(value.revision as string))
      bad(`${field}.revision`, 'is a placeholder, not a revision');
    if (!STAGES.includes(value.stage as string)) bad(`${field}.stage`, `is not one of ${STAGES.join(', ')}`);
    if (!STATUSES.includes(value.status as string))
      bad(`${field}.status`, `is not one of ${STATUSES.join(', ')}`);
    if (!Array.isArray(value.hosts) || !value.hosts.every(isText))
      bad(`${field}.hosts`, 'is not a list of hosts');
    history.deployments.push(value as unknown as HostDeploymentRecord);
  });
  return history;
}

/**
 * Writes the state file atomically (temp file + rename). A symlinked state file stays a symlink:
 * the write goes to the file it points to, in that file's directory.
 */
export async function saveHostHistory(path: string, history: HostHistory): Promise<void> {
  let target = path;
  const link = await lstat(path).catch(() => undefined);
  if (link?.isSymbolicLink()) target = await realpath(path);
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const plain = { version: 1, hosts: { ...history.hosts }, deployments: history.deployments };
  await writeFile(temp, `${JSON.stringify(plain, null, 2)}\n`);
  await rename(temp, target);
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
