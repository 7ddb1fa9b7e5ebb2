// build-signature core benchmarks, run by `npm run bench` under Node 24 (types stripped by Node
// itself), each against a baseline measured in the same run:
//  (1) SHA-256 throughput of sha256File on a 1 GiB file vs `openssl dgst -sha256` on the same file:
//      one warm-up read of each (page cache), then at least 3 runs each, interleaved, median;
//      fails when ours/openssl is below 0.9 (or when the digests differ).
//  (2) peak RSS of a child node that hashes 1 GiB, and one that hashes 4 GiB, vs a child that only
//      imports digests.ts and exits (each child reports its maxRSS on exit); fails when a peak
//      exceeds 120 MB or the 4 GiB peak is 16 MB or more above the 1 GiB peak.
//  (3) signing 1,000 small files (digestFiles, buildStatement, loadPrivateKeySigner of a P-256 PEM,
//      signEnvelope) and verifying them (verifyEnvelope of the envelope's JSON text, re-hashing,
//      checkSubjects) vs one `sha256sum` over the same files; median of 5 after a warm-up. No
//      time target; fails when verification or a digest check fails.
// Sizes shrink for a quick try: BENCH_HASH_GIB (1), BENCH_BIG_GIB (4), BENCH_HASH_RUNS (3),
// BENCH_SUBJECTS (1000), BENCH_SIGN_RUNS (5). Everything is written under one mkdtemp directory,
// removed at the end, on failure too.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSubjects, digestFiles, sha256File } from '../packages/core/src/signature/digests.js';
import { signEnvelope, verifyEnvelope } from '../packages/core/src/signature/dsse.js';
import {
  buildStatement,
  IN_TOTO_PAYLOAD_TYPE,
  SLSA_PROVENANCE_V1,
} from '../packages/core/src/signature/in-toto.js';
import { loadPrivateKeySigner } from '../packages/core/src/signature/signing-key.js';

const ROOT = new URL('..', import.meta.url).pathname;
const HOOK = join(ROOT, 'scripts/ts-resolve-hook.mjs');
const DIGESTS = new URL('../packages/core/src/signature/digests.ts', import.meta.url).href;
const GIB = 1024 ** 3;
const CHUNK = 16 * 1024 * 1024;
const HASH_BYTES = Math.round(Number(process.env.BENCH_HASH_GIB ?? 1) * GIB);
const BIG_BYTES = Math.round(Number(process.env.BENCH_BIG_GIB ?? 4) * GIB);
const HASH_RUNS = Math.max(3, Number(process.env.BENCH_HASH_RUNS ?? 3));
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1000);
const SIGN_RUNS = Number(process.env.BENCH_SIGN_RUNS ?? 5);
const RATIO_TARGET = 0.9;
const PEAK_TARGET = 120e6;
const GROWTH_TARGET = 16e6;

/** The child's maxRSS (KiB), written to $BENCH_RSS_FILE when it exits, however it exits. */
const REPORT_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs';" +
    "process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;
/** The child: imports sha256File and, given $BENCH_FILE, prints its digest. */
const CHILD = `const { sha256File } = await import(${JSON.stringify(DIGESTS)});
if (process.env.BENCH_FILE) console.log(await sha256File(process.env.BENCH_FILE));`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const signedMb = (bytes: number) => `${bytes < 0 ? '-' : '+'}${mb(Math.abs(bytes))}`;
const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Runs a command to its end: its stdout, exit code and wall time (spawn included). */
async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ out: string; err: string; code: number | null; ms: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { out, err, code, ms: elapsedMs(start) };
}

async function openssl(path: string): Promise<{ digest: string; ms: number }> {
  const result = await run('openssl', ['dgst', '-sha256', '-r', path]);
  if (result.code !== 0) throw new Error(`openssl dgst exited ${result.code}: ${result.err}`);
  return { digest: result.out.slice(0, 64), ms: result.ms };
}

async function ours(path: string): Promise<{ digest: string; ms: number }> {
  const start = process.hrtime.bigint();
  const digest = await sha256File(path);
  return { digest, ms: elapsedMs(start) };
}

