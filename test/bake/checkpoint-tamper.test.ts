import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ManualClock } from '@hands-off/core';
import { runBake } from '../../packages/core/src/bake/run-bake.js';
import { bakeRunOptions, MINUTE, quietLog, T0 } from '../support/bake-fixtures.js';
import type { SignalSource } from '../../packages/core/src/bake/signal.js';

/** A parsed checkpoint, loosely typed: the tests write whatever a tamperer would. */
type Tampered = { state: Record<string, unknown>; final: unknown } & Record<string, unknown>;

/** One clean alarm: the bake is healthy after `duration` (10 min) and not before. */
const clean: SignalSource = {
  name: 'cw',
  async poll(window) {
    return [{ id: 'cw:a', kind: 'alarm', state: 'OK', detail: 'ok', readAt: window.to }];
  },
};

const options = (checkpoint: string, runForMs = 0) => bakeRunOptions({ checkpoint, runForMs });

/** A real checkpoint: the first 3-minute slice of a bake, written by the bake loop itself. */
async function firstSlice(): Promise<{ path: string; text: string; clock: ManualClock }> {
  const path = join(mkdtempSync(join(tmpdir(), 'bake-tamper-')), 'bake.json');
  const clock = new ManualClock(T0);
  const slice = await runBake([clean], options(path, 3 * MINUTE), {
    clock,
    sleep: clock.sleep,
    log: quietLog,
  });
  expect(slice.verdict).toBe('baking');
  return { path, text: readFileSync(path, 'utf8'), clock };
}

/** The next slice from `text`: its verdict and when it was reached, or the refusal. */
async function resume(path: string, text: string, clock: ManualClock) {
  writeFileSync(path, text);
  const now = new ManualClock(clock.now());
  try {
    const result = await runBake([clean], options(path), { clock: now, sleep: now.sleep, log: quietLog });
    return { verdict: result.verdict, at: now.now() };
  } catch (error) {
    if (error instanceof ConfigError) return { refused: error.message };
    throw error;
  }
}

describe('a bake checkpoint is checked, never trusted as read', () => {
  it('the untampered checkpoint continues to healthy at the 10-minute mark', async () => {
    const { path, text, clock } = await firstSlice();
    expect(await resume(path, text, clock)).toEqual({ verdict: 'healthy', at: T0 + 10 * MINUTE });
  });

  it.each([
    [
      'a startedAt 9 minutes earlier',
      (c: Tampered) => void (c.state.startedAt = (c.state.startedAt as number) - 9 * MINUTE),
      '`state.startedAt` does not match the time of the first poll',
    ],
    [
      'startedAt: 0',
      (c: Tampered) => void (c.state.startedAt = 0),
      '`state.startedAt` lies before this bake could have started',
    ],
    [
      'a future startedAt',
      (c: Tampered) => void (c.state.startedAt = T0 + 86_400_000),
      '`state.startedAt` lies in the future',
    ],
    [
      'a forged final healthy',
      (c: Tampered) => void (c.final = { verdict: 'healthy', reason: 'trust me' }),
      '`final` says healthy, but the recorded polls say baking',
    ],
    ['tracks: null', (c: Tampered) => void (c.state.tracks = null), '`state.tracks` is not an object'],
    ['points: "x"', (c: Tampered) => void (c.state.points = 'x'), '`state.points` is not a list'],
    ['final: "healthy"', (c: Tampered) => void (c.final = 'healthy'), '`final` is not null or {verdict'],
  ])('%s is refused with a line naming the file and the field', async (_name, mutate, problem) => {
    const { path, text, clock } = await firstSlice();
    const checkpoint = JSON.parse(text);
    mutate(checkpoint);
    const result = await resume(path, JSON.stringify(checkpoint), clock);
    expect(result).toEqual({ refused: expect.stringContaining(`checkpoint ${path}: ${problem}`) });
  });

  it('random mutations are refused or give the same verdict, never healthy earlier (property)', async () => {
    const { path, text, clock } = await firstSlice();
    const untampered = await resume(path, text, clock);
    const paths = [
      'state.startedAt',
      'state.firstPollAt',
      'state.lastPollAt',
      'state.polls',
      'state.traffic',
      'final',
      'state.tracks',
      'state.points',
      'state.breaches',
      'version',
    ];
    const values = fc.oneof(
      fc.integer({ min: -1e13, max: 1e13 }),
      fc.constantFrom(
        0,
        T0,
        T0 - 20 * MINUTE,
        T0 - 11 * MINUTE,
        T0 - 5 * MINUTE,
        T0 + 3 * MINUTE,
        null,
        'x',
        [],
        {},
      ),
      fc.integer({ min: T0 - 30 * MINUTE, max: T0 + 5 * MINUTE }),
      fc.constant({ verdict: 'healthy', reason: 'forged' }),
      fc.double(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), values, async (field, value) => {
        const checkpoint = JSON.parse(text);
        const [head, tail] = field.split('.') as [string, string | undefined];
        if (tail === undefined) checkpoint[head] = value;
        else checkpoint[head][tail] = value;
        const result = await resume(path, JSON.stringify(checkpoint), clock);
        if ('refused' in result) return;
        expect(result.verdict === 'healthy' && result.at < (untampered as { at: number }).at).toBe(false);
        if (result.verdict === 'healthy') expect(result.at).toBeGreaterThanOrEqual(T0 + 10 * MINUTE);
      }),
      { numRuns: 300 },
    );
  });
});
