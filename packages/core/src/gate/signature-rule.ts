import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigValues } from '../config/config-file.js';
import { HandsOffError, InputError, describeError } from '../errors.js';
import { parseBoolean } from '../inputs/parse-scalars.js';
import { parseVerifyInputs, verifyArtifacts } from '../signature/verify-artifacts.js';
import { isUnder } from './allowed-endpoints.js';
import type { GateCheck, GateDeps, GateRepository, GateRequest, GateSettings } from './gate-types.js';

/** Largest signature file the gate downloads: a bundle or envelope is a few kilobytes. */
const MAX_SIGNATURE_BYTES = 1024 * 1024;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Where the gate finds the signature of a commit's artifact (`gate.signature`). */
export interface SignatureRule {
  /** `bundle` or `envelope`. */
  kind: 'bundle' | 'envelope';
  /** Its URL, `{sha}` already replaced by the deployment's commit. */
  url: string;
  /** The artifact's name as the signed statement's subject names it, e.g. `shop.zip`. */
  subject: string;
}

/** `gate.signature` with `require-signature: true`; undefined when no signature is required. */
export function signatureRuleOf(
  gate: ConfigValues,
  block: ConfigValues,
  sha: string,
): SignatureRule | undefined {
  const required = Object.hasOwn(gate, 'require-signature')
    ? parseBoolean('require-signature', gate['require-signature'] ?? '')
    : false;
  if (!required) return undefined;
  const example =
    '`signature: { bundle: https://artifacts.example.com/shop/{sha}/shop.zip.sigstore.json, subject: shop.zip }`';
  const kind = block.bundle !== undefined ? 'bundle' : block.envelope !== undefined ? 'envelope' : undefined;
  if (kind === undefined || block.subject === undefined) {
    throw new InputError(
      'signature',
      'must name the signature (`bundle` or `envelope` URL) and the artifact (`subject`) when `require-signature` is true',
      example,
    );
  }
  if (block.bundle !== undefined && block.envelope !== undefined) {
    throw new InputError('signature', 'names both a `bundle` and an `envelope`; give one', example);
  }
  return { kind, url: (block[kind] ?? '').replaceAll('{sha}', sha), subject: block.subject };
}

/**
 * The commit's artifact is signed: the signature published at the configured URL verifies with the
 * trusted keys (`public-key`: PEM text, or paths read at the commit) and `threshold`, its provenance
 * names this very commit (and the `expect-*` of the entry), and it signs the configured subject. The
 * artifact's bytes are checked against the signed digest by the deploy step that ships them.
 * Not published yet or unreachable: wait. Anything that does not verify: reject.
 */
export async function evaluateSignature(
  request: GateRequest,
  repository: GateRepository,
  rule: SignatureRule,
  gate: ConfigValues,
  settings: GateSettings,
  deps: GateDeps,
): Promise<GateCheck> {
  if (!settings.allowedEndpoints.some((prefix) => isUnder(rule.url, prefix))) {
    return reject(
      `the ${rule.kind} URL ${rule.url} is not among the endpoints this gate may call (its operator allows: ${settings.allowedEndpoints.join(', ') || 'none'})`,
    );
  }
  let text: string;
  try {
    const response = await deps.fetch(rule.url, deps.signal ? { signal: deps.signal } : {});
    if (response.status === 404) return wait(`no ${rule.kind} at ${rule.url} yet (404)`);
    if (!response.ok) return wait(`the ${rule.kind} at ${rule.url} cannot be read: HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    return wait(`the ${rule.kind} at ${rule.url} cannot be read: ${describeError(error)}`);
  }
  if (Buffer.byteLength(text) > MAX_SIGNATURE_BYTES) {
    return reject(`the ${rule.kind} at ${rule.url} is larger than 1 MiB: not a signature`);
  }

  const dir = await mkdtemp(join(tmpdir(), 'hands-off-gate-signature-'));
  try {
    const file = join(dir, `signature.${rule.kind === 'bundle' ? 'sigstore.json' : 'intoto.jsonl'}`);
    await writeFile(file, text, 'utf8');
    let publicKeys: string;
    try {
      publicKeys = await keysAtCommit(gate['public-key'] ?? '', repository, request.sha);
    } catch (error) {
      return error instanceof HandsOffError && error.code !== 'UNAVAILABLE'
        ? reject(describeError(error))
        : wait(`the trusted keys cannot be read: ${describeError(error)}`);
    }
    const value = (name: string): string => {
      if (name === rule.kind) return file;
      if (name === 'public-key') return publicKeys;
      // What is deployed must have been built from the commit being deployed.
      if (name === 'expect-commit') return request.sha;
      if (name === 'bundle' || name === 'envelope') return '';
      return (Object.hasOwn(gate, name) ? gate[name] : undefined)?.trim() ?? '';
    };
    let verdict: Awaited<ReturnType<typeof verifyArtifacts>>;
    try {
      verdict = await verifyArtifacts(await parseVerifyInputs(value, dir), [], {
        workspace: dir,
        match: 'each-file',
      });
    } catch (error) {
      return reject(describeError(error));
    }
    if (!verdict.ok) return reject(`${rule.url}: ${verdict.check}: ${verdict.reason}`);
    const subject = verdict.statement.subject.find((candidate) => candidate.name === rule.subject);
    if (subject === undefined) {
      return reject(
        `${rule.url} verifies but signs no subject \`${rule.subject}\` (it signs: ${verdict.statement.subject.map((s) => s.name).join(', ')})`,
      );
    }
    const digest = subject.digest.sha256 ?? '';
    return {
      name: 'signature',
      verdict: 'approve',
      reason: `${rule.subject} sha256:${digest.slice(0, 12)}… of ${request.sha.slice(0, 12)} signed by ${verdict.signers.join(', ')}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `public-key` with its paths read at the commit: PEM text only, as the verifier reads it. */
async function keysAtCommit(raw: string, repository: GateRepository, sha: string): Promise<string> {
  const pems = [...(raw.match(PEM_BLOCK) ?? [])];
  for (const line of raw.replace(PEM_BLOCK, '\n').split('\n')) {
    const path = line.trim().replace(/^\.\//, '');
    if (path === '') continue;
    const text = await repository.readFile(path, sha);
    if (text === undefined) {
      throw new InputError(
        'public-key',
        `\`${path}\` does not exist at ${sha.slice(0, 12)}`,
        '`keys/release.pem`',
      );
    }
    pems.push(text);
  }
  return pems.join('\n');
}

function reject(reason: string): GateCheck {
  return { name: 'signature', verdict: 'reject', reason };
}

function wait(reason: string): GateCheck {
  return { name: 'signature', verdict: 'wait', reason };
}
