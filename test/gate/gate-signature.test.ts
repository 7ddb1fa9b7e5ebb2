import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildSignatureStep, ExitCode, runStep, type BuildContext } from '@hands-off/core';
import type { Fetch } from '../../packages/core/src/bake/signal.js';
import type { ReviewPlatform } from '../../packages/core/src/checklist/review-platform.js';
import { decideGate } from '../../packages/core/src/gate/decide-gate.js';
import type { GateDeps, GateRepository } from '../../packages/core/src/gate/gate-types.js';
import { memoryRuntime } from '../support/memory-runtime.js';

/**
 * The gate's `require-signature`: the signature build-signature published for the commit's
 * artifact (a real Sigstore bundle, signed by the step itself) must verify with the trusted keys,
 * name the commit being deployed and sign the configured subject.
 */
const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';
const OTHER_SHA = '1111111111111111111111111111111111111111';
const ARTIFACTS = 'https://artifacts.example.com/shop/';
const NOW = Date.parse('2026-12-02T09:00:00Z');

const build = (commit: string): BuildContext => ({
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  commit,
  workflowPath: '.github/workflows/release.yml',
  runId: '42',
  runAttempt: '1',
  invocationUrl: 'https://github.com/acme/shop/actions/runs/42/attempts/1',
  builderId: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
  eventName: 'push',
});

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const trusted = pem();
const stranger = pem();

/** Signs dist/shop.zip as a release workflow of `commit` would; returns the bundle's text. */
async function signedBundle(commit: string, key = trusted.privatePem): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gate-signature-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist/shop.zip'), 'zip bytes of the release\n');
  const runtime = memoryRuntime(
    { 'subject-path': 'dist/shop.zip', key },
    { workspace: dir, platform: 'github', build: build(commit) },
  );
  expect(await runStep(buildSignatureStep(), runtime)).toBe(ExitCode.Ok);
  const bundlePath = runtime.outputs.get('bundle-path') ?? '';
  return readFileSync(join(dir, bundlePath), 'utf8');
}

let good: string;
let otherCommit: string;
let strangers: string;
beforeAll(async () => {
  [good, otherCommit, strangers] = await Promise.all([
    signedBundle(SHA),
    signedBundle(OTHER_SHA),
    signedBundle(SHA, stranger.privatePem),
  ]);
}, 60_000);

function config(gate: string, entry = ''): string {
  return `version: 1
environments:
  production:
    expect-repository: acme/shop
${entry}    gate:
      require-signature: true
${gate}`;
}

const signatureAt = `      signature: { bundle: '${ARTIFACTS}{sha}/shop.zip.sigstore.json', subject: dist/shop.zip }\n`;
const keyInline = (key: string) => `      public-key: ${JSON.stringify(key)}\n`;

function repository(files: Record<string, string>): GateRepository {
  return {
    readFile: async (path, ref) => (ref === SHA ? files[path] : undefined),
    lastSuccessfulDeployment: async () => undefined,
    review: {} as ReviewPlatform,
  };
}

function served(bodies: Record<string, string>): { fetch: Fetch; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: async (url) => {
      asked.push(url);
      const body = bodies[url];
      return { status: body === undefined ? 404 : 200, ok: body !== undefined, text: async () => body ?? '' };
    },
  };
}

async function decide(files: Record<string, string>, bodies: Record<string, string>, allowed = [ARTIFACTS]) {
  const server = served(bodies);
  const deps: GateDeps = {
    clock: { now: () => NOW },
    sleep: async () => {},
    fetch: server.fetch,
    cloudWatch: async () => {
      throw new Error('no CloudWatch here');
    },
    log: { info: () => {}, warning: () => {}, error: () => {}, debug: () => {} },
  };
  const decision = await decideGate(
    { repository: 'acme/shop', environment: 'production', sha: SHA },
    repository(files),
    { allowedEndpoints: allowed },
    deps,
  );
  return { decision, asked: server.asked, check: decision.checks.find((c) => c.name === 'signature') };
}

const bundleUrl = `${ARTIFACTS}${SHA}/shop.zip.sigstore.json`;

