import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, systemSleep } from '../../packages/core/src/time/clock.js';
import type { RetryPolicy } from '../../packages/core/src/time/retry.js';
import type { PollWindow } from '../../packages/core/src/bake/signal.js';
import {
  MAX_BODY_BYTES,
  isPrometheusRetryable,
  type HttpReadFetch,
} from '../../packages/core/src/bake/sources/prometheus-client.js';
import {
  createPrometheusSource,
  type PrometheusSourceOptions,
} from '../../packages/core/src/bake/sources/prometheus-source.js';
import {
  createAlertmanagerSource,
  parseAlertmanagerMatchers,
} from '../../packages/core/src/bake/sources/alertmanager-source.js';
import { readBoundedBody } from '../../packages/core/src/files/bounded-body.js';

const T = Date.now();
const WINDOW: PollWindow = { bakeStart: T - 600_000, from: T - 60_000, to: T };
const RULE = 'sum(rate(errors_total[5m])) > 1';
const QUICK_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 20,
  deadlineMs: 10_000,
  isRetryable: isPrometheusRetryable,
};
/** The cap most tests use: small, so bodies around it are quick to serve. */
const CAP = 256 * 1024;
const MiB = 1024 * 1024;

/** One matrix series of `route`; the label value pads the body to an exact size. */
const series = (route: string) => JSON.stringify({ metric: { route }, values: [[1_700_000_000, '1']] });
const alert = (route: string) =>
  JSON.stringify({
    labels: { alertname: 'ShopDown', route },
    startsAt: '2026-11-23T10:00:00Z',
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  });

/** How a body is laid out: `head`, then `count` items joined by commas, then `tail`. */
interface BodyShape {
  head: string;
  item: (index: number) => string;
  tail: string;
}

const MATRIX: BodyShape = {
  head: '{"status":"success","data":{"resultType":"matrix","result":[',
  item: (i) => series(`/r${i}`),
  tail: ']}}',
};
const ALERTS: BodyShape = { head: '[', item: (i) => alert(`/r${i}`), tail: ']' };

/** A valid body of exactly `bytes` bytes: whole items, the last one's route padded with `x`. */
function exactBody(shape: BodyShape, bytes: number): string {
  const items: string[] = [];
  let length = shape.head.length + shape.tail.length;
  const pad = shape.item(0).length + 1 + 1024;
  while (length + pad < bytes) {
    const next = shape.item(items.length);
    items.push(next);
    length += next.length + 1;
  }
  const last = shape.item(items.length);
  const padding = 'x'.repeat(bytes - length - last.length);
  items.push(shape.item(items.length).replace(/"\/r(\d+)"/, `"/r$1${padding}"`));
  const body = shape.head + items.join(',') + shape.tail;
  if (Buffer.byteLength(body) !== bytes) throw new Error(`built ${body.length} bytes, wanted ${bytes}`);
  return body;
}

/** What the server answers: a body held in memory, or `bytes` of repeated items written lazily. */
type Reply =
  | { kind: 'exact'; body: string; contentLength: boolean; status?: number }
  | { kind: 'huge'; shape: BodyShape; bytes: number; contentLength: boolean };

/** One answer as the server saw it: how much it wrote and whether the client hung up first. */
interface Served {
  path: string;
  total: number;
  sent: number;
  /** The socket closed before the whole body was written. */
  closedEarly: boolean;
  closed: Promise<void>;
}

/** A huge body as chunks of about 64 KiB: `head`, `count` copies of item 0, `tail`; and its exact size. */
function hugeBody(shape: BodyShape, bytes: number): { total: number; chunks: Iterable<string> } {
  const item = shape.item(0);
  const count = Math.floor((bytes - shape.head.length - shape.tail.length + 1) / (item.length + 1));
  const perChunk = Math.max(1, Math.floor((64 * 1024) / (item.length + 1)));
  return {
    total: shape.head.length + shape.tail.length + count * (item.length + 1) - 1,
    chunks: (function* () {
      yield shape.head + item;
      for (let left = count - 1; left > 0; left -= perChunk)
        yield `,${item}`.repeat(Math.min(perChunk, left));
      yield shape.tail;
    })(),
  };
}

