import { createHash } from 'node:crypto';
import type { BundleType, RevisionLocation } from '@aws-sdk/client-codedeploy';
import { InputError, describeError } from '../errors.js';
import { FILE_LIMITS, InputFileProblem, readInputFile } from '../files/input-file.js';

/** Reads an AppSpec file as text; injected so tests and the adapters decide where files come from. */
export type RevisionReader = (path: string) => Promise<string>;

/** The three forms a CodeDeploy revision takes, shown in every refusal. */
export const REVISION_EXAMPLES =
  's3://my-bucket/app/v2.zip (or .tar, .tgz; ?version= and ?etag= optional), github:owner/repo@<40-hex commit>, or deploy/appspec.yaml';

const GITHUB = /^github:([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)@([0-9a-fA-F]{40})$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const APPSPEC_PATH = /\.(ya?ml|json)$/i;
const BUNDLES: ReadonlyArray<[string, BundleType]> = [
  ['.tar.gz', 'tgz'],
  ['.tgz', 'tgz'],
  ['.tar', 'tar'],
  ['.zip', 'zip'],
];

/** A regular file of at most FILE_LIMITS.revision: a FIFO would hang the step, /dev/zero fill memory. */
const readUtf8: RevisionReader = (path) => readInputFile(path, FILE_LIMITS.revision);

/**
 * Parses a `revision` (or rollback `to`) value into a CodeDeploy RevisionLocation: an S3 bundle
 * URL, a GitHub commit, or the path of an AppSpec file (ECS, Lambda) sent as its content. Throws
 * one InputError naming `input` for anything else, before any API call.
 */
export async function parseCodeDeployRevision(
  input: string,
  raw: string,
  readText: RevisionReader = readUtf8,
): Promise<RevisionLocation> {
  const value = raw.trim();
  const refuse = (problem: string, cause?: unknown): never => {
    throw new InputError(input, problem, REVISION_EXAMPLES, cause === undefined ? undefined : { cause });
  };
  if (value === '') return refuse('is empty');
  if (value.startsWith('s3://')) return parseS3(value, refuse);
  if (value.startsWith('github:')) {
    const match = GITHUB.exec(value);
    if (!match) return refuse(`${quote(value)} is not github:owner/repo@<40-hex commit sha>`);
    // A branch or tag would make a re-run deploy something else; only a full commit sha is stable.
    return {
      revisionType: 'GitHub',
      gitHubLocation: { repository: match[1], commitId: match[2]!.toLowerCase() },
    };
  }
  if (/[\r\n]/.test(value) || !APPSPEC_PATH.test(value)) {
    return refuse(
      `${quote(value)} is not an S3 bundle URL, a GitHub commit or an AppSpec file (.yaml, .yml, .json)`,
    );
  }
  let content: string;
  try {
    content = await readText(value);
  } catch (error) {
    if (error instanceof InputFileProblem)
      return refuse(`AppSpec file ${quote(value)} ${error.message}`, error);
    return refuse(`cannot read AppSpec file ${quote(value)} (${describeError(error)})`, error);
  }
  await checkAppSpec(value, content, refuse);
  return {
    revisionType: 'AppSpecContent',
    appSpecContent: { content, sha256: sha256Hex(content) },
  };
}

function parseS3(value: string, refuse: (problem: string) => never): RevisionLocation {
  const [location = '', query = ''] = splitOnce(value.slice('s3://'.length), '?');
  const [bucket = '', key = ''] = splitOnce(location, '/');
  if (!BUCKET.test(bucket)) return refuse(`${quote(value)} has no valid bucket name`);
  if (key === '' || /[\r\n]/.test(key)) return refuse(`${quote(value)} has no object key`);
  const bundle = BUNDLES.find(([extension]) => key.toLowerCase().endsWith(extension));
  if (!bundle)
    return refuse(`${quote(value)}: the key must end in .zip, .tar, .tgz or .tar.gz (the bundle type)`);
  const s3Location: NonNullable<RevisionLocation['s3Location']> = { bucket, key, bundleType: bundle[1] };
  if (query !== '') {
    for (const [name, setting] of new URLSearchParams(query)) {
      if (setting === '') return refuse(`${quote(value)}: parameter ${quote(name)} has no value`);
      if (name === 'version') s3Location.version = setting;
      else if (name === 'etag') s3Location.eTag = setting;
      else return refuse(`${quote(value)}: unknown parameter ${quote(name)} (only version and etag)`);
    }
  }
  return { revisionType: 'S3', s3Location };
}

async function checkAppSpec(
  path: string,
  content: string,
  refuse: (problem: string, cause?: unknown) => never,
): Promise<void> {
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    // JSON is YAML 1.2, so one parser covers both AppSpec formats.
    document = parse(content);
  } catch (error) {
    refuse(`AppSpec file ${quote(path)} is neither YAML nor JSON (${describeError(error)})`, error);
  }
  const keys = typeof document === 'object' && document !== null ? Object.keys(document) : [];
  // ECS and Lambda AppSpecs name what to deploy under Resources; without it CodeDeploy refuses later.
  if (!keys.some((k) => k.toLowerCase() === 'resources')) {
    refuse(
      `AppSpec file ${quote(path)} has no \`Resources\` section (ECS and Lambda AppSpecs name the task definition or function version there)`,
    );
  }
}

/**
 * The text form of a revision, for logs and outputs: `s3://bucket/key.zip?version=...`,
 * `github:owner/repo@sha`, or `appspec sha256:<first 12 hex>` (the file path is not kept by
 * CodeDeploy). Empty when there is no revision.
 */
export function describeRevision(location: RevisionLocation | undefined): string {
  if (!location) return '';
  const s3 = location.s3Location;
  if (s3?.bucket && s3.key) {
    const query = new URLSearchParams();
    if (s3.version) query.set('version', s3.version);
    if (s3.eTag) query.set('etag', s3.eTag);
    const suffix = query.toString();
    return `s3://${s3.bucket}/${s3.key}${suffix ? `?${suffix}` : ''}`;
  }
  const github = location.gitHubLocation;
  if (github?.repository && github.commitId) return `github:${github.repository}@${github.commitId}`;
  const appSpec = location.appSpecContent ?? location.string;
  if (appSpec) return `appspec sha256:${appSpecHash(appSpec).slice(0, 12)}`;
  return '';
}

/** True when two locations name the same revision (bucket, key, version and etag; repo and commit; AppSpec hash). */
export function sameRevision(a: RevisionLocation | undefined, b: RevisionLocation | undefined): boolean {
  if (!a || !b) return false;
  const appSpecA = a.appSpecContent ?? a.string;
  const appSpecB = b.appSpecContent ?? b.string;
  if (appSpecA || appSpecB)
    return !!appSpecA && !!appSpecB && appSpecHash(appSpecA) === appSpecHash(appSpecB);
  const textA = describeRevision(a);
  return textA !== '' && textA === describeRevision(b);
}

function appSpecHash(appSpec: { content?: string; sha256?: string }): string {
  return (appSpec.sha256 || sha256Hex(appSpec.content ?? '')).toLowerCase();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** Quotes a user value on one line, shortened, so a refusal never spans lines. */
function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}
