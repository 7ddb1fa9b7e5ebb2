import { createHash } from 'node:crypto';
import { InputError } from '../../errors.js';
import { parseAlarmSelectors, type AlarmSelectors } from '../../health/alarm-selector.js';
import { formatDuration, parseDuration } from '../../inputs/parse-duration.js';
import { parseAwsRegion, parseCount, parseEnum } from '../../inputs/parse-scalars.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import { parseCloudWatchMetric } from '../../bake/sources/cloudwatch-metric.js';
import {
  isPrometheusAnomalyRule,
  parseAnomalyRules,
  parseBaseline,
  type AnomalyRule,
  type MetricSignal,
} from '../../bake/anomaly-rule.js';
import { parseProbes, type Probe } from '../../bake/sources/probe-source.js';
import { parseAlertmanagerMatchers, parseAlertmanagerUrl } from '../../bake/sources/alertmanager-source.js';
import type { LabelMatcher } from '../../bake/sources/prometheus-client.js';
import {
  parsePrometheusRules,
  parsePrometheusTraffic,
  parsePrometheusUrl,
} from '../../bake/sources/prometheus-source.js';

/** Inputs of bake-and-watch, in action.yml order (after `config` and `environment`). */
export const BAKE_INPUTS: readonly InputSpec[] = [
  { name: 'duration', default: '', fromConfig: true },
  { name: 'max-duration', default: '', fromConfig: true },
  { name: 'poll-interval', default: '15s', fromConfig: true },
  { name: 'alarms', default: '', fromConfig: true },
  { name: 'traffic', default: '', fromConfig: true },
  { name: 'min-traffic', default: '', fromConfig: true },
  { name: 'prometheus-url', default: '', fromConfig: true },
  { name: 'prometheus-rules', default: '', fromConfig: true },
  { name: 'alertmanager-url', default: '', fromConfig: true },
  { name: 'alertmanager-matchers', default: '', fromConfig: true },
  { name: 'probes', default: '', fromConfig: true },
  { name: 'anomaly', default: '', fromConfig: true },
  { name: 'baseline', default: '1h', fromConfig: true },
  { name: 'breach-limit', default: '1', fromConfig: true },
  { name: 'error-limit', default: '3', fromConfig: true },
  { name: 'no-data', default: 'extend', fromConfig: true },
  { name: 'aws-region', default: '', fromConfig: true },
  { name: 'mode', default: 'enforce', fromConfig: true },
  { name: 'checkpoint', default: '', fromConfig: false },
  { name: 'run-for', default: '0', fromConfig: false },
];

/** The `traffic` input: a CloudWatch metric or a Prometheus counter selector. */
export type TrafficSpec = MetricSignal;

/** Typed options of bake-and-watch. */
export interface BakeOptions {
  durationMs: number;
  maxDurationMs: number;
  pollIntervalMs: number;
  alarms: AlarmSelectors;
  traffic: TrafficSpec | undefined;
  minTraffic: number | undefined;
  prometheusUrl: string;
  prometheusRules: string[];
  alertmanagerUrl: string;
  alertmanagerMatchers: LabelMatcher[];
  probes: Probe[];
  /** `anomaly` rules, judged against the `baseline` before the bake. */
  anomaly: AnomalyRule[];
  /** `baseline`: how far before the bake the anomaly baseline reaches (ms). */
  baselineMs: number;
  breachLimit: number;
  errorLimit: number;
  noData: 'extend' | 'fail' | 'ignore';
  awsRegion: string;
  mode: 'enforce' | 'dry-run';
  checkpoint: string;
  runForMs: number;
}

