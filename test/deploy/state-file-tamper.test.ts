// The command target's state file is its only evidence of what runs where. A corrupt or hand-edited
// file may be refused, or may cost a deployment that was not needed, but it must never make
// `rollback` say "no-op" (or Succeeded) while a host still runs something else, and never make
// it deploy a revision that is not the one asked for.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandsOffError, systemClock } from '@hands-off/core';
import { parseCommandLine } from '../../packages/core/src/deploy/command-line.js';
import { createCommandTarget } from '../../packages/core/src/deploy/command-target.js';
import type { Exec } from '../../packages/core/src/deploy/node-exec.js';

const HOSTS = ['web-1', 'web-2', 'web-3'];
const AT = '2026-12-01T10:00:00.000Z';

/** A fleet in memory: the deploy command sets what a host runs, the health command always passes. */
function memoryFleet(initial: Record<string, string>) {
  const running = { ...initial };
  const deployed: string[] = [];
  const exec: Exec = async (file, _args, options) => {
    const host = options.env.HANDS_OFF_HOST ?? '';
    if (file === 'deploy') {
      running[host] = options.env.HANDS_OFF_REVISION ?? '';
      deployed.push(`${host}=${running[host]}`);
    }
    return { exitCode: 0, output: '' };
  };
  return { running, deployed, exec };
}

function commandTarget(stateFile: string, exec: Exec) {
  return createCommandTarget({
    hosts: HOSTS,
    deployCommand: parseCommandLine('deploy-command', 'deploy'),
    healthCommand: parseCommandLine('health-command', 'health'),
    oneBoxCount: 1,
    batchSize: { count: 1 },
    minHealthy: { count: 1 },
    stateFile,
    exec,
    clock: systemClock,
    baseEnv: {},
  });
}

/** The untampered file: v1 everywhere by a fleet deployment, then v2 on the one box. */
async function recordedFile(): Promise<{ stateFile: string; text: string }> {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'cmd-tamper-')), 'command-target.json');
  const fleet = memoryFleet(Object.fromEntries(HOSTS.map((h) => [h, 'v0'])));
  const target = commandTarget(stateFile, fleet.exec);
  const request = { timeoutMs: 10_000, pollIntervalMs: 1000, autoRollback: true };
  expect((await target.deploy({ ...request, revision: 'v1', stage: 'one-box' }, () => {})).status).toBe(
    'Succeeded',
  );
  expect((await target.deploy({ ...request, revision: 'v1', stage: 'fleet' }, () => {})).status).toBe(
    'Succeeded',
  );
  expect((await target.deploy({ ...request, revision: 'v2', stage: 'one-box' }, () => {})).status).toBe(
    'Succeeded',
  );
  expect(fleet.running).toEqual({ 'web-1': 'v2', 'web-2': 'v1', 'web-3': 'v1' });
  return { stateFile, text: readFileSync(stateFile, 'utf8') };
}

/** Every path to a value inside a JSON document, the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(value.flatMap((item, i) => pathsOf(item, [...prefix, i])));
  if (value !== null && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key])));
  return here;
}

const DELETE = Symbol('delete');
const replacement = fc.constantFrom<unknown>(
  DELETE,
  null,
  '',
  'v1',
  'v2',
  'v3',
  'Succeeded',
  'InProgress',
  'Failed',
  0,
  -1,
  true,
  [],
  {},
  ['web-1'],
  { revision: 'v1', at: AT },
  AT,
  'not a date',
  '__proto__',
);

function mutate(document: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === DELETE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

describe('a tampered state file (property)', () => {
  it('rollback to v1 is refused with one line, or ends with every host on v1; never a no-op while web-1 runs v2', async () => {
    const { stateFile, text } = await recordedFile();
    const original = JSON.parse(text) as unknown;
    const paths = pathsOf(original);
    const outcomes = { refused: 0, rolledBack: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: paths.length - 1 }), replacement, async (index, value) => {
        const tampered = mutate(original, paths[index] as (string | number)[], value);
        writeFileSync(stateFile, tampered === undefined ? '' : JSON.stringify(tampered));
        const fleet = memoryFleet({ 'web-1': 'v2', 'web-2': 'v1', 'web-3': 'v1' });
        let outcome;
        try {
          outcome = await commandTarget(stateFile, fleet.exec).rollback(
            { to: 'v1', deploymentId: '', reason: 'test', timeoutMs: 10_000, pollIntervalMs: 1000 },
            () => {},
          );
        } catch (error) {
          // Refused: one line naming the file, and nothing deployed.
          expect(error).toBeInstanceOf(HandsOffError);
          expect((error as Error).message).toContain(stateFile);
          expect((error as Error).message).not.toContain('\n');
          expect(fleet.deployed).toEqual([]);
          outcomes.refused++;
          return;
        }
        expect(outcome.noop).toBe(false);
        expect(outcome.status).toBe('Succeeded');
        expect(fleet.running).toEqual({ 'web-1': 'v1', 'web-2': 'v1', 'web-3': 'v1' });
        expect(fleet.deployed.every((d) => d.endsWith('=v1'))).toBe(true);
        outcomes.rolledBack++;
      }),
      { numRuns: 300 },
    );
    // Both branches were taken: the property saw files it refused and files it acted on.
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.rolledBack).toBeGreaterThan(0);
  });

  it('rollback to previous is refused, stops naming unknown hosts, or gives web-1 a revision a Succeeded deployment in the file recorded', async () => {
    const { stateFile, text } = await recordedFile();
    const original = JSON.parse(text) as unknown;
    const paths = pathsOf(original);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: paths.length - 1 }), replacement, async (index, value) => {
        const tampered = mutate(original, paths[index] as (string | number)[], value);
        const written = tampered === undefined ? '' : JSON.stringify(tampered);
        writeFileSync(stateFile, written);
        const fleet = memoryFleet({ 'web-1': 'v2', 'web-2': 'v1', 'web-3': 'v1' });
        let outcome;
        try {
          outcome = await commandTarget(stateFile, fleet.exec).rollback(
            { to: 'previous', deploymentId: '', reason: 'test', timeoutMs: 10_000, pollIntervalMs: 1000 },
            () => {},
          );
        } catch (error) {
          expect(error).toBeInstanceOf(HandsOffError);
          expect((error as Error).message).not.toContain('\n');
          expect(fleet.deployed).toEqual([]);
          return;
        }
        // Whatever was deployed, a Succeeded deployment in the file as read had recorded it.
        const recorded = new Set(
          ((tampered as { deployments?: { status?: unknown; revision?: unknown }[] }).deployments ?? [])
            .filter((d) => d?.status === 'Succeeded')
            .map((d) => d.revision),
        );
        for (const deployed of fleet.deployed) expect(recorded.has(deployed.split('=')[1])).toBe(true);
        if (outcome.noop) {
          // A no-op needs every host on the same revision, as the fleet really is.
          expect(new Set(Object.values(fleet.running)).size).toBe(1);
        }
        if (outcome.status === 'Succeeded' && !outcome.noop)
          expect(new Set(Object.values(fleet.running)).size).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
