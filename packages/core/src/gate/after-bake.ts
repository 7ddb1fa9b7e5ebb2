import { applyPoll, newBakeState } from '../bake/bake-state.js';
import { pollSource } from '../bake/run-bake.js';
import { isPrometheusAnomalyRule } from '../bake/anomaly-rule.js';
import { decideBake } from '../bake/bake-verdict.js';
import type { PollWindow, SignalSource } from '../bake/signal.js';
import type { ConfigValues } from '../config/config-file.js';
import { describeError } from '../errors.js';
import { formatDuration } from '../inputs/parse-duration.js';
import { resolveInputs } from '../inputs/resolve-inputs.js';
import { BAKE_INPUTS, parseBakeInputs, type BakeOptions } from '../steps/bake-and-watch/bake-inputs.js';
import { createBakeSources } from '../steps/bake-and-watch/bake-sources.js';
import { formatUtc } from '../time/format-utc.js';
import { isUnder } from './allowed-endpoints.js';
import type { GateCheck, GateDeps, GateRepository, GateRequest, GateSettings } from './gate-types.js';

/** The gate's `after` block, resolved: the previous wave and how its bake is judged. */
export interface AfterRule {
  /** The previous wave's environment. */
  environment: string;
  bakeMs: number;
  /** bake-and-watch settings of its signals (`duration` = the bake), as config values. */
  signals: ConfigValues;
  /** The config file, for messages. */
  path: string;
}

/**
 * The previous wave, judged after the fact: its latest successful deployment of the same commit
 * has been out for the bake duration, and the bake core, given ONE poll window from that moment to
 * now, finds no breach at any instant of it (alarm history, Prometheus range queries), enough
 * traffic, and data from every signal. Before the bake's end a breach already rejects; otherwise
 * it waits. An unreadable backend waits, or rejects with `no-data: fail`; it never approves.
 */
export async function evaluateAfter(
  request: GateRequest,
  repository: GateRepository,
  rule: AfterRule,
  settings: GateSettings,
  deps: GateDeps,
): Promise<GateCheck> {
  const where = `${rule.path}: environments.${request.environment}.gate.after`;
  let options: BakeOptions;
  try {
    options = parseBakeInputs(
      resolveInputs(BAKE_INPUTS, () => '', {
        path: rule.path,
        environment: rule.environment,
        values: rule.signals,
        overrideActors: [],
      }),
    );
  } catch (error) {
    return reject(`${where}: ${describeError(error)}`);
  }
  const refused = endpointOutsideAllowList(options, settings.allowedEndpoints);
  if (refused !== undefined) return reject(`${where}: ${refused}`);
  if (!hasSignals(options)) {
    return reject(
      `${where}: \`${rule.environment}\` has no signal to judge its bake by: name \`alarms\`, \`prometheus-rules\`, \`alertmanager-matchers\` or \`traffic\``,
    );
  }

  let deployment: { id: string; succeededAt: number } | undefined;
  try {
    deployment = await repository.lastSuccessfulDeployment(rule.environment, request.sha);
  } catch (error) {
    return wait(`cannot read the deployments of \`${rule.environment}\`: ${describeError(error)}`);
  }
  const short = request.sha.slice(0, 12);
  if (deployment === undefined) {
    return wait(`\`${rule.environment}\` has no successful deployment of ${short} yet`);
  }

  const now = deps.clock.now();
  const since = deployment.succeededAt;
  const bakeEnd = since + rule.bakeMs;
  // Probes see only the present; the gate judges a window in the past.
  let sources: SignalSource[];
  try {
    sources = await createBakeSources(
      { ...options, probes: [] },
      {
        clock: deps.clock,
        sleep: deps.sleep,
        fetch: deps.fetch,
        cloudWatch: () => deps.cloudWatch(options.awsRegion),
        onRetry: (line) => deps.log.info(line),
      },
    );
  } catch (error) {
    return wait(`cannot reach the signals of \`${rule.environment}\`: ${describeError(error)}`);
  }
  const window: PollWindow = { bakeStart: since, from: since, to: Math.max(now, since) };
  const readings = (
    await Promise.all(sources.map((source) => pollSource(source, window, deps.signal)))
  ).flat();
  const state = applyPoll(newBakeState(since), readings, window.to);
  const decision = decideBake(
    state,
    {
      durationMs: rule.bakeMs,
      maxDurationMs: options.maxDurationMs,
      // One window read once: a breach at any instant of it counts, and errors are judged below.
      breachLimit: 1,
      errorLimit: Number.POSITIVE_INFINITY,
      noData: options.noData,
      minTraffic: options.minTraffic,
    },
    now,
  );
  const deployed = `\`${rule.environment}\` (deployment ${deployment.id}, out since ${formatUtc(since)})`;
  const unreadable = Object.values(state.tracks).filter((track) => track.lastState === 'ERROR');
  if (decision.verdict === 'unhealthy') return reject(`${deployed}: ${decision.reason}`);
  if (unreadable.length > 0 && options.noData === 'fail') {
    return reject(
      `${deployed}: ${unreadable[0]?.id} cannot be read (no-data: fail): ${unreadable[0]?.lastDetail}`,
    );
  }
  if (decision.verdict === 'inconclusive') return reject(`${deployed}: ${decision.reason}`);
  if (decision.verdict === 'healthy') {
    return { name: 'after', verdict: 'approve', reason: `${deployed}: ${decision.reason}` };
  }
  const left = bakeEnd - now;
  return wait(
    left > 0
      ? `${deployed}: ${formatDuration(rule.bakeMs - left)} of ${formatDuration(rule.bakeMs)} baked, clean so far`
      : `${deployed}: ${decision.reason}`,
    left > 0 ? bakeEnd : undefined,
  );
}

function reject(reason: string): GateCheck {
  return { name: 'after', verdict: 'reject', reason };
}

function wait(reason: string, recheckAt?: number): GateCheck {
  return { name: 'after', verdict: 'wait', reason, ...(recheckAt === undefined ? {} : { recheckAt }) };
}

function hasSignals(options: BakeOptions): boolean {
  return (
    options.alarms.names.length + options.alarms.prefixes.length > 0 ||
    options.prometheusRules.length > 0 ||
    options.alertmanagerMatchers.length > 0 ||
    options.anomaly.length > 0 ||
    options.traffic !== undefined
  );
}

/**
 * A repository's file must not make the gate call an arbitrary URL: every endpoint its signals
 * would reach has to start with one of the operator's allowed prefixes.
 */
function endpointOutsideAllowList(options: BakeOptions, allowed: readonly string[]): string | undefined {
  const usesPrometheus =
    options.prometheusRules.length > 0 ||
    options.traffic?.backend === 'prometheus' ||
    options.anomaly.some(isPrometheusAnomalyRule);
  const endpoints: [string, string][] = [];
  if (usesPrometheus) endpoints.push(['prometheus-url', options.prometheusUrl]);
  if (options.alertmanagerMatchers.length > 0) endpoints.push(['alertmanager-url', options.alertmanagerUrl]);
  for (const [name, url] of endpoints) {
    if (!allowed.some((prefix) => isUnder(url, prefix))) {
      return `\`${name}\` ${url} is not among the endpoints this gate may call (its operator allows: ${allowed.join(', ') || 'none'})`;
    }
  }
  return undefined;
}
