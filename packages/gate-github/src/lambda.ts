import type { LambdaFunctionURLEvent, LambdaFunctionURLResult, ScheduledEvent } from 'aws-lambda';
import type { Gate } from './create-gate.js';
import type { SweepSummary } from './sweep.js';
import { MAX_WEBHOOK_BYTES } from './webhook-request.js';

/** What the gate's function is invoked with: its function URL (payload format 2.0) or an EventBridge schedule. */
export type GateLambdaEvent = LambdaFunctionURLEvent | ScheduledEvent;

/** The gate as a Lambda handler. */
export type GateLambdaHandler = (event: GateLambdaEvent) => Promise<LambdaFunctionURLResult | SweepSummary>;

/**
 * The gate on AWS Lambda, one handler for both invocations:
 * - a function-URL request is checked like the server's (signature, replay, event) and, when
 *   accepted, decided and answered BEFORE the handler returns: Lambda freezes the process once it
 *   has, so work left for afterwards might never run. A decision usually takes well under GitHub's
 *   10 s; one that takes longer is still finished and answered, GitHub only marks the delivery as
 *   timed out, and whatever could not be finished is picked up by the next scheduled sweep;
 * - a scheduled EventBridge event (`aws.events`, `Scheduled Event`) runs one sweep and returns its summary.
 * `gate` is created on the first invocation and kept while the execution environment lives.
 */
export function createLambdaHandler(
  gate: () => Promise<Gate> | Gate,
  maxBodyBytes = MAX_WEBHOOK_BYTES,
): GateLambdaHandler {
  let created: Promise<Gate> | undefined;
  const instance = (): Promise<Gate> => (created ??= Promise.resolve().then(gate));
  return async (event) => {
    if (isScheduled(event)) return (await instance()).sweep();
    const method = event.requestContext?.http?.method ?? '';
    if (event.rawPath === '/healthz')
      return text(method === 'GET' ? 200 : 405, method === 'GET' ? 'ok' : 'method not allowed');
    if (method !== 'POST') return text(405, 'method not allowed');
    const raw = event.body ?? '';
    // Measured before decoding: base64 is a third larger than the bytes it holds, never smaller.
    if (raw.length > Math.ceil((maxBodyBytes * 4) / 3) + 4)
      return text(413, `payload larger than ${maxBodyBytes} bytes`);
    const body = Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8');
    if (body.length > maxBodyBytes) return text(413, `payload larger than ${maxBodyBytes} bytes`);
    const current = await instance();
    const answer = await current.checkDelivery({ headers: lowerCased(event.headers ?? {}), body });
    if (answer.accepted) await current.answer(answer.accepted);
    return text(answer.status, answer.body);
  };
}

function isScheduled(event: GateLambdaEvent): event is ScheduledEvent {
  const scheduled = event as Partial<ScheduledEvent>;
  return scheduled.source === 'aws.events' && scheduled['detail-type'] === 'Scheduled Event';
}

/** Function URLs send header names in lower case already; the check must not depend on it. */
function lowerCased(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function text(statusCode: number, body: string): LambdaFunctionURLResult {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${body}\n` };
}
