import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Fetch } from '../../packages/core/src/bake/signal.js';
import type { ReviewPlatform } from '../../packages/core/src/checklist/review-platform.js';
import { decideGate, gateComment, GATE_COMMENT_MAX_CHARS } from '../../packages/core/src/gate/decide-gate.js';
import type { GateDeps, GateRepository } from '../../packages/core/src/gate/gate-types.js';
import { fakeFetch } from '../support/fake-fetch.js';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const HOUR = 3_600_000;
// Wednesday 2026-12-02 10:00 in Berlin (09:00 UTC): inside Mon-Fri 09:00-17:00.
const WEDNESDAY_10_BERLIN = Date.parse('2026-12-02T09:00:00Z');
// Saturday 2026-12-05 10:00 in Berlin: outside; the window next opens Monday 09:00 Berlin.
const SATURDAY_10_BERLIN = Date.parse('2026-12-05T09:00:00Z');
const MONDAY_09_BERLIN = Date.parse('2026-12-07T08:00:00Z');

const PROMETHEUS = 'http://127.0.0.1:9/prom';

/** A config file with `production` gated by a window and, optionally, the wave before it. */
function config(gate: string, extra = ''): string {
  return `version: 1
environments:
  staging:
    prometheus-url: ${PROMETHEUS}
    prometheus-rules: 'rate(http_errors_total[1m]) > 1'
${extra}
  production:
    timezone: Europe/Berlin
    allow: Mon-Fri 09:00-17:00
    gate:
${gate}
`;
}

interface FakeRepository extends GateRepository {
  reads: string[];
}

function repository(
  files: Record<string, string | Error>,
  deployment?: { id: string; succeededAt: number } | Error,
  review: Partial<ReviewPlatform> = {},
): FakeRepository {
  const reads: string[] = [];
  return {
    reads,
    async readFile(path, ref) {
      reads.push(`${ref}:${path}`);
      const text = files[path];
      if (text instanceof Error) throw text;
      return text;
    },
    async lastSuccessfulDeployment(environment, sha) {
      reads.push(`deployments:${environment}:${sha}`);
      if (deployment instanceof Error) throw deployment;
      return deployment;
    },
    review: {
      name: 'github',
      changeRequestNoun: 'pull request',
      statusGatesMerge: true,
      changeRequestsOfCommit: async () => [],
      ...review,
    } as ReviewPlatform,
  };
}

function deps(now: number, fetch: Fetch = fakeFetch(['refused']).fetch): GateDeps & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    clock: { now: () => now },
    sleep: async () => {},
    fetch,
    cloudWatch: async () => {
      throw new Error('no CloudWatch in this test');
    },
    log: {
      info: (line: string) => lines.push(line),
      warning: () => {},
      debug: () => {},
    } as unknown as GateDeps['log'],
  };
}

const ALLOWED = { allowedEndpoints: [PROMETHEUS] };
const request = { repository: 'acme/shop', environment: 'production', sha: SHA };

