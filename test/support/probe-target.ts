import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the target answers the next requests; switched by the test while probes run. */
export type ProbeTargetBehaviour =
  | { kind: 'healthy' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'failing'; status: number }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'hang-up' };

/** A loopback HTTP server that probes are pointed at. */
export interface ProbeTarget {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** Requests received so far (method and path), to prove what was sent. */
  requests: { method: string; path: string }[];
  /** Answers 200 `ok` at once. */
  healthy(): void;
  /** Answers 200 after `delayMs`. */
  slow(delayMs: number): void;
  /** Answers `status` (500 by default) at once. */
  failing(status?: number): void;
  /** Answers a redirect (302 by default) to `location`, which the probe must not follow. */
  redirect(location?: string, status?: number): void;
  /** Destroys the socket without writing a response. */
  hangUp(): void;
  /** Closes the server and every open connection: later requests are refused. Idempotent. */
  stop(): Promise<void>;
}

/** Starts a target on 127.0.0.1 at a port the system picks; it begins healthy. */
export async function startProbeTarget(): Promise<ProbeTarget> {
  let behaviour: ProbeTargetBehaviour = { kind: 'healthy' };
  const requests: ProbeTarget['requests'] = [];
  // Delayed answers are tracked so stop() leaves no timer that keeps jest alive.
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '' });
    // The request body is never needed, but must be consumed for keep-alive to work.
    request.resume();
    const current = behaviour;
    switch (current.kind) {
      case 'healthy':
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed)
            response.writeHead(200, { 'content-type': 'text/plain' }).end('ok, slowly');
        }, current.delayMs);
        timers.add(timer);
        return;
      }
      case 'failing':
        response.writeHead(current.status, { 'content-type': 'text/plain' }).end('failing');
        return;
      case 'redirect':
        response.writeHead(current.status, { location: current.location }).end();
        return;
      case 'hang-up':
        request.socket.destroy();
        return;
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    requests,
    healthy: () => {
      behaviour = { kind: 'healthy' };
    },
    slow: (delayMs) => {
      behaviour = { kind: 'slow', delayMs };
    },
    failing: (status = 500) => {
      behaviour = { kind: 'failing', status };
    },
    redirect: (location = `${url}elsewhere`, status = 302) => {
      behaviour = { kind: 'redirect', status, location };
    },
    hangUp: () => {
      behaviour = { kind: 'hang-up' };
    },
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // close() waits for keep-alive connections; the probes' pooled sockets must go too.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