/** Writes `reply` to `response` with backpressure, so `sent` is what the client let through. */
function serve(response: ServerResponse, reply: Reply, served: Served): void {
  const { total, chunks } =
    reply.kind === 'huge'
      ? hugeBody(reply.shape, reply.bytes)
      : {
          total: Buffer.byteLength(reply.body),
          chunks: reply.body.match(/[\s\S]{1,65536}/g) ?? [],
        };
  const iterator = chunks[Symbol.iterator]();
  served.total = total;
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (reply.contentLength) headers['content-length'] = total;
  response.writeHead(reply.kind === 'exact' ? (reply.status ?? 200) : 200, headers);
  const pump = (): void => {
    for (;;) {
      if (response.destroyed) return;
      const next = iterator.next();
      if (next.done) {
        response.end();
        return;
      }
      served.sent += next.value.length;
      if (!response.write(next.value)) {
        response.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** A loopback server on 127.0.0.1 answering each request with `answer(path)`. */
async function startServer(
  answer: (path: string) => Reply,
): Promise<{ url: string; served: Served[]; stop(): Promise<void> }> {
  const served: Served[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    let markClosed: () => void = () => undefined;
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const record: Served = {
      path,
      total: 0,
      sent: 0,
      closedEarly: false,
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    served.push(record);
    response.on('close', () => {
      record.closedEarly = !response.writableFinished;
      markClosed();
    });
    serve(response, answer(path), record);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('Prometheus and Alertmanager answers over the body limit (loopback server)', () => {
  let reply: Reply;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(() => reply);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const prometheus = (extra: Partial<PrometheusSourceOptions> = {}) =>
    createPrometheusSource({
      url: server.url,
      rules: [RULE],
      fetch,
      clock: systemClock,
      sleep: systemSleep,
      retryPolicy: QUICK_RETRY,
      maxBodyBytes: CAP,
      ...extra,
    });
  const alertmanager = () =>
    createAlertmanagerSource({
      url: server.url,
      matchers: parseAlertmanagerMatchers('alertmanager-matchers', 'service="shop"'),
      fetch,
      clock: systemClock,
      sleep: systemSleep,
      retryPolicy: QUICK_RETRY,
      maxBodyBytes: CAP,
    });
  /** Polls, then waits for the server to see every socket close, and returns what it served. */
  const pollPrometheus = async (extra: Partial<PrometheusSourceOptions> = {}) => {
    const before = server.served.length;
    const readings = await prometheus(extra).poll(WINDOW);
    const served = server.served.slice(before);
    await Promise.all(served.map((s) => s.closed));
    return { reading: readings[0], served };
  };

  it.each([
    ['with a Content-Length', true],
    ['chunked, without a Content-Length', false],
  ])(
    'a Prometheus query_range body over the cap %s is one ERROR naming the cap, not retried, and the connection is closed early',
    async (_how, contentLength) => {
      reply = { kind: 'huge', shape: MATRIX, bytes: 32 * MiB, contentLength };
      const { reading, served } = await pollPrometheus();
      expect(reading).toMatchObject({ id: `prometheus:${RULE}`, state: 'ERROR' });
      expect(reading?.detail).toMatch(
        contentLength
          ? /^Prometheus query_range: HTTP 200 body exceeds the 256 KiB limit \(Content-Length 32 MiB, not read\)$/
          : /^Prometheus query_range: HTTP 200 body exceeds the 256 KiB limit \(read stopped at (\d+(\.\d)?) KiB\)$/,
      );
      // Cancelled at the first chunk past the cap: at most one chunk of undici's (64 KiB) more.
      const readKiB = Number(/stopped at ([\d.]+) KiB/.exec(reading?.detail ?? '')?.[1] ?? 256);
      expect(readKiB).toBeGreaterThanOrEqual(256);
      expect(readKiB).toBeLessThanOrEqual(256 + 64);
      // Not retried: the same query would answer the same body.
      expect(served.map((s) => s.path)).toEqual(['/api/v1/query_range']);
      const [answer] = served as [Served];
      expect(answer.closedEarly).toBe(true);
      // Loopback socket buffers hold a few MiB at most: the rest of the 32 MiB was never written.
      expect(answer.sent).toBeLessThan(answer.total / 2);
    },
  );

  it('the default cap is MAX_BODY_BYTES (4 MiB): a 12 MiB instant-query answer is an ERROR naming it', async () => {
    expect(MAX_BODY_BYTES).toBe(4 * MiB);
    reply = { kind: 'huge', shape: MATRIX, bytes: 12 * MiB, contentLength: false };
    const { reading, served } = await pollPrometheus({
      maxBodyBytes: undefined,
      rules: [],
      traffic: { selector: 'http_requests_total' },
    });
    expect(reading).toMatchObject({ id: 'traffic', state: 'ERROR' });
    expect(reading?.detail).toMatch(
      /^Prometheus query: HTTP 200 body exceeds the 4 MiB limit \(read stopped at 4(\.\d)? MiB\)$/,
    );
    expect(served.map((s) => s.path)).toEqual(['/api/v1/query']);
    expect(served[0]?.closedEarly).toBe(true);
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked', false],
  ])(
    'a Prometheus body of exactly the cap, or one byte under it, %s is read and judged',
    async (_how, contentLength) => {
      for (const bytes of [CAP - 1, CAP]) {
        reply = { kind: 'exact', body: exactBody(MATRIX, bytes), contentLength };
        const { reading, served } = await pollPrometheus();
        expect(reading).toMatchObject({ state: 'BREACH' });
        expect(reading?.detail).toMatch(/^\d+ series returned over/);
        expect(served[0]?.closedEarly).toBe(false);
      }
    },
  );

  it('one byte over the cap is the ERROR, with or without a Content-Length', async () => {
    for (const contentLength of [true, false]) {
      reply = { kind: 'exact', body: exactBody(MATRIX, CAP + 1), contentLength };
      const { reading } = await pollPrometheus();
      expect(reading?.state).toBe('ERROR');
      expect(reading?.detail).toMatch(/exceeds the 256 KiB limit/);
    }
  });

  it.each([
    ['with a Content-Length', true],
    ['chunked, without a Content-Length', false],
  ])(
    'an Alertmanager alerts body over the cap %s is one ERROR naming the cap, and the connection is closed early',
    async (_how, contentLength) => {
      reply = { kind: 'huge', shape: ALERTS, bytes: 32 * MiB, contentLength };
      const before = server.served.length;
      const [reading] = await alertmanager().poll(WINDOW);
      const served = server.served.slice(before);
      await Promise.all(served.map((s) => s.closed));
      expect(reading).toMatchObject({ id: 'alertmanager:service="shop"', state: 'ERROR' });
      expect(reading?.detail).toMatch(/^Alertmanager alerts: HTTP 200 body exceeds the 256 KiB limit \(/);
      expect(served.map((s) => s.path)).toEqual(['/api/v2/alerts']);
      expect(served[0]?.closedEarly).toBe(true);
      expect(served[0]?.sent).toBeLessThan((served[0]?.total ?? 0) / 2);
    },
  );

  it('an Alertmanager body of exactly the cap is read: its alerts breach', async () => {
    reply = { kind: 'exact', body: exactBody(ALERTS, CAP), contentLength: false };
    const [reading] = await alertmanager().poll(WINDOW);
    expect(reading).toMatchObject({ state: 'BREACH' });
    expect(reading?.detail).toMatch(/matching alert\(s\) firing; first: ShopDown/);
  });

  it('an oversized 503 keeps its status: retried, then ERROR naming the cap', async () => {
    reply = { kind: 'exact', body: 'x'.repeat(CAP + 10), contentLength: true, status: 503 };
    const { reading, served } = await pollPrometheus();
    expect(reading?.detail).toMatch(/^Prometheus query_range: HTTP 503 body exceeds the 256 KiB limit/);
    expect(served).toHaveLength(QUICK_RETRY.maxAttempts);
  });
});

describe('the body read with an injected fetch', () => {
  it('a body stream that never ends and ignores cancel cannot hang the poll: the request timeout ends it', async () => {
    const fetch: HttpReadFetch = async () => ({
      status: 200,
      ok: true,
      text: () => new Promise<string>(() => undefined),
      body: new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) }),
    });
    const started = Date.now();
    const [reading] = await createPrometheusSource({
      url: 'http://prometheus.test:9090',
      rules: [RULE],
      fetch,
      clock: systemClock,
      sleep: systemSleep,
      retryPolicy: { ...QUICK_RETRY, maxAttempts: 1 },
      requestTimeoutMs: 50,
    }).poll(WINDOW);
    expect(reading).toMatchObject({
      state: 'ERROR',
      detail: 'Prometheus query_range: no answer within 50 ms',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a stub without a stream is measured after text(): over the cap it is the same ERROR', async () => {
    const fetch: HttpReadFetch = async () => ({
      status: 200,
      ok: true,
      text: async () => exactBody(MATRIX, 2048),
    });
    const source = (maxBodyBytes: number) =>
      createPrometheusSource({
        url: 'http://prometheus.test:9090',
        rules: [RULE],
        fetch,
        clock: systemClock,
        sleep: systemSleep,
        retryPolicy: QUICK_RETRY,
        maxBodyBytes,
      });
    expect((await source(2047).poll(WINDOW))[0]?.detail).toBe(
      'Prometheus query_range: HTTP 200 body exceeds the 2 KiB limit (read stopped at 2 KiB)',
    );
    expect((await source(2048).poll(WINDOW))[0]?.state).toBe('BREACH');
  });
});

describe('readBoundedBody', () => {
  const streamOf = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });

  it('decodes UTF-8 split across chunks and counts bytes, not characters', async () => {
    const bytes = Buffer.from('{"v":"größe €"}');
    const chunks = [bytes.subarray(0, 9), bytes.subarray(9, 10), bytes.subarray(10)];
    const result = await readBoundedBody({ text: async () => '', body: streamOf(chunks) }, bytes.length);
    expect(result).toEqual({ overLimit: false, text: '{"v":"größe €"}', bytes: bytes.length });
    const over = await readBoundedBody({ text: async () => '', body: streamOf(chunks) }, bytes.length - 1);
    expect(over).toEqual({ overLimit: true, readBytes: bytes.length });
  });

  it('refuses a declared Content-Length over the limit without reading, and cancels the stream', async () => {
    let pulled = false;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const result = await readBoundedBody(
      { text: async () => '', body, headers: new Headers({ 'content-length': '1001' }) },
      1000,
    );
    expect(result).toEqual({ overLimit: true, declaredBytes: 1001, readBytes: 0 });
    expect(pulled).toBe(false);
    expect(cancelled).toBe(true);
  });

  /**
   * A byte stream as fetch's body is one, whose chunks the test keeps: a real byte stream transfers
   * what is enqueued, so only its reader ever holds the chunks it hands out.
   */
  const byteStreamOf = (chunks: Uint8Array[]) => {
    let next = 0;
    return {
      getReader(options?: { mode?: 'byob' }) {
        if (options?.mode === 'byob') return { releaseLock: () => undefined };
        return {
          read: async () =>
            next < chunks.length ? { done: false, value: chunks[next++] } : { done: true, value: undefined },
          cancel: async () => undefined,
          releaseLock: () => undefined,
        };
      },
    } as unknown as ReadableStream<Uint8Array>;
  };

  it('releases the chunks of a byte stream (as fetch gives) once read, and never those of another stream', async () => {
    const chunks = [new Uint8Array(Buffer.from('{"a":')), new Uint8Array(Buffer.from('1}'))];
    expect(await readBoundedBody({ text: async () => '', body: byteStreamOf(chunks) }, 100)).toEqual({
      overLimit: false,
      text: '{"a":1}',
      bytes: 7,
    });
    expect(chunks.map((chunk) => chunk.buffer.byteLength)).toEqual([0, 0]);

    // A default stream's chunks may belong to their producer (here Buffer's shared pool): left intact.
    const shared = [Buffer.from('{"b":'), Buffer.from('2}')];
    expect(await readBoundedBody({ text: async () => '', body: streamOf(shared) }, 100)).toMatchObject({
      text: '{"b":2}',
    });
    expect(shared.map((b) => b.toString())).toEqual(['{"b":', '2}']);
  });

  it("releases a byte stream's chunks when it passes the limit too", async () => {
    const chunks = [new Uint8Array(60), new Uint8Array(60), new Uint8Array(60)];
    expect(await readBoundedBody({ text: async () => '', body: byteStreamOf(chunks) }, 100)).toEqual({
      overLimit: true,
      readBytes: 120,
    });
    expect(chunks.map((chunk) => chunk.buffer.byteLength)).toEqual([0, 0, 60]);
  });

  it('a null body (HEAD, 204) is empty text', async () => {
    expect(await readBoundedBody({ text: async () => 'unused', body: null }, 10)).toEqual({
      overLimit: false,
      text: '',
      bytes: 0,
    });
  });

  it('cancels a stream that ignores the signal once the signal aborts, and rejects with its reason', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull: () => new Promise<void>(() => undefined),
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const read = readBoundedBody({ text: async () => '', body }, 1000, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(read).rejects.toThrow('gave up');
    expect(cancelled).toBe(true);
  });
});
