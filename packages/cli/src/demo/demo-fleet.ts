import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The demo's fleet: small HTTP servers on loopback, each serving the revision it runs. */
export interface DemoFleet {
  hosts: string[];
  /** Installs `revision` on `host` (down while it installs), as a deploy command would. */
  install(host: string, revision: string): Promise<void>;
  /** What each host answers now: its revision, `error` or `down`. */
  snapshot(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Starts `size` hosts serving `v1`. A host answers 503 while it installs, 500 while it runs a
 * revision in `bad` (the demo's broken release), else 200 with its revision.
 */
export async function startDemoFleet(size: number, bad: ReadonlySet<string>): Promise<DemoFleet> {
  const states = new Map<string, { revision: string; installing: boolean }>();
  const servers: Server[] = [];
  for (let i = 0; i < size; i++) {
    let host = '';
    const server = createServer((_request, response) => {
      const state = states.get(host) ?? { revision: 'v1', installing: false };
      if (state.installing) return void response.writeHead(503).end('installing');
      if (bad.has(state.revision))
        return void response.writeHead(500).end(`${state.revision}: internal error`);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(state.revision);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    states.set(host, { revision: 'v1', installing: false });
    servers.push(server);
  }
  const hosts = [...states.keys()];
  return {
    hosts,
    async install(host, revision) {
      const state = states.get(host);
      if (!state) throw new Error(`${host} is not in the demo fleet`);
      state.installing = true;
      await new Promise((resolve) => setTimeout(resolve, 150));
      states.set(host, { revision, installing: false });
    },
    async snapshot() {
      return Promise.all(
        hosts.map(async (host) => {
          try {
            const answer = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2000) });
            return answer.status === 200 ? await answer.text() : answer.status === 503 ? 'down' : 'error';
          } catch {
            return 'down';
          }
        }),
      );
    },
    stop: () =>
      Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(
        () => undefined,
      ),
  };
}
