import type { CloudWatchSender } from '../../health/cloudwatch-alarms.js';
import type { Fetch, SignalSource } from '../../bake/signal.js';
import { createCloudWatchSource } from '../../bake/sources/cloudwatch-source.js';
import { createProbeSource } from '../../bake/sources/probe-source.js';
import { createPrometheusSource } from '../../bake/sources/prometheus-source.js';
import { createAlertmanagerSource } from '../../bake/sources/alertmanager-source.js';
import type { Clock, Sleep } from '../../time/clock.js';
import { isCloudWatchAnomalyRule, isPrometheusAnomalyRule } from '../../bake/anomaly-rule.js';
import type { BakeOptions } from './bake-inputs.js';

/** What the sources need from outside. */
export interface BakeSourceDeps {
  clock: Clock;
  sleep: Sleep;
  fetch: Fetch;
  /** Creates the CloudWatch client on first use (the AWS SDK loads only on this path). */
  cloudWatch: () => Promise<CloudWatchSender>;
  onRetry: (line: string) => void;
}

/** Builds one source per backend the inputs name; a backend not named is never contacted. */
export async function createBakeSources(options: BakeOptions, deps: BakeSourceDeps): Promise<SignalSource[]> {
  const sources: SignalSource[] = [];
  const cloudWatchTraffic = options.traffic?.backend === 'cloudwatch' ? options.traffic.metric : undefined;
  const cloudWatchAnomaly = options.anomaly.filter(isCloudWatchAnomalyRule);
  if (
    options.alarms.names.length + options.alarms.prefixes.length > 0 ||
    cloudWatchTraffic ||
    cloudWatchAnomaly.length > 0
  ) {
    sources.push(
      createCloudWatchSource({
        client: await deps.cloudWatch(),
        alarms: options.alarms,
        traffic: cloudWatchTraffic,
        anomaly: cloudWatchAnomaly,
        baselineMs: options.baselineMs,
        clock: deps.clock,
        sleep: deps.sleep,
        onRetry: deps.onRetry,
      }),
    );
  }
  const http = { fetch: deps.fetch, clock: deps.clock, sleep: deps.sleep, onRetry: deps.onRetry };
  const prometheusTraffic =
    options.traffic?.backend === 'prometheus' ? { selector: options.traffic.selector } : undefined;
  const prometheusAnomaly = options.anomaly.filter(isPrometheusAnomalyRule);
  if (options.prometheusRules.length > 0 || prometheusTraffic || prometheusAnomaly.length > 0) {
    sources.push(
      createPrometheusSource({
        ...http,
        url: options.prometheusUrl,
        rules: options.prometheusRules,
        traffic: prometheusTraffic,
        anomaly: prometheusAnomaly,
        baselineMs: options.baselineMs,
        // Evaluate rules at the poll's own resolution: finer would only cost queries.
        evaluationStepMs: Math.min(options.pollIntervalMs, 15_000),
      }),
    );
  }
  if (options.alertmanagerMatchers.length > 0) {
    sources.push(
      createAlertmanagerSource({
        ...http,
        url: options.alertmanagerUrl,
        matchers: options.alertmanagerMatchers,
      }),
    );
  }
  if (options.probes.length > 0) {
    sources.push(createProbeSource({ probes: options.probes, fetch: deps.fetch, clock: deps.clock }));
  }
  return sources;
}
