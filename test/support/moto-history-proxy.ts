import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback proxy in front of moto, and how many requests of each CloudWatch action it saw. */
export interface MotoHistoryProxy {
  url: string;
  actions: string[];
  stop(): Promise<void>;
}

/**
 * moto has no DescribeAlarmHistory (it answers an HTML 500). This proxy answers that one action
 * with an empty history, as CloudWatch does when nothing changed, and forwards every other
 * request to the real moto server unchanged. The history path itself is tested against a model
 * of the API (aws-sdk-client-mock) elsewhere.
 */
export async function startMotoHistoryProxy(motoUrl: string): Promise<MotoHistoryProxy> {
  const target = new URL(motoUrl);
  const actions: string[] = [];
  const server: Server = createServer((req, res) => {
    const action =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    actions.push(action);
    if (action === 'DescribeAlarmHistory') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ AlarmHistoryItems: [] }));
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
