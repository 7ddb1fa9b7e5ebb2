import { CancelledError } from '../errors.js';
import { setLongTimeout } from './long-timer.js';

/** Source of the current instant, injected so tests and `at` can pin time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Waits `ms` milliseconds, or rejects with CancelledError as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * The real sleep, for any delay: waits longer than a Node timer can hold (about 24.8 days) are
 * chained timers, never a 1 ms overflow. An abort clears the timer, so nothing keeps the process
 * alive afterwards.
 */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError('cancelled', { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      timer.clear();
      reject(new CancelledError('cancelled', { cause: signal?.reason }));
    };
    const timer = setLongTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A clock that only moves when told to, with a sleep that advances it: for tests and simulations. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** A Sleep that advances this clock instead of waiting. */
  readonly sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw new CancelledError();
    this.current += Math.max(0, ms);
  };
}
