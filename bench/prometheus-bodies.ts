// Peak RSS of a whole bake against a Prometheus and Alertmanager that answer ~150 MB bodies, run
// by `npm run bench` under Node 24 (types stripped by Node itself). The built CLI bakes with a
// rule, a Prometheus traffic counter and Alertmanager matchers, polling every second with the
// default limits, so three such answers are in flight per poll until `error-limit` (3) ends the
// bake; a baseline bake against empty answers runs in the same process. The fake server lives
// here and streams its bodies chunked, like Prometheus (one 64 KiB chunk written over and over),
// so only the bake's own memory is measured: each bake is a child that reports its maxRSS on exit.
// Fails (exit 1) when the big bake's peak RSS reaches 150 MB, or when no reading named the limit.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BODY_BYTES = Number(process.env.BENCH_BODY_MB ?? 150) * 1e6;
const LIMIT_BYTES = 150e6;
const DURATION = process.env.BENCH_DURATION ?? '10s';
const RULE = 'sum(rate(http_requests_total{code=~"5.."}[1m])) > 1';

/** The child's maxRSS (KiB), written to $BENCH_RSS_FILE when it exits, however it exits. */
const REPORT_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs';" +
    "process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));",
)}`;

/** Head, repeated item and tail of each endpoint's answer, so a body of any size is valid JSON. */
function shapeFor(path: string, query: string): { head: string; item: string; tail: string } {
  const series = (value: string) => `{"metric":{"route":"/checkout","pod":"shop-0"},${value}}`;
  if (path.endsWith('/api/v2/alerts')) {
    return {
      head: '[',
      item: '{"labels":{"alertname":"ShopDown","service":"shop"},"startsAt":"2026-11-23T10:00:00Z","status":{"state":"active"}}',
      tail: ']',
    };
  }
  const matrix = path.endsWith('/query_range') || /\]$/.test(query);
  return {
    head: `{"status":"success","data":{"resultType":"${matrix ? 'matrix' : 'vector'}","result":[`,
    item: series(matrix ? '"values":[[1700000000,"1"],[1700000015,"2"]]' : '"value":[1700000000,"1"]'),
    tail: ']}}',
  };
}

/** Streams a valid answer of about `bytes` (an empty one for 0), with backpressure, without a Content-Length. */
function answer(response: ServerResponse, path: string, query: string, bytes: number): void {
  const { head, item, tail } = shapeFor(path, query);
  response.writeHead(200, { 'content-type': 'application/json' });
  if (bytes === 0) {
    response.end(head + tail);
    return;
  }
  const chunk = Buffer.from(`,${item}`.repeat(Math.floor(65_536 / (item.length + 1))));
  let left = Math.ceil((bytes - head.length - item.length - tail.length) / chunk.length);
  response.write(head + item);
  const pump = (): void => {
    while (left > 0 && !response.destroyed) {
      left--;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end(tail);
  };
  pump();
}

/** A loopback Prometheus + Alertmanager answering every read with about `bytes`. */
async function startFake(
  bytes: number,
): Promise<{ url: string; requests: () => number; stop(): Promise<void> }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.resume();
    const url = new URL(request.url ?? '/', 'http://fake');
    answer(response, url.pathname, url.searchParams.get('query') ?? '', bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `hands-off bake-and-watch` against `url` and returns its peak RSS, exit code and output. */
async function bake(url: string): Promise<{ peakBytes: number; code: number | null; out: string }> {
  const temp = mkdtempSync(join(tmpdir(), 'bench-bodies-'));
  const rssFile = join(temp, 'maxrss');
  const args = [
    '--import',
    REPORT_RSS,
    join(ROOT, 'dist/cli/index.js'),
    'bake-and-watch',
    ...['--duration', DURATION, '--poll-interval', '1s'],
    ...['--prometheus-url', url, '--prometheus-rules', RULE],
    ...['--traffic', 'prometheus http_requests_total{job="shop"}', '--min-traffic', '1'],
    ...['--alertmanager-url', url, '--alertmanager-matchers', 'service="shop"'],
  ];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HANDS_OFF_OUTPUT_DIR: join(temp, 'out'), BENCH_RSS_FILE: rssFile },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  // maxRSS is in kibibytes.
  return { peakBytes: Number(readFileSync(rssFile, 'utf8')) * 1024, code, out };
}

async function measure(bytes: number) {
  const fake = await startFake(bytes);
  try {
    const result = await bake(fake.url);
    return { ...result, requests: fake.requests() };
  } finally {
    await fake.stop();
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

console.log(
  `node ${process.version}; bake-and-watch --duration ${DURATION} --poll-interval 1s, rule + traffic + alertmanager`,
);
const baseline = await measure(0);
console.log(
  `baseline, empty answers: peak RSS ${mb(baseline.peakBytes)} (${baseline.requests} requests, exit ${baseline.code})`,
);
const big = await measure(BODY_BYTES);
const limitLine = /(?:Prometheus|Alertmanager) [\w ]+: HTTP \d+ body exceeds the [^(]+\([^)]*\)/.exec(
  big.out,
)?.[0];
console.log(
  `${mb(BODY_BYTES)} answers: peak RSS ${mb(big.peakBytes)} (${big.requests} requests, exit ${big.code}); ` +
    `${(big.peakBytes / baseline.peakBytes).toFixed(2)}x the baseline; target < ${mb(LIMIT_BYTES)}: ` +
    `${big.peakBytes < LIMIT_BYTES ? 'met' : 'MISSED'}`,
);
console.log(`  a reading: ${limitLine ?? '(none named the body limit)'}`);
if (big.peakBytes >= LIMIT_BYTES || limitLine === undefined) process.exitCode = 1;
