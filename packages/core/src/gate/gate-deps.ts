import type { Fetch } from '../bake/signal.js';
import { redactSecrets } from '../errors.js';
import { createCloudWatchClient, type CloudWatchSender } from '../health/cloudwatch-alarms.js';
import type { Logger } from '../runtime/runtime.js';
import { systemClock, systemSleep, type Clock, type Sleep } from '../time/clock.js';
import type { GateDeps } from './gate-types.js';

/** What a gate is given besides its settings; everything but the logger has a production default. */
export interface GateCollaboratorOverrides {
  log: Logger;
  clock?: Clock;
  sleep?: Sleep;
  /** The HTTP fetch for the Prometheus and Alertmanager endpoints a repository's config names. */
  fetch?: Fetch;
  /** The CloudWatch client for a region (already resolved: never empty when a default region is set). */
  cloudWatch?: (region: string) => Promise<CloudWatchSender>;
  /** Aborts the gate's work: requests in flight, and nothing answered after it. */
  signal?: AbortSignal;
}

/**
 * decideGate's collaborators for a gate's life: the system clock and sleep, the global fetch
 * (aborted with the gate's signal), and one CloudWatch client per region created on first use (most
 * configs name no alarm, and the AWS SDK is loaded only then); an entry's `aws-region` wins over
 * `defaultRegion`.
 */
export function gateDeps(defaultRegion: string, overrides: GateCollaboratorOverrides): GateDeps {
  const { signal } = overrides;
  const clients = new Map<string, Promise<CloudWatchSender>>();
  return {
    clock: overrides.clock ?? systemClock,
    sleep: overrides.sleep ?? systemSleep,
    fetch:
      overrides.fetch ??
      ((url, init = {}) =>
        fetch(url, {
          ...init,
          ...(signal ? { signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal } : {}),
        })),
    cloudWatch: (region) => {
      const name = region || defaultRegion;
      let client = clients.get(name);
      if (client === undefined) {
        client = overrides.cloudWatch?.(name) ?? createCloudWatchClient(name);
        clients.set(name, client);
      }
      return client;
    },
    log: overrides.log,
    ...(signal ? { signal } : {}),
  };
}

/** Every line through core's redaction (registered secrets, credential shapes) before it reaches `log`. */
export function redactingLogger(log: Logger): Logger {
  return {
    info: (line) => log.info(redactSecrets(line)),
    warning: (line) => log.warning(redactSecrets(line)),
    error: (line) => log.error(redactSecrets(line)),
    debug: (line) => log.debug(redactSecrets(line)),
  };
}

/** Runs `work` over `items` with at most `limit` running at once; resolves when all have settled. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
