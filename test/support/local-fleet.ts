import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fleet of small HTTP servers on loopback, each serving the revision it runs. */
export interface LocalFleet {
  /** `127.0.0.1:<port>` of each host, in order. */
  hosts: string[];
  /** Where each host's state file lives; the deploy script writes there. */
  dir: string;
  /** The revision a host serves now (read over HTTP), or `down` while it deploys or fails. */
  serving(host: string): Promise<string>;
  /** How many hosts answer 200 right now. */
  healthyCount(): Promise<number>;
  stop(): Promise<void>;
}

/** Host state as the deploy script leaves it. */
interface HostState {
  revision: string;
  deploying: boolean;
}

/** A file name for a host (`127.0.0.1:4567` is not a safe one everywhere). */
export function hostStateFile(dir: string, host: string): string {
  return join(dir, `${host.replace(/[^A-Za-z0-9]/g, '_')}.json`);
}

/**
 * Starts `size` hosts serving `initial`. A host answers 503 while it deploys, 500 when it runs a
 * revision listed in `bad` (a bad release), else 200 with its revision as the body.
 */
export async function startLocalFleet(
  size: number,
  initial = 'v1',
  bad: readonly string[] = [],
): Promise<LocalFleet> {
  const dir = mkdtempSync(join(tmpdir(), 'hands-off-fleet-'));
  const servers: Server[] = [];
  const hosts: string[] = [];
  for (let i = 0; i < size; i++) {
    let file = '';
    const server = createServer((_request, response) => {
      let state: HostState;
      try {
        state = JSON.parse(readFileSync(file, 'utf8')) as HostState;
      } catch {
        // A state file caught mid-write (by another writer than the fleet's own script) is a host in change.
        return void response.writeHead(503).end('changing');
      }
      if (state.deploying) return void response.writeHead(503).end('deploying');
      if (bad.includes(state.revision))
        return void response.writeHead(500).end(`${state.revision} is broken`);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(state.revision);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    file = hostStateFile(dir, host);
    writeFileSync(file, JSON.stringify({ revision: initial, deploying: false }));
    servers.push(server);
    hosts.push(host);
  }
  const serving = async (host: string): Promise<string> => {
    try {
      const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200 ? await response.text() : 'down';
    } catch {
      return 'down';
    }
  };
  return {
    hosts,
    dir,
    serving,
    healthyCount: async () => (await Promise.all(hosts.map(serving))).filter((r) => r !== 'down').length,
    stop: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
