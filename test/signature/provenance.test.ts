import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { BuildContext } from '@hands-off/core';
import { parseExpectations } from '../../packages/core/src/signature/verify-artifacts.js';
import {
  buildStatement,
  IN_TOTO_STATEMENT_V1,
  SLSA_PROVENANCE_V1,
  type InTotoStatement,
} from '../../packages/core/src/signature/in-toto.js';
import {
  checkProvenance,
  GITHUB_BUILD_TYPE,
  GITLAB_BUILD_TYPE,
  LOCAL_BUILD_TYPE,
  provenanceFacts,
  slsaProvenance,
  type ProvenanceExpectations,
} from '../../packages/core/src/signature/provenance.js';

const STARTED = new Date('2025-03-04T05:06:07.890Z');

const GITHUB: BuildContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  workflowPath: '.github/workflows/release.yml',
  runId: '42',
  runAttempt: '2',
  invocationUrl: 'https://github.com/acme/shop/actions/runs/42/attempts/2',
  builderId: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
  eventName: 'push',
};

const GITLAB: BuildContext = {
  serverUrl: 'https://gitlab.example.com',
  repository: 'platform/payments/api',
  ref: 'refs/tags/v1.2.0',
  commit: 'c0ffee0000000000000000000000000000000000',
  workflowPath: '.gitlab-ci.yml',
  runId: '1001',
  runAttempt: '5005',
  invocationUrl: 'https://gitlab.example.com/platform/payments/api/-/jobs/5005',
  builderId: 'https://gitlab.example.com/platform/payments/api/-/runners/7',
  eventName: 'push',
};

const NONE: ProvenanceExpectations = { repository: '', ref: '', commit: '', builder: '' };

function statementOf(
  predicate: Record<string, unknown>,
  predicateType = SLSA_PROVENANCE_V1,
): InTotoStatement {
  return buildStatement([{ name: 'dist/app.js', sha256: 'a'.repeat(64) }], predicateType, predicate);
}

/** A statement whose predicate is anything at all, as a hostile signer could send. */
function hostileStatement(predicate: unknown, predicateType: unknown = SLSA_PROVENANCE_V1): InTotoStatement {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [{ name: 'dist/app.js', digest: { sha256: 'a'.repeat(64) } }],
    predicateType,
    predicate,
  } as unknown as InTotoStatement;
}

const githubStatement = statementOf(slsaProvenance('github', GITHUB, STARTED, '1.2.3'));
const gitlabStatement = statementOf(slsaProvenance('gitlab', GITLAB, STARTED, '1.2.3'));

describe('slsaProvenance', () => {
  it('describes a GitHub Actions run as GitHub artifact attestations do', () => {
    expect(slsaProvenance('github', GITHUB, STARTED, '1.2.3')).toEqual({
      buildDefinition: {
        buildType: GITHUB_BUILD_TYPE,
        externalParameters: {
          workflow: {
            ref: 'refs/heads/main',
            repository: 'https://github.com/acme/shop',
            path: '.github/workflows/release.yml',
          },
        },
        internalParameters: { github: { event_name: 'push', run_id: '42', run_attempt: '2' } },
        resolvedDependencies: [
          {
            uri: 'git+https://github.com/acme/shop@refs/heads/main',
            digest: { gitCommit: '9fceb02d0ae598e95dc970b74767f19372d61af8' },
          },
        ],
      },
      runDetails: {
        builder: {
          id: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
          version: { 'hands-off': '1.2.3' },
        },
        metadata: {
          invocationId: 'https://github.com/acme/shop/actions/runs/42/attempts/2',
          startedOn: '2025-03-04T05:06:07.890Z',
        },
      },
    });
  });

  it('describes a GitLab CI job with its own buildType and internal parameters', () => {
    const predicate = slsaProvenance('gitlab', GITLAB, STARTED, '1.2.3') as {
      buildDefinition: Record<string, unknown>;
      runDetails: Record<string, unknown>;
    };
    expect(predicate.buildDefinition).toEqual({
      buildType: GITLAB_BUILD_TYPE,
      externalParameters: {
        workflow: {
          ref: 'refs/tags/v1.2.0',
          repository: 'https://gitlab.example.com/platform/payments/api',
          path: '.gitlab-ci.yml',
        },
      },
      internalParameters: { gitlab: { event_name: 'push', run_id: '1001', run_attempt: '5005' } },
      resolvedDependencies: [
        {
          uri: 'git+https://gitlab.example.com/platform/payments/api@refs/tags/v1.2.0',
          digest: { gitCommit: 'c0ffee0000000000000000000000000000000000' },
        },
      ],
    });
    expect(predicate.runDetails).toEqual({
      builder: { id: GITLAB.builderId, version: { 'hands-off': '1.2.3' } },
      metadata: { invocationId: GITLAB.invocationUrl, startedOn: '2025-03-04T05:06:07.890Z' },
    });
  });

  it('says only "local" outside CI, whatever context is given', () => {
    const local = {
      buildDefinition: { buildType: LOCAL_BUILD_TYPE, externalParameters: {}, internalParameters: {} },
      runDetails: {
        builder: { id: 'urn:hands-off:local', version: { 'hands-off': '0.0.1' } },
        metadata: { startedOn: '2025-03-04T05:06:07.890Z' },
      },
    };
    expect(slsaProvenance('local', undefined, STARTED, '0.0.1')).toEqual(local);
    expect(slsaProvenance('local', GITHUB, STARTED, '0.0.1')).toEqual(local);
    expect(slsaProvenance('github', undefined, STARTED, '0.0.1')).toEqual(local);
    expect(provenanceFacts(statementOf(local))).toEqual({
      repository: undefined,
      ref: undefined,
      commit: undefined,
      builder: 'urn:hands-off:local',
    });
  });

  it('names no dependency when the repository or commit is unknown', () => {
    for (const context of [
      { ...GITHUB, repository: '' },
      { ...GITHUB, commit: '' },
    ]) {
      const predicate = slsaProvenance('github', context, STARTED, '1') as {
        buildDefinition: { resolvedDependencies: unknown[] };
      };
      expect(predicate.buildDefinition.resolvedDependencies).toEqual([]);
    }
    const facts = provenanceFacts(
      statementOf(slsaProvenance('github', { ...GITHUB, repository: '' }, STARTED, '1')),
    );
    expect(facts.repository).toBeUndefined();
    expect(facts.commit).toBeUndefined();
  });
});

