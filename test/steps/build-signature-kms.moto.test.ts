import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  type KeySpec,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { buildSignatureStep, ExitCode, runStep, type BuildContext } from '@hands-off/core';
import { preAuthEncoding } from '../../packages/core/src/signature/dsse.js';
import { memoryRuntime } from '../support/memory-runtime.js';
import { startMoto, type MotoServer } from '../support/moto-server.js';
import { openssl, opensslSucceeds, requireOpenssl, tempDir } from '../support/openssl.js';
import { requireTool } from '../support/require-tool.js';

/**
 * build-signature signing with `kms-key-id` against a real moto server: what it writes is judged
 * by openssl and sha256sum with the key GetPublicKey returns, and by the step's own verify mode.
 * A missing moto fails these tests (startMoto throws), under CI=true as anywhere: never a skip.
 */

const BUILD: BuildContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  workflowPath: '.github/workflows/release.yml',
  runId: '7',
  runAttempt: '1',
  invocationUrl: 'https://github.com/acme/shop/actions/runs/7/attempts/1',
  builderId: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
  eventName: 'push',
};

let moto: MotoServer;
let client: KMSClient;
const sent: SignCommandInput[] = [];
/** The regions the step asked the injected client maker for. */
const regions: string[] = [];

beforeAll(async () => {
  requireOpenssl();
  requireTool('sha256sum', ['--version'], 'apt-get install -y coreutils');
  moto = await startMoto();
  // Endpoint and credentials given to the client itself: no AWS_* variable of this process changes.
  client = new KMSClient({
    region: 'us-east-1',
    endpoint: moto.url,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SignCommand') sent.push(args.input as SignCommandInput);
      return next(args);
    },
    { step: 'initialize', name: 'recordSignInputs' },
  );
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

async function createKey(keySpec: KeySpec, keyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT'): Promise<string> {
  const made = await client.send(new CreateKeyCommand({ KeySpec: keySpec, KeyUsage: keyUsage }));
  const keyId = made.KeyMetadata?.KeyId;
  if (keyId === undefined) throw new Error('moto CreateKey returned no key id');
  return keyId;
}

function step() {
  return buildSignatureStep({
    kmsClient: async (region) => {
      regions.push(region);
      return client;
    },
  });
}

/** A workspace with two artifacts. */
function workspace(): string {
  const dir = tempDir('kms-step');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist/app.js'), 'console.log("signed by KMS");\n');
  writeFileSync(join(dir, 'dist/app.css'), 'body { color: red }\n');
  return dir;
}

async function run(dir: string, inputs: Record<string, string>) {
  const runtime = memoryRuntime(inputs, { workspace: dir, platform: 'github', build: BUILD });
  const code = await runStep(step(), runtime);
  const errors = runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
  return { code, runtime, errors };
}

describe('build-signature with kms-key-id against moto', () => {
  it('signs through KMS: openssl verifies the envelope, the key id and public-key.pem match GetPublicKey, verify mode accepts it', async () => {
    const keyId = await createKey('ECC_NIST_P256', 'SIGN_VERIFY');
    const dir = workspace();
    sent.length = 0;
    regions.length = 0;
    const signed = await run(dir, { 'subject-path': 'dist', 'kms-key-id': keyId, 'aws-region': 'us-east-1' });
    expect(signed.errors).toEqual([]);
    expect(signed.code).toBe(ExitCode.Ok);
    expect(regions).toEqual(['us-east-1']);
    // One Sign per signature written: the envelope and the bundle, each over the PAE, RAW.
    expect(sent.map((input) => [input.KeyId, input.MessageType, input.SigningAlgorithm])).toEqual([
      [keyId, 'RAW', 'ECDSA_SHA_256'],
      [keyId, 'RAW', 'ECDSA_SHA_256'],
    ]);

    // The key as KMS reports it, turned into PEM by openssl.
    const answer = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    const keys = tempDir('kms-step-keys');
    writeFileSync(join(keys, 'kms.der'), answer.PublicKey ?? new Uint8Array());
    openssl(['pkey', '-pubin', '-inform', 'DER', '-in', 'kms.der', '-out', 'kms.pem'], keys);
    const kmsPem = readFileSync(join(keys, 'kms.pem'), 'utf8');

    const out = join(dir, '.hands-off/signature');
    expect(readFileSync(join(out, 'public-key.pem'), 'utf8')).toBe(kmsPem);

    const keyid = execFileSync('sh', ['-c', 'openssl pkey -pubin -in kms.pem -outform DER | sha256sum'], {
      cwd: keys,
    })
      .toString()
      .split(' ')[0];
    expect(keyid).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.runtime.outputs.get('public-key-id')).toBe(keyid);

    const envelope = JSON.parse(readFileSync(join(out, 'subjects.intoto.jsonl'), 'utf8')) as {
      payloadType: string;
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    expect(envelope.signatures).toHaveLength(1);
    expect(envelope.signatures[0]?.keyid).toBe(keyid);
    const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
    expect(Buffer.from(sent[0]?.Message ?? []).equals(pae)).toBe(true);
    writeFileSync(join(keys, 'pae.bin'), pae);
    writeFileSync(join(keys, 'envelope.sig'), Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64'));
    expect(
      opensslSucceeds(
        ['dgst', '-sha256', '-verify', 'kms.pem', '-signature', 'envelope.sig', 'pae.bin'],
        keys,
      ),
    ).toEqual({ ok: true, output: 'Verified OK' });
    // The same check fails for other bytes, so it is not vacuous.
    writeFileSync(join(keys, 'other.bin'), Buffer.concat([pae, Buffer.from(' ')]));
    expect(
      opensslSucceeds(
        ['dgst', '-sha256', '-verify', 'kms.pem', '-signature', 'envelope.sig', 'other.bin'],
        keys,
      ).ok,
    ).toBe(false);

    // The bundle names the key by the same id and its signature verifies too.
    const bundle = JSON.parse(readFileSync(join(out, 'subjects.sigstore.json'), 'utf8')) as {
      verificationMaterial: { publicKey: { hint: string } };
      dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] };
    };
    expect(bundle.verificationMaterial.publicKey.hint).toBe(keyid);
    expect(bundle.dsseEnvelope.payload).toBe(envelope.payload);
    writeFileSync(
      join(keys, 'bundle.sig'),
      Buffer.from(bundle.dsseEnvelope.signatures[0]?.sig ?? '', 'base64'),
    );
    expect(
      opensslSucceeds(['dgst', '-sha256', '-verify', 'kms.pem', '-signature', 'bundle.sig', 'pae.bin'], keys),
    ).toEqual({ ok: true, output: 'Verified OK' });

    // The step's own verify mode, trusting the key from GetPublicKey, for both signature files.
    for (const [kind, file] of [
      ['envelope', 'subjects.intoto.jsonl'],
      ['bundle', 'subjects.sigstore.json'],
    ] as const) {
      const verified = await run(dir, {
        mode: 'verify',
        [kind]: `.hands-off/signature/${file}`,
        'public-key': kmsPem,
        'subject-path': 'dist',
        'expect-repository': 'acme/shop',
        'expect-ref': 'refs/heads/main',
        'expect-commit': BUILD.commit,
        'expect-builder': BUILD.builderId,
      });
      expect({ kind, errors: verified.errors }).toEqual({ kind, errors: [] });
      expect(verified.code).toBe(ExitCode.Ok);
      expect(verified.runtime.outputs.get('verified')).toBe('true');
      expect(verified.runtime.outputs.get('signers')).toBe(keyid);
    }

    // And refuses it once an artifact changes.
    writeFileSync(join(dir, 'dist/app.css'), 'body { color: blue }\n');
    const tampered = await run(dir, {
      mode: 'verify',
      envelope: '.hands-off/signature/subjects.intoto.jsonl',
      'public-key': kmsPem,
    });
    expect(tampered.code).toBe(ExitCode.Refused);
    expect(tampered.errors).toEqual([
      expect.stringMatching(/^build-signature: not verified \(digest: dist\/app\.css\): /),
    ]);
  });

  const wrongKeys: [KeySpec, 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT'][] = [
    ['RSA_2048', 'SIGN_VERIFY'],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY'],
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
  ];
  it.each(wrongKeys)(
    'refuses a %s key for %s with exit 1 and one line naming kms-key-id, writing nothing',
    async (spec, usage) => {
      const keyId = await createKey(spec, usage);
      const dir = workspace();
      sent.length = 0;
      const { code, errors, runtime } = await run(dir, { 'subject-path': 'dist', 'kms-key-id': keyId });
      expect(code).toBe(ExitCode.Error);
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `^build-signature: input \`kms-key-id\`: \`${keyId}\` is a ${spec} key for ${usage}; ` +
              'hands-off signs only with ECC_NIST_P256 keys for SIGN_VERIFY; example of a valid value: ',
          ),
        ),
      ]);
      expect(sent).toEqual([]);
      expect(existsSync(join(dir, '.hands-off/signature'))).toBe(false);
      expect(runtime.outputs.get('public-key-id')).toBeUndefined();
    },
  );

  it('names kms-key-id when the key does not exist', async () => {
    const dir = workspace();
    const { code, errors } = await run(dir, {
      'subject-path': 'dist',
      'kms-key-id': '00000000-0000-0000-0000-000000000000',
    });
    expect(code).toBe(ExitCode.Error);
    expect(errors).toEqual([
      expect.stringMatching(
        /^build-signature: input `kms-key-id`: `00000000-0000-0000-0000-000000000000`: KMS GetPublicKey: NotFoundException/,
      ),
    ]);
    expect(existsSync(join(dir, '.hands-off/signature'))).toBe(false);
  });
});
