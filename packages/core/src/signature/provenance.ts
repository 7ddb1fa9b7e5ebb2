import type { BuildContext } from '../runtime/runtime.js';
import { SLSA_PROVENANCE_V1, type InTotoStatement } from './in-toto.js';
import { isRecord } from '../json-record.js';

/**
 * buildType of a GitHub Actions run: the layout GitHub's own artifact attestations use, so
 * verifiers that know it (and `gh attestation verify`'s signer-workflow check) read ours alike.
 */
export const GITHUB_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
/** buildType of a GitLab CI job, described in this repository's README (same external parameters). */
export const GITLAB_BUILD_TYPE = 'https://github.com/hands-off/hands-off/buildtypes/gitlab-ci/v1';
/** buildType of a run outside CI: nothing about the source is known, so no policy can pass on it. */
export const LOCAL_BUILD_TYPE = 'https://github.com/hands-off/hands-off/buildtypes/local/v1';

/**
 * SLSA provenance v1 for a build in `context` (a predicate, without subjects). The source goes in
 * `externalParameters.workflow` {ref, repository, path} and in `resolvedDependencies` (the commit as
 * `gitCommit`); the builder and the run in `runDetails`. Outside CI (`context` undefined) it only
 * says so: a verifier's `expect-*` policies then fail, as they should for a workstation build.
 */
export function slsaProvenance(
  platform: 'github' | 'gitlab' | 'local',
  context: BuildContext | undefined,
  startedOn: Date,
  builderVersion: string,
): Record<string, unknown> {
  if (context === undefined || platform === 'local') {
    return {
      buildDefinition: { buildType: LOCAL_BUILD_TYPE, externalParameters: {}, internalParameters: {} },
      runDetails: {
        builder: { id: 'urn:hands-off:local', version: { 'hands-off': builderVersion } },
        metadata: { startedOn: startedOn.toISOString() },
      },
    };
  }
  const repositoryUrl = context.repository ? `${context.serverUrl}/${context.repository}` : '';
  return {
    buildDefinition: {
      buildType: platform === 'github' ? GITHUB_BUILD_TYPE : GITLAB_BUILD_TYPE,
      externalParameters: {
        workflow: { ref: context.ref, repository: repositoryUrl, path: context.workflowPath },
      },
      internalParameters: {
        [platform]: {
          event_name: context.eventName,
          run_id: context.runId,
          run_attempt: context.runAttempt,
        },
      },
      resolvedDependencies:
        repositoryUrl && context.commit
          ? [{ uri: `git+${repositoryUrl}@${context.ref}`, digest: { gitCommit: context.commit } }]
          : [],
    },
    runDetails: {
      builder: { id: context.builderId, version: { 'hands-off': builderVersion } },
      metadata: { invocationId: context.invocationUrl, startedOn: startedOn.toISOString() },
    },
  };
}

/** What a signed SLSA v1 statement says about its source; absent fields are undefined. */
export interface ProvenanceFacts {
  /** `owner/name`, from `externalParameters.workflow.repository` without the server. */
  repository?: string;
  ref?: string;
  commit?: string;
  builder?: string;
}

/** What a verifier requires of the provenance: each set field must equal the statement's. */
export interface ProvenanceExpectations {
  repository: string;
  ref: string;
  commit: string;
  builder: string;
}

/** The policy input a failed expectation is reported under. */
export type PolicyCheck =
  'policy: expect-repository' | 'policy: expect-ref' | 'policy: expect-commit' | 'policy: expect-builder';

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/**
 * `object[key]` when it is the object's own property, else undefined: a value a prototype lends
 * (a polluted `Object.prototype.repository`) is not something the statement says.
 */
function own(value: unknown, key: string): unknown {
  const object = record(value);
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads the source facts of a SLSA provenance v1 statement (own properties only). */
export function provenanceFacts(statement: InTotoStatement): ProvenanceFacts {
  const definition = own(statement.predicate, 'buildDefinition');
  const workflow = own(own(definition, 'externalParameters'), 'workflow');
  const listed = own(definition, 'resolvedDependencies');
  const dependencies: unknown[] = Array.isArray(listed) ? listed : [];
  const commits = dependencies
    .map((dependency) => text(own(own(dependency, 'digest'), 'gitCommit')))
    .filter((commit): commit is string => commit !== undefined);
  const repositoryUrl = text(own(workflow, 'repository'));
  return {
    repository: repositoryUrl?.replace(/^[a-z]+:\/\/[^/]+\//i, '').replace(/\.git$/, ''),
    ref: text(own(workflow, 'ref')),
    // The first git commit is the source; several different ones leave nothing to compare with.
    commit: new Set(commits).size === 1 ? commits[0] : undefined,
    builder: text(own(own(own(statement.predicate, 'runDetails'), 'builder'), 'id')),
  };
}

/**
 * Checks a verified statement against the `expect-*` inputs, in the order repository, ref,
 * commit, builder. Names compare exactly, except the repository (case-insensitive, as GitHub
 * and GitLab treat owner and name) and the commit (hex case). A statement that is not SLSA
 * provenance v1 fails any expectation: it says nothing of its source.
 */
export function checkProvenance(
  statement: InTotoStatement,
  expect: ProvenanceExpectations,
): { ok: true } | { ok: false; check: PolicyCheck; reason: string } {
  const wanted: [keyof ProvenanceExpectations, string][] = [
    ['repository', expect.repository],
    ['ref', expect.ref],
    ['commit', expect.commit],
    ['builder', expect.builder],
  ];
  const given = wanted.filter(([, value]) => value !== '');
  if (given.length === 0) return { ok: true };
  const facts = statement.predicateType === SLSA_PROVENANCE_V1 ? provenanceFacts(statement) : {};
  for (const [field, value] of given) {
    const check = `policy: expect-${field}` as PolicyCheck;
    if (statement.predicateType !== SLSA_PROVENANCE_V1) {
      return {
        ok: false,
        check,
        reason: `the statement's predicate is ${JSON.stringify(statement.predicateType)}, not SLSA provenance v1: it names no ${field}`,
      };
    }
    const actual = facts[field];
    const same =
      actual !== undefined &&
      (field === 'repository' || field === 'commit'
        ? actual.toLowerCase() === value.toLowerCase()
        : actual === value);
    if (!same) {
      return {
        ok: false,
        check,
        reason:
          actual === undefined
            ? `the statement names no ${field}, expected ${JSON.stringify(value)}`
            : `the statement's ${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`,
      };
    }
  }
  return { ok: true };
}
