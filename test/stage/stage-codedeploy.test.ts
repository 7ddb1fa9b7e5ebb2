import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeploymentCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ExitCode, ManualClock, runStep, stageStep } from '@hands-off/core';
import { CodeDeployModel, s3Revision } from '../support/codedeploy-model.js';
import { memoryRuntime } from '../support/memory-runtime.js';

const START = Date.parse('2026-12-08T09:00:00Z');

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The revision a group runs: its newest Succeeded deployment's S3 key. */
function running(model: CodeDeployModel): string {
  const done = [...model.deployments.values()].filter((d) => d.status === 'Succeeded');
  return done.at(-1)?.revision.s3Location?.key ?? '';
}

/** The one-box group and the fleet group, each its own model, behind one client that routes by group or id. */
function groups(clock: ManualClock) {
  const oneBox = new CodeDeployModel({
    clock,
    deploymentGroup: 'shop-onebox',
    ownClientOnly: true,
    idPrefix: 'd-1',
  });
  const fleet = new CodeDeployModel({
    clock,
    deploymentGroup: 'shop-fleet',
    ownClientOnly: true,
    idPrefix: 'd-2',
  });
  oneBox.seed([{ revision: s3Revision('v1'), status: 'Succeeded' }]);
  fleet.seed([{ revision: s3Revision('v1'), status: 'Succeeded' }]);
  const models = [oneBox, fleet];
  const modelOf = (input: Record<string, unknown>): CodeDeployModel => {
    const group = input.deploymentGroupName;
    if (typeof group === 'string') return models.find((m) => m.deploymentGroup === group) ?? oneBox;
    const id = (input.deploymentId ?? (input.deploymentIds as string[] | undefined)?.[0]) as string;
    return models.find((m) => m.deployments.has(id)) ?? oneBox;
  };
  const client = {
    send: ((command: { input: Record<string, unknown> }) =>
      modelOf(command.input).client.send(command as never)) as unknown as CodeDeployClient['send'],
  };
  return { oneBox, fleet, client };
}

