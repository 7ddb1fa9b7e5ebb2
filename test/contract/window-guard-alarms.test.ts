import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { CloudWatchClient, StateValue } from '@aws-sdk/client-cloudwatch';
import { alarmsIn as createAlarmsIn, cloudWatchAt } from '../support/moto-cloudwatch.js';
import { freePort, startMoto, type MotoServer } from '../support/moto-server.js';
import { runAction, type ActionRun } from '../support/run-action.js';

// Distinctive, so a leak cannot hide among ordinary words; moto accepts any credentials.
const SECRET = 'hands-off-fake-secret-Zq7Wx2Lp9';

interface Blocker {
  kind: string;
  detail: string;
}

interface DecisionRecord {
  step: string;
  verdict: string;
  exitCode: number;
  observations: {
    alarms: { alarms: { name: string; state: string }[]; notFound: string[]; calls: number } | null;
    alarmError: string | null;
  };
}

describe('window-guard bundle with CloudWatch alarms (moto)', () => {
  let moto: MotoServer;
  let admin: CloudWatchClient;

  const alarmsIn = (states: Record<string, StateValue>): Promise<void> => createAlarmsIn(admin, states);

  /** Runs the bundle against `endpoint` (moto by default) and checks that no run ever shows the secret key. */
  const guard = async (
    inputs: Record<string, string>,
    endpoint: Record<string, string> = { AWS_ENDPOINT_URL: moto.url },
  ): Promise<ActionRun & { ms: number }> => {
    const started = Date.now();
    const run = await runAction('window-guard', {
      inputs: { 'aws-region': 'us-east-1', ...inputs },
      env: {
        ...endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: SECRET,
        // Keep the SDK to the environment's credentials, whatever this machine's ~/.aws holds.
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeoutMs: 40_000,
    });
    const ms = Date.now() - started;
    // `::add-mask::` lines are consumed by the runner and never shown; everything else could be.
    const shown = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(shown).not.toContain(SECRET);
    expect(run.stderr).not.toContain(SECRET);
    expect(run.summary).not.toContain(SECRET);
    expect(JSON.stringify(run.outputs)).not.toContain(SECRET);
    if (run.decisionLogPath) expect(readFileSync(run.decisionLogPath, 'utf8')).not.toContain(SECRET);
    return { ...run, ms };
  };
  const blockersOf = (run: ActionRun): Blocker[] => JSON.parse(run.outputs.blockers ?? 'null') as Blocker[];
  const lastDecision = (run: ActionRun): DecisionRecord => {
    const lines = readFileSync(run.decisionLogPath, 'utf8').trim().split('\n');
    return JSON.parse(lines[lines.length - 1] ?? '') as DecisionRecord;
  };
  /** Rows of the summary's `### Alarms` table, as arrays of cells. */
  const alarmTable = (summary: string): string[][] => {
    const section = summary.split('### Alarms')[1]?.split('\n### ')[0] ?? '';
    return section
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
  };

  beforeAll(async () => {
    moto = await startMoto();
    admin = cloudWatchAt(moto.url);
  }, 30_000);

  afterAll(async () => {
    admin?.destroy();
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto.reset();
  });

  it('opens (exit 0, open=true, blockers=[]) when every selected alarm is OK, and logs their states', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'OK', 'shop-prod-latency': 'OK' });

    const run = await guard({ alarms: 'shop-prod-5xx\nshop-prod-latency' });

    expect(run.code).toBe(0);
    expect(run.outputs.open).toBe('true');
    expect(run.outputs.blockers).toBe('[]');
    expect(run.outputs.reason).toMatch(/2 alarm\(s\) read, none blocking/);
    const table = alarmTable(run.summary);
    expect(table.some((row) => row[0] === 'shop-prod-5xx' && row[2] === 'OK')).toBe(true);
    expect(table.some((row) => row[0] === 'shop-prod-latency' && row[2] === 'OK')).toBe(true);

    const record = lastDecision(run);
    expect(record.step).toBe('window-guard');
    expect(record.verdict).toBe('open');
    expect(record.exitCode).toBe(0);
    expect(record.observations.alarms?.alarms.map((a) => [a.name, a.state])).toEqual([
      ['shop-prod-5xx', 'OK'],
      ['shop-prod-latency', 'OK'],
    ]);
    expect(record.observations.alarms?.notFound).toEqual([]);
  });

  it('closes (exit 2, open=false) with an `alarm` blocker naming the alarm in ALARM, and shows it in the Alarms table', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'ALARM', 'shop-prod-latency': 'OK' });

    const run = await guard({ alarms: 'shop-prod-5xx\nshop-prod-latency' });

    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    const blockers = blockersOf(run);
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toEqual({
      kind: 'alarm',
      detail: expect.stringContaining('shop-prod-5xx is in ALARM'),
    });
    expect(run.outputs.reason).toMatch(/^closed: shop-prod-5xx is in ALARM/);
    expect(run.summary).toContain('### Blockers');
    expect(run.summary).toContain('### Alarms');
    const table = alarmTable(run.summary);
    expect(table[0]).toEqual(['Alarm', 'Type', 'State', 'State since', 'Missing data']);
    expect(table.find((row) => row[0] === 'shop-prod-5xx')?.slice(1, 3)).toEqual(['metric', 'ALARM']);
    expect(table.find((row) => row[0] === 'shop-prod-latency')?.slice(1, 3)).toEqual(['metric', 'OK']);
    // The runner shows the decision as an error annotation.
    expect(
      run.visibleLines.some((line) => line.startsWith('::error::') && line.includes('shop-prod-5xx')),
    ).toBe(true);

    const record = lastDecision(run);
    expect(record.verdict).toBe('closed');
    expect(record.exitCode).toBe(2);
    expect(record.observations.alarms?.alarms.map((a) => [a.name, a.state])).toEqual([
      ['shop-prod-5xx', 'ALARM'],
      ['shop-prod-latency', 'OK'],
    ]);
  });

  it('closes on INSUFFICIENT_DATA with an `alarm-no-data` blocker by default (alarm-missing-data: block)', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'INSUFFICIENT_DATA' });

    const run = await guard({ alarms: 'shop-prod-5xx' });

    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    expect(blockersOf(run)).toEqual([
      { kind: 'alarm-no-data', detail: expect.stringContaining('shop-prod-5xx') },
    ]);
    expect(lastDecision(run).observations.alarms?.alarms).toEqual([
      expect.objectContaining({ name: 'shop-prod-5xx', state: 'INSUFFICIENT_DATA' }),
    ]);
  });

  it('opens on INSUFFICIENT_DATA with `alarm-missing-data: ignore`', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'INSUFFICIENT_DATA' });

    const run = await guard({ alarms: 'shop-prod-5xx', 'alarm-missing-data': 'ignore' });

    expect(run.code).toBe(0);
    expect(run.outputs.open).toBe('true');
    expect(run.outputs.blockers).toBe('[]');
  });

  it('selects alarms by `prefix:` and blocks only on those that match', async () => {
    await alarmsIn({
      'shop-prod-5xx': 'OK',
      'shop-prod-latency': 'ALARM',
      'shop-staging-5xx': 'ALARM',
      'billing-prod-5xx': 'ALARM',
    });

    const run = await guard({ alarms: 'prefix:shop-prod-' });

    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    expect(blockersOf(run)).toEqual([
      { kind: 'alarm', detail: expect.stringContaining('shop-prod-latency') },
    ]);
    expect(lastDecision(run).observations.alarms?.alarms.map((a) => [a.name, a.state])).toEqual([
      ['shop-prod-5xx', 'OK'],
      ['shop-prod-latency', 'ALARM'],
    ]);
  });

  it('closes with `alarm-not-found` for a name that does not exist and a prefix that matches nothing', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'OK' });

    const run = await guard({ alarms: 'shop-prod-5xx\nshop-prod-typo\nprefix:nothing-here-' });

    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    expect(blockersOf(run)).toEqual([
      { kind: 'alarm-not-found', detail: expect.stringContaining('shop-prod-typo') },
      { kind: 'alarm-not-found', detail: expect.stringContaining('prefix:nothing-here-') },
    ]);
  });

  it('in dry-run, reports a firing alarm as closed (open=false) but exits 0', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'ALARM' });

    const run = await guard({ alarms: 'shop-prod-5xx', mode: 'dry-run' });

    expect(run.code).toBe(0);
    expect(run.outputs.open).toBe('false');
    expect(blockersOf(run)).toEqual([{ kind: 'alarm', detail: expect.stringContaining('shop-prod-5xx') }]);
    expect(run.summary).toContain('dry-run');
    expect(run.visibleLines.some((line) => line.startsWith('::error::'))).toBe(false);
    expect(lastDecision(run).exitCode).toBe(0);
  });

  it('reaches CloudWatch at AWS_ENDPOINT_URL_CLOUDWATCH, which wins over AWS_ENDPOINT_URL', async () => {
    await alarmsIn({ 'shop-prod-5xx': 'ALARM' });
    const deadPort = await freePort();

    const run = await guard(
      { alarms: 'shop-prod-5xx' },
      { AWS_ENDPOINT_URL: `http://127.0.0.1:${deadPort}`, AWS_ENDPOINT_URL_CLOUDWATCH: moto.url },
    );

    expect(run.code).toBe(2);
    expect(blockersOf(run)).toEqual([{ kind: 'alarm', detail: expect.stringContaining('shop-prod-5xx') }]);
  });

  it('fails safe when CloudWatch cannot be reached: exit 2, open=false, `alarm-unreadable`, after retries, within ~25 s', async () => {
    const deadPort = await freePort();

    const run = await guard(
      { alarms: 'shop-prod-5xx' },
      { AWS_ENDPOINT_URL: `http://127.0.0.1:${deadPort}` },
    );

    expect(run.ms).toBeLessThan(25_000);
    expect(run.code).toBe(2);
    expect(run.outputs.open).toBe('false');
    const blockers = blockersOf(run);
    expect(blockers).toHaveLength(1);
    expect(blockers[0]?.kind).toBe('alarm-unreadable');
    expect(blockers[0]?.detail).toMatch(/cannot read CloudWatch alarms/);
    expect(run.outputs.reason).toMatch(/^closed: cannot read CloudWatch alarms/);
    // Each retry is a visible warning line; the policy allows 4 attempts.
    const retries = run.visibleLines.filter((line) =>
      /^::warning::DescribeAlarms: attempt \d\/4 failed/.test(line),
    );
    expect(retries).toHaveLength(3);

    const record = lastDecision(run);
    expect(record.verdict).toBe('closed');
    expect(record.observations.alarms).toBeNull();
    expect(record.observations.alarmError).toMatch(/cannot read CloudWatch alarms/);
  }, 60_000);
});
