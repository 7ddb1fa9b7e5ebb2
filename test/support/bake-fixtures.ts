import type { BakeRunOptions } from '../../packages/core/src/bake/run-bake.js';

/** The bake tests' time unit and start instant: a Monday morning in late November 2026. */
export const MINUTE = 60_000;
export const T0 = Date.parse('2026-11-23T10:00:00Z');

/** A log that drops every line, for bakes whose lines a test does not read. */
export const quietLog = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/**
 * The bake the engine tests share: 10 minutes (at most 20), a poll a minute, one breach ends it,
 * three errors in a row too, no data extends it, no checkpoint. Each test overrides what it is about.
 */
export function bakeRunOptions(overrides: Partial<BakeRunOptions> = {}): BakeRunOptions {
  return {
    durationMs: 10 * MINUTE,
    maxDurationMs: 20 * MINUTE,
    pollIntervalMs: MINUTE,
    breachLimit: 1,
    errorLimit: 3,
    noData: 'extend',
    minTraffic: undefined,
    checkpoint: '',
    fingerprint: 'test',
    runForMs: 0,
    ...overrides,
  };
}
