import { CancelledError, InputError, describeError } from '../../errors.js';
import type { SignalReading, SignalSource } from '../signal.js';
import {
  PrometheusApiError,
  formatMatcher,
  formatSeries,
  getJson,
  parseHttpBaseUrl,
  scanLabelMatchers,
  type HttpReadOptions,
  type LabelMatcher,
} from './prometheus-client.js';
import { isRecord } from '../../json-record.js';

/** Options of the Alertmanager signal source. */
export interface AlertmanagerSourceOptions extends HttpReadOptions {
  /** Base URL of Alertmanager (the API is under `/api/v2`). */
  url: string;
  /** Which alerts count (see parseAlertmanagerMatchers); all must match. */
  matchers: LabelMatcher[];
}

/**
 * Creates the `alertmanager` signal source: one `alertmanager:<matchers>` reading per poll, BREACH
 * when Alertmanager holds an active, unsilenced, uninhibited alert matching every matcher, OK when it
 * answers with none. poll() never throws for a read failure (the reading is ERROR); it rejects only
 * with CancelledError when its signal aborts.
 */
export function createAlertmanagerSource(options: AlertmanagerSourceOptions): SignalSource {
  const base = options.url.replace(/\/+$/, '');
  const id = `alertmanager:${options.matchers.map(formatMatcher).join(', ')}`;
  const params = new URLSearchParams({
    active: 'true',
    silenced: 'false',
    inhibited: 'false',
    unprocessed: 'false',
  });
  for (const matcher of options.matchers) params.append('filter', formatMatcher(matcher));
  const url = `${base}/api/v2/alerts?${params}`;

  return {
    name: 'alertmanager',
    async poll(_window, signal) {
      if (signal?.aborted) throw new CancelledError();
      let reading: SignalReading;
      try {
        const body = await getJson(url, 'Alertmanager alerts', options, signal, describeAlertmanagerError);
        reading = judge(id, parseAlerts(body), options.clock.now());
      } catch (error) {
        if (error instanceof CancelledError || signal?.aborted)
          throw new CancelledError('cancelled', { cause: error });
        reading = {
          id,
          kind: 'alertmanager',
          state: 'ERROR',
          detail: describeError(error),
          readAt: options.clock.now(),
        };
      }
      if (signal?.aborted) throw new CancelledError();
      return [reading];
    },
  };
}

/** Any active matching alert is a breach; the detail names the first one so the reason is readable. */
function judge(id: string, alerts: ActiveAlert[], readAt: number): SignalReading {
  const base = { id, kind: 'alertmanager', threshold: 'any alert', readAt } as const;
  const first = alerts[0];
  if (first === undefined) return { ...base, state: 'OK', value: 0, detail: 'no matching alert is firing' };
  const name = first.labels.alertname ?? '(no alertname)';
  return {
    ...base,
    state: 'BREACH',
    value: alerts.length,
    detail: `${alerts.length} matching alert(s) firing; first: ${name} ${formatSeries(withoutName(first.labels))} since ${first.startsAt}`,
  };
}

interface ActiveAlert {
  labels: Record<string, string>;
  startsAt: string;
}

/**
 * Validates the `GET /api/v2/alerts` body (an array of alerts with labels and a status) and keeps
 * the active ones. The query already asks for active alerts only; checking `status.state` again
 * costs nothing and keeps a silenced alert from failing a bake if a proxy drops the query string.
 */
function parseAlerts(body: unknown): ActiveAlert[] {
  const malformed = (problem: string): PrometheusApiError =>
    new PrometheusApiError(`Alertmanager alerts: unexpected answer: ${problem}`, {
      httpStatus: 200,
      retryable: false,
    });
  if (!Array.isArray(body)) throw malformed('the body is not a JSON array');
  const active: ActiveAlert[] = [];
  body.forEach((item: unknown, index) => {
    if (!isRecord(item) || !isRecord(item.labels)) throw malformed(`alert ${index} has no labels`);
    const status = item.status;
    if (!isRecord(status) || typeof status.state !== 'string')
      throw malformed(`alert ${index} has no status.state`);
    // fromEntries defines own properties: a label named `__proto__` is kept as a label.
    const labels = Object.fromEntries(
      Object.entries(item.labels).map(([name, value]) => [name, String(value)]),
    ) as Record<string, string>;
    if (status.state === 'active') {
      active.push({
        labels,
        startsAt: typeof item.startsAt === 'string' ? item.startsAt : 'an unknown time',
      });
    }
  });
  return active;
}

/** Alertmanager error bodies are a JSON string, or `{"code":..,"message":".."}` from its API layer. */
function describeAlertmanagerError(body: unknown): { message: string } | undefined {
  if (typeof body === 'string') return { message: body.replace(/\s+/g, ' ').trim() };
  if (isRecord(body) && typeof body.message === 'string')
    return { message: body.message.replace(/\s+/g, ' ').trim() };
  return undefined;
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([name]) => name !== 'alertname'));
}

const MATCHERS_EXAMPLE = '`service="shop", severity="page"`';

/**
 * Parses `alertmanager-matchers`: label matchers separated by commas or newlines, each
 * `name="value"`, `name!="value"`, `name=~"regex"` or `name!~"regex"` (braces around the list are
 * allowed, as Alertmanager writes them). At least one matcher is required: an empty filter would
 * watch every alert the Alertmanager holds.
 */
export function parseAlertmanagerMatchers(input: string, raw: string): LabelMatcher[] {
  let text = raw
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (text.trim() === '') throw new InputError(input, 'no matcher given', MATCHERS_EXAMPLE);
  const matchers = scanLabelMatchers(text);
  if (matchers === undefined) {
    throw new InputError(input, `\`${raw.trim()}\` is not a list of label matchers`, MATCHERS_EXAMPLE);
  }
  for (const matcher of matchers) {
    if (matcher.op === '=~' || matcher.op === '!~') {
      try {
        // Alertmanager uses Go's RE2; JavaScript catches most syntax errors the same way, before any request.
        new RegExp(matcher.value);
      } catch {
        throw new InputError(
          input,
          `\`${matcher.value}\` in \`${formatMatcher(matcher)}\` is not a valid regular expression`,
          MATCHERS_EXAMPLE,
        );
      }
    }
  }
  return matchers;
}

/** Parses `alertmanager-url`: an http(s) URL without credentials, query or fragment. */
export function parseAlertmanagerUrl(input: string, raw: string): string {
  return parseHttpBaseUrl(input, raw, '`http://alertmanager.monitoring:9093`');
}