describe('provenanceFacts', () => {
  it('reads back what slsaProvenance wrote, the repository as owner/name', () => {
    expect(provenanceFacts(githubStatement)).toEqual({
      repository: 'acme/shop',
      ref: 'refs/heads/main',
      commit: GITHUB.commit,
      builder: GITHUB.builderId,
    });
    expect(provenanceFacts(gitlabStatement)).toEqual({
      repository: 'platform/payments/api',
      ref: 'refs/tags/v1.2.0',
      commit: GITLAB.commit,
      builder: GITLAB.builderId,
    });
  });

  it('strips the server (any scheme, a port) and a trailing .git from the repository URL', () => {
    const facts = (repository: string) =>
      provenanceFacts(statementOf({ buildDefinition: { externalParameters: { workflow: { repository } } } }))
        .repository;
    expect(facts('https://gitlab.example.com:8443/group/project')).toBe('group/project');
    expect(facts('HTTP://GitHub.com/Acme/Shop.git')).toBe('Acme/Shop');
    expect(facts('ssh://git@github.com/acme/shop.git')).toBe('acme/shop');
  });

  it('takes the commit only when the dependencies agree on one', () => {
    const withCommits = (...commits: unknown[]) =>
      provenanceFacts(
        statementOf({
          buildDefinition: {
            resolvedDependencies: commits.map((gitCommit) => ({ uri: 'git+x', digest: { gitCommit } })),
          },
        }),
      ).commit;
    expect(withCommits('a'.repeat(40))).toBe('a'.repeat(40));
    expect(withCommits('a'.repeat(40), 'a'.repeat(40))).toBe('a'.repeat(40));
    expect(withCommits('a'.repeat(40), 'b'.repeat(40))).toBeUndefined();
    expect(withCommits('a'.repeat(40), 7, null)).toBe('a'.repeat(40));
    expect(withCommits()).toBeUndefined();
  });

  it('reads own properties only, not ones a prototype lends', () => {
    const inherited = <T extends object>(fields: T): T => Object.create(fields) as T;
    const predicate = inherited({
      buildDefinition: {
        externalParameters: inherited({
          workflow: inherited({ repository: 'https://github.com/acme/shop', ref: 'refs/heads/main' }),
        }),
        resolvedDependencies: [inherited({ digest: inherited({ gitCommit: GITHUB.commit }) })],
      },
      runDetails: { builder: inherited({ id: GITHUB.builderId }) },
    });
    expect(provenanceFacts(hostileStatement(predicate))).toEqual({
      repository: undefined,
      ref: undefined,
      commit: undefined,
      builder: undefined,
    });
  });

  it('is not fooled by a polluted Object.prototype', () => {
    const polluted = Object.prototype as Record<string, unknown>;
    polluted.repository = 'https://github.com/acme/shop';
    polluted.ref = 'refs/heads/main';
    polluted.id = GITHUB.builderId;
    const bare = hostileStatement({
      buildDefinition: { externalParameters: { workflow: {} } },
      runDetails: { builder: {} },
    });
    let facts: unknown;
    let verdict: unknown;
    try {
      facts = { ...provenanceFacts(bare) };
      verdict = { ...checkProvenance(bare, { ...NONE, repository: 'acme/shop' }) };
    } finally {
      delete polluted.repository;
      delete polluted.ref;
      delete polluted.id;
    }
    expect(facts).toEqual({ repository: undefined, ref: undefined, commit: undefined, builder: undefined });
    expect(verdict).toMatchObject({ ok: false, check: 'policy: expect-repository' });
  });
});