/** The service's health: 500 while the box runs a `bad` build or the fleet runs `v3` (bad under load). */
async function startHealth(oneBox: CodeDeployModel, fleet: CodeDeployModel): Promise<string> {
  server = createServer((_request, response) => {
    const bad = running(oneBox).includes('bad') || running(fleet).includes('v3');
    response.writeHead(bad ? 500 : 200).end(bad ? 'broken' : 'ok');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
}

function workspaceWith(health: string): string {
  const workspace = mkdtempSync(join(tmpdir(), 'hands-off-stage-cd-'));
  writeFileSync(
    join(workspace, 'hands-off.yml'),
    `environments:
  production:
    deploy:
      target: codedeploy
      application: shop
      aws-region: us-east-1
      timeout: 30m
      poll-interval: 10s
    one-box:
      deployment-group: shop-onebox
      alarms: shop-onebox-faults
      bake:
        duration: 10m
        poll-interval: 1m
        probes: GET ${health} 200
    fleet:
      deployment-group: shop-fleet
      alarms: shop-fleet-faults
      bake:
        duration: 30m
        poll-interval: 1m
        probes: GET ${health} 200
`,
  );
  return workspace;
}

/** CloudWatch answering DescribeAlarms with every named alarm in `state` (the rollback's alarm check). */
const alarmsIn = (state: 'OK' | 'ALARM') => async () =>
  ({
    send: async (command: { input: { AlarmNames?: string[] } }) => ({
      MetricAlarms: (command.input.AlarmNames ?? []).map((name) => ({ AlarmName: name, StateValue: state })),
    }),
  }) as never;

async function stage(
  revision: string,
  setup: (g: ReturnType<typeof groups>) => void = () => undefined,
  alarmState: 'OK' | 'ALARM' = 'OK',
) {
  const clock = new ManualClock(START);
  const g = groups(clock);
  setup(g);
  const workspace = workspaceWith(await startHealth(g.oneBox, g.fleet));
  const runtime = memoryRuntime({ environment: 'production', revision }, { workspace });
  const code = await runStep(
    stageStep({
      clock,
      sleep: clock.sleep,
      codeDeploy: async () => g.client,
      cloudWatch: alarmsIn(alarmState),
    }),
    runtime,
  );
  const created = (model: CodeDeployModel) =>
    model.mock.commandCalls(CreateDeploymentCommand).map((c) => c.args[0].input.revision?.s3Location?.key);
  return {
    code,
    runtime,
    g,
    created,
    errors: runtime.lines.filter((l) => l.level === 'error').map((l) => l.text),
  };
}

describe('the stage on CodeDeploy (one-box group, then fleet group; a model of the API per group)', () => {
  it('promotes: the one-box group, then the fleet group, each followed to Succeeded', async () => {
    const run = await stage('s3://shop-artifacts/app/v2.zip');
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.created(run.g.oneBox)).toEqual(['app/v2.zip']);
    expect(run.created(run.g.fleet)).toEqual(['app/v2.zip']);
    expect(running(run.g.fleet)).toBe('app/v2.zip');
    const ids = JSON.parse(run.runtime.outputs.get('deployment-ids') ?? '') as Record<string, string>;
    expect(ids).toEqual({ 'one-box': expect.stringMatching(/^d-1/), fleet: expect.stringMatching(/^d-2/) });
    expect(run.runtime.outputs.get('previous-revision')).toBe('s3://shop-artifacts/app/v1.zip');
    // The one-box deployment carried its alarms (stop on alarm), the fleet's its own.
    const alarmsOf = (model: CodeDeployModel) =>
      model.mock
        .commandCalls(CreateDeploymentCommand)[0]
        ?.args[0].input.overrideAlarmConfiguration?.alarms?.map((a) => a.name);
    expect(alarmsOf(run.g.oneBox)).toEqual(['shop-onebox-faults']);
    expect(alarmsOf(run.g.fleet)).toEqual(['shop-fleet-faults']);
  });

  it('the box stopped on alarm: CodeDeploy rolls it back, the stage follows, the fleet group is never called', async () => {
    const run = await stage('s3://shop-artifacts/app/v2.zip', (g) =>
      g.oneBox.script({ kind: 'alarm', alarm: 'shop-onebox-faults' }),
    );
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('result')).toBe('rolled-back');
    expect(run.runtime.outputs.get('phase')).toBe('one-box');
    expect(run.g.fleet.mock.calls()).toHaveLength(0);
    expect(running(run.g.oneBox)).toBe('app/v1.zip');
    expect(run.errors.at(-1)).toMatch(
      /^stage: rolled-back at one-box: one-box: one-box-deploy: Stopped: ALARM_ACTIVE.*; rolled back: one-box on s3:\/\/shop-artifacts\/app\/v1\.zip$/,
    );
    // CodeDeploy's own rollback was enough: the stage's rollback found the group on v1 and created nothing.
    expect(run.created(run.g.oneBox)).toEqual(['app/v2.zip']);
  });

  it('a bad build fails the bake of the box: rolled back by a new deployment of v1, the fleet group never called', async () => {
    const run = await stage('s3://shop-artifacts/app/v2-bad.zip');
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('phase')).toBe('bake-one-box');
    expect(run.created(run.g.oneBox)).toEqual(['app/v2-bad.zip', 'app/v1.zip']);
    expect(run.g.fleet.mock.calls()).toHaveLength(0);
    expect(running(run.g.oneBox)).toBe('app/v1.zip');
  });

  it('a failure in the fleet bake rolls back both groups (the fleet first), each to v1', async () => {
    const run = await stage('s3://shop-artifacts/app/v3.zip');
    expect(run.code).toBe(ExitCode.Refused);
    expect(run.runtime.outputs.get('phase')).toBe('bake-fleet');
    expect(run.created(run.g.fleet)).toEqual(['app/v3.zip', 'app/v1.zip']);
    expect(run.created(run.g.oneBox)).toEqual(['app/v3.zip', 'app/v1.zip']);
    expect([running(run.g.oneBox), running(run.g.fleet)]).toEqual(['app/v1.zip', 'app/v1.zip']);
    const ids = JSON.parse(run.runtime.outputs.get('deployment-ids') ?? '') as Record<string, string>;
    expect(Object.keys(ids)).toEqual(['one-box', 'fleet', 'fleet-rollback', 'one-box-rollback']);
    const order = run.runtime.lines
      .map((l) => /^rollback: returning codedeploy shop\/(\S+)/.exec(l.text)?.[1])
      .filter(Boolean);
    expect(order).toEqual(['shop-fleet', 'shop-onebox']);
  });

  it('an alarm still firing after the rollback: the stage fails (exit 1) and says the rollback did not clear it', async () => {
    const run = await stage('s3://shop-artifacts/app/v2-bad.zip', () => undefined, 'ALARM');
    expect(run.code).toBe(ExitCode.Error);
    expect(run.runtime.outputs.get('result')).toBe('failed');
    expect(run.errors.at(-1)).toMatch(
      /^stage: failed at bake-one-box: .*; the rollback failed too: one-box: rollback: rolled back to s3:\/\/shop-artifacts\/app\/v1\.zip in \d+ s, but shop-onebox-faults after 300 s$/,
    );
    expect(running(run.g.oneBox)).toBe('app/v1.zip');
  });

  it('dry-run prints the plan with both groups and makes no API call at all', async () => {
    const clock = new ManualClock(START);
    const g = groups(clock);
    const workspace = workspaceWith('http://127.0.0.1:9/health');
    const runtime = memoryRuntime(
      { environment: 'production', revision: 's3://shop-artifacts/app/v2.zip', mode: 'dry-run' },
      { workspace },
    );
    let clients = 0;
    const code = await runStep(
      stageStep({
        clock,
        sleep: clock.sleep,
        codeDeploy: async () => (clients++, g.client),
        cloudWatch: async () => (clients++, alarmsIn('OK')()) as never,
      }),
      runtime,
    );
    expect(code).toBe(ExitCode.Ok);
    expect(clients).toBe(0);
    expect(g.oneBox.mock.calls()).toHaveLength(0);
    expect(g.fleet.mock.calls()).toHaveLength(0);
    const text = runtime.lines.map((l) => l.text).join('\n');
    expect(text).toMatch(/one-box +CodeDeploy shop\/shop-onebox · timeout 30m/);
    expect(text).toMatch(/fleet +CodeDeploy shop\/shop-fleet · timeout 30m/);
    expect(runtime.summaries.join('')).toContain(
      'Nothing was changed: no API was called and no command ran.',
    );
  });
});
