import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type DescribeAlarmsCommandOutput,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';
import { systemClock, systemSleep } from '@hands-off/core';
import { parseAlarmSelectors } from '../../packages/core/src/health/alarm-selector.js';
import {
  ALARM_READ_RETRY,
  readAlarms,
  type AlarmReadDeps,
  type CloudWatchSender,
} from '../../packages/core/src/health/cloudwatch-alarms.js';
import { UnavailableError } from '../../packages/core/src/errors.js';
import { cloudWatchAt, putAlarms as putAlarmsIn, setAlarmState } from '../support/moto-cloudwatch.js';
import { freePort, startMoto, type MotoServer } from '../support/moto-server.js';
import { ROOT } from '../support/run-action.js';
import { runTsScript } from '../support/run-ts-script.js';

/**
 * moto ignores MaxRecords/NextToken (it returns every match in one page) and accepts any number of
 * AlarmNames; AWS pages at MaxRecords (≤100) and rejects more than 100 names. This wrapper puts
 * AWS's behaviour back in front of the real moto answers, so paging and batching are really
 * exercised instead of passing because of a moto quirk. It also records every DescribeAlarms sent.
 */
function withAwsPaging(
  client: CloudWatchClient,
): CloudWatchSender & { describes: DescribeAlarmsCommandInput[] } {
  const describes: DescribeAlarmsCommandInput[] = [];
  const send = (async (command: unknown, options?: unknown) => {
    if (!(command instanceof DescribeAlarmsCommand)) {
      return (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
    }
    const input = command.input;
    describes.push(input);
    if ((input.AlarmNames?.length ?? 0) > 100) {
      throw Object.assign(new Error('The collection AlarmNames must not have a size greater than 100.'), {
        name: 'ValidationError',
        $metadata: { httpStatusCode: 400 },
      });
    }
    const pageSize = Math.min(input.MaxRecords ?? 50, 100);
    const offset = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) : 0;
    const all = await client.send(
      new DescribeAlarmsCommand({ ...input, NextToken: undefined }),
      options as never,
    );
    const alarms = [
      ...(all.MetricAlarms ?? []).map((a) => ({ kind: 'metric' as const, a })),
      ...(all.CompositeAlarms ?? []).map((a) => ({ kind: 'composite' as const, a })),
    ];
    const page = alarms.slice(offset, offset + pageSize);
    const next =
      offset + pageSize < alarms.length
        ? Buffer.from(String(offset + pageSize)).toString('base64')
        : undefined;
    const out: DescribeAlarmsCommandOutput = {
      $metadata: all.$metadata,
      MetricAlarms: page.filter((p) => p.kind === 'metric').map((p) => p.a),
      CompositeAlarms: page.filter((p) => p.kind === 'composite').map((p) => p.a),
      NextToken: next,
    } as DescribeAlarmsCommandOutput;
    return out;
  }) as CloudWatchSender['send'];
  return { send, describes };
}