describe('gate require-signature', () => {
  it('approves the commit whose artifact was signed by a trusted key, for this commit', async () => {
    const { decision, asked, check } = await decide(
      { '.github/hands-off.yml': config(signatureAt + keyInline(trusted.publicPem)) },
      { [bundleUrl]: good },
    );
    expect(asked).toEqual([bundleUrl]);
    expect(check).toMatchObject({
      verdict: 'approve',
      reason: expect.stringMatching(/^dist\/shop\.zip sha256:[0-9a-f]{12}… of 9fceb02d0ae5 signed by /),
    });
    expect(decision.verdict).toBe('approve');
  });

  it('reads a key named by path at the deployment commit', async () => {
    const { decision } = await decide(
      {
        '.github/hands-off.yml': config(`${signatureAt}      public-key: keys/release.pem\n`),
        'keys/release.pem': trusted.publicPem,
      },
      { [bundleUrl]: good },
    );
    expect(decision.verdict).toBe('approve');
  });

  it.each([
    [
      'a signature made for another commit',
      () => otherCommit,
      /: policy: expect-commit: the statement's commit is "1{40}"/,
    ],
    [
      'a signature by a key nobody trusts',
      () => strangers,
      /: key: the bundle's key hint `[0-9a-f]{64}` is not a trusted keyid$/,
    ],
    [
      'a signature file that is not one',
      () => '{"mediaType":"nonsense"}',
      /: bundle: mediaType is `nonsense`/,
    ],
  ])('rejects %s', async (_what, body, reason) => {
    const { decision, check } = await decide(
      { '.github/hands-off.yml': config(signatureAt + keyInline(trusted.publicPem)) },
      { [bundleUrl]: body() },
    );
    expect(check?.verdict).toBe('reject');
    expect(check?.reason).toMatch(reason);
    expect(decision.verdict).toBe('reject');
  });

  it('rejects a signature that does not sign the configured artifact', async () => {
    const other = `      signature: { bundle: '${ARTIFACTS}{sha}/shop.zip.sigstore.json', subject: dist/other.zip }\n`;
    const { check } = await decide(
      { '.github/hands-off.yml': config(other + keyInline(trusted.publicPem)) },
      { [bundleUrl]: good },
    );
    expect(check).toMatchObject({
      verdict: 'reject',
      reason: expect.stringContaining('signs no subject `dist/other.zip` (it signs: dist/shop.zip)'),
    });
  });

  it('waits while the signature is not published yet (404), never approves', async () => {
    const { decision, check } = await decide(
      { '.github/hands-off.yml': config(signatureAt + keyInline(trusted.publicPem)) },
      {},
    );
    expect(check).toMatchObject({ verdict: 'wait', reason: expect.stringContaining('(404)') });
    expect(decision.verdict).toBe('wait');
  });

  it('refuses a signature URL outside the operator allow-list, fetching nothing', async () => {
    const { decision, asked } = await decide(
      { '.github/hands-off.yml': config(signatureAt + keyInline(trusted.publicPem)) },
      { [bundleUrl]: good },
      ['https://artifacts.example.com/other/'],
    );
    expect(decision.verdict).toBe('reject');
    expect(decision.reason).toMatch(/is not among the endpoints this gate may call/);
    expect(asked).toEqual([]);
  });

  it('rejects require-signature without a signature block, and a key path missing at the commit', async () => {
    const none = await decide({ '.github/hands-off.yml': config(keyInline(trusted.publicPem)) }, {});
    expect(none.decision.verdict).toBe('reject');
    expect(none.decision.reason).toMatch(/gate\.signature: input `signature`: must name the signature/);
    const missingKey = await decide(
      { '.github/hands-off.yml': config(`${signatureAt}      public-key: keys/gone.pem\n`) },
      { [bundleUrl]: good },
    );
    expect(missingKey.check).toMatchObject({
      verdict: 'reject',
      reason: expect.stringContaining('`keys/gone.pem` does not exist at 9fceb02d0ae5'),
    });
  });
});
