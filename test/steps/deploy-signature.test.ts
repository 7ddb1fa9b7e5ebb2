import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSignatureStep, deployStep, ExitCode, rollbackStep, runStep } from '@hands-off/core';
import { startLocalFleet, type LocalFleet } from '../support/local-fleet.js';
import { memoryRuntime } from '../support/memory-runtime.js';
import { opensslKeyPair, requireOpenssl, tempDir, type OpensslKeyPair } from '../support/openssl.js';
import { ROOT } from '../support/run-action.js';

const node = JSON.stringify(process.execPath);

/** A workspace with a release file `build/shop-v2.zip`, signed by `signer` with build-signature. */
async function signedWorkspace(signer: OpensslKeyPair): Promise<string> {
  const workspace = tempDir('deploy-signed');
  mkdirSync(join(workspace, 'build'));
  writeFileSync(join(workspace, 'build/shop-v2.zip'), 'the v2 release\n');
  writeFileSync(join(workspace, 'build/shop-v1.zip'), 'the v1 release\n');
  const runtime = memoryRuntime(
    { 'subject-path': 'build/shop-v2.zip\nbuild/shop-v1.zip', key: signer.privatePem },
    { workspace },
  );
  expect(await runStep(buildSignatureStep(), runtime)).toBe(ExitCode.Ok);
  return workspace;
}

