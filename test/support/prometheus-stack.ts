import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMetricsService, type MetricsService } from './metrics-service.js';
import { freePort } from './moto-server.js';
import { requireTool } from './require-tool.js';

/** The alerting rule Prometheus evaluates and sends to Alertmanager when the stack has one. */
export const SHOP_ALERT = {
  name: 'ShopErrorRatioHigh',
  expr: 'sum by (route) (rate(http_requests_total{code="500"}[3s])) / sum by (route) (rate(http_requests_total[3s])) > 0.1',
  labels: { service: 'shop', severity: 'page' },
};

/** A running Prometheus (and optionally Alertmanager) scraping a test service, all on loopback. */
export interface PrometheusStack {
  service: MetricsService;
  prometheusUrl: string;
  /** Set when started with `alertmanager: true`. */
  alertmanagerUrl: string | undefined;
  /** Instant query through plain fetch (independent of the code under test), for waiting on conditions. */
  query(expr: string): Promise<Array<{ labels: Record<string, string>; value: string }>>;
  /** Polls `check` every 200 ms until it returns true; throws after `timeoutMs` naming `what`. */
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Kills Prometheus only (Alertmanager and the service keep running). */
  stopPrometheus(): Promise<void>;
  /** Kills everything and removes the temporary directories. */
  stop(): Promise<void>;
}

/** Scrape and evaluation interval: 1 s, so rules react within about a second. */
export const SCRAPE_INTERVAL_MS = 1000;

interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  log: () => string;
}

/**
 * Starts the test service, then (optionally) `prometheus-alertmanager`, then `prometheus` with a
 * 1 s scrape/evaluation interval, and waits — by polling, with bounded timeouts — until Prometheus
 * is ready, has scraped the service once and (when used) has discovered Alertmanager.
 * `routes` are created at 0 (codes 200 and 500) before the first scrape.
 * Throws naming the Debian package when a binary is missing, so the test fails rather than skips.
 */
export async function startPrometheusStack(
  options: { alertmanager?: boolean; routes?: string[] } = {},
): Promise<PrometheusStack> {
  requireTool('prometheus', ['--version'], 'apt-get install -y prometheus (Debian package `prometheus`)');
  if (options.alertmanager) {
    requireTool(
      'prometheus-alertmanager',
      ['--version'],
      'apt-get install -y prometheus-alertmanager (Debian package `prometheus-alertmanager`)',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'hands-off-prometheus-'));
  const managed: Managed[] = [];
  const service = await startMetricsService();
  // Prometheus counts no increase for a series' first sample: the series must exist (at 0) before
  // the test's requests, or the first burst of errors would be invisible to rate().
  for (const route of options.routes ?? []) {
    service.record(route, 200, 0);
    service.record(route, 500, 0);
  }
  let prometheus: Managed | undefined;

  const stopAll = async (): Promise<void> => {
    await Promise.all(managed.map((m) => kill(m)));
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    let alertmanagerUrl: string | undefined;
    let alertmanagerTarget: string | undefined;
    if (options.alertmanager) {
      const port = await freePort();
      alertmanagerTarget = `127.0.0.1:${port}`;
      alertmanagerUrl = `http://${alertmanagerTarget}`;
      const config = join(dir, 'alertmanager.yml');
      await writeFile(
        config,
        ["route: { receiver: 'null', group_wait: 1s }", 'receivers:', "  - name: 'null'", ''].join('\n'),
      );
      const am = launch('prometheus-alertmanager', [
        `--config.file=${config}`,
        `--storage.path=${join(dir, 'alertmanager-data')}`,
        `--web.listen-address=${alertmanagerTarget}`,
        '--cluster.listen-address=',
      ]);
      managed.push(am);
      await waitUntil('Alertmanager ready', am, () => answers(`${alertmanagerUrl}/-/ready`), 15_000);
    }

    const port = await freePort();
    const prometheusUrl = `http://127.0.0.1:${port}`;
    const rules = join(dir, 'rules.yml');
    await writeFile(
      rules,
      JSON.stringify({
        groups: [
          {
            name: 'shop',
            rules: [{ alert: SHOP_ALERT.name, expr: SHOP_ALERT.expr, for: '0s', labels: SHOP_ALERT.labels }],
          },
        ],
      }),
    );
    const config = join(dir, 'prometheus.yml');
    // JSON is YAML: no hand-indented config to get wrong.
    await writeFile(
      config,
      JSON.stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [rules],
        ...(alertmanagerTarget
          ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanagerTarget] }] }] } }
          : {}),
        scrape_configs: [{ job_name: 'service', static_configs: [{ targets: [service.target] }] }],
      }),
    );
    prometheus = launch('prometheus', [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    managed.push(prometheus);
    const query = async (expr: string): Promise<Array<{ labels: Record<string, string>; value: string }>> => {
      const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`, {
        signal: AbortSignal.timeout(2000),
      });
      const body = (await response.json()) as {
        data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      return (body.data?.result ?? []).map((r) => ({ labels: r.metric, value: r.value[1] }));
    };
    const started = prometheus;
    await waitUntil('Prometheus ready', started, () => answers(`${prometheusUrl}/-/ready`), 15_000);
    // Targets are applied on a 5 s tick after start: wait for the first successful scrape.
    await waitUntil(
      'first scrape of the test service',
      started,
      async () => (await query('up{job="service"}')).some((r) => r.value === '1'),
      20_000,
    );
    if (alertmanagerTarget) {
      await waitUntil(
        'Prometheus to discover Alertmanager',
        started,
        async () => {
          const response = await fetch(`${prometheusUrl}/api/v1/alertmanagers`, {
            signal: AbortSignal.timeout(2000),
          });
          const body = (await response.json()) as { data?: { activeAlertmanagers?: unknown[] } };
          return (body.data?.activeAlertmanagers ?? []).length > 0;
        },
        20_000,
      );
    }

    return {
      service,
      prometheusUrl,
      alertmanagerUrl,
      query,
      waitFor: (what, check, timeoutMs = 15_000) => waitUntil(what, undefined, check, timeoutMs),
      stopPrometheus: () => kill(started),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function launch(command: string, args: string[]): Managed {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return { name: command, child, exited, log: () => log };
}

async function answers(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await response.arrayBuffer();
  return response.ok;
}

async function waitUntil(
  what: string,
  process: Managed | undefined,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not yet';
  while (Date.now() < deadline) {
    if (process && (process.child.exitCode !== null || process.child.signalCode !== null)) {
      throw new Error(`${process.name} exited early while waiting for ${what}:\n${process.log()}`);
    }
    try {
      if (await check()) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what} (${last})${process ? `:\n${process.log()}` : ''}`,
  );
}

async function kill(managed: Managed): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await managed.exited;
  clearTimeout(timer);
}
