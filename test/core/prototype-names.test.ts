import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExitCode,
  ManualClock,
  bakeStep,
  runStep,
  windowGuardStep,
  type CloudWatchSender,
  type SignalReading,
  type SignalSource,
} from '@hands-off/core';
import { runBake } from '../../packages/core/src/bake/run-bake.js';
import { bakeRunOptions, MINUTE, quietLog, T0 } from '../support/bake-fixtures.js';
import { memoryRuntime } from '../support/memory-runtime.js';

// A user-given name that happens to be an Object.prototype member (`toString`, `constructor`,
// `__proto__`, ...) is either refused with one line or handled as an ordinary name: it never
// resolves to the prototype, never crashes a step, never silently matches. Issue 8, hardening 3.

const PROTOTYPE_NAMES = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
] as const;
const prototypeName = fc.constantFrom(...PROTOTYPE_NAMES);

const ORIGINAL_TO_STRING = Object.prototype.toString;

/** Object.prototype is as the language made it: no signal's fields were written onto it. */
function expectPrototypeUntouched(): void {
  expect(Object.prototype.toString).toBe(ORIGINAL_TO_STRING);
  for (const field of ['lastState', 'consecutiveBreaches', 'id', 'kind', 'source']) {
    expect(Object.hasOwn(Object.prototype, field)).toBe(false);
  }
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

const bakeOptions = (checkpoint: string, runForMs: number) => bakeRunOptions({ checkpoint, runForMs });

/** One error line, naming `input`: a refusal, not a crash. */
function expectOneRefusal(runtime: ReturnType<typeof memoryRuntime>, input: string): void {
  const errors = runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(input);
  expect(errors[0]).not.toMatch(/unexpected failure/);
}

/** A CloudWatch stand-in: the given alarms for DescribeAlarms, 10 a minute for any metric query. */
function cloudWatchStub(alarms: ReadonlyArray<readonly [string, string]>): () => Promise<CloudWatchSender> {
  return async () => ({
    send: (async (command: {
      input: { MetricDataQueries?: { Id: string }[]; StartTime?: Date; EndTime?: Date };
    }) => {
      const { MetricDataQueries, StartTime, EndTime } = command.input;
      if (MetricDataQueries) {
        const start = StartTime?.getTime() ?? 0;
        const end = EndTime?.getTime() ?? 0;
        const minutes = Array.from(
          { length: Math.max(0, (end - start) / MINUTE) },
          (_, i) => start + i * MINUTE,
        );
        return {
          MetricDataResults: MetricDataQueries.map(({ Id }) => ({
            Id,
            StatusCode: 'Complete',
            Timestamps: minutes.map((m) => new Date(m)),
            Values: minutes.map(() => 10),
          })),
        };
      }
      return {
        MetricAlarms: alarms.map(([AlarmName, StateValue]) => ({
          AlarmName,
          StateValue,
          StateReason: 'test',
          StateUpdatedTimestamp: new Date('2026-11-01T00:00:00Z'),
        })),
        AlarmHistoryItems: [],
      };
    }) as unknown as CloudWatchSender['send'],
  });
}

describe('prototype names as signal ids (bake state and checkpoint)', () => {
  it('each is tracked as an ordinary signal, saved to the checkpoint and resumed from it', async () => {
    const signal = fc.record({
      name: prototypeName,
      prefix: fc.constantFrom('', 'alarm:', 'anomaly:', 'probe:GET '),
      breach: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(signal, { selector: (s) => s.prefix + s.name, minLength: 1, maxLength: 6 }),
        async (signals) => {
          const ids = signals.map((s) => s.prefix + s.name).sort();
          const source: SignalSource = {
            name: 'names',
            async poll(window) {
              return signals.map((s): SignalReading => ({
                id: s.prefix + s.name,
                kind: 'alarm',
                state: s.breach ? 'BREACH' : 'OK',
                detail: s.breach ? 'in ALARM' : 'OK',
                readAt: window.to,
              }));
            },
          };
          const path = join(mkdtempSync(join(tmpdir(), 'prototype-ids-')), 'bake.json');
          const clock = new ManualClock(T0);
          const first = await runBake([source], bakeOptions(path, 3 * MINUTE), {
            clock,
            sleep: clock.sleep,
            log: quietLog,
          });
          expectPrototypeUntouched();
          expect(Object.keys(first.state.tracks).sort()).toEqual(ids);
          for (const s of signals) {
            const id = s.prefix + s.name;
            expect(Object.hasOwn(first.state.tracks, id)).toBe(true);
            expect(first.state.tracks[id]?.lastState).toBe(s.breach ? 'BREACH' : 'OK');
          }
          const breaching = signals.filter((s) => s.breach).map((s) => s.prefix + s.name);
          if (breaching.length > 0) {
            expect(first.verdict).toBe('unhealthy');
            expect(breaching.some((id) => first.reason.startsWith(`${id} breached`))).toBe(true);
            return;
          }
          expect(first.verdict).toBe('baking');
          const next = new ManualClock(clock.now());
          const resumed = await runBake([source], bakeOptions(path, 0), {
            clock: next,
            sleep: next.sleep,
            log: quietLog,
          });
          expectPrototypeUntouched();
          expect(resumed.verdict).toBe('healthy');
          expect(resumed.reason).toContain(`${ids.length} signal(s) clean`);
          expect(Object.keys(resumed.state.tracks).sort()).toEqual(ids);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('prototype names as step inputs', () => {
  it('as holiday codes: refused with one line naming `holidays`', async () => {
    const code = fc.oneof(
      prototypeName,
      prototypeName.map((name) => `DE-${name}`),
      prototypeName.map((name) => `${name}+optional`),
    );
    await fc.assert(
      fc.asyncProperty(code, async (holidays) => {
        const runtime = memoryRuntime({ holidays, at: '2026-11-26T10:00:00Z' });
        expect(await runStep(windowGuardStep(), runtime)).toBe(ExitCode.Error);
        expectOneRefusal(runtime, 'input `holidays`');
        expectPrototypeUntouched();
      }),
      { numRuns: 30 },
    );
  });

  it('as environment names: refused with one line, from the input and from `extends`', async () => {
    await fc.assert(
      fc.asyncProperty(prototypeName, async (name) => {
        const workspace = mkdtempSync(join(tmpdir(), 'prototype-env-'));
        mkdirSync(join(workspace, '.github'));
        writeFileSync(
          join(workspace, '.github/hands-off.yml'),
          `environments:\n  production:\n    allow: ['Mon-Fri 08:00-18:00']\n  staging:\n    extends: ${name}\n`,
        );
        const asInput = memoryRuntime({ environment: name, at: '2026-11-26T10:00:00Z' }, { workspace });
        expect(await runStep(windowGuardStep(), asInput)).toBe(ExitCode.Error);
        expectOneRefusal(asInput, 'input `environment`');
        const asExtends = memoryRuntime(
          { environment: 'staging', at: '2026-11-26T10:00:00Z' },
          { workspace },
        );
        expect(await runStep(windowGuardStep(), asExtends)).toBe(ExitCode.Error);
        expectOneRefusal(asExtends, `extends unknown \`${name}\``);
      }),
      { numRuns: 20 },
    );
  });

  it('as alarm names in window-guard: an ordinary alarm, blocking only when it is in ALARM', async () => {
    await fc.assert(
      fc.asyncProperty(prototypeName, fc.constantFrom('ALARM', 'OK'), async (name, state) => {
        const runtime = memoryRuntime({ alarms: name, at: '2026-11-26T10:00:00Z' });
        const step = windowGuardStep({ cloudWatch: cloudWatchStub([[name, state]]) });
        const code = await runStep(step, runtime);
        const errors = runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
        expect(code).toBe(state === 'ALARM' ? ExitCode.Refused : ExitCode.Ok);
        expect(errors).toEqual(
          state === 'ALARM' ? [expect.stringContaining(`closed: ${name} is in ALARM`)] : [],
        );
        expectPrototypeUntouched();
      }),
      { numRuns: 20 },
    );
  });

  it('as alarm names and metric names in bake-and-watch: ordinary signals, one track each', async () => {
    await fc.assert(
      fc.asyncProperty(
        prototypeName,
        fc.constantFrom('ALARM', 'OK'),
        prototypeName,
        prototypeName,
        async (alarm, state, namespace, metric) => {
          const clock = new ManualClock(T0);
          const runtime = memoryRuntime({
            duration: '3m',
            'poll-interval': '1m',
            alarms: alarm,
            traffic: `cloudwatch ${namespace} ${metric}`,
            'min-traffic': '20',
            anomaly: `cloudwatch ${namespace} ${metric} drops to zero`,
            baseline: '30m',
          });
          const step = bakeStep({ clock, sleep: clock.sleep, cloudWatch: cloudWatchStub([[alarm, state]]) });
          const code = await runStep(step, runtime);
          const errors = runtime.lines.filter((line) => line.level === 'error').map((line) => line.text);
          expectPrototypeUntouched();
          if (state === 'ALARM') {
            expect(code).toBe(ExitCode.Refused);
            expect(errors).toEqual([expect.stringContaining(`unhealthy: alarm:${alarm} breached`)]);
          } else {
            expect(errors).toEqual([]);
            expect(code).toBe(ExitCode.Ok);
            expect(runtime.outputs.get('verdict')).toBe('healthy');
            expect(runtime.outputs.get('traffic')).toBe('30');
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