describe('the gate decides by the gate block of the config at the commit', () => {
  it('approves inside the window, reading the config at the deployment commit', async () => {
    const repo = repository({ '.github/hands-off.yml': config('      require-reviewed: false') });
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN));
    expect(decision.verdict).toBe('approve');
    expect(decision.configPath).toBe('.github/hands-off.yml');
    expect(repo.reads[0]).toBe(`${SHA}:.github/hands-off.yml`);
    expect(decision.checks.map((check) => [check.name, check.verdict])).toEqual([
      ['config', 'approve'],
      ['window', 'approve'],
    ]);
  });

  it('waits outside the window and names when it opens', async () => {
    const repo = repository({ 'hands-off.yml': config('      require-reviewed: false') });
    const decision = await decideGate(request, repo, ALLOWED, deps(SATURDAY_10_BERLIN));
    expect(decision.verdict).toBe('wait');
    expect(decision.recheckAt).toBe(MONDAY_09_BERLIN);
    expect(decision.reason).toMatch(/^window: /);
  });

  it('applies the gate block over the entry: its own windows win', async () => {
    const repo = repository({ 'hands-off.yml': config('      allow: Sat 09:00-12:00') });
    const decision = await decideGate(request, repo, ALLOWED, deps(SATURDAY_10_BERLIN));
    expect(decision.verdict).toBe('approve');
  });

  it.each([
    ['no config file', {}, /has no hands-off config at a1b2c3d4e5f6/],
    ['no entry', { 'hands-off.yml': 'version: 1\nenvironments:\n  staging: {}\n' }, /has no entry/],
    [
      'no gate block',
      { 'hands-off.yml': 'version: 1\nenvironments:\n  production:\n    allow: Mon 09:00-10:00\n' },
      /has no `gate` block/,
    ],
    ['invalid YAML', { 'hands-off.yml': 'version: 1\nenvironments: [\n' }, /not valid YAML/],
    [
      'an unknown key',
      { 'hands-off.yml': 'version: 1\nenvironments:\n  production:\n    gate:\n      bogus: 1\n' },
      /additional properties `bogus`/,
    ],
    [
      'a bad window',
      { 'hands-off.yml': config('      allow: Someday 09:00-17:00') },
      /environments\.production\.gate: input `allow`/,
    ],
  ])('rejects with %s, the same answer every sweep would give', async (_what, files, reason) => {
    const decision = await decideGate(request, repository(files), ALLOWED, deps(WEDNESDAY_10_BERLIN));
    expect(decision.verdict).toBe('reject');
    expect(decision.reason).toMatch(reason);
  });

  it('waits, never approves, when the config cannot be read (the platform is down)', async () => {
    const files = { '.github/hands-off.yml': new Error('GitHub API GET /contents answered 502') };
    const decision = await decideGate(request, repository(files), ALLOWED, deps(WEDNESDAY_10_BERLIN));
    expect(decision.verdict).toBe('wait');
    expect(decision.reason).toMatch(/502/);
  });

  it('rejects an unreviewed commit even while the window is closed', async () => {
    const repo = repository({ 'hands-off.yml': config('      require-reviewed: true') });
    const decision = await decideGate(request, repo, ALLOWED, deps(SATURDAY_10_BERLIN));
    expect(decision.verdict).toBe('reject');
    expect(decision.reason).toMatch(/^reviewed: commit a1b2c3d4e5f6 came in through no pull request/);
  });

  it('waits when the review cannot be read', async () => {
    const repo = repository({ 'hands-off.yml': config('      require-reviewed: true') }, undefined, {
      changeRequestsOfCommit: async () => {
        throw new Error('GitHub API GET /commits/x/pulls answered 503');
      },
    });
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN));
    expect(decision.verdict).toBe('wait');
    expect(decision.reason).toMatch(/reviewed: cannot tell: .*503/);
  });
});

