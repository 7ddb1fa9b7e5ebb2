import { setTimeout as delay } from 'node:timers/promises';
import { CancelledError } from '../errors.js';

/** Source of the current instant, injected so tests and `at` can pin time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Waits `ms` milliseconds, or rejects with CancelledError as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** The real sleep: an abortable timer that does not keep the process alive after an abort. */
export const systemSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted) throw new CancelledError();
  try {
    await delay(Math.max(0, ms), undefined, { signal });
  } catch (error) {
    if (signal?.aborted) throw new CancelledError('cancelled', { cause: error });
    throw error;
  }
};

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
