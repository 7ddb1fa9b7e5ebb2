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
  /** Set on a record found InProgress by a later run: its run died before it recorded an outcome. */
  interrupted?: boolean;
}

/**
 * What one host runs. `revision` is null while it is unknown: a deployment of `deploying` began
 * on the host and never reported back (the job was killed). An unknown host is never a source
 * of a revision to deploy elsewhere, and never evidence for a no-op; `from` (what it ran before,
 * as recorded) is what an automatic rollback gives it back.
 */
export interface HostRecord {
  revision: string | null;
  at: string;
  /** The deployment that put `revision` there, or (while unknown) the one that was interrupted. */
  deploymentId?: string;
  /** Set while unknown: the revision whose deployment was interrupted. */
  deploying?: string;
  /** Set while unknown: the host's last recorded revision before it ('' when it had none). */
  from?: string;
}

/** A host whose revision the state file records. */
export type KnownHostRecord = HostRecord & { revision: string };

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
export function isKnownHost(record: HostRecord | undefined): record is KnownHostRecord {
  return record !== undefined && typeof record.revision === 'string' && record.revision !== '';
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
    if (error instanceof InputFileProblem && error.kind === 'missing') {
      // A dangling symlink is not a first deployment: writing there would fail after the commands ran.
      if ((await lstat(path).catch(() => undefined))?.isSymbolicLink()) {
        throw new ConfigError(`state file ${path} is a symlink to a file that does not exist`);
      }
      return emptyHistory();
    }
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
    if (!isObject(value) || !isText(value.at) || !(isText(value.revision) || value.revision === null)) {
      bad(`hosts.${host}`, 'is not {revision, at}');
    }
    const record = value as Record<string, unknown> & { revision: string | null; at: string };
    for (const field of ['deploying', 'from', 'deploymentId']) {
      if (record[field] !== undefined && !isText(record[field])) bad(`hosts.${host}.${field}`, 'is not text');
    }
    const optional = (field: 'deploying' | 'from' | 'deploymentId') =>
      isText(record[field]) ? { [field]: record[field] } : {};
    // Unknown comes in three spellings: null (now), '' (briefly) and the placeholder of old files.
    const legacy = isText(record.revision) ? LEGACY_UNKNOWN.exec(record.revision) : null;
    history.hosts[host] = legacy
      ? { revision: null, at: record.at, deploying: legacy[1] as string }
      : {
          revision: record.revision === '' ? null : record.revision,
          at: record.at,
          ...optional('deploymentId'),
          ...optional('deploying'),
          ...optional('from'),
        };
  }
  (data.deployments as unknown[]).forEach((value, index) => {
    const field = `deployments[${index}]`;
    if (!isObject(value)) return bad(field, 'is not an object');
    if (!isText(value.id) || !isText(value.revision) || !isText(value.at))
      bad(field, 'lacks id, revision or at');
    if (LEGACY_UNKNOWN.test(value.revision as string) || !/^[^\r\n]+$/.test(value.revision as string))
      bad(`${field}.revision`, 'is not a revision (empty, several lines or a placeholder)');
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
  try {
    let target = path;
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) target = await realpath(path);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    const plain = { version: 1, hosts: { ...history.hosts }, deployments: history.deployments };
    await writeFile(temp, `${JSON.stringify(plain, null, 2)}\n`);
    await rename(temp, target);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new ConfigError(`state file ${path} cannot be written (${code})`, { cause: error });
  }
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

/**
 * True when the state file shows `host` on `revision` AND the newest finished deployment that
 * listed the host was of `revision` (the one the host record names, when it names one). A record
 * that a later deployment contradicts (a hand-edited or corrupt file) proves nothing. Only this
 * counts as evidence: for skipping a host on a re-run and for a no-op rollback.
 */
export function hasEvidence(history: HostHistory, host: string, revision: string): boolean {
  const record = hostRecord(history, host);
  if (!isKnownHost(record) || record.revision !== revision) return false;
  // A record still InProgress is the running deployment's own (a dead run's is settled as
  // Stopped when the lock is taken): it names the hosts it is about to change, which proves nothing.
  const newest = history.deployments.findLast((d) => d.status !== 'InProgress' && d.hosts.includes(host));
  return (
    newest !== undefined &&
    newest.revision === revision &&
    (record.deploymentId === undefined || newest.id === record.deploymentId)
  );
}

/**
 * The revision the record says `host` runs, or for an unknown host the one it ran before the
 * interrupted deployment (its `from`, or in files that predate `from`, the newest Succeeded
 * deployment listing it before the record of the interrupted one). Only a revision some
 * deployment recorded is returned; '' when there is none.
 */
export function recordedRevisionOf(history: HostHistory, host: string): string {
  const record = hostRecord(history, host);
  if (record === undefined) return '';
  const recorded = (revision: string | null | undefined): string =>
    revision && history.deployments.some((d) => d.revision === revision) ? revision : '';
  if (isKnownHost(record)) return recorded(record.revision);
  if (record.from !== undefined) return recorded(record.from);
  return succeededBefore(history, host, interruptedIndex(history, host));
}

/**
 * The last good revision of `host`: what it runs (or ran before an interrupted deployment) when a
 * deployment of that revision Succeeded, else the newest Succeeded deployment that listed the host
 * (before the interrupted one, for an unknown host). What an automatic rollback gives it; '' when
 * the record has none.
 */
export function goodRevisionOf(history: HostHistory, host: string): string {
  const record = hostRecord(history, host);
  if (record === undefined) return '';
  const ran = recordedRevisionOf(history, host);
  if (ran && history.deployments.some((d) => d.revision === ran && d.status === 'Succeeded')) return ran;
  const end = isKnownHost(record) ? history.deployments.length : interruptedIndex(history, host);
  return succeededBefore(history, host, end);
}

/** Index of the deployment that left `host` unknown (by its id, or its revision in old files); -1 if none. */
function interruptedIndex(history: HostHistory, host: string): number {
  const record = hostRecord(history, host);
  return history.deployments.findLastIndex(
    (d) =>
      d.hosts.includes(host) &&
      (record?.deploymentId !== undefined ? d.id === record.deploymentId : d.revision === record?.deploying),
  );
}

/** The newest Succeeded deployment before index `end` that listed `host`; '' if none. */
function succeededBefore(history: HostHistory, host: string, end: number): string {
  for (let i = end - 1; i >= 0; i--) {
    const d = history.deployments[i] as HostDeploymentRecord;
    if (d.status === 'Succeeded' && d.hosts.includes(host)) return d.revision;
  }
  return '';
}

/** One line naming the unknown hosts among `hosts` and what each was being given, for messages. */
export function describeUnknownHosts(history: HostHistory, hosts: readonly string[]): string {
  return hosts
    .filter((host) => {
      const record = hostRecord(history, host);
      return record !== undefined && !isKnownHost(record);
    })
    .map((host) => `${host} (deploying ${hostRecord(history, host)?.deploying ?? 'an unknown revision'})`)
    .join(', ');
}
