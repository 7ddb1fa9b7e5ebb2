import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { requireTool } from './require-tool.js';

/** A running moto server on loopback. */
export interface MotoServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`: pass it as the SDK endpoint or AWS_ENDPOINT_URL. */
  url: string;
  /** Kills the server and waits for it to exit. */
  stop(): Promise<void>;
  /** Clears every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

/** A TCP port nothing listens on right now: bind port 0 on loopback, read it back, release it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the bound port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * Starts `python3 -m moto.server` on a free loopback port and waits until it answers HTTP.
 * Throws (so the test fails, never skips) when moto is not installed or does not come up in time.
 */
export async function startMoto(): Promise<MotoServer> {
  requireTool('python3', ['-c', 'import moto.server'], 'pip install "moto[server]"');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  try {
    await waitUntilAnswering(url, child);
  } catch (error) {
    await kill(child, exited);
    throw new Error(`moto did not start on ${url}: ${(error as Error).message}\n${stderr}`, { cause: error });
  }

  return {
    url,
    stop: () => kill(child, exited),
    reset: async () => {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset answered HTTP ${response.status}`);
    },
  };
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto exited early (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no HTTP answer within ${READY_TIMEOUT_MS} ms (${last})`);
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