describe('after: the previous wave baked long enough with clean signals', () => {
  const afterGate = (more = '') =>
    config(`      after:\n        environment: staging\n        bake: 12h\n${more}`);
  const deployed = { id: '41', succeededAt: WEDNESDAY_10_BERLIN - 13 * HOUR };

  it('waits while the previous wave has no successful deployment of the commit', async () => {
    const repo = repository({ 'hands-off.yml': afterGate() }, undefined);
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN));
    expect(decision.verdict).toBe('wait');
    expect(decision.reason).toMatch(/`staging` has no successful deployment of a1b2c3d4e5f6 yet/);
    expect(repo.reads).toContain(`deployments:staging:${SHA}`);
  });

  it('waits until the bake ends, clean so far, and says when', async () => {
    const since = WEDNESDAY_10_BERLIN - 3 * HOUR;
    const fake = fakeFetch(['empty']);
    const repo = repository({ 'hands-off.yml': afterGate() }, { id: '41', succeededAt: since });
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
    expect(decision.verdict).toBe('wait');
    expect(decision.recheckAt).toBe(since + 12 * HOUR);
    expect(decision.reason).toMatch(/3h of 12h baked, clean so far/);
    // One range query over the whole time since the deployment.
    const range = fake.calls.find((call) => call.url.pathname.endsWith('/query_range'));
    expect(Number(range?.url.searchParams.get('start')) * 1000).toBeGreaterThanOrEqual(since);
    expect(Number(range?.url.searchParams.get('end')) * 1000).toBe(WEDNESDAY_10_BERLIN);
  });

  it('approves once the bake is over and every instant of it was clean', async () => {
    // The rule returns nothing over the window, and its metric has series: clean, with evidence.
    const fake = fakeFetch(['empty', 'series']);
    const repo = repository({ 'hands-off.yml': afterGate() }, deployed);
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
    expect(decision.verdict).toBe('approve');
    expect(decision.checks.find((check) => check.name === 'after')?.reason).toMatch(
      /`staging` \(deployment 41, out since .*\): baked 13h/,
    );
  });

  it('rejects when the signals breached at any moment, even before the bake ends', async () => {
    const fake = fakeFetch(['series']);
    const early = { id: '41', succeededAt: WEDNESDAY_10_BERLIN - HOUR };
    const repo = repository({ 'hands-off.yml': afterGate() }, early);
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
    expect(decision.verdict).toBe('reject');
    expect(decision.reason).toMatch(
      /^after: `staging` .*prometheus:rate\(http_errors_total\[1m\]\) > 1 breached/,
    );
  });

  it.each<[string, string]>([
    ['extend', 'wait'],
    ['ignore', 'wait'],
    ['fail', 'reject'],
  ])('with no-data: %s, an unreachable Prometheus makes it %s, never approve', async (noData, verdict) => {
    const fake = fakeFetch(['refused']);
    const repo = repository({ 'hands-off.yml': afterGate(`        no-data: ${noData}\n`) }, deployed);
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
    expect(decision.verdict).toBe(verdict);
    expect(fake.calls.length).toBeGreaterThan(0);
  });

  it('refuses a prometheus-url outside the operator allow-list, calling nothing', async () => {
    const fake = fakeFetch(['empty']);
    const evil = afterGate('        prometheus-url: http://169.254.169.254/latest\n');
    const repo = repository({ 'hands-off.yml': evil }, deployed);
    const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
    expect(decision.verdict).toBe('reject');
    expect(decision.reason).toMatch(
      /`prometheus-url` http:\/\/169\.254\.169\.254\/latest is not among the endpoints/,
    );
    expect(fake.calls).toEqual([]);
  });

  it('an allowed prefix does not allow a look-alike host or a sibling path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'http://127.0.0.1:9/prometheus',
          'http://127.0.0.1:9/pro',
          'http://127.0.0.1:90/prom',
          'http://127.0.0.1:9.evil/prom',
          'http://user:pw@127.0.0.1:9/prom',
          'https://127.0.0.1:9/prom',
        ),
        async (url) => {
          const fake = fakeFetch(['empty']);
          const repo = repository(
            { 'hands-off.yml': afterGate(`        prometheus-url: ${url}\n`) },
            deployed,
          );
          const decision = await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
          expect(decision.verdict).toBe('reject');
          expect(fake.calls).toEqual([]);
        },
      ),
    );
  });

  it('takes the previous wave signals from its fleet bake, the after block winning', async () => {
    const extra = `    fleet:\n      bake:\n        prometheus-rules: 'up == 0'\n`;
    const fake = fakeFetch(['empty']);
    const repo = repository(
      { 'hands-off.yml': config('      after:\n        environment: staging\n        bake: 12h\n', extra) },
      deployed,
    );
    await decideGate(request, repo, ALLOWED, deps(WEDNESDAY_10_BERLIN, fake.fetch));
    expect(fake.calls.map((call) => call.url.searchParams.get('query'))).toContain('up == 0');
  });

  it('rejects an after block with nothing to judge by, or naming itself', async () => {
    const none = `version: 1\nenvironments:\n  staging: {}\n  production:\n    gate:\n      after: { environment: staging, bake: 1h }\n`;
    const self = `version: 1\nenvironments:\n  production:\n    prometheus-url: ${PROMETHEUS}\n    prometheus-rules: up == 0\n    gate:\n      after: { environment: production, bake: 1h }\n`;
    const first = await decideGate(
      request,
      repository({ 'hands-off.yml': none }),
      ALLOWED,
      deps(WEDNESDAY_10_BERLIN),
    );
    expect(first.verdict).toBe('reject');
    expect(first.reason).toMatch(/gate\.after: input `alarms`: no signal to watch/);
    const second = await decideGate(
      request,
      repository({ 'hands-off.yml': self }),
      ALLOWED,
      deps(WEDNESDAY_10_BERLIN),
    );
    expect(second.verdict).toBe('reject');
    expect(second.reason).toMatch(/gate\.after: input `environment`: names the gated environment itself/);
  });
});

describe('gateComment', () => {
  it('fits GitHub’s 1024 characters whatever the reasons', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400 }), { maxLength: 6 }), (reasons) => {
        const comment = gateComment({
          verdict: 'wait',
          reason: reasons.join('; '),
          checks: reasons.map((reason) => ({ name: 'window', verdict: 'wait', reason })),
          decidedAt: WEDNESDAY_10_BERLIN,
          configPath: 'hands-off.yml',
        });
        expect(comment.length).toBeLessThanOrEqual(GATE_COMMENT_MAX_CHARS);
        expect(comment.startsWith('hands-off gate: wait at 2026-12-02T09:00:00Z: ')).toBe(true);
      }),
    );
  });
});
