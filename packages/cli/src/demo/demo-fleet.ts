import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one host of the demo fleet runs and how it answers now. */
export interface HostView {
  /** `127.0.0.1:<port>`, what the steps are given. */
  host: string;
  /** `host-1`, `host-2`, ...: what the demo's report calls it. */
  name: string;
  /** The revision installed on it. */
  revision: string;
  /** The HTTP status it answered, or 0 when it did not answer. */
  status: number;
}

/** The demo's fleet: small HTTP servers on loopback, each serving the revision it runs. */
export interface DemoFleet {
  hosts: string[];
  /** `host-1` for the first host, and so on. */
  nameOf(host: string): string;
  /** Installs `revision` on `host` (answering 503 while it installs), as a deploy command would. */
  install(host: string, revision: string): Promise<void>;
  /** Every host: its revision and what it answers now. */
  snapshot(): Promise<HostView[]>;
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
  const nameOf = (host: string): string => `host-${hosts.indexOf(host) + 1}`;
  return {
    hosts,
    nameOf,
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
          let status = 0;
          try {
            const answer = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2000) });
            await answer.arrayBuffer();
            status = answer.status;
          } catch {
            // No answer: status 0.
          }
          return { host, name: nameOf(host), revision: states.get(host)?.revision ?? '', status };
        }),
      );
    },
    stop: () =>
      Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(
        () => undefined,
      ),
  };
}
