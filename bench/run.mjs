// Benchmarks of hands-off, each against a baseline measured in the same process:
//   cold start of each step's dist/<step>/index.js (a bad-input exit: load, parse, refuse) vs `node -e ""`,
//   and code-review-checklist's against window-guard's,
//   and the size of the entry bundle and of everything a step may load.
// Run with `npm run bench` (Node 24 from node_modules, the runner's runtime); bench/bake.ts follows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.env.BENCH_RUNS ?? 40);
const temp = mkdtempSync(join(tmpdir(), 'hands-off-bench-'));
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

console.log(`node ${process.version}, ${runs} runs each, interleaved`);
// Each step exits on a bad input after loading and parsing: what every run pays before any work.
const steps = [
  { name: 'window-guard', env: { INPUT_MODE: 'bogus' }, targetMs: 60 },
  { name: 'bake-and-watch', env: { INPUT_DURATION: '' }, targetMs: 100 },
  { name: 'one-box-deploy', env: { INPUT_TARGET: 'bogus' }, targetMs: 100 },
  { name: 'rollback', env: { INPUT_TARGET: 'bogus' }, targetMs: 100 },
  // A missing github-token: refused before Octokit, the Markdown parser or the config are loaded.
  { name: 'code-review-checklist', env: {}, atMostAs: 'window-guard' },
];
const bare = [];
const bundles = new Map(steps.map((step) => [step.name, []]));
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '']).ms);
  for (const step of steps) {
    const run = time([join(root, 'dist', step.name, 'index.js')], { ...step.env, GITHUB_OUTPUT: outputFile });
    if (run.status !== 1) throw new Error(`${step.name} should exit 1 on a bad input, got ${run.status}`);
    bundles.get(step.name).push(run.ms);
  }
}
console.log(`cold start: bare node median ${median(bare).toFixed(1)} ms`);
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
    const baseline = median(bundles.get(step.atMostAs)) - median(bare);
    console.log(
      `cold start ${step.name} vs ${step.atMostAs}: overhead ${overhead.toFixed(1)} ms vs ${baseline.toFixed(1)} ms ` +
        `(ratio ${(overhead / baseline).toFixed(2)}x); target <= ${step.atMostAs}'s: ${overhead <= baseline ? 'met' : 'MISSED'}`,
    );
  }
}

const KB = 1024;
for (const step of readdirSync(join(root, 'dist'), { withFileTypes: true }).filter((e) => e.isDirectory())) {
  const dir = join(root, 'dist', step.name);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const entry = statSync(join(dir, 'index.js')).size;
  const all = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  console.log(
    `bundle ${step.name}: entry index.js ${(entry / KB).toFixed(0)} KiB (target <= 1.5 MB: ${entry <= 1.5e6 ? 'met' : 'MISSED'}); ` +
      `with ${files.length - 1} lazily loaded chunks ${(all / KB).toFixed(0)} KiB`,
  );
}
