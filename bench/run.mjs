// Benchmarks of hands-off, each against a baseline measured in the same process:
//   cold start of each entry of dist/ (a bad-input exit: load, parse, refuse) vs `node -e ""`,
//   and code-review-checklist's against window-guard's,
//   optionally each entry against the same entry of another build (BENCH_BASELINE=<a copy of dist/>),
//   optionally each entry and dist/ against the peer aws-actions/configure-aws-credentials
//   (BENCH_PEER=<its checkout or build, with dist/index.js>; its code is not ours to ship, so the
//   peer is given from outside, never vendored),
//   what each entry loads to start, and the size of dist/ against its target.
// Run with `npm run bench` (Node 24 from node_modules, the runner's runtime); bench/bake.ts follows.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.env.BENCH_RUNS ?? 40);
const baseline = process.env.BENCH_BASELINE;
const peer = process.env.BENCH_PEER;
const temp = mkdtempSync(join(tmpdir(), 'hands-off-bench-'));
// Measured from a copy outside the repository, as a runner has it: no node_modules above it, so an
// optional require in a bundled library (fdir tries `picomatch`) finds nothing, as for a user.
const dist = join(temp, 'dist');
cpSync(join(root, 'dist'), dist, { recursive: true });
const outputFile = join(temp, 'output');
writeFileSync(outputFile, '');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const time = (args, env) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: 'ignore',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: result.status };
};

console.log(
  `node ${process.version}, ${runs} runs each, interleaved` +
    (baseline ? `; baseline ${baseline}` : '') +
    (peer ? `; peer ${peer}` : '; no peer (set BENCH_PEER=<configure-aws-credentials build> to compare)'),
);
// The peer's bad-input exit: an invalid region is refused after its bundle loaded and read its
// inputs, before any credential or network call, like our entries' bad inputs.
const PEER_ENV = { 'INPUT_AWS-REGION': 'BAD REGION' };
const peerTimes = [];
// Each entry exits on a bad input after loading and parsing: what every run pays before any work.
const steps = [
  { name: 'window-guard', env: { INPUT_MODE: 'bogus' }, targetMs: 60 },
  { name: 'bake-and-watch', env: { INPUT_DURATION: '' }, targetMs: 100 },
  { name: 'one-box-deploy', env: { INPUT_TARGET: 'bogus' }, targetMs: 100 },
  { name: 'rollback', env: { INPUT_TARGET: 'bogus' }, targetMs: 100 },
  { name: 'build-signature', env: { INPUT_MODE: 'bogus' } },
  // A missing github-token: refused before Octokit, the Markdown parser or the config are loaded.
  { name: 'code-review-checklist', env: {}, atMostAs: 'window-guard' },
  // The root action: the whole stage.
  { name: 'stage', env: { INPUT_MODE: 'bogus' } },
  // `hands-off window-guard --mode bogus`, as a GitLab job runs it.
  { name: 'cli', env: {}, args: ['window-guard', '--mode', 'bogus'] },
];
const entry = (dir, step) => [join(dir, step.name, 'index.js'), ...(step.args ?? [])];
const bare = [];
const bundles = new Map(steps.map((step) => [step.name, []]));
const baselines = new Map(steps.map((step) => [step.name, []]));
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '']).ms);
  if (peer) {
    const run = time([join(peer, 'dist', 'index.js')], { ...PEER_ENV, GITHUB_OUTPUT: outputFile });
    if (run.status !== 1)
      throw new Error(`the peer ${peer} should exit 1 on a bad region, got ${run.status}`);
    peerTimes.push(run.ms);
  }
  for (const step of steps) {
    const env = { ...step.env, GITHUB_OUTPUT: outputFile };
    // Alternating which goes first, so neither always runs on a warmer cache.
    const order = baseline && i % 2 ? [baseline, dist] : [dist, baseline];
    for (const dir of order.filter(Boolean)) {
      const run = time(entry(dir, step), env);
      if (run.status !== 1)
        throw new Error(`${dir}/${step.name} should exit 1 on a bad input, got ${run.status}`);
      (dir === dist ? bundles : baselines).get(step.name).push(run.ms);
    }
  }
}
console.log(`cold start: bare node median ${median(bare).toFixed(1)} ms`);
if (peer) {
  console.log(
    `cold start configure-aws-credentials (peer): median ${median(peerTimes).toFixed(1)} ms, ` +
      `overhead ${(median(peerTimes) - median(bare)).toFixed(1)} ms over bare Node`,
  );
}
for (const step of steps) {
  const times = bundles.get(step.name);
  const overhead = median(times) - median(bare);
  console.log(
    `cold start ${step.name}: median ${median(times).toFixed(1)} ms, overhead ${overhead.toFixed(1)} ms over bare ` +
      `Node (ratio ${(median(times) / median(bare)).toFixed(2)}x)` +
      (step.targetMs === undefined
        ? ''
        : `; target <= ${step.targetMs} ms: ${overhead <= step.targetMs ? 'met' : 'MISSED'}`),
  );
  if (step.atMostAs) {
    const reference = median(bundles.get(step.atMostAs)) - median(bare);
    console.log(
      `cold start ${step.name} vs ${step.atMostAs}: overhead ${overhead.toFixed(1)} ms vs ${reference.toFixed(1)} ms ` +
        `(ratio ${(overhead / reference).toFixed(2)}x); target <= ${step.atMostAs}'s: ${overhead <= reference ? 'met' : 'MISSED'}`,
    );
  }
  if (peer) {
    const theirs = median(peerTimes);
    console.log(
      `cold start ${step.name} vs configure-aws-credentials: median ${median(times).toFixed(1)} ms vs ${theirs.toFixed(1)} ms ` +
        `(ratio ${(median(times) / theirs).toFixed(2)}x)`,
    );
  }
  if (baseline) {
    const before = median(baselines.get(step.name));
    console.log(
      `cold start ${step.name} vs baseline: median ${median(times).toFixed(1)} ms vs ${before.toFixed(1)} ms ` +
        `(ratio ${(median(times) / before).toFixed(3)}x); target no slower: ${median(times) <= before ? 'met' : 'MISSED'}`,
    );
  }
}