describe('one-box-deploy and rollback verify the artifact by build-signature before any command runs', () => {
  let fleet: LocalFleet | undefined;
  let keys: OpensslKeyPair;
  let otherKeys: OpensslKeyPair;
  beforeAll(() => {
    requireOpenssl();
    const dir = tempDir('deploy-keys');
    keys = opensslKeyPair(dir, 'p256-pkcs8', 'release');
    otherKeys = opensslKeyPair(dir, 'ed25519', 'other');
  });
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });
  const fleetInputs = (f: LocalFleet) => ({
    target: 'command',
    hosts: f.hosts.join('\n'),
    'deploy-command': `${node} ${join(ROOT, 'test/support/fleet-deploy.mjs')}`,
    'health-command': `${node} ${join(ROOT, 'test/support/fleet-health.mjs')}`,
  });
  const commandEnv = (f: LocalFleet) => ({
    PATH: process.env.PATH ?? '',
    FLEET_DIR: f.dir,
    FLEET_DEPLOY_MS: '20',
  });

  async function deploy(workspace: string, f: LocalFleet, inputs: Record<string, string>) {
    const runtime = memoryRuntime({ ...fleetInputs(f), ...inputs }, { workspace });
    const code = await runStep(deployStep({ commandEnv: commandEnv(f) }), runtime);
    return { code, runtime, errors: runtime.lines.filter((l) => l.level === 'error').map((l) => l.text) };
  }

  const cases: {
    name: string;
    inputs: (ws: string) => Record<string, string>;
    tamper?: (ws: string) => void;
    line: RegExp;
  }[] = [
    {
      name: 'a tampered artifact',
      inputs: () => ({ bundle: '.hands-off/signature/subjects.sigstore.json', 'public-key': keys.publicPem }),
      tamper: (ws) => writeFileSync(join(ws, 'build/shop-v2.zip'), 'the v2 release, patched\n'),
      line: /^one-box-deploy: build\/shop-v2\.zip not verified, nothing deployed \(digest: build\/shop-v2\.zip\): /,
    },
    {
      name: 'the wrong key',
      inputs: () => ({
        envelope: '.hands-off/signature/subjects.intoto.jsonl',
        'public-key': otherKeys.publicPem,
      }),
      line: /^one-box-deploy: build\/shop-v2\.zip not verified, nothing deployed \(signature\): 0 distinct trusted key\(s\) signed/,
    },
    {
      name: 'an unsigned artifact',
      inputs: (ws) => {
        writeFileSync(join(ws, 'build/shop-v3.zip'), 'never signed\n');
        return {
          bundle: '.hands-off/signature/subjects.sigstore.json',
          'public-key': keys.publicPem,
          artifact: 'build/shop-v3.zip',
        };
      },
      line: /^one-box-deploy: build\/shop-v3\.zip not verified, nothing deployed \(digest: build\/shop-v3\.zip\): .*is not in the signed statement/,
    },
    {
      name: 'a statement from another ref',
      inputs: () => ({
        bundle: '.hands-off/signature/subjects.sigstore.json',
        'public-key': keys.publicPem,
        'expect-ref': 'refs/heads/main',
      }),
      line: /^one-box-deploy: build\/shop-v2\.zip not verified, nothing deployed \(policy: expect-ref\): the statement names no ref/,
    },
  ];

  it.each(cases)(
    '$name is refused with exit 2 before any command runs: every host stays on v1',
    async (c) => {
      fleet = await startLocalFleet(2);
      const workspace = await signedWorkspace(keys);
      const inputs = c.inputs(workspace);
      c.tamper?.(workspace);
      const { code, errors, runtime } = await deploy(workspace, fleet, {
        revision: 'build/shop-v2.zip',
        ...inputs,
      });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(c.line);
      expect(code).toBe(ExitCode.Refused);
      expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1']);
      // No deployment was recorded: the state file was never written.
      expect(() => readFileSync(join(workspace, '.hands-off/command-target.json'))).toThrow();
      const record = JSON.parse(
        readFileSync(join(runtime.context.outputDir, 'decision-log.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .at(-1) ?? '{}',
      ) as {
        verdict: string;
      };
      expect(record.verdict).toBe('unverified');
    },
  );

  it('a good signature deploys, and the decision log and summary say who signed what was deployed', async () => {
    fleet = await startLocalFleet(2);
    const workspace = await signedWorkspace(keys);
    const { code, runtime, errors } = await deploy(workspace, fleet, {
      revision: 'build/shop-v2.zip',
      bundle: '.hands-off/signature/subjects.sigstore.json',
      'public-key': keys.publicPem,
    });
    expect(errors).toEqual([]);
    expect(code).toBe(ExitCode.Ok);
    // The one box got the verified build; the rest of the fleet waits for its bake.
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['build/shop-v2.zip', 'v1']);
    const signerId = runtime.lines
      .find((l) => / verified: signed by /.test(l.text))
      ?.text.split('signed by ')[1];
    expect(signerId).toMatch(/^[0-9a-f]{64}$/);
    const record = JSON.parse(
      readFileSync(join(runtime.context.outputDir, 'decision-log.jsonl'), 'utf8').trim().split('\n').at(-1) ??
        '{}',
    ) as {
      observations: { signature?: { artifact: string; signers: string[] } };
    };
    expect(record.observations.signature).toEqual(
      expect.objectContaining({ artifact: 'build/shop-v2.zip', signers: [signerId] }),
    );
    expect(runtime.summaries.at(-1)).toContain(`Signed by | ${signerId} (build/shop-v2.zip)`);
  });

  it.each(['expect-commit', 'threshold', 'expect-repository'])(
    'a signature policy given as an input without `bundle` or `envelope` (`%s`) is refused: exit 1, one line, nothing run',
    async (policy) => {
      fleet = await startLocalFleet(2);
      const workspace = await signedWorkspace(keys);
      const value =
        { 'expect-commit': 'a'.repeat(40), threshold: '2', 'expect-repository': 'acme/shop' }[policy] ?? '';
      const { code, errors } = await deploy(workspace, fleet, {
        revision: 'build/shop-v2.zip',
        [policy]: value,
      });
      expect(code).toBe(ExitCode.Error);
      expect(errors).toEqual([
        `one-box-deploy: input \`bundle\`: or \`envelope\` is required: \`${policy}\` was given, so the signature must be verified; example of a valid value: \`.hands-off/signature/shop.zip.sigstore.json\` (written by build-signature)`,
      ]);
      expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1']);
    },
  );

  it('`require-signature: true` in the config refuses a deploy and a rollback without signature inputs (exit 1, nothing run)', async () => {
    fleet = await startLocalFleet(2);
    const workspace = await signedWorkspace(keys);
    writeFileSync(
      join(workspace, 'hands-off.yml'),
      'environments:\n  production:\n    require-signature: true\n    public-key: |\n' +
        keys.publicPem
          .trim()
          .split('\n')
          .map((line) => `      ${line}`)
          .join('\n') +
        '\n',
    );
    const { code, errors } = await deploy(workspace, fleet, {
      environment: 'production',
      revision: 'build/shop-v2.zip',
    });
    expect(code).toBe(ExitCode.Error);
    expect(errors).toEqual([
      expect.stringMatching(
        /^one-box-deploy: input `bundle`: or `envelope` is required: hands-off\.yml sets `require-signature: true` for `production`/,
      ),
    ]);
    const rollback = memoryRuntime(
      { ...fleetInputs(fleet), environment: 'production', to: 'build/shop-v1.zip' },
      { workspace },
    );
    expect(await runStep(rollbackStep({ commandEnv: commandEnv(fleet) }), rollback)).toBe(ExitCode.Error);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual(['v1', 'v1']);

    // With the bundle (keys from the config entry) the same environment deploys, then rolls back verified.
    const good = await deploy(workspace, fleet, {
      environment: 'production',
      revision: 'build/shop-v2.zip',
      bundle: '.hands-off/signature/subjects.sigstore.json',
    });
    expect(good.errors).toEqual([]);
    expect(good.code).toBe(ExitCode.Ok);
    const back = memoryRuntime(
      {
        ...fleetInputs(fleet),
        environment: 'production',
        to: 'build/shop-v1.zip',
        bundle: '.hands-off/signature/subjects.sigstore.json',
      },
      { workspace },
    );
    expect(await runStep(rollbackStep({ commandEnv: commandEnv(fleet) }), back)).toBe(ExitCode.Ok);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual([
      'build/shop-v1.zip',
      'build/shop-v1.zip',
    ]);

    // A rollback to a tampered build is refused before any command runs.
    writeFileSync(join(workspace, 'build/shop-v2.zip'), 'tampered\n');
    const bad = memoryRuntime(
      {
        ...fleetInputs(fleet),
        environment: 'production',
        to: 'build/shop-v2.zip',
        bundle: '.hands-off/signature/subjects.sigstore.json',
      },
      { workspace },
    );
    expect(await runStep(rollbackStep({ commandEnv: commandEnv(fleet) }), bad)).toBe(ExitCode.Refused);
    expect(bad.lines.filter((l) => l.level === 'error').map((l) => l.text)).toEqual([
      expect.stringMatching(
        /^rollback: build\/shop-v2\.zip not verified, nothing deployed \(digest: build\/shop-v2\.zip\): /,
      ),
    ]);
    expect(await Promise.all(fleet.hosts.map((h) => fleet!.serving(h)))).toEqual([
      'build/shop-v1.zip',
      'build/shop-v1.zip',
    ]);
  });
});
