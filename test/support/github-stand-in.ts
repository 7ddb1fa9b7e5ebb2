import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in received. */
export interface GitHubCall {
  method: string;
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

/** A loopback stand-in for the GitHub REST API's deployment endpoints. */
export interface GitHubStandIn {
  url: string;
  calls: GitHubCall[];
  /** Answer every request with this status from now on (500 to test an outage). */
  failWith(status: number | undefined): void;
  stop(): Promise<void>;
}

/**
 * Speaks the REST shapes of `POST /repos/{owner}/{repo}/deployments` (201 with an id) and
 * `POST /repos/{owner}/{repo}/deployments/{id}/statuses` (201), reached through GITHUB_API_URL
 * exactly as on a runner.
 */
export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const calls: GitHubCall[] = [];
  let failure: number | undefined;
  let nextId = 1000;
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const call: GitHubCall = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: String(request.headers.authorization ?? ''),
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      calls.push(call);
      const json = (status: number, body: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (failure !== undefined) return json(failure, { message: 'Server Error' });
      if (call.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(call.path)) {
        return json(201, { id: nextId++, ref: call.body.ref, environment: call.body.environment });
      }
      const status = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(call.path);
      if (call.method === 'POST' && status) return json(201, { id: nextId++, state: call.body.state });
      json(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failWith: (status) => void (failure = status),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
