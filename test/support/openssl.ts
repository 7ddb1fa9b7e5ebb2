import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './require-tool.js';

/** Fails the calling test when openssl is not installed: the signature tests are judged by it. */
export function requireOpenssl(): void {
  requireTool('openssl', ['version'], 'apt-get install -y openssl');
}

/** Runs openssl in `cwd` and returns its stdout; throws with its stderr when it exits non-zero. */
export function openssl(args: string[], cwd: string, input?: Buffer): Buffer {
  return execFileSync('openssl', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Whether an openssl verification command succeeded (exit 0), with its output for the failure message. */
export function opensslSucceeds(args: string[], cwd: string): { ok: boolean; output: string } {
  const run = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/** A fresh temporary directory for one test's files. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `hands-off-${prefix}-`));
}

/** A key pair made by openssl: file names in `dir` and the PEM texts. */
export interface OpensslKeyPair {
  readonly keyFile: string;
  readonly pubFile: string;
  readonly privatePem: string;
  readonly publicPem: string;
}

/** Key kinds the tests ask openssl for; the last two are ones hands-off refuses. */
export type OpensslKeyKind = 'p256-sec1' | 'p256-pkcs8' | 'ed25519' | 'p384' | 'rsa';

/** Generates a key pair with openssl into `dir` as `<name>.pem` and `<name>.pub.pem`. */
export function opensslKeyPair(dir: string, kind: OpensslKeyKind, name: string = kind): OpensslKeyPair {
  const keyFile = `${name}.pem`;
  const pubFile = `${name}.pub.pem`;
  const generate: Record<OpensslKeyKind, string[]> = {
    // `ecparam -genkey` writes the SEC1 `EC PRIVATE KEY` form; genpkey writes PKCS#8.
    'p256-sec1': ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyFile],
    'p256-pkcs8': ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile],
    ed25519: ['genpkey', '-algorithm', 'ed25519', '-out', keyFile],
    p384: ['ecparam', '-name', 'secp384r1', '-genkey', '-noout', '-out', keyFile],
    rsa: ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', keyFile],
  };
  openssl(generate[kind], dir);
  openssl(['pkey', '-in', keyFile, '-pubout', '-out', pubFile], dir);
  return {
    keyFile,
    pubFile,
    privatePem: readFileSync(join(dir, keyFile), 'utf8'),
    publicPem: readFileSync(join(dir, pubFile), 'utf8'),
  };
}

/**
 * Converts an ECDSA DER signature to raw r‖s (IEEE P1363, 32 + 32 bytes) with `openssl asn1parse`,
 * so the conversion is not our own code.
 */
export function derToP1363(dir: string, derFile: string): Buffer {
  const listing = openssl(['asn1parse', '-inform', 'DER', '-in', derFile], dir).toString('utf8');
  const integers = [...listing.matchAll(/INTEGER\s*:(-?[0-9A-F]+)/g)].map((m) => m[1] ?? '');
  if (integers.length !== 2) throw new Error(`expected r and s in:\n${listing}`);
  return Buffer.concat(integers.map((hex) => Buffer.from(hex.padStart(64, '0'), 'hex')));
}