/** Appends `bytes` of 16 MiB random blocks (each stamped with its index, so no two are equal). */
function appendRandom(path: string, bytes: number, block: Buffer, firstIndex: number): void {
  const fd = openSync(path, 'a');
  try {
    for (let written = 0, i = firstIndex; written < bytes; i++) {
      block.writeUInt32BE(i, 0);
      written += writeSync(fd, block, 0, Math.min(block.length, bytes - written));
    }
  } finally {
    closeSync(fd);
  }
}

/** Peak RSS (bytes) of a child node that imports digests.ts and hashes `file` (none: import only). */
async function childPeak(temp: string, file: string | null, expected: string | null): Promise<number> {
  const rssFile = join(temp, 'maxrss');
  rmSync(rssFile, { force: true });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', BENCH_RSS_FILE: rssFile };
  if (file !== null) env.BENCH_FILE = file;
  const args = ['--import', HOOK, '--import', REPORT_RSS, '--input-type=module', '-e', CHILD];
  const result = await run(process.execPath, args, { env });
  if (result.code !== 0) throw new Error(`hashing child exited ${result.code}: ${result.err}`);
  if (expected !== null && result.out.trim() !== expected) {
    throw new Error(`hashing child printed ${result.out.trim()}, openssl ${expected}`);
  }
  // maxRSS is in kibibytes.
  return Number(readFileSync(rssFile, 'utf8')) * 1024;
}

async function hashThroughput(file: string): Promise<{ ok: boolean; digest: string }> {
  const warm = await openssl(file);
  const warmOurs = await ours(file);
  if (warmOurs.digest !== warm.digest)
    throw new Error(`digests differ: ours ${warmOurs.digest}, openssl ${warm.digest}`);
  const oursMs: number[] = [];
  const opensslMs: number[] = [];
  for (let i = 0; i < HASH_RUNS; i++) {
    const a = await ours(file);
    const b = await openssl(file);
    if (a.digest !== warm.digest || b.digest !== warm.digest)
      throw new Error('a digest changed between runs');
    oursMs.push(a.ms);
    opensslMs.push(b.ms);
  }
  const rate = (ms: number) => HASH_BYTES / 1e6 / (ms / 1000);
  const ratio = rate(median(oursMs)) / rate(median(opensslMs));
  const ok = ratio >= RATIO_TARGET;
  console.log(
    `sha256 ${mb(HASH_BYTES)} (median of ${HASH_RUNS}, interleaved, after a warm-up): ` +
      `sha256File ${rate(median(oursMs)).toFixed(0)} MB/s (${median(oursMs).toFixed(0)} ms), ` +
      `openssl dgst ${rate(median(opensslMs)).toFixed(0)} MB/s (${median(opensslMs).toFixed(0)} ms); ` +
      `ratio ours/openssl ${ratio.toFixed(2)}; target >= ${RATIO_TARGET}: ${ok ? 'met' : 'MISSED'}; digests equal`,
  );
  return { ok, digest: warm.digest };
}

async function peakRss(temp: string, file: string, digest: string, block: Buffer): Promise<boolean> {
  const baseline = await childPeak(temp, null, null);
  const small = await childPeak(temp, file, digest);
  appendRandom(file, BIG_BYTES - HASH_BYTES, block, Math.ceil(HASH_BYTES / CHUNK));
  const bigDigest = (await openssl(file)).digest;
  const big = await childPeak(temp, file, bigDigest);
  rmSync(file);
  const growth = big - small;
  const ok = small <= PEAK_TARGET && big <= PEAK_TARGET && growth < GROWTH_TARGET;
  console.log(`peak RSS, child that only imports digests.ts: ${mb(baseline)}`);
  console.log(
    `peak RSS, child hashing ${mb(HASH_BYTES)}: ${mb(small)} (${signedMb(small - baseline)} over the baseline); ` +
      `hashing ${mb(BIG_BYTES)}: ${mb(big)} (${signedMb(big - baseline)}); growth ${signedMb(growth)}; ` +
      `target peak <= ${mb(PEAK_TARGET)} and growth < ${mb(GROWTH_TARGET)}: ${ok ? 'met' : 'MISSED'}`,
  );
  return ok;
}