/** Parses the resolved inputs; the first bad value throws an InputError naming it. No call is made before this passes. */
export function parseBakeInputs(inputs: Record<string, ResolvedInput>): BakeOptions {
  const value = (name: string): string => (inputs[name]?.value ?? '').trim();
  if (value('duration') === '') {
    throw new InputError('duration', 'is required: the minimum time to bake', '`30m` or `1h`');
  }
  const durationMs = parseDuration('duration', value('duration'));
  if (durationMs <= 0) throw new InputError('duration', 'must be longer than 0', '`30m`');
  const maxDurationMs =
    value('max-duration') === '' ? 2 * durationMs : parseDuration('max-duration', value('max-duration'));
  if (maxDurationMs < durationMs) {
    throw new InputError(
      'max-duration',
      `\`${value('max-duration')}\` is shorter than \`duration\` (${formatDuration(durationMs)})`,
      `\`${formatDuration(2 * durationMs)}\``,
    );
  }
  const pollIntervalMs = parseDuration('poll-interval', value('poll-interval'), { maxMs: 3_600_000 });
  if (pollIntervalMs < 1000)
    throw new InputError('poll-interval', `\`${value('poll-interval')}\` is shorter than 1s`, '`15s`');

  const traffic = value('traffic') === '' ? undefined : parseTraffic(value('traffic'));
  let minTraffic: number | undefined;
  if (value('min-traffic') !== '') {
    if (!/^\d+$/.test(value('min-traffic'))) {
      throw new InputError(
        'min-traffic',
        `\`${value('min-traffic')}\` is not a whole number of requests`,
        '`100`',
      );
    }
    if (traffic === undefined)
      throw new InputError(
        'min-traffic',
        'needs `traffic` to say what to count',
        '`traffic: cloudwatch AWS/ApplicationELB RequestCount LoadBalancer=app/shop/1` with `min-traffic: 100`',
      );
    minTraffic = Number(value('min-traffic'));
  } else if (traffic !== undefined) {
    minTraffic = 1; // a traffic metric without a minimum still needs proof of some real traffic
  }

  const anomaly = parseAnomalyRules('anomaly', inputs.anomaly?.value ?? '');
  const baselineMs = parseBaseline('baseline', value('baseline'));

  const prometheusRules =
    value('prometheus-rules') === ''
      ? []
      : parsePrometheusRules('prometheus-rules', inputs['prometheus-rules']?.value ?? '');
  const prometheusUrl =
    value('prometheus-url') === '' ? '' : parsePrometheusUrl('prometheus-url', value('prometheus-url'));
  const prometheusAnomaly = anomaly.some(isPrometheusAnomalyRule);
  if (
    (prometheusRules.length > 0 || traffic?.backend === 'prometheus' || prometheusAnomaly) &&
    prometheusUrl === ''
  ) {
    throw new InputError(
      'prometheus-url',
      'is required with `prometheus-rules`, `traffic: prometheus ...` or a `prometheus ...` anomaly rule',
      '`http://prometheus.monitoring:9090`',
    );
  }
  const alertmanagerMatchers =
    value('alertmanager-matchers') === ''
      ? []
      : parseAlertmanagerMatchers('alertmanager-matchers', inputs['alertmanager-matchers']?.value ?? '');
  const alertmanagerUrl =
    value('alertmanager-url') === ''
      ? ''
      : parseAlertmanagerUrl('alertmanager-url', value('alertmanager-url'));
  if (alertmanagerMatchers.length > 0 && alertmanagerUrl === '') {
    throw new InputError(
      'alertmanager-url',
      'is required with `alertmanager-matchers`',
      '`http://alertmanager.monitoring:9093`',
    );
  }
  if (alertmanagerUrl !== '' && alertmanagerMatchers.length === 0) {
    throw new InputError(
      'alertmanager-matchers',
      'is required with `alertmanager-url` (which alerts stop the bake?)',
      '`service="shop", severity="page"`',
    );
  }
  const awsRegion = parseAwsRegion(value('aws-region'));
  const options: BakeOptions = {
    durationMs,
    maxDurationMs,
    pollIntervalMs,
    alarms: parseAlarmSelectors('alarms', inputs.alarms?.value ?? ''),
    traffic,
    minTraffic,
    prometheusUrl,
    prometheusRules,
    alertmanagerUrl,
    alertmanagerMatchers,
    probes: parseProbes('probes', inputs.probes?.value ?? ''),
    anomaly,
    baselineMs,
    breachLimit: parseCount('breach-limit', value('breach-limit'), { max: 999_999, example: '`3`' }),
    errorLimit: parseCount('error-limit', value('error-limit'), { max: 999_999, example: '`3`' }),
    noData: parseEnum('no-data', value('no-data'), ['extend', 'fail', 'ignore'] as const),
    awsRegion,
    mode: parseEnum('mode', value('mode'), ['enforce', 'dry-run'] as const),
    checkpoint: value('checkpoint'),
    runForMs: parseDuration('run-for', value('run-for')),
  };
  if (options.runForMs > 0 && options.checkpoint === '') {
    throw new InputError(
      'run-for',
      'needs `checkpoint`: a bake that stops early must save where it is',
      '`run-for: 2m` with `checkpoint: .hands-off/bake.json`',
    );
  }
  const watches =
    options.alarms.names.length +
    options.alarms.prefixes.length +
    options.prometheusRules.length +
    options.probes.length +
    options.anomaly.length;
  if (watches === 0 && options.alertmanagerUrl === '' && options.traffic === undefined) {
    throw new InputError(
      'alarms',
      'no signal to watch: a bake needs at least one of alarms, traffic, prometheus-rules, alertmanager-matchers, probes or anomaly',
      '`alarms: prefix:shop-prod-`',
    );
  }
  return options;
}

/** Parses `traffic`: `cloudwatch <Namespace> <MetricName> [<Dim>=<Value> ...]` or `prometheus <counter selector>`. */
export function parseTraffic(raw: string): TrafficSpec {
  if (/^prometheus\s+/.test(raw))
    return { backend: 'prometheus', selector: parsePrometheusTraffic('traffic', raw).selector };
  if (/^cloudwatch\s+/.test(raw))
    return { backend: 'cloudwatch', metric: parseCloudWatchMetric('traffic', raw) };
  throw new InputError(
    'traffic',
    `\`${raw}\` starts with neither \`cloudwatch\` nor \`prometheus\``,
    '`cloudwatch AWS/ApplicationELB RequestCount LoadBalancer=app/shop/1` or `prometheus http_requests_total{job="shop"}`',
  );
}

/** Hash of everything that defines the bake: a checkpoint only continues the same bake. */
export function bakeFingerprint(options: BakeOptions): string {
  // How a job runs (mode, polling pace, slicing, region) may change between slices; what is watched may not.
  const {
    mode: _mode,
    checkpoint: _checkpoint,
    runForMs: _runFor,
    awsRegion: _region,
    pollIntervalMs: _pollInterval,
    ...defining
  } = options;
  return createHash('sha256').update(JSON.stringify(defining)).digest('hex').slice(0, 32);
}
