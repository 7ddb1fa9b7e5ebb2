import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { alarmsIn, cloudWatchAt } from './moto-cloudwatch.js';
import { startMotoHistoryProxy, type MotoHistoryProxy } from './moto-history-proxy.js';
import { startMoto, type MotoServer } from './moto-server.js';
import { startPrometheusStack, type PrometheusStack } from './prometheus-stack.js';

/** The alarm of the previous wave (staging) the gate's `after` rule watches. */
export const STAGING_ALARM = 'shop-staging-5xx';

/**
 * The real backends of a previous wave's signals: moto's CloudWatch behind the history proxy (the
 * alarm history moto lacks, kept from the state changes made through it) and a real Prometheus
 * scraping a real service with a `/checkout` route.
 */
export interface WaveBackends {
  moto: MotoServer;
  proxy: MotoHistoryProxy;
  /** Through the proxy, so alarm state changes have a history. */
  cloudWatch: CloudWatchClient;
  stack: PrometheusStack;
  /** The `staging` entry of a config file: its alarm, its Prometheus rule and traffic, min-traffic 20. */
  stagingEntry(): string;
  /** Before each test: no resources and no history in moto, then STAGING_ALARM in OK. */
  reset(): Promise<void>;
  /** Until `bakeMs` has passed since `since` and Prometheus has scraped the `/checkout` traffic twice since then. */
  untilBaked(since: number, bakeMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startWaveBackends(): Promise<WaveBackends> {
  const moto = await startMoto();
  const proxy = await startMotoHistoryProxy(moto.url);
  const cloudWatch = cloudWatchAt(proxy.url);
  let stack: PrometheusStack;
  try {
    stack = await startPrometheusStack({ routes: ['/checkout'] });
  } catch (error) {
    // Nothing started is left running when the test fails here.
    cloudWatch.destroy();
    await proxy.stop();
    await moto.stop();
    throw error;
  }
  return {
    moto,
    proxy,
    cloudWatch,
    stack,
    stagingEntry: () => `  staging:
    aws-region: us-east-1
    alarms: ${STAGING_ALARM}
    prometheus-url: ${stack.prometheusUrl}
    prometheus-rules: 'sum(rate(http_requests_total{route="/checkout",code="500"}[5s])) > 0'
    traffic: 'prometheus http_requests_total{route="/checkout"}'
    min-traffic: 20
`,
    async reset() {
      await moto.reset();
      proxy.resetHistory();
      await alarmsIn(cloudWatch, { [STAGING_ALARM]: 'OK' });
    },
    async untilBaked(since, bakeMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, since + bakeMs - Date.now()) + 200));
      await stack.waitFor('two scrapes with the traffic since the deployment', async () => {
        const seconds = Math.ceil((Date.now() - since) / 1000);
        const rows = await stack.query(
          `count_over_time(http_requests_total{route="/checkout",code="200"}[${seconds}s])`,
        );
        return rows.some((row) => Number(row.value) >= 2);
      });
    },
    async stop() {
      cloudWatch.destroy();
      await proxy.stop();
      await moto.stop();
      await stack.stop();
    },
  };
}