async function signAndVerify(temp: string): Promise<boolean> {
  const dir = join(temp, 'subjects');
  mkdirSync(dir);
  const files: { name: string; path: string }[] = [];
  let total = 0;
  for (let i = 0; i < SUBJECTS; i++) {
    const name = `file-${String(i).padStart(4, '0')}.bin`;
    const content = randomBytes(2048 + ((i * 1031) % 4096));
    total += content.length;
    writeFileSync(join(dir, name), content);
    files.push({ name: `dist/${name}`, path: join(dir, name) });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const predicate = { buildDefinition: { buildType: 'https://example.com/bench' }, runDetails: {} };

  let envelopeText = '';
  const signOnce = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    const subjects = await digestFiles(files);
    const statement = buildStatement(subjects, SLSA_PROVENANCE_V1, predicate);
    const signer = loadPrivateKeySigner(privatePem);
    const envelope = signEnvelope(Buffer.from(JSON.stringify(statement)), IN_TOTO_PAYLOAD_TYPE, signer);
    envelopeText = JSON.stringify(envelope);
    return elapsedMs(start);
  };
  let verified = true;
  let reason = '';
  const verifyOnce = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    const verdict = verifyEnvelope(JSON.parse(envelopeText), [publicPem], {
      threshold: 1,
      expectedPayloadType: IN_TOTO_PAYLOAD_TYPE,
    });
    const check = verdict.ok ? checkSubjects(verdict.statement, await digestFiles(files)) : null;
    const ms = elapsedMs(start);
    if (!verdict.ok) [verified, reason] = [false, `${verdict.check}: ${verdict.reason}`];
    else if (check !== null && !check.ok) [verified, reason] = [false, check.reason];
    return ms;
  };
  const sha256sum = async (): Promise<{ ms: number; out: string }> => {
    const result = await run('sha256sum', ['--', ...files.map((f) => f.name.slice('dist/'.length))], {
      cwd: dir,
    });
    if (result.code !== 0) throw new Error(`sha256sum exited ${result.code}: ${result.err}`);
    return result;
  };

  await signOnce();
  await verifyOnce();
  const expected = (await sha256sum()).out;
  const signMs: number[] = [];
  const verifyMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < SIGN_RUNS; i++) {
    baselineMs.push((await sha256sum()).ms);
    signMs.push(await signOnce());
    verifyMs.push(await verifyOnce());
  }
  // sha256sum's own digests must be the ones signed.
  const signed = new Map(
    (
      JSON.parse(Buffer.from(JSON.parse(envelopeText).payload, 'base64').toString()) as {
        subject: { name: string; digest: { sha256: string } }[];
      }
    ).subject.map((s) => [s.name.slice('dist/'.length), s.digest.sha256]),
  );
  const agree = expected
    .trim()
    .split('\n')
    .every((line) => signed.get(line.slice(66)) === line.slice(0, 64));
  if (!agree) [verified, reason] = [false, 'a signed digest differs from sha256sum'];

  const base = median(baselineMs);
  console.log(
    `${SUBJECTS} subjects (${mb(total)}), median of ${SIGN_RUNS}: sha256sum ${base.toFixed(1)} ms; ` +
      `sign (digestFiles + buildStatement + signEnvelope, P-256) ${median(signMs).toFixed(1)} ms ` +
      `(${(median(signMs) / base).toFixed(2)}x sha256sum); verify (verifyEnvelope + re-hash + checkSubjects) ` +
      `${median(verifyMs).toFixed(1)} ms (${(median(verifyMs) / base).toFixed(2)}x sha256sum); ` +
      `verification: ${verified ? 'ok' : `FAILED (${reason})`}`,
  );
  return verified;
}

const temp = mkdtempSync(join(tmpdir(), 'bench-signature-'));
const cleanUp = () => rmSync(temp, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(1);
  });
}
try {
  console.log(`node ${process.version}; openssl ${(await run('openssl', ['version'])).out.trim()}`);
  const file = join(temp, 'artifact.bin');
  const block = randomBytes(CHUNK);
  appendRandom(file, HASH_BYTES, block, 0);
  const throughput = await hashThroughput(file);
  const rss = await peakRss(temp, file, throughput.digest, block);
  const signature = await signAndVerify(temp);
  if (!throughput.ok || !rss || !signature) process.exitCode = 1;
} finally {
  cleanUp();
}