// What each entry loads to start (its few-line index.js, dist/hands-off/index.js, its chunks), read
// from one more bad-input run with a load hook that records every module file.
const recorder = `data:text/javascript,${encodeURIComponent(`
  import { registerHooks } from 'node:module';
  const loaded = [];
  registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
  process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(loaded) + '\\n'));`)}`;
const KB = 1024;
for (const step of steps) {
  const run = spawnSync(process.execPath, ['--import', recorder, ...entry(dist, step)], {
    env: { PATH: process.env.PATH, ...step.env, GITHUB_OUTPUT: outputFile },
    encoding: 'utf8',
  });
  const files = JSON.parse(/^LOADED (.*)$/m.exec(run.stderr)?.[1] ?? '[]')
    .filter((url) => url.startsWith('file:'))
    .map(fileURLToPath);
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(
    `bundle ${step.name}: loads ${files.length} files, ${(bytes / KB).toFixed(0)} KiB to start ` +
      `(target <= 1.5 MB: ${bytes <= 1.5e6 ? 'met' : 'MISSED'}): ${files.map((file) => relative(dist, file)).join(' ')}`,
  );
}

const MB = 1e6;
const sizeOf = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, item) =>
      sum + (item.isDirectory() ? sizeOf(join(dir, item.name)) : statSync(join(dir, item.name)).size),
    0,
  );
const shared = join(dist, 'hands-off');
const chunks = readdirSync(shared).filter((name) => /^\d+\.index\.js$/.test(name));
console.log(
  `bundle dist/hands-off: index.js ${(statSync(join(shared, 'index.js')).size / KB).toFixed(0)} KiB, ` +
    `${chunks.length} chunks loaded on demand, ${(sizeOf(shared) / MB).toFixed(1)} MB with licenses and action.yml copies`,
);
const total = sizeOf(dist);
const entries = readdirSync(dist, { withFileTypes: true }).filter(
  (item) => item.isDirectory() && item.name !== 'hands-off',
);
console.log(
  `dist/ total ${(total / MB).toFixed(1)} MB for ${entries.length} entries (${entries.map((item) => item.name).join(', ')}) ` +
    `and the bundle they share; target <= 10 MB: ${total <= 10 * MB ? 'met' : 'MISSED'}`,
);
if (peer) {
  const theirs = sizeOf(join(peer, 'dist'));
  console.log(
    `dist/ total ${(total / MB).toFixed(1)} MB for ${entries.length} entries vs configure-aws-credentials' dist/ ` +
      `${(theirs / MB).toFixed(1)} MB for its 2 (main, cleanup): ratio ${(total / theirs).toFixed(2)}x in all, ` +
      `${(total / entries.length / (theirs / 2)).toFixed(2)}x per entry`,
  );
}