describe('readAlarms against a real CloudWatch API (moto)', () => {
  let moto: MotoServer;
  let admin: CloudWatchClient;

  const putAlarms = (names: string[]): Promise<void> => putAlarmsIn(admin, names);
  const setState = (name: string, state: StateValue): Promise<void> => setAlarmState(admin, name, state);
  const deps = (client: CloudWatchSender, extra: Partial<AlarmReadDeps> = {}): AlarmReadDeps => ({
    client,
    clock: systemClock,
    sleep: systemSleep,
    ...extra,
  });

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

  it('reports each selected alarm in the state CloudWatch holds: OK, ALARM, INSUFFICIENT_DATA', async () => {
    await putAlarms(['shop-prod-5xx', 'shop-prod-latency', 'shop-prod-queue']);
    // Set every state explicitly: AWS starts alarms in INSUFFICIENT_DATA, moto in OK.
    await setState('shop-prod-5xx', 'ALARM');
    await setState('shop-prod-latency', 'OK');
    await setState('shop-prod-queue', 'INSUFFICIENT_DATA');

    const reading = await readAlarms(
      parseAlarmSelectors('alarms', 'shop-prod-5xx\nshop-prod-latency\nshop-prod-queue'),
      deps(cloudWatchAt(moto.url)),
    );

    expect(reading.notFound).toEqual([]);
    expect(reading.calls).toBe(1);
    expect(reading.alarms.map((a) => [a.name, a.type, a.state])).toEqual([
      ['shop-prod-5xx', 'metric', 'ALARM'],
      ['shop-prod-latency', 'metric', 'OK'],
      ['shop-prod-queue', 'metric', 'INSUFFICIENT_DATA'],
    ]);
    const firing = reading.alarms.find((a) => a.name === 'shop-prod-5xx');
    expect(firing?.reason).toBe('test set ALARM');
    expect(firing?.treatMissingData).toBe('breaching');
    expect(Number.isNaN(Date.parse(firing?.stateUpdatedAt ?? ''))).toBe(false);
  });

  it('follows state changes between reads (ALARM -> OK -> INSUFFICIENT_DATA)', async () => {
    await putAlarms(['flip']);
    const client = cloudWatchAt(moto.url);
    const stateOf = async (): Promise<string | undefined> =>
      (await readAlarms({ names: ['flip'], prefixes: [] }, deps(client))).alarms[0]?.state;

    await setState('flip', 'ALARM');
    expect(await stateOf()).toBe('ALARM');
    await setState('flip', 'OK');
    expect(await stateOf()).toBe('OK');
    await setState('flip', 'INSUFFICIENT_DATA');
    expect(await stateOf()).toBe('INSUFFICIENT_DATA');
  });

  it('selects by `prefix:` only the alarms whose names start with it', async () => {
    await putAlarms(['shop-prod-5xx', 'shop-prod-latency', 'shop-staging-5xx', 'other-prod-5xx']);
    await setState('shop-prod-5xx', 'OK');
    await setState('shop-prod-latency', 'ALARM');

    const reading = await readAlarms(
      parseAlarmSelectors('alarms', 'prefix:shop-prod-'),
      deps(cloudWatchAt(moto.url)),
    );

    expect(reading.notFound).toEqual([]);
    expect(reading.alarms.map((a) => [a.name, a.state])).toEqual([
      ['shop-prod-5xx', 'OK'],
      ['shop-prod-latency', 'ALARM'],
    ]);
  });

  it('combines names and prefixes without listing an alarm twice', async () => {
    await putAlarms(['shop-prod-5xx', 'shop-prod-latency', 'billing-5xx']);

    const reading = await readAlarms(
      parseAlarmSelectors('alarms', 'shop-prod-5xx\nbilling-5xx\nprefix:shop-prod-'),
      deps(cloudWatchAt(moto.url)),
    );

    expect(reading.alarms.map((a) => a.name)).toEqual(['billing-5xx', 'shop-prod-5xx', 'shop-prod-latency']);
    expect(reading.notFound).toEqual([]);
    expect(reading.calls).toBe(2);
  });

  it('lists names that do not exist and prefixes that match nothing in notFound', async () => {
    await putAlarms(['shop-prod-5xx']);

    const reading = await readAlarms(
      parseAlarmSelectors('alarms', 'shop-prod-5xx\nshop-prod-gone\nprefix:nothing-here-'),
      deps(cloudWatchAt(moto.url)),
    );

    expect(reading.alarms.map((a) => a.name)).toEqual(['shop-prod-5xx']);
    expect(reading.notFound).toEqual(['shop-prod-gone', 'prefix:nothing-here-']);
  });

  it('reads more than 100 names in ceil(n/100) DescribeAlarms calls of at most 100 names, and finds them all', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    await putAlarms(names);
    await setState('bulk-042', 'ALARM');
    await setState('bulk-129', 'ALARM');
    const client = withAwsPaging(cloudWatchAt(moto.url));

    const reading = await readAlarms(parseAlarmSelectors('alarms', names.join('\n')), deps(client));

    expect(reading.calls).toBe(Math.ceil(names.length / 100));
    expect(client.describes.map((d) => d.AlarmNames?.length)).toEqual([100, 30]);
    expect(reading.notFound).toEqual([]);
    expect(reading.alarms.map((a) => a.name)).toEqual(names);
    expect(reading.alarms.filter((a) => a.state === 'ALARM').map((a) => a.name)).toEqual([
      'bulk-042',
      'bulk-129',
    ]);
  }, 60_000);

  it('follows NextToken through every page when a prefix matches more than 100 alarms', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `paged-${String(i).padStart(3, '0')}`);
    await putAlarms([...names, 'unpaged-000']);
    await setState('paged-117', 'ALARM');
    const client = withAwsPaging(cloudWatchAt(moto.url));

    const reading = await readAlarms(parseAlarmSelectors('alarms', 'prefix:paged-'), deps(client));

    expect(reading.alarms).toHaveLength(130);
    expect(reading.alarms.map((a) => a.name)).toEqual(names);
    expect(reading.alarms.find((a) => a.name === 'paged-117')?.state).toBe('ALARM');
    expect(reading.notFound).toEqual([]);
    // Two pages (100 + 30): the second request carried the first page's token.
    expect(reading.calls).toBe(2);
    expect(client.describes.map((d) => d.NextToken === undefined)).toEqual([true, false]);
  }, 60_000);

  it('asks for metric and composite alarms both (AlarmTypes), so composite alarms are not silently left out', async () => {
    await putAlarms(['typed']);
    const client = withAwsPaging(cloudWatchAt(moto.url));

    await readAlarms({ names: ['typed'], prefixes: [] }, deps(client));

    expect(client.describes[0]?.AlarmTypes).toEqual(
      expect.arrayContaining(['MetricAlarm', 'CompositeAlarm']),
    );
  });

  it('rejects with UnavailableError (UNAVAILABLE) within the retry deadline when nothing listens', async () => {
    const deadPort = await freePort();
    const client = cloudWatchAt(`http://127.0.0.1:${deadPort}`);
    const started = Date.now();

    const failure = await readAlarms({ names: ['shop-prod-5xx'], prefixes: [] }, deps(client)).then(
      () => undefined,
      (error: unknown) => error,
    );
    const elapsed = Date.now() - started;
    client.destroy();

    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as UnavailableError).code).toBe('UNAVAILABLE');
    expect((failure as Error).message).toMatch(/^cannot read CloudWatch alarms: .*ECONNREFUSED/);
    expect(elapsed).toBeLessThan(ALARM_READ_RETRY.deadlineMs);
  }, 30_000);

  // Inside Jest, Node's ECONNREFUSED error comes from another realm, fails the SDK's `instanceof Error`
  // and reaches us as a code-less "AWS SDK error wrapper" (aws/aws-sdk-js-v3#4273), so retries cannot
  // be observed here. This case runs the same sources under plain Node 24, as the bundle runs them.
  it('retries a refused connection, one onRetry line per retry, then rejects with UNAVAILABLE before the deadline (plain Node)', async () => {
    const deadPort = await freePort();
    const src = `${ROOT}/packages/core/src`;
    const run = await runTsScript(`
      import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
      import { readAlarms, ALARM_READ_RETRY } from '${src}/health/cloudwatch-alarms.ts';
      import { systemClock, systemSleep } from '${src}/time/clock.ts';
      const client = new CloudWatchClient({
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:${deadPort}',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        maxAttempts: 1,
      });
      const retries = [];
      const started = Date.now();
      let error;
      try {
        await readAlarms({ names: ['shop-prod-5xx'], prefixes: [] }, {
          client, clock: systemClock, sleep: systemSleep, onRetry: (line) => retries.push(line),
        });
      } catch (e) {
        error = e;
      }
      console.log(JSON.stringify({
        elapsed: Date.now() - started,
        name: error?.name, code: error?.code, message: error?.message, retries, policy: ALARM_READ_RETRY,
      }));
    `);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      elapsed: number;
      name: string;
      code: string;
      message: string;
      retries: string[];
      policy: { maxAttempts: number; deadlineMs: number };
    };

    expect(result.name).toBe('UnavailableError');
    expect(result.code).toBe('UNAVAILABLE');
    expect(result.message).toMatch(/^cannot read CloudWatch alarms: .*ECONNREFUSED/);
    expect(result.elapsed).toBeLessThan(result.policy.deadlineMs);
    // Every attempt but the last announces its retry on one line.
    expect(result.retries).toHaveLength(result.policy.maxAttempts - 1);
    result.retries.forEach((line, i) => {
      expect(line).toMatch(
        /^DescribeAlarms: attempt \d+\/\d+ failed \(.*ECONNREFUSED.*\); retrying in \d+ ms$/,
      );
      expect(line).toContain(`attempt ${i + 1}/${result.policy.maxAttempts} failed`);
    });
  }, 40_000);
});
