import { describeError, type Logger } from '@hands-off/core';
import { createGate } from './create-gate.js';
import { readGateConfig } from './gate-config.js';
import { createLambdaHandler, type GateLambdaHandler } from './lambda.js';

/** Lambda's log: each line to CloudWatch Logs through the console. */
const consoleLogger: Logger = {
  info: (line) => console.log(line),
  warning: (line) => console.warn(line),
  error: (line) => console.error(line),
  debug: () => undefined,
};

const gateHandler = createLambdaHandler(async () =>
  createGate(await readGateConfig(process.env), { log: consoleLogger }),
);

/**
 * The function's handler (`gate-lambda/index.handler`), configured by the HANDS_OFF_GATE_* variables:
 * a function-URL webhook, or a scheduled event's sweep. A bad setting is one log line and a 500,
 * never a stack trace, and the next invocation reads the settings again.
 */
export const handler: GateLambdaHandler = async (event) => {
  try {
    return await gateHandler(event);
  } catch (error) {
    consoleLogger.error(`hands-off gate: ${describeError(error)}`);
    return {
      statusCode: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'gate misconfigured\n',
    };
  }
};

/**
 * The sweep alone (`gate-lambda/index.sweepHandler`), for a second function that only the
 * EventBridge schedule invokes: whatever event it is given, one sweep.
 */
export const sweepHandler = async (): Promise<Awaited<ReturnType<GateLambdaHandler>>> =>
  handler({
    version: '0',
    source: 'aws.events',
    'detail-type': 'Scheduled Event',
  } as Parameters<GateLambdaHandler>[0]);
