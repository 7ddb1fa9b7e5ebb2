import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, type Logger } from '@hands-off/core';
import type { Gate } from './create-gate.js';
import { MAX_WEBHOOK_BYTES } from './webhook-request.js';

/** Default time between two sweeps: a lost webhook or a `wait` is looked at again within minutes. */
export const DEFAULT_SWEEP_INTERVAL_MS = 5 * 60 * 1000;
/** Longest a client may take to send one request: GitHub sends a webhook in one go. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Where and how the gate listens. */
export interface GateServerOptions {
  /** `127.0.0.1` by default: put a reverse proxy with TLS in front, never the bare port. */
  host?: string;
  /** 0: any free port (tests). */
  port?: number;
  /** The webhook's path; `/webhook` by default. */
  path?: string;
  /** Time between sweeps; 0: no periodic sweep. The first one starts one interval after start. */
  sweepIntervalMs?: number;
  maxBodyBytes?: number;
}

/** A running gate server. */
export interface GateServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Resolves once every decision scheduled so far and a sweep in progress have finished. */
  settled(): Promise<void>;
  /** Stops listening and sweeping, aborts decisions in flight (nothing is answered after it) and waits for them. */
  close(): Promise<void>;
}

/**
 * Serves the gate over HTTP: POST `path` takes GitHub's webhook, GET `/healthz` answers 200, any
 * other path is 404 and any other method 405. The body is read up to the limit and no further
 * (413 beyond it); the delivery is checked (signature, replay, event) and answered at once, well
 * inside GitHub's 10 s; an accepted request is decided after the answer has gone out. A periodic
 * sweep (unref'd, so it never keeps the process alive) finds whatever a lost webhook or a restart
 * left waiting.
 */
export async function startGateServer(
  gate: Gate,
  log: Logger,
  options: GateServerOptions = {},
): Promise<GateServer> {
  const path = options.path ?? '/webhook';
  const maxBytes = options.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    const tracked = work.catch((error: unknown) => log.error(`gate: ${describeError(error)}`));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://gate');
    if (url.pathname === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return reply(response, 405, 'method not allowed');
      return reply(response, 200, 'ok');
    }
    if (url.pathname !== path) return reply(response, 404, 'not found');
    if (request.method !== 'POST') return reply(response, 405, 'method not allowed');
    const body = await readBody(request, maxBytes);
    if (body === undefined) {
      // The rest is never read: the connection closes once the answer is out, instead of draining it.
      response.setHeader('connection', 'close');
      response.once('finish', () => request.socket.destroy());
      return reply(response, 413, `payload larger than ${maxBytes} bytes`);
    }
    const answer = await gate.checkDelivery({ headers: request.headers, body });
    reply(response, answer.status, answer.body);
    if (answer.accepted) track(gate.answer(answer.accepted));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error(`gate: ${describeError(error)}`);
      if (!response.headersSent) reply(response, 500, 'internal error');
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  let sweeping: Promise<unknown> | undefined;
  const intervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          // One sweep at a time: a slow one is not overtaken by the next tick.
          if (sweeping !== undefined) return;
          sweeping = gate.sweep().finally(() => (sweeping = undefined));
          track(sweeping);
        }, intervalMs)
      : undefined;
  timer?.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const settled = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  return {
    url: `http://${host}:${address.port}`,
    settled,
    async close() {
      if (timer) clearInterval(timer);
      gate.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await settled();
    },
  };
}

/** The body, or undefined as soon as it passes `maxBytes` (declared or read); the rest is left unread. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      request.pause();
      request.off('data', onData);
      resolve(undefined);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${text}\n`);
}