describe('checkProvenance', () => {
  const good: ProvenanceExpectations = {
    repository: 'acme/shop',
    ref: 'refs/heads/main',
    commit: GITHUB.commit,
    builder: GITHUB.builderId,
  };

  it('passes with no expectation, even for a statement that is not SLSA provenance', () => {
    expect(checkProvenance(githubStatement, NONE)).toEqual({ ok: true });
    expect(checkProvenance(statementOf({}, 'https://example.com/test-result/v1'), NONE)).toEqual({
      ok: true,
    });
  });

  it('passes each expectation the statement meets, alone and all together', () => {
    expect(checkProvenance(githubStatement, good)).toEqual({ ok: true });
    for (const field of ['repository', 'ref', 'commit', 'builder'] as const) {
      expect(checkProvenance(githubStatement, { ...NONE, [field]: good[field] })).toEqual({ ok: true });
    }
    expect(
      checkProvenance(gitlabStatement, {
        repository: 'platform/payments/api',
        ref: 'refs/tags/v1.2.0',
        commit: GITLAB.commit,
        builder: GITLAB.builderId,
      }),
    ).toEqual({ ok: true });
  });

  it('fails each expectation the statement does not meet, naming it, in the order repository, ref, commit, builder', () => {
    const wrong: ProvenanceExpectations = {
      repository: 'acme/other',
      ref: 'refs/heads/feature',
      commit: '1'.repeat(40),
      builder: 'https://github.com/acme/shop/.github/workflows/other.yml@refs/heads/main',
    };
    for (const field of ['repository', 'ref', 'commit', 'builder'] as const) {
      const verdict = checkProvenance(githubStatement, { ...good, [field]: wrong[field] });
      expect(verdict).toEqual({
        ok: false,
        check: `policy: expect-${field}`,
        reason: `the statement's ${field} is ${JSON.stringify(
          provenanceFacts(githubStatement)[field],
        )}, expected ${JSON.stringify(wrong[field])}`,
      });
    }
    expect(checkProvenance(githubStatement, wrong)).toMatchObject({ check: 'policy: expect-repository' });
    expect(checkProvenance(githubStatement, { ...wrong, repository: '' })).toMatchObject({
      check: 'policy: expect-ref',
    });
    expect(
      checkProvenance(githubStatement, { ...NONE, commit: wrong.commit, builder: wrong.builder }),
    ).toMatchObject({
      check: 'policy: expect-commit',
    });
  });

  it('compares the repository and the commit case-insensitively, the ref and builder exactly', () => {
    expect(checkProvenance(githubStatement, { ...good, repository: 'ACME/Shop' })).toEqual({ ok: true });
    expect(checkProvenance(githubStatement, { ...good, commit: GITHUB.commit.toUpperCase() })).toEqual({
      ok: true,
    });
    expect(checkProvenance(githubStatement, { ...good, ref: 'refs/heads/Main' })).toMatchObject({
      ok: false,
      check: 'policy: expect-ref',
    });
    expect(
      checkProvenance(githubStatement, { ...good, builder: GITHUB.builderId.toUpperCase() }),
    ).toMatchObject({
      ok: false,
      check: 'policy: expect-builder',
    });
    // No prefix or suffix matching: the repository is owner/name, whole.
    for (const repository of ['acme', 'acme/sho', 'acme/shop/x', 'x/acme/shop', 'github.com/acme/shop']) {
      expect(checkProvenance(githubStatement, { ...NONE, repository })).toMatchObject({
        ok: false,
        check: 'policy: expect-repository',
      });
    }
  });

  it('fails every expectation on a statement that is not SLSA provenance v1, naming its type', () => {
    const other = statementOf(
      slsaProvenance('github', GITHUB, STARTED, '1'),
      'https://slsa.dev/provenance/v0.2',
    );
    for (const field of ['repository', 'ref', 'commit', 'builder'] as const) {
      expect(checkProvenance(other, { ...NONE, [field]: good[field] })).toEqual({
        ok: false,
        check: `policy: expect-${field}`,
        reason: `the statement's predicate is "https://slsa.dev/provenance/v0.2", not SLSA provenance v1: it names no ${field}`,
      });
    }
  });

  it('says the statement names nothing when a fact is missing or not a string', () => {
    const bare = hostileStatement({
      buildDefinition: {
        externalParameters: { workflow: { repository: 42, ref: ['refs/heads/main'] } },
        resolvedDependencies: { digest: { gitCommit: GITHUB.commit } },
      },
      runDetails: { builder: { id: null } },
    });
    for (const field of ['repository', 'ref', 'commit', 'builder'] as const) {
      expect(checkProvenance(bare, { ...NONE, [field]: good[field] })).toEqual({
        ok: false,
        check: `policy: expect-${field}`,
        reason: `the statement names no ${field}, expected ${JSON.stringify(good[field])}`,
      });
    }
  });

  it('never throws on hostile predicates, and never passes one by accident', () => {
    const fieldNames = [
      '__proto__',
      'constructor',
      'buildDefinition',
      'externalParameters',
      'workflow',
      'repository',
      'ref',
      'resolvedDependencies',
      'digest',
      'gitCommit',
      'runDetails',
      'builder',
      'id',
    ];
    const key = fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 4 }));
    const hostile = fc.oneof(
      fc.anything({ key, maxDepth: 6, withNullPrototype: true, withBoxedValues: true, withMap: true }),
      // Parsed JSON, where `__proto__` is an own key, as a verified payload would hold it.
      fc.json({ maxDepth: 6 }).map((text) => JSON.parse(text) as unknown),
      fc
        .anything({ key, maxDepth: 6 })
        .map((value) => JSON.parse(JSON.stringify(value) ?? 'null') as unknown),
    );
    let checked = 0;
    fc.assert(
      fc.property(hostile, fc.oneof(fc.constant(SLSA_PROVENANCE_V1), fc.string()), (predicate, type) => {
        const statement = hostileStatement(predicate, type);
        const facts = provenanceFacts(statement);
        for (const value of Object.values(facts)) {
          expect(value === undefined || typeof value === 'string').toBe(true);
        }
        for (const field of ['repository', 'ref', 'commit', 'builder'] as const) {
          const verdict = checkProvenance(statement, { ...NONE, [field]: good[field] });
          expect(verdict).toMatchObject({ ok: false, check: `policy: expect-${field}` });
          if (!verdict.ok) expect(verdict.reason).not.toContain('\n');
        }
        checked++;
      }),
      { numRuns: 500 },
    );
    expect(checked).toBe(500);
  });

  it('reads predicates with `__proto__` keys as plain data', () => {
    const parsed = JSON.parse(
      '{"__proto__":{"buildDefinition":{"externalParameters":{"workflow":{"repository":"https://github.com/acme/shop"}}}},' +
        '"buildDefinition":{"__proto__":{"externalParameters":{}},"externalParameters":{"workflow":{"__proto__":{"ref":"refs/heads/main"}}}},' +
        '"runDetails":{"builder":{"__proto__":"x","id":"urn:b"}}}',
    ) as Record<string, unknown>;
    const statement = hostileStatement(parsed);
    expect(provenanceFacts(statement)).toEqual({
      repository: undefined,
      ref: undefined,
      commit: undefined,
      builder: 'urn:b',
    });
    expect(checkProvenance(statement, { ...NONE, repository: 'acme/shop' })).toMatchObject({
      ok: false,
      check: 'policy: expect-repository',
    });
    expect(checkProvenance(statement, { ...NONE, builder: 'urn:b' })).toEqual({ ok: true });
  });
});

describe('parseExpectations', () => {
  const expectations = (values: Record<string, string>) => parseExpectations((name) => values[name] ?? '');

  it('refuses an owner/name-shaped expect-repository of thousands of characters (found by the input fuzzer)', () => {
    expect(() => expectations({ 'expect-repository': '-/'.repeat(2000) + '-' })).toThrow(
      /input `expect-repository`: .* is longer than 1024 characters/,
    );
    expect(expectations({ 'expect-repository': 'acme/shop' }).repository).toBe('acme/shop');
    expect(expectations({ 'expect-repository': `group/${'sub/'.repeat(50)}project` }).repository).toMatch(
      /project$/,
    );
  });
});
