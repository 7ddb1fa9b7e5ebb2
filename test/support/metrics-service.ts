import { createServer, type Server } from 'node:http';

/**
 * A tiny HTTP service for Prometheus to scrape: every request to `/<route>?code=<status>` is
 * answered with that status and counted in `http_requests_total{route, code}`, served on `/metrics`
 * in the Prometheus text format. The test decides the error rate and traffic by the requests it makes.
 */
export interface MetricsService {
  /** `127.0.0.1:<port>`, the scrape target. */
  target: string;
  /** Makes `count` real HTTP requests to `route` that the service answers with `code`. */
  hit(route: string, code: number, count: number): Promise<void>;
  /** Adds `count` to the counter directly: stands for traffic served before the test looks. */
  record(route: string, code: number, count: number): void;
  /** The counter's current value, as the next scrape will see it. */
  count(route: string, code: number): number;
  stop(): Promise<void>;
}

/** Starts the service on a free loopback port. */
export async function startMetricsService(): Promise<MetricsService> {
  const counts = new Map<string, number>();
  const key = (route: string, code: number): string => `${route}\u0000${code}`;
  const record = (route: string, code: number, count: number): void => {
    counts.set(key(route, code), (counts.get(key(route, code)) ?? 0) + count);
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/metrics') {
      const lines = ['# HELP http_requests_total Requests served.', '# TYPE http_requests_total counter'];
      for (const [k, value] of [...counts.entries()].sort()) {
        const [route, code] = k.split('\u0000') as [string, string];
        lines.push(`http_requests_total{route=${JSON.stringify(route)},code="${code}"} ${value}`);
      }
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(`${lines.join('\n')}\n`);
      return;
    }
    const code = Number(url.searchParams.get('code') ?? '200');
    record(url.pathname, code, 1);
    response.writeHead(code, { 'content-type': 'text/plain' });
    response.end('ok\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('metrics service: no port');
  const target = `127.0.0.1:${address.port}`;

  return {
    target,
    async hit(route, code, count) {
      await Promise.all(
        Array.from({ length: count }, async () => {
          const response = await fetch(`http://${target}${route}?code=${code}`);
          await response.arrayBuffer();
          if (response.status !== code) throw new Error(`service answered ${response.status}, not ${code}`);
        }),
      );
    },
    record,
    count: (route, code) => counts.get(key(route, code)) ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
