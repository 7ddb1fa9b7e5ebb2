import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A state change of an alarm, as the proxy saw SetAlarmState succeed through it. */
export interface AlarmStateChange {
  name: string;
  from: string;
  to: string;
  at: number;
}

/** A loopback proxy in front of moto, and how many requests of each CloudWatch action it saw. */
export interface MotoHistoryProxy {
  url: string;
  actions: string[];
  /** Every state change made through the proxy, oldest first. */
  history: AlarmStateChange[];
  /** Forgets the history (with moto's own reset between tests). */
  resetHistory(): void;
  stop(): Promise<void>;
}

/**
 * moto has no DescribeAlarmHistory (it answers an HTML 500). This proxy keeps the history moto
 * lacks: each SetAlarmState sent through it that moto accepts is recorded with the time it was
 * made, and DescribeAlarmHistory is answered from those records in CloudWatch's shape (StateUpdate
 * items, newest first, HistoryData carrying old and new state, filtered by alarm name, dates and
 * type). A state set straight on moto (not through the proxy) has no history, as a bake that
 * started after it would see none. Every other request is forwarded to moto unchanged.
 */
export async function startMotoHistoryProxy(motoUrl: string): Promise<MotoHistoryProxy> {
  const target = new URL(motoUrl);
  const actions: string[] = [];
  const history: AlarmStateChange[] = [];
  const lastState = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const action =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    actions.push(action);
    void readBody(req).then((body) => {
      if (action === 'DescribeAlarmHistory') {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ AlarmHistoryItems: historyItems(history, parse(body)) }));
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const ok = (answer.statusCode ?? 500) < 300;
          if (action === 'SetAlarmState' && ok) {
            const asked = parse(body);
            const name = String(asked.AlarmName ?? '');
            const to = String(asked.StateValue ?? '');
            history.push({ name, from: lastState.get(name) ?? 'INSUFFICIENT_DATA', to, at: Date.now() });
            lastState.set(name, to);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    actions,
    history,
    resetHistory: () => {
      history.length = 0;
      lastState.clear();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parse(body: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The JSON protocol sends dates as epoch seconds. */
function epochMs(value: unknown): number | undefined {
  return typeof value === 'number' ? value * 1000 : undefined;
}

function historyItems(history: readonly AlarmStateChange[], asked: Record<string, unknown>): unknown[] {
  const from = epochMs(asked.StartDate) ?? -Infinity;
  const to = epochMs(asked.EndDate) ?? Infinity;
  const type = asked.HistoryItemType;
  if (type !== undefined && type !== 'StateUpdate') return [];
  return history
    .filter((change) => asked.AlarmName === undefined || change.name === asked.AlarmName)
    .filter((change) => change.at >= from && change.at <= to)
    .reverse()
    .map((change) => ({
      AlarmName: change.name,
      AlarmType: 'MetricAlarm',
      Timestamp: change.at / 1000,
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${change.from} to ${change.to}`,
      HistoryData: JSON.stringify({
        version: '1.0',
        oldState: { stateValue: change.from, stateReason: 'test' },
        newState: { stateValue: change.to, stateReason: 'test set' },
      }),
    }));
}
